"""Network value of a customer: what they are worth once their word of mouth counts.

Domingos & Richardson (2001) showed that a customer's value to a firm has two
parts: the profit from their own purchases (intrinsic value) and the profit
from other customers they sway (network value). A modest buyer at the centre
of a talkative group can be worth more than a big buyer nobody listens to.

This module keeps the idea and simplifies the model (documented so readers
know what the numbers mean):

* influence spreads by independent cascade (or linear threshold) on the
  customer network, with one activation probability per tie;
* if customer *i* is delighted and talks, every customer *j* they reach in a
  cascade is counted with *j*'s own value (e.g. CLV);
* ``network_value(i) = E[sum of value_j over reached j != i]`` and
  ``total_value(i) = own value + network value``.

Unlike Domingos & Richardson there is no marketing action, cost or baseline:
the number assumes that the customers reached would not have bought anyway, so
it is an upper bound on the *extra* value, best used to rank customers rather
than to book revenue.

Examples
--------
>>> import networkx as nx
>>> G = nx.star_graph(3)                       # hub 0 and three customers
>>> nx.set_node_attributes(G, {0: 10.0, 1: 100.0, 2: 100.0, 3: 100.0}, "clv")
>>> nv = network_value(G, "clv", p=0.5, runs=20_000)
>>> round(nv.loc[0, "network_value"])          # 3 * 0.5 * 100
150
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd

from ._checks import (
    check_model,
    check_runs,
    node_mapping,
    node_numbers,
    require_graph,
    seed_indices,
)
from .diffusion import compile_graph, key_from_seed, spread_of_sets

__all__ = ["network_value"]


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
    check_model(model)
    runs = check_runs(runs)
    require_graph(G)
    own_all = _values(G, value)
    g = compile_graph(G, p, weight=weight)
    idx = np.arange(g.n) if customers is None else seed_indices(customers, g.index, "customer")
    sets = [np.array([i]) for i in idx]
    options = {"model": model, "runs": runs, "key": key_from_seed(seed), "progress": progress}
    reached_value = spread_of_sets(g, sets, value=own_all, **options).mean(axis=1)
    reached = spread_of_sets(g, sets, **options).mean(axis=1)
    own = own_all[idx]
    table = pd.DataFrame({"own_value": own, "network_value": reached_value - own, "reach": reached - 1.0},
                         index=pd.Index([g.nodes[i] for i in idx], name="customer"))
    return _ranked(table)


def _ranked(table: pd.DataFrame) -> pd.DataFrame:
    """Add total value and the ranks by own and by total value; sort by total value."""
    table["total_value"] = table["own_value"] + table["network_value"]
    table["own_rank"] = table["own_value"].rank(ascending=False, method="first").astype(int)
    table["total_rank"] = table["total_value"].rank(ascending=False, method="first").astype(int)
    table["rank_gain"] = table["own_rank"] - table["total_rank"]
    columns = ["own_value", "network_value", "total_value", "reach", "own_rank", "total_rank",
               "rank_gain"]
    return table[columns].sort_values("total_value", ascending=False, kind="stable")
