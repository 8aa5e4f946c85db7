"""Who sits where in the network: degree, betweenness and PageRank in one table.

Each measure is networkx's own; this module only gathers them, picks a
sensible betweenness sample for large networks and passes ``backend=`` through
to networkx's dispatch, so an installed backend (``nx-parallel``,
``graphblas``...) is used when asked for.

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


import networkx as nx
import pandas as pd

from ..i18n import t
from ..quality import is_whole
from ._checks import canonical_graph, check_probability, require_graph, weighted

__all__ = ["centrality_table", "betweenness", "pagerank", "EXACT_BETWEENNESS_UP_TO",
           "DEFAULT_SAMPLE"]

#: Networks up to this many nodes get exact betweenness by default.
EXACT_BETWEENNESS_UP_TO = 1_000
#: Source nodes sampled for betweenness on larger networks.
DEFAULT_SAMPLE = 200


def betweenness(
    G: nx.Graph,
    *,
    k: int | None = None,
    seed: int = 0,
    weight: str | None = None,
    backend: str | None = None,
) -> pd.Series:
    """Betweenness centrality, exact on small networks and sampled on large ones.

    Parameters
    ----------
    k : int, optional
        Number of sampled source nodes. Default: exact up to
        :data:`EXACT_BETWEENNESS_UP_TO` nodes, else :data:`DEFAULT_SAMPLE`.
    seed : int
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
    extra = {"backend": backend} if backend else {}
    values = nx.betweenness_centrality(G, k=k, seed=seed if k else None, weight=weight, **extra)
    return pd.Series(values, name="betweenness", dtype="float64")


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

    Examples
    --------
    >>> import networkx as nx
    >>> pagerank(nx.path_graph(3), alpha=1.0)
    Traceback (most recent call last):
    ...
    ValueError: PageRank did not converge with alpha=1.0: the scores keep oscillating on this network; use a damping factor below 1, such as the usual 0.85.
    """
    extra = {"backend": backend} if backend else {}
    try:
        return nx.pagerank(G, alpha=alpha, weight=weight, **extra)
    except nx.PowerIterationFailedConvergence:
        raise ValueError(t("network.pagerank_no_convergence", alpha=alpha)) from None
