"""Degenerate data, time scales, convergence and horizons: the edges of the CLV models."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import ckmkit
from ckmkit.value import BetaGeo, ConvergenceWarning, GammaGamma, ParetoNBD, summarize

NOBODY_DROPS = pd.DataFrame({"frequency": [1, 2, 3, 4], "recency": [5.0, 6, 7, 8], "T": [9.0] * 4})
SPENDS = pd.DataFrame({"frequency": [1, 2, 3, 5, 1, 2],
                       "monetary_value": [20.0, 30.0, 10.0, 50.0, 15.0, 40.0]})


@pytest.mark.parametrize("frame", [
    NOBODY_DROPS,
    pd.DataFrame({"frequency": [0, 1, 2], "recency": [0.0, 3, 8], "T": [10.0] * 3}),
    pd.DataFrame({"frequency": [2] * 5, "recency": [5.0] * 5, "T": [9.0] * 5}),
])
def test_boundary_fit_warns_and_predicts_finite_values(frame):
    with pytest.warns(ConvergenceWarning, match="cannot pin the model down.*→"):
        model = BetaGeo().fit(frame)
    assert not model.converged_
    assert all(np.isfinite(v) and v > 0 for v in model.params_.values())
    expected = model.expected_purchases(frame, t=10)
    assert np.isfinite(expected).all() and (expected > 0).all()
    # nobody drops out: about (x + r) / (T + α) · t purchases, i.e. the customer's own rate
    rate = frame["frequency"].sum() / frame["T"].sum()
    assert expected.mean() == pytest.approx(rate * 10, rel=0.25)
    assert np.isfinite(model.p_alive(frame)).all()
    assert np.isfinite(model.expected_purchases_new(10))


def test_boundary_warning_is_bilingual():
    with ckmkit.language("zh"), pytest.warns(ConvergenceWarning, match="数据无法确定模型"):
        BetaGeo().fit(NOBODY_DROPS, standard_errors=False)


def test_no_time_observed_is_a_clear_error():
    flat = pd.DataFrame({"frequency": [1, 2], "recency": [0.0, 0.0], "T": [0.0, 0.0]})
    with pytest.raises(ValueError, match="every customer has T = 0"):
        BetaGeo().fit(flat)


@pytest.mark.parametrize("factor", [1.0, 1e5, 1e6, 1e7])
def test_gamma_gamma_is_invariant_to_the_currency_unit(factor):
    with pytest.warns(ConvergenceWarning, match=r"p → ∞"):  # six customers: p is not identified
        base = GammaGamma().fit(SPENDS, standard_errors=False)
    scaled_frame = SPENDS.assign(monetary_value=SPENDS["monetary_value"] * factor)
    with pytest.warns(ConvergenceWarning, match=r"p → ∞"):
        scaled = GammaGamma().fit(scaled_frame, standard_errors=False)
    assert scaled.params_["p"] == pytest.approx(base.params_["p"], rel=1e-6)
    assert scaled.params_["q"] == pytest.approx(base.params_["q"], rel=1e-6)
    assert scaled.params_["gamma"] == pytest.approx(base.params_["gamma"] * factor, rel=1e-6)
    assert scaled.loglik_ == pytest.approx(base.loglik_ - 6 * np.log(factor), abs=1e-6)
    np.testing.assert_allclose(scaled.expected_spend(scaled_frame),
                               base.expected_spend(SPENDS) * factor, rtol=1e-6)


def test_gamma_gamma_estimates_are_stable_to_rounding(cdnow_cal):
    repeaters = cdnow_cal[cdnow_cal["frequency"] > 0]
    base = GammaGamma().fit(repeaters, standard_errors=False)
    nudged = repeaters.assign(monetary_value=repeaters["monetary_value"] * (1 + 1e-15))
    other = GammaGamma().fit(nudged, standard_errors=False)
    for name in ("p", "q", "gamma"):
        assert other.params_[name] == pytest.approx(base.params_[name], rel=1e-8), name


def test_gamma_gamma_negative_spend_names_column_and_row():
    bad = pd.DataFrame({"frequency": [1, 2, 1], "monetary_value": [5.0, 4.0, -3.0]})
    with pytest.raises(ValueError, match=r"Column 'monetary_value' must hold each customer's mean "
                                         r"spend per repeat purchase.*row 2 has -3.0"):
        GammaGamma().fit(bad)


@pytest.fixture(scope="module")
def cdnow_days(cdnow):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ckmkit.DataQualityWarning)
        return summarize(cdnow, time_unit="D", observation_end="1997-09-30")


@pytest.mark.parametrize("model_class", [BetaGeo, ParetoNBD])
def test_days_and_weeks_give_the_same_model(model_class, cdnow_cal, cdnow_days):
    weeks = model_class().fit(cdnow_cal, standard_errors=False)
    days = model_class().fit(cdnow_days, standard_errors=False)
    assert weeks.converged_ and days.converged_
    for name, value in weeks.params_.items():
        factor = 7.0 if name in ("alpha", "beta") else 1.0
        assert days.params_[name] == pytest.approx(value * factor, rel=1e-6), name
    np.testing.assert_allclose(days.expected_purchases(cdnow_days, t=39 * 7),
                               weeks.expected_purchases(cdnow_cal, t=39), rtol=1e-6)
    np.testing.assert_allclose(days.p_alive(cdnow_days), weeks.p_alive(cdnow_cal), rtol=1e-6)


def test_pareto_nbd_fits_on_a_tenth_of_a_day(cdnow):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ckmkit.DataQualityWarning)
        cal = summarize(cdnow, time_unit=0.1, observation_end="1997-09-30")
    assert cal["T"].max() > 2700
    model = ParetoNBD().fit(cal, standard_errors=False)
    assert model.converged_
    assert model.params_["r"] == pytest.approx(0.5533, abs=2e-4)
    assert model.params_["beta"] == pytest.approx(11.669 * 70, rel=1e-3)
    assert model.loglik_ == pytest.approx(-20033.53, abs=0.01)


@pytest.fixture(scope="module")
def bg(cdnow_cal):
    return BetaGeo().fit(cdnow_cal, standard_errors=False)


def test_horizon_per_customer_must_match_the_customers(bg, cdnow_cal):
    few = cdnow_cal.iloc[:3]
    with pytest.raises(ValueError, match="t has 2 values but the summary has 3 customers"):
        bg.expected_purchases(few, t=[1.0, 2.0])
    each = bg.expected_purchases(few, t=[10.0, 20.0, 30.0])
    for i, t in enumerate((10.0, 20.0, 30.0)):
        assert each.iloc[i] == pytest.approx(bg.expected_purchases(few.iloc[[i]], t=t).iloc[0])


def test_horizon_series_is_matched_by_index(bg, cdnow_cal):
    few = cdnow_cal.iloc[:3]
    horizons = pd.Series([10.0, 20.0, 30.0], index=few.index)
    reversed_ = horizons.iloc[::-1]
    np.testing.assert_array_equal(bg.expected_purchases(few, t=reversed_),
                                  bg.expected_purchases(few, t=horizons))
    other = pd.Series([10.0, 20.0, 30.0], index=["x", "y", "z"])
    with pytest.raises(ValueError, match="3 customers have no value in it"):
        bg.expected_purchases(few, t=other)
    doubled = pd.Series([1.0, 2.0, 3.0], index=[few.index[0]] * 3)
    with pytest.raises(ValueError, match="its index repeats labels"):
        bg.expected_purchases(few, t=doubled)


@pytest.mark.parametrize("horizon", [True, "39", np.array(["39"]), [True, 2.0]])
def test_horizon_refuses_text_and_booleans(bg, cdnow_cal, horizon):
    few = cdnow_cal.iloc[:1]
    with pytest.raises(ValueError, match="horizon t must be a finite number"):
        bg.expected_purchases(few, t=horizon)
    with pytest.raises(ValueError, match="horizon t must be a finite number"):
        bg.expected_purchases_new(horizon)
