"""MVC / MGC / BZC by the documented rules, profitability and the value matrix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import ckmkit
from ckmkit import DataQualityWarning
from ckmkit.value.classes import (
    classify_customers,
    customer_profitability,
    peer_potential,
    value_matrix,
)


def _table():
    return pd.DataFrame({
        "revenue": [500.0, 300.0, 100.0, 60.0, 40.0, 0.0],
        "profit": [100.0, 50.0, 10.0, -30.0, 5.0, -10.0],
        "potential": [500.0, 320.0, 400.0, 60.0, 45.0, 100.0],
    }, index=list("abcdef"))


def test_rules_in_documented_order():
    out = classify_customers(_table(), margin_rate=0.2)
    # f loses 10 but would earn 0.2 * 100 = 20 at its potential -> not BZC; its unrealised 100
    # is below the top-quarter cut (150 among 5, 20, 100, 300) -> other
    assert out["customer_class"].tolist() == ["mvc", "mvc", "mgc", "bzc", "other", "other"]
    strict = classify_customers(_table(), margin_rate=0.0)
    assert strict.loc["f", "customer_class"] == "bzc"


def test_bzc_precedes_mvc():
    table = _table()
    table.loc["a", "profit"] = -1.0
    out = classify_customers(table, margin_rate=0.0)
    assert out.loc["a", "customer_class"] == "bzc"


def test_pareto_share_parameter_and_ties():
    table = pd.DataFrame({"revenue": [10.0] * 10, "profit": [1.0] * 10, "potential": [10.0] * 10})
    out = classify_customers(table, pareto_share=0.5)
    assert (out["customer_class"] == "mvc").sum() == 5
    assert out["customer_class"].iloc[:5].eq("mvc").all()  # ties broken by row order


def test_labels_bilingual():
    with ckmkit.language("zh"):
        out = classify_customers(_table(), margin_rate=0.2)
    assert out.loc["d", "class_label"] == "负值客户（BZC）"


def test_crm_world_classes():
    from ckmkit.datasets import load_crm_world

    world = load_crm_world()
    with pytest.warns(DataQualityWarning, match="cancelled orders"):
        prof = customer_profitability(world.transactions, world.interactions, world.customers)
    assert len(prof) == len(world.customers)
    kept = world.transactions[world.transactions["status"] != "cancelled"]
    assert prof["revenue"].sum() == pytest.approx(kept["amount"].sum())
    assert prof["cost_to_serve"].sum() == pytest.approx(world.interactions["cost"].sum())
    np.testing.assert_allclose(prof["profit"], prof["margin"] - prof["cost_to_serve"])
    segment = world.customers.set_index("customer_id")["segment"]
    prof["potential"] = peer_potential(prof["revenue"], segment)
    out = classify_customers(prof)
    counts = out["customer_class"].value_counts()
    assert set(counts.index) == {"mvc", "mgc", "bzc", "other"}
    mvc_share = out.loc[out["customer_class"] == "mvc", "revenue"].sum() / out["revenue"].sum()
    assert mvc_share <= 0.8 + 1e-9
    assert (out.loc[out["customer_class"] == "bzc", "profit"] < 0).all()


def test_profitability_from_other_engines():
    import duckdb
    import polars as pl

    from ckmkit.datasets import load_crm_world

    world = load_crm_world()
    tables = (world.transactions, world.interactions, world.customers)
    with pytest.warns(DataQualityWarning):
        expected = customer_profitability(*tables)
    for convert in (pl.from_pandas, lambda frame: duckdb.from_df(frame)):
        with pytest.warns(DataQualityWarning, match="cancelled orders"):
            got = customer_profitability(*map(convert, tables))
        pd.testing.assert_frame_equal(got, expected)
    with pytest.raises(TypeError, match="Expected a table"):
        customer_profitability([1, 2, 3])


def test_peer_potential_never_below_own_value():
    v = pd.Series([1.0, 50.0, 3.0, 4.0])
    pot = peer_potential(v, pd.Series(["a", "a", "b", "b"]))
    assert (pot >= v).all()


def test_value_matrix_medians_and_labels():
    table = pd.DataFrame({"revenue": [1.0, 2.0, 3.0, 4.0], "unrealised": [4.0, 1.0, 3.0, 2.0]})
    out = value_matrix(table)
    assert out["quadrant"].tolist() == ["develop", "streamline", "invest", "maintain"]
    with ckmkit.language("zh"):
        assert value_matrix(table)["quadrant_label"].iloc[0].startswith("培育")


def test_bad_input():
    table = _table()
    table.loc["c", "profit"] = np.nan
    with pytest.raises(ValueError, match="Column 'profit'.*row c"):
        classify_customers(table)
    with pytest.raises(ValueError, match="Column 'potential' is missing"):
        classify_customers(_table().drop(columns="potential"))
    with pytest.raises(ValueError, match="pareto_share"):
        classify_customers(_table(), pareto_share=1.2)


def test_profitability_names_bad_cells_and_counts_what_it_leaves_out():
    tx = pd.DataFrame({"customer_id": ["a", None, "b", "b"], "amount": [100.0, 40.0, 50.0, 30.0],
                       "margin": [30.0, 12.0, 10.0, 9.0],
                       "status": ["completed", "completed", "completed", "cancelled"]})
    contacts = pd.DataFrame({"customer_id": ["b", None], "cost": [25.0, 7.0]})
    with pytest.warns(DataQualityWarning) as caught:
        table = customer_profitability(tx, contacts)
    messages = [str(w.message) for w in caught]
    assert messages == ["Excluded 2 of 4 rows: 1 row without a customer id; 1 cancelled order.",
                        "Excluded 1 of 2 rows: 1 contact record without a customer id (its cost "
                        "is assigned to no one)."]
    assert table["revenue"].to_dict() == {"a": 100.0, "b": 50.0}
    assert table["cost_to_serve"].to_dict() == {"a": 0.0, "b": 25.0}
    # a sum would skip a missing amount or turn text into nonsense: both are errors instead
    clean = tx.assign(customer_id=["a", "c", "b", "b"])
    with pytest.raises(ValueError, match="Column 'amount' must hold numbers; row 2 has 'n/a'"):
        customer_profitability(clean.assign(amount=[100.0, 40.0, "n/a", 30.0]), status=None)
    with ckmkit.language("zh"), pytest.raises(ValueError, match="列“cost”.*第 0 行"):
        customer_profitability(clean, contacts.assign(customer_id=["b", "a"], cost=[None, 7.0]),
                               status=None)


def test_trend_makes_a_growable_customer():
    table = _table().assign(slope=[0.0, 0.0, 0.0, 0.0, 3.0, 0.0])
    plain = classify_customers(table, margin_rate=0.2)
    assert plain.loc["e", "customer_class"] == "other"
    trending = classify_customers(table, margin_rate=0.2, trend="slope", trend_threshold=1.0)
    assert trending.loc["e", "customer_class"] == "mgc"
    assert trending.loc["a", "customer_class"] == "mvc"  # MVC still comes first
