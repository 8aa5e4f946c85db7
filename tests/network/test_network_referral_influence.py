"""Referral value (CRV) and influence value (CIV) on their own graphs, against hand computations."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

import ckmkit
from ckmkit.network import influence_value, referral_graph, referral_value


def test_referral_value_by_hand_from_the_referral_table():
    refs = pd.DataFrame({"referrer_id": ["A", "A", "A", "B"], "referred_id": ["B", "C", "C", "D"]})
    people = pd.DataFrame({"customer_id": ["A", "B", "C", "D", "E"]})
    with pytest.warns(ckmkit.DataQualityWarning, match="1 repeated edge"):
        G = referral_graph(refs, people)
    clv = {"B": 400.0, "C": 100.0, "D": -50.0}
    table = referral_value(G, clv, incremental_share=0.4, reward=25.0)
    assert table.loc["A"].tolist() == [2, 500.0, 50.0, 0.4 * 500 - 50]  # C counted once
    assert table.loc["B"].tolist() == [1, -50.0, 25.0, -45.0]
    assert table.loc[["C", "D", "E"], "referral_value"].eq(0).all()


def test_referral_value_needs_the_directed_graph_and_every_referred_value():
    with pytest.raises(TypeError, match="needs the directed referral graph"):
        referral_value(nx.Graph([("A", "B")]), {"B": 1.0})
    with pytest.raises(ValueError, match="Customer 'C' has no value"):
        referral_value(nx.DiGraph([("A", "B"), ("A", "C")]), {"B": 1.0})
    with ckmkit.language("zh"), pytest.raises(ValueError, match="reward 必须是不小于 0 的有限数值"):
        referral_value(nx.DiGraph([("A", "B")]), {"B": 1.0}, reward=float("nan"))


def test_influence_value_on_a_star_is_lift_times_expected_reach():
    G = nx.star_graph(4)
    own = {0: 5.0, 1: 100.0, 2: 100.0, 3: -100.0, 4: 100.0}  # a loss-maker gains nothing
    table = influence_value(G, own, lift=0.2, p=0.3, runs=20_000, seed=2)
    assert table.loc[0, "influence_value"] == pytest.approx(0.2 * 0.3 * 300, rel=0.03)
    assert table.loc[0, "reach"] == pytest.approx(0.3 * 4, rel=0.03)
    # A leaf reaches the hub (p) and the three other leaves through it (p²).
    leaf = 0.2 * (0.3 * 5 + 0.09 * 200)
    assert table.loc[1, "influence_value"] == pytest.approx(leaf, rel=0.05)
    # Monte Carlo error: the hub's reached value has variance 0.3 * 0.7 * 3 * 100².
    se = 0.2 * (0.3 * 0.7 * 3 * 100**2) ** 0.5 / 20_000**0.5
    assert table.loc[0, "influence_se"] == pytest.approx(se, rel=0.05)
    certain = influence_value(G, own, lift=0.2, p=1.0, runs=5)
    assert certain["influence_se"].eq(0).all() and certain.loc[0, "influence_value"] == 60.0
    with pytest.raises(ValueError, match="lift must be a probability"):
        influence_value(G, own, lift=2)


@pytest.mark.parametrize("order", [["C", "A", "B"], ["A", "B", "C"], ["B", "C", "A"]])
def test_values_follow_their_customers_whatever_the_node_order(order):
    # Graph built in any node order: the compiled graph sorts nodes, values must follow labels.
    G = nx.Graph()
    G.add_nodes_from(order)
    G.add_edges_from([("A", "B")])
    own = {"A": 10.0, "B": 200.0, "C": 3000.0}
    iv = influence_value(G, own, lift=0.5, p=1.0, runs=3)
    assert iv["influence_value"].to_dict() == {"A": 100.0, "B": 5.0, "C": 0.0}
    from ckmkit.network import network_value

    nv = network_value(G, own, p=1.0, runs=3)
    assert nv.loc[["A", "B", "C"], "own_value"].tolist() == [10.0, 200.0, 3000.0]
    assert nv.loc[["A", "B", "C"], "network_value"].tolist() == [200.0, 10.0, 0.0]
