"""Input checks shared by the network modules, with bilingual messages.

An internal module: the network modules share these plain names, nothing outside
``ckmkit.network`` imports them, and none is part of the public API.

Every error here reads its text from the ``network`` catalogue, so it follows
:func:`ckmkit.set_language`. Exclusion reports go through
:func:`ckmkit.quality.report_exclusions` with ``"network.<reason>"`` keys.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from ..i18n import t
from ..quality import is_missing, is_whole

#: The diffusion models: independent cascade and linear threshold.
MODELS = ("ic", "lt")
#: Most Monte Carlo runs one call simulates: more would not fit in memory (the result
#: keeps one count per step and run) and the error only shrinks as 1 / sqrt(runs).
MAX_RUNS = 10_000_000


def require_graph(G: Any) -> None:
    """Raise a bilingual error unless `G` is a networkx graph with at least one node.

    Examples
    --------
    >>> require_graph([("C1", "C2")])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: G must be a networkx graph; got list. Build one from a table with referral_graph, ...
    """
    if not callable(getattr(G, "number_of_nodes", None)):  # duck-typed: any networkx graph class
        raise TypeError(t("network.not_a_graph", kind=type(G).__name__))
    if G.number_of_nodes() == 0:
        raise ValueError(t("network.empty_graph"))


def check_model(model: Any) -> str:
    """Return `model` if it is one of :data:`MODELS`, else raise a bilingual ``ValueError``."""
    if model not in MODELS:
        raise ValueError(t("network.bad_model", model=model, models=", ".join(MODELS)))
    return model


def check_probability(value: Any, name: str = "p") -> float:
    """Return `value` as a float in [0, 1] or raise a bilingual ``ValueError``.

    Examples
    --------
    >>> check_probability(0.25)
    0.25
    >>> check_probability(1.5)
    Traceback (most recent call last):
    ...
    ValueError: p must be a probability between 0 and 1; got 1.5.
    """
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(t("network.bad_probability", name=name, value=value)) from None
    if not (0.0 <= number <= 1.0) or math.isnan(number):
        raise ValueError(t("network.bad_probability", name=name, value=value))
    return number


def edge_numbers(
    values: Callable[[], Iterable],
    count: int,
    edge_at: Callable[[int], Any],
    name: str,
    *,
    upper: float | None = None,
) -> np.ndarray:
    """An edge attribute as floats; raise naming the first edge whose value is unusable.

    Values must be numbers from 0 to `upper` (probabilities, ``upper=1``) or
    finite numbers of 0 or more (weights, ``upper=None``); NaN, infinity and
    text that is not a number are refused.

    Parameters
    ----------
    values : callable
        Returns a fresh iterator over the raw values, one per edge (called
        again to find the culprit, so the fast path stays a single ``fromiter``).
    count : int
        Number of edges.
    edge_at : callable
        Position -> edge, for the message.
    name : str
        Attribute name, for the message.

    Examples
    --------
    >>> edge_numbers(lambda: [0.5, "high"], 2, [("a", "b"), ("b", "c")].__getitem__, "p",
    ...              upper=1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Edge attribute 'p' must hold probabilities between 0 and 1 ...; edge ('b', 'c') has 'high'.
    """
    try:
        out = np.fromiter(values(), dtype=np.float64, count=count)
    except (TypeError, ValueError):  # text among the values: convert one by one
        out = np.fromiter(map(_as_float, values()), dtype=np.float64, count=count)
    # An infinite weight would turn PageRank's and Louvain's sums into NaN.
    ok = np.isfinite(out) & (out >= 0.0) & (out <= (np.inf if upper is None else upper))
    if not ok.all():
        first = int(np.flatnonzero(~ok)[0])
        raw = next(itertools.islice(values(), first, None))
        key = "network.bad_weight" if upper is None else "network.bad_edge_probability"
        raise ValueError(t(key, name=name, value=raw, edge=edge_at(first)))
    return out


def graph_weights(G: Any, weight: str | None, *, optional: bool = False) -> np.ndarray | None:
    """Edge attribute `weight` (missing = 1) as floats in edge order, checked to be 0 or more.

    Returns None when `weight` is None (an unweighted graph). A name set on no
    edge at all is most likely misspelt, so it raises (unless `optional`: then
    the graph counts as unweighted and None is returned); a name missing on
    only some edges counts those as 1 and says how many in a
    :class:`~ckmkit.quality.DataQualityWarning`.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b", {"weight": 2.0}), ("b", "c", {"weight": 0.5})])
    >>> graph_weights(G, "weight").tolist()
    [2.0, 0.5]
    >>> graph_weights(G, "wieght")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: No edge has the attribute 'wieght' (edges have: weight); check the spelling, ...
    """
    if weight is None or (optional and not _on_any_edge(G, weight)):
        return None
    edges = list(G.edges(data=True))
    missing = attribute_present(weight, (d for *_, d in edges), len(edges), optional=optional)
    if missing is None:
        return None
    out = edge_numbers(lambda: (d.get(weight, 1.0) for *_, d in edges), len(edges),
                       lambda i: tuple(edges[i][:2]), weight)
    report_missing_attribute(weight, missing, len(edges))
    return out


def _on_any_edge(G: Any, name: str) -> bool:
    """Whether any edge of `G` carries attribute `name` (a C-speed scan of the edge dicts)."""
    if G.is_multigraph():
        return any(name in d for *_, d in G.edges(data=True))
    return any(map(operator.methodcaller("__contains__", name), arc_data(G)))


def weighted(G: Any, weight: str | None, *, optional: bool = False) -> tuple[Any, str | None]:
    """`G` ready for a networkx algorithm, and the weight attribute to pass it (None = unweighted).

    The weights are checked as in :func:`graph_weights`. Weights written as
    text (``"2"``, as read from a CSV edge list) pass that check, but networkx
    would add the text itself, so they are converted to floats on a copy; the
    caller's graph is left as it is.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b", {"w": "2"})])
    >>> H, name = weighted(G, "w")
    >>> H["a"]["b"]["w"], name, G["a"]["b"]["w"]
    (2.0, 'w', '2')
    """
    if graph_weights(G, weight, optional=optional) is None:
        return G, None
    if not any(isinstance(d.get(weight), (str, bytes)) for *_, d in G.edges(data=True)):
        return G, weight
    H = G.copy()
    for *_, d in H.edges(data=True):
        if weight in d:
            d[weight] = float(d[weight])
    return H, weight


def attribute_present(name: str, data: Iterable[Mapping], count: int, *,
                      optional: bool = False, key: str = "network.attribute_absent") -> int | None:
    """How many edges lack attribute `name`; raise if none has it (None if `optional`).

    `data` yields each edge's attribute dict (`count` of them). Pass the count
    to :func:`report_missing_attribute` once the values themselves are checked.
    For node attributes pass the nodes' dicts and ``key="network.node_attribute_absent"``.
    """
    seen: set = set()
    missing = 0
    for d in data:
        if name in d:
            continue
        missing += 1
        if len(seen) < 6:
            seen.update(d)
    if count and missing == count:
        if optional:
            return None
        have = ", ".join(sorted(map(str, seen))[:5]) or "-"
        raise ValueError(t(key, name=name, have=have))
    return missing


def report_missing_attribute(name: str, missing: int, total: int) -> None:
    """Warn (:class:`~ckmkit.quality.DataQualityWarning`) that `missing` edges count as 1."""
    from ..quality import warn

    if missing:
        warn(t("network.attribute_partly_missing", name=name, n=missing, total=total))


def canonical_nodes(G: Any) -> list:
    """The nodes of `G` in a fixed order that does not depend on how `G` was built.

    A subgraph view lists its nodes in the order of a Python set, which changes
    from session to session (``PYTHONHASHSEED``); anything numbered by node
    order (random streams, tie-breaks) would change with it. Nodes are sorted
    by value when they can be compared (ints, strings), else by type name and
    ``repr``.

    Examples
    --------
    >>> import networkx as nx
    >>> canonical_nodes(nx.Graph([(3, 1), (1, "a")]))
    [1, 3, 'a']
    >>> canonical_nodes(nx.Graph([("b", "a")]))
    ['a', 'b']
    """
    nodes = list(G)
    try:
        return sorted(nodes)
    except TypeError:  # labels of several types, or not orderable
        return sorted(nodes, key=lambda v: (type(v).__name__, repr(v)))


def canonical_graph(G: Any) -> Any:
    """A copy of `G` whose nodes and neighbours are listed in :func:`canonical_nodes` order.

    Algorithms that walk nodes in graph order (Louvain, power iterations) then
    give the same result in every session. Returns `G` itself when its order is
    already canonical and it is not a view.

    Examples
    --------
    >>> import networkx as nx
    >>> list(canonical_graph(nx.Graph([("b", "c"), ("a", "b")])))
    ['a', 'b', 'c']
    """
    order = canonical_nodes(G)
    if order == list(G) and not nx_is_view(G):
        return G
    rank = {v: i for i, v in enumerate(order)}
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((v, G.nodes[v]) for v in order)
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else G.edges(data=True)
    def position(e: tuple) -> tuple:
        ends = (rank[e[0]], rank[e[1]])
        # An undirected edge comes out as (u, v) or (v, u) depending on which end was seen first.
        return (*(ends if G.is_directed() else sorted(ends)), *_key_of(e))

    H.add_edges_from(sorted(edges, key=position))
    return H


def _key_of(edge: tuple) -> tuple:
    """A sortable multigraph key (parallel edges keep their relative order)."""
    return (repr(edge[2]),) if len(edge) == 4 else ()


def nx_is_view(G: Any) -> bool:
    """Whether `G` is a networkx view (e.g. ``G.subgraph(...)``), whose order may vary."""
    return hasattr(G, "_graph") or getattr(G, "_NODE_OK", None) is not None


def _as_float(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def check_runs(runs: Any, name: str = "runs") -> int:
    """Return `runs` as an int from 1 to :data:`MAX_RUNS` or raise a bilingual ``ValueError``.

    Examples
    --------
    >>> check_runs(10**12)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: runs=1000000000000 is more than 10,000,000, too many to simulate in memory; ...
    >>> check_runs(0, "eval_runs")
    Traceback (most recent call last):
    ...
    ValueError: eval_runs must be a whole number of at least 1; got 0.
    """
    if not is_whole(runs, 1):
        raise ValueError(t("network.bad_runs", value=runs, name=name))
    if runs > MAX_RUNS:  # would run for hours and then fail to allocate the result
        raise ValueError(t("network.too_many_runs", value=runs, limit=MAX_RUNS, name=name))
    return int(runs)


def check_seed(seed: Any) -> Any:
    """Return `seed` if it is ``None``, a non-negative int or a numpy Generator; else raise."""
    if seed is None or isinstance(seed, np.random.Generator) or is_whole(seed):
        return seed
    raise ValueError(t("network.bad_seed", value=seed))


def seed_list(seeds: Any, nodes: Any) -> list:
    """Normalise `seeds` to a list of nodes: one node or an iterable of nodes.

    A string, or any hashable that is itself a node of the graph, counts as one
    seed, so ``seeds="C00001"`` does not split into characters.

    Examples
    --------
    >>> seed_list("C1", {"C1": 0})
    ['C1']
    >>> seed_list([3, 1, 3], {1: 0, 3: 1})
    [3, 1]
    """
    if isinstance(seeds, (str, bytes)) or (isinstance(seeds, Hashable) and _is_node(seeds, nodes)):
        return [seeds]
    if not isinstance(seeds, Iterable):
        return [seeds]
    chosen = list(seeds)
    for node in chosen:  # e.g. [[0, 1]]: a list inside the list cannot be a node
        if not isinstance(node, Hashable):
            raise ValueError(t("network.unknown_seed", node=node))
    return list(dict.fromkeys(chosen))  # drop repeats, keep order


def _is_node(candidate: Hashable, nodes: Any) -> bool:
    try:
        return candidate in nodes
    except TypeError:
        return False


def require_nodes(seeds: Iterable, nodes: Any, what: str = "seed") -> None:
    """Raise a ``ValueError`` naming the first seed that is not a node of the graph."""
    for node in seeds:
        if not _is_node(node, nodes):
            raise ValueError(t(f"network.unknown_{what}", node=node))


def seed_indices(seeds: Any, index: Mapping, what: str = "seed") -> np.ndarray:
    """Map seeds to node positions (unique, in the order given); unknown seeds raise.

    `what` names them in the message: ``"seed"`` or ``"customer"``.
    """
    chosen = seed_list(seeds, index)
    require_nodes(chosen, index, what)
    return np.fromiter((index[s] for s in chosen), dtype=np.int64, count=len(chosen))


def node_mapping(values: Any, name: str) -> dict:
    """A dict or pandas Series of node -> value as a dict; repeated nodes and other types raise.

    A Series with a repeated index would otherwise keep one of the values silently.

    Examples
    --------
    >>> import pandas as pd
    >>> node_mapping(pd.Series([1, 2], index=["C1", "C1"]), "membership")
    Traceback (most recent call last):
    ...
    ValueError: membership lists 'C1' more than once; give each one exactly one entry.
    """
    if hasattr(values, "index") and hasattr(values, "to_dict") and getattr(values, "ndim", 0) == 1:
        require_unique(values.index, name)
        return values.to_dict()
    if isinstance(values, Mapping):
        return dict(values)
    raise TypeError(t("network.not_a_mapping", name=name, kind=type(values).__name__))


def require_unique(index: Any, name: str) -> None:
    """Raise naming the first node that `index` (a pandas Index) lists more than once.

    Reindexing by such an index would fail, or keep one of the values silently.

    Examples
    --------
    >>> import pandas as pd
    >>> require_unique(pd.Index(["C1", "C2", "C1"]), "values")
    Traceback (most recent call last):
    ...
    ValueError: values lists 'C1' more than once; give each one exactly one entry.
    """
    if index.has_duplicates:
        raise ValueError(t("network.duplicate_node", name=name, node=index[index.duplicated()][0]))


def node_numbers(nodes: Sequence, raw: Sequence, name: str, *, allow_missing: bool) -> np.ndarray:
    """Each node's value as a float, NaN where missing (None or NaN).

    Raises naming the first node whose value is text or infinite, or missing
    when `allow_missing` is false.

    Examples
    --------
    >>> node_numbers(["C1", "C2", "C3"], [2, None, "7.5"], "clv", allow_missing=True).tolist()
    [2.0, nan, 7.5]
    >>> node_numbers(["C1", "C2"], [2, "lots"], "clv", allow_missing=True)
    Traceback (most recent call last):
    ...
    ValueError: 'clv' must hold finite numbers; customer 'C2' has 'lots'.
    """
    missing = np.fromiter((is_missing(x) for x in raw), dtype=bool, count=len(raw))
    out = np.fromiter((math.nan if m else _as_float(x) for x, m in zip(raw, missing, strict=True)),
                      dtype=np.float64, count=len(raw))
    bad = (~np.isfinite(out) & ~missing) | (missing & (not allow_missing))
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        if missing[first]:
            raise ValueError(t("network.missing_value", node=nodes[first], value=name))
        raise ValueError(t("network.bad_node_value", name=name, node=nodes[first], value=raw[first]))
    return out


def backend_option(backend: str | None) -> dict:
    """Keyword arguments that send a networkx call to `backend`; none when no backend is asked for.

    ``None`` and ``""`` both mean "no backend": networkx then dispatches as usual.

    Examples
    --------
    >>> backend_option(None), backend_option("parallel")
    ({}, {'backend': 'parallel'})
    """
    return {"backend": backend} if backend else {}


def adjacency_arcs(G: Any, index: dict) -> tuple[np.ndarray, np.ndarray, Callable[[], Iterable]]:
    """Arcs of a simple graph read straight from its adjacency (both ways if undirected).

    Returns the source and target positions (from `index`) of each arc and a
    function that yields the arcs' attribute dicts in the same order. Walking
    ``G.adj`` is much faster than ``G.edges(data=True)`` and yields each
    undirected edge once per direction, as diffusion and breadth-first
    searches need. A self-loop appears once.

    Examples
    --------
    >>> import networkx as nx
    >>> src, dst, data = adjacency_arcs(nx.Graph([("a", "b", {"w": 2})]), {"a": 0, "b": 1})
    >>> src.tolist(), dst.tolist(), list(data())
    ([0, 1], [1, 0], [{'w': 2}, {'w': 2}])
    """
    adj = raw_adjacency(G)
    n = len(index)
    degree = np.fromiter(map(len, adj.values()), dtype=np.int64, count=n)
    m = int(degree.sum())
    keys = sorted_int_keys(index)
    src = np.repeat(positions(index, adj.__iter__, n, keys), degree)
    dst = positions(index, lambda: itertools.chain.from_iterable(adj.values()), m, keys)
    return src, dst, lambda: arc_data(G)


def arc_data(G: Any) -> Iterable:
    """The attribute dicts of the arcs of a simple graph, in :func:`adjacency_arcs` order."""
    return itertools.chain.from_iterable(nbrs.values() for nbrs in raw_adjacency(G).values())


def raw_adjacency(G: Any) -> Mapping:
    """The node -> neighbours -> data mapping behind `G` (successors if directed).

    networkx's own algorithms read these dicts directly; the public ``G.adj``
    wraps every neighbour dict in a view, which costs more than the walk itself.
    """
    raw = getattr(G, "_succ" if G.is_directed() else "_adj", None)
    return raw if isinstance(raw, Mapping) else (G.succ if G.is_directed() else G.adj)


def positions(index: dict, labels: Callable[[], Iterable], count: int,
              keys: np.ndarray | None = None) -> np.ndarray:
    """Positions (from `index`, node -> position) of the nodes `labels()` yields, as int64.

    Every label must be a key of `index` (a node of the graph `index` numbers).
    When `keys` (from :func:`sorted_int_keys`) is given, the nodes are plain
    ints numbered in sorted order (as :func:`canonical_nodes` does) and the
    look-up is vectorised instead of one dict access per label. `labels` is
    called again for the exact path.

    Examples
    --------
    >>> index = {1: 0, 5: 1, 9: 2}
    >>> positions(index, lambda: [9, 1, 9], 3, sorted_int_keys(index)).tolist()
    [2, 0, 2]
    >>> positions({(1, 2): 0, "x": 1}, lambda: ["x", (1, 2)], 2).tolist()
    [1, 0]
    """
    if keys is not None and count:
        try:
            wanted = np.fromiter(labels(), dtype=np.int64, count=count)
        except (OverflowError, TypeError, ValueError):
            wanted = None
        if wanted is not None:
            found = _lookup(keys, wanted)
            if found.min() >= 0 and (keys[found] == wanted).all():
                return found
    return np.fromiter(map(index.__getitem__, labels()), dtype=np.int64, count=count)


def _lookup(keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Where each of `wanted` sits in the sorted int `keys`; -1 or a wrong place if absent.

    Labels in a compact range (customer numbers) index a table directly, which
    beats a binary search's scattered reads; the caller checks the result.
    """
    if keys[-1] - keys[0] < 8 * keys.size:
        table = np.full(int(keys[-1] - keys[0]) + 1, -1, dtype=np.int64)
        table[keys - keys[0]] = np.arange(keys.size)
        inside = (wanted >= keys[0]) & (wanted <= keys[-1])
        return np.where(inside, table[np.clip(wanted - keys[0], 0, table.size - 1)], -1)
    return np.minimum(np.searchsorted(keys, wanted), keys.size - 1).astype(np.int64)


def sorted_int_keys(index: dict) -> np.ndarray | None:
    """`index`'s nodes as a sorted int array if they are ints numbered 0, 1, ... in order, else None."""
    # numpy would read "3" or 2.5 as the int 3 or 2: every node must be a plain int
    if not index or set(map(type, index)) != {int}:
        return None  # bools, floats (NaN), strings, tuples: the dict is exact
    try:
        keys = np.fromiter(index, dtype=np.int64, count=len(index))
    except (OverflowError, TypeError, ValueError):  # a huge int, or a later node of another type
        return None
    in_order = keys.size < 2 or bool((keys[1:] > keys[:-1]).all())
    numbered = np.array_equal(np.fromiter(index.values(), dtype=np.int64, count=len(index)),
                              np.arange(len(index)))
    return keys if in_order and numbered else None
