"""Chapter-4 widgets respond to their controls, in both languages (in-kernel, no browser)."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from ckmkit.network.communities import detect_communities
from ckmkit.network.diffusion import simulate
from ckmkit.network.influence import celf, top_degree, top_pagerank
from ckmkit.network.risk import what_if_leaves
from ckmkit.widgets.network import key_person_what_if, network_explorer


@pytest.fixture(scope="module")
def graph():
    return nx.powerlaw_cluster_graph(120, 2, 0.3, seed=8)


def test_explorer_follows_every_control(graph):
    explorer = network_explorer(graph, detect_communities(graph), runs=80, show_plot=False)
    assert explorer.refreshes == 1
    explorer.controls["k"].value = 4
    explorer.controls["strategy"].value = "pagerank"
    assert explorer.seeds == top_pagerank(graph, 4)
    explorer.controls["p"].value = 0.2
    expected = simulate(graph, explorer.seeds, p=0.2, runs=80, seed=1).spread()
    assert explorer.spread.mean == pytest.approx(expected.mean)
    explorer.controls["strategy"].value = "celf"
    pool = top_degree(graph, 30)  # CELF chooses among the 30 best-connected customers
    picks = celf(graph, 10, p=0.2, runs=80, seed=0, candidates=pool)["node"].tolist()
    assert explorer.seeds == picks[:4]
    assert explorer.refreshes == 5  # one refresh per change, none from relabelling
    assert "Expected reach" in explorer.summary.value


def test_explorer_keeps_results_and_relabels_only_on_a_language_switch(graph, monkeypatch):
    import ckmkit.widgets.network as module

    chosen = []
    real_celf = module.celf
    monkeypatch.setattr(module, "celf", lambda *a, **k: chosen.append(k) or real_celf(*a, **k))
    explorer = network_explorer(graph, runs=60, show_plot=False)
    explorer.controls["strategy"].value = "celf"
    explorer.controls["k"].value = 2  # CELF picked max_k = 10 seeds once: k = 2 takes two
    assert len(chosen) == 1 and explorer.seeds == real_celf(
        graph, 10, p=0.1, runs=60, seed=0, candidates=top_degree(graph, 30))["node"].tolist()[:2]
    explorer.controls["k"].value = 5
    before = explorer.spread
    simulated = []
    monkeypatch.setattr(module, "simulate", lambda *a, **k: simulated.append(a))
    explorer.language.value = "zh"  # nothing is chosen or simulated again
    explorer.controls["k"].value = 2
    explorer.controls["k"].value = 5
    assert simulated == [] and len(chosen) == 1 and explorer.spread == before
    assert "预期触达" in explorer.summary.value and "Expected" not in explorer.summary.value
    assert sorted(explorer._results) == [("celf", 2, 0.1, 60), ("celf", 3, 0.1, 60),
                                         ("celf", 5, 0.1, 60), ("degree", 3, 0.1, 60)]


def test_explorer_celf_pool_is_documented_and_optional(graph):
    assert network_explorer(graph, runs=20, show_plot=False).candidates == top_degree(graph, 30)
    assert network_explorer(graph, runs=20, show_plot=False, pool=None).candidates is None


def test_explorer_switches_language(graph):
    explorer = network_explorer(graph, runs=50, show_plot=False)
    explorer.language.value = "zh"
    assert explorer.controls["k"].description == "种子数量"
    assert ("贪心算法（CELF）", "celf") in explorer.controls["strategy"].options
    assert "预期触达" in explorer.summary.value


def test_explorer_draws(graph, monkeypatch):
    shown = []
    monkeypatch.setattr("ckmkit.widgets.core.display", shown.append)  # no kernel to show it
    explorer = network_explorer(graph, runs=50)
    figure, axes = explorer.figure, explorer.figure.axes
    assert len(axes) == 2 and axes[1].get_title() == "Customer network"
    assert axes[0].get_ylim()[1] == pytest.approx(1.05 * graph.number_of_nodes())
    explorer.controls["k"].value = 5  # the network stays; the curve and the seeds are redrawn
    assert explorer.figure is figure and len(shown) == 2 and shown[0].data != shown[1].data
    stars = [c for c in axes[1].collections if c.get_label() == "seed customer"]
    assert len(stars) == 1 and len(stars[0].get_offsets()) == 5
    assert axes[0].get_ylim()[1] == pytest.approx(1.05 * graph.number_of_nodes())


ASSIGN = pd.DataFrame({"employee_id": ["E1", "E1", "E2", "E2", "E3"],
                       "customer_id": ["C1", "C2", "C2", "C3", "C3"],
                       "role": ["primary", "primary", "backup", "primary", "backup"]})
REVENUE = pd.Series({"C1": 100.0, "C2": 50.0, "C3": 30.0}, name="revenue")


def test_what_if_follows_the_dropdown_and_draws():
    w = key_person_what_if(ASSIGN, REVENUE)
    assert list(w.controls["employee"].options) == ["E1", "E2", "E3"]  # most at risk first
    assert w.outcome.summary["revenue_at_risk"] == 100.0
    w.controls["employee"].value = "E2"
    expected = what_if_leaves(ASSIGN, "E2", REVENUE)
    pd.testing.assert_series_equal(w.outcome.summary, expected.summary)
    assert "Customers who fall back to a backup contact: 1" in w.summary.value
    assert w.figure.axes[1].get_title() == "After E2 leaves"
    w.language.value = "zh"
    assert w.controls["employee"].description == "离职员工"
    assert "转由备用联系人服务" in w.summary.value
    assert "面临风险的收入" in w.summary.value and "revenue" not in w.summary.value


@pytest.fixture(scope="module")
def valued(graph):
    """The test graph as contact network, a referral network on some of its ties, and values."""
    import numpy as np

    rng = np.random.default_rng(5)
    values = pd.Series(rng.normal(300, 400, graph.number_of_nodes()).round(2), index=list(graph.nodes))
    referrals = nx.DiGraph([(a, b) for a, b in graph.edges if (a + b) % 5 == 0])
    referrals.add_nodes_from(graph.nodes)
    return graph, referrals, values


def test_network_value_explorer_follows_every_assumption(valued):
    from ckmkit.network import influence_value, referral_value
    from ckmkit.widgets.network import network_value_explorer

    ties, referrals, values = valued
    explorer = network_value_explorer(ties, referrals, values, p=0.2, runs=60, show_plot=False)
    reached = influence_value(ties, values, lift=1.0, p=0.2, runs=60, seed=0)["reached_value"]
    for name, value in (("share", 0.8), ("reward", 120.0), ("lift", 0.25)):
        before = explorer.table["network_value"].copy()
        explorer.controls[name].value = value
        assert not explorer.table["network_value"].equals(before), name
    expected = referral_value(referrals, values, incremental_share=0.8, reward=120.0)["referral_value"]
    pd.testing.assert_series_equal(explorer.table["referral_value"], expected.reindex(explorer.table.index),
                                   check_names=False)
    pd.testing.assert_series_equal(explorer.table["influence_value"], 0.25 * reached, check_names=False)
    table = explorer.table
    assert (table["total_value"] == table["own_value"] + table["network_value"]).all()
    carried = int(((table["own_value"] < 0) & (table["total_value"] > 0)).sum())
    assert f"{carried} of {int((values < 0).sum())}" in explorer.summary.value
    best = table["network_value"].idxmax()
    assert f"<td>{best}</td>" in explorer.ranking.value
    assert explorer.refreshes == 4
    reused = network_value_explorer(ties, referrals, values, show_plot=False,
                                    influence=influence_value(ties, values, lift=0.3, p=0.2, runs=60))
    pd.testing.assert_series_equal(reused.reached, reached)  # the lift of the table given does not matter


def test_network_value_explorer_speaks_chinese_escapes_ids_and_draws(valued, monkeypatch):
    from ckmkit.widgets.network import network_value_explorer

    shown = []
    monkeypatch.setattr("ckmkit.widgets.core.display", shown.append)  # no kernel to show it
    ties, referrals, values = valued
    odd = {v: f"<b>{v}</b>" for v in ties}  # ids from a user's table are shown, never interpreted
    explorer = network_value_explorer(nx.relabel_nodes(ties, odd), nx.relabel_nodes(referrals, odd),
                                      values.rename(index=odd), p=0.2, runs=30, top=5)
    assert "<b>" not in explorer.ranking.value and "&lt;b&gt;" in explorer.ranking.value
    assert len(shown) == 1  # the chart
    explorer.language.value = "zh"
    assert len(shown) == 2 and shown[0].data != shown[1].data  # redrawn with Chinese labels
    assert "客户推荐价值" in explorer.summary.value and "客户影响价值" in explorer.ranking.value
    assert explorer.controls["lift"].description == "被触达客户的购买提升比例"
