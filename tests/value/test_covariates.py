"""Covariates in Pareto/NBD, BG/NBD and GGompertz/NBD: recovery, nesting, coding, errors, saving."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2

from ckmkit.value import (
    BetaGeo,
    Covariates,
    GammaGamma,
    GammaGompertzNBD,
    ModifiedBetaGeo,
    ParetoNBD,
    compare_models,
    customer_lifetime_value,
    dert,
    likelihood_ratio_test,
    load_model,
    simulate_summary,
)

PARETO = {"r": 0.6, "alpha": 8.0, "s": 0.8, "beta": 12.0}
BG = {"r": 0.6, "alpha": 8.0, "a": 0.8, "b": 2.5}
EFFECTS = {"purchase:gender": 0.5, "purchase:channel": -0.3, "dropout:gender": 0.6, "dropout:channel": 0.0}
BOTH = {"purchase_covariates": ["gender", "channel"], "dropout_covariates": ["gender", "channel"]}


def _customers(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"gender": rng.integers(0, 2, n).astype(float),
                         "channel": rng.integers(0, 2, n).astype(float)},
                        index=pd.Index([f"c{i}" for i in range(n)], name="customer_id"))


@pytest.fixture(scope="module")
def pareto_data() -> pd.DataFrame:
    return simulate_summary("ParetoNBD", {**PARETO, **EFFECTS}, _customers(6000), T=52, seed=3)


@pytest.fixture(scope="module")
def pareto_fit(pareto_data):
    return ParetoNBD().fit(pareto_data, **BOTH)


@pytest.mark.parametrize("model, base", [(ParetoNBD, PARETO), (BetaGeo, BG)])
def test_recovers_the_coefficients_within_their_intervals(model, base):
    """Each true coefficient within 3 standard errors (four coefficients: a family-wise 1 % risk)."""
    data = simulate_summary(model.__name__, {**base, **EFFECTS}, _customers(6000), T=52, seed=3)
    fitted = model().fit(data, **BOTH)
    assert fitted.converged_
    table = fitted.summary_
    for name, truth in EFFECTS.items():
        estimate, se = table.loc[name, "estimate"], table.loc[name, "standard_error"]
        assert abs(estimate - truth) < 3 * se, (name, estimate, se)
        assert 0.01 < se < 0.5
        assert table.loc[name, "lower_95"] == pytest.approx(estimate - 1.959963984540054 * se)
    assert fitted.parameter_scales_["purchase:gender"] == "identity"
    assert fitted.parameter_scales_["r"] == "log"
    # the purchase effect is strong and clearly found: its interval leaves out 0
    assert table.loc["purchase:gender", "lower_95"] > 0


def test_parameter_names_follow_the_contract(pareto_fit):
    assert list(pareto_fit.params_) == ["r", "alpha", "s", "beta", "purchase:gender", "purchase:channel",
                                        "dropout:gender", "dropout:channel"]
    assert pareto_fit.n_histories_ < pareto_fit.n_customers_  # fitted on distinct (history, covariates)


@pytest.mark.parametrize("model, base", [(ParetoNBD, PARETO), (BetaGeo, BG),
                                         (GammaGompertzNBD, {"r": 0.6, "alpha": 8.0, "b": 0.02,
                                                             "s": 0.8, "beta": 1.5})])
def test_zero_coefficients_are_the_plain_model(model, base, pareto_data):
    """All coefficients 0: the same log-likelihood and predictions as the model without covariates."""
    data = pareto_data.head(400)
    plain, full = model(), model()
    plain.params_ = dict(base)
    full._set_covariates(None)
    full._use_covariates(data, ["gender"], ["channel"])
    full.params_ = {**base, "purchase:gender": 0.0, "dropout:channel": 0.0}
    assert full.loglik(data) == pytest.approx(plain.loglik(data), rel=1e-12)
    np.testing.assert_allclose(full.expected_purchases(data, 10), plain.expected_purchases(data, 10),
                               rtol=1e-10)
    np.testing.assert_allclose(full.p_alive(data), plain.p_alive(data), rtol=1e-10)


@pytest.mark.parametrize("model, base, scaled", [
    (ParetoNBD, PARETO, {"alpha": -0.4, "beta": -0.7}),
    (BetaGeo, BG, {"alpha": -0.4, "a": 0.7, "b": 0.7}),
    (GammaGompertzNBD, {"r": 0.6, "alpha": 8.0, "b": 0.02, "s": 0.8, "beta": 1.5},
     {"alpha": -0.4, "beta": -0.7}),
])
def test_a_customer_with_covariates_is_the_plain_model_at_their_own_parameters(model, base, scaled,
                                                                                pareto_data):
    """As CLVTools: α_i = α₀·exp(−γ_p z), β_i = β₀·exp(−γ_d z) (BG/NBD: a, b times exp(γ_d z))."""
    data = pareto_data[pareto_data["gender"] == 1].head(200)
    full = model()
    full._set_covariates(Covariates(("gender",), ("gender",), {}))
    full.params_ = {**base, "purchase:gender": 0.4, "dropout:gender": 0.7}
    own = model()
    own.params_ = {name: value * np.exp(scaled.get(name, 0.0)) for name, value in base.items()}
    for method in ("p_alive", "expected_purchases"):
        args = () if method == "p_alive" else (26.0,)
        np.testing.assert_allclose(getattr(full, method)(data, *args), getattr(own, method)(data, *args),
                                   rtol=1e-9)
    np.testing.assert_allclose(dert(full, data, 0.01), dert(own, data, 0.01), rtol=1e-9)
    if model is GammaGompertzNBD:  # its integrals over the future, per customer
        np.testing.assert_allclose(full.p_alive_at(data, 13.0), own.p_alive_at(data, 13.0), rtol=1e-9)
        np.testing.assert_allclose(full.conditional_probability_of_purchases(data, 13.0, 2),
                                   own.conditional_probability_of_purchases(data, 13.0, 2), rtol=1e-9)
    if model is ParetoNBD:  # CLV reads each customer's covariates too
        spend = GammaGamma()
        spend.params_ = {"p": 6.0, "q": 4.0, "gamma": 15.0}
        priced = data.assign(monetary_value=30.0)
        clv = [customer_lifetime_value(m, spend, priced)["clv"] for m in (full, own)]
        np.testing.assert_allclose(clv[0], clv[1], rtol=1e-9)
    assert full.expected_purchases_new(13, covariates={"gender": 1}) == pytest.approx(
        own.expected_purchases_new(13), rel=1e-12)
    reference = model()
    reference.params_ = dict(base)
    assert full.expected_purchases_new(13) == pytest.approx(reference.expected_purchases_new(13), rel=1e-12)


def test_a_positive_purchase_coefficient_raises_a_new_customers_purchases(pareto_fit):
    """New customers (a silent existing one is another matter: silence says more for a keen buyer)."""
    # over one week dropout hardly matters: the ratio is about exp(purchase:gender)
    woman, man = (pareto_fit.expected_purchases_new(1, covariates={"gender": g}) for g in (1.0, 0.0))
    assert woman / man == pytest.approx(np.exp(pareto_fit.params_["purchase:gender"]), rel=0.05)


def test_categorical_covariates_are_dummy_coded_against_the_first_level(pareto_data):
    data = pareto_data.head(3000).assign(
        channel=pareto_data["channel"].head(3000).map({0.0: "shop", 1.0: "online"}),
        gender=pareto_data["gender"].head(3000).map({0.0: "male", 1.0: "female"}))
    fitted = ParetoNBD().fit(data, purchase_covariates=["gender", "channel"])
    assert fitted.covariate_levels_ == {"gender": ("female", "male"), "channel": ("online", "shop")}
    assert list(fitted.params_)[4:] == ["purchase:gender[male]", "purchase:channel[shop]"]
    numeric = ParetoNBD().fit(pareto_data.head(3000).assign(male=lambda d: 1 - d["gender"],
                                                            shop=lambda d: 1 - d["channel"]),
                              purchase_covariates=["male", "shop"])
    np.testing.assert_allclose(list(fitted.params_.values()), list(numeric.params_.values()), rtol=1e-5)
    # an ordered categorical keeps its own order: its first category is the reference
    ordered = data.assign(channel=pd.Categorical(data["channel"], ["shop", "online"], ordered=True))
    assert "purchase:channel[online]" in ParetoNBD().fit(ordered, purchase_covariates=["channel"]).params_
    with pytest.raises(ValueError, match=r"'channel' has the level phone for customer c0"):
        fitted.p_alive(data.assign(channel=["phone"] + list(data["channel"][1:])))


def test_predictions_need_the_covariate_columns(pareto_fit, pareto_data):
    with pytest.raises(ValueError, match="channel"):
        pareto_fit.p_alive(pareto_data.drop(columns="channel"))


def test_bad_covariates_get_clear_errors(pareto_data):
    data = pareto_data.head(500)
    with pytest.raises(ValueError, match=r"'gender' has no value for customer c7"):
        ParetoNBD().fit(data.assign(gender=data["gender"].where(data.index != "c7")),
                        purchase_covariates=["gender"])
    with pytest.raises(ValueError, match=r"'dropout:flag' takes one value \(1.0\)"):
        ParetoNBD().fit(data.assign(flag=1.0), dropout_covariates=["gender", "flag"])
    with pytest.raises(ValueError, match=r"'purchase:twice' is determined by purchase:gender \(collinear\)"):
        ParetoNBD().fit(data.assign(twice=2 * data["gender"] + 1), purchase_covariates=["gender", "twice"])
    with pytest.raises(ValueError, match="missing_column"):
        ParetoNBD().fit(data, purchase_covariates=["missing_column"])
    with pytest.raises(ValueError, match="ModifiedBetaGeo has no covariates"):
        ModifiedBetaGeo().fit(data, purchase_covariates=["gender"])
    with pytest.raises(ValueError, match="names a column twice"):
        ParetoNBD().fit(data, purchase_covariates=["gender", "gender"])


def test_chinese_messages_exist_for_the_errors(pareto_data):
    from ckmkit.i18n import language

    with language("zh"), pytest.raises(ValueError, match="缺少客户 c7 的取值"):
        ParetoNBD().fit(pareto_data.head(50).assign(
            gender=pareto_data["gender"].head(50).where(pareto_data.index[:50] != "c7")),
            purchase_covariates=["gender"])


def test_likelihood_ratio_test_against_the_plain_model(pareto_fit, pareto_data):
    plain = ParetoNBD().fit(pareto_data)
    test = likelihood_ratio_test(plain, pareto_fit)
    statistic = 2 * (pareto_fit.loglik_ - plain.loglik_)
    assert test["statistic"] == pytest.approx(statistic) and statistic > 50
    assert test["df"] == 4
    assert test["p_value"] == pytest.approx(chi2.sf(statistic, 4))
    # the fit's own log-likelihood is the likelihood evaluated at its estimates
    assert pareto_fit.loglik(pareto_data) == pytest.approx(pareto_fit.loglik_, rel=1e-9)
    with pytest.raises(ValueError, match="restricted model's parameters"):
        likelihood_ratio_test(pareto_fit, plain)


def test_compare_models_tests_covariates_against_the_plain_model(pareto_fit, pareto_data):
    split = pareto_data.assign(frequency_holdout=0.0, duration_holdout=10.0)
    plain = ParetoNBD().fit(pareto_data)
    table = compare_models({"plain": plain, "covariates": pareto_fit}, split).set_index("model")
    assert table.loc["covariates", "lr_against"] == "plain"
    assert table.loc["covariates", "lr_df"] == 4
    assert table.loc["covariates", "lr_p_value"] == pytest.approx(
        likelihood_ratio_test(plain, pareto_fit)["p_value"])


def test_save_and_load_keep_the_covariates(pareto_fit, pareto_data, tmp_path):
    data = pareto_data.head(100).assign(channel=pareto_data["channel"].head(100).map({0.0: "a", 1.0: "b"}))
    fitted = ParetoNBD().fit(pareto_data.assign(channel=pareto_data["channel"].map({0.0: "a", 1.0: "b"})),
                             purchase_covariates=["channel"], dropout_covariates=["gender"])
    loaded = load_model(fitted.save(tmp_path / "model.json"))
    assert loaded.params_ == fitted.params_
    assert loaded.covariate_levels_ == {"channel": ("a", "b")}
    assert loaded.summary_.equals(fitted.summary_)
    np.testing.assert_array_equal(loaded.expected_purchases(data, 10), fitted.expected_purchases(data, 10))
    plain = load_model(ParetoNBD().fit(pareto_data.head(500)).save(tmp_path / "plain.json"))
    assert plain.covariates_ is None and "purchase:channel[b]" not in plain.params_


def test_refit_without_covariates_forgets_them(pareto_data):
    model = ParetoNBD().fit(pareto_data.head(800), purchase_covariates=["gender"])
    model.fit(pareto_data.head(800))
    assert list(model.params_) == ["r", "alpha", "s", "beta"] and model.covariate_levels_ == {}


@pytest.mark.parametrize("model, base", [(ParetoNBD, PARETO), (BetaGeo, BG)])
def test_the_simulator_without_coefficients_is_the_plain_model(model, base):
    """Every customer draws their own rates (and dropout probability) when no coefficient is given."""
    data = simulate_summary(model.__name__, base, pd.DataFrame(index=range(8000)), T=52, seed=4)
    fitted = model().fit(data)
    for name, truth in base.items():
        estimate, se = fitted.params_[name], fitted.standard_errors_[name]
        assert abs(np.log(estimate / truth)) < 3 * se / estimate, (name, estimate, se)


def test_ggompertz_with_covariates_reaches_pareto_nbd_with_covariates(pareto_data):
    """On Pareto/NBD data the fit heads for its Pareto/NBD limit, and the coefficients carry over.

    As b → 0 with β / b fixed the model is Pareto/NBD, and β_i = β₀·exp(−γ z) then scales
    Pareto's β the same way: the coefficients estimate the Pareto/NBD ones, and the
    likelihood is at least Pareto/NBD's (the search may stop short of the limit, with a tiny b).
    """
    data = pareto_data.head(1000)
    fitted = GammaGompertzNBD().fit(data, purchase_covariates=["gender"], dropout_covariates=["gender"])
    pareto = ParetoNBD().fit(data, purchase_covariates=["gender"], dropout_covariates=["gender"])
    assert fitted.params_["b"] < 0.01
    assert pareto.loglik_ - 1e-3 < fitted.loglik_ < pareto.loglik_ + 0.05
    for name in ("purchase:gender", "dropout:gender"):
        tolerance = 0.3 * pareto.standard_errors_[name]
        assert fitted.params_[name] == pytest.approx(pareto.params_[name], abs=tolerance)


def test_compare_models_does_not_nest_pareto_with_covariates_in_plain_ggompertz(pareto_fit):
    plain_gg = GammaGompertzNBD()
    plain_gg.params_ = {"r": 0.6, "alpha": 8.0, "b": 0.01, "s": 0.8, "beta": 0.1}
    plain_gg.loglik_, plain_gg.n_customers_ = pareto_fit.loglik_ - 10, pareto_fit.n_customers_
    from ckmkit.value.diagnostics import _nested_pairs

    assert _nested_pairs({"pn": pareto_fit, "gg": plain_gg}, None) == []


def test_a_polars_summary_gives_the_same_fit(pareto_data):
    import polars as pl

    data = pareto_data.head(2000).assign(channel=pareto_data["channel"].head(2000).map({0.0: "a", 1.0: "b"}))
    args = {"purchase_covariates": ["gender", "channel"], "dropout_covariates": ["gender"]}
    ours = BetaGeo().fit(data, **args)
    theirs = BetaGeo().fit(pl.from_pandas(data.reset_index()), **args)
    assert theirs.params_ == pytest.approx(ours.params_, rel=1e-9)
    np.testing.assert_allclose(theirs.p_alive(pl.from_pandas(data.reset_index())), ours.p_alive(data))
