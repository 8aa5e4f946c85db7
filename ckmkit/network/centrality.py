"""Who sits where in the network: degree, betweenness and PageRank in one table.

Degree and PageRank are networkx's own. Betweenness gives networkx's values
(tested to 1e-12, its sample of sources included) but computes them with sparse
matrix products, many sources at a time, which on large customer networks is
many times faster (timings in benchmarks/network/README.md).
The module also picks a sensible betweenness sample for large networks and
passes ``backend=`` through to networkx's dispatch, so an installed backend
(``nx-parallel``, ``graphblas``...) is used when asked for. On networks of
:data:`IGRAPH_FROM` nodes or more, PageRank is computed by python-igraph's C
code where it is installed (the ``scale`` and ``lab`` extras), and so is
unweighted betweenness on long chains, where the batched searches hand over;
elsewhere the batched searches match igraph's speed without a conversion. The
same quantities, keyed by the networkx nodes, tested to agree with networkx's
(PageRank to 1e-6, betweenness to rounding).

* **Degree** — how many contacts: reach.
* **Betweenness** (Freeman 1977; Brandes 2001) — how often a customer lies on
  shortest paths between others: a broker between groups. Exact betweenness
  costs O(n·m); for large networks it is estimated from ``k`` sampled source
  nodes (Brandes & Pich 2007), seeded.
* **PageRank** (Brin & Page 1998) — contacts weighted by their own standing.

Examples
--------
>>> import networkx as nx
>>> table = centrality_table(nx.star_graph(4))
>>> table.loc[0, ["degree", "betweenness"]].tolist()
[4.0, 1.0]
"""

from __future__ import annotations

import operator
import random

import networkx as nx
import numpy as np
import pandas as pd

from ..i18n import t
from ..quality import is_whole
from . import _igraph
from ._checks import (
    adjacency_arcs,
    backend_option,
    canonical_graph,
    check_probability,
    nx_is_view,
    raw_adjacency,
    require_graph,
    weighted,
)

__all__ = ["centrality_table", "betweenness", "pagerank", "EXACT_BETWEENNESS_UP_TO",
           "DEFAULT_SAMPLE", "IGRAPH_FROM"]

#: Networks up to this many nodes get exact betweenness by default.
EXACT_BETWEENNESS_UP_TO = 1_000
#: Source nodes sampled for betweenness on larger networks.
DEFAULT_SAMPLE = 200
#: Simple networks (no parallel edges, no self-loops) of this many nodes or more get PageRank
#: (and betweenness on long chains) from python-igraph where it is installed; below it,
#: converting the network costs more than igraph saves.
IGRAPH_FROM = 5_000
_BATCH_CELLS = 2**21  # nodes × sources searched at once: 16 MB per array
#: Levels past which a batched search hands over to networkx: every level costs the whole
#: nodes × sources block (about 8 ns a cell), networkx about 2 µs a node per source, so on
#: long chains (a path of 20,000 customers: 17 s instead of 0.2 s) node by node is faster.
_MAX_LEVELS = 256


def betweenness(
    G: nx.Graph,
    *,
    k: int | None = None,
    seed: int = 0,
    weight: str | None = None,
    backend: str | None = None,
) -> pd.Series:
    """Betweenness centrality, exact on small networks and sampled on large ones.

    The value of :func:`networkx.betweenness_centrality` (normalised, endpoints
    excluded, the same seeded sample of sources). Without `weight` or `backend`
    the breadth-first searches of many sources run together as sparse matrix
    products; with them (or on very long chains, where node by node is faster),
    networkx computes.

    Parameters
    ----------
    G : networkx graph
        The customer network.
    k : int, optional
        Number of sampled source nodes. Default: exact up to
        :data:`EXACT_BETWEENNESS_UP_TO` nodes, else :data:`DEFAULT_SAMPLE`.
    seed : int, default 0
        Seed of the sample (ignored when exact).
    weight : str, optional
        Edge attribute read as a *distance* (larger = farther).
    backend : str, optional
        networkx backend to dispatch to.

    Examples
    --------
    >>> import networkx as nx
    >>> betweenness(nx.path_graph(3)).tolist()
    [0.0, 1.0, 0.0]
    """
    require_graph(G)
    if k is not None and not is_whole(k, 1):  # networkx would divide by zero or fail to sample
        raise ValueError(t("network.bad_sample", k=k))
    G, weight = weighted(G, weight)
    n = G.number_of_nodes()
    if k is None and n > EXACT_BETWEENNESS_UP_TO:
        k = DEFAULT_SAMPLE
    if k is not None and k >= n:
        k = None
    nodes, values = list(G), None
    if weight is None and not backend:
        # networkx's own sample (random.Random(seed)), so both give the same estimate
        sources = nodes if k is None else random.Random(seed).sample(nodes, k)
        values = _brandes(G, nodes, sources)
        if values is None and _igraph_fits(G):  # a long chain: igraph's C searches, not networkx's
            values = _igraph_betweenness(G, nodes, sources)
    if values is None:  # distances need Dijkstra, a backend does its own, long chains go faster
        found = nx.betweenness_centrality(G, k=k, seed=seed if k else None, weight=weight,
                                          **backend_option(backend))
        values = [found[node] for node in nodes]
    return pd.Series(values, index=pd.Index(nodes), name="betweenness", dtype="float64")


def _igraph_fits(G: nx.Graph) -> bool:
    """Whether `G` is large and simple enough for python-igraph, and python-igraph is installed.

    Parallel edges and self-loops count differently in igraph (a path per parallel
    edge; a loop twice in a degree), so such networks stay with networkx.
    """
    if G.number_of_nodes() < IGRAPH_FROM or G.is_multigraph() or not _igraph.available():
        return False
    adjacency = raw_adjacency(G)
    return not any(map(operator.contains, adjacency.values(), adjacency))  # no self-loop


def _igraph_betweenness(G: nx.Graph, nodes: list, sources: list) -> np.ndarray:
    """:func:`_brandes` computed by python-igraph's C code: the same sums, the same scaling."""
    graph, _ = _igraph.to_igraph(G, nodes, None)
    position = dict(zip(nodes, range(len(nodes))))
    index = np.array([position[s] for s in sources], dtype=np.int64)
    total = np.asarray(graph.betweenness(sources=index.tolist(), directed=G.is_directed()))
    if not G.is_directed():  # igraph counts an undirected pair once, networkx's sums twice
        total = 2.0 * total
    return _rescale(total, len(nodes), index)


def _brandes(G: nx.Graph, nodes: list, sources: list) -> np.ndarray | None:
    """Normalised betweenness from `sources` (Brandes 2001), as networkx computes it.

    The breadth-first searches of a batch of sources run together, one level at a
    time, as sparse matrix products: the shortest-path counts of the next level
    are the adjacency matrix times the counts of this one, and the dependencies
    flow back the same way (Brandes' accumulation, a level per product). Same
    sums as networkx's node-by-node loops, in C instead of Python.
    Scaled as networkx scales (``normalized=True``, ``endpoints=False``).
    None when a search runs deeper than :data:`_MAX_LEVELS` (networkx is faster there).
    """
    n = len(nodes)
    position = {node: i for i, node in enumerate(nodes)}
    adjacency = _adjacency(G, position)
    incoming = adjacency.T.tocsr()
    index = np.array([position[s] for s in sources], dtype=np.int64)
    total = np.zeros(n)
    batch = int(np.clip(_BATCH_CELLS // max(n, 1), 1, 256))  # n × batch floats per array
    for start in range(0, index.size, batch):
        found = _dependencies(adjacency, incoming, index[start:start + batch])
        if found is None:
            return None
        total += found
    return _rescale(total, n, index)


def _adjacency(G: nx.Graph, position: dict):
    """0/1 adjacency matrix (rows: from) in `position` order, read from ``G.adj``.

    Twice as fast as :func:`networkx.to_scipy_sparse_array`, which walks the
    edges with their data; parallel edges of a multigraph are one neighbour, as in
    networkx's searches.
    """
    from scipy.sparse import csr_array

    src, dst, _ = adjacency_arcs(G, position)
    indptr = np.zeros(len(position) + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=len(position)), out=indptr[1:])
    return csr_array((np.ones(dst.size), dst, indptr), shape=(len(position),) * 2)


def _dependencies(adjacency, incoming, sources: np.ndarray) -> np.ndarray | None:
    """Each node's summed dependency on `sources`, their searches run side by side.

    None once the searches pass :data:`_MAX_LEVELS` levels.
    """
    n, columns = adjacency.shape[0], np.arange(sources.size)
    depth = np.full((n, sources.size), -1, dtype=np.int32)
    paths = np.zeros((n, sources.size))
    depth[sources, columns], paths[sources, columns] = 0, 1.0
    level, frontier = 0, depth == 0
    while frontier.any():  # forward: count shortest paths, one level per product
        if level == _MAX_LEVELS:
            return None
        reached = incoming @ np.where(frontier, paths, 0.0)
        frontier = (reached > 0) & (depth < 0)
        level += 1
        depth[frontier], paths[frontier] = level, reached[frontier]
    dependency = np.zeros_like(paths)
    for d in range(level - 1, 0, -1):  # backward: δ(v) = Σ σ(v)/σ(w)·(1 + δ(w)) over next level
        below = depth == d
        share = np.where(below, (1.0 + dependency) / np.where(below, paths, 1.0), 0.0)
        above = depth == d - 1
        dependency += np.where(above, paths * (adjacency @ share), 0.0)
    dependency[sources, columns] = 0.0  # a source is an endpoint of its own paths
    return dependency.sum(axis=1)


def _rescale(total: np.ndarray, n: int, sources: np.ndarray) -> np.ndarray:
    """networkx's normalisation: over ordered pairs, sources apart when sampled."""
    pairs = n - 1  # endpoints excluded: v is never the target
    if pairs < 2:
        return total
    k = sources.size
    if k == n:  # exact: every node was a source
        return total / (pairs * (pairs - 1))
    out = total / (k * (pairs - 1))
    out[sources] = total[sources] / ((k - 1) * (pairs - 1)) if k > 1 else np.nan
    return out


def centrality_table(
    G: nx.Graph,
    *,
    k: int | None = None,
    seed: int = 0,
    alpha: float = 0.85,
    weight: str | None = None,
    backend: str | None = None,
) -> pd.DataFrame:
    """Degree, betweenness and PageRank for every node, sorted by PageRank.

    Parameters
    ----------
    G : networkx graph
        Directed graphs also get ``in_degree`` and ``out_degree``.
    k, seed : see :func:`betweenness`.
    alpha : float, default 0.85
        PageRank damping factor.
    weight : str, optional
        Edge weight for PageRank and weighted degree (``strength``); betweenness
        stays unweighted, because tie strength is closeness, not distance. A
        name set on no edge raises; edges missing it count as 1 (with a
        :class:`~ckmkit.quality.DataQualityWarning` saying how many).
    backend : str, optional
        networkx backend to dispatch to.

    Returns
    -------
    pandas.DataFrame
        Index: node. Columns ``degree`` (contacts), ``strength`` (summed weight,
        only with `weight`), ``in_degree``/``out_degree`` (directed only),
        ``betweenness``, ``pagerank``, ``rank`` (1 = highest PageRank).

    Examples
    --------
    >>> import networkx as nx
    >>> table = centrality_table(nx.path_graph(3))
    >>> table.index.tolist(), table["betweenness"].tolist()
    ([1, 0, 2], [1.0, 0.0, 0.0])
    """
    require_graph(G)
    alpha = check_probability(alpha, "alpha")  # outside [0, 1] PageRank does not converge
    G, weight = weighted(G, weight)  # a misspelt name raises instead of weighing every tie 1
    G = canonical_graph(G)  # a subgraph's node order changes per session; near-ties would too
    table = pd.DataFrame(index=pd.Index(list(G.nodes), name="node"))
    table["degree"] = pd.Series(dict(G.degree()), dtype="float64")
    if weight is not None:
        table["strength"] = pd.Series(dict(G.degree(weight=weight)), dtype="float64")
    if G.is_directed():
        table["in_degree"] = pd.Series(dict(G.in_degree()), dtype="float64")
        table["out_degree"] = pd.Series(dict(G.out_degree()), dtype="float64")
    table["betweenness"] = betweenness(G, k=k, seed=seed, backend=backend)
    table["pagerank"] = pd.Series(pagerank(G, alpha=alpha, weight=weight, backend=backend))
    table = table.sort_values("pagerank", ascending=False, kind="stable")
    table["rank"] = range(1, len(table) + 1)
    return table


def pagerank(G: nx.Graph, *, alpha: float = 0.85, weight: str | None = None,
             backend: str | None = None) -> dict:
    """:func:`networkx.pagerank`, with a clear error where its power iteration does not converge.

    With ``alpha`` at or near 1 the walk never jumps, so on a periodic network
    (a path, any bipartite network) the scores oscillate for ever.

    Parameters
    ----------
    G : networkx graph
        The customer network.
    alpha : float, default 0.85
        Damping factor: the chance that the walk follows a tie rather than jumps.
    weight : str, optional
        Edge attribute read as tie strength; by default every tie counts 1.
    backend : str, optional
        networkx backend to dispatch to.

    Returns
    -------
    dict
        node -> PageRank score; the scores sum to 1.

    Examples
    --------
    >>> import networkx as nx
    >>> pagerank(nx.path_graph(3), alpha=1.0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: PageRank did not converge with alpha=1.0: the scores keep oscillating on this network; ...
    """
    if not backend and alpha < 1 and _igraph_fits(G) and not nx_is_view(G):
        return _igraph_pagerank(G, alpha, weight)
    try:
        return nx.pagerank(G, alpha=alpha, weight=weight, **backend_option(backend))
    except nx.PowerIterationFailedConvergence:
        raise ValueError(t("network.pagerank_no_convergence", alpha=alpha)) from None


def _igraph_pagerank(G: nx.Graph, alpha: float, weight: str | None) -> dict:
    """PageRank by python-igraph (PRPACK, solved rather than iterated), keyed by `G`'s nodes.

    Dangling customers (no outgoing tie) spread their score evenly, as in networkx.
    """
    nodes = list(G)
    graph, weights = _igraph.to_igraph(G, nodes, weight)
    scores = graph.pagerank(directed=G.is_directed(), damping=alpha,
                            weights=None if weights is None else weights.tolist())
    return dict(zip(nodes, scores))
