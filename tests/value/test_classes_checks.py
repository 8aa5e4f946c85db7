"""Checks of the customer-class inputs: numbers, statuses, the MVC rule, margin rate, engines."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import ckmkit
from ckmkit import DataQualityWarning
from ckmkit.value.classes import (
    class_summary,
    classify_customers,
    customer_profitability,
    peer_potential,
    value_matrix,
)


def _orders(**columns):
    base = {"customer_id": ["a", "a", "b"], "amount": [100.0, -20.0, 50.0],
            "margin": [30.0, -6.0, 10.0], "status": ["ok", "return", "ok"]}
    return pd.DataFrame({**base, **columns})


def _table():
    return pd.DataFrame({"revenue": [500.0, 300.0, 100.0, 60.0, 40.0],
                         "profit": [100.0, 50.0, 10.0, -30.0, 5.0],
                         "potential": [500.0, 320.0, 400.0, 200.0, 45.0]},
                        index=pd.Index(list("abcde"), name="customer_id"))


# --- 1. numbers held as text are refused, not concatenated ------------------

def test_text_amounts_margins_and_costs_are_refused_with_column_and_row():
    with pytest.raises(ValueError, match=r"^Column 'amount' must hold numbers; row 0 has '100.0'\.$"):
        customer_profitability(_orders(amount=["100.0", "-20.0", "50.0"]))
    with pytest.raises(ValueError, match=r"^Column 'margin' must hold numbers; row 2 has '10'\.$"):
        customer_profitability(_orders(margin=[30.0, -6.0, "10"]))
    contacts = pd.DataFrame({"customer_id": ["a", "b"], "cost": [4.0, "5"]}, index=[7, 8])
    with ckmkit.language("zh"), pytest.raises(ValueError, match="^列“cost”须为数值；第 8 行的值为 '5'。$"):
        customer_profitability(_orders(), contacts)


def test_numbers_in_an_object_column_still_add_up():
    table = customer_profitability(_orders(amount=pd.Series([100.0, -20.0, 50], dtype="object")))
    assert table["revenue"].to_dict() == {"a": 80.0, "b": 50.0}
    assert table["revenue"].dtype == "float64"


# --- 2. cancellations are recognised whatever their case and spaces ---------

def test_cancelled_status_ignores_case_and_spaces():
    orders = _orders(status=["Cancelled", " CANCELLED ", "canceled "])
    orders.loc[3] = ["b", 10.0, 2.0, "completed"]
    with pytest.warns(DataQualityWarning) as caught:
        table = customer_profitability(orders)
    assert [str(w.message) for w in caught] == ["Excluded 3 of 4 rows: 3 cancelled orders."]
    assert table["revenue"].to_dict() == {"b": 10.0}
    assert table["orders"].to_dict() == {"b": 1}


# --- 3. the top customer is always in the MVC group -------------------------

def test_a_dominant_customer_is_the_mvc():
    big = pd.DataFrame({"revenue": [1000.0, 1, 1, 1], "profit": [100.0, 1, 1, 1],
                        "potential": [1000.0, 1, 1, 1]})
    assert classify_customers(big)["customer_class"].tolist() == ["mvc", "other", "other", "other"]
    # also when the dominant customer is not in the first row
    shuffled = big.iloc[[2, 0, 3, 1]]
    out = classify_customers(shuffled)
    assert out["customer_class"].tolist() == ["other", "mvc", "other", "other"]
    assert out.index[out["customer_class"] == "mvc"].tolist() == [0]


def test_a_single_customer_and_a_zero_share_still_give_one_mvc():
    one = pd.DataFrame({"revenue": [250.0], "profit": [40.0], "potential": [250.0]})
    assert classify_customers(one)["customer_class"].tolist() == ["mvc"]
    tied = pd.DataFrame({"revenue": [10.0] * 4, "profit": [1.0] * 4, "potential": [10.0] * 4})
    assert classify_customers(tied, pareto_share=0.0)["customer_class"].tolist() == [
        "mvc", "other", "other", "other"]  # the first by row order among equals


def test_no_mvc_without_positive_value_and_bzc_still_comes_first():
    nothing = pd.DataFrame({"revenue": [0.0, 0.0], "profit": [0.0, 0.0], "potential": [0.0, 0.0]})
    assert classify_customers(nothing)["customer_class"].tolist() == ["other", "other"]
    losing = pd.DataFrame({"revenue": [1000.0, 1, 1], "profit": [-50.0, 1, 1],
                           "potential": [1000.0, 1, 1]})
    assert classify_customers(losing, margin_rate=0.0)["customer_class"].tolist() == [
        "bzc", "other", "other"]


def test_chapter_two_numbers_are_unchanged():
    from ckmkit.datasets import load_crm_world

    world = load_crm_world()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)  # cancelled orders
        profit = customer_profitability(world.transactions, world.interactions, world.customers)
    assert int((profit["profit"] < 0).sum()) == 192
    segment = world.customers.set_index("customer_id")["segment"]
    profit["potential"] = peer_potential(profit["revenue"], segment, quantile=0.9)
    classes = classify_customers(profit, pareto_share=0.8, mgc_quantile=0.75)
    assert classes["customer_class"].value_counts().to_dict() == {
        "other": 1348, "mvc": 368, "mgc": 279, "bzc": 5}


# --- 4. margin_rate must be a finite number >= 0 ----------------------------

@pytest.mark.parametrize("rate, shown", [(float("nan"), "nan"), (-0.1, "-0.1"),
                                         (float("inf"), "inf"), ("0.2", "'0.2'"), (True, "True")])
def test_bad_margin_rate_is_refused(rate, shown):
    with pytest.raises(ValueError, match=rf"^margin_rate must be a finite number ≥ 0 .*, not {shown}\.$"):
        classify_customers(_table(), margin_rate=rate)


def test_bad_margin_rate_message_in_chinese_and_zero_allowed():
    with ckmkit.language("zh"), pytest.raises(ValueError,
                                              match="^margin_rate 须为不小于 0 的有限数值.*而不是 nan。$"):
        classify_customers(_table(), margin_rate=np.nan)
    # 0 is a valid rate: d loses 30 and gains nothing at its potential
    assert classify_customers(_table(), margin_rate=0)["customer_class"].tolist() == [
        "mvc", "mvc", "mgc", "bzc", "other"]


# --- 6. tables of other engines ---------------------------------------------

def test_classes_and_value_matrix_from_polars():
    import polars as pl

    table = _table()
    expected = classify_customers(table, margin_rate=0.2)
    got = classify_customers(pl.from_pandas(table.reset_index()), margin_rate=0.2)
    assert got.index.tolist() == list("abcde")
    assert got["customer_class"].tolist() == expected["customer_class"].tolist() == [
        "mvc", "mvc", "mgc", "bzc", "other"]
    np.testing.assert_allclose(got["profit_at_potential"], [100.0, 54.0, 70.0, -2.0, 6.0])
    no_ids = classify_customers(pl.from_pandas(table), margin_rate=0.2)  # revenue first: kept
    assert no_ids.index.tolist() == [0, 1, 2, 3, 4]
    assert no_ids["customer_class"].tolist() == expected["customer_class"].tolist()
    matrix = value_matrix(pl.DataFrame({"revenue": [1.0, 2.0, 3.0, 4.0],
                                        "unrealised": [4.0, 1.0, 3.0, 2.0]}))
    assert matrix["quadrant"].tolist() == ["develop", "streamline", "invest", "maintain"]
    summary = class_summary(pl.from_pandas(expected[["revenue", "profit"]].assign(
        customer_class=expected["customer_class"].astype(str)).reset_index()))
    assert summary["customers"].tolist() == [1.0, 2.0, 1.0, 1.0]


# --- 8. unknown class codes -------------------------------------------------

def test_class_summary_names_unknown_codes():
    tab = pd.DataFrame({"revenue": [80.0, 20.0, 5.0, 1.0], "profit": [30.0, -5.0, 1.0, 1.0],
                        "customer_class": ["mvc", "vip", "MVC", "vip"]}, index=list("wxyz"))
    with pytest.raises(ValueError, match=r"^Column 'customer_class' holds 'vip', 'MVC', which are "
                                         r"not customer classes \(first at row x\); use bzc, mvc, "
                                         r"mgc, other\.$"):
        class_summary(tab)
    with ckmkit.language("zh"), pytest.raises(ValueError, match="列“customer_class”含有 nan"):
        class_summary(tab.assign(customer_class=["mvc", None, "bzc", "other"]))


def test_class_summary_counts_classify_output():
    out = class_summary(classify_customers(_table(), margin_rate=0.2))
    assert out["customers"].to_dict() == {"bzc": 1.0, "mvc": 2.0, "mgc": 1.0, "other": 1.0}
    assert out["revenue_share"].sum() == pytest.approx(1.0)


# --- 9. groups must match the values by customer id -------------------------

def test_peer_potential_refuses_groups_that_do_not_match():
    values = pd.Series([10.0, 20.0, 30.0], index=[1, 2, 3])
    with pytest.raises(ValueError, match=r"^groups shares no customer id with values: ids such as "
                                         r"'1' \(str\) against 1 \(int\)"):
        peer_potential(values, pd.Series(["x", "x", "y"], index=["1", "2", "3"]))
    with pytest.raises(ValueError, match=r"^groups has no group for 2 of 3 customers \(e\.g\. 2\)"):
        peer_potential(values, pd.Series(["x", None], index=[1, 2]))
    with ckmkit.language("zh"), pytest.raises(ValueError, match="^groups 中客户 1 出现了不止一次。$"):
        peer_potential(values, pd.Series(["x", "y", "y", "z"], index=[1, 1, 2, 3]))


def test_peer_potential_aligns_groups_by_id():
    values = pd.Series([10.0, 20.0, 30.0, 100.0], index=["a", "b", "c", "d"])
    groups = pd.Series(["y", "x", "y", "x", "z"], index=["d", "a", "c", "b", "e"])  # e: no value
    assert peer_potential(values, groups, quantile=1.0).tolist() == [20.0, 20.0, 100.0, 100.0]
