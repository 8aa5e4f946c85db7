"""Shared fixtures for the customer-value tests."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

SUMMARY = ["frequency", "recency", "T", "monetary_value", "n_transactions", "revenue"]
HOLDOUT = ["frequency_holdout", "monetary_value_holdout", "duration_holdout"]


@pytest.fixture(scope="session")
def cdnow():
    from ckmkit.datasets import load_cdnow

    return load_cdnow("sample")


@pytest.fixture(scope="session")
def cdnow_cal(cdnow):
    """The conventional 39-week calibration summary (weeks, end 1997-09-30)."""
    from ckmkit import DataQualityWarning
    from ckmkit.value import summarize

    with warnings.catch_warnings():
        # Rows after the calibration end are reported; here that is intended.
        warnings.simplefilter("ignore", DataQualityWarning)
        return summarize(cdnow, time_unit="W", observation_end="1997-09-30")


@pytest.fixture(scope="session")
def cdnow_split(cdnow):
    """Calibration to 1997-09-30, holdout to 1998-06-30 (39 + 39 weeks)."""
    from ckmkit.value import calibration_holdout

    return calibration_holdout(cdnow, time_unit="W", calibration_end="1997-09-30",
                               observation_end="1998-06-30")


@pytest.fixture(params=["via Polars", "pandas only"])
def pandas_route(request, monkeypatch):
    """Summarise pandas logs both ways: aggregated by Polars (installed here) and by pandas."""
    if request.param == "pandas only":
        monkeypatch.setattr("ckmkit.value.summary._ROUTE_PANDAS_TO_POLARS", False)
    return request.param


@pytest.fixture(scope="session")
def same_summary():
    """Check a summary from another engine (as indexed pandas) against the pandas path's.

    Same customers in the same order, every summary and holdout column that
    `expected` has equal to 1e-12.
    """
    def check(got, expected, label: str = "") -> None:
        np.testing.assert_array_equal(got.index.to_numpy(), expected.index.to_numpy())
        for column in [c for c in SUMMARY + HOLDOUT if c in expected]:
            np.testing.assert_allclose(got[column].to_numpy(float),
                                       expected[column].to_numpy(float),
                                       rtol=1e-12, err_msg=f"{label} {column}")

    return check


@pytest.fixture(scope="session")
def shuffled_log():
    """A seeded log in random order: several purchases a day, every `returns`-th a return."""
    def make(n: int, customers: int, start: str, days: int, *, seed: int, returns: int):
        rng = np.random.default_rng(seed)
        tx = pd.DataFrame({"customer_id": rng.integers(0, customers, n),
                           "date": pd.Timestamp(start)
                           + pd.to_timedelta(rng.integers(0, days * 86_400, n), "s"),
                           "amount": rng.gamma(2.0, 20.0, n).round(2)})
        tx.loc[::returns, "amount"] = -1.0
        return tx

    return make


@pytest.fixture(scope="session")
def option_cases():
    """A small log that breaks every rule once or twice, and the options to summarise it with."""
    tx = pd.DataFrame({
        "customer_id": ["a", "a", "a", "b", "b", None, "c", "c"],
        "date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-05", "2024-01-02",
                                "2024-01-09", "2024-01-03", "2024-01-04", "2024-02-01"]),
        "amount": [10.0, 10.0, 5.0, 3.0, -3.0, 1.0, 2.0, 4.0],
        "status": ["ok", "ok", "cancelled", "ok", "ok", "ok", None, "return"]})
    cases = {"status and duplicates": dict(status="status", drop_duplicates=True),
             "no amount": dict(amount=None), "early end": dict(observation_end="2024-01-04"),
             "nothing left": dict(observation_end="2023-12-01"),
             "months": dict(time_unit="M", status="status")}
    return tx, cases


@pytest.fixture(scope="session")
def summary_and_report():
    """``summarize(native, **options)`` as indexed pandas, with its data-quality messages."""
    from ckmkit import DataQualityWarning
    from ckmkit.value import summarize

    def run(native, to_pandas, **options):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", DataQualityWarning)
            out = to_pandas(summarize(native, **options))
        return out, [str(w.message) for w in caught if w.category is DataQualityWarning]

    return run
