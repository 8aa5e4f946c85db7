"""Exact spread distributions by enumerating live-edge worlds (small graphs only).

Kempe, Kleinberg & Tardos (2003) show both diffusion models equal reachability
in a random "live-edge" graph:

* independent cascade: every arc u->v is live independently with its probability;
* linear threshold: every node keeps at most one incoming arc, arc u->v with
  probability b_uv (its normalised weight) and none with 1 - sum_u b_uv.

Enumerating all live-edge worlds of a tiny graph gives the exact distribution
of the final number of active nodes, written here independently of the code
under test (no shared helpers).
"""

from __future__ import annotations

import itertools
from collections import defaultdict

import networkx as nx


def arcs_of(G, p="p"):
    """(u, v, probability) per arc; undirected edges give one arc each way; loops dropped."""
    out = []
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        q = d[p] if isinstance(p, str) else p
        out.append((u, v, q))
        if not G.is_directed():
            out.append((v, u, q))
    return out


def _reach(nodes, live, seeds):
    adj = defaultdict(list)
    for u, v in live:
        adj[u].append(v)
    seen, stack = set(seeds), list(seeds)
    while stack:
        for w in adj[stack.pop()]:
            if w not in seen:
                seen.add(w)
                stack.append(w)
    return len(seen)


def exact_ic(G, seeds, p="p"):
    """{final count: probability} for independent cascade."""
    arcs = arcs_of(G, p)
    dist = defaultdict(float)
    for mask in itertools.product((False, True), repeat=len(arcs)):
        prob = 1.0
        for (_, _, q), on in zip(arcs, mask):
            prob *= q if on else 1.0 - q
        if prob == 0.0:
            continue
        live = [(u, v) for (u, v, _), on in zip(arcs, mask) if on]
        dist[_reach(G.nodes, live, seeds)] += prob
    return dict(dist)


def lt_weights(G, weight=None):
    """b_uv: each arc's share of its target's total incoming weight (missing weight = 1)."""
    incoming = defaultdict(list)
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        w = 1.0 if weight is None else d.get(weight, 1.0)
        incoming[v].append((u, w))
        if not G.is_directed():
            incoming[u].append((v, w))
    out = {}
    for v, pairs in incoming.items():
        total = sum(w for _, w in pairs)
        merged = defaultdict(float)
        for u, w in pairs:
            merged[u] += w / total
        out[v] = dict(merged)
    return out


def exact_lt(G, seeds, weight=None):
    """{final count: probability} for linear threshold."""
    b = lt_weights(G, weight)
    choosers = [v for v in G.nodes if v in b and v not in seeds]
    options = []
    for v in choosers:
        opts = [(u, q) for u, q in b[v].items()]
        rest = 1.0 - sum(q for _, q in opts)
        if rest > 1e-12:
            opts.append((None, rest))
        options.append(opts)
    dist = defaultdict(float)
    for combo in itertools.product(*options):
        prob = 1.0
        live = []
        for v, (u, q) in zip(choosers, combo):
            prob *= q
            if u is not None:
                live.append((u, v))
        dist[_reach(G.nodes, live, seeds)] += prob
    return dict(dist)


def mean_var(dist):
    mean = sum(k * q for k, q in dist.items())
    var = sum((k - mean) ** 2 * q for k, q in dist.items())
    return mean, var


def kite():
    """Five customers: a triangle pair (0-1-2, 1-2-3) with a tail 3-4."""
    return nx.Graph([(0, 1), (0, 2), (1, 2), (1, 3), (2, 3), (3, 4)])


def directed_weighted():
    """A directed network with a cycle and one probability per arc."""
    G = nx.DiGraph()
    G.add_weighted_edges_from(
        [(0, 1, 0.5), (1, 2, 0.7), (2, 0, 0.2), (1, 3, 0.3), (3, 4, 0.9), (2, 4, 0.1), (4, 1, 0.6)],
        weight="p",
    )
    return G
