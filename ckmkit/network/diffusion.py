"""Word of mouth as a random process: independent cascade and linear threshold.

Two classic models of how a recommendation spreads through a customer network
(Goldenberg, Libai & Muller 2001; Kempe, Kleinberg & Tardos 2003):

* **Independent cascade (IC).** When a customer becomes active (buys, adopts,
  talks), they get one chance to activate each neighbour, succeeding with
  probability ``p`` (the same for every edge, or one per edge). Undirected
  edges act both ways.
* **Linear threshold (LT).** Each customer draws a private threshold
  ``theta ~ U(0, 1)`` and becomes active once the summed weights of their
  active neighbours reach it. Weights are normalised so that the weights into
  each customer add up to one (by default every neighbour counts equally,
  ``1 / in-degree``).

Both are simulated as batched Monte Carlo: the network is one sparse CSR
matrix, and each step moves the whole frontier of newly active (run, node)
pairs of many runs at once, so no Python loop runs over nodes, edges or runs.

Random numbers come from a counter-based stream: the coin for edge ``e`` in
run ``r`` is a fixed hash of ``(seed, r, e)``. So a run's outcome does not
depend on batch size or on the order edges are tried, and two seed sets
simulated with the same ``seed`` face the *same* random worlds (common random
numbers), which makes comparisons between seed sets much less noisy and lets
:func:`ckmkit.network.celf` be exact on the sampled worlds.

Examples
--------
>>> import networkx as nx
>>> star = nx.star_graph(10)                     # hub 0 with ten customers around it
>>> spread = expected_spread(star, [0], p=0.3, runs=20_000)
>>> round(spread.mean, 1)                         # exactly 1 + 10 * 0.3 = 4.0
4.0
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..i18n import t
from ..quality import report_exclusions
from ._checks import (
    adjacency_arcs,
    arc_data,
    attribute_present,
    canonical_nodes,
    check_model,
    check_probability,
    check_runs,
    check_seed,
    edge_numbers,
    nx_is_view,
    report_missing_attribute,
    require_graph,
    seed_indices,
)

__all__ = [
    "DiffusionGraph",
    "Cascade",
    "Spread",
    "compile_graph",
    "key_from_seed",
    "spread_of_sets",
    "independent_cascade",
    "linear_threshold",
    "simulate",
    "expected_spread",
]

# Cells (runs x nodes) of state held per batch: 16 Mi booleans for IC; LT also
# keeps a float64 per cell, so it gets fewer.
_CELLS_PER_BATCH = {"ic": 1 << 24, "lt": 1 << 21}
# Show a progress bar by default only when a simulation is this big (runs x nodes).
_PROGRESS_CELLS = 5 * 10**7
# Name of this module's entry in a networkx graph's own cache (G.__networkx_cache__).
_CACHE_NAME = "ckmkit.network.diffusion"
# Compiled forms (one per probability p) kept per graph: each costs about as much as the arcs.
_COMPILED_KEPT = 4

# splitmix64 constants (Steele, Lea & Flood 2014): a fast, well-mixed 64-bit hash.
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_LT_STREAM = np.uint64(0xD1B54A32D192ED03)


def _hash(key: np.uint64, counter: np.ndarray) -> np.ndarray:
    """64-bit hashes that depend only on (`key`, `counter`): splitmix64 of a counter."""
    z = np.asarray(counter, dtype=np.uint64).reshape(-1) * _GOLDEN + key
    z ^= z >> np.uint64(30)
    z *= _MIX1
    z ^= z >> np.uint64(27)
    z *= _MIX2
    z ^= z >> np.uint64(31)
    return z


def _uniform(key: np.uint64, counter: np.ndarray) -> np.ndarray:
    """Uniform [0, 1) numbers that depend only on (`key`, `counter`)."""
    return (_hash(key, counter) >> np.uint64(11)).astype(np.float64) * (1.0 / 9007199254740992.0)


@dataclass(frozen=True, eq=False)
class DiffusionGraph:
    """A network compiled for fast diffusion: arcs in CSR order with their probabilities.

    Build one with :func:`compile_graph` (or :meth:`from_networkx`) and pass it
    instead of the networkx graph when you simulate many times on the same network.

    Attributes
    ----------
    nodes : tuple
        Node labels; position ``i`` is row ``i`` of the matrix. Nodes are sorted
        by label (labels of several types by type name, then ``repr``), not
        kept in the graph's own order, which for a subgraph changes from
        session to session: the random worlds are numbered by these positions.
    indptr, indices : numpy.ndarray
        CSR structure: the arcs out of node ``i`` go to ``indices[indptr[i]:indptr[i+1]]``.
    prob : numpy.ndarray
        Activation probability of each arc (independent cascade).
    weight : numpy.ndarray
        Influence weight of each arc (linear threshold); the weights into each node sum to 1.
    p : float or str
        What `prob` was built from: one probability, or an edge attribute name.

    Examples
    --------
    >>> import networkx as nx
    >>> g = DiffusionGraph.from_networkx(nx.path_graph(3), p=0.2)
    >>> g.n, g.n_arcs                      # two undirected edges = four arcs
    (3, 4)
    >>> g.weight.tolist()    # arcs 0->1, 1->0, 1->2, 2->1: node 1 heeds 0 and 2 equally
    [0.5, 1.0, 1.0, 0.5]
    """

    nodes: tuple
    indptr: np.ndarray
    indices: np.ndarray
    prob: np.ndarray
    weight: np.ndarray
    p: float | str = 0.05
    index: dict = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", dict(zip(self.nodes, range(len(self.nodes)))))

    @property
    def n(self) -> int:
        """Number of nodes."""
        return len(self.nodes)

    @property
    def n_arcs(self) -> int:
        """Number of arcs (an undirected edge counts twice, once per direction)."""
        return int(self.indices.size)

    @classmethod
    def from_networkx(
        cls, G: Any, p: float | str = 0.05, *, weight: str | None = None, strict: bool = False
    ) -> DiffusionGraph:
        """Compile a networkx graph.

        Parameters
        ----------
        G : networkx.Graph, DiGraph, MultiGraph or MultiDiGraph
            Undirected edges become two arcs, one each way.
        p : float or str, default 0.05
            Activation probability of every edge, or the name of an edge
            attribute holding one probability per edge.
        weight : str, optional
            Edge attribute with linear-threshold influence weights (>= 0,
            missing = 1); by default every in-neighbour counts equally.
        strict : bool, default False
            Raise instead of warning when self-loops are left out.

        Notes
        -----
        * Self-loops are left out and counted in a
          :class:`~ckmkit.quality.DataQualityWarning`: a customer cannot
          persuade themself, and a loop would dilute the LT weights of real
          neighbours.
        * Parallel edges of a multigraph are separate chances: their
          probabilities combine as ``1 - prod(1 - p_i)`` and their LT weights add.
        * A graph without nodes raises ``ValueError``; nodes without edges are fine.
        * Nodes are numbered in sorted order, so the same seed gives the same
          runs in every session and on every machine, also on ``G.subgraph(...)``.
        * A `weight` attribute set on no edge raises (a misspelt name would
          otherwise weigh every tie 1); one missing on some edges counts them
          as 1 and says how many in a :class:`~ckmkit.quality.DataQualityWarning`.
        """
        require_graph(G)
        reusable = weight is None and not isinstance(p, str)  # depends on the structure alone
        memo = _cache(G) if reusable and not G.is_multigraph() else {}
        key = ("compiled", check_probability(p)) if reusable else None
        if key in memo:  # same graph, same p: only the self-loop report is repeated
            compiled, loops = memo[key]
            report_exclusions({"network.reason_self_loop": loops}, total=memo["arcs"][3],
                              strict=strict, of="edges")
            return compiled
        nodes, src, dst, prob, wts, loops = _arcs(G, p, weight, strict)
        indptr, indices, prob, wts = _csr(len(nodes), src, dst, prob, wts)
        compiled = cls(nodes, indptr, indices, prob, _normalise_in(indices, wts, len(nodes)), p)
        if key is not None and "arcs" in memo:
            _remember(memo, key, (compiled, loops))
        return compiled

    def with_probability(self, p: float | str) -> DiffusionGraph:
        """The same network with every arc's probability set to `p` (a float).

        Parameters
        ----------
        p : float or str
            The new probability for every arc; the name of the edge attribute the graph was
            compiled with returns the graph unchanged.

        Examples
        --------
        >>> import networkx as nx
        >>> g = DiffusionGraph.from_networkx(nx.path_graph(3), p=0.2)
        >>> g.with_probability(0.5).prob.tolist()
        [0.5, 0.5, 0.5, 0.5]
        """
        if isinstance(p, str) or p == self.p:
            if p != self.p:
                raise ValueError(t("network.compiled_attribute", p=p, built=self.p))
            return self
        q = check_probability(p)
        prob = np.full(self.n_arcs, q)
        return DiffusionGraph(self.nodes, self.indptr, self.indices, prob, self.weight, q)


def _arcs(G: Any, p: float | str, weight: str | None, strict: bool):
    """Nodes, arc arrays (source, target, probability, weight) with self-loops left out, loop count."""
    nodes, src, dst, data, edges = _structure(G)
    m = src.size

    def edge_at(i: int) -> tuple:
        return nodes[src[i]], nodes[dst[i]]

    if isinstance(p, str):  # a name on no edge is most likely misspelt: say so, not "has nan"
        attribute_present(p, (d for *_, d in G.edges(data=True)), edges,
                          key="network.p_attribute_absent")
        prob = edge_numbers(lambda: (d.get(p, np.nan) for d in data()), m, edge_at, p, upper=1.0)
    else:
        prob = np.full(m, check_probability(p))
    wts = np.ones(m)
    if weight is not None:
        missing = attribute_present(weight, (d for *_, d in G.edges(data=True)), edges)
        wts = edge_numbers(lambda: (d.get(weight, 1.0) for d in data()), m, edge_at, weight)
        report_missing_attribute(weight, missing, edges)
    loop = src == dst
    loops = int(loop.sum())
    report_exclusions({"network.reason_self_loop": loops}, total=edges, strict=strict, of="edges")
    keep = ~loop
    return nodes, src[keep], dst[keep], prob[keep], wts[keep], loops


def _structure(G: Any) -> tuple:
    """Nodes (canonical order), arc sources and targets, arc data (a callable) and edge count.

    For a simple graph the positions are kept in the graph's cache (see
    :func:`compile_graph`) and reused while it is unchanged; the data dicts are
    read afresh every time, so edited attributes always count.
    """
    if G.is_multigraph():
        nodes = tuple(canonical_nodes(G))
        src, dst, data = _multigraph_arcs(G, {node: i for i, node in enumerate(nodes)})
        return nodes, src, dst, data, G.number_of_edges()
    memo = _cache(G)
    if "arcs" not in memo:
        nodes = tuple(canonical_nodes(G))
        src, dst, _ = adjacency_arcs(G, dict(zip(nodes, range(len(nodes)))))
        memo["arcs"] = (nodes, src, dst, _edge_count(G, src, dst))
    nodes, src, dst, edges = memo["arcs"]
    return nodes, src, dst, lambda: arc_data(G), edges


def _cache(G: Any) -> dict:
    """This module's entry in networkx's per-graph cache, or a throwaway dict where none is safe.

    networkx empties ``G.__networkx_cache__`` whenever nodes or edges are added
    or removed (also by ``add_edge`` on an existing edge). A view (``G.subgraph``)
    has a cache of its own that a change of the underlying graph does not empty,
    so views are never cached.
    """
    cache = getattr(G, "__networkx_cache__", None)
    if not isinstance(cache, dict) or nx_is_view(G):
        return {}
    return cache.setdefault(_CACHE_NAME, {})


def _remember(memo: dict, key: tuple, entry: tuple) -> None:
    """Keep `entry` under `key`, forgetting the oldest compiled forms past :data:`_COMPILED_KEPT`.

    A slider over ``p`` would otherwise keep one compiled copy of the network per value.
    """
    compiled = [k for k in memo if k != "arcs"]
    for old in compiled[:max(0, len(compiled) - _COMPILED_KEPT + 1)]:
        del memo[old]
    memo[key] = entry


def _edge_count(G: Any, src: np.ndarray, dst: np.ndarray) -> int:
    """Edges of a simple graph from its arcs: an undirected edge is two arcs, a self-loop one."""
    if G.is_directed():
        return int(src.size)
    loops = int(np.count_nonzero(src == dst))
    return (int(src.size) - loops) // 2 + loops


def _multigraph_arcs(G: Any, index: dict):
    """Arcs of a multigraph, one per parallel edge (both ways if undirected)."""
    edges = list(G.edges(data=True))
    src = np.fromiter((index[u] for u, _, _ in edges), dtype=np.int64, count=len(edges))
    dst = np.fromiter((index[v] for _, v, _ in edges), dtype=np.int64, count=len(edges))
    data = [d for *_, d in edges]
    if not G.is_directed():
        loop = src == dst  # a loop is one arc, not two
        src, dst = np.concatenate([src, dst[~loop]]), np.concatenate([dst, src[~loop]])
        data = data + [d for d, is_loop in zip(data, loop) if not is_loop]
    return src, dst, lambda: iter(data)


def _csr(n: int, src, dst, prob, wts):
    """Sort arcs by source; merge parallel arcs (probabilities as independent chances)."""
    key = src * n + dst
    order = np.argsort(key, kind="stable")
    key, prob, wts = key[order], prob[order], wts[order]
    if key.size > 1 and (key[1:] == key[:-1]).any():
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        with np.errstate(divide="ignore"):
            hazard = -np.log1p(-prob)  # p = 1 gives an infinite hazard: certain
        prob = -np.expm1(-np.add.reduceat(hazard, starts))
        wts = np.add.reduceat(wts, starts)
        key = key[starts]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(key // n, minlength=n), out=indptr[1:])
    return indptr, (key % n).astype(np.int64), prob, wts


def _normalise_in(indices: np.ndarray, wts: np.ndarray, n: int) -> np.ndarray:
    """LT weights: each arc's share of its target's total incoming weight."""
    inflow = np.bincount(indices, weights=wts, minlength=n)
    return np.divide(wts, inflow[indices], out=np.zeros_like(wts), where=inflow[indices] > 0)


def compile_graph(G: Any, p: float | str = 0.05, *, weight: str | None = None,
                  strict: bool = False) -> DiffusionGraph:
    """The network compiled for diffusion, ready to simulate on many times.

    Every simulation compiles a networkx graph first; compile it once and pass
    the result to :func:`simulate`, :func:`spread_of_sets`, :func:`~ckmkit.network.celf`
    or :func:`~ckmkit.network.network_value` to save that work when you simulate often.

    Parameters
    ----------
    G : networkx graph or DiffusionGraph
        The network; undirected edges act both ways. A graph that is compiled
        already is returned with its probabilities set to `p` (`weight` and
        `strict` were applied when it was compiled).
    p : float or str, default 0.05
        Activation probability of every edge, or the name of an edge attribute
        holding one probability per edge.
    weight : str, optional
        Edge attribute with linear-threshold influence weights (0 or more,
        missing = 1); by default every in-neighbour counts equally.
    strict : bool, default False
        Raise instead of warning when self-loops are left out.

    Returns
    -------
    DiffusionGraph
        See :meth:`DiffusionGraph.from_networkx` for how edges become arcs.

    Notes
    -----
    Compiling is kept in the graph's own cache (``G.__networkx_cache__``), which
    networkx empties whenever nodes or edges are added or removed (``add_edge``
    on an existing edge included). A repeated call on an unchanged graph

    * with a number `p` and no `weight` returns the same compiled object (the
      last four values of `p` are kept per graph);
    * with an edge attribute for `p`, or a `weight`, reuses the node order and
      the arcs but reads the attribute values afresh, because setting an
      attribute in place (``G[u][v]["p"] = 0.2``) does not empty networkx's cache.

    Views (``G.subgraph(...)``), whose cache a change of the underlying graph
    does not empty, and multigraphs are compiled afresh on every call; the
    self-loop report is repeated on every call.

    Examples
    --------
    >>> import networkx as nx
    >>> g = compile_graph(nx.path_graph(3), p=0.2)
    >>> g.nodes, g.n_arcs, g.prob.tolist()
    ((0, 1, 2), 4, [0.2, 0.2, 0.2, 0.2])
    >>> compile_graph(g, p=0.5).prob.tolist()         # compiled already: only p changes
    [0.5, 0.5, 0.5, 0.5]
    """
    if isinstance(G, DiffusionGraph):
        return G.with_probability(p)
    return DiffusionGraph.from_networkx(G, p, weight=weight, strict=strict)


def key_from_seed(seed: int | np.random.Generator | None) -> np.uint64:
    """The 64-bit key that numbers the random worlds of a simulation, from a `seed`.

    Simulations with the same key meet the same random worlds (common random
    numbers): pass one key to :func:`spread_of_sets` to compare seed sets fairly.

    Parameters
    ----------
    seed : int, numpy Generator or None
        An int gives the same key every time, on every machine; a
        ``numpy.random.Generator`` gives a key drawn from it (and advances it);
        ``None`` means fresh entropy.

    Returns
    -------
    numpy.uint64

    Examples
    --------
    >>> bool(key_from_seed(0) == key_from_seed(0)), bool(key_from_seed(0) == key_from_seed(1))
    (True, False)
    """
    if isinstance(check_seed(seed), np.random.Generator):
        return np.uint64(seed.integers(0, 2**64, dtype=np.uint64))
    state = np.random.SeedSequence(None if seed is None else int(seed)).generate_state(1, np.uint64)
    return np.uint64(state[0])


def _expand(g: DiffusionGraph, frontier: np.ndarray):
    """All arcs out of the frontier's (run, node) pairs: (local run, arc position)."""
    run, node = np.divmod(frontier, g.n)
    start = g.indptr[node]
    degree = g.indptr[node + 1] - start
    total = int(degree.sum())
    offsets = np.repeat(start - (np.cumsum(degree) - degree), degree)
    return np.repeat(run, degree), offsets + np.arange(total, dtype=np.int64)


def _start(seed_sets: np.ndarray, n: int) -> np.ndarray:
    """Flat (local run, node) frontier from a (runs, seeds) array of node positions; -1 pads."""
    runs = np.broadcast_to(np.arange(seed_sets.shape[0], dtype=np.int64)[:, None], seed_sets.shape)
    keep = seed_sets >= 0
    return np.unique(runs[keep] * n + seed_sets[keep])


def _tally(frontier: np.ndarray, n: int, count: int, value: np.ndarray | None) -> np.ndarray:
    """Per local run: how many nodes in `frontier` (or their summed `value`)."""
    if value is None:
        return np.bincount(frontier // n, minlength=count)
    return np.bincount(frontier // n, weights=value[frontier % n], minlength=count)


def _cascade_batch(g: DiffusionGraph, seed_sets: np.ndarray, worlds: np.ndarray, key,
                   value: np.ndarray | None = None) -> list:
    """Independent cascade, one local run per row of `seed_sets`, in random world `worlds[i]`.

    Returns the new activations (or their summed `value`) per step, one array per step.
    """
    n, count = g.n, worlds.size
    active = np.zeros(count * n, dtype=bool)
    frontier = _start(seed_sets, n)
    active[frontier] = True
    steps = [_tally(frontier, n, count, value)]
    while frontier.size:
        run, arc = _expand(g, frontier)
        hit = _uniform(key, worlds[run] * g.n_arcs + arc) < g.prob[arc]
        reached = run[hit] * n + g.indices[arc[hit]]
        frontier = np.unique(reached[~active[reached]])
        active[frontier] = True
        steps.append(_tally(frontier, n, count, value))
    return steps[:-1] if len(steps) > 1 else steps


def _threshold_batch(g: DiffusionGraph, seed_sets: np.ndarray, worlds: np.ndarray, key,
                     value: np.ndarray | None = None) -> list:
    """Linear threshold, one local run per row of `seed_sets`, in random world `worlds[i]`."""
    n, count = g.n, worlds.size
    key = _hash(key ^ _LT_STREAM, np.zeros(1))[0]  # a stream apart from the IC coins
    active = np.zeros(count * n, dtype=bool)
    pressure = np.zeros(count * n)
    frontier = _start(seed_sets, n)
    active[frontier] = True
    steps = [_tally(frontier, n, count, value)]
    while frontier.size:
        run, arc = _expand(g, frontier)
        target, where = np.unique(run * n + g.indices[arc], return_inverse=True)
        push = np.bincount(where, weights=g.weight[arc], minlength=target.size)
        idle = ~active[target]
        target, push = target[idle], push[idle]
        pressure[target] += push
        theta = _uniform(key, worlds[target // n] * n + target % n)  # one threshold per world, node
        frontier = target[pressure[target] >= theta]
        active[frontier] = True
        steps.append(_tally(frontier, n, count, value))
    return steps[:-1] if len(steps) > 1 else steps


_BATCHES = {"ic": _cascade_batch, "lt": _threshold_batch}


def spread_of_sets(
    g: DiffusionGraph,
    seed_sets: list[np.ndarray],
    *,
    model: str = "ic",
    runs: int = 100,
    key: np.uint64,
    value: np.ndarray | None = None,
    progress: bool | None = None,
) -> np.ndarray:
    """Final spread of many seed sets, each in the same `runs` random worlds.

    Parameters
    ----------
    g : DiffusionGraph
        The compiled network (see :func:`compile_graph`).
    seed_sets : list of int arrays
        Node positions of each seed set (``g.index[label]`` gives a node's position).
    model : {"ic", "lt"}, default "ic"
        Independent cascade or linear threshold.
    runs : int, default 100
        Number of random worlds every set is simulated in.
    key : numpy.uint64
        Key of the random worlds, from :func:`key_from_seed`.
    value : array of float, optional
        Value of each node: return the total value reached instead of a count.
    progress : bool, optional
        Show a progress bar; by default only for very large jobs.

    Returns
    -------
    numpy.ndarray, shape (len(seed_sets), runs)
        Because every set meets the same worlds, differences between rows are
        paired comparisons (common random numbers).

    Examples
    --------
    >>> import networkx as nx
    >>> g = compile_graph(nx.path_graph(4), p=0.5)
    >>> sets = [np.array([0]), np.array([0, 3])]       # node positions: {0} and {0, 3}
    >>> spread_of_sets(g, sets, runs=5, key=key_from_seed(0)).tolist()  # same five worlds
    [[1.0, 1.0, 2.0, 1.0, 1.0], [2.0, 2.0, 4.0, 2.0, 2.0]]
    """
    check_model(model)
    padded = _padded([_positions(chosen, g.n, row) for row, chosen in enumerate(seed_sets)])
    runs = check_runs(runs)
    per_batch = max(1, _CELLS_PER_BATCH[model] // (g.n * runs))  # seed sets per batch
    out = np.empty((len(padded), runs))
    for first in _progress(range(0, len(padded), per_batch), len(padded) * runs * g.n, progress):
        block = padded[first : first + per_batch]
        rows = np.repeat(block, runs, axis=0)  # local run = (set, world)
        worlds = np.tile(np.arange(runs, dtype=np.int64), block.shape[0])
        total = np.sum(_BATCHES[model](g, rows, worlds, key, value), axis=0)
        out[first : first + block.shape[0]] = total.reshape(block.shape[0], runs)
    return out


def _padded(seed_sets: list[np.ndarray]) -> np.ndarray:
    """Seed sets as the rows of one array, padded with -1 to the longest set."""
    width = max([1, *(len(s) for s in seed_sets)])
    padded = np.full((len(seed_sets), width), -1, dtype=np.int64)
    for row, chosen in enumerate(seed_sets):
        padded[row, : len(chosen)] = chosen
    return padded


def _positions(chosen: Any, n: int, row: int) -> np.ndarray:
    """`chosen` as node positions 0..n-1; node labels or out-of-range numbers raise.

    A label passed by mistake would otherwise index the wrong node, or crash deep in NumPy.
    """
    values = np.asarray(chosen).reshape(-1)
    if not values.size:
        return values
    if values.dtype.kind not in "iu":  # labels, floats or booleans: the first one is wrong
        bad = values[0]
    elif values.min() < 0 or values.max() >= n:
        bad = values[(values < 0) | (values >= n)][0]
    else:
        return values
    raise ValueError(t("network.bad_positions", last=n - 1, row=row, value=bad.item()))


@dataclass(frozen=True)
class Spread:
    """Expected spread (mean number of active customers) with a confidence interval.

    Attributes
    ----------
    mean : float
        Average final number of active nodes, seeds included.
    low, high : float
        Bounds of the ``level`` confidence interval for the mean (Student t).
    std_error : float
        Monte Carlo standard error of the mean (NaN for a single run).
    runs : int
    level : float

    Examples
    --------
    >>> import networkx as nx
    >>> s = expected_spread(nx.star_graph(4), [0], p=0.5, runs=1000)
    >>> print(s)                                    # expected: 1 + 4 * 0.5 = 3
    2.98 active on average (95% CI 2.92 to 3.04, 1,000 runs)
    >>> round(s.mean, 3), round(s.std_error, 3)
    (2.981, 0.032)
    >>> print(expected_spread(nx.star_graph(4), [0], p=0.5, runs=1))
    4.00 active in a single run (a confidence interval needs at least 2 runs)
    """

    mean: float
    low: float
    high: float
    std_error: float
    runs: int
    level: float = 0.95

    @classmethod
    def from_samples(cls, samples: np.ndarray, level: float = 0.95) -> Spread:
        """Mean and t-interval of Monte Carlo samples.

        Examples
        --------
        >>> s = Spread.from_samples(np.array([2, 4, 6]))
        >>> s.mean, round(s.low, 2), round(s.high, 2)
        (4.0, -0.97, 8.97)
        """
        from scipy import stats

        level = check_probability(level, "level")
        x = np.asarray(samples, dtype=np.float64)
        mean = float(x.mean())
        if x.size < 2:
            return cls(mean, np.nan, np.nan, np.nan, int(x.size), level)
        se = float(x.std(ddof=1) / np.sqrt(x.size))
        half = float(stats.t.ppf(0.5 + level / 2, x.size - 1)) * se
        return cls(mean, mean - half, mean + half, se, int(x.size), level)

    def __str__(self) -> str:
        if self.runs < 2:  # no spread to measure: say so instead of "CI nan to nan"
            return t("network.spread_text_single", mean=self.mean)
        return t(
            "network.spread_text", mean=self.mean, low=self.low, high=self.high,
            level=round(100 * self.level), runs=self.runs,
        )


@dataclass(frozen=True)
class Cascade:
    """Outcome of many simulated cascades.

    Attributes
    ----------
    new : numpy.ndarray, shape (steps + 1, runs)
        Nodes newly activated at each step of each run; step 0 holds the seeds.
    model : {"ic", "lt"}

    Examples
    --------
    >>> import networkx as nx
    >>> c = simulate(nx.path_graph(4), [0], p=1.0, runs=3)
    >>> c.final.tolist()
    [4, 4, 4]
    >>> c.curve()[:, 0].tolist()                   # active after steps 0, 1, 2, 3
    [1, 2, 3, 4]
    """

    new: np.ndarray
    model: str = "ic"

    @property
    def final(self) -> np.ndarray:
        """Final number of active nodes per run, seeds included; shape (runs,)."""
        return self.new.sum(axis=0)

    @property
    def runs(self) -> int:
        """Number of simulated runs."""
        return int(self.new.shape[1])

    def curve(self) -> np.ndarray:
        """Cumulative active nodes after each step, shape (steps + 1, runs)."""
        return np.cumsum(self.new, axis=0)

    def spread(self, level: float = 0.95) -> Spread:
        """Expected final spread with a confidence interval.

        Parameters
        ----------
        level : float, default 0.95
            Confidence level of the interval for the mean.
        """
        return Spread.from_samples(self.final, level)

    def curve_table(self, level: float = 0.95):
        """Spread over time: mean and confidence band of active nodes after each step.

        Parameters
        ----------
        level : float, default 0.95
            Confidence level of the band.

        Returns
        -------
        pandas.DataFrame
            Columns ``step``, ``mean``, ``low``, ``high``.
        """
        import pandas as pd

        rows = [Spread.from_samples(row, level) for row in self.curve()]
        return pd.DataFrame(
            {
                "step": np.arange(len(rows)),
                "mean": [r.mean for r in rows],
                "low": [r.low for r in rows],
                "high": [r.high for r in rows],
            }
        )


def simulate(
    G: Any,
    seeds: Any,
    *,
    model: str = "ic",
    p: float | str = 0.05,
    runs: int = 100,
    seed: int | np.random.Generator | None = 0,
    weight: str | None = None,
    progress: bool | None = None,
    batch_size: int | None = None,
    strict: bool = False,
) -> Cascade:
    """Simulate many cascades from `seeds` and keep the spread over time.

    Parameters
    ----------
    G : networkx graph or DiffusionGraph
        The network; undirected edges act both ways.
    seeds : node or iterable of nodes
        Initially active customers (repeats are ignored; unknown ones raise).
    model : {"ic", "lt"}, default "ic"
        Independent cascade or linear threshold.
    p : float or str, default 0.05
        IC activation probability, or an edge attribute with one per edge.
    runs : int, default 100
        Number of Monte Carlo runs.
    seed : int, numpy Generator or None, default 0
        Random seed; the same int gives the same runs on every machine.
    weight : str, optional
        LT edge attribute with influence weights (see :func:`compile_graph`).
    progress : bool, optional
        Show a tqdm progress bar; by default only for very large simulations.
    batch_size : int, optional
        Runs simulated together. By default a batch holds a fixed number of
        (run, node) cells, fewer for linear threshold, which keeps a float
        per cell. Results do not depend on it.
    strict : bool, default False
        Raise instead of warning when self-loops are left out.

    Returns
    -------
    Cascade

    Examples
    --------
    >>> import networkx as nx
    >>> c = simulate(nx.karate_club_graph(), [0, 33], p=0.1, runs=500, seed=1)
    >>> c.final.shape
    (500,)
    >>> print(c.spread())
    6.62 active on average (95% CI 6.39 to 6.85, 500 runs)
    """
    check_model(model)
    runs = check_runs(runs)
    g = compile_graph(G, p, weight=weight, strict=strict)
    starts = seed_indices(seeds, g.index)
    key = key_from_seed(seed)
    size = max(1, _CELLS_PER_BATCH[model] // g.n) if batch_size is None else check_runs(batch_size)
    return Cascade(_run_batches(g, starts, model, runs, key, size, progress), model)


def _run_batches(g: DiffusionGraph, starts: np.ndarray, model: str, runs: int, key: np.uint64,
                 size: int, progress: bool | None) -> np.ndarray:
    """New activations per step and run, shape (steps, runs), simulated `size` runs at a time."""
    chunks = []
    for first in _progress(range(0, runs, size), runs * g.n, progress):
        worlds = np.arange(first, min(first + size, runs), dtype=np.int64)
        seed_sets = np.broadcast_to(starts, (worlds.size, starts.size))
        chunks.append(_BATCHES[model](g, seed_sets, worlds, key))
    return _stack(chunks, runs)


def _progress(batches: range, cells: int, show: bool | None):
    """`batches` with a progress bar when asked for, or by default when the job is very large."""
    if show is None:
        show = cells >= _PROGRESS_CELLS and len(batches) > 1
    if not show:
        return batches
    from tqdm.auto import tqdm

    return tqdm(batches, desc=t("network.progress"), unit=t("network.batch"))


def _stack(chunks: list[list[np.ndarray]], runs: int) -> np.ndarray:
    """Pad per-batch step lists to a common length and join them into (steps, runs)."""
    depth = max(len(steps) for steps in chunks)
    out = np.zeros((depth, runs), dtype=np.int64)
    col = 0
    for steps in chunks:
        width = steps[0].size
        out[: len(steps), col : col + width] = np.vstack(steps)
        col += width
    return out


def independent_cascade(
    G: Any,
    seeds: Any,
    p: float | str = 0.05,
    runs: int = 100,
    seed: int | np.random.Generator | None = 0,
    *,
    progress: bool | None = None,
    batch_size: int | None = None,
    strict: bool = False,
) -> np.ndarray:
    """Final number of activated nodes (seeds included) in each independent-cascade run.

    Parameters
    ----------
    G : networkx graph or DiffusionGraph
        The network; undirected edges act both ways.
    seeds : node or iterable of nodes
        Initially active customers (repeats are ignored; unknown ones raise).
    p : float or str, default 0.05
        Probability that an active node activates a neighbour (one try per
        edge), or an edge attribute holding one probability per edge.
    runs : int, default 100
        Number of Monte Carlo runs.
    seed : int, numpy Generator or None, default 0
        Random seed; the same int gives the same runs on every machine.
    progress, batch_size, strict
        As in :func:`simulate`: progress bar, runs simulated together, and
        raising instead of warning when self-loops are left out.

    Returns
    -------
    numpy.ndarray of int, shape (runs,)

    Raises
    ------
    ValueError
        Empty graph, seed not in the graph, probability outside [0, 1], runs < 1.

    Examples
    --------
    >>> import networkx as nx
    >>> spread = independent_cascade(nx.star_graph(4), [0], p=0.5, runs=8, seed=3)
    >>> spread.shape, int(spread.min()) >= 1, int(spread.max()) <= 5
    ((8,), True, True)
    """
    return simulate(G, seeds, model="ic", p=p, runs=runs, seed=seed, progress=progress,
                    batch_size=batch_size, strict=strict).final


def linear_threshold(
    G: Any,
    seeds: Any,
    runs: int = 100,
    seed: int | np.random.Generator | None = 0,
    weight: str | None = None,
    *,
    progress: bool | None = None,
    batch_size: int | None = None,
    strict: bool = False,
) -> np.ndarray:
    """Final number of activated nodes (seeds included) in each linear-threshold run.

    Each node's incoming weights are normalised to sum to one, so a node whose
    neighbours are all active always becomes active.

    Parameters
    ----------
    G : networkx graph or DiffusionGraph
        The network; undirected edges act both ways.
    seeds : node or iterable of nodes
        Initially active customers (repeats are ignored; unknown ones raise).
    runs : int, default 100
        Number of Monte Carlo runs.
    seed : int, numpy Generator or None, default 0
        Random seed; the same int gives the same runs on every machine.
    weight : str, optional
        Edge attribute with influence weights (0 or more, missing = 1); by
        default every in-neighbour counts equally.
    progress, batch_size, strict
        As in :func:`simulate`.

    Returns
    -------
    numpy.ndarray of int, shape (runs,)

    Examples
    --------
    >>> import networkx as nx
    >>> spread = linear_threshold(nx.path_graph(3), [0], runs=20_000)
    >>> round(float(spread.mean()), 1)   # node 1 heeds 0 with weight 1/2, node 2 heeds 1 fully
    2.0
    """
    return simulate(G, seeds, model="lt", runs=runs, seed=seed, weight=weight, progress=progress,
                    batch_size=batch_size, strict=strict).final


def expected_spread(
    G: Any,
    seeds: Any,
    *,
    model: str = "ic",
    p: float | str = 0.05,
    runs: int = 1000,
    seed: int | np.random.Generator | None = 0,
    level: float = 0.95,
    weight: str | None = None,
    progress: bool | None = None,
    batch_size: int | None = None,
    strict: bool = False,
) -> Spread:
    """Expected number of active customers after a cascade from `seeds`, with a CI.

    Parameters
    ----------
    G : networkx graph or DiffusionGraph
        The network; undirected edges act both ways.
    seeds : node or iterable of nodes
        Initially active customers (repeats are ignored; unknown ones raise).
    model : {"ic", "lt"}, default "ic"
        Independent cascade or linear threshold.
    p : float or str, default 0.05
        IC activation probability, or an edge attribute with one per edge.
    runs : int, default 1000
        Number of Monte Carlo runs.
    seed : int, numpy Generator or None, default 0
        Random seed; the same int gives the same runs on every machine.
    level : float, default 0.95
        Confidence level of the interval.
    weight, progress, batch_size, strict
        As in :func:`simulate`.

    Returns
    -------
    Spread

    Examples
    --------
    >>> import networkx as nx
    >>> s = expected_spread(nx.path_graph(3), [0], p=0.5, runs=40_000)
    >>> round(s.mean, 2)              # exactly 1 + 0.5 + 0.25 = 1.75
    1.75
    >>> s.low < 1.75 < s.high
    True
    """
    cascade = simulate(G, seeds, model=model, p=p, runs=runs, seed=seed, weight=weight,
                       progress=progress, batch_size=batch_size, strict=strict)
    return cascade.spread(level)
