"""Property tests (hypothesis): invariants of the summary and of the concentration measures."""

from __future__ import annotations

import datetime as dt

import dask.dataframe as dd
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ckmkit.value import gini, lorenz, summarize, top_share

START = dt.datetime(2020, 1, 1)

rows = st.lists(
    st.tuples(
        st.integers(0, 15),                          # customer
        st.integers(0, 800),                         # day offset
        st.integers(0, 23),                          # hour (same-day purchases merge)
        st.floats(0, 1e4, allow_nan=False, allow_infinity=False).map(lambda v: round(v, 2)),
    ),
    min_size=1,
    max_size=60,
)

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _frame(data):
    return pd.DataFrame({
        "customer_id": [c for c, _, _, _ in data],
        "date": [START + dt.timedelta(days=d, hours=h) for _, d, h, _ in data],
        "amount": [a for _, _, _, a in data],
    })


@FAST
@given(rows, st.sampled_from(["D", "W", "M"]))
def test_summary_invariants(data, unit):
    tx = _frame(data)
    out = summarize(tx, time_unit=unit)
    assert len(out) == tx["customer_id"].nunique()
    assert ((out["recency"] >= 0) & (out["recency"] <= out["T"] + 1e-12)).all()
    assert (out["frequency"] < out["n_transactions"]).all()
    assert (out["frequency"] >= 0).all()
    assert int(out["n_transactions"].sum()) == len(tx)
    assert out["revenue"].sum() == pytest.approx(tx["amount"].sum(), rel=1e-9, abs=1e-6)
    days = tx.assign(day=tx["date"].dt.normalize()).groupby("customer_id")["day"].nunique()
    assert (out["frequency"] == days - 1).all()
    # mean repeat spend × repeats + first-day spend = revenue
    first_day = tx.assign(day=tx["date"].dt.normalize())
    first = first_day[first_day["day"] == first_day.groupby("customer_id")["day"].transform("min")]
    first_spend = first.groupby("customer_id")["amount"].sum()
    rebuilt = out["monetary_value"] * out["frequency"] + first_spend
    np.testing.assert_allclose(rebuilt, out["revenue"], rtol=1e-9, atol=1e-6)


@FAST
@given(rows, st.sampled_from(["America/New_York", "Asia/Hong_Kong", "Etc/GMT+8",
                              "Europe/Berlin", "Australia/Lord_Howe"]))
def test_zoned_stamps_give_the_summary_of_their_local_days(data, zone):
    # Any zone, with '_' or '+' in its name, across daylight-saving changes: the days
    # are those of the local wall clock (a stamp in a spring gap moves to the same day).
    tx = _frame(data)
    zoned = tx.assign(date=tx["date"].dt.tz_localize(zone, ambiguous=True,
                                                     nonexistent="shift_forward"))
    expected, got = summarize(tx), summarize(zoned)
    for column in ("frequency", "recency", "T"):
        np.testing.assert_array_equal(got[column], expected[column])
    for column in ("monetary_value", "revenue"):  # sums of the same amounts, in another order
        np.testing.assert_allclose(got[column], expected[column], rtol=1e-12)


@pytest.mark.slow  # a Dask summary costs about half a second whatever its size
@settings(FAST, max_examples=25)
@given(rows, st.integers(1, 4))
def test_other_engines_agree_with_pandas(data, partitions):
    # Polars takes the one-pass query; Dask (over several partitions) and PyArrow group by day.
    tx = _frame(data)
    expected = summarize(tx, time_unit="W")
    for got in (summarize(pl.from_pandas(tx), time_unit="W").to_pandas(),
                summarize(pa.Table.from_pandas(tx), time_unit="W").to_pandas(),
                summarize(dd.from_pandas(tx, npartitions=partitions), time_unit="W").compute()):
        got = got.set_index("customer_id")
        for column in ("frequency", "recency", "T", "monetary_value", "revenue"):
            np.testing.assert_allclose(got[column], expected[column], rtol=1e-12, atol=1e-9)


values = st.lists(st.floats(0, 1e6, allow_nan=False, allow_infinity=False), min_size=1, max_size=80)


@FAST
@given(values, st.floats(0, 1), st.floats(0, 1))
def test_concentration_invariants(v, f1, f2):
    g = gini(v)
    assert -1e-12 <= g <= 1 - 1 / len(v) + 1e-9
    low, high = sorted((f1, f2))
    assert top_share(v, low) <= top_share(v, high) + 1e-12
    assert top_share(v, high) >= high - 1e-9  # the top x % hold at least x %
    curve = lorenz(v)
    assert (np.diff(curve["value_share"]) >= -1e-12).all()
    assert gini(list(v) * 2) == pytest.approx(g, abs=1e-9)  # replication invariance
