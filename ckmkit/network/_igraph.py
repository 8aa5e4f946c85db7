"""python-igraph as an optional engine for the network area: loading it, converting, seeding.

An internal module: the network modules share these plain names, nothing outside
``ckmkit.network`` imports them. networkx stays the graph type users pass; igraph
only computes (Leiden communities, PageRank and betweenness on large networks),
and results come back keyed by the networkx node labels.

Tests simulate a machine without igraph by replacing :func:`load` with one that
raises ``ImportError``; callers therefore always go through :func:`load` (or
:func:`available`), never ``import igraph`` themselves.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator
from typing import Any

import numpy as np

from ._checks import adjacency_arcs


def load() -> Any:
    """The ``igraph`` module; ``ImportError`` when python-igraph is not installed."""
    import igraph

    return igraph


def available() -> bool:
    """Whether python-igraph can be used here.

    Examples
    --------
    >>> available() in (True, False)
    True
    """
    try:
        load()
    except ImportError:
        return False
    return True


@contextlib.contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Run igraph's randomised algorithms on a stream seeded with `seed`, then restore igraph's default.

    igraph draws from one global generator (by default Python's ``random``
    module); a private ``random.Random(seed)`` makes a call reproducible
    without touching the user's own ``random`` state. There is no way to read
    the generator that was set before, so the default is put back.
    """
    igraph = load()
    igraph.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        igraph.set_random_number_generator(random)


def edge_arrays(G: Any, index: dict, weight: str | None) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Each edge of `G` once, as end positions (from `index`) and its weight (missing = 1).

    Read straight from the adjacency, vectorised: an undirected edge is kept in
    the direction from the lower position to the higher (a self-loop once).
    Parallel edges of a multigraph stay separate edges, as igraph sums them.
    """
    if G.is_multigraph():
        edges = list(G.edges(data=True))
        src = np.fromiter((index[u] for u, _, _ in edges), dtype=np.int64, count=len(edges))
        dst = np.fromiter((index[v] for _, v, _ in edges), dtype=np.int64, count=len(edges))
        data = [d for *_, d in edges]
        keep = np.ones(len(edges), dtype=bool)
    else:
        src, dst, arcs = adjacency_arcs(G, index)
        keep = np.ones(src.size, dtype=bool) if G.is_directed() else src <= dst
        data = arcs() if weight is not None else None
    if weight is None:
        return src[keep], dst[keep], None
    values = np.fromiter((d.get(weight, 1.0) for d in data), dtype=np.float64, count=keep.size)
    return src[keep], dst[keep], values[keep]


def to_igraph(G: Any, nodes: list, weight: str | None) -> tuple[Any, np.ndarray | None]:
    """`G` as an igraph graph whose vertex ``i`` is ``nodes[i]``, and its edge weights (or None).

    The weights are assumed checked already (``_checks.weighted``): numbers of 0 or more.
    """
    igraph = load()
    index = dict(zip(nodes, range(len(nodes))))
    src, dst, weights = edge_arrays(G, index, weight)
    # a list of int pairs: igraph reads a numpy array element by element through Python
    H = igraph.Graph(n=len(nodes), edges=list(zip(src.tolist(), dst.tolist())), directed=G.is_directed())
    return H, weights
