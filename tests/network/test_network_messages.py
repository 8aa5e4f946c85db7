"""Clear, bilingual messages for mixed ids, weights, misnamed arguments and dropped rows."""

from __future__ import annotations

import math
import re

import networkx as nx
import pandas as pd
import pytest

import ckmkit
from ckmkit import network
from ckmkit.quality import DataQualityWarning


def _mixed(columns: tuple[str, str], extra: dict | None = None) -> pd.DataFrame:
    return pd.DataFrame({columns[0]: ["C1", 5], columns[1]: ["C2", "C1"], **(extra or {})})


@pytest.mark.parametrize("build, table, column", [
    (network.tie_graph, _mixed(("customer_a", "customer_b"), {"weight": [1, 1]}), "customer_a"),
    (network.referral_graph, _mixed(("referrer_id", "referred_id")), "referrer_id"),
    (network.assignment_graph,
     pd.DataFrame({"employee_id": ["E1", 5], "customer_id": ["C2", "C1"],
                   "role": ["primary", "backup"]}), "employee_id"),
])
def test_mixed_id_types_are_refused_clearly(build, table, column):
    with pytest.raises(ValueError, match=rf"Column '{column}' mixes id types: row 1 has 5 \(int\)"):
        build(table)
    with ckmkit.language("zh"), pytest.raises(ValueError, match=rf"列“{column}”混用了不同类型的编号"):
        build(table)


def test_mixed_types_across_the_two_columns_and_numbers_of_one_kind():
    table = pd.DataFrame({"referrer_id": ["C1", "C3"], "referred_id": ["C2", 7]})
    with pytest.raises(ValueError, match="'referred_id' mixes id types: row 1 has 7 .* "
                                         "column 'referrer_id' row 0 has 'C1'"):
        network.referral_graph(table)
    numbers = pd.DataFrame({"customer_a": [1, 2.0], "customer_b": [2, 3], "weight": [1, 1]})
    assert network.tie_graph(numbers).number_of_edges() == 2  # ints and floats: one kind
    staff = pd.DataFrame({"employee_id": [1, 2], "customer_id": ["C1", "C2"], "role": "primary"})
    assert network.assignment_graph(staff).number_of_edges() == 2  # sides may differ


def _weighted(values: list) -> nx.Graph:
    G = nx.Graph()
    for i, w in enumerate(values):
        G.add_edge(f"c{i}", f"c{i + 1}", weight=w)
    return G


@pytest.mark.parametrize("value, shown", [(math.nan, "nan"), ("lots", "'lots'"), (-1.0, "-1.0")])
def test_top_pagerank_checks_weights(value, shown):
    with pytest.raises(ValueError, match=rf"'weight' must hold weights of 0 or more; edge "
                                         rf"\('c1', 'c2'\) has {shown}"):
        network.top_pagerank(_weighted([1.0, value, 2.0]), 2)
    with ckmkit.language("zh"), pytest.raises(ValueError, match="必须是不小于 0 的权重"):
        network.top_pagerank(_weighted([1.0, value, 2.0]), 2)
    assert network.top_pagerank(_weighted([1.0, value, 2.0]), 2, weight=None) == ["c1", "c2"]


def test_top_pagerank_agrees_with_networkx():
    G = nx.gnm_random_graph(60, 150, seed=4)
    for u, v, d in G.edges(data=True):
        d["weight"] = 1 + (u * v) % 7
    for weight in ("weight", None):
        rank = nx.pagerank(G, weight=weight)
        expected = sorted(rank, key=rank.get, reverse=True)[:10]
        assert network.top_pagerank(G, 10, weight=weight) == expected
    assert network.top_pagerank(G, 10) == network.top_pagerank(G, 10, weight="weight")
    unweighted = nx.path_graph(5)  # no "weight" anywhere: every tie counts 1, as networkx does
    assert network.top_pagerank(unweighted, 2) == [1, 3]


def test_a_misspelt_weight_raises_everywhere():
    G = _weighted([1.0, 2.0, 3.0])
    message = r"No edge has the attribute 'wieght' \(edges have: weight\)"
    for call in (lambda: network.centrality_table(G, weight="wieght"),
                 lambda: network.linear_threshold(G, ["c0"], weight="wieght"),
                 lambda: network.detect_communities(G, weight="wieght"),
                 lambda: network.top_pagerank(G, 1, weight="wieght")):
        with pytest.raises(ValueError, match=message):
            call()
    with ckmkit.language("zh"), pytest.raises(ValueError, match="没有任何一条边带有属性“wieght”"):
        network.centrality_table(G, weight="wieght")


def test_a_weight_missing_on_some_edges_is_counted():
    G = _weighted([1.0, 2.0, 3.0])
    G.add_edge("c3", "x")
    G.add_edge("x", "y")
    with pytest.warns(DataQualityWarning, match="'weight' is missing on 2 of 5 edges; they count"):
        table = network.centrality_table(G, weight="weight")
    assert table.loc["x", "strength"] == 2.0 and table.loc["c2", "strength"] == 5.0
    with pytest.warns(DataQualityWarning, match="missing on 2 of 5 edges"):
        network.linear_threshold(G, ["c0"], weight="weight", runs=10)
    with ckmkit.language("zh"), pytest.warns(DataQualityWarning, match="5 条边中有 2 条缺少"):
        network.detect_communities(G)


def test_arguments_are_named_as_the_reader_wrote_them():
    star = nx.star_graph(4)
    with pytest.raises(ValueError, match="^eval_runs must be a whole number of at least 1; got 0"):
        network.compare_seed_strategies(star, 1, eval_runs=0)
    with ckmkit.language("zh"), pytest.raises(ValueError, match="^eval_runs 必须是不小于 1 的整数"):
        network.compare_seed_strategies(star, 1, eval_runs=0)
    with pytest.raises(ValueError, match="^Customer 5 is not a node of the network"):
        network.network_value(star, {v: 1.0 for v in star}, customers=[5])
    with ckmkit.language("zh"), pytest.raises(ValueError, match="^客户 5 不是网络中的节点"):
        network.network_value(star, {v: 1.0 for v in star}, customers=[5])
    table = network.compare_seed_strategies(star, 1, strategies="degree", eval_runs=50)
    assert table["strategy"].tolist() == ["degree"] and table["seeds"].tolist() == [[0]]
    with pytest.raises(ValueError, match="Unknown seeding strategy 'dgree'; choose one of celf"):
        network.compare_seed_strategies(star, 1, strategies=["dgree"])


ASSIGN = pd.DataFrame({"employee_id": ["E1", "E1", None, "E2", "E3", "E4"],
                       "customer_id": ["C1", "C2", "C3", None, "C4", "C5"],
                       "role": "primary"})
TEAMS = pd.DataFrame({"employee_id": ["E1", "E2", "E3"], "region": ["n", "s", None]})


@pytest.mark.parametrize("threshold", [None, "half", True, 0, 1.5])
def test_bus_factor_threshold_is_checked(threshold):
    with pytest.raises(ValueError, match="threshold must be a share above 0 and at most 1"):
        network.bus_factor(ASSIGN.dropna(), TEAMS, threshold=threshold)


def test_risk_functions_report_rows_with_missing_ids():
    message = "Excluded 2 of 6 rows: 2 with a missing id"
    with pytest.warns(DataQualityWarning, match=message):
        risk = network.key_person_risk(ASSIGN)
    assert sorted(risk.index) == ["E1", "E3", "E4"]
    with pytest.warns(DataQualityWarning, match=message):
        network.what_if_leaves(ASSIGN, "E1")
    with ckmkit.language("zh"), pytest.warns(DataQualityWarning, match="缺少编号 2 条"):
        network.key_person_risk(ASSIGN)


def test_bus_factor_reports_employees_without_a_team():
    with pytest.warns(DataQualityWarning) as caught:
        table = network.bus_factor(ASSIGN, TEAMS)
    texts = [str(w.message) for w in caught]
    assert "Excluded 2 of 6 rows: 2 with a missing id." in texts
    # E3 has no region, E4 no row in the teams table: 2 of the 3 assigned employees
    assert ("Excluded 2 of 3 rows: 1 employee with assignments but no row in the teams table; "
            "1 employee with no team (missing value).") in texts
    assert table["customers"].to_dict() == {"n": 2, "s": 0}  # E2's only row had no customer


def test_summaries_read_as_numbers_people_use():
    with pytest.warns(DataQualityWarning, match="2 of 4 customers in the assignments have no value"):
        outcome = network.what_if_leaves(ASSIGN.dropna(), "E1", pd.Series({"C1": 10.0, "C2": 5.5}))
    assert outcome.summary["customers_orphaned"] == 2
    assert isinstance(outcome.summary["customers_orphaned"], int)
    assert re.search(r"customers_orphaned +2\n", str(outcome.summary))  # not 2.000000
    spread = network.expected_spread(nx.star_graph(8), [0], p=0.25, runs=20_000)
    assert str(spread) == "3.01 active on average (95% CI 3.00 to 3.03, 20,000 runs)"
    single = network.expected_spread(nx.star_graph(8), [0], p=0.25, runs=1)
    assert "a confidence interval needs at least 2 runs" in str(single)
    with ckmkit.language("zh"):
        assert "置信区间至少需要 2 次模拟" in str(single)
        assert str(spread) == "平均激活 3.01 个（95% 置信区间 3.00 至 3.03，20,000 次模拟）"


def test_key_person_axis_names_the_column_for_readers():
    risk = pd.DataFrame({"sole_revenue": [50.0, 20.0], "sole_customers": [3, 1],
                         "sole_profit_share": [0.2, 0.1]}, index=["E1", "E2"])
    label = network.plots.plot_key_person_risk(risk, column="sole_revenue").get_xlabel()
    assert label == "At risk if the employee leaves: revenue of customers served by nobody else (CNY)"
    with ckmkit.language("zh"):
        assert network.plots.plot_key_person_risk(risk, column="sole_revenue").get_xlabel() == (
            "员工离职时面临风险：只由该员工服务的客户的收入（元）")
        assert "sole_" not in network.plots.plot_key_person_risk(
            risk, column="sole_profit_share").get_xlabel()
    assert network.plots.plot_key_person_risk(risk).get_xlabel().endswith(
        "customers served by nobody else")


def test_what_if_widget_gives_the_unit_of_the_amount():
    from ckmkit.widgets.network import key_person_what_if

    staff = pd.DataFrame({"employee_id": ["E1"], "customer_id": ["C1"], "role": ["primary"]})
    w = key_person_what_if(staff, pd.Series({"C1": 1234.0}, name="revenue"), show_plot=False)
    assert "revenue at risk: 1,234 CNY (100.0% of the total)" in w.summary.value
    w.language.value = "zh"
    assert "面临风险的收入：1,234 元（占总额的 100.0%）" in w.summary.value
