"""Graphs from CRM tables: counted handling of messy rows, attributes on nodes."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

import ckmkit
from ckmkit.network.graphs import (
    assignment_graph,
    attach_customer_data,
    customer_values,
    referral_graph,
    tie_graph,
)
from ckmkit.quality import DataQualityError, DataQualityWarning

CUSTOMERS = pd.DataFrame({
    "customer_id": ["C1", "C2", "C3", "C4"],
    "revenue": [100.0, 250.0, None, 40.0],
    "region": ["east", "west", "east", "north"],
})


def test_referrals_count_every_kind_of_bad_row():
    refs = pd.DataFrame({
        "referrer_id": ["C1", "C1", "C1", "C2", None, "C9", "C3"],
        "referred_id": ["C2", "C2", "C3", "C2", "C4", "C1", "C1"],
        "date": pd.date_range("2024-01-01", periods=7),
    })
    with pytest.warns(DataQualityWarning) as caught:
        G = referral_graph(refs, CUSTOMERS)
    text = str(caught[0].message)
    assert text.startswith("Excluded 4 of 7 rows")
    for part in ("1 with a missing id", "1 naming a customer not in the customer table",
                 "1 self-loop (", "1 repeated edge merged"):
        assert part in text
    assert G.is_directed()
    assert sorted(G.edges()) == [("C1", "C2"), ("C1", "C3"), ("C3", "C1")]
    assert G["C1"]["C2"] == {"weight": 2, "rows": 2}
    assert set(G.nodes) == {"C1", "C2", "C3", "C4"}  # C4 never referred anyone: still there
    assert G.nodes["C2"]["revenue"] == 250.0 and "revenue" not in G.nodes["C3"]


def test_strict_raises_instead_of_warning():
    refs = pd.DataFrame({"referrer_id": ["C1"], "referred_id": ["C1"]})
    with pytest.raises(DataQualityError, match="1 self-loop "):
        referral_graph(refs, strict=True)


def test_clean_input_gives_no_warning():
    refs = pd.DataFrame({"referrer_id": ["C1", "C2"], "referred_id": ["C2", "C3"]})
    assert referral_graph(refs, CUSTOMERS).number_of_edges() == 2  # warnings are errors here


def test_ties_merge_reversed_pairs_and_add_weights():
    ties = pd.DataFrame({"customer_a": ["C1", "C2", "C2"], "customer_b": ["C2", "C1", "C3"],
                         "weight": [2, 3, 1]})
    with pytest.warns(DataQualityWarning, match="1 repeated edge merged"):
        G = tie_graph(ties, CUSTOMERS)
    assert not G.is_directed()
    assert G["C2"]["C1"] == {"weight": 5.0, "rows": 2}
    assert G.number_of_nodes() == 4


def test_ties_without_weights_count_rows():
    ties = pd.DataFrame({"customer_a": [1, 2], "customer_b": [2, 1]})
    with pytest.warns(DataQualityWarning):
        G = tie_graph(ties, weight=None)
    assert G[1][2]["weight"] == 2.0


@pytest.mark.parametrize("bad", [-1, "lots", None])
def test_bad_tie_weight_names_the_row(bad):
    ties = pd.DataFrame({"customer_a": ["C1", "C2"], "customer_b": ["C2", "C3"],
                         "weight": [1, bad]}, index=[10, 11])
    with pytest.raises(ValueError, match="row 11"):
        tie_graph(ties)


def test_missing_column_is_named():
    with pytest.raises(ValueError, match="Column 'referred_id' is missing"):
        referral_graph(pd.DataFrame({"referrer_id": ["C1"]}))


def test_assignment_graph_is_bipartite_with_roles():
    a = pd.DataFrame({"employee_id": ["E1", "E1", "E2", "E2", "E3"],
                      "customer_id": ["C1", "C2", "C2", "C2", "C9"],
                      "role": ["primary", "primary", "backup", "primary", "primary"]})
    staff = pd.DataFrame({"employee_id": ["E1", "E2", "E3"], "region": ["east", "west", "east"]})
    with pytest.warns(DataQualityWarning) as caught:
        B = assignment_graph(a, CUSTOMERS, staff)
    text = str(caught[0].message)
    assert "1 naming a customer not in the customer table" in text
    assert "1 repeated edge merged" in text
    assert B["E2"]["C2"]["role"] == "primary"  # a pair listed as backup and primary: primary
    assert nx.is_bipartite(B)
    assert {B.nodes[v]["kind"] for v in ("E1", "E3")} == {"employee"}
    assert B.nodes["C4"]["bipartite"] == 1 and B.nodes["E1"]["region"] == "east"


def test_assignment_id_clash():
    a = pd.DataFrame({"employee_id": ["X"], "customer_id": ["X"], "role": ["primary"]})
    with pytest.raises(ValueError, match="both an employee and a customer"):
        assignment_graph(a)


def test_attach_and_read_values():
    G = nx.Graph([("C1", "C2"), ("C2", "C5")])
    attach_customer_data(G, CUSTOMERS, columns=["revenue"])
    assert G.nodes["C1"] == {"revenue": 100.0} and G.nodes["C5"] == {}
    assert customer_values(G, "revenue", default=-1).tolist() == [100.0, 250.0, -1.0]


def test_messages_in_chinese():
    refs = pd.DataFrame({"referrer_id": ["C1"], "referred_id": ["C1"]})
    with ckmkit.language("zh"), pytest.warns(DataQualityWarning, match="自环"):
        referral_graph(refs)
