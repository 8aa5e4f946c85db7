"""MBG/NBD, GGompertz/NBD, purchase distributions and DERT: published values, closed forms, simulation."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.integrate import quad

import ckmkit
from ckmkit.value import (
    BetaGeo,
    ConvergenceWarning,
    GammaGompertzNBD,
    ModifiedBetaGeo,
    ParetoNBD,
    dert,
)

#: lifetimes 0.11.3's ModifiedBetaGeoFitter().fit(frequency, recency, T) on the CDNOW sample's
#: 39-week calibration summary (2,357 customers, weeks, end 1997-09-30), computed once in a
#: separate environment (lifetimes is not a dependency) and written down here.
LIFETIMES_MBG = {"r": 0.524842903149596, "alpha": 6.183081764399253,
                 "a": 0.8913595172712031, "b": 1.6140029311982755}
#: lifetimes' predictions at those parameters for three histories (x, t_x, T) and t = 39:
#: conditional_expected_number_of_purchases_up_to_time, conditional_probability_alive,
#: expected_number_of_purchases_up_to_time(39), probability_of_n_purchases_up_to_time(39, n).
HISTORIES = pd.DataFrame({"frequency": [0, 2, 10], "recency": [0.0, 30.43, 35.0], "T": [38.86] * 3})
LIFETIMES_CONDITIONAL = [0.15395428, 1.26266922, 5.87911527]
LIFETIMES_P_ALIVE = [0.38971519, 0.7061257, 0.83538436]
LIFETIMES_NEW_39 = 1.1822798470838007
LIFETIMES_PMF_39 = [0.5826050537745057, 0.1827639373609608, 0.08687084130258682, 0.04855081580223193]
EXTREME = pd.DataFrame({"frequency": [1000, 1000, 0, 5], "recency": [38.0, 0.5, 0.0, 38.86],
                        "T": [38.86, 38.86, 1e4, 38.86]})
WEEKLY_15_PERCENT = np.log(1.15) / 52


def _fitted(model_class, params):
    model = model_class()
    model.params_ = dict(params)
    return model


@pytest.fixture(scope="module")
def bg(cdnow_cal):
    return BetaGeo().fit(cdnow_cal, standard_errors=False)


@pytest.fixture(scope="module")
def pareto(cdnow_cal):
    return ParetoNBD().fit(cdnow_cal, standard_errors=False)


@pytest.fixture(scope="module")
def mbg(cdnow_cal):
    return ModifiedBetaGeo().fit(cdnow_cal)


@pytest.fixture(scope="module")
def gg(cdnow_cal):
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)  # the documented boundary warns nothing
        return GammaGompertzNBD().fit(cdnow_cal)


GG_INTERIOR = {"r": 0.55, "alpha": 10.5, "b": 0.02, "s": 0.6, "beta": 0.3}
NEW_MODELS = [_fitted(ModifiedBetaGeo, LIFETIMES_MBG), _fitted(GammaGompertzNBD, GG_INTERIOR)]


# -- MBG/NBD --------------------------------------------------------------------------------

def test_mbg_agrees_with_lifetimes_on_cdnow(mbg):
    assert mbg.converged_ and mbg.at_boundary_ == ()
    for name, value in LIFETIMES_MBG.items():
        assert mbg.params_[name] == pytest.approx(value, abs=1e-3), name
    assert all(np.isfinite(v) and v > 0 for v in mbg.standard_errors_.values())


def test_mbg_loglik_is_maximal_and_matches_its_pieces(mbg, cdnow_cal):
    at_theirs = _fitted(ModifiedBetaGeo, LIFETIMES_MBG).loglik(cdnow_cal)
    assert mbg.loglik(cdnow_cal) == pytest.approx(mbg.loglik_, abs=1e-6)
    assert mbg.loglik_ >= at_theirs - 1e-6 and mbg.loglik_ == pytest.approx(at_theirs, abs=1e-4)
    assert mbg.loglik_ == pytest.approx(-9582.1357, abs=1e-3)


def test_mbg_predictions_equal_lifetimes_closed_forms():
    model = _fitted(ModifiedBetaGeo, LIFETIMES_MBG)
    np.testing.assert_allclose(model.expected_purchases(HISTORIES, 39), LIFETIMES_CONDITIONAL, rtol=1e-7)
    np.testing.assert_allclose(model.p_alive(HISTORIES), LIFETIMES_P_ALIVE, rtol=1e-6)
    np.testing.assert_allclose(model.p_alive_at(HISTORIES, 0), LIFETIMES_P_ALIVE, rtol=1e-6)
    assert model.expected_purchases_new(39) == pytest.approx(LIFETIMES_NEW_39, rel=1e-8)
    np.testing.assert_allclose(model.probability_of_purchases(39, np.arange(4)), LIFETIMES_PMF_39,
                               rtol=1e-8)


def test_mbg_analytic_gradient_matches_numeric(cdnow_cal):
    from ckmkit.value._mle import compress

    model = ModifiedBetaGeo()
    data, weights = compress(*(cdnow_cal[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T")))
    fun_and_grad = model._fun_and_grad(data, weights)
    logp = np.log([0.5, 6.0, 0.9, 1.6])
    value, grad = fun_and_grad(logp)
    assert value == pytest.approx(-float(weights @ model._loglik(logp, *data)), rel=1e-12)
    step = 1e-6
    numeric = [(fun_and_grad(logp + e)[0] - fun_and_grad(logp - e)[0]) / (2 * step)
               for e in np.eye(4) * step]
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-4)


# -- GGompertz/NBD --------------------------------------------------------------------------

def test_gompertz_reaches_clvtools_optimum_on_cdnow(gg):
    """CLVTools' ``ggomnbd`` on its ``cdnow`` (the same 2,357-customer sample, weeks, estimation
    split 1997-09-30, i.e. 39 weeks): LL −9594.9762, r 0.55313, alpha 10.5758, s 0.60682, with b
    and beta near 0 (1.1e-6 and 1.3e-5); Bemmaor & Glady (2012, Table 2): LL −9594.98, r 0.553.
    """
    assert gg.loglik_ == pytest.approx(-9594.98, abs=0.005)
    assert gg.params_["r"] == pytest.approx(0.553, abs=1e-3)
    assert gg.params_["alpha"] == pytest.approx(10.578, abs=0.01)
    assert gg.params_["s"] == pytest.approx(0.6068, abs=2e-3)
    # The boundary is documented, not a failure: reported, converged, no warning, no error for b, beta.
    assert gg.at_boundary_ == ("b", "beta") and gg.converged_
    assert np.isnan(gg.standard_errors_["b"]) and np.isnan(gg.standard_errors_["beta"])
    assert all(np.isfinite(gg.standard_errors_[n]) for n in ("r", "alpha", "s"))


def test_gompertz_boundary_is_the_pareto_nbd_fit(gg, pareto, cdnow_cal):
    # At b → 0 the lifetime is Pareto's with beta / b: the fits and predictions coincide.
    assert gg.params_["beta"] / gg.params_["b"] == pytest.approx(pareto.params_["beta"], rel=0.01)
    assert gg.loglik_ == pytest.approx(pareto.loglik_, abs=0.005)
    np.testing.assert_allclose(gg.expected_purchases(cdnow_cal, 39), pareto.expected_purchases(cdnow_cal, 39),
                               rtol=5e-3)
    np.testing.assert_allclose(gg.p_alive(cdnow_cal), pareto.p_alive(cdnow_cal), atol=5e-3)


def test_gompertz_likelihood_integral_matches_adaptive_quadrature():
    model = GammaGompertzNBD()
    logp = np.log(list(GG_INTERIOR.values()))
    x, tx, big_t = np.array([0.0, 5, 30]), np.array([0.0, 20, 38]), np.array([39.0] * 3)
    _, _, dead = model._pieces(logp, x, tx, big_t)
    r, alpha, b, s, beta = GG_INTERIOR.values()
    for i in range(3):
        def density(tau, i=i):
            return ((alpha + tau) ** -(r + x[i]) * s * b * np.exp(b * tau) * beta ** s
                    * (beta + np.expm1(b * tau)) ** -(s + 1))
        assert dead[i] == pytest.approx(np.log(quad(density, tx[i], big_t[i], epsrel=1e-12)[0]), abs=1e-9)


def test_gompertz_expected_purchases_match_integration():
    model = _fitted(GammaGompertzNBD, GG_INTERIOR)
    r, alpha, b, s, beta = GG_INTERIOR.values()

    def survival(u):
        return (beta / (beta + np.expm1(b * u))) ** s

    expected = r / alpha * quad(survival, 0, 52)[0]  # E[λ] · expected time alive in (0, 52]
    assert model.expected_purchases_new(52) == pytest.approx(expected, rel=1e-9)


# -- distributions: sums, means and simulation ----------------------------------------------

@pytest.mark.parametrize("model", NEW_MODELS, ids=["MBG/NBD", "GGompertz/NBD"])
def test_purchase_distributions_sum_to_one_with_the_expected_mean(model):
    n = np.arange(400)
    new = model.probability_of_purchases(39, n)
    assert new.sum() == pytest.approx(1.0, abs=1e-9)
    assert (n * new).sum() == pytest.approx(model.expected_purchases_new(39), rel=1e-7)
    given = np.array([model.conditional_probability_of_purchases(HISTORIES, 39, k) for k in n])
    np.testing.assert_allclose(given.sum(0), 1.0, atol=1e-9)
    mean = (n[:, None] * given).sum(0)
    np.testing.assert_allclose(mean, model.expected_purchases(HISTORIES, 39), rtol=1e-7)


def _simulate(model, t, size=200_000, seed=7):
    """Repeat purchases in (0, t] of `size` new customers, and whether each is alive at t."""
    rng = np.random.default_rng(seed)
    p = model.params_
    rate = rng.gamma(p["r"], 1 / p["alpha"], size)
    if isinstance(model, ModifiedBetaGeo):
        drop = rng.beta(p["a"], p["b"], size)
        dead_at_start = rng.random(size) < drop
        # purchases until the one followed by dropout (geometric), cut by the Poisson count
        until_dropout = rng.geometric(drop)
        count = rng.poisson(rate * t)
        alive = ~dead_at_start & (count < until_dropout)
        return np.where(dead_at_start, 0, np.minimum(count, until_dropout)), alive
    frailty = rng.gamma(p["s"], 1 / p["beta"], size)
    lifetime = np.log1p(rng.exponential(size=size) / frailty) / p["b"]  # Gompertz, S = e^{−η(e^{bτ}−1)}
    return rng.poisson(rate * np.minimum(lifetime, t)), lifetime > t


@pytest.mark.parametrize("model", NEW_MODELS, ids=["MBG/NBD", "GGompertz/NBD"])
def test_purchase_distribution_and_survival_match_simulation(model):
    """200,000 simulated customers: each share within 4.5 binomial standard errors (a false
    alarm in about 1 in 100,000 comparisons; a formula error of 1 % shows at these sizes)."""
    counts, alive = _simulate(model, 39)
    size = counts.size
    predicted = model.probability_of_purchases(39, np.arange(6))
    observed = np.bincount(counts, minlength=6)[:6] / size
    spread = np.sqrt(predicted * (1 - predicted) / size)
    np.testing.assert_array_less(np.abs(observed - predicted), 4.5 * spread)
    new = pd.DataFrame({"frequency": [0], "recency": [0.0], "T": [0.0]})
    survive = float(np.asarray(model.p_alive_at(new, 39))[0])
    assert abs(alive.mean() - survive) < 4.5 * np.sqrt(survive * (1 - survive) / size)
    assert counts.mean() == pytest.approx(model.expected_purchases_new(39), rel=0.02)


def test_p_alive_ahead_falls_with_time_and_starts_at_p_alive():
    for model in (_fitted(ModifiedBetaGeo, LIFETIMES_MBG), _fitted(GammaGompertzNBD, GG_INTERIOR)):
        now = np.asarray(model.p_alive(HISTORIES))
        ahead = np.array([np.asarray(model.p_alive_at(HISTORIES, t)) for t in (0, 10, 52, 520)])
        np.testing.assert_allclose(ahead[0], now, rtol=1e-12)
        assert (np.diff(ahead, axis=0) < 0).all()


# -- DERT ---------------------------------------------------------------------------------------

def _dert_by_integration(model, row, rate):
    """δ ∫ e^{−δu} E[X(T, T+u) | history] du: DERT integrated by parts, from the model's own forecast."""
    def integrand(u):
        return rate * np.exp(-rate * u) * float(np.asarray(model.expected_purchases(row, u))[0])

    return quad(integrand, 0, np.inf, limit=500, epsabs=0, epsrel=1e-10)[0]


@pytest.mark.parametrize("which", ["bg", "mbg", "pareto", "gg"])
def test_dert_equals_the_discounted_forecast(which, bg, mbg, pareto, request):
    model = {"bg": bg, "mbg": mbg, "pareto": pareto, "gg": _fitted(GammaGompertzNBD, GG_INTERIOR)}[which]
    rows = pd.concat([HISTORIES, EXTREME.iloc[:1]], ignore_index=True)
    values = dert(model, rows, WEEKLY_15_PERCENT)
    for i in range(len(rows)):
        expected = _dert_by_integration(model, rows.iloc[[i]], WEEKLY_15_PERCENT)
        assert values.iloc[i] == pytest.approx(expected, rel=1e-7), i


def test_dert_on_cdnow_and_its_rate(pareto, cdnow_cal):
    values = dert(pareto, cdnow_cal, WEEKLY_15_PERCENT)
    assert values.index.equals(cdnow_cal.index) and values.name == "dert"
    assert float(values.sum()) == pytest.approx(7205.55, abs=0.01)
    # a higher discount rate gives a smaller DERT, customer by customer (as CLVTools tests)
    assert (dert(pareto, cdnow_cal, 2 * WEEKLY_15_PERCENT) < values).all()


@pytest.mark.parametrize("rate", [0, -0.1, float("nan"), "0.1", True])
def test_dert_rate_must_be_positive(pareto, rate):
    with pytest.raises(ValueError, match="discount rate must be a finite number > 0"):
        dert(pareto, HISTORIES, rate)
    with ckmkit.language("zh"), pytest.raises(ValueError, match="折现率"):
        dert(pareto, HISTORIES, rate)


def test_dert_refuses_other_and_unfitted_models():
    from ckmkit.value import GammaGamma

    with pytest.raises(ValueError, match="DERT is defined for"):
        dert(GammaGamma(), HISTORIES, 0.01)
    with pytest.raises(ValueError, match="not fitted"):
        dert(ParetoNBD(), HISTORIES, 0.01)


# -- extremes and bad input ----------------------------------------------------------------

@pytest.mark.parametrize("model", NEW_MODELS, ids=["MBG/NBD", "GGompertz/NBD"])
def test_extreme_histories_never_raise_or_warn(model):
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        results = [model.p_alive(EXTREME), model.p_alive_at(EXTREME, 52),
                   model.expected_purchases(EXTREME, 52),
                   model.conditional_probability_of_purchases(EXTREME, 52, 3),
                   dert(model, EXTREME, WEEKLY_15_PERCENT),
                   model.probability_of_purchases(1e4, [0, 1000]), model.expected_purchases_new(1e4)]
    for values in results:
        assert np.isfinite(np.asarray(values, dtype=float)).all()
        assert (np.asarray(values, dtype=float) >= 0).all()


@pytest.mark.parametrize("model_class", [ModifiedBetaGeo, GammaGompertzNBD])
@pytest.mark.parametrize(
    ("column", "frame", "message"),
    [
        ("frequency", {"frequency": [1, -1], "recency": [1.0, 1.0], "T": [2.0, 2.0]}, "row 1"),
        ("frequency", {"frequency": [1.5, 1], "recency": [1.0, 1.0], "T": [2.0, 2.0]}, "row 0"),
        ("recency", {"frequency": [1, 1], "recency": [np.nan, 1.0], "T": [2.0, 2.0]}, "row 0"),
        ("T", {"frequency": [1, 1], "recency": [1.0, 3.0], "T": [2.0, 2.0]}, "row 1"),
    ],
)
def test_bad_summaries_name_column_and_row(model_class, column, frame, message):
    with pytest.raises(ValueError, match=rf"Column '{column}'.*{message}"):
        model_class().fit(pd.DataFrame(frame))


@pytest.mark.parametrize("n", [-1, 1.5, "2", float("nan")])
def test_purchase_counts_must_be_whole(n):
    model = _fitted(ModifiedBetaGeo, LIFETIMES_MBG)
    with pytest.raises(ValueError, match="number of purchases n must be a whole number"):
        model.probability_of_purchases(39, n)
    with ckmkit.language("zh"), pytest.raises(ValueError, match="购买次数"):
        _fitted(GammaGompertzNBD, GG_INTERIOR).conditional_probability_of_purchases(HISTORIES, 39, n)


def test_new_models_need_a_fit_and_show_their_parameters(mbg):
    with pytest.raises(ValueError, match="not fitted"):
        GammaGompertzNBD().expected_purchases_new(10)
    assert repr(ModifiedBetaGeo()) == "ModifiedBetaGeo()"
    assert repr(mbg).startswith("ModifiedBetaGeo(r=0.5248")
    assert ModifiedBetaGeo.label == "MBG/NBD" and GammaGompertzNBD.label == "GGompertz/NBD"
    assert not isinstance(BetaGeo(), ModifiedBetaGeo)


# -- the fit flow's two small extensions ------------------------------------------------------

def test_rate_parameters_are_divided_back_by_the_fitting_unit():
    # alpha is a time scale (× unit), b a rate (÷ unit), beta, s and r have no unit.
    shift = GammaGompertzNBD()._shift(7.0)
    np.testing.assert_allclose(shift, [0.0, np.log(7.0), -np.log(7.0), 0.0, 0.0])
    np.testing.assert_allclose(BetaGeo()._shift(7.0), [0.0, np.log(7.0), 0.0, 0.0])


def test_a_documented_boundary_is_reported_without_a_warning():
    from ckmkit.value._mle import fit_log_params

    def toward_zero(logp):  # the first two parameters run off to 0, the third settles at 2
        p = np.exp(logp)
        return float(p[0] + p[1] + (p[2] - 2.0) ** 2)

    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        out = fit_log_params(toward_zero, np.zeros(3), model="Toy", names=("b", "beta", "s"),
                             boundary=("b", "beta"))
    assert out.at_edge.tolist() == [True, True, False]
    assert np.exp(out.x[2]) == pytest.approx(2.0, rel=1e-4)
    with pytest.warns(ConvergenceWarning, match="b → 0, beta → 0"):  # not declared: a failure
        fit_log_params(toward_zero, np.zeros(3), model="Toy", names=("b", "beta", "s"))
    with pytest.warns(ConvergenceWarning, match="b → 0"):  # only part of the limit: a failure
        fit_log_params(toward_zero, np.zeros(3), model="Toy", names=("b", "beta", "s"),
                       boundary=("b",))
