"""Customer networks at researcher scale: Leiden through python-igraph, the compile cache, igraph centrality.

Both backends run in one session: "igraph absent" is simulated by making the network area's
igraph loader raise ImportError, as it does on a machine without python-igraph.
"""

import copy
import pickle
import random
import warnings

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import ckmkit
from ckmkit import network as N
from ckmkit.network import _igraph, centrality
from ckmkit.quality import DataQualityError, DataQualityWarning

igraph = pytest.importorskip("igraph")


@pytest.fixture
def no_igraph(monkeypatch):
    """A machine without python-igraph."""
    def missing():
        raise ImportError("No module named 'igraph'")

    monkeypatch.setattr(_igraph, "load", missing)


def _planted(seed=5):
    sizes = [60, 50, 40, 30]
    probs = np.full((4, 4), 0.01) + np.eye(4) * 0.25
    return nx.stochastic_block_model(sizes, probs.tolist(), seed=seed), sizes


# -- Leiden and Louvain ------------------------------------------------------------------------

def test_leiden_is_the_default_with_igraph_and_louvain_without(no_igraph):
    G, sizes = _planted()
    assert N.communities.default_method() == "louvain"
    pd.testing.assert_series_equal(N.detect_communities(G, seed=2),
                                   N.detect_communities(G, method="louvain", seed=2))
    with pytest.raises(ImportError, match="method='leiden' needs python-igraph"):
        N.detect_communities(G, method="leiden")
    with ckmkit.language("zh"), pytest.raises(ImportError, match="需要 python-igraph"):
        N.detect_communities(G, method="leiden")


def test_leiden_finds_planted_groups_numbered_by_size():
    G, sizes = _planted()
    assert N.communities.default_method() == "leiden"
    found = N.detect_communities(G, seed=1)
    pd.testing.assert_series_equal(found, N.detect_communities(G, method="leiden", seed=1))
    truth = pd.Series([G.nodes[v]["block"] for v in G], index=list(G))
    assert found.value_counts().tolist() == sizes
    assert pd.crosstab(found, truth).max(axis=1).sum() == sum(sizes)  # each group pure
    assert found.name == "community" and found.index.tolist() == list(G)


def test_leiden_is_seeded_and_leaves_the_users_random_state_alone():
    G = nx.barabasi_albert_graph(600, 3, seed=42)
    random.seed(123)
    before = random.getstate()
    first = N.detect_communities(G, seed=7)
    assert random.getstate() == before
    pd.testing.assert_series_equal(first, N.detect_communities(G, seed=7))
    # a different order of building the same network gives the same groups
    H = nx.Graph()
    H.add_nodes_from(sorted(G, reverse=True))
    H.add_edges_from(reversed(list(G.edges())))
    pd.testing.assert_series_equal(first.sort_index(), N.detect_communities(H, seed=7).sort_index())


def test_leiden_reaches_at_least_louvains_modularity_and_connected_groups():
    G = nx.barabasi_albert_graph(2000, 3, seed=42)
    leiden = N.detect_communities(G, method="leiden", seed=0)
    louvain = N.detect_communities(G, method="louvain", seed=0)
    assert N.modularity(G, leiden) >= N.modularity(G, louvain) - 0.005
    for _, members in leiden.groupby(leiden):
        assert nx.is_connected(G.subgraph(members.index))  # Leiden's guarantee


def test_leiden_takes_any_hashable_labels_and_weights():
    G = nx.Graph()
    a, b = [("shop", i) for i in range(5)], [f"C{i}" for i in range(5)]
    G.add_edges_from((u, v, {"weight": 5.0}) for i, u in enumerate(a) for v in a[i + 1:])
    G.add_edges_from((u, v, {"weight": 5.0}) for i, u in enumerate(b) for v in b[i + 1:])
    G.add_edge(a[0], b[0], weight=0.1)
    G.add_edge(3.5, b[1], weight=1.0)
    found = N.detect_communities(G, weight="weight")
    assert found[a].nunique() == 1 and found[b].nunique() == 1 and found[a[0]] != found[b[0]]
    assert found[3.5] == found[b[1]]
    # a heavy tie pulls two customers together that light ties would keep apart
    heavy = G.copy()
    heavy[a[0]][b[0]]["weight"] = 1000.0
    assert N.detect_communities(heavy, weight="weight")[a[0]] == N.detect_communities(
        heavy, weight="weight")[b[0]]


def test_leiden_on_text_weights_and_multigraphs_matches_the_numbers():
    M = nx.MultiGraph([(0, 1), (0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3)])
    found = N.detect_communities(M)
    assert found.tolist() == [0, 0, 0, 1, 1, 1]
    text = nx.Graph([("a", "b", {"weight": "3"}), ("b", "c", {"weight": "3"}), ("c", "d", {"weight": "0.1"}),
                     ("d", "e", {"weight": "3"}), ("e", "f", {"weight": "3"}), ("f", "d", {"weight": "3"}),
                     ("a", "c", {"weight": "3"})])
    assert sorted(map(sorted, N.detect_communities(text).groupby(N.detect_communities(text))
                      .groups.values())) == [["a", "b", "c"], ["d", "e", "f"]]


def test_directed_networks_get_louvain_and_leiden_refuses_them_clearly():
    D = nx.DiGraph(nx.barbell_graph(4, 0))
    assert N.detect_communities(D, seed=1).value_counts().tolist() == [4, 4]
    with pytest.raises(ValueError, match="method='leiden' works on undirected networks only"):
        N.detect_communities(D, method="leiden")
    with ckmkit.language("zh"), pytest.raises(ValueError, match="只适用于无向网络"):
        N.detect_communities(D, method="leiden")


@pytest.mark.parametrize("method", ["Leiden", "infomap", 1])
def test_an_unknown_method_is_named(method):
    with pytest.raises(ValueError, match=r"method must be one of: leiden, louvain"):
        N.detect_communities(nx.path_graph(4), method=method)


def test_a_backend_means_louvain():
    G = nx.barbell_graph(4, 0)
    with pytest.raises(ValueError, match="backend= sends Louvain to a networkx backend"):
        N.detect_communities(G, method="leiden", backend="networkx")


# -- compile once, reuse ----------------------------------------------------------------------

def test_a_compiled_graph_is_reused_until_the_graph_changes():
    G = nx.barabasi_albert_graph(300, 2, seed=1)
    first = N.compile_graph(G, p=0.1)
    assert N.compile_graph(G, p=0.1) is first
    assert N.compile_graph(G, p=0.2) is not first
    G.add_edge(0, 299)
    changed = N.compile_graph(G, p=0.1)
    assert changed is not first and changed.n_arcs == first.n_arcs + 2
    G.remove_node(299)
    assert N.compile_graph(G, p=0.1).n == 299
    assert N.independent_cascade(G, [0], p=0.1, runs=50, seed=3).tolist() == \
        N.independent_cascade(G.copy(), [0], p=0.1, runs=50, seed=3).tolist()


def test_edited_edge_attributes_are_read_afresh():
    G = nx.path_graph(4)
    nx.set_edge_attributes(G, 0.0, "p")
    assert N.compile_graph(G, p="p").prob.tolist() == [0.0] * 6
    G[1][2]["p"] = 1.0  # networkx does not empty its cache for this
    assert N.compile_graph(G, p="p").prob.tolist() == [0.0, 0.0, 1.0, 1.0, 0.0, 0.0]
    nx.set_edge_attributes(G, 1.0, "w")
    G[0][1]["w"] = 3.0
    assert N.compile_graph(G, p=0.5, weight="w").weight.tolist() == [0.75, 1.0, 0.5, 0.25, 1.0, 0.5]


def test_views_are_never_cached():
    G = nx.path_graph(6)
    view = G.subgraph([0, 1, 2])
    assert N.compile_graph(view, p=0.1).n_arcs == 4
    G.add_edge(0, 2)
    assert N.compile_graph(view, p=0.1).n_arcs == 6


def test_the_self_loop_report_repeats_on_a_cached_graph():
    G = nx.Graph([(0, 1), (1, 1), (1, 2)])
    for _ in range(2):
        with pytest.warns(DataQualityWarning, match="1 self-loop"):
            N.compile_graph(G, p=0.3)
    with pytest.raises(DataQualityError):
        N.compile_graph(G, p=0.3, strict=True)


def test_a_compiled_graph_survives_pickle_and_deepcopy():
    G = nx.barabasi_albert_graph(50, 2, seed=1)
    N.compile_graph(G, p=0.1)
    for twin in (pickle.loads(pickle.dumps(G)), copy.deepcopy(G)):
        twin.add_edge(0, 49)
        assert N.compile_graph(twin, p=0.1).n_arcs == N.compile_graph(G, p=0.1).n_arcs + 2


@pytest.mark.parametrize("labels", [
    lambda v: v * 7 + 3,              # integers with gaps
    lambda v: 10**30 + v,             # integers beyond 64 bits
    lambda v: f"C{v:03d}",            # text
    lambda v: v if v % 2 else str(v),  # mixed types
], ids=["gaps", "huge", "text", "mixed"])
def test_fast_arc_extraction_numbers_nodes_as_the_dict_would(labels):
    G = nx.relabel_nodes(nx.barabasi_albert_graph(80, 2, seed=4), labels)
    g = N.compile_graph(G, p=0.2)
    arcs = {(g.nodes[i], g.nodes[j]) for i in range(g.n) for j in g.indices[g.indptr[i]:g.indptr[i + 1]]}
    assert arcs == set(G.edges()) | {(v, u) for u, v in G.edges()}


# -- igraph centrality on large networks ------------------------------------------------------

@pytest.fixture(scope="module")
def large():
    return nx.barabasi_albert_graph(centrality.IGRAPH_FROM + 500, 3, seed=8)


def test_igraph_pagerank_agrees_with_networkx(large):
    assert centrality._igraph_fits(large)
    ours = N.centrality.pagerank(large)
    # networkx's default stopping rule leaves errors near its tolerance; converged, the two agree
    exact = nx.pagerank(large, tol=1e-12, max_iter=1000)
    assert max(abs(ours[v] - exact[v]) for v in large) < 1e-6
    assert max(abs(ours[v] - p) for v, p in nx.pagerank(large).items()) < 1e-4


def test_igraph_weighted_directed_pagerank_agrees_with_networkx():
    D = nx.gnm_random_graph(centrality.IGRAPH_FROM, 15_000, seed=2, directed=True)  # dangling nodes too
    nx.set_edge_attributes(D, {e: 1.0 + (e[0] + e[1]) % 4 for e in D.edges}, "weight")
    ours = N.centrality.pagerank(D, weight="weight")
    exact = nx.pagerank(D, weight="weight", tol=1e-12, max_iter=1000)
    assert max(abs(ours[v] - exact[v]) for v in D) < 1e-6


@pytest.mark.parametrize("directed", [False, True])
def test_igraph_betweenness_on_long_chains_agrees_with_networkx(directed, monkeypatch):
    # a chain with a few shortcuts: searches too deep for the batched products, so igraph computes
    G = nx.path_graph(centrality.IGRAPH_FROM, create_using=nx.DiGraph if directed else nx.Graph)
    G.add_edges_from([(0, 2500), (1000, 4000), (4999, 10)])
    assert centrality._igraph_fits(G)
    used = []
    monkeypatch.setattr(centrality, "_igraph_betweenness",
                        lambda *a, real=centrality._igraph_betweenness: used.append(1) or real(*a))
    found = N.betweenness(G, k=20, seed=3)
    expected = nx.betweenness_centrality(G, k=20, seed=3)
    assert used and max(abs(found[v] - expected[v]) for v in G) < 1e-12


def test_the_table_is_the_same_with_and_without_igraph(large, monkeypatch):
    with_igraph = N.centrality_table(large, k=40, seed=3)
    expected = nx.betweenness_centrality(large, k=40, seed=3)
    assert max(abs(with_igraph.loc[v, "betweenness"] - expected[v]) for v in large) < 1e-12
    no_igraph = monkeypatch.setattr(_igraph, "available", lambda: False)
    assert no_igraph is None and not centrality._igraph_fits(large)
    without = N.centrality_table(large, k=40, seed=3)
    pd.testing.assert_series_equal(with_igraph["degree"].sort_index(), without["degree"].sort_index())
    assert (with_igraph["pagerank"] - without["pagerank"].reindex(with_igraph.index)).abs().max() < 1e-4


def test_small_or_looped_networks_stay_with_networkx():
    assert not centrality._igraph_fits(nx.path_graph(10))
    looped = nx.barabasi_albert_graph(centrality.IGRAPH_FROM, 2, seed=1)
    looped.add_edge(3, 3)
    assert not centrality._igraph_fits(looped)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert N.centrality.pagerank(looped) == pytest.approx(nx.pagerank(looped), abs=1e-12)
