"""Diffusion: agreement with exact live-edge enumeration, determinism, bad input."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from network_exact import directed_weighted, exact_ic, exact_lt, kite, mean_var
from scipy import stats

import ckmkit
from ckmkit.network.diffusion import (
    Cascade,
    DiffusionGraph,
    Spread,
    expected_spread,
    independent_cascade,
    linear_threshold,
    simulate,
)
from ckmkit.quality import DataQualityError, DataQualityWarning

RUNS = 20_000


def agreement(samples: np.ndarray, exact: dict[int, float]) -> tuple[float, float]:
    """(z-score of the sample mean, chi-square p-value of the whole distribution)."""
    mean, var = mean_var(exact)
    z = (samples.mean() - mean) / np.sqrt(var / samples.size)
    support = sorted(exact)
    observed = np.array([(samples == k).sum() for k in support], dtype=float)
    expected = np.array([exact[k] for k in support]) * samples.size
    assert observed.sum() == samples.size, "simulated a count the exact law says is impossible"
    keep = expected >= 5  # merge sparse cells into one so the chi-square law holds
    observed = np.r_[observed[keep], observed[~keep].sum()]
    expected = np.r_[expected[keep], expected[~keep].sum()]
    if expected[-1] == 0:
        observed, expected = observed[:-1], expected[:-1]
    return float(z), float(stats.chisquare(observed, expected).pvalue)


# --- agreement with exact values -------------------------------------------------


@pytest.mark.parametrize("p", [0.1, 0.5, 0.9])
def test_path_matches_geometric_sum(p):
    n = 6
    samples = independent_cascade(nx.path_graph(n), [0], p=p, runs=RUNS, seed=11)
    exact_mean = sum(p**k for k in range(n))
    _, var = mean_var(exact_ic(nx.path_graph(n), [0], p))
    assert abs(samples.mean() - exact_mean) < 4 * np.sqrt(var / RUNS)


def test_star_hub_and_leaf():
    star = nx.star_graph(8)
    hub = independent_cascade(star, [0], p=0.25, runs=RUNS, seed=2)
    assert abs(hub.mean() - (1 + 8 * 0.25)) < 4 * np.sqrt(8 * 0.25 * 0.75 / RUNS)
    z, pvalue = agreement(independent_cascade(star, [1], p=0.25, runs=RUNS, seed=3),
                          exact_ic(star, [1], 0.25))
    assert abs(z) < 4 and pvalue > 1e-3


@pytest.mark.parametrize("seeds", [[0], [4], [0, 4]])
def test_ic_kite_distribution_matches_enumeration(seeds):
    G = kite()
    z, pvalue = agreement(independent_cascade(G, seeds, p=0.4, runs=RUNS, seed=5),
                          exact_ic(G, seeds, 0.4))
    assert abs(z) < 4 and pvalue > 1e-3


def test_ic_directed_per_edge_probabilities():
    G = directed_weighted()
    z, pvalue = agreement(independent_cascade(G, [0], p="p", runs=RUNS, seed=6),
                          exact_ic(G, [0], "p"))
    assert abs(z) < 4 and pvalue > 1e-3


def test_ic_multigraph_parallel_edges_are_separate_chances():
    G = nx.MultiGraph([(0, 1), (0, 1), (1, 2), (2, 3), (1, 3)])
    z, pvalue = agreement(independent_cascade(G, [0], p=0.3, runs=RUNS, seed=7),
                          exact_ic(G, [0], 0.3))
    assert abs(z) < 4 and pvalue > 1e-3
    g = DiffusionGraph.from_networkx(G, p=0.3)
    assert g.prob[0] == pytest.approx(1 - 0.7**2)  # arc 0 -> 1, twice


def test_agreement_check_detects_a_wrong_probability():
    """The statistical check above has power: p off by 0.05 is caught."""
    G = kite()
    z, pvalue = agreement(independent_cascade(G, [0], p=0.45, runs=RUNS, seed=5),
                          exact_ic(G, [0], 0.4))
    assert abs(z) > 4 or pvalue < 1e-3


@pytest.mark.parametrize("seeds", [[0], [4], [1, 4]])
def test_lt_kite_distribution_matches_enumeration(seeds):
    G = kite()
    z, pvalue = agreement(linear_threshold(G, seeds, runs=RUNS, seed=8), exact_lt(G, seeds))
    assert abs(z) < 4 and pvalue > 1e-3


def test_lt_weighted_directed_matches_enumeration():
    G = directed_weighted()
    z, pvalue = agreement(linear_threshold(G, [0], runs=RUNS, seed=9, weight="p"),
                          exact_lt(G, [0], weight="p"))
    assert abs(z) < 4 and pvalue > 1e-3


def test_lt_agreement_check_detects_wrong_weights():
    G = directed_weighted()
    z, pvalue = agreement(linear_threshold(G, [0], runs=RUNS, seed=9), exact_lt(G, [0], "p"))
    assert abs(z) > 4 or pvalue < 1e-3


# --- contract, determinism, structure --------------------------------------------


def test_contract_shape_dtype_and_seeds_included():
    G = nx.barabasi_albert_graph(300, 2, seed=1)
    out = independent_cascade(G, [0, 1, 2], p=0.05, runs=100, seed=0)
    assert isinstance(out, np.ndarray) and out.shape == (100,)
    assert np.issubdtype(out.dtype, np.integer) and out.min() >= 3


def test_same_seed_same_runs_and_other_seed_differs():
    G = nx.powerlaw_cluster_graph(400, 3, 0.3, seed=4)
    a = independent_cascade(G, [0, 5], p=0.2, runs=200, seed=42)
    np.testing.assert_array_equal(a, independent_cascade(G, [0, 5], p=0.2, runs=200, seed=42))
    assert not np.array_equal(a, independent_cascade(G, [0, 5], p=0.2, runs=200, seed=43))


def test_generator_seed_is_reproducible():
    G = nx.karate_club_graph()
    a = independent_cascade(G, [0], p=0.2, runs=50, seed=np.random.default_rng(3))
    b = independent_cascade(G, [0], p=0.2, runs=50, seed=np.random.default_rng(3))
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("model", ["ic", "lt"])
def test_results_do_not_depend_on_batch_size(model):
    G = nx.powerlaw_cluster_graph(200, 2, 0.2, seed=1)
    whole = simulate(G, [0, 1], model=model, p=0.3, runs=37, seed=5)
    small = simulate(G, [0, 1], model=model, p=0.3, runs=37, seed=5, batch_size=4)
    np.testing.assert_array_equal(whole.final, small.final)
    np.testing.assert_array_equal(whole.new, small.new)


@pytest.mark.parametrize("model", ["ic", "lt"])
def test_common_random_numbers_make_runs_monotone_in_the_seed_set(model):
    G = nx.stochastic_block_model([30, 30, 30], [[0.2, 0.02, 0.01], [0.02, 0.2, 0.02],
                                                 [0.01, 0.02, 0.2]], seed=2)
    small = simulate(G, [0], model=model, p=0.1, runs=300, seed=1).final
    large = simulate(G, [0, 40, 70], model=model, p=0.1, runs=300, seed=1).final
    assert (large >= small).all() and (large > small).any()


def test_curve_starts_with_seeds_and_ends_with_final():
    G = nx.path_graph(5)
    c = simulate(G, [0], p=1.0, runs=2)
    np.testing.assert_array_equal(c.curve()[:, 0], [1, 2, 3, 4, 5])
    c = simulate(nx.karate_club_graph(), [0, 33], p=0.15, runs=64, seed=2)
    np.testing.assert_array_equal(c.curve()[0], 2)
    np.testing.assert_array_equal(c.curve()[-1], c.final)
    table = c.curve_table()
    assert list(table.columns) == ["step", "mean", "low", "high"]
    assert table["mean"].is_monotonic_increasing
    assert table["mean"].iloc[-1] == pytest.approx(c.final.mean())


def test_spread_interval_is_a_t_interval():
    x = np.array([3, 5, 4, 8, 6, 2])
    s = Spread.from_samples(x, level=0.9)
    half = stats.t.ppf(0.95, 5) * x.std(ddof=1) / np.sqrt(6)
    assert (s.mean, s.low, s.high) == pytest.approx((x.mean(), x.mean() - half, x.mean() + half))
    assert np.isnan(Spread.from_samples(np.array([4])).std_error)


def test_expected_spread_interval_covers_the_exact_mean():
    G = kite()
    exact_mean, _ = mean_var(exact_ic(G, [2], 0.3))
    s = expected_spread(G, [2], p=0.3, runs=5000, seed=1)
    assert s.low < exact_mean < s.high and s.runs == 5000


def test_compiled_graph_is_reused_and_matches_networkx_input():
    G = nx.powerlaw_cluster_graph(100, 2, 0.1, seed=3)
    g = DiffusionGraph.from_networkx(G, p=0.2)
    np.testing.assert_array_equal(independent_cascade(g, [0], p=0.2, runs=30, seed=1),
                                  independent_cascade(G, [0], p=0.2, runs=30, seed=1))
    assert g.with_probability(0.2) is g
    np.testing.assert_array_equal(independent_cascade(g, [0], p=0.4, runs=30, seed=1),
                                  independent_cascade(G, [0], p=0.4, runs=30, seed=1))


def test_string_node_labels_and_single_seed():
    G = nx.Graph([("C001", "C002"), ("C002", "C003")])
    assert independent_cascade(G, "C001", p=1.0, runs=3).tolist() == [3, 3, 3]
    assert independent_cascade(G, ["C003", "C003"], p=0.0, runs=2).tolist() == [1, 1]


def test_no_seeds_means_no_spread():
    assert independent_cascade(nx.path_graph(3), [], p=0.5, runs=4).tolist() == [0, 0, 0, 0]


def test_graph_without_edges():
    G = nx.empty_graph(5)
    assert independent_cascade(G, [1, 2], p=0.9, runs=3).tolist() == [2, 2, 2]
    assert linear_threshold(G, [1], runs=3).tolist() == [1, 1, 1]


@settings(max_examples=30, deadline=None)
@given(
    n=st.integers(2, 25),
    density=st.floats(0.0, 0.4),
    graph_seed=st.integers(0, 10_000),
    directed=st.booleans(),
    k=st.integers(1, 3),
)
def test_spread_bounded_by_seeds_and_reachable_set(n, density, graph_seed, directed, k):
    G = nx.gnp_random_graph(n, density, seed=graph_seed, directed=directed)
    seeds = list(range(min(k, n)))
    reachable = set(seeds).union(*(nx.descendants(G, s) for s in seeds))
    assert (independent_cascade(G, seeds, p=0.0, runs=5) == len(seeds)).all()
    assert (independent_cascade(G, seeds, p=1.0, runs=5) == len(reachable)).all()
    for model in ("ic", "lt"):
        final = simulate(G, seeds, model=model, p=0.3, runs=20, seed=graph_seed).final
        assert ((final >= len(seeds)) & (final <= len(reachable))).all()


# --- bad input --------------------------------------------------------------------


@pytest.mark.parametrize("p", [-0.1, 1.5, float("nan"), "not-an-attribute-value", None])
def test_probability_outside_unit_interval(p):
    G = nx.path_graph(3)
    if p == "not-an-attribute-value":  # a string is an attribute name; missing -> error
        with pytest.raises(ValueError, match="not-an-attribute-value"):
            independent_cascade(G, [0], p=p)
        return
    with pytest.raises(ValueError, match="between 0 and 1"):
        independent_cascade(G, [0], p=p)


def test_edge_probability_outside_unit_interval_names_the_edge():
    G = nx.Graph()
    G.add_edge("a", "b", p=0.2)
    G.add_edge("b", "c", p=1.2)
    with pytest.raises(ValueError, match=r"\('b', 'c'\) has 1.2"):
        independent_cascade(G, ["a"], p="p")


def test_seed_not_in_graph():
    with pytest.raises(ValueError, match="Seed 99 is not a node"):
        independent_cascade(nx.path_graph(3), [0, 99])


def test_empty_graph():
    with pytest.raises(ValueError, match="no nodes"):
        independent_cascade(nx.Graph(), [])


@pytest.mark.parametrize("runs", [0, -3, 2.5, True])
def test_bad_runs(runs):
    with pytest.raises(ValueError, match="runs must be"):
        independent_cascade(nx.path_graph(3), [0], runs=runs)


@pytest.mark.parametrize("seed", [-1, 1.5, "x"])
def test_bad_seed(seed):
    with pytest.raises(ValueError, match="seed must be"):
        independent_cascade(nx.path_graph(3), [0], seed=seed)


def test_bad_model():
    with pytest.raises(ValueError, match="Unknown diffusion model 'sir'"):
        simulate(nx.path_graph(3), [0], model="sir")


def test_negative_lt_weight():
    G = nx.Graph()
    G.add_edge(0, 1, w=-1.0)
    with pytest.raises(ValueError, match="weights of 0 or more"):
        linear_threshold(G, [0], weight="w")


def test_self_loops_are_left_out_and_counted():
    G = nx.path_graph(3)
    G.add_edges_from([(1, 1), (2, 2)])
    with pytest.warns(DataQualityWarning, match="Excluded 2 of 4 edges: 2 self-loops"):
        out = linear_threshold(G, [0], runs=2000, seed=1)
    assert out.mean() == pytest.approx(2.0, abs=0.05)  # loops do not dilute real neighbours
    with ckmkit.language("zh"), pytest.warns(DataQualityWarning, match="共 4 条边，剔除 2 条"):
        independent_cascade(G, [0], runs=10, seed=1)
    with pytest.raises(DataQualityError):
        independent_cascade(G, [0], strict=True)


def test_errors_speak_chinese():
    with ckmkit.language("zh"):
        with pytest.raises(ValueError, match="种子 99 不是网络中的节点"):
            independent_cascade(nx.path_graph(3), [99])
        with pytest.raises(ValueError, match="0 到 1 之间的概率"):
            independent_cascade(nx.path_graph(3), [0], p=2)
        assert "平均激活" in str(Spread.from_samples(np.array([1, 2, 3])))


def test_cascade_dataclass_reports_runs():
    c = Cascade(np.array([[1, 1], [2, 0]]))
    assert c.runs == 2 and c.final.tolist() == [3, 1]


def test_seeds_as_numpy_array_set_or_scalar():
    G = nx.path_graph(5)
    expected = independent_cascade(G, [0, 4], p=0.5, runs=20, seed=1)
    np.testing.assert_array_equal(independent_cascade(G, np.array([0, 4]), 0.5, 20, 1), expected)
    np.testing.assert_array_equal(independent_cascade(G, {0, 4}, p=0.5, runs=np.int64(20), seed=1),
                                  expected)
    assert independent_cascade(G, np.int64(2), p=0.0, runs=2).tolist() == [1, 1]


# -- compile_graph and key_from_seed: the public way to simulate many times on one network ----

def test_compile_graph_builds_the_arcs_of_a_path():
    from ckmkit.network import compile_graph

    g = compile_graph(nx.path_graph(3), p=0.2)
    assert isinstance(g, DiffusionGraph)
    assert g.nodes == (0, 1, 2)
    assert g.indptr.tolist() == [0, 1, 3, 4]
    assert g.indices.tolist() == [1, 0, 2, 1]
    assert g.prob.tolist() == [0.2, 0.2, 0.2, 0.2]
    assert g.weight.tolist() == [0.5, 1.0, 1.0, 0.5]  # node 1 heeds 0 and 2 equally
    assert g.p == 0.2


def test_compile_graph_reads_edge_probabilities_weights_and_parallel_edges():
    from ckmkit.network import compile_graph

    G = nx.MultiDiGraph([("a", "b", {"p": 0.5, "w": 3.0}), ("a", "b", {"p": 0.5, "w": 1.0}),
                         ("c", "b", {"p": 0.1, "w": 4.0})])
    g = compile_graph(G, p="p", weight="w")
    assert g.nodes == ("a", "b", "c")
    assert g.indices.tolist() == [1, 1]  # a -> b (two parallel edges merged), c -> b
    np.testing.assert_allclose(g.prob, [0.75, 0.1])  # 1 - (1 - 0.5) ** 2
    np.testing.assert_allclose(g.weight, [0.5, 0.5])  # (3 + 1) / 8 and 4 / 8 into b


def test_compile_graph_of_a_compiled_graph_only_changes_p():
    from ckmkit.network import compile_graph

    g = compile_graph(nx.star_graph(3), p=0.2)
    h = compile_graph(g, p=0.5)
    assert h.prob.tolist() == [0.5] * 6 and h.indices.tolist() == g.indices.tolist()
    assert compile_graph(g, p=0.2) is g
    with pytest.raises(ValueError, match=r"built with p=0.2; rebuild it"):
        compile_graph(g, p="p")


def test_compile_graph_leaves_out_self_loops_and_simulates_as_the_graph_does():
    from ckmkit.network import compile_graph

    G = nx.Graph([(0, 0), (0, 1), (1, 2)])
    with pytest.raises(DataQualityError, match=r"Excluded 1 of 3 edges: 1 self-loop \("):
        compile_graph(G, p=0.3, strict=True)
    with pytest.warns(DataQualityWarning, match=r"Excluded 1 of 3 edges: 1 self-loop \("):
        g = compile_graph(G, p=0.3)
    assert g.n_arcs == 4
    with pytest.warns(DataQualityWarning):
        direct = independent_cascade(G, [0], p=0.3, runs=200, seed=5)
    np.testing.assert_array_equal(independent_cascade(g, [0], p=0.3, runs=200, seed=5), direct)


def test_key_from_seed_numbers_the_same_worlds_for_the_same_seed():
    from ckmkit.network import key_from_seed

    expected = np.random.SeedSequence(7).generate_state(1, np.uint64)[0]
    assert key_from_seed(7) == expected and key_from_seed(np.int64(7)) == expected
    assert key_from_seed(7) != key_from_seed(8)
    a, b = np.random.default_rng(3), np.random.default_rng(3)
    assert key_from_seed(a) == key_from_seed(b)  # a Generator gives the key it draws
    assert key_from_seed(a) != key_from_seed(np.random.default_rng(3))  # ... and advances
    with pytest.raises(ValueError, match=r"seed must be a non-negative whole number .* got -1"):
        key_from_seed(-1)
