"""BG/BB reproduces Fader, Hardie & Shang (2010) on the donations data; predictions and bad input."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import polars as pl
import pytest
from scipy.optimize import check_grad
from scipy.special import betaln

import ckmkit
from ckmkit.datasets import load_donations
from ckmkit.value import BetaGeoBetaBinom, ConvergenceWarning


@pytest.fixture(scope="module")
def donations():
    return load_donations()


@pytest.fixture(scope="module")
def bgbb(donations):
    return BetaGeoBetaBinom().fit(donations, weights="weights")


def _per_donor(donations):
    """The 11,104 donors, one row each, with ids."""
    rows = donations.loc[donations.index.repeat(donations["weights"])].drop(columns="weights")
    return rows.set_axis([f"d{i}" for i in range(len(rows))])


def test_reproduces_fader_hardie_shang_2010(bgbb):
    # Marketing Science 29(6), the donations data, six annual opportunities.
    assert bgbb.params_ == pytest.approx({"alpha": 1.204, "beta": 0.750, "gamma": 0.657,
                                          "delta": 2.783}, abs=1e-3)
    assert bgbb.loglik_ == pytest.approx(-33225.6, abs=0.05)
    assert bgbb.converged_ and bgbb.n_customers_ == 11104 and bgbb.n_histories_ == 22
    assert list(bgbb.summary_.index) == ["alpha", "beta", "gamma", "delta"]
    assert all(0 < se < value for se, value in zip(bgbb.standard_errors_.values(),
                                                   bgbb.params_.values()))


def test_one_row_per_donor_equals_the_weighted_patterns(bgbb, donations):
    each = BetaGeoBetaBinom().fit(_per_donor(donations), standard_errors=False)
    assert each.params_ == pytest.approx(bgbb.params_, rel=1e-6)
    assert each.loglik_ == pytest.approx(bgbb.loglik_, rel=1e-10)
    assert each.n_customers_ == 11104


def test_accepts_polars_and_fractional_weights(bgbb, donations):
    other = BetaGeoBetaBinom().fit(pl.from_pandas(donations), weights="weights", standard_errors=False)
    assert other.params_ == pytest.approx(bgbb.params_, rel=1e-6)
    halves = donations.assign(weights=donations["weights"] / 2)
    half = BetaGeoBetaBinom().fit(halves, weights="weights", standard_errors=False)
    assert half.params_ == pytest.approx(bgbb.params_, rel=1e-6)
    assert half.loglik_ == pytest.approx(bgbb.loglik_ / 2, rel=1e-10) and half.n_customers_ == 5552


def test_analytic_gradient_matches_numeric(donations):
    model = BetaGeoBetaBinom()
    data = [donations[c].to_numpy(float) for c in ("frequency", "recency", "periods")]
    fg = model._fun_and_grad(data, donations["weights"].to_numpy(float))
    for point in (np.zeros(4), np.log([1.204, 0.75, 0.657, 2.783]), np.array([1.0, -2.0, 0.5, 3.0])):
        assert check_grad(lambda p: fg(p)[0], lambda p: fg(p)[1], point) < 1e-4 * (1 + abs(fg(point)[0]))


def _likelihood_by_hand(a, b, g, d, x, tx, n):
    """FHS (2010) eq. 3, summed term by term."""
    total = np.exp(betaln(a + x, b + n - x) - betaln(a, b) + betaln(g, d + n) - betaln(g, d))
    for i in range(int(n - tx)):
        total += np.exp(betaln(a + x, b + tx - x + i) - betaln(a, b)
                        + betaln(g + 1, d + tx + i) - betaln(g, d))
    return total


def test_predictions_agree_with_closed_forms(bgbb, donations):
    a, b, g, d = bgbb.params_.values()
    x, tx, n = (donations[c].to_numpy(float) for c in ("frequency", "recency", "periods"))
    lik = np.array([_likelihood_by_hand(a, b, g, d, *row) for row in zip(x, tx, n)])
    alive = np.exp(betaln(a + x, b + n - x) - betaln(a, b) + betaln(g, d + n + 1) - betaln(g, d)) / lik
    assert bgbb.p_alive(donations).to_numpy() == pytest.approx(alive, rel=1e-10)
    # E[X(n, n + 5) | history] as the sum over the next opportunities of P(alive) · E[p].
    future = sum(np.exp(betaln(g, d + n + s) - betaln(g, d)) for s in range(1, 6))
    expected = np.exp(betaln(a + x + 1, b + n - x) - betaln(a, b)) * future / lik
    assert bgbb.expected_transactions(donations, 5).to_numpy() == pytest.approx(expected, rel=1e-10)
    # Values lifetimes' BetaGeoBetaBinomFitter gives on the same data.
    assert float(bgbb.p_alive(donations).iloc[2]) == pytest.approx(0.254710, abs=2e-6)
    assert float(bgbb.expected_transactions(donations, 5).iloc[-1]) == pytest.approx(3.752544, abs=2e-5)


def test_dert_is_the_discounted_sum_of_expected_transactions(bgbb, donations):
    a, b, g, d = bgbb.params_.values()
    x, tx, n = (donations[c].to_numpy(float) for c in ("frequency", "recency", "periods"))
    lik = np.array([_likelihood_by_hand(a, b, g, d, *row) for row in zip(x, tx, n)])
    s = np.arange(1, 3000)[None, :]
    per_period = np.exp(betaln(g, d + n[:, None] + s) - betaln(g, d)) / 1.1 ** s
    direct = np.exp(betaln(a + x + 1, b + n - x) - betaln(a, b)) * per_period.sum(axis=1) / lik
    assert bgbb.discounted_expected_transactions(donations, 0.1).to_numpy() == pytest.approx(direct,
                                                                                           rel=1e-8)
    with pytest.raises(ValueError, match="discount rate must be a finite number > 0"):
        bgbb.discounted_expected_transactions(donations, 0)


def test_new_customer_distribution_sums_to_one_and_to_the_mean(bgbb):
    for n in (1, 6, 25):
        probabilities = bgbb.probability_of_transactions(np.arange(n + 3), n)
        assert probabilities.sum() == pytest.approx(1.0, abs=1e-12)
        assert probabilities[n + 1:].tolist() == [0.0, 0.0]
        mean = (probabilities * np.arange(n + 3)).sum()
        assert mean == pytest.approx(bgbb.expected_transactions_new(n), rel=1e-10)
    # lifetimes' expected_number_of_transactions_in_first_n_periods(6), in shares of 11,104.
    assert bgbb.probability_of_transactions(0, 6) == pytest.approx(3454.881979 / 11104, abs=1e-6)
    assert bgbb.expected_transactions_new(0) == 0.0


def test_new_customer_distribution_matches_simulation(bgbb):
    a, b, g, d = bgbb.params_.values()
    rng = np.random.default_rng(7)
    size, n = 400_000, 6
    p, theta = rng.beta(a, b, size), rng.beta(g, d, size)
    life = rng.geometric(theta)  # the opportunity before which each one drops out, from 1
    buys = rng.random((size, n)) < p[:, None]
    alive = np.arange(1, n + 1)[None, :] < life[:, None]
    counts = np.bincount((buys & alive).sum(axis=1), minlength=n + 1) / size
    assert counts == pytest.approx(bgbb.probability_of_transactions(range(n + 1), n), abs=3e-3)


def test_gamma_one_has_a_finite_limit(bgbb):
    model = BetaGeoBetaBinom()
    near, at = dict(bgbb.params_, gamma=1.0 + 1e-6), dict(bgbb.params_, gamma=1.0)
    model.params_ = near
    a = model.expected_transactions_new(10)
    model.params_ = at
    assert model.expected_transactions_new(10) == pytest.approx(a, rel=1e-5)


def test_extreme_histories_neither_raise_nor_warn(bgbb):
    extreme = pd.DataFrame({"frequency": [1000, 0, 999], "recency": [1000, 0, 1000],
                            "periods": [1000, 5000, 1000]})
    old = np.seterr(all="raise")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            values = [bgbb.p_alive(extreme), bgbb.expected_transactions(extreme, 100),
                      bgbb.discounted_expected_transactions(extreme, 0.05)]
            values.append(bgbb.probability_of_transactions([0, 5, 2000], 1000))
            values.append(bgbb.expected_transactions_new([0, 1, 5000]))
    finally:
        np.seterr(**old)
    assert all(np.isfinite(np.asarray(v)).all() for v in values)


@pytest.mark.parametrize(
    ("column", "frame", "message"),
    [
        ("periods", {"frequency": [1, 2], "recency": [3, 7], "periods": [6, 6]},
         "row 1 has periods = 6.0 and recency = 7.0"),
        ("frequency", {"frequency": [1, 4], "recency": [3, 3], "periods": [6, 6]},
         "row 1 has frequency = 4.0 and recency = 3.0"),
        ("recency", {"frequency": [0, 1], "recency": [2, 3], "periods": [6, 6]},
         "row 0 has recency = 2.0 and frequency = 0"),
        ("frequency", {"frequency": [1, -1], "recency": [3, 3], "periods": [6, 6]}, "row 1 has -1.0"),
        ("recency", {"frequency": [1, 1], "recency": [2.5, 3], "periods": [6, 6]}, "row 0 has 2.5"),
        ("periods", {"frequency": [1, 1], "recency": [3, 3], "periods": [6, np.nan]},
         "must hold finite numbers; row 1 has nan"),
        ("frequency", {"frequency": ["2", "two"], "recency": [3, 3], "periods": [6, 6]},
         "must hold numbers; row 1 has 'two'"),
    ],
)
def test_impossible_patterns_name_column_and_row(column, frame, message):
    with pytest.raises(ValueError, match=rf"Column '{column}'.*{message}"):
        BetaGeoBetaBinom().fit(pd.DataFrame(frame))


def test_duplicate_ids_and_bad_weights_are_refused(donations):
    twice = pd.DataFrame({"frequency": [1, 2], "recency": [3, 4], "periods": [6, 6]}, index=["a", "a"])
    with pytest.raises(ValueError, match="more than one entry for customer 'a'"):
        BetaGeoBetaBinom().fit(twice)
    with ckmkit.language("zh"), pytest.raises(ValueError, match="客户 'a' 出现了不止一次"):
        BetaGeoBetaBinom().fit(twice)
    ids = pl.DataFrame({"donor": ["x", "x"], "frequency": [1, 2], "recency": [3, 4], "periods": [6, 6]})
    with pytest.raises(ValueError, match="customer 'x'"):
        BetaGeoBetaBinom().fit(ids)
    with pytest.raises(ValueError, match=r"Column 'weights' \(weights\).*row 3 has -1"):
        BetaGeoBetaBinom().fit(donations.assign(weights=np.where(donations.index == 3, -1, 1)),
                               weights="weights")
    with pytest.raises(ValueError, match="no row a weight above 0"):
        BetaGeoBetaBinom().fit(donations.assign(weights=0), weights="weights")


def test_horizon_and_not_fitted_are_checked(bgbb, donations):
    for horizon in (-1, 1.5, "5", True):
        with pytest.raises(ValueError):
            bgbb.expected_transactions(donations, horizon)
    with pytest.raises(ValueError, match="number of periods must be a whole number"):
        bgbb.expected_transactions_new(2.5)
    with pytest.raises(ValueError, match="not fitted"):
        BetaGeoBetaBinom().p_alive(donations)
    assert repr(BetaGeoBetaBinom()) == "BetaGeoBetaBinom()"


def test_nobody_returning_is_a_boundary_fit_with_finite_predictions():
    flat = pd.DataFrame({"frequency": [0, 0, 0], "recency": [0, 0, 0], "periods": [4, 5, 6]})
    with pytest.warns(ConvergenceWarning, match="cannot pin the model down"):
        model = BetaGeoBetaBinom().fit(flat)
    assert not model.converged_
    assert np.isfinite(model.expected_transactions(flat, 3).to_numpy()).all()
