"""The numbers chapter 2's prose and its instructor guides state, recomputed (a change in data or code
that makes the text wrong fails here), and the saved GGompertz/NBD fit the chapter loads."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from ckmkit import DataQualityWarning
from ckmkit.datasets import bundled_file, load_cdnow, load_crm_world
from ckmkit.value import (
    BetaGeo,
    GammaGamma,
    GammaGompertzNBD,
    ModifiedBetaGeo,
    ParetoNBD,
    ShiftedBetaGeo,
    calibration_holdout,
    compare_models,
    customer_lifetime_value,
    customer_profitability,
    dert,
    load_model,
    retention_clv,
    summarize,
    value_classes,
)

GGOMPERTZ_FILE = ("cdnow", "ggompertz_calibration.json")


@pytest.fixture(scope="module")
def split():
    return calibration_holdout(load_cdnow("sample"), time_unit="W", calibration_end="1997-09-30",
                               observation_end="1998-06-30")


@pytest.fixture(scope="module")
def comparison(split):
    models = {"BG/NBD": BetaGeo().fit(split), "Pareto/NBD": ParetoNBD().fit(split),
              "MBG/NBD": ModifiedBetaGeo().fit(split),
              "GGompertz/NBD": load_model(bundled_file(*GGOMPERTZ_FILE))}
    return compare_models(models, split).set_index("model")


@pytest.mark.slow
def test_saved_ggompertz_fit_is_a_fresh_fit(split):
    saved = load_model(bundled_file(*GGOMPERTZ_FILE))
    fresh = GammaGompertzNBD().fit(split)
    assert saved.loglik_ == pytest.approx(fresh.loglik_, abs=1e-6)
    for name in ("r", "alpha", "s"):
        assert saved.params_[name] == pytest.approx(fresh.params_[name], rel=1e-4)
    assert fresh.at_boundary_ and saved.params_["b"] < 1e-4  # the Pareto/NBD boundary


def test_where_bgnbd_misses(split):
    forecast = BetaGeo().fit(split).expected_purchases(split, t=39)
    assert 1 - forecast.sum() / split["frequency_holdout"].sum() == pytest.approx(0.12, abs=0.005)
    groups = split.assign(forecast=forecast).groupby("frequency")[["frequency_holdout", "forecast"]].mean()
    low = groups.loc[[1, 2]].round(2)
    assert low["frequency_holdout"].tolist() == [0.70, 1.39]
    assert low["forecast"].tolist() == [0.52, 1.04]
    gap = 1 - groups.loc[[1, 2], "forecast"].sum() / groups.loc[[1, 2], "frequency_holdout"].sum()
    assert gap == pytest.approx(0.25, abs=0.005)  # "about a quarter too low"


def test_which_model_reading(comparison):
    aic = comparison["aic"]
    assert abs(aic["BG/NBD"] - aic["MBG/NBD"]) < 1  # "less than one AIC point apart"
    assert aic["Pareto/NBD"] - aic["BG/NBD"] == pytest.approx(25, abs=1)  # "about 25 points worse"
    assert comparison["loglik"]["GGompertz/NBD"] == pytest.approx(comparison["loglik"]["Pareto/NBD"],
                                                                 abs=1e-3)
    assert comparison.loc["GGompertz/NBD", "lr_p_value"] == pytest.approx(1.0)
    mae = comparison["holdout_mae"]
    assert mae.idxmin() in ("Pareto/NBD", "GGompertz/NBD") and mae.max() - mae.min() < 0.05
    assert (comparison["holdout_error_pct"] < 0).all()  # all forecast too few purchases
    assert comparison["holdout_error_pct"].idxmin() == "MBG/NBD"  # MBG/NBD the fewest


def test_contractual_numbers():
    regular = ShiftedBetaGeo().fit([1000, 631, 468, 382, 326, 289, 262, 241])
    high_end = ShiftedBetaGeo().fit([1000, 869, 743, 653, 593, 551, 517, 491])
    new, renewed = regular.discounted_expected_residual_lifetime(0.1, [0, 4]).round(2)
    assert (new, renewed) == (2.96, 5.89) and renewed / new == pytest.approx(2, abs=0.05)
    gain = np.divide(*high_end.discounted_expected_residual_lifetime(0.1, [4, 0]))
    assert gain < renewed / new  # "in the high-end cohort the gain is smaller"
    assert regular.retention_rate(7) > regular.retention_rate(1)  # retention rises with tenure


def test_horizon_and_the_retention_formula(split):
    repeaters = split[split["frequency"] > 0]
    pareto, gg = ParetoNBD().fit(split), GammaGamma().fit(repeaters)
    one_year = customer_lifetime_value(pareto, gg, split, horizon=52, step=4, discount_rate=0.01,
                                       margin=0.3)["discounted_margin"]
    lifetime = dert(pareto, split, np.log(1.01) / 4) * gg.expected_spend(split) * 0.3
    assert lifetime.sum() / one_year.sum() == pytest.approx(3.8, abs=0.05)
    assert lifetime.corr(one_year, method="spearman") > 0.99  # "the same ranking"
    terms = [200 * 0.7**t / 1.12**t for t in range(3)]
    assert terms == pytest.approx([200, 125, 78.125]) and retention_clv(200, 0.7, 0.12, 3) == pytest.approx(
        403.125)
    assert retention_clv(200, 0.7, 0.12) == pytest.approx(533.33, abs=0.005)
    assert retention_clv(200, 0.8, 0.12) == pytest.approx(700)
    assert 0.3 < 700 / retention_clv(200, 0.7, 0.12) - 1 < 1 / 3  # "by almost a third"


def test_guide_numbers_on_the_crm_world():
    from ckmkit.widgets.value import segment_explorer

    world = load_crm_world()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        profit = customer_profitability(world.transactions, world.interactions, world.customers)
        summary = summarize(world.transactions, time_unit="W", observation_end="2024-12-31")
    bg = BetaGeo().fit(summary)
    gg = GammaGamma().fit(summary[summary["frequency"] > 0])
    cost = profit["cost_to_serve"].reindex(summary.index) * bg.p_alive(summary)
    clv = customer_lifetime_value(bg, gg, summary, horizon=104, step=4, discount_rate=0.01,
                                  margin=profit["margin"].sum() / profit["revenue"].sum(),
                                  cost_to_serve=cost)
    segment = world.customers.set_index("customer_id")["segment"]
    classes = value_classes(clv, groups=segment)
    explorer = segment_explorer(classes[["clv", "potential"]], show_plot=False)
    counts = explorer.result["customers"]
    assert (counts["mvc"], counts["bzc"], counts["mgc"]) == (298, 138, 202)
    assert round(explorer.result.loc["mvc", "clv_share"], 2) == 0.82
    explorer.controls["pareto_share"].value = 0.7
    assert explorer.result.loc["mvc", "customers"] == 170
    explorer.controls["pareto_share"].value = 0.8
    explorer.controls["mgc_quantile"].value = 0.5
    assert explorer.result.loc["mgc", "customers"] == 652
    assert explorer.result.loc["bzc", "customers"] == 138  # no slider moves the BZC
