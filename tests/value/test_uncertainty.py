"""How sure a fitted model is: conf_int, covariance, parameter draws, per-customer intervals, P(class)."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from ckmkit import i18n
from ckmkit.datasets import load_donations
from ckmkit.value import (
    BetaGeo,
    BetaGeoBetaBinom,
    GammaGamma,
    GammaGompertzNBD,
    ModifiedBetaGeo,
    ParetoNBD,
    ShiftedBetaGeo,
    class_probabilities,
    clv_draws,
    clv_intervals,
    customer_lifetime_value,
    dert,
    dert_intervals,
    load_model,
    p_alive_intervals,
    parameter_draws,
    purchase_intervals,
)
from ckmkit.value.sbg import cohort_table

#: BG/NBD parameters of the simulated data sets (CDNOW-like, with a dropout a little better identified).
TRUE = {"r": 0.5, "alpha": 5.0, "a": 1.2, "b": 3.0}


@pytest.fixture(scope="module")
def bg(cdnow_cal):
    return BetaGeo().fit(cdnow_cal)


@pytest.fixture(scope="module")
def gg(cdnow_cal):
    return GammaGamma().fit(cdnow_cal[cdnow_cal["frequency"] > 0])


def simulate_bg(n: int, rng: np.random.Generator, params: dict = TRUE) -> pd.DataFrame:
    """Histories (x, t_x, T) of `n` BG/NBD customers observed for 26 to 52 weeks.

    While alive a customer buys at Poisson rate λ; after each repeat purchase they drop
    out with probability p, so they stop after a geometric number J of repeat purchases.
    Given N Poisson purchases in (0, T], x = min(N, J), and the x-th of N uniform
    purchase times is T · Beta(x, N − x + 1).
    """
    rate = rng.gamma(params["r"], 1 / params["alpha"], n)
    dropout = rng.beta(params["a"], params["b"], n)
    age = rng.uniform(26, 52, n)
    n_poisson = rng.poisson(rate * age)
    x = np.minimum(n_poisson, rng.geometric(dropout))
    recency = np.where(x > 0, age * rng.beta(np.maximum(x, 1), n_poisson - x + 1), 0.0)
    return pd.DataFrame({"frequency": x.astype("float64"), "recency": recency, "T": age})


def test_coverage_of_expected_holdout_purchases_by_simulation():
    """Intervals from sampling cover the expectation under the true parameters as often as claimed.

    30 seeded data sets of 500 BG/NBD customers; for each, every customer's 90 % and
    50 % intervals (60 draws) of expected purchases in the next 26 weeks given their
    history, against that expectation under the true parameters. With 60 draws the
    interval between np.quantile's linear interpolants at (1 ∓ level)/2 has expected
    coverage (D + 1 − 2k)/(D + 1), k = 1 + (D − 1)(1 − level)/2: 0.870 for 90 %,
    0.484 for 50 % (measured: 0.908 and 0.495). Customers of one data set share one
    estimation error, so the replications, not the customers, are the independent
    units: the tolerance is 2.5 binomial standard errors over 30 replications (0.055
    at 90 %, 0.091 at 50 %) plus 0.03 for the normal approximation at n = 500.
    Intervals half as wide as they should be fail the 90 % check (they cover about
    59 %), three times as wide the 50 % one (about 96 %).
    """
    truth = BetaGeo()
    truth.params_ = dict(TRUE)
    replications, n_draws, horizon = 30, 60, 26.0
    covered = {0.9: [], 0.5: []}
    for k in range(replications):
        summary = simulate_bg(500, np.random.default_rng(1000 + k))
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # every fit converges inside the parameter space
            model = BetaGeo().fit(summary)
        draws = parameter_draws(model, n_draws=n_draws, seed=k).predict(
            lambda m, s: m.expected_purchases(s, horizon), summary, name="e")
        target = truth.expected_purchases(summary, horizon).to_numpy()
        for level in covered:
            out = draws.interval(level)
            covered[level].append(np.mean((out["e_lower"] <= target) & (target <= out["e_upper"])))
    for level, shares in covered.items():
        order = 1 + (n_draws - 1) * (1 - level) / 2
        expected = (n_draws + 1 - 2 * order) / (n_draws + 1)
        tolerance = 2.5 * np.sqrt(level * (1 - level) / replications) + 0.03
        assert abs(np.mean(shares) - expected) < tolerance, (level, np.mean(shares), expected)


def test_conf_int_is_wald_on_the_log_scale_and_agrees_with_summary(bg):
    se = pd.Series(bg.standard_errors_)
    estimate = pd.Series(bg.params_)
    for level in (0.95, 0.8):
        z = norm.ppf(0.5 + level / 2)
        ci = bg.conf_int(level)
        np.testing.assert_allclose(ci["lower"], estimate * np.exp(-z * se / estimate), rtol=1e-12)
        np.testing.assert_allclose(ci["upper"], estimate * np.exp(z * se / estimate), rtol=1e-12)
        # the estimate is the geometric mean of the bounds: symmetric on the log scale
        np.testing.assert_allclose(np.sqrt(ci["lower"] * ci["upper"]), estimate, rtol=1e-12)
    ci = bg.conf_int()
    np.testing.assert_allclose(ci["lower"], bg.summary_["lower_95"], rtol=1e-12)
    np.testing.assert_allclose(ci["upper"], bg.summary_["upper_95"], rtol=1e-12)
    assert (ci["scale"] == "log").all() and (ci["note"] == "").all()
    assert bg.conf_int(0.99)["upper"].gt(ci["upper"]).all()


def test_covariance_is_the_log_scale_information_inverse(bg):
    """Standard errors are the delta method on covariance_: se(θ) = θ · sqrt(var(log θ))."""
    cov = bg.covariance_
    assert list(cov.index) == list(cov.columns) == ["r", "alpha", "a", "b"]
    np.testing.assert_allclose(cov.to_numpy(), cov.to_numpy().T, rtol=1e-10)
    assert np.linalg.eigvalsh(cov.to_numpy()).min() > 0
    se = np.sqrt(np.diag(cov)) * np.array(list(bg.params_.values()))
    np.testing.assert_allclose(se, list(bg.standard_errors_.values()), rtol=1e-10)
    # a and b move together (both large or both small): their log-scale correlation is strongly positive
    corr = cov.loc["a", "b"] / np.sqrt(cov.loc["a", "a"] * cov.loc["b", "b"])
    assert corr > 0.8


def test_conf_int_reproduces_clvtools_published_pareto_nbd_numbers(cdnow_cal):
    """CLVTools' Pareto/NBD on CDNOW (its correctness tests): estimates and standard errors.

    Its ``confint`` is symmetric on the original scale (θ ± z·se); ours is Wald on log θ
    with se(log θ) = se / θ. Both from CLVTools' published numbers, both within 1 % of ours.
    """
    coef = {"r": 0.55315, "alpha": 10.57633, "s": 0.60625, "beta": 11.67150}
    se = {"r": 0.0476264, "alpha": 0.8427222, "s": 0.1872594, "beta": 6.2105448}
    model = ParetoNBD().fit(cdnow_cal)
    ci = model.conf_int(0.9)
    z = norm.ppf(0.95)
    for name in coef:
        log_bounds = [coef[name] * np.exp(-z * se[name] / coef[name]),
                      coef[name] * np.exp(z * se[name] / coef[name])]
        assert ci.loc[name, ["lower", "upper"]].tolist() == pytest.approx(log_bounds, rel=0.01), name
    # at 95 % CLVTools' symmetric interval for β reaches below 0; the log-scale one stays positive
    assert coef["beta"] - 1.96 * se["beta"] < 0 < model.conf_int(0.95).loc["beta", "lower"]


@pytest.mark.parametrize("model_class", [ParetoNBD, ModifiedBetaGeo])
def test_conf_int_and_covariance_for_other_transaction_models(model_class, cdnow_cal):
    model = model_class().fit(cdnow_cal)
    ci = model.conf_int(0.9)
    assert list(ci.index) == list(model._param_names)
    assert ((ci["lower"] < ci["estimate"]) & (ci["estimate"] < ci["upper"])).all()
    assert model.covariance_.shape == (4, 4)


def test_conf_int_for_spend_and_discrete_models(gg):
    ci = gg.conf_int()
    assert ci.loc["p", "lower"] < 6.25 < ci.loc["p", "upper"]  # Fader & Hardie's p
    # BG/BB on the donations pattern table and sBG on a cohort: every model is a BaseFitter
    bgbb = BetaGeoBetaBinom().fit(load_donations(), weights="weights")
    assert bgbb.conf_int().shape[0] == 4 and bgbb.covariance_.shape == (4, 4)
    spells = cohort_table([1000, 631, 468, 382, 326, 289, 262, 241])  # Fader & Hardie (2007), "regular"
    sbg = ShiftedBetaGeo().fit(spells, weights="customers")
    ci = sbg.conf_int()
    assert ci.loc["alpha", "lower"] < 0.704 < ci.loc["alpha", "upper"]
    assert ((ci["lower"] < ci["estimate"]) & (ci["estimate"] < ci["upper"])).all()
    draws = parameter_draws(sbg, spells, n_draws=20, method="bootstrap", weights="customers", progress=False)
    assert draws.params.shape == (20, 2) and draws.params.nunique().min() > 1


def test_boundary_gives_nan_interval_with_a_note(cdnow_cal):
    """GGompertz/NBD on CDNOW reaches its documented Pareto/NBD limit: b and β have no interval."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = GammaGompertzNBD().fit(cdnow_cal)
    ci = model.conf_int()
    assert ci.loc[["b", "beta"], ["lower", "upper"]].isna().all().all()
    assert ci.loc[["r", "alpha", "s"], ["lower", "upper"]].notna().all().all()
    assert "boundary" in ci.loc["b", "note"] and ci.loc["r", "note"] == ""
    assert model.covariance_.loc["b"].isna().all() and model.covariance_.loc["r", "r"] > 0
    with pytest.raises(ValueError, match="no standard error for b, beta.*method='bootstrap'"):
        parameter_draws(model)


def test_sampling_draws_are_centred_on_the_estimate_with_the_covariance(bg):
    draws = parameter_draws(bg, n_draws=4000, seed=3)
    logs = np.log(draws.params)
    mean_error = logs.mean() - np.log(pd.Series(bg.params_))
    se_log = np.sqrt(np.diag(bg.covariance_))
    assert (mean_error.abs() < 4 * se_log / np.sqrt(4000)).all()  # within 4 standard errors of the mean
    np.testing.assert_allclose(logs.cov().to_numpy(), bg.covariance_.to_numpy(),
                               rtol=0.1, atol=0.1 * se_log.min() ** 2)
    again = parameter_draws(bg, n_draws=4000, seed=3)
    pd.testing.assert_frame_equal(draws.params, again.params)
    assert draws.method == "sampling" and draws.not_converged == 0


def test_bootstrap_is_reproducible_and_spreads_like_the_standard_errors(bg, cdnow_cal):
    first = parameter_draws(bg, cdnow_cal, n_draws=40, method="bootstrap", seed=7, progress=False)
    again = parameter_draws(bg, cdnow_cal, n_draws=40, method="bootstrap", seed=7, progress=False)
    pd.testing.assert_frame_equal(first.params, again.params)
    other = parameter_draws(bg, cdnow_cal, n_draws=40, method="bootstrap", seed=8, progress=False)
    assert not np.allclose(first.params.to_numpy(), other.params.to_numpy())
    # 40 refits: the spread of log r estimates its standard error to about 1/sqrt(80) = 11 %
    spread = np.log(first.params).std()
    se_log = pd.Series(bg.standard_errors_) / pd.Series(bg.params_)
    assert ((spread / se_log).between(0.7, 1.4)).all(), spread / se_log
    assert first.method == "bootstrap"


def test_bootstrap_resamples_distinct_histories_as_multinomial_counts():
    """Customers one row each, or their distinct histories with a count: the same resamples and refits."""
    rng = np.random.default_rng(5)
    small = simulate_bg(400, rng).round(0)  # whole weeks: many customers share a history
    small["recency"] = np.minimum(small["recency"], small["T"])
    model = BetaGeo().fit(small)
    patterns = small.groupby(["frequency", "recency", "T"], sort=False).size().rename("count").reset_index()
    assert len(patterns) < 0.8 * len(small)  # 278 histories for 400 customers
    each = parameter_draws(model, small, n_draws=5, method="bootstrap", seed=1, progress=False)
    counted = parameter_draws(model, patterns, n_draws=5, method="bootstrap", seed=1, weights="count",
                              progress=False)
    pd.testing.assert_frame_equal(each.params, counted.params)


def test_interval_width_shrinks_with_sample_size():
    widths, ci_widths = [], []
    for n in (1000, 8000):
        summary = simulate_bg(n, np.random.default_rng(n))
        model = BetaGeo().fit(summary)
        probe = pd.DataFrame({"frequency": [0.0, 2.0, 8.0], "recency": [0.0, 20.0, 45.0], "T": [52.0] * 3})
        draws = parameter_draws(model, n_draws=150, seed=0).predict(
            lambda m, s: m.expected_purchases(s, 26.0), probe, name="e").interval(0.9)
        widths.append((draws["e_upper"] - draws["e_lower"]).to_numpy())
        ci = model.conf_int()
        ci_widths.append(np.log(ci["upper"] / ci["lower"]).to_numpy())
    # eight times the customers: intervals about sqrt(8) = 2.8 times narrower
    assert np.all((widths[0] / widths[1] > 1.8) & (widths[0] / widths[1] < 4.5)), widths[0] / widths[1]
    assert np.all((ci_widths[0] / ci_widths[1] > 2.0) & (ci_widths[0] / ci_widths[1] < 4.0))


def test_per_customer_intervals_for_expected_purchases_p_alive_and_dert(bg, cdnow_cal):
    pareto = ParetoNBD().fit(cdnow_cal.iloc[:300])  # DERT in closed form: quick over draws
    purchases = purchase_intervals(bg, cdnow_cal, 39, n_draws=100)
    np.testing.assert_allclose(purchases["expected_purchases"], bg.expected_purchases(cdnow_cal, 39),
                               rtol=1e-12)  # the point column is the prediction at the estimate
    assert purchases.index.equals(cdnow_cal.index)
    assert (purchases["expected_purchases_lower"] < purchases["expected_purchases_upper"]).all()
    inside = purchases["expected_purchases"].between(purchases["expected_purchases_lower"],
                                                     purchases["expected_purchases_upper"])
    assert inside.mean() > 0.95
    alive = p_alive_intervals(bg, cdnow_cal, n_draws=100)
    repeaters = cdnow_cal["frequency"] > 0
    assert (alive.loc[~repeaters, ["p_alive", "p_alive_lower", "p_alive_upper"]] == 1.0).all().all()
    assert (alive.loc[repeaters, "p_alive_upper"] > alive.loc[repeaters, "p_alive_lower"]).all()
    rate = np.log(1.15) / 52
    values = dert_intervals(pareto, cdnow_cal.iloc[:300], rate, n_draws=50, level=0.8)
    np.testing.assert_allclose(values["dert"], dert(pareto, cdnow_cal.iloc[:300], rate), rtol=1e-12)
    wide = dert_intervals(pareto, cdnow_cal.iloc[:300], rate, n_draws=50, level=0.95)
    assert (wide["dert_lower"] <= values["dert_lower"] + 1e-12).all()
    assert (wide["dert_upper"] >= values["dert_upper"] - 1e-12).all()


def test_clv_intervals_draw_both_models_and_keep_the_cost_to_serve(bg, gg, cdnow_cal):
    some = cdnow_cal.iloc[:400]
    cost = pd.Series(2.0, index=some.index)
    out = clv_intervals(bg, gg, some, margin=0.3, cost_to_serve=cost, n_draws=60)
    point = customer_lifetime_value(bg, gg, some, margin=0.3, cost_to_serve=cost)["clv"]
    np.testing.assert_allclose(out["clv"], point, rtol=1e-12)  # the point column: at the estimates
    assert list(out.columns) == ["clv", "clv_lower", "clv_upper"] and out.index.equals(some.index)
    assert (out["clv_lower"] <= out["clv_upper"]).all()
    assert (out["clv_lower"] > -2.0 - 1e-9).all()  # the cost is the same in every draw
    both = clv_draws(bg, gg, some, margin=0.3, n_draws=60)
    width = (both.interval()["clv_upper"] - both.interval()["clv_lower"]).median()
    # the transaction model alone drawn (same seed stream would differ: compare spreads only)
    only = parameter_draws(bg, n_draws=60, seed=0).predict(
        lambda m, s: customer_lifetime_value(m, gg, s, margin=0.3)["clv"], some, name="clv",
        columns=["frequency", "recency", "T", "monetary_value"]).interval()
    assert width > (only["clv_upper"] - only["clv_lower"]).median()  # the spend model adds its own


def test_class_probabilities_sum_to_one_and_follow_the_rules(bg, gg, cdnow_cal):
    draws = clv_draws(bg, gg, cdnow_cal.iloc[:600], margin=0.3, cost_to_serve=3.0, n_draws=40)
    p = class_probabilities(draws)
    shares = p[["p_mvc", "p_mgc", "p_bzc", "p_other"]]
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)
    assert shares.isin(np.arange(41) / 40).all().all()
    interval = draws.interval(0.999)
    sure_loss = interval["clv_upper"] < 0  # negative in every draw: a BZC in every draw
    assert sure_loss.any() and (p.loc[sure_loss, "p_bzc"] == 1.0).all()
    top = draws.point.idxmax()
    assert p.loc[top, "p_mvc"] == 1.0 and p.loc[top, "customer_class"] == "mvc"
    # a custom rule: the top half by CLV is "mvc"
    p2 = class_probabilities(draws, lambda v: np.where(v > v.median(), "mvc", "other"))
    assert p2["p_mgc"].eq(0).all() and p2["p_mvc"].between(0, 1).all()
    with pytest.raises(ValueError, match="class 'vip', which is not one of"):
        class_probabilities(draws, lambda v: np.full(len(v), "vip"))


def test_save_and_load_keep_the_covariance(bg, tmp_path):
    path = bg.save(tmp_path / "bg.json")
    loaded = load_model(path)
    pd.testing.assert_frame_equal(loaded.covariance_, bg.covariance_)
    pd.testing.assert_frame_equal(loaded.conf_int(), bg.conf_int())
    pd.testing.assert_frame_equal(parameter_draws(loaded, n_draws=10).params,
                                  parameter_draws(bg, n_draws=10).params)
    # a file written before the covariance was kept still loads, with intervals but no sampling
    record = json.loads(path.read_text(encoding="utf-8"))
    del record["covariance"]
    path.write_text(json.dumps(record), encoding="utf-8")
    older = load_model(path)
    assert not hasattr(older, "covariance_")
    pd.testing.assert_frame_equal(older.conf_int(), bg.conf_int())
    with pytest.raises(ValueError, match="no covariance of its parameters"):
        parameter_draws(older)
    record["covariance"] = [[1.0, 0.0], [0.0, 1.0]]
    path.write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(ValueError, match="not a 4 × 4 table"):
        load_model(path)


@pytest.mark.parametrize(("language", "unfitted", "no_errors", "level"), [
    ("en", "not fitted yet", "has no standard errors", "strictly between 0 and 1"),
    ("zh", "尚未拟合", "没有标准误", "严格介于 0 和 1 之间"),
])
def test_errors_in_both_languages(language, unfitted, no_errors, level, cdnow_cal):
    fitted = BetaGeo().fit(cdnow_cal, standard_errors=False)
    previous = i18n.get_language()
    i18n.set_language(language)
    try:
        with pytest.raises(ValueError, match=unfitted):
            BetaGeo().conf_int()
        with pytest.raises(ValueError, match=unfitted):
            parameter_draws(BetaGeo())
        with pytest.raises(ValueError, match=no_errors):
            fitted.conf_int()
        with pytest.raises(ValueError, match=level):
            fitted.conf_int(1.0)
        with pytest.raises(ValueError, match="standard_errors=False"):
            parameter_draws(fitted)
        with pytest.raises(ValueError, match="'sampling', 'bootstrap'"):
            parameter_draws(fitted, method="jackknife")
        with pytest.raises(ValueError, match="n_draws"):
            parameter_draws(fitted, n_draws=1)
        with pytest.raises(ValueError, match="BetaGeo"):
            parameter_draws(fitted, method="bootstrap")
    finally:
        i18n.set_language(previous)


def test_intervals_on_a_polars_summary_equal_the_pandas_ones(bg, gg, cdnow_cal):
    import polars as pl

    frame = pl.from_pandas(cdnow_cal.iloc[:300].reset_index())  # the customer id in the first column
    got = clv_intervals(bg, gg, frame, n_draws=20)
    expected = clv_intervals(bg, gg, cdnow_cal.iloc[:300], n_draws=20)
    pd.testing.assert_frame_equal(got, expected, check_names=False)
    alive = p_alive_intervals(bg, frame, n_draws=20)
    assert alive.index.tolist() == cdnow_cal.index[:300].tolist()


def test_clv_steps_in_chunks_equal_one_call(bg, gg, cdnow_cal, monkeypatch):
    """The CLV over draws forecasts many steps per call; bounded chunks give the same numbers."""
    whole = customer_lifetime_value(bg, gg, cdnow_cal, horizon=52, step=1, margin=0.3)
    monkeypatch.setattr("ckmkit.value.clv._ROWS_PER_CALL", 5000)  # two or three steps a call
    chunked = customer_lifetime_value(bg, gg, cdnow_cal, horizon=52, step=1, margin=0.3)
    pd.testing.assert_frame_equal(chunked, whole, rtol=1e-13)


def test_clv_bootstrap_refits_both_models_on_the_summary(cdnow_cal):
    some = cdnow_cal.iloc[:800]
    bg = BetaGeo().fit(some, standard_errors=False)  # the bootstrap needs no standard errors
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the spend model reports the customers it cannot use
        gg = GammaGamma().fit(some[some["frequency"] > 0], standard_errors=False)
        draws = clv_draws(bg, gg, some, n_draws=8, method="bootstrap", seed=2, progress=False)
    assert draws.values.shape[0] == 8  # one row per draw, one column per distinct row
    out = draws.interval(0.9)
    np.testing.assert_allclose(out["clv"], customer_lifetime_value(bg, gg, some)["clv"], rtol=1e-12)
    spread = out["clv_upper"] - out["clv_lower"]
    assert (spread[some["frequency"] > 0] > 0).all()


def test_intervals_and_bootstrap_with_covariates():
    """A model with covariates: each customer's own covariates (text levels too) in every draw."""
    from ckmkit.value import simulate_summary

    rng = np.random.default_rng(1)
    z = pd.DataFrame({"store": rng.integers(0, 2, 1500).astype(float)})
    truth = {"r": 0.8, "alpha": 4.0, "a": 0.8, "b": 2.5, "purchase:store": -0.5, "dropout:store": 0.3}
    data = simulate_summary("BetaGeo", truth, z, T=52.0, seed=3)
    data["channel"] = np.where(data["store"] > 0, "store", "online")
    model = BetaGeo().fit(data, purchase_covariates=["channel"], dropout_covariates=["channel"])
    out = purchase_intervals(model, data, t=10, n_draws=40, seed=2)
    np.testing.assert_allclose(out["expected_purchases"], model.expected_purchases(data, t=10))
    assert (out["expected_purchases_lower"] <= out["expected_purchases"]).all()
    assert (out["expected_purchases"] <= out["expected_purchases_upper"]).all()
    # Two customers with the same history but different channels get different forecasts.
    online = data.assign(channel="online").head(1)
    store = data.assign(channel="store").head(1)
    assert float(model.expected_purchases(online, t=10)[0]) > float(model.expected_purchases(store, t=10)[0])
    boot = parameter_draws(model, data, n_draws=4, method="bootstrap", seed=1, progress=False)
    assert list(boot.params.columns) == list(model.params_)
    assert (boot.params["purchase:channel[store]"] < 0).all()
