"""The package's lazy exports resolve, and graph builders account for every row."""

from __future__ import annotations

import warnings

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ckmkit
import ckmkit.network as network
from ckmkit.network.graphs import contact_probability, referral_graph, tie_graph
from ckmkit.quality import DataQualityWarning


@pytest.mark.parametrize("name", network.__all__)
def test_every_public_name_resolves(name):
    assert getattr(network, name) is not None


def test_unknown_attribute():
    with pytest.raises(AttributeError):
        network.no_such_thing  # noqa: B018


def test_contact_probability_and_bad_weight():
    G = nx.Graph()
    G.add_edge("a", "b", weight=3)
    G.add_edge("b", "c")  # no weight: one contact, and said so
    with pytest.warns(ckmkit.DataQualityWarning, match="'weight' is missing on 1 of 2 edges"):
        contact_probability(G, 0.5)
    assert G["a"]["b"]["p"] == pytest.approx(0.875) and G["b"]["c"]["p"] == 0.5
    G["a"]["b"]["weight"] = -1
    with pytest.raises(ValueError, match="weights of 0 or more"):
        contact_probability(G, 0.5)
    with pytest.raises(ValueError, match="between 0 and 1"):
        contact_probability(G, 2.0)


def _counts(message: str) -> tuple[int, int]:
    words = message.split()
    return int(words[1]), int(words[3])  # "Excluded N of M rows: ..."


ids = st.sampled_from(["C1", "C2", "C3", "C4", "X9", None])


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(ids, ids), min_size=1, max_size=30), directed=st.booleans())
def test_every_row_is_an_edge_or_counted(rows, directed):
    table = pd.DataFrame(rows, columns=["a", "b"])
    customers = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataQualityWarning)
        if directed:
            G = referral_graph(table, customers, source="a", target="b")
        else:
            G = tie_graph(table, customers, a="a", b="b", weight=None)
    excluded = sum(_counts(str(w.message))[0] for w in caught)  # left out + merged away
    rows_kept = [d["rows"] for *_, d in G.edges(data=True)]
    assert G.number_of_edges() + excluded == len(table)
    merged = sum(r - 1 for r in rows_kept)
    assert sum(rows_kept) + (excluded - merged) == len(table)
    assert set(G.nodes) == {"C1", "C2", "C3", "C4"}
