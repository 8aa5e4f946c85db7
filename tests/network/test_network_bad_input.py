"""Bad input to the network API: a clear error naming the argument, edge, node or column.

Each case used to crash deep in NumPy, pandas or networkx, return a silently
wrong result, or (huge ``runs``, a team whose customers all keep outside
contacts) run for hours.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import ckmkit
from ckmkit import network as N
from ckmkit.network import key_from_seed


def _path_with(attribute: str, value: object, *, on: str = "edge") -> nx.Graph:
    G = nx.path_graph(3)
    nx.set_edge_attributes(G, 0.5, "p")
    if on == "edge":
        G[0][1][attribute] = value
    else:
        G.nodes[0][attribute] = value
    return G


ASSIGNMENTS = pd.DataFrame({"employee_id": ["E1", "E1", "E2", "E3"],
                            "customer_id": ["C1", "C2", "C2", "C3"],
                            "role": ["primary", "primary", "backup", "primary"]})
STAFF = pd.DataFrame({"employee_id": ["E1", "E2", "E3"], "region": ["n", "n", "s"]})
PATH = nx.path_graph(4)
MEMBERS = pd.Series([0, 0, 1, 1], index=range(4))

# (call, exception type, text the message must contain)
CASES = {
    "graph is a table": (lambda: N.independent_cascade(pd.DataFrame({"a": [1]}), [0]),
                         TypeError, "G must be a networkx graph; got DataFrame"),
    "graph is None": (lambda: N.centrality_table(None), TypeError, "got NoneType"),
    "seed is a list in a list": (lambda: N.simulate(PATH, [[0, 1]]), ValueError,
                                 "Seed [0, 1] is not a node"),
    "text edge probability": (lambda: N.independent_cascade(_path_with("p", "high"), [0], p="p"),
                              ValueError, "edge (0, 1) has 'high'"),
    "text LT weight": (lambda: N.linear_threshold(_path_with("w", "lots"), [0], weight="w"),
                       ValueError, "'w' must hold weights of 0 or more; edge (0, 1) has 'lots'"),
    "huge runs": (lambda: N.independent_cascade(PATH, [0], runs=10**12), ValueError,
                  "runs=1000000000000 is more than 10,000,000"),
    "spread_of_sets runs=0": (lambda: N.spread_of_sets(
        N.DiffusionGraph.from_networkx(PATH), [np.array([0])], runs=0, key=key_from_seed(0)),
        ValueError, "runs must be"),
    "spread_of_sets label not position": (lambda: N.spread_of_sets(
        N.DiffusionGraph.from_networkx(PATH), [np.array([9])], runs=3, key=key_from_seed(0)),
        ValueError, "node positions from 0 to 3 (see DiffusionGraph.index); set 0 has 9"),
    "spread_of_sets a mask, not positions": (lambda: N.spread_of_sets(
        N.DiffusionGraph.from_networkx(PATH), [np.array([True])], runs=3, key=key_from_seed(0)),
        ValueError, "set 0 has True"),
    "spread_of_sets unknown model": (lambda: N.spread_of_sets(
        N.DiffusionGraph.from_networkx(PATH), [np.array([0])], model="sir", key=key_from_seed(0)),
        ValueError, "Unknown diffusion model 'sir'"),
    "betweenness k=0": (lambda: N.betweenness(PATH, k=0), ValueError, "k (source nodes sampled"),
    "betweenness k=1.5": (lambda: N.centrality_table(PATH, k=1.5), ValueError, "got 1.5"),
    "pagerank alpha=1.5": (lambda: N.centrality_table(PATH, alpha=1.5), ValueError,
                           "alpha must be a probability"),
    "top_pagerank alpha=nan": (lambda: N.top_pagerank(PATH, 1, alpha=float("nan")), ValueError,
                               "alpha must be a probability"),
    "NaN weight in centrality": (lambda: N.centrality_table(_path_with("weight", np.nan),
                                                            weight="weight"),
                                 ValueError, "'weight' must hold weights of 0 or more; edge (0, 1)"),
    "negative weight in Louvain": (lambda: N.detect_communities(_path_with("weight", -1.0)),
                                   ValueError, "edge (0, 1) has -1.0"),
    "text weight in contact_probability": (lambda: N.contact_probability(
        _path_with("weight", "lots")), ValueError, "edge (0, 1) has 'lots'"),
    "random_seeds seed=1.5": (lambda: N.random_seeds(PATH, 1, seed=1.5), ValueError,
                              "seed must be"),
    "membership as a list": (lambda: N.modularity(PATH, [0, 0, 1, 1]), TypeError,
                             "membership must map each node"),
    "membership misses a node": (lambda: N.modularity(PATH, MEMBERS.drop(3)), ValueError,
                                 "Node 3 has no community"),
    "membership repeats a node": (lambda: N.community_summary(
        PATH, pd.concat([MEMBERS, pd.Series({3: 1})])), ValueError, "membership lists"),
    "modularity without ties": (lambda: N.modularity(nx.empty_graph(3), pd.Series([0, 0, 1])),
                                ValueError, "no ties"),
    "text node value in summary": (lambda: N.community_summary(
        _path_with("revenue", "lots", on="node"), MEMBERS.iloc[:3]),
        ValueError, "'revenue' must hold finite numbers; customer 0 has 'lots'"),
    "text node value": (lambda: N.customer_values(_path_with("clv", "lots", on="node"), "clv"),
                        ValueError, "customer 0 has 'lots'"),
    "network_value text attribute": (lambda: N.network_value(
        _path_with("clv", "lots", on="node"), "clv", runs=3), ValueError, "customer 0 has 'lots'"),
    "network_value infinite value": (lambda: N.network_value(
        PATH, {0: np.inf, 1: 1, 2: 1, 3: 1}, runs=3), ValueError, "customer 0 has inf"),
    "network_value values as a list": (lambda: N.network_value(PATH, [1, 2, 3, 4], runs=3),
                                       TypeError, "value must map each node"),
    "duplicate customer ids": (lambda: N.referral_graph(
        pd.DataFrame({"referrer_id": ["C1"], "referred_id": ["C2"]}),
        pd.DataFrame({"customer_id": ["C1", "C2", "C1"], "revenue": [1, 2, 3]})),
        ValueError, "Id 'C1' appears in 2 rows of column 'customer_id'"),
    "risk values indexed by position": (lambda: N.key_person_risk(
        ASSIGNMENTS, pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "revenue": [1.0, 2, 3]})),
        ValueError, "values is indexed by ids such as 0"),
    "risk values with text": (lambda: N.what_if_leaves(
        ASSIGNMENTS, "E1", pd.Series({"C1": "lots", "C2": 2.0, "C3": 3.0}, name="revenue")),
        ValueError, "'revenue' must hold finite numbers; customer 'C1' has 'lots'"),
    "risk values as a dict with a repeat": (lambda: N.bus_factor(
        ASSIGNMENTS, STAFF, pd.Series([1.0, 2, 3, 4], index=["C1", "C1", "C2", "C3"])),
        ValueError, "values lists 'C1' more than once"),
    "bus_factor threshold as text": (lambda: N.bus_factor(ASSIGNMENTS, STAFF, threshold="0.5"),
                                     ValueError, "threshold must be"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_gets_a_clear_error(case):
    call, kind, text = CASES[case]
    with pytest.raises(kind) as info:
        call()
    assert text in str(info.value)


def test_celf_and_network_value_take_one_node_name_as_one_candidate():
    G = nx.Graph([("张伟", "李娜"), ("李娜", "王芳")])
    assert N.celf(G, 1, candidates="张伟", runs=3)["node"].tolist() == ["张伟"]
    values = {"张伟": 1.0, "李娜": 2.0, "王芳": 3.0}
    assert N.network_value(G, values, customers="张伟", runs=3).index.tolist() == ["张伟"]


def test_bus_factor_is_nan_when_the_team_cannot_orphan_enough():
    # C2 is served from both regions, so neither region leaving orphans anyone;
    # the greedy search used to loop forever here.
    a = pd.DataFrame({"employee_id": ["E1", "E2"], "customer_id": ["C2", "C2"], "role": "primary"})
    staff = pd.DataFrame({"employee_id": ["E1", "E2"], "region": ["n", "s"]})
    table = N.bus_factor(a, staff)
    assert table["bus_factor"].isna().all() and table["who"].tolist() == [[], []]


def test_community_summary_without_ties_has_nan_modularity():
    summary = N.community_summary(nx.empty_graph(3), pd.Series([0, 0, 1]))
    assert summary["size"].tolist() == [2, 1] and np.isnan(summary.attrs["modularity"])


def test_categorical_id_columns_build_a_graph():
    ties = pd.DataFrame({"customer_a": ["C1", "C2"], "customer_b": ["C2", "C3"], "weight": [3, 1]})
    G = N.tie_graph(ties.astype({"customer_a": "category", "customer_b": "category"}))
    assert sorted(G.edges()) == [("C1", "C2"), ("C2", "C3")]


def test_bad_input_messages_speak_chinese():
    with ckmkit.language("zh"):
        with pytest.raises(TypeError, match="G 必须是 networkx 图"):
            N.top_degree(pd.DataFrame({"a": [1]}), 1)
        with pytest.raises(ValueError, match=r"边 \(0, 1\) 的值为 'lots'"):
            N.linear_threshold(_path_with("w", "lots"), [0], weight="w")
        with pytest.raises(ValueError, match="客户 0 的值为 'lots'"):
            N.customer_values(_path_with("clv", "lots", on="node"), "clv")
        with pytest.raises(ValueError, match="模块度没有定义"):
            N.modularity(nx.empty_graph(2), pd.Series([0, 1]))
