"""Tracking, period transactions and model comparison: the numbers behind the diagnostics."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import polars as pl  # noqa: E402
import pytest  # noqa: E402
from scipy.stats import chi2  # noqa: E402

import ckmkit  # noqa: E402
from ckmkit.value import (  # noqa: E402
    BetaGeo,
    GammaGamma,
    ParetoNBD,
    compare_models,
    period_transactions,
    plots,
    tracking_table,
)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def fitted(cdnow_split):
    return {"BG/NBD": BetaGeo().fit(cdnow_split, standard_errors=False),
            "Pareto/NBD": ParetoNBD().fit(cdnow_split, standard_errors=False)}


@pytest.fixture(scope="module")
def tracking(fitted, cdnow):
    return tracking_table(fitted["BG/NBD"], cdnow, "1997-09-30", observation_end="1998-06-30")


# -- tracking -------------------------------------------------------------------------------


def test_tracking_counts_the_summaries_purchases(tracking, cdnow_split):
    assert len(tracking) == 78 and tracking.attrs["calibration_end"] == 39.0
    calibration = cdnow_split["frequency"].sum()
    assert tracking.loc[39, "actual_cumulative"] == calibration
    assert tracking.loc[78, "actual_cumulative"] == calibration + cdnow_split["frequency_holdout"].sum()
    np.testing.assert_allclose(tracking["actual"].cumsum(), tracking["actual_cumulative"])
    np.testing.assert_allclose(tracking["model"].cumsum(), tracking["model_cumulative"], rtol=1e-12)


def test_tracking_model_line_adds_each_customers_forecast(tracking, fitted, cdnow_split):
    model = fitted["BG/NBD"]
    ages = cdnow_split["T"].to_numpy()  # each customer's age at the calibration end, in weeks
    assert tracking.loc[39, "model_cumulative"] == pytest.approx(
        model.expected_purchases_new(ages).sum(), rel=1e-10)
    assert tracking.loc[78, "model_cumulative"] == pytest.approx(
        model.expected_purchases_new(ages + 39).sum(), rel=1e-10)
    # weeks 1-12: customers are still being acquired; nobody is older than the week
    assert tracking.loc[1, "model"] == pytest.approx(model.expected_purchases_new(
        np.maximum(6 - (ages.max() - ages) * 7, 0) / 7).sum(), rel=1e-10)


def test_tracking_reads_any_engine_and_period_ends(fitted, cdnow, tracking):
    polars = tracking_table(fitted["BG/NBD"], pl.from_pandas(cdnow), pd.Period("1997-09", "M"),
                            observation_end=pd.Period("1998-06-30", "D"))
    pd.testing.assert_frame_equal(polars, tracking)


def test_tracking_leaves_out_customers_new_in_the_holdout(fitted, cdnow):
    late = pd.DataFrame({"customer_id": [99999] * 2, "date": pd.to_datetime(["1998-01-05", "1998-02-05"]),
                         "amount": [1.0, 2.0]})
    with_late = pd.concat([cdnow, late], ignore_index=True)
    base = tracking_table(fitted["BG/NBD"], cdnow, "1997-09-30", observation_end="1998-06-30")
    more = tracking_table(fitted["BG/NBD"], with_late, "1997-09-30", observation_end="1998-06-30")
    pd.testing.assert_frame_equal(more, base)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("cumulative", [True, False])
def test_tracking_plot_draws_the_table(tracking, lang, cumulative):
    with ckmkit.language(lang):
        ax = plots.plot_tracking(tracking, cumulative=cumulative)
        suffix = "_cumulative" if cumulative else ""
        np.testing.assert_array_equal(ax.lines[0].get_ydata(), tracking["actual" + suffix])
        np.testing.assert_array_equal(ax.lines[1].get_ydata(), tracking["model" + suffix])
        assert list(ax.lines[2].get_xdata()) == [39.0, 39.0]  # the calibration end
        expected = {("en", True): "Cumulative repeat purchases", ("en", False): "Repeat purchases per period",
                    ("zh", True): "累计重复购买次数", ("zh", False): "每期重复购买次数"}[lang, cumulative]
        assert ax.get_title() == expected
        assert ax.get_xlabel() == ("period (week)" if lang == "en" else "期（周）")
        assert "BG/NBD" in ax.get_legend_handles_labels()[1][1]


# -- period transactions --------------------------------------------------------------------


def test_period_transactions_actual_and_model(fitted, cdnow_split):
    model = fitted["Pareto/NBD"]
    table = period_transactions(model, cdnow_split)
    x = cdnow_split["frequency"].to_numpy()
    assert table["actual"].tolist() == np.bincount(np.minimum(x, 7), minlength=8).tolist()
    assert table["model"].sum() == pytest.approx(len(cdnow_split), rel=1e-12)
    ages = cdnow_split["T"].to_numpy()
    for k in (0, 1, 6):
        assert table.loc[k, "model"] == pytest.approx(
            sum(model.probability_of_purchases(age, k) for age in ages), rel=1e-9)
    # the model fits the distribution it was fitted on: within 10 % of the zeros
    assert table.loc[0, "model"] == pytest.approx(table.loc[0, "actual"], rel=0.1)


def test_period_transactions_pools_the_tail(fitted, cdnow_split):
    table = period_transactions(fitted["BG/NBD"], cdnow_split, max_frequency=3)
    assert list(table.index) == [0, 1, 2, 3]
    assert table.loc[3, "actual"] == (cdnow_split["frequency"] >= 3).sum()
    with pytest.raises(ValueError, match="max_frequency must be a whole number ≥ 1"):
        period_transactions(fitted["BG/NBD"], cdnow_split, max_frequency=0)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_period_transactions_plot_draws_the_table(fitted, cdnow_split, lang):
    table = period_transactions(fitted["BG/NBD"], cdnow_split)
    with ckmkit.language(lang):
        ax = plots.plot_period_transactions(table)
        assert [bar.get_height() for bar in ax.containers[0]] == table["actual"].tolist()
        assert [bar.get_height() for bar in ax.containers[1]] == table["model"].tolist()
        assert ax.get_xticklabels()[-1].get_text() == "7+"
        assert ax.get_ylabel() == ("customers" if lang == "en" else "客户数")


# -- comparison -----------------------------------------------------------------------------


def test_compare_models_criteria_and_holdout_errors(fitted, cdnow_split, cdnow_cal):
    gg = GammaGamma().fit(cdnow_cal[cdnow_cal["frequency"] > 0], standard_errors=False)
    table = compare_models({**fitted, "Gamma-Gamma": gg}, cdnow_split)
    assert table["model"].tolist() == ["BG/NBD", "Pareto/NBD", "Gamma-Gamma"]
    bg, row = fitted["BG/NBD"], table.iloc[0]
    assert row["loglik"] == bg.loglik_ and row["n_params"] == 4 and row["n_customers"] == 2357
    assert row["aic"] == pytest.approx(8 - 2 * bg.loglik_)
    assert row["bic"] == pytest.approx(4 * np.log(2357) - 2 * bg.loglik_)
    assert row["parameters"].startswith("r=0.24")
    predicted = bg.expected_purchases(cdnow_split, t=39).to_numpy()
    actual = cdnow_split["frequency_holdout"].to_numpy()
    assert row["holdout_mae"] == pytest.approx(np.abs(predicted - actual).mean())
    assert row["holdout_rmse"] == pytest.approx(np.sqrt(((predicted - actual) ** 2).mean()))
    assert row["holdout_predicted"] == pytest.approx(predicted.sum())
    assert row["holdout_actual"] == actual.sum() == 1882
    assert row["holdout_error_pct"] == pytest.approx(100 * (predicted.sum() / actual.sum() - 1))
    assert table.loc[2, "n_params"] == 3 and np.isnan(table.loc[2, "holdout_mae"])  # a spend model
    assert table["lr_p_value"].isna().all()  # BG/NBD and Pareto/NBD are not nested


def test_compare_models_names_a_sequence_by_label(fitted, cdnow_split):
    table = compare_models(list(fitted.values()), cdnow_split)
    assert table["model"].tolist() == ["BG/NBD", "Pareto/NBD"]


class _Fit:
    """A fitted model as the comparison sees it: parameters, log-likelihood, customers."""

    def __init__(self, loglik, params, n=1000):
        self.params_, self.loglik_, self.n_customers_ = params, loglik, n


class ParetoNBDStub(_Fit):
    pass


class GammaGompertzNBD(_Fit):
    pass


ParetoNBDStub.__name__ = "ParetoNBD"  # the class names the comparison's table of nested pairs uses


def _pair(restricted_loglik, general_loglik, n=1000):
    restricted = ParetoNBDStub(restricted_loglik, {"r": 1, "alpha": 1, "s": 1, "beta": 1})
    general = GammaGompertzNBD(general_loglik, {"r": 1, "alpha": 1, "b": 1, "s": 1, "beta": 1}, n)
    return {"Pareto/NBD": restricted, "GGompertz/NBD": general}


def test_likelihood_ratio_of_a_boundary_nesting_halves_the_p_value(cdnow_split):
    table = compare_models(_pair(-9600.0, -9598.5), cdnow_split).set_index("model")
    row = table.loc["GGompertz/NBD"]
    assert row["lr_against"] == "Pareto/NBD" and row["lr_df"] == 1
    assert row["lr_statistic"] == pytest.approx(3.0)
    assert row["lr_p_value"] == pytest.approx(0.5 * chi2.sf(3.0, 1))  # ½χ²₀ + ½χ²₁
    assert np.isnan(table.loc["Pareto/NBD", "lr_statistic"])
    # no gain (b at its bound, as on CDNOW): the statistic is 0 and the p-value 1
    flat = compare_models(_pair(-9594.98, -9594.98), cdnow_split).set_index("model")
    assert flat.loc["GGompertz/NBD", "lr_statistic"] == 0.0
    assert flat.loc["GGompertz/NBD", "lr_p_value"] == 1.0


def test_likelihood_ratio_needs_the_same_customers(cdnow_split):
    table = compare_models(_pair(-9600.0, -9598.5, n=999), cdnow_split)
    assert table["lr_statistic"].isna().all()


def test_explicit_nesting_without_a_boundary_uses_plain_chi_square(cdnow_split):
    models = _pair(-100.0, -96.0)
    table = compare_models(models, cdnow_split, nested=[("Pareto/NBD", "GGompertz/NBD", False)])
    assert table.loc[1, "lr_p_value"] == pytest.approx(chi2.sf(8.0, 1))
    with pytest.raises(ValueError, match="nested names 'NBD', which is not one of the models"):
        compare_models(models, cdnow_split, nested=[("NBD", "GGompertz/NBD", True)])


def test_compare_models_refuses_nothing_and_unfitted_models(cdnow_split):
    with pytest.raises(ValueError, match="at least one fitted model"):
        compare_models([], cdnow_split)
    with pytest.raises(ValueError, match="BetaGeo is not fitted yet"):
        compare_models([BetaGeo()], cdnow_split)


def test_compare_models_bilingual_headers(fitted, cdnow_split):
    from ckmkit.tables import readable

    table = compare_models(fitted, cdnow_split)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with ckmkit.language("zh"):
            shown = readable(table)
    for shown_name, column in zip(shown.columns, table.columns):
        assert shown_name.endswith(f"（{column}）") and "\u4e00" <= shown_name[0] <= "\u9fff", shown_name
