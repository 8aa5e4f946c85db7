"""BG/NBD, Pareto/NBD and Gamma-Gamma reproduce the published CDNOW estimates."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import polars as pl
import pytest
from scipy.optimize import check_grad

import ckmkit
from ckmkit import DataQualityWarning
from ckmkit.value import BetaGeo, ConvergenceWarning, GammaGamma, ParetoNBD
from ckmkit.value._mle import compress, fit_log_params


@pytest.fixture(scope="module")
def bg(cdnow_cal):
    return BetaGeo().fit(cdnow_cal)


@pytest.fixture(scope="module")
def pareto(cdnow_cal):
    return ParetoNBD().fit(cdnow_cal)


def test_bgnbd_reproduces_fader_hardie_lee_2005(bg):
    # Fader, Hardie & Lee (2005), Marketing Science 24(2), CDNOW 1/10 sample, 39 weeks.
    published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    assert set(bg.params_) == set(published)
    for name, value in published.items():
        assert round(bg.params_[name], 3) == value, name
    assert round(bg.loglik_, 1) == -9582.4
    assert bg.converged_ and bg.n_customers_ == 2357


def test_bgnbd_standard_errors_are_plausible(bg):
    se = bg.standard_errors_
    assert all(np.isfinite(v) and v > 0 for v in se.values())
    # r is estimated far more precisely than the dropout parameters
    assert se["r"] / bg.params_["r"] < se["a"] / bg.params_["a"]


def test_bgnbd_analytic_gradient_matches_numeric(cdnow_cal):
    model = BetaGeo()
    data, weights = compress(*(cdnow_cal[c].to_numpy(float) for c in ("frequency", "recency", "T")))
    fg = model._fun_and_grad(data, weights)
    for point in (np.log([0.3, 4.0, 0.8, 2.5]), np.log([1.0, 1.0, 1.0, 1.0])):
        error = check_grad(lambda p: fg(p)[0], lambda p: fg(p)[1], point)
        assert error < 1e-3 * np.linalg.norm(fg(point)[1]) + 1e-4


def test_compressed_fit_equals_per_customer_likelihood(bg, cdnow_cal):
    assert bg.n_histories_ < len(cdnow_cal)
    assert bg.loglik(cdnow_cal) == pytest.approx(bg.loglik_, abs=1e-6)


def test_bgnbd_predictions(bg, cdnow_cal):
    alive = bg.p_alive(cdnow_cal)
    assert isinstance(alive, pd.Series) and alive.index.equals(cdnow_cal.index)
    assert alive.between(0, 1).all()
    assert (alive[cdnow_cal["frequency"] == 0] == 1.0).all()  # BG/NBD: no repeat, no dropout yet
    expected = bg.expected_purchases(cdnow_cal, t=39)
    assert (expected >= 0).all()
    assert (bg.expected_purchases(cdnow_cal, t=78) >= expected).all()
    # a brand-new customer (x = t_x = T = 0) is the unconditional expectation E[X(t)]
    new = pd.DataFrame({"frequency": [0], "recency": [0.0], "T": [0.0]})
    assert bg.expected_purchases(new, t=39).iloc[0] == pytest.approx(bg.expected_purchases_new(39))
    # customer 4's history (2 repeats, t_x = 30.43, T = 38.86), computed by hand from eq. (10)
    r, al, a, b = (bg.params_[k] for k in ("r", "alpha", "a", "b"))
    x, tx, big_t = 2, 213 / 7, 272 / 7
    from scipy.special import hyp2f1
    p_alive = 1 / (1 + a / (b + x - 1) * ((al + big_t) / (al + tx)) ** (r + x))
    hand = ((a + b + x - 1) / (a - 1)
            * (1 - ((al + big_t) / (al + big_t + 39)) ** (r + x)
               * hyp2f1(r + x, b + x, a + b + x - 1, 39 / (al + big_t + 39))) * p_alive)
    assert expected.loc[4] == pytest.approx(hand, rel=1e-12)
    assert alive.loc[4] == pytest.approx(p_alive, rel=1e-12)


def test_holdout_forecast_is_close_in_aggregate(bg, cdnow_split):
    # Calibration-period model, 39-week holdout: aggregate forecast within 15 % of actual.
    predicted = bg.expected_purchases(cdnow_split, t=39).sum()
    actual = cdnow_split["frequency_holdout"].sum()
    assert abs(predicted - actual) / actual < 0.15


def test_pareto_nbd_reproduces_published(pareto):
    # Fader, Hardie & Lee (2005) report r=0.553, α=10.578, s=0.606, β=11.669, LL=-9595.0;
    # CLVTools reproduces r=0.55315, α=10.57633, s=0.60625, β=11.67150, LL=-9594.976.
    p = pareto.params_
    assert p["r"] == pytest.approx(0.553, abs=6e-4)
    assert p["alpha"] == pytest.approx(10.578, abs=5e-3)
    assert p["s"] == pytest.approx(0.606, abs=6e-4)
    assert p["beta"] == pytest.approx(11.669, abs=5e-3)
    assert pareto.loglik_ == pytest.approx(-9594.976, abs=1e-3)
    # standard errors as reported by CLVTools' correctness tests
    for name, se in {"r": 0.0476, "alpha": 0.8427, "s": 0.1873, "beta": 6.2105}.items():
        assert pareto.standard_errors_[name] == pytest.approx(se, rel=0.01), name


def test_pareto_nbd_predictions(pareto, cdnow_cal):
    alive = pareto.p_alive(cdnow_cal)
    assert alive.between(0, 1).all()
    new = pd.DataFrame({"frequency": [0], "recency": [0.0], "T": [0.0]})
    assert pareto.expected_purchases(new, t=39).iloc[0] == pytest.approx(
        pareto.expected_purchases_new(39))
    assert pareto.p_alive(new).iloc[0] == pytest.approx(1.0)


def test_gamma_gamma_reproduces_fader_hardie(cdnow_cal):
    # Fader & Hardie (2013), "The Gamma-Gamma model of monetary value": p=6.25, q=3.74, γ=15.44.
    gg = GammaGamma().fit(cdnow_cal[cdnow_cal["frequency"] > 0])
    assert set(gg.params_) == {"p", "q", "gamma"}
    assert round(gg.params_["p"], 2) == 6.25
    assert round(gg.params_["q"], 2) == 3.74
    assert round(gg.params_["gamma"], 2) == 15.44
    assert gg.loglik_ == pytest.approx(-4055.918, abs=1e-3)
    assert gg.n_customers_ == 946
    spend = gg.expected_spend(cdnow_cal[cdnow_cal["frequency"] > 0])
    # shrinkage: every estimate lies between the customer's own mean and the population mean
    own = cdnow_cal.loc[cdnow_cal["frequency"] > 0, "monetary_value"]
    low, high = np.minimum(own, gg.mean_spend), np.maximum(own, gg.mean_spend)
    assert ((spend >= low - 1e-9) & (spend <= high + 1e-9)).all()


def test_gamma_gamma_reports_customers_it_cannot_use(cdnow_cal):
    with pytest.warns(DataQualityWarning, match="1411 customers without repeat purchases"):
        GammaGamma().fit(cdnow_cal, standard_errors=False)


def test_models_accept_polars(cdnow_cal, bg):
    frame = pl.from_pandas(cdnow_cal.reset_index())
    other = BetaGeo().fit(frame, standard_errors=False)
    assert other.params_ == pytest.approx(bg.params_, rel=1e-6)
    assert isinstance(other.p_alive(frame), np.ndarray)


def test_no_repeat_purchases_is_a_clear_error():
    flat = pd.DataFrame({"frequency": [0, 0], "recency": [0.0, 0.0], "T": [5.0, 3.0]})
    with pytest.raises(ValueError, match="no repeat purchases"):
        BetaGeo().fit(flat)
    with ckmkit.language("zh"), pytest.raises(ValueError, match="没有任何重复购买"):
        ParetoNBD().fit(flat)


@pytest.mark.parametrize(
    ("column", "frame", "message"),
    [
        ("frequency", {"frequency": [1, -1], "recency": [1.0, 1.0], "T": [2.0, 2.0]}, "row 1"),
        ("frequency", {"frequency": [1.5, 1], "recency": [1.0, 1.0], "T": [2.0, 2.0]}, "row 0"),
        ("recency", {"frequency": [1, 1], "recency": [np.nan, 1.0], "T": [2.0, 2.0]}, "row 0"),
        ("T", {"frequency": [1, 1], "recency": [1.0, 3.0], "T": [2.0, 2.0]}, "row 1"),
        ("T", {"frequency": [1, 1], "recency": [1.0, 1.0], "T": [2.0, np.nan]},
         "must hold finite numbers; row 1 has nan"),
        ("frequency", {"frequency": ["2", "two"], "recency": [1.0, 1.0], "T": [2.0, 2.0]},
         "must hold numbers; row 1 has 'two'"),
    ],
)
def test_bad_summaries_name_column_and_row(column, frame, message):
    with pytest.raises(ValueError, match=rf"Column '{column}'.*{message}"):
        BetaGeo().fit(pd.DataFrame(frame))


@pytest.mark.parametrize("horizon", [-1, float("nan"), float("inf"), "a year", [4, -4]])
def test_forecast_horizon_must_be_a_length(bg, pareto, cdnow_cal, horizon):
    for call in (lambda m: m.expected_purchases(cdnow_cal, t=horizon),
                 lambda m: m.expected_purchases_new(horizon)):
        for model in (bg, pareto):
            with pytest.raises(ValueError, match="horizon t must be a finite number ≥ 0"):
                call(model)
    with ckmkit.language("zh"), pytest.raises(ValueError, match="预测时长 t"):
        bg.expected_purchases(cdnow_cal, t=horizon)
    assert float(bg.expected_purchases(cdnow_cal.iloc[:1], t=0).iloc[0]) == 0.0


def test_missing_column_and_not_fitted():
    with pytest.raises(ValueError, match="Column 'recency' is missing"):
        BetaGeo().fit(pd.DataFrame({"frequency": [1], "T": [1.0]}))
    with pytest.raises(ValueError, match="not fitted"):
        BetaGeo().p_alive(pd.DataFrame({"frequency": [1], "recency": [1.0], "T": [2.0]}))
    assert repr(BetaGeo()) == "BetaGeo()"


def test_non_convergence_warns_and_nan_raises():
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        fit_log_params(lambda p: float(np.sum((p - 3) ** 4)), np.zeros(2), model="Toy", maxiter=1)
    with pytest.raises(ValueError, match="not finite"):
        fit_log_params(lambda p: float("nan"), np.zeros(2), model="Toy")


def test_single_customer_fit_does_not_return_silent_nan():
    one = pd.DataFrame({"frequency": [2], "recency": [5.0], "T": [9.0]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            model = BetaGeo().fit(one, standard_errors=False)
        except ValueError:
            return  # an explicit error is acceptable
    assert all(np.isfinite(v) for v in model.params_.values())
    assert np.isfinite(model.loglik_)
    assert all(issubclass(w.category, ConvergenceWarning) for w in caught) or not caught


def test_gradient_hessian_matches_function_hessian(bg, cdnow_cal):
    from ckmkit.value._mle import standard_errors

    model = BetaGeo()
    data, weights = compress(*(cdnow_cal[c].to_numpy(float) for c in ("frequency", "recency", "T")))
    fg = model._fun_and_grad(data, weights)
    point = np.log([bg.params_[k] for k in ("r", "alpha", "a", "b")])
    from_gradient = standard_errors(lambda p: fg(p)[0], point, fg)
    from_values = standard_errors(lambda p: fg(p)[0], point)
    np.testing.assert_allclose(from_gradient, from_values, rtol=2e-3)


def test_standard_errors_reuse_the_polishing_hessian_without_losing_accuracy(cdnow_cal):
    from ckmkit.value._mle import standard_errors

    bg = BetaGeo().fit(cdnow_cal)
    x, tx, big_t = (cdnow_cal[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T"))
    fresh = BetaGeo()  # a Hessian computed afresh at the estimates, in weeks
    log_params = np.log([bg.params_[name] for name in BetaGeo._param_names])
    fun_and_grad = fresh._fun_and_grad([x, tx, big_t], np.ones(x.size))
    se = standard_errors(None, log_params, fun_and_grad)
    np.testing.assert_allclose(list(bg.standard_errors_.values()), se, rtol=1e-4)


def test_summary_table_gives_estimates_errors_and_log_scale_intervals(cdnow_cal):
    bg = BetaGeo().fit(cdnow_cal)
    table = bg.summary_
    assert list(table.index) == ["r", "alpha", "a", "b"]
    assert list(table.columns) == ["estimate", "standard_error", "lower_95", "upper_95"]
    assert table["estimate"].to_dict() == bg.params_
    assert table["standard_error"].to_dict() == bg.standard_errors_
    # θ · exp(±1.96 se/θ): r = 0.2426 (se 0.0126), b = 2.4259 (se 0.7054) on the CDNOW sample
    assert table.loc["r", ["lower_95", "upper_95"]].tolist() == pytest.approx([0.2192, 0.2685], abs=1e-4)
    assert table.loc["b", ["lower_95", "upper_95"]].tolist() == pytest.approx([1.3720, 4.2893], abs=1e-4)
    np.testing.assert_allclose(table["lower_95"] * table["upper_95"], table["estimate"] ** 2)
    assert not hasattr(BetaGeo().fit(cdnow_cal, standard_errors=False), "summary_")


def test_gamma_gamma_summary_has_one_row_per_parameter(cdnow_cal):
    gg = GammaGamma().fit(cdnow_cal[cdnow_cal["frequency"] > 0])
    assert gg.summary_.loc["q", "estimate"] == pytest.approx(3.744, abs=1e-3)
    assert gg.summary_.loc["q", "standard_error"] == pytest.approx(0.290, abs=1e-3)
    assert gg.n_histories_ <= gg.n_customers_
