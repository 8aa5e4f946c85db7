"""A researcher's own graphs: text and infinite weights, zero weights, odd arguments.

Each measure is compared with networkx itself on the same graph with float
weights (to 1e-12: the same algorithm on the same numbers). Each case used to
crash deep in networkx, or return NaN or silently wrong groups.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import ckmkit
from ckmkit import network as N

TOL = 1e-12


def _edge_list(as_text: bool) -> nx.Graph:
    """Two triangles joined by a weak tie; weights as read from a CSV (text) or as floats."""
    rows = [("a", "b", 3), ("b", "c", 2), ("a", "c", 1), ("c", "d", 0.5),
            ("d", "e", 2), ("e", "f", 4), ("d", "f", 1)]
    return nx.Graph((u, v, {"weight": str(w) if as_text else float(w)}) for u, v, w in rows)


def test_weights_written_as_text_give_networkx_results_on_the_numbers():
    text, numbers = _edge_list(True), _edge_list(False)
    table = N.centrality_table(text, weight="weight")
    assert table["strength"].to_dict() == dict(numbers.degree(weight="weight"))
    pagerank = nx.pagerank(numbers, weight="weight")
    assert max(abs(table.loc[v, "pagerank"] - pagerank[v]) for v in numbers) < TOL
    distance = nx.betweenness_centrality(numbers, weight="weight")
    assert N.betweenness(text, weight="weight").to_dict() == pytest.approx(distance, abs=TOL)
    groups = N.detect_communities(text)
    assert groups.to_dict() == N.detect_communities(numbers).to_dict()
    assert sorted(map(sorted, groups.groupby(groups).groups.values())) == [
        ["a", "b", "c"], ["d", "e", "f"]]
    expected = nx.community.modularity(numbers, [{"a", "b", "c"}, {"d", "e", "f"}])
    assert N.modularity(text, groups) == pytest.approx(expected, abs=TOL)
    assert N.community_summary(text, groups).attrs["modularity"] == pytest.approx(expected, abs=TOL)
    assert text["a"]["b"]["weight"] == "3"  # the caller's graph is left as it was


@pytest.mark.parametrize("call", [
    lambda G: N.centrality_table(G, weight="weight"),
    lambda G: N.detect_communities(G),
    lambda G: N.top_pagerank(G, 1),
    lambda G: N.linear_threshold(G, ["a"], weight="weight", runs=3),
], ids=["centrality", "communities", "top_pagerank", "linear_threshold"])
def test_an_infinite_weight_is_refused_naming_the_edge(call):
    G = _edge_list(False)
    G["a"]["b"]["weight"] = np.inf
    with pytest.raises(ValueError, match=r"'weight' must hold weights of 0 or more; "
                                         r"edge \('a', 'b'\) has inf"):
        call(G)


@pytest.mark.parametrize("weights", [[1.0, np.inf], pd.array([1, None], dtype="Int64")])
def test_tie_graph_refuses_infinite_and_missing_nullable_weights(weights):
    ties = pd.DataFrame({"customer_a": ["C1", "C2"], "customer_b": ["C2", "C3"], "weight": weights})
    with pytest.raises(ValueError, match="Column 'weight' must hold tie weights of 0 or more; row 1"):
        N.tie_graph(ties)


def test_ties_that_all_weigh_zero_have_no_modularity():
    G = nx.path_graph(4)
    nx.set_edge_attributes(G, 0, "weight")
    members = pd.Series([0, 0, 1, 1])
    for call in (lambda: N.detect_communities(G), lambda: N.modularity(G, members)):
        with pytest.raises(ValueError, match="Every tie has weight 0 in edge attribute 'weight'"):
            call()
        with ckmkit.language("zh"), pytest.raises(ValueError, match="模块度没有定义"):
            call()
    assert np.isnan(N.community_summary(G, members).attrs["modularity"])
    assert N.detect_communities(G, weight=None).tolist() == [0, 0, 1, 1]


@pytest.mark.parametrize("resolution", [0, -1.0, "high", None, np.nan])
def test_resolution_must_be_a_positive_number(resolution):
    with pytest.raises(ValueError, match="resolution must be a number above 0"):
        N.detect_communities(nx.path_graph(5), resolution=resolution)


def test_pagerank_that_cannot_converge_says_why():
    for call in (lambda: N.centrality_table(nx.path_graph(3), alpha=1.0),
                 lambda: N.top_pagerank(nx.path_graph(3), 1, alpha=1.0)):
        with pytest.raises(ValueError, match="PageRank did not converge with alpha=1.0"):
            call()
        with ckmkit.language("zh"), pytest.raises(ValueError, match="PageRank 没有收敛"):
            call()


def test_compare_seed_strategies_takes_a_generator_and_scores_on_shared_worlds():
    G = nx.karate_club_graph()
    table = N.compare_seed_strategies(G, 2, strategies=("degree", "pagerank"), runs=20,
                                      eval_runs=200, seed=np.random.default_rng(5))
    assert table["seeds"].tolist() == [[33, 0], [33, 0]]
    assert table.loc[0, "mean"] == table.loc[1, "mean"]  # same seeds on the same worlds


def test_graphs_built_from_integer_ids_hold_python_ints():
    # NumPy int64 nodes print as np.int64(1) and make json.dumps fail on the graph.
    import json

    people = pd.DataFrame({"customer_id": [1, 2, 3]})
    G = N.tie_graph(pd.DataFrame({"customer_a": [1], "customer_b": [2], "weight": [1]}), people)
    R = N.referral_graph(pd.DataFrame({"referrer_id": [1], "referred_id": [2]}), people)
    staff = pd.DataFrame({"employee_id": [7]})
    B = N.assignment_graph(pd.DataFrame({"employee_id": [7], "customer_id": [1], "role": "primary"}),
                           people, staff)
    for graph in (G, R, B):
        assert {type(v) for v in graph} == {int}
        json.dumps(nx.node_link_data(graph, edges="links"))


def test_community_summary_refuses_a_value_attribute_no_node_has():
    G = nx.path_graph(4)
    nx.set_node_attributes(G, {0: 5.0, 1: 2.0}, "clv")
    members = pd.Series([0, 0, 1, 1])
    assert N.community_summary(G, members, value="clv")["value"].tolist() == [7.0, 0.0]
    with pytest.raises(ValueError, match=r"No node has the attribute 'cvl' \(nodes have: clv\)"):
        N.community_summary(G, members, value="cvl")
    with ckmkit.language("zh"), pytest.raises(ValueError, match="没有任何节点带有属性“cvl”"):
        N.community_summary(G, members, value="cvl")
    assert N.community_summary(G, members)["value"].tolist() == [0.0, 0.0]  # default: optional


def test_a_probability_attribute_on_no_edge_is_called_misspelt():
    G = nx.Graph([(1, 2, {"prob": 0.5}), (2, 3, {"prob": 0.2})])
    with pytest.raises(ValueError, match=r"No edge has the attribute 'p' \(edges have: prob\); "
                                         "check the spelling, or pass a number as p"):
        N.independent_cascade(G, [1], p="p")
    with ckmkit.language("zh"), pytest.raises(ValueError, match="没有任何边带有属性“p”"):
        N.independent_cascade(G, [1], p="p")


@pytest.mark.parametrize("build", [
    lambda people: N.tie_graph(pd.DataFrame({"customer_a": [1], "customer_b": [2], "weight": [1]}),
                               people),
    lambda people: N.referral_graph(pd.DataFrame({"referrer_id": [1], "referred_id": [2]}), people),
    lambda people: N.assignment_graph(
        pd.DataFrame({"employee_id": ["E1"], "customer_id": [1], "role": "primary"}), people),
], ids=["tie_graph", "referral_graph", "assignment_graph"])
def test_customer_ids_typed_unlike_the_edge_table_are_refused(build):
    # Used to leave every edge out as "naming a customer not in the customer table".
    people = pd.DataFrame({"customer_id": ["1", "2"]})
    with pytest.raises(ValueError, match=r"Ids in column 'customer_id' of the node table \(row 0: "
                                         r"'1', str\) and in column '.*' of the edge table"):
        build(people)
    with ckmkit.language("zh"), pytest.raises(ValueError, match="编号类型不同"):
        build(people)
    build(people.astype({"customer_id": int}))  # one type: fine


def test_risk_reports_customers_without_a_value_and_roles_it_does_not_know():
    # Both used to count silently: a customer without a value as 0, any other role as backup.
    a = pd.DataFrame({"employee_id": ["E1", "E1", "E2"], "customer_id": ["C1", "C2", "C3"],
                      "role": ["primary", "Primary", "backup"]})
    clv = pd.Series({"C1": 10.0, "C2": 4.0}, name="clv")
    with pytest.warns(ckmkit.DataQualityWarning) as caught:
        table = N.key_person_risk(a, clv)
    assert [str(w.message) for w in caught] == [
        "1 of 3 assignment rows has a 'role' other than 'primary' or 'backup' ('Primary'); "
        "it counts as backup.",
        "1 of 3 customers in the assignments has no value ('C3'); it counts as 0.",
    ]
    assert table.loc["E1", "primary_customers"] == 1 and table.loc["E2", "sole_clv"] == 0.0
    with ckmkit.language("zh"), pytest.warns(ckmkit.DataQualityWarning, match="有 1 位没有价值"):
        N.what_if_leaves(a.assign(role="primary"), "E1", clv)
    with pytest.warns(ckmkit.DataQualityWarning, match="1 of 3 customers") as caught:
        N.bus_factor(a.assign(role="primary"), pd.DataFrame({"employee_id": ["E1", "E2"],
                                                             "region": ["n", "s"]}), clv)
    assert caught[0].filename == __file__  # points at the caller's line


def test_community_labels_mixing_text_and_numbers_are_named():
    # pandas cannot sort "a" and 1 into one table: it used to fail with a bare TypeError.
    G = nx.path_graph(4)
    mixed = pd.Series({0: "a", 1: "a", 2: 1, 3: 1})
    with pytest.raises(ValueError, match="node 2 is in community 1, but the first node is in 'a'"):
        N.community_summary(G, mixed)
    with ckmkit.language("zh"), pytest.raises(ValueError, match="社区标签须全部是数字或全部是文字"):
        N.modularity(G, mixed)
    numbers = pd.Series({0: 1, 1: 1.0, 2: np.int64(2), 3: 2})  # numbers of any type are one kind
    assert N.community_summary(G, numbers)["size"].tolist() == [2, 2]
