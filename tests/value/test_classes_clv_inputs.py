"""CLV inputs that turn customer value into customer profit: cost to serve and retention periods."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import ckmkit
from ckmkit import DataQualityWarning
from ckmkit.value import BetaGeo, GammaGamma, acquisition_vs_retention, customer_lifetime_value, retention_clv


@pytest.fixture(scope="module")
def fitted():
    summary = pd.DataFrame({"frequency": [0, 1, 3, 0, 2, 5], "recency": [0, 4, 20, 0, 9, 30],
                            "T": [30, 30, 35, 10, 40, 38],
                            "monetary_value": [0, 20.0, 18.0, 0, 35.0, 25.0]},
                           index=pd.Index([1, 2, 3, 4, 5, 6], name="customer_id"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # six customers cannot pin the models down
        bg = BetaGeo().fit(summary, standard_errors=False)
        gg = GammaGamma().fit(summary[summary.frequency > 0], standard_errors=False)
    return bg, gg, summary


def _clv(fitted, cost):
    bg, gg, summary = fitted
    return customer_lifetime_value(bg, gg, summary, margin=0.3, cost_to_serve=cost)


def test_costs_are_matched_by_customer_id(fitted):
    free = _clv(fitted, 0.0)
    costs = {1: 10.0, 2: 0.0, 3: 25.5, 4: 1.0, 5: 2.0, 6: 3.0}
    out = _clv(fitted, pd.Series(costs).iloc[::-1])  # order does not matter, ids do
    assert out["cost_to_serve"].to_dict() == costs
    np.testing.assert_allclose(out["clv"], free["discounted_margin"] - pd.Series(costs))
    assert _clv(fitted, costs)["cost_to_serve"].to_dict() == costs  # a dict works as well
    assert _clv(fitted, 7)["cost_to_serve"].tolist() == [7.0] * 6  # one number for everyone


def test_costs_of_unknown_ids_and_customers_without_cost_are_counted(fitted):
    with pytest.warns(DataQualityWarning) as caught:
        out = _clv(fitted, pd.Series({4: 100.0, 9: 5.0, 10: 1.0}))
    assert [str(w.message) for w in caught] == [
        "Excluded 2 of 3 rows: 2 costs of customers not in the summary.",
        "5 of 6 customers have no cost in cost_to_serve; it counts as 0 for them."]
    assert out["cost_to_serve"].tolist() == [0.0, 0.0, 0.0, 100.0, 0.0, 0.0]
    with ckmkit.language("zh"), pytest.warns(
            DataQualityWarning, match="^6 位客户中有 1 位在 cost_to_serve 中没有成本，按 0 计算。$"):
        _clv(fitted, pd.Series({i: 1.0 for i in range(1, 6)}))


def test_costs_whose_ids_match_nobody_are_an_error(fitted):
    with pytest.raises(ValueError, match=r"^cost_to_serve shares no customer id with summary: ids "
                                         r"such as '4' \(str\) against 1 \(int\)\."):
        _clv(fitted, pd.Series({"4": 100.0}))
    with ckmkit.language("zh"), pytest.raises(ValueError,
                                              match="^cost_to_serve 与 summary 没有共同的客户编号"):
        _clv(fitted, pd.Series({"4": 100.0}))


@pytest.mark.parametrize("cost, shown", [(np.nan, "nan"), (np.inf, "inf"), (-5.0, "-5.0"),
                                         ("5", "'5'")])
def test_bad_costs_name_the_customer(fitted, cost, shown):
    costs = pd.Series([1.0, 1.0, 1.0, 1.0, 1.0, 1.0], index=[1, 2, 3, 4, 5, 6], dtype="object")
    costs[4] = cost
    with pytest.raises(ValueError, match=rf"^cost_to_serve must hold finite numbers ≥ 0; "
                                         rf"customer 4 has {shown}\.$"):
        _clv(fitted, costs)


@pytest.mark.parametrize("cost, shown", [("5", "'5'"), (np.nan, "nan"), (-1, "-1"), (True, "True")])
def test_bad_single_cost_is_refused(fitted, cost, shown):
    with pytest.raises(ValueError, match=rf"^cost_to_serve must be a finite number ≥ 0, or a Series "
                                         rf"of them by customer, not {shown}\.$"):
        _clv(fitted, cost)


def test_repeated_customer_in_costs_is_an_error(fitted):
    with pytest.raises(ValueError, match=r"^cost_to_serve has more than one entry for customer 2\.$"):
        _clv(fitted, pd.Series([1.0, 2.0, 3.0], index=[1, 2, 2]))


@pytest.mark.parametrize("periods, shown", [(-3, "-3"), (0, "0"), (2.7, "2.7"), (3.0, "3.0"),
                                            (True, "True"), ("5", "'5'")])
def test_retention_periods_must_be_a_positive_whole_number(periods, shown):
    with pytest.raises(ValueError, match=rf"^periods must be a whole number ≥ 1 \(or None for no "
                                         rf"end\), not {shown}\.$"):
        retention_clv(100, 0.8, 0.1, periods=periods)


def test_retention_periods_values_and_chinese_message():
    assert retention_clv(100, 0.8, 0.1, periods=1) == pytest.approx(100.0)
    assert retention_clv(100, 0.8, 0.1, periods=np.int64(3)) == pytest.approx(
        100 * (1 + 0.8 / 1.1 + (0.8 / 1.1) ** 2))
    with ckmkit.language("zh"), pytest.raises(ValueError, match="^periods 须为不小于 1 的整数.*而不是 -3。$"):
        acquisition_vs_retention(6000, 50, periods=-3)
