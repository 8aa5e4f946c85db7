"""Centrality and communities: networkx's measures, gathered and summarised."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ckmkit.network import centrality
from ckmkit.network.centrality import betweenness, centrality_table
from ckmkit.network.communities import community_summary, detect_communities, modularity


def test_star_centrality_exact():
    table = centrality_table(nx.star_graph(5))
    assert table.index[0] == 0 and table.loc[0, "rank"] == 1
    assert table.loc[0, "degree"] == 5 and table.loc[0, "betweenness"] == 1.0
    assert table.loc[3, "betweenness"] == 0.0
    assert table["pagerank"].sum() == pytest.approx(1.0)


@pytest.mark.parametrize("graph", [
    nx.karate_club_graph(), nx.gnp_random_graph(80, 0.05, seed=1, directed=True),
    nx.disjoint_union(nx.cycle_graph(7), nx.path_graph(5)),
    nx.MultiGraph([(0, 1), (0, 1), (1, 2), (2, 3), (3, 0), (2, 2)]),
    nx.powerlaw_cluster_graph(700, 3, 0.1, seed=2), nx.path_graph(2)],
    ids=["karate", "directed", "disconnected", "multigraph", "1,000 nodes", "two nodes"])
@pytest.mark.parametrize("k", [None, 1, 5, 60])
def test_betweenness_equals_networkx_exact_and_sampled(graph, k):
    """The batched sparse-matrix searches give networkx's values, sample and scaling included."""
    if k is not None and k >= graph.number_of_nodes():
        k = None
    ours = betweenness(graph, k=k, seed=7)
    theirs = pd.Series(nx.betweenness_centrality(graph, k=k, seed=7 if k else None))
    pd.testing.assert_series_equal(ours, theirs, check_names=False, rtol=0, atol=1e-12)


def _awkward_graph():
    """Self-loops, parallel arcs, isolated and text or tuple nodes beside numbers, one hub."""
    G = nx.MultiDiGraph(nx.gnm_random_graph(40, 90, seed=3, directed=True))
    G.add_edges_from([(0, 1), (0, 1), (5, 5), ("hub", 2), ((1, 2), "hub")])
    G.add_edges_from(("hub", i) for i in range(3, 40, 2))
    G.add_nodes_from(["alone", (9, 9)])
    return G


@pytest.mark.parametrize("k", [None, 1, 2, 17, 43])
@pytest.mark.parametrize("undirected", [False, True])
def test_betweenness_equals_networkx_on_awkward_graphs(k, undirected):
    G = _awkward_graph().to_undirected() if undirected else _awkward_graph()
    ours = betweenness(G, k=k, seed=11)  # 44 nodes: k=43 leaves one out
    theirs = nx.betweenness_centrality(G, k=k, seed=11 if k else None)
    assert ours.index.tolist() == list(G)
    np.testing.assert_allclose(ours, [theirs[v] for v in G], rtol=0, atol=1e-12)


@given(st.integers(2, 25), st.integers(0, 60), st.booleans(), st.booleans(), st.data())
@settings(max_examples=40, deadline=None)
def test_betweenness_property_equals_networkx(n, m, directed, multi, data):
    kinds = {(False, False): nx.Graph, (True, False): nx.DiGraph,
             (False, True): nx.MultiGraph, (True, True): nx.MultiDiGraph}
    G = kinds[directed, multi]()
    G.add_nodes_from(range(n))
    ends = st.integers(0, n - 1)
    G.add_edges_from(data.draw(st.lists(st.tuples(ends, ends), max_size=m)))
    G = nx.relabel_nodes(G, {v: f"c{v}" for v in range(0, n, 3)})  # text among numbers
    k = data.draw(st.none() | st.integers(1, n))
    seed = data.draw(st.integers(0, 5))
    ours = betweenness(G, k=k, seed=seed)
    theirs = nx.betweenness_centrality(G, k=k if k and k < n else None, seed=seed)
    np.testing.assert_allclose(ours, [theirs[v] for v in G], rtol=0, atol=1e-12)


def test_long_chains_are_searched_by_networkx(monkeypatch):
    """Each level of a batched search costs the whole batch: a 20,000-node path took 17 s, not 0.2."""
    real, calls = nx.betweenness_centrality, []
    monkeypatch.setattr(centrality.nx, "betweenness_centrality",
                        lambda *args, **kw: calls.append(args) or real(*args, **kw))
    for n in (centrality._MAX_LEVELS, centrality._MAX_LEVELS + 2):  # longest path: n - 1 levels
        G = nx.path_graph(n)
        ours = betweenness(G)  # exact: the searches from either end go n - 1 levels deep
        np.testing.assert_allclose(ours, list(real(G).values()), rtol=0, atol=1e-12)
        assert len(calls) == (n > centrality._MAX_LEVELS)


def test_betweenness_batches_sources_without_changing_values(monkeypatch):
    G = nx.powerlaw_cluster_graph(300, 2, 0.2, seed=4)
    whole = betweenness(G)
    monkeypatch.setattr(centrality, "_BATCH_CELLS", 300 * 7)  # batches of 7 sources
    np.testing.assert_allclose(betweenness(G), whole, rtol=0, atol=1e-15)


def test_directed_and_weighted_columns():
    G = nx.DiGraph()
    G.add_weighted_edges_from([("a", "b", 2.0), ("a", "c", 1.0), ("c", "b", 4.0)])
    table = centrality_table(G, weight="weight")
    assert table.loc["a", "out_degree"] == 2 and table.loc["b", "in_degree"] == 2
    assert table.loc["c", "strength"] == 5.0


def test_sampled_betweenness_is_seeded_and_close(monkeypatch):
    G = nx.powerlaw_cluster_graph(400, 3, 0.2, seed=1)
    exact = betweenness(G)
    monkeypatch.setattr(centrality, "EXACT_BETWEENNESS_UP_TO", 100)
    monkeypatch.setattr(centrality, "DEFAULT_SAMPLE", 200)
    sampled = betweenness(G, seed=3)
    assert not np.allclose(sampled, exact)  # really sampled
    pd.testing.assert_series_equal(sampled, betweenness(G, seed=3))
    top_exact = set(exact.nlargest(10).index)
    assert len(top_exact & set(sampled.nlargest(10).index)) >= 8
    assert np.corrcoef(exact, sampled)[0, 1] > 0.95


def test_backend_is_passed_to_networkx():
    G = nx.path_graph(4)
    pd.testing.assert_frame_equal(centrality_table(G, backend="networkx"), centrality_table(G))


def test_empty_graph_is_an_error():
    with pytest.raises(ValueError, match="no nodes"):
        centrality_table(nx.Graph())
    with pytest.raises(ValueError, match="no nodes"):
        detect_communities(nx.Graph())


def test_planted_communities_are_found_and_seeded():
    sizes = [40, 30, 20]
    probs = [[0.3, 0.01, 0.01], [0.01, 0.3, 0.01], [0.01, 0.01, 0.3]]
    G = nx.stochastic_block_model(sizes, probs, seed=5)
    found = detect_communities(G, seed=1)
    truth = pd.Series([G.nodes[v]["block"] for v in G], index=list(G))
    assert found.value_counts().tolist() == sizes  # numbered by size
    assert pd.crosstab(found, truth).max(axis=1).sum() == sum(sizes)  # each group pure
    pd.testing.assert_series_equal(found, detect_communities(G, seed=1))
    q = modularity(G, found, weight=None)
    assert q == pytest.approx(nx.community.modularity(G, [set(found[found == c].index)
                                                          for c in range(3)]))


def test_community_summary_numbers():
    G = nx.barbell_graph(4, 0)  # two 4-cliques joined by one tie
    nx.set_node_attributes(G, {0: 10.0, 1: 30.0, 5: 60.0}, "revenue")
    nx.set_node_attributes(G, {0: "mvc", 1: "other", 5: "mvc", 6: "mvc"}, "customer_class")
    s = community_summary(G, detect_communities(G))
    assert s["size"].tolist() == [4, 4]
    assert s["value"].tolist() == [40.0, 60.0] and s["value_share"].tolist() == [0.4, 0.6]
    assert s["top_share"].tolist() == [0.25, 0.5]
    assert s["internal_ties"].tolist() == pytest.approx([12 / 13, 12 / 13])
    assert s["hub"].tolist() == [3, 4]  # the two ends of the bridge
    assert s.attrs["modularity"] == pytest.approx(nx.community.modularity(
        G, [set(range(4)), set(range(4, 8))]))


def test_summary_needs_every_node_assigned():
    G = nx.path_graph(3)
    with pytest.raises(ValueError, match="Node 2 has no community"):
        community_summary(G, pd.Series({0: 0, 1: 0}))
