"""CLV from BG/NBD × Gamma-Gamma, and the retention arithmetic of chapter 2."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ckmkit.value import BetaGeo, GammaGamma
from ckmkit.value.clv import acquisition_vs_retention, customer_lifetime_value, retention_clv


@pytest.fixture(scope="module")
def fitted(cdnow_cal):
    bg = BetaGeo().fit(cdnow_cal, standard_errors=False)
    gg = GammaGamma().fit(cdnow_cal[cdnow_cal["frequency"] > 0], standard_errors=False)
    return bg, gg


def test_clv_without_discount_is_purchases_times_spend(fitted, cdnow_cal):
    bg, gg = fitted
    out = customer_lifetime_value(bg, gg, cdnow_cal, horizon=39, step=13, discount_rate=0.0)
    expected = bg.expected_purchases(cdnow_cal, t=39) * gg.expected_spend(cdnow_cal)
    np.testing.assert_allclose(out["clv"], expected, rtol=1e-10)
    np.testing.assert_allclose(out["expected_purchases"], bg.expected_purchases(cdnow_cal, t=39))


def test_clv_equals_the_step_by_step_sum_per_customer(fitted, cdnow_cal):
    """Forecasts are computed once per distinct history; every customer gets the direct sum."""
    bg, gg = fitted
    out = customer_lifetime_value(bg, gg, cdnow_cal, horizon=50, step=4, discount_rate=0.02,
                                  margin=0.3, cost_per_purchase=1.0)
    ends = [4.0 * k for k in range(1, 13)] + [50.0]
    by_end = [bg.expected_purchases(cdnow_cal, t=end).to_numpy() for end in ends]
    steps = np.diff(np.column_stack([np.zeros(len(cdnow_cal))] + by_end), axis=1)
    direct = (steps * 1.02 ** -np.arange(1, 14)).sum(axis=1) * (
        0.3 * gg.expected_spend(cdnow_cal).to_numpy() - 1.0)
    np.testing.assert_array_equal(out["discounted_margin"].to_numpy(), direct)
    np.testing.assert_array_equal(out["expected_purchases"].to_numpy(), by_end[-1])
    histories = cdnow_cal[["frequency", "recency", "T"]].drop_duplicates()
    assert len(histories) < len(cdnow_cal)  # the shortcut has work to save here


@pytest.mark.parametrize("model", ["BetaGeo", "ParetoNBD"])
def test_clv_of_each_customer_alone_for_both_models_and_any_index(fitted, cdnow_cal, model):
    """The shared forecasts of equal histories are each customer's own, whatever the index."""
    import polars as pl

    from ckmkit.value import ParetoNBD

    _, gg = fitted
    tm = fitted[0] if model == "BetaGeo" else ParetoNBD().fit(cdnow_cal, standard_errors=False)
    args = dict(horizon=20, step=4, discount_rate=0.02, margin=0.3)
    out = customer_lifetime_value(tm, gg, cdnow_cal, **args)
    for row in (0, 5, 17, len(cdnow_cal) - 1):
        alone = customer_lifetime_value(tm, gg, cdnow_cal.iloc[[row]], **args)
        assert alone["clv"].iloc[0] == out["clv"].iloc[row]
    same_ids = cdnow_cal.set_axis(np.zeros(len(cdnow_cal), int))[::-1]
    np.testing.assert_array_equal(customer_lifetime_value(tm, gg, same_ids, **args)["clv"],
                                  out["clv"].to_numpy()[::-1])
    on_polars = customer_lifetime_value(tm, gg, pl.from_pandas(cdnow_cal.reset_index()), **args)
    pd.testing.assert_frame_equal(on_polars, out, check_exact=True)


def test_discount_margin_and_cost(fitted, cdnow_cal):
    bg, gg = fitted
    base = customer_lifetime_value(bg, gg, cdnow_cal, horizon=52, step=4, discount_rate=0.0)
    disc = customer_lifetime_value(bg, gg, cdnow_cal, horizon=52, step=4, discount_rate=0.02)
    assert (disc["clv"] < base["clv"]).all()
    half = customer_lifetime_value(bg, gg, cdnow_cal, horizon=52, step=4, discount_rate=0.02,
                                   margin=0.5)
    np.testing.assert_allclose(half["clv"], disc["clv"] / 2, rtol=1e-12)
    costs = pd.Series(3.0, index=cdnow_cal.index)
    served = customer_lifetime_value(bg, gg, cdnow_cal, horizon=52, step=4, discount_rate=0.02,
                                     margin=0.5, cost_to_serve=costs)
    np.testing.assert_allclose(served["clv"], half["clv"] - 3.0)
    assert (served["clv"] < 0).any()  # some customers are worth less than their service cost


def test_clv_single_step_by_hand(fitted, cdnow_cal):
    bg, gg = fitted
    out = customer_lifetime_value(bg, gg, cdnow_cal.loc[[4]], horizon=10, step=10,
                                  discount_rate=0.1, margin=0.3, cost_per_purchase=1.0)
    n = bg.expected_purchases(cdnow_cal.loc[[4]], t=10).iloc[0]
    spend = gg.expected_spend(cdnow_cal.loc[[4]]).iloc[0]
    assert out["clv"].iloc[0] == pytest.approx(n * (0.3 * spend - 1.0) / 1.1, rel=1e-12)


def test_retention_clv_closed_form_matches_sum():
    assert retention_clv(100, 0.8, 0.1) == pytest.approx(100 / (1 - 0.8 / 1.1))
    assert retention_clv(100, 0.8, 0.1, periods=2000) == pytest.approx(retention_clv(100, 0.8, 0.1))
    assert retention_clv(100, 0.8, 0.1, first_period_paid=False) == pytest.approx(
        retention_clv(100, 0.8, 0.1) / 1.1)
    with pytest.raises(ValueError, match="retention"):
        retention_clv(100, 1.5, 0.1)


def test_acquisition_costs_six_times_retention():
    table = acquisition_vs_retention(12_000, 100, margin=200, retention=0.7, discount_rate=0.1,
                                     periods=3)
    assert table.loc["acquire", "cost_per_customer"] == 600
    assert table["customers"].tolist() == [120.0, 20.0]
    value = 200 * (1 + 0.7 / 1.1 + (0.7 / 1.1) ** 2)
    assert table.loc["retain", "value"] == pytest.approx(120 * value)
    assert table.loc["retain", "net"] > table.loc["acquire", "net"]


def test_models_of_the_wrong_kind_are_named(fitted, cdnow_cal):
    bg, gg = fitted
    with pytest.raises(TypeError, match="transaction_model must be a fitted BetaGeo / ParetoNBD, not a str"):
        customer_lifetime_value("bg", gg, cdnow_cal)
    with pytest.raises(TypeError, match="spend_model must be a fitted GammaGamma, not a BetaGeo"):
        customer_lifetime_value(bg, bg, cdnow_cal)


def test_bad_rates():
    with pytest.raises(ValueError, match="retention 1 and discount rate 0 the value never stops"):
        retention_clv(100, 1.0, 0.0)
    assert retention_clv(100, 1.0, 0.0, periods=3) == 300.0
    with pytest.raises(ValueError, match="margin must lie between 0 and 1"):
        customer_lifetime_value(None, None, pd.DataFrame(), margin=2.0)


@pytest.mark.parametrize("horizon", [True, "52"])
def test_clv_horizon_refuses_text_and_booleans(fitted, cdnow_cal, horizon):
    bg, gg = fitted
    with pytest.raises(ValueError, match="horizon must be a number > 0"):
        customer_lifetime_value(bg, gg, cdnow_cal, horizon=horizon)
