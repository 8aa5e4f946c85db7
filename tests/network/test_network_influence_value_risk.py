"""Influence maximisation, network value and key-person risk against exact answers."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from network_exact import exact_ic, mean_var

from ckmkit.network import key_from_seed, risk
from ckmkit.network.diffusion import DiffusionGraph, simulate, spread_of_sets
from ckmkit.network.influence import celf, choose_seeds, compare_seed_strategies, top_degree
from ckmkit.network.risk import bus_factor, key_person_risk, what_if_leaves
from ckmkit.network.value import network_value


def two_markets():
    """Two hubs sharing the same audience, and a smaller separate market.

    Degree picks both hubs (they reach the same people); a good seeding takes
    one hub and the separate market's centre.
    """
    G = nx.Graph()
    G.add_edges_from(("h1", f"a{i}") for i in range(12))
    G.add_edges_from(("h2", f"a{i}") for i in range(12))
    G.add_edges_from(("s", f"b{i}") for i in range(9))
    return G


def test_spread_of_sets_rows_match_simulate_on_the_same_worlds():
    G = nx.karate_club_graph()
    g = DiffusionGraph.from_networkx(G, p=0.2)
    rows = spread_of_sets(g, [np.array([0]), np.array([33, 5])], runs=50, key=key_from_seed(4))
    np.testing.assert_array_equal(rows[0], simulate(g, [0], p=0.2, runs=50, seed=4).final)
    np.testing.assert_array_equal(rows[1], simulate(g, [33, 5], p=0.2, runs=50, seed=4).final)


def test_celf_equals_plain_greedy_on_the_same_worlds():
    G = nx.powerlaw_cluster_graph(60, 2, 0.3, seed=2)
    g = DiffusionGraph.from_networkx(G, p=0.15)
    key = key_from_seed(0)

    def sigma(nodes):
        return spread_of_sets(g, [np.array(nodes)], runs=100, key=key).mean()

    greedy: list[int] = []
    for _ in range(4):
        gains = {v: sigma(greedy + [v]) for v in range(60) if v not in greedy}
        greedy.append(max(gains, key=lambda v: (gains[v], -v)))
    picked = celf(g, 4, p=0.15, runs=100, seed=0)
    assert picked["node"].tolist() == greedy
    assert picked["spread"].iloc[-1] == pytest.approx(sigma(greedy))
    plain = 60 + 59 + 58 + 57  # spread estimates plain greedy needs
    assert picked["evaluations"].iloc[-1] < 0.6 * plain


def test_celf_beats_degree_when_hubs_overlap():
    G = two_markets()
    assert set(top_degree(G, 2)) == {"h1", "h2"}
    chosen = set(celf(G, 2, p=0.5, runs=300)["node"])
    assert "s" in chosen and len(chosen & {"h1", "h2"}) == 1
    table = compare_seed_strategies(G, 2, p=0.5, strategies=("celf", "degree"), eval_runs=2000)
    celf_row, degree_row = table.iloc[0], table.iloc[1]
    assert celf_row["low"] > degree_row["high"]  # clearly better, on fresh worlds


def test_celf_k1_matches_exact_best_single_seed():
    G = nx.Graph([(0, 1), (0, 2), (1, 2), (2, 3), (3, 4)])
    exact = {v: mean_var(exact_ic(G, [v], 0.4))[0] for v in G}
    best = max(exact, key=exact.get)
    picked = celf(G, 1, p=0.4, runs=4000)
    assert picked["node"].iloc[0] == best
    assert picked["spread"].iloc[0] == pytest.approx(exact[best], abs=0.05)


@pytest.mark.parametrize("k", [-1, 99, 1.5])
def test_bad_k(k):
    with pytest.raises(ValueError, match="k must be"):
        celf(nx.path_graph(5), k)


def test_unknown_candidate_and_strategy():
    with pytest.raises(ValueError, match="Seed 'zz' is not a node"):
        celf(nx.path_graph(5), 1, candidates=[0, "zz"])
    with pytest.raises(ValueError, match="Unknown seeding strategy 'magic'"):
        choose_seeds(nx.path_graph(5), 1, "magic")


def test_candidates_restrict_the_choice():
    G = nx.star_graph(6)
    assert celf(G, 1, p=0.5, runs=50, candidates=[1, 2])["node"].iloc[0] in (1, 2)


def test_network_value_exact_on_a_star():
    G = nx.star_graph(3)
    clv = {0: 10.0, 1: 100.0, 2: 100.0, 3: 100.0}
    nv = network_value(G, pd.Series(clv), p=0.5, runs=40_000)
    assert nv.loc[0, "network_value"] == pytest.approx(150.0, rel=0.02)
    # a leaf reaches the hub w.p. 1/2 and each other leaf w.p. 1/4
    assert nv.loc[1, "network_value"] == pytest.approx(0.5 * 10 + 2 * 0.25 * 100, rel=0.02)
    assert nv.loc[0, "reach"] == pytest.approx(1.5, rel=0.02)
    assert nv.index[0] == 0 and nv.loc[0, "rank_gain"] == 3  # last by own value, first in total


def test_network_value_subset_and_missing_values():
    G = nx.path_graph(4)
    nx.set_node_attributes(G, 1.0, "clv")
    sub = network_value(G, "clv", p=1.0, runs=3, customers=[2])
    assert sub.index.tolist() == [2] and sub.loc[2, "network_value"] == 3.0
    del G.nodes[3]["clv"]
    with pytest.raises(ValueError, match="Customer 3 has no clv"):
        network_value(G, "clv")


ASSIGN = pd.DataFrame({
    "employee_id": ["E1", "E1", "E1", "E2", "E2", "E3", "E3", "E4"],
    "customer_id": ["C1", "C2", "C3", "C3", "C4", "C5", "C4", "C6"],
    "role": ["primary", "primary", "primary", "backup", "primary", "primary", "backup", "primary"],
})
REVENUE = pd.Series({"C1": 100.0, "C2": 50.0, "C3": 30.0, "C4": 20.0, "C5": 10.0, "C6": 90.0},
                    name="revenue")
STAFF = pd.DataFrame({"employee_id": ["E1", "E2", "E3", "E4"],
                      "region": ["east", "east", "east", "west"]})


def test_key_person_risk_counts_and_values():
    table = key_person_risk(ASSIGN, REVENUE)
    assert table.index.tolist() == ["E1", "E4", "E3", "E2"]  # by revenue at risk
    assert table.loc["E1", ["customers", "primary_customers", "sole_customers"]].tolist() == [3, 3, 2]
    assert table.loc["E1", "sole_revenue"] == 150.0
    assert table.loc["E1", "sole_revenue_share"] == pytest.approx(150 / 300)
    assert table.loc["E2", "sole_customers"] == 0


def test_what_if_one_and_several_leave():
    one = what_if_leaves(ASSIGN, "E1", REVENUE)
    assert one.orphaned.index.tolist() == ["C1", "C2"]
    assert one.to_backup.index.tolist() == ["C3"]
    assert one.summary["revenue_at_risk"] == 150.0
    both = what_if_leaves(ASSIGN, ["E2", "E3"], REVENUE)
    assert both.orphaned.index.tolist() == ["C4", "C5"]
    assert both.summary["customers_orphaned"] == 2
    with pytest.raises(ValueError, match="Employee 'E9' has no assignments"):
        what_if_leaves(ASSIGN, "E9")


def brute_force_bus_factor(threshold):
    """Smallest group of east-region employees orphaning >= threshold of east revenue."""
    east = ["E1", "E2", "E3"]
    ids = ASSIGN[ASSIGN["employee_id"].isin(east)]["customer_id"].unique()
    total = REVENUE[ids].sum()
    for size in range(1, 4):
        for group in itertools.combinations(east, size):
            lost = what_if_leaves(ASSIGN, list(group), REVENUE).orphaned.index
            if REVENUE[[c for c in lost if c in ids]].sum() >= threshold * total:
                return size
    return None


@pytest.mark.parametrize("threshold", [0.3, 0.6, 0.9, 1.0])
def test_bus_factor_matches_brute_force(threshold):
    table = bus_factor(ASSIGN, STAFF, REVENUE, threshold=threshold)
    assert table.loc["east", "bus_factor"] == brute_force_bus_factor(threshold)
    assert table.loc["west", "bus_factor"] == 1 and table.loc["east", "exact"]


def test_greedy_bus_factor_is_an_upper_bound(monkeypatch):
    exact = bus_factor(ASSIGN, STAFF, REVENUE, threshold=0.9)
    monkeypatch.setattr(risk, "_EXACT_TEAM_SIZE", 1)
    greedy = bus_factor(ASSIGN, STAFF, REVENUE, threshold=0.9)
    assert not greedy.loc["east", "exact"]
    assert greedy.loc["east", "bus_factor"] >= exact.loc["east", "bus_factor"]


def test_bus_factor_threshold_checked():
    with pytest.raises(ValueError, match="threshold must be"):
        bus_factor(ASSIGN, STAFF, threshold=0)
