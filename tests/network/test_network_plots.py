"""Plots return Axes whose data match the tables and whose labels follow the language."""

from __future__ import annotations

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection

import ckmkit
from ckmkit.network.communities import detect_communities
from ckmkit.network.diffusion import simulate
from ckmkit.network.plots import (
    draw_assignments,
    draw_network,
    plot_key_person_risk,
    plot_network_value,
    plot_spread_curve,
    plot_strategy_comparison,
)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_spread_curve_plots_the_mean_per_step():
    c = simulate(nx.karate_club_graph(), [0, 33], p=0.2, runs=100, seed=1)
    ax = plot_spread_curve(c, label="A")
    np.testing.assert_allclose(ax.lines[0].get_ydata(), c.curve().mean(axis=1))
    assert ax.get_legend().get_texts()[0].get_text() == "A"


def test_strategy_bars_match_table_and_speak_chinese():
    table = pd.DataFrame({"strategy": ["celf", "degree"], "mean": [10.0, 8.0],
                          "low": [9.0, 7.5], "high": [11.0, 8.5]})
    with ckmkit.language("zh"):
        ax = plot_strategy_comparison(table)
    assert [p.get_height() for p in ax.patches] == [10.0, 8.0]
    assert [x.get_text() for x in ax.get_xticklabels()] == ["贪心算法（CELF）", "联系最多"]
    assert ax.get_ylabel() == "预期触达的客户数"


def test_draw_network_marks_seeds_and_colours_communities():
    G = nx.barbell_graph(5, 0)
    ax = draw_network(G, communities=detect_communities(G), seeds=[0])
    nodes = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert [len(c.get_offsets()) for c in nodes] == [10, 1]  # all customers, then the seed
    colours = {tuple(np.round(fc, 3)) for fc in nodes[0].get_facecolors()}
    assert len(colours) == 2  # two communities, two colours
    assert ax.get_legend().get_texts()[0].get_text() == "seed customer"


def test_draw_directed_network():
    ax = draw_network(nx.DiGraph([(0, 1), (1, 2)]), active={0, 1})
    assert ax.get_title() == "Customer network"


def test_network_value_bars_stack_own_and_network_value():
    table = pd.DataFrame({"own_value": [10.0, 50.0], "network_value": [80.0, 5.0]},
                         index=["C1", "C2"])
    ax = plot_network_value(table, top=2)
    widths = [p.get_width() for p in ax.patches]
    assert widths == [50.0, 10.0, 5.0, 80.0]  # own bars then network bars, smallest first


def test_key_person_bars():
    table = pd.DataFrame({"sole_customers": [3, 9, 1]}, index=["E1", "E2", "E3"])
    ax = plot_key_person_risk(table, top=2)
    assert [p.get_width() for p in ax.patches] == [3, 9]
    assert [x.get_text() for x in ax.get_yticklabels()] == ["E1", "E2"]


def test_assignments_show_orphans_in_chinese():
    B = nx.Graph([("E1", "C1"), ("E1", "C2"), ("E2", "C2"), ("E2", "C3")])
    nx.set_node_attributes(B, {"E1": "employee", "E2": "employee"}, "kind")
    with ckmkit.language("zh"):
        ax = draw_assignments(B, leaving=["E1"])
    labels = {x.get_text() for x in ax.get_legend().get_texts()}
    assert labels == {"未受影响的客户", "仍有其他联系人的客户", "失去所有联系人的客户", "员工", "离职员工"}


def test_seed_outside_the_drawn_network_is_named():
    with pytest.raises(ValueError, match="Seed 9 is not a node"):
        draw_network(nx.path_graph(3), seeds=[9])
