"""sBG reproduces Fader & Hardie (2007) on both cohorts; survival, retention, lifetime and DERL."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import polars as pl
import pytest
from scipy.optimize import check_grad
from scipy.special import betaln

import ckmkit
from ckmkit.value import ConvergenceWarning, ShiftedBetaGeo
from ckmkit.value.sbg import cohort_table

# Fader & Hardie (2007), Table 1: active at the start of years 1..8 (seven renewal opportunities).
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491]


@pytest.fixture(scope="module")
def regular():
    return ShiftedBetaGeo().fit(REGULAR)


@pytest.mark.parametrize(("counts", "alpha", "beta", "loglik"),
                         [(REGULAR, 0.704, 1.182, -1680.3), (HIGH_END, 0.668, 3.806, -1611.2)])
def test_reproduces_fader_hardie_2007(counts, alpha, beta, loglik):
    model = ShiftedBetaGeo().fit(counts)
    assert model.params_ == pytest.approx({"alpha": alpha, "beta": beta}, abs=1e-3)
    assert model.loglik_ == pytest.approx(loglik, abs=0.05)
    assert model.converged_ and model.n_customers_ == 1000 and model.n_histories_ == 8
    assert all(0 < se < value for se, value in zip(model.standard_errors_.values(),
                                                   model.params_.values()))


def test_cohort_and_per_customer_rows_give_the_same_fit(regular):
    table = cohort_table(REGULAR)
    customers = table.loc[table.index.repeat(table["customers"].astype(int))].drop(columns="customers")
    customers = customers.assign(churned=customers["churned"].astype(bool))
    each = ShiftedBetaGeo().fit(customers.set_axis([f"c{i}" for i in range(1000)]), standard_errors=False)
    assert each.params_ == pytest.approx(regular.params_, rel=1e-6)
    assert each.loglik_ == pytest.approx(regular.loglik_, rel=1e-10)
    weighted = ShiftedBetaGeo().fit(pl.from_pandas(table), weights="customers", standard_errors=False)
    assert weighted.params_ == pytest.approx(regular.params_, rel=1e-6)
    for counts in (np.array(REGULAR), pd.Series(REGULAR), pl.Series(REGULAR), tuple(REGULAR)):
        assert ShiftedBetaGeo().fit(counts, standard_errors=False).params_ == pytest.approx(
            regular.params_, rel=1e-6)


def test_loglik_is_the_readme_formula(regular):
    a, b = regular.params_.values()
    c = np.array(REGULAR, dtype=float)
    t = np.arange(1, 8)
    by_hand = (np.sum((c[:-1] - c[1:]) * (betaln(a + 1, b + t - 1) - betaln(a, b)))
               + c[-1] * (betaln(a, b + 7) - betaln(a, b)))
    assert regular.loglik_ == pytest.approx(by_hand, rel=1e-12)


def test_analytic_gradient_matches_numeric():
    table = cohort_table(HIGH_END)
    fg = ShiftedBetaGeo._fun_and_grad([table["periods"].to_numpy(float), table["churned"].to_numpy(float)],
                                      table["customers"].to_numpy(float))
    for point in (np.zeros(2), np.log([0.668, 3.806]), np.array([2.0, -1.0])):
        assert check_grad(lambda p: fg(p)[0], lambda p: fg(p)[1], point) < 1e-5 * (1 + abs(fg(point)[0]))


def test_survival_and_retention_project_the_cohort(regular):
    a, b = regular.params_.values()
    t = np.arange(0, 13)
    survival = regular.survival(t)
    assert survival[0] == 1.0
    assert survival == pytest.approx(np.exp(betaln(a, b + t) - betaln(a, b)), rel=1e-12)
    retention = regular.retention_rate(t[1:])
    assert retention == pytest.approx(survival[1:] / survival[:-1], rel=1e-12)
    assert np.all(np.diff(retention) > 0)  # the sorting effect: retention rises
    # The fitted survivors track the observed ones (FH 2007, Figure 3).
    assert regular.survival(np.arange(8)) * 1000 == pytest.approx(REGULAR, abs=15)
    with pytest.raises(ValueError, match="needs periods t ≥ 1"):
        regular.retention_rate(0)
    with pytest.raises(ValueError, match="number of periods must be a whole number"):
        regular.survival(1.5)


def test_remaining_lifetime_and_derl_are_direct_sums(regular):
    a, b = regular.params_.values()
    tail = np.arange(0, 20_000)
    for n in (0, 1, 4):
        terms = np.exp(betaln(a, b + n + 1 + tail) - betaln(a, b + n))  # S(n + 1 + k) / S(n)
        for d in (0.05, 0.1, 0.3):
            direct = np.sum(terms * np.exp(-tail * np.log1p(d)))
            assert regular.discounted_expected_residual_lifetime(d, n) == pytest.approx(direct, rel=1e-9)
    for d in (0.05, 0.1):  # DEL: the first payment, then DERL after 0 renewals, a period later
        assert regular.discounted_expected_lifetime(d) == pytest.approx(
            1 + regular.discounted_expected_residual_lifetime(d, 0) / (1 + d), rel=1e-12)
        direct = np.sum(np.exp(betaln(a, b + tail) - betaln(a, b) - tail * np.log1p(d)))
        assert regular.discounted_expected_lifetime(d) == pytest.approx(direct, rel=1e-9)
    assert regular.expected_remaining_lifetime(3) == np.inf  # α < 1: a heavy tail of loyal customers
    model = ShiftedBetaGeo()
    model.params_ = {"alpha": 3.0, "beta": 2.0}
    terms = np.exp(betaln(3.0, 2.0 + 4 + np.arange(1, 100_000)) - betaln(3.0, 2.0 + 4))
    assert model.expected_remaining_lifetime(4) == pytest.approx(1 + terms.sum(), rel=1e-6)
    assert model.expected_remaining_lifetime([0, 4]).tolist() == pytest.approx([2.0, 4.0])


def test_derl_matches_simulation(regular):
    a, b = regular.params_.values()
    rng = np.random.default_rng(3)
    theta = rng.beta(a, b, 2_000_000)
    life = rng.geometric(theta)  # T: the period at whose end each customer churns
    renewed = life > 2  # two renewals made: a customer in period 3
    future = life[renewed] - 3  # renewals still to come
    value = np.mean((1 - 1.1 ** -future.astype(float)) / (1 - 1 / 1.1))  # Σ_{k<future} 1.1^-k
    assert value == pytest.approx(regular.discounted_expected_residual_lifetime(0.1, 2), rel=0.01)


def test_extreme_inputs_neither_raise_nor_warn(regular):
    old = np.seterr(all="raise")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            values = [regular.survival([0, 10_000]), regular.retention_rate(10_000),
                      regular.discounted_expected_residual_lifetime(0.01, [0, 10_000]),
                      regular.expected_remaining_lifetime(10_000)]
    finally:
        np.seterr(**old)
    assert all(np.all(~np.isnan(np.asarray(v))) for v in values)


@pytest.mark.parametrize(("counts", "message"), [
    ([1000], "at least two counts"),
    ([1000, 1200, 800], "cannot grow: position 1 has 1200.0 after 1000.0"),
    ([1000, -5], "position 1 has -5"),
    ([0, 0], "position 0 has 0"),
    ([1000, "600"], "position 1 has '600'"),
    ([1000, float("nan")], "position 1 has nan"),
])
def test_bad_cohort_counts_name_the_position(counts, message):
    with pytest.raises(ValueError, match=message):
        ShiftedBetaGeo().fit(counts)


@pytest.mark.parametrize(("column", "frame", "message"), [
    ("periods", {"periods": [3, 0], "churned": [1, 1]}, "row 1 has periods = 0"),
    ("periods", {"periods": [3, -2], "churned": [1, 0]}, "row 1 has -2.0"),
    ("periods", {"periods": [3.5, 2], "churned": [1, 0]}, "row 0 has 3.5"),
    ("churned", {"periods": [3, 2], "churned": [1, 2]}, "row 1 has 2.0"),
    ("periods", {"periods": [3, np.nan], "churned": [1, 0]}, "finite numbers; row 1 has nan"),
])
def test_impossible_rows_name_column_and_row(column, frame, message):
    with pytest.raises(ValueError, match=rf"Column '{column}'.*{message}"):
        ShiftedBetaGeo().fit(pd.DataFrame(frame))


def test_duplicate_ids_are_refused_in_both_languages():
    twice = pd.DataFrame({"periods": [3, 2], "churned": [True, False]}, index=["k", "k"])
    with pytest.raises(ValueError, match="more than one entry for customer 'k'"):
        ShiftedBetaGeo().fit(twice)
    with ckmkit.language("zh"), pytest.raises(ValueError, match="留存人数不能增加"):
        ShiftedBetaGeo().fit([10, 20])


def test_nobody_churning_is_a_boundary_fit():
    with pytest.warns(ConvergenceWarning, match="cannot pin the model down"):
        model = ShiftedBetaGeo().fit([100, 100, 100, 100])
    assert not model.converged_
    assert np.isfinite(model.survival(10))
    with pytest.raises(ValueError, match="not fitted"):
        ShiftedBetaGeo().survival(1)
