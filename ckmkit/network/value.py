"""Network value of a customer: what their referrals and their word of mouth add.

Domingos & Richardson (2001) showed that a customer's value to a firm has two
parts: the profit from their own purchases (intrinsic value) and the profit
*due to* their influence on other customers (network value): the difference
between what others buy when this customer talks and when they do not. Kumar et
al. (2010) split the second part by graph:

* :func:`referral_value` (CRV) works on the **referral graph**: the value of the
  customers a customer brought in who would not have joined otherwise (a
  documented ``incremental_share``), minus the referral reward paid for each;
* :func:`influence_value` (CIV) works on the **tie graph**: the *lift* in other
  customers' value that this customer's word of mouth causes, with influence
  spreading by independent cascade from this customer alone. Without the
  customer talking, nobody is swayed by them, so the lift over their reach is
  the increment; only a share ``lift`` of a reached customer's value counts,
  because they would have bought most of it anyway.

:func:`network_value` keeps the older, simpler count: the *whole* value of every
customer reached. It is an upper bound, never the increment, and it mixes up
people who were reached with people who were won; it is kept so that a chapter
can show how far it overstates.

Examples
--------
>>> import networkx as nx
>>> G = nx.star_graph(3)                       # hub 0 and three customers
>>> nx.set_node_attributes(G, {0: 10.0, 1: 100.0, 2: 100.0, 3: 100.0}, "clv")
>>> nv = network_value(G, "clv", p=0.5, runs=20_000)
>>> round(nv.loc[0, "network_value"])          # 3 * 0.5 * 100
150
>>> iv = influence_value(G, "clv", p=0.5, lift=0.1, runs=20_000)
>>> round(float(iv.loc[0, "influence_value"]))  # 0.1 of that: only the lift is caused
15
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd

from ..i18n import t
from ._checks import (
    check_model,
    check_probability,
    check_runs,
    node_mapping,
    node_numbers,
    require_graph,
    seed_indices,
)
from .diffusion import compile_graph, key_from_seed, spread_of_sets

__all__ = ["network_value", "referral_value", "influence_value"]


def _values(G: nx.Graph, value: str | Mapping | pd.Series) -> np.ndarray:
    """Each node's own value in node order; missing, text or infinite values raise."""
    name = value if isinstance(value, str) else "value"
    if isinstance(value, str):
        raw = [G.nodes[v].get(value) for v in G.nodes]
    else:
        mapping = node_mapping(value, "value")
        raw = [mapping.get(v) for v in G.nodes]
    return node_numbers(list(G.nodes), raw, name, allow_missing=False)


def network_value(G: nx.Graph, value: str | Mapping | pd.Series, *, p: float | str = 0.05,
                  runs: int = 200, seed: int = 0, model: str = "ic", customers: list | None = None,
                  weight: str | None = None, progress: bool | None = None) -> pd.DataFrame:
    """Own value, network value and their sum for each customer.

    Parameters
    ----------
    G : networkx graph
        The customer network (ties or referrals).
    value : str, mapping or pandas.Series
        Each node's own value: a node attribute name (e.g. ``"clv"``) or a
        node -> value mapping. Every node needs one (use 0 for unknown).
    p : float or str, default 0.05
        IC activation probability, or an edge attribute with one per edge.
    runs : int, default 200
        Random worlds; every customer is scored on the same worlds.
    seed : int, default 0
        Seed of the worlds.
    model : {"ic", "lt"}, default "ic"
        Independent cascade or linear threshold.
    customers : list, optional
        Score only these customers (their reach still counts everybody).
    weight : str, optional
        LT edge attribute with influence weights (see :func:`~ckmkit.network.compile_graph`).
    progress : bool, optional
        Show a progress bar; by default only for very large networks.

    Returns
    -------
    pandas.DataFrame
        Index: customer. Columns ``own_value``, ``network_value``,
        ``total_value``, ``reach`` (expected other customers reached),
        ``own_rank``, ``total_rank`` (1 = highest) and ``rank_gain`` (``own_rank -
        total_rank``: how many places word of mouth lifts them), sorted by ``total_value``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.star_graph(3)                       # hub 0 knows customers 1, 2 and 3
    >>> own = {0: 1.0, 1: 10.0, 2: 10.0, 3: 10.0}  # the hub buys little itself
    >>> table = network_value(G, own, p=0.5, runs=2000)
    >>> round(float(table.loc[0, "network_value"]))  # about 0.5 * 30 = 15
    15
    >>> table.loc[0, ["own_rank", "total_rank", "rank_gain"]].tolist()
    [4, 1, 3]
    """
    own_all = _values(G, value)
    table = _reach(G, own_all, p=p, runs=runs, seed=seed, model=model, customers=customers,
                   weight=weight, progress=progress, count=True)
    table = table.rename(columns={"own": "own_value", "reached_value": "network_value"})
    return _ranked(table[["own_value", "network_value", "reach"]])


def _reach(G: nx.Graph, values: np.ndarray, *, p: float | str, runs: int, seed: int, model: str,
           customers: list | None, weight: str | None, progress: bool | None,
           count: bool) -> pd.DataFrame:
    """Summed `values` of the other customers reached from each customer alone (and their number).

    `values` are in the order of ``G.nodes``; the compiled graph orders nodes its own way
    (sorted), so they are put in its order first. Both leave the source out: a cascade
    always holds its seed, so it is subtracted. Counting the customers reached takes a
    second simulation, run only with `count`.
    """
    check_model(model)
    runs = check_runs(runs)
    require_graph(G)
    g = compile_graph(G, p, weight=weight)
    where = {v: k for k, v in enumerate(G.nodes)}
    values = values[[where[v] for v in g.nodes]]
    idx = np.arange(g.n) if customers is None else seed_indices(customers, g.index, "customer")
    sets = [np.array([i]) for i in idx]
    options = {"model": model, "runs": runs, "key": key_from_seed(seed), "progress": progress}
    samples = spread_of_sets(g, sets, value=values, **options)
    spread = samples.std(axis=1, ddof=1) / np.sqrt(runs) if runs > 1 else np.full(len(idx), np.nan)
    table = pd.DataFrame(
        {"own": values[idx], "reached_value": samples.mean(axis=1) - values[idx], "reached_value_se": spread},
        index=pd.Index([g.nodes[i] for i in idx], name="customer"))
    if count:
        table.insert(1, "reach", spread_of_sets(g, sets, **options).mean(axis=1) - 1.0)
    return table


def influence_value(G: nx.Graph, value: str | Mapping | pd.Series, *, lift: float = 0.1,
                    p: float | str = 0.05, runs: int = 200, seed: int = 0, model: str = "ic",
                    customers: list | None = None, weight: str | None = None,
                    progress: bool | None = None, reach: bool = True) -> pd.DataFrame:
    """Customer influence value (CIV): the lift in others' value a customer's word of mouth causes.

    Word of mouth spreads from the customer alone by independent cascade (or
    linear threshold) on the tie graph. Every other customer it reaches buys a
    share `lift` more than they would have, so
    ``influence_value(i) = lift * E[sum of value_j over customers j != i reached from i]``.
    Without customer *i* talking none of this lift happens, so it is the
    increment due to *i* (Domingos & Richardson 2001), not the whole value of
    the people *i* knows. Customers whose value is below zero count as 0: their
    loss comes from the cost of serving them, which more purchases do not raise.

    Each customer is valued as the only source, as Kumar et al. (2010) value
    each customer's influence on its own; when two customers reach the same
    person both are credited, so the column ranks customers and should not be
    summed into a firm-wide forecast.

    Parameters
    ----------
    G : networkx graph
        The tie (contact) graph.
    value : str, mapping or pandas.Series
        Each node's own value (e.g. CLV): a node attribute name or a node ->
        value mapping. Every node needs one (use 0 for unknown).
    lift : float, default 0.1
        Share by which a reached customer's value rises: an assumption to vary,
        as no published figure fits every market.
    p : float or str, default 0.05
        IC activation probability, or an edge attribute with one per edge.
    runs : int, default 200
        Random worlds; every customer is scored on the same worlds.
    seed : int, default 0
        Seed of the worlds.
    model : {"ic", "lt"}, default "ic"
        Independent cascade or linear threshold.
    customers : list, optional
        Score only these customers (their reach still counts everybody).
    weight : str, optional
        LT edge attribute with influence weights (see :func:`~ckmkit.network.compile_graph`).
    progress : bool, optional
        Show a progress bar; by default only for very large networks.
    reach : bool, default True
        Also count the customers reached (a second simulation, as long as the first).

    Returns
    -------
    pandas.DataFrame
        Index: customer (graph order). Columns ``reach`` (expected other
        customers reached; only with `reach`), ``reached_value`` (their expected summed value, at
        least 0 each), ``influence_value`` (``lift * reached_value``) and
        ``influence_se``, the Monte Carlo standard error of ``influence_value``
        (it falls with the square root of `runs`). A customer without ties has 0
        in every column.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.path_graph(3)                        # 0 - 1 - 2, and customer 3 knows nobody
    >>> G.add_node(3)
    >>> own = {0: 100.0, 1: 50.0, 2: -30.0, 3: 500.0}
    >>> table = influence_value(G, own, p=1.0, lift=0.2, runs=10)
    >>> table["influence_value"].tolist()           # 0: 0.2 * (50 + 0); 1: 0.2 * 100; 3: nobody
    [10.0, 20.0, 30.0, 0.0]
    """
    lift = check_probability(lift, "lift")
    positive = np.clip(_values(G, value), 0.0, None)
    table = _reach(G, positive, p=p, runs=runs, seed=seed, model=model, customers=customers,
                   weight=weight, progress=progress, count=reach).drop(columns="own")
    table["influence_value"] = lift * table["reached_value"]
    table["influence_se"] = lift * table.pop("reached_value_se")
    return table


def referral_value(G: nx.DiGraph, value: str | Mapping | pd.Series, *, incremental_share: float = 0.5,
                   reward: float = 0.0) -> pd.DataFrame:
    """Customer referral value (CRV): what the customers a customer brought in are worth to the firm.

    Following Kumar et al. (2010), only the referred customers who would not
    have joined otherwise count, and the reward paid for every referral is
    subtracted::

        referral_value(i) = incremental_share * sum(value_j for j referred by i) - reward * referrals(i)

    `incremental_share` is an assumption: Kumar, Petersen & Leone (2007) asked
    referred customers whether they would have joined anyway; without such a
    survey, vary it. A referred customer with a negative value lowers the
    referrer's value: bringing in a loss-maker costs the firm.

    Parameters
    ----------
    G : networkx.DiGraph
        The referral graph, an arc from referrer to referred customer (see
        :func:`~ckmkit.network.referral_graph`). Repeated referrals of one
        customer count once.
    value : str, mapping or pandas.Series
        Each referred customer's value (e.g. CLV): a node attribute name or a
        node -> value mapping; every referred customer needs one.
    incremental_share : float, default 0.5
        Share of referred customers who joined only because of the referral.
    reward : float, default 0.0
        Reward paid to the referrer per referral (yuan), 0 or more.

    Returns
    -------
    pandas.DataFrame
        Index: customer (every node, graph order). Columns ``referrals``
        (customers brought in), ``referred_value`` (their summed value),
        ``rewards`` (``reward * referrals``) and ``referral_value``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("A", "B"), ("A", "C"), ("B", "D")])
    >>> clv = {"B": 400.0, "C": 100.0, "D": -50.0}
    >>> referral_value(G, clv, incremental_share=0.5, reward=20.0)["referral_value"].tolist()
    [210.0, -45.0, 0.0, 0.0]
    """
    if not (isinstance(G, nx.DiGraph) and G.is_directed()):
        raise TypeError(t("network.referral_graph_needed", kind=type(G).__name__))
    share = check_probability(incremental_share, "incremental_share")
    reward = _non_negative(reward, "reward")
    referred = [v for v in G.nodes if G.in_degree(v) > 0]
    sub = G.subgraph(referred)  # its own node order, not that of `referred`
    values = dict(zip(sub.nodes, _values(sub, value), strict=True))
    nodes = list(G.nodes)
    count = np.array([len(set(G.successors(v))) for v in nodes], dtype=np.int64)
    brought = np.array([sum(values[w] for w in set(G.successors(v))) for v in nodes], dtype=float)
    table = pd.DataFrame({"referrals": count, "referred_value": brought, "rewards": reward * count},
                         index=pd.Index(nodes, name="customer"))
    table["referral_value"] = share * table["referred_value"] - table["rewards"]
    return table


def _non_negative(value: float, name: str) -> float:
    """`value` as a finite float of 0 or more, or a bilingual ValueError naming `name`."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if not np.isfinite(number) or number < 0 or isinstance(value, bool):
        raise ValueError(t("network.bad_non_negative", name=name, value=value))
    return number


def _ranked(table: pd.DataFrame) -> pd.DataFrame:
    """Add total value and the ranks by own and by total value; sort by total value."""
    table["total_value"] = table["own_value"] + table["network_value"]
    table["own_rank"] = table["own_value"].rank(ascending=False, method="first").astype(int)
    table["total_rank"] = table["total_value"].rank(ascending=False, method="first").astype(int)
    table["rank_gain"] = table["own_rank"] - table["total_rank"]
    columns = ["own_value", "network_value", "total_value", "reach", "own_rank", "total_rank",
               "rank_gain"]
    return table[columns].sort_values("total_value", ascending=False, kind="stable")
