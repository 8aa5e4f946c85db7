"""Whom to seed: influence maximisation with lazy greedy (CELF) vs simple rules.

Choosing the ``k`` customers whose word of mouth reaches most others is
NP-hard, but under independent cascade the expected spread is monotone and
submodular, so adding, one at a time, the customer with the largest marginal
gain reaches at least ``1 - 1/e`` (about 63%) of the best possible spread
(Kempe, Kleinberg & Tardos 2003) when spread is computed exactly. Here it is
estimated from random worlds, so the guarantee holds for the sample average
and, for the true spread, weakens to ``1 - 1/e - ε``, with ε shrinking as
``runs`` grows. Submodularity also means a gain can only
shrink as the seed set grows, so stale gains are upper bounds and most need no
recomputation: the CELF trick (Leskovec et al. 2007).

Spread is estimated on ``runs`` random worlds shared by every candidate
(common random numbers; see :mod:`ckmkit.network.diffusion`). On those worlds
the estimated spread is itself exactly submodular, so CELF returns exactly
what plain greedy would. For linear threshold, a fixed sample of thresholds
is not guaranteed submodular, so CELF is a close heuristic there.

Simple rules to compare against: the ``k`` customers with most ties
(``degree``), the highest PageRank (``pagerank``) and a seeded random draw.
Comparisons are scored on fresh worlds (a different seed), so CELF gets no
credit for fitting the worlds it chose on.

Examples
--------
>>> import networkx as nx
>>> G = nx.karate_club_graph()
>>> picked = celf(G, 2, p=0.1, runs=200)
>>> picked["node"].tolist()
[33, 0]
"""

from __future__ import annotations

import heapq
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from ..i18n import t
from ..quality import is_whole
from ._checks import (
    canonical_graph,
    canonical_nodes,
    check_model,
    check_probability,
    check_runs,
    check_seed,
    require_graph,
    seed_indices,
    weighted,
)
from .centrality import pagerank
from .diffusion import DiffusionGraph, Spread, compile_graph, key_from_seed, simulate, spread_of_sets

__all__ = ["celf", "top_degree", "top_pagerank", "random_seeds", "choose_seeds",
           "compare_seed_strategies", "STRATEGIES"]

STRATEGIES = ("celf", "degree", "pagerank", "random")


def _check_k(k: Any, n: int) -> int:
    """`k` as an int if it is a whole number of seeds from 0 to `n`; else a bilingual error."""
    if not is_whole(k) or k > n:
        raise ValueError(t("network.bad_k", k=k, n=n))
    return int(k)


def top_degree(G: nx.Graph, k: int) -> list:
    """The `k` nodes with most ties (out-ties if directed); ties broken by label.

    Tied nodes come in sorted label order (labels of several types by type name,
    then ``repr``), not in the graph's own order, which for a subgraph changes
    from session to session.

    Parameters
    ----------
    G : networkx graph
        The customer network.
    k : int
        Number of nodes to return.

    Examples
    --------
    >>> import networkx as nx
    >>> top_degree(nx.star_graph(3), 1)
    [0]
    >>> top_degree(nx.Graph([("b", "x"), ("a", "y")]), 2)   # all tied: by label
    ['a', 'b']
    """
    require_graph(G)
    k = _check_k(k, G.number_of_nodes())
    degree = G.out_degree() if G.is_directed() else G.degree()
    order = sorted(canonical_nodes(G), key=lambda v: -degree[v])  # stable: ties stay by label
    return order[:k]


def top_pagerank(G: nx.Graph, k: int, *, alpha: float = 0.85,
                 weight: str | None = "weight") -> list:
    """The `k` nodes with the highest PageRank; ties broken by label.

    On a directed word-of-mouth graph PageRank flows along arcs, so it ranks
    customers who are *referred to* by well-referred customers; to rank
    influencers there, the arcs are reversed first.

    Parameters
    ----------
    G : networkx graph
    k : int
    alpha : float, default 0.85
        Damping factor.
    weight : str or None, default "weight"
        Edge attribute read as tie strength, as :func:`networkx.pagerank` does
        by default (a graph without it counts every tie as 1). Values must be
        numbers of 0 or more; a name other than ``"weight"`` must be set on
        some edge, and edges missing it count as 1 with a
        :class:`~ckmkit.quality.DataQualityWarning`. ``None`` ignores weights.
        (:func:`~ckmkit.network.centrality_table` has ``weight=None`` by default;
        pass ``weight="weight"`` there to rank the same way.)

    Examples
    --------
    >>> import networkx as nx
    >>> referrals = nx.DiGraph([("ann", "bo"), ("ann", "cy"), ("bo", "dan"), ("cy", "dan")])
    >>> top_pagerank(referrals, 1)          # the first referrer, not the most referred ("dan")
    ['ann']
    >>> top_pagerank(nx.karate_club_graph(), 2)
    [33, 0]
    """
    require_graph(G)
    k = _check_k(k, G.number_of_nodes())
    alpha = check_probability(alpha, "alpha")  # outside [0, 1] PageRank does not converge
    H, weight = weighted(G, weight, optional=weight == "weight")  # NaN, text, < 0 raise
    H = H.reverse(copy=False) if H.is_directed() else H
    # Power iteration sums in node order: on a canonical copy the last digits, and so the
    # order of near-ties, are the same in every session.
    rank = pagerank(canonical_graph(H), alpha=alpha, weight=weight)
    # Rounded so that scores equal up to rounding noise count as ties, broken by label.
    order = sorted(canonical_nodes(G), key=lambda v: -round(rank[v], 12))
    return order[:k]


def random_seeds(G: nx.Graph, k: int, *, seed: int = 0) -> list:
    """`k` distinct nodes drawn at random (seeded).

    Parameters
    ----------
    G : networkx graph
        The customer network.
    k : int
        Number of nodes to draw.
    seed : int, default 0
        Seed of the draw; the same seed draws the same nodes in every session.

    Examples
    --------
    >>> import networkx as nx
    >>> random_seeds(nx.path_graph(10), 3) == random_seeds(nx.path_graph(10), 3)
    True
    """
    require_graph(G)
    k = _check_k(k, G.number_of_nodes())
    nodes = canonical_nodes(G)  # the same draw in every session, also on subgraphs
    picks = np.random.default_rng(check_seed(seed)).choice(len(nodes), size=k, replace=False)
    return [nodes[i] for i in picks]


def celf(G: Any, k: int, *, model: str = "ic", p: float | str = 0.05, runs: int = 200, seed: int = 0,
         candidates: list | None = None, weight: str | None = None,
         progress: bool | None = None) -> pd.DataFrame:
    """Greedy influence maximisation with lazy evaluation (CELF).

    Parameters
    ----------
    G : networkx graph or DiffusionGraph
        The customer network.
    k : int
        Number of seeds to choose.
    model : {"ic", "lt"}, default "ic"
        Independent cascade or linear threshold.
    p : float or str, default 0.05
        IC activation probability, or an edge attribute with one per edge.
    runs : int, default 200
        Random worlds the spread is averaged over.
    seed : int, default 0
        Seed of the worlds.
    candidates : list, optional
        Nodes allowed as seeds (default: all); e.g. the top 200 by degree to
        save time on large networks.
    weight : str, optional
        LT edge attribute with influence weights (see :func:`~ckmkit.network.compile_graph`).
    progress : bool, optional
        Show a progress bar while scoring the candidates; by default only
        for very large jobs.

    Returns
    -------
    pandas.DataFrame
        One row per chosen seed in order: ``node``, ``gain`` (expected extra
        customers reached), ``spread`` (expected reach of the seeds so far),
        ``evaluations`` (spread estimates computed up to this pick; plain
        greedy would need about ``k * n``).

    Examples
    --------
    >>> import networkx as nx
    >>> picked = celf(nx.star_graph(6), 2, p=0.5, runs=2000)
    >>> int(picked.loc[0, "node"]), round(float(picked.loc[0, "spread"]), 1)  # hub: 1 + 6 * 0.5
    (0, 4.0)
    """
    check_model(model)
    runs = check_runs(runs)
    g = compile_graph(G, p, weight=weight)
    idx = list(range(g.n)) if candidates is None else seed_indices(candidates, g.index).tolist()
    k = _check_k(k, len(idx))
    key = key_from_seed(seed)

    def spread(sets: list[list[int]], show: bool | None = False) -> np.ndarray:
        """Mean spread of each seed set, all on the same worlds."""
        return spread_of_sets(g, [np.array(s) for s in sets], model=model, runs=runs,
                              key=key, progress=show).mean(1)

    rows = _lazy_greedy(spread, spread([[i] for i in idx], progress), idx, k)
    return pd.DataFrame([(g.nodes[i], *rest) for i, *rest in rows],
                        columns=["node", "gain", "spread", "evaluations"])


def _lazy_greedy(spread: Any, first: np.ndarray, idx: list[int], k: int) -> list[tuple]:
    """CELF's `k` picks as (position, gain, spread so far, evaluations so far).

    `first` is each candidate's own spread; `spread` scores a list of seed sets.
    By submodularity a gain only shrinks as seeds are added, so a stale gain is an
    upper bound and is recomputed only when it reaches the top of the heap.
    """
    heap = [(-gain, i, 0) for gain, i in zip(first, idx)]  # (-gain, node, seeds when computed)
    heapq.heapify(heap)
    chosen: list[int] = []
    rows, total, evaluations = [], 0.0, len(idx)
    while len(chosen) < k:
        neg_gain, i, stamp = heapq.heappop(heap)
        if stamp == len(chosen):  # gain is fresh: by submodularity nothing else can beat it
            chosen.append(i)
            total += -neg_gain
            rows.append((i, -neg_gain, total, evaluations))
            continue
        fresh = float(spread([chosen + [i]])[0]) - total
        evaluations += 1
        heapq.heappush(heap, (-fresh, i, len(chosen)))
    return rows


def choose_seeds(
    G: nx.Graph,
    k: int,
    strategy: str = "celf",
    *,
    model: str = "ic",
    p: float | str = 0.05,
    runs: int = 200,
    seed: int = 0,
    candidates: list | None = None,
    weight: str | None = None,
    progress: bool | None = None,
) -> list:
    """`k` seeds chosen by one of :data:`STRATEGIES`.

    Parameters
    ----------
    G : networkx graph or DiffusionGraph
        The customer network (``"degree"``, ``"pagerank"`` and ``"random"``
        need a networkx graph).
    k : int
        Number of seeds to choose.
    strategy : {"celf", "degree", "pagerank", "random"}, default "celf"
        How to choose: see :func:`celf`, :func:`top_degree`, :func:`top_pagerank`
        and :func:`random_seeds`.
    model, p, runs
        Diffusion model, activation probability and random worlds of :func:`celf`.
    seed : int, default 0
        Seed of CELF's worlds, or of the ``"random"`` draw.
    candidates, weight, progress
        As in :func:`celf` (used by ``"celf"`` only).

    Returns
    -------
    list
        The chosen nodes, best first.

    Examples
    --------
    >>> import networkx as nx
    >>> choose_seeds(nx.star_graph(5), 1, "degree")
    [0]
    """
    if strategy == "celf":
        return celf(G, k, model=model, p=p, runs=runs, seed=seed, candidates=candidates,
                    weight=weight, progress=progress)["node"].tolist()
    if strategy == "degree":
        return top_degree(G, k)
    if strategy == "pagerank":
        return top_pagerank(G, k)
    if strategy == "random":
        return random_seeds(G, k, seed=seed)
    raise _unknown_strategy(strategy)


def compare_seed_strategies(G: nx.Graph, k: int, *, strategies: str | tuple[str, ...] = STRATEGIES,
                            model: str = "ic", p: float | str = 0.05, runs: int = 200,
                            eval_runs: int = 1000, seed: int | np.random.Generator | None = 0,
                            candidates: list | None = None, progress: bool | None = None) -> pd.DataFrame:
    """Expected spread of `k` seeds chosen by each strategy, scored on fresh random worlds.

    Parameters
    ----------
    G : networkx graph
        The customer network.
    k : int
        Number of seeds each strategy chooses.
    strategies : str or tuple of str, default all of :data:`STRATEGIES`
        One strategy name, or several.
    model : {"ic", "lt"}, default "ic"
        Independent cascade or linear threshold.
    p : float or str, default 0.05
        IC activation probability, or an edge attribute with one per edge.
    runs : int, default 200
        Worlds CELF chooses on.
    eval_runs : int, default 1000
        Fresh worlds (seed ``seed + 1``) every strategy is scored on.
    seed : int, numpy Generator or None, default 0
        Seed of the worlds CELF chooses on and of the random strategy; with a
        Generator (or None) the fresh worlds are drawn from it too.
    candidates : list, optional
        Nodes CELF may choose from (see :func:`celf`); the others rank every node.
    progress : bool, optional
        Progress bar while CELF scores its candidates; by default only for very large
        jobs. Pass ``False`` in notebooks that are saved with outputs.

    Returns
    -------
    pandas.DataFrame
        One row per strategy: ``strategy``, ``seeds`` (list), ``mean``,
        ``low``, ``high`` (95% CI over `eval_runs` worlds not used for choosing).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.karate_club_graph()
    >>> compare_seed_strategies(G, 2, p=0.1, runs=100, eval_runs=500)["strategy"].tolist()
    ['celf', 'degree', 'pagerank', 'random']
    >>> compare_seed_strategies(G, 2, strategies="degree", eval_runs=500)["seeds"].tolist()
    [[33, 0]]
    """
    names = _strategy_names(strategies)
    fresh = _fresh_seed(seed)  # one seed of fresh worlds: every strategy meets the same worlds
    runs = check_runs(runs)
    eval_runs = check_runs(eval_runs, "eval_runs")
    g = G if isinstance(G, DiffusionGraph) else compile_graph(G, p)
    rows = []
    for name in names:
        seeds = celf(g, k, model=model, p=p, runs=runs, seed=seed, candidates=candidates,
                     progress=progress)["node"].tolist() if name == "celf" else (
            choose_seeds(G, k, name, seed=seed))
        result: Spread = simulate(g, seeds, model=model, p=p, runs=eval_runs, seed=fresh,
                                  progress=progress).spread()
        rows.append((name, seeds, result.mean, result.low, result.high))
    return pd.DataFrame(rows, columns=["strategy", "seeds", "mean", "low", "high"])


def _fresh_seed(seed: int | np.random.Generator | None) -> int:
    """Seed of the worlds strategies are scored on: ``seed + 1``, or drawn from a Generator."""
    if is_whole(check_seed(seed)):
        return seed + 1
    return int(np.random.default_rng(seed).integers(2**63))


def _strategy_names(strategies: Any) -> list[str]:
    """`strategies` as a list of known names: one name counts as one strategy, not letters."""
    names = [strategies] if isinstance(strategies, str) else list(strategies)
    for name in names:
        if name not in STRATEGIES:
            raise _unknown_strategy(name)
    return names


def _unknown_strategy(name: Any) -> ValueError:
    """The bilingual error for a strategy not in :data:`STRATEGIES`, listing those that are."""
    return ValueError(t("network.bad_strategy", strategy=name, strategies=", ".join(STRATEGIES)))
