"""The summary's input handling: time zones, statuses, duplicates, types and odd names."""

from __future__ import annotations

import warnings
from decimal import Decimal

import dask.dataframe as dd
import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from test_summary import ENGINES, as_indexed_pandas

import ckmkit
from ckmkit import DataQualityWarning
from ckmkit.value import calibration_holdout, summarize, unit_days
from ckmkit.value.summary import CANCELLED, RETURNED, status_in

MEASURES = ["frequency", "recency", "T", "monetary_value", "n_transactions", "revenue"]
# Every case twice: a pandas log is aggregated by Polars when it is installed, else by pandas.
pytestmark = pytest.mark.usefixtures("pandas_route")


def _quiet(native, **options):
    """The summary of `native` as indexed pandas, and its data-quality messages."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataQualityWarning)
        out = as_indexed_pandas(summarize(native, **options))
    return out, [str(w.message) for w in caught if w.category is DataQualityWarning]


# --- time zones ---------------------------------------------------------------

#: Local wall-clock stamps near midnight and across the 2024 daylight-saving changes.
LOCAL = pd.to_datetime(["2024-03-09 23:30", "2024-03-10 00:10", "2024-03-10 23:50",
                        "2024-03-31 01:30", "2024-10-27 23:59", "2024-11-03 00:30",
                        "2024-01-01 23:30", "2024-01-01 00:00"])


def _zoned_log(zone: str) -> pd.DataFrame:
    return pd.DataFrame({"customer_id": [1, 1, 1, 1, 1, 1, 2, 2],
                         "date": LOCAL.tz_localize(zone, ambiguous=True),
                         "amount": [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 1.0, 2.0]})


def _in_engine(engine: str, tx: pd.DataFrame, zone: str):
    if engine == "pandas":
        return tx
    if engine == "duckdb":  # DuckDB keeps the zone in the connection, not in the data
        con = duckdb.connect()
        con.execute(f"SET TimeZone = '{zone}'")
        return con.from_arrow(pa.Table.from_pandas(tx))
    return ENGINES[engine][0](tx)


ZONES = ["America/New_York", "Asia/Hong_Kong", "Etc/GMT+8", "Europe/Berlin"]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("engine", ["pandas", "polars", "polars-lazy", "duckdb", "dask",
                                    "pyarrow"])
def test_zoned_logs_count_local_days_on_every_engine(engine, zone):
    # Zone names with '_' or '+' are Unknown to narwhals on pandas; every zone must
    # give the summary of the same wall-clock stamps without a zone.
    tx = _zoned_log(zone)
    out, report = _quiet(_in_engine(engine, tx, zone))
    assert report == []
    assert out["frequency"].tolist() == [4, 0]  # days 03-09, 03-10, 03-31, 10-27, 11-03; one
    assert out["recency"].tolist() == [239.0, 0.0]
    assert out["T"].tolist() == [239.0, 307.0]  # to 2024-11-03, the log's last day
    naive = summarize(tx.assign(date=LOCAL))
    np.testing.assert_allclose(out[MEASURES].to_numpy(float), naive[MEASURES].to_numpy(float))
    first = pd.Timestamp(out.loc[1, "first_purchase"])
    assert first.tz_convert(zone).tz_localize(None) == LOCAL[0]


def test_pandas_zone_survives_in_first_and_last_purchase():
    out = summarize(_zoned_log("America/New_York"), observation_end="2024-12-31")
    assert str(out["first_purchase"].dtype) == "datetime64[us, America/New_York]"
    assert out.loc[2, "last_purchase"] == pd.Timestamp("2024-01-01 23:30",
                                                       tz="America/New_York")
    assert out.loc[2, "T"] == 365.0


def test_duckdb_counts_days_in_its_connection_zone():
    # The Shanghai zone is lost when DuckDB reads the table: in a UTC session the two
    # purchases (00:00 and 23:30 Shanghai) fall on two UTC days, as DuckDB shows them.
    d = pd.DataFrame({"customer_id": [1, 1], "amount": [1.0, 2.0],
                      "date": pd.to_datetime(["2024-01-01 23:30", "2024-01-01 00:00"])
                      .tz_localize("Asia/Shanghai")})
    assert summarize(d).loc[1, "frequency"] == 0
    for zone, frequency in (("UTC", 1), ("Asia/Shanghai", 0)):
        con = duckdb.connect()
        con.execute(f"SET TimeZone = '{zone}'")
        out = as_indexed_pandas(summarize(con.from_arrow(pa.Table.from_pandas(d))))
        assert out.loc[1, "frequency"] == frequency, zone


def test_text_dates_still_rejected_with_a_zone_unknown_to_narwhals():
    tx = _zoned_log("America/New_York").assign(date=lambda f: f["date"].astype(str))
    with pytest.raises(ValueError, match=r"Column 'date' must hold dates.*row 0 has "
                                         r"'2024-03-09 23:30:00-05:00'"):
        summarize(tx)


# --- duplicates -----------------------------------------------------------------

@pytest.mark.parametrize("engine", ["pandas", *ENGINES])
def test_drop_duplicates_compares_every_column(engine):
    # Orders A1 and A2: same customer, day and price, two real orders. A2 is in twice.
    tx = pd.DataFrame({"order_id": ["A1", "A2", "A2", "B1"], "customer_id": [1, 1, 1, 2],
                       "date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-01",
                                               "2024-01-05"]),
                       "amount": [9.5, 9.5, 9.5, 3.0]})
    native = tx if engine == "pandas" else ENGINES[engine][0](tx)
    out, report = _quiet(native, drop_duplicates=True)
    assert report == ["Excluded 1 of 4 rows: 1 exact duplicate row."]
    assert out.loc[1, "n_transactions"] == 2 and out.loc[1, "revenue"] == 19.0
    assert out["T"].tolist() == [4.0, 0.0]


def test_drop_duplicates_compares_lists_in_pandas_cells():
    # Items as lists (from JSON): pandas cannot hash them, so their text is compared.
    tx = pd.DataFrame({"customer_id": [1, 1, 1], "items": [["a", "b"], ["a", "b"], ["c"]],
                       "date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-03"]),
                       "amount": [4.0, 4.0, 4.0]})
    with pytest.warns(DataQualityWarning, match=r"Excluded 1 of 3 rows: 1 exact duplicate row"):
        out = summarize(tx, drop_duplicates=True)
    assert out.loc[1, "revenue"] == 8.0 and out.loc[1, "frequency"] == 1


# --- statuses ---------------------------------------------------------------------

STATUS_LOG = pd.DataFrame({
    "customer_id": [1, 1, 1, 1, 1, 1, 1, 2, 2],
    "date": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04",
                            "2024-01-05", "2024-01-06", "2024-01-07", "2024-01-02",
                            "2024-01-09"]),
    "amount": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, -5.0, 7.0, 8.0],
    "status": ["completed", "Cancelled", "CANCELLED", " cancelled", "canceled ", " Returned",
               "completed", "RETURN", "Completed"]})


@pytest.mark.parametrize("engine", ["pandas", *ENGINES])
def test_status_matches_whatever_the_case_and_spaces(engine):
    native = STATUS_LOG if engine == "pandas" else ENGINES[engine][0](STATUS_LOG)
    out, report = _quiet(native, status="status")
    assert report == ["Excluded 7 of 9 rows: 4 cancelled orders; 2 returns (marked by status); "
                      "1 return (negative amount)."]
    assert out["revenue"].tolist() == [10.0, 8.0]
    assert out["T"].tolist() == [8.0, 0.0]  # the log ends 2024-01-09


def test_status_return_is_reported_in_both_languages():
    tx = STATUS_LOG.iloc[[0, 5]]
    with pytest.warns(DataQualityWarning, match=r"Excluded 1 of 2 rows: 1 return \(marked by "
                                                r"status\)\.$"):
        summarize(tx, status="status")
    with ckmkit.language("zh"), pytest.warns(DataQualityWarning,
                                             match="剔除 1 行：退货（按状态标记）1 行"):
        summarize(tx, status="status")


def test_status_column_of_categories_or_numbers():
    tx = STATUS_LOG.assign(status=pd.Categorical(STATUS_LOG["status"]))
    with pytest.warns(DataQualityWarning, match="4 cancelled orders; 2 returns"):
        assert summarize(tx, status="status")["revenue"].tolist() == [10.0, 8.0]
    codes = STATUS_LOG.assign(status=range(9))  # numbers never mark a cancellation
    with pytest.warns(DataQualityWarning, match="Excluded 1 of 9 rows: 1 return \\(negative"):
        summarize(codes, status="status")


def test_status_in_on_a_series_for_other_modules():
    import narwhals as nw

    status = nw.from_native(pd.Series([" Return", "returned", "RETURNS", None, "cancelled"]),
                            series_only=True)
    assert status_in(status, RETURNED).to_list() == [True, True, False, False, False]
    assert status_in(status, CANCELLED).to_list() == [False, False, False, False, True]


# --- bad or unusual types ------------------------------------------------------------

def _log(**columns) -> pd.DataFrame:
    base = {"customer_id": [1, 2, 3], "amount": [10.0, 20.0, 5.0],
            "date": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03"])}
    return pd.DataFrame({**base, **columns}, index=[10, 11, 12])


def test_mixed_id_types_are_named():
    tx = _log(customer_id=pd.Series([1, "1", 2], dtype=object, index=[10, 11, 12]))
    with pytest.raises(ValueError, match=r"Column 'customer_id' mixes types of values "
                                         r"\(int, str\).*; row 11 has '1'\. Convert"):
        summarize(tx)
    with ckmkit.language("zh"), pytest.raises(ValueError, match="列“customer_id”混有不同类型"
                                                                "的值（int, str）.*第 11 行的值为 '1'"):
        summarize(tx)
    minority = _log(customer_id=pd.Series(["a", 7, "b"], dtype=object, index=[10, 11, 12]))
    with pytest.raises(ValueError, match="row 11 has 7"):
        summarize(minority)


def test_ids_of_several_number_types_and_missing_ids_work():
    tx = _log(customer_id=pd.Series([1, 2.0, pd.NA], dtype=object, index=[10, 11, 12]))
    with pytest.warns(DataQualityWarning, match="1 row without a customer id"):
        out = summarize(tx)
    assert out["revenue"].tolist() == [10.0, 20.0]


def test_empty_dask_log_gives_the_empty_summary():
    tx = _log().iloc[:0]
    out = summarize(dd.from_pandas(tx, npartitions=1)).compute()
    assert len(out) == 0
    assert list(out.columns) == ["customer_id", "frequency", "recency", "T", "monetary_value",
                                 "n_transactions", "revenue", "first_purchase", "last_purchase"]
    with pytest.warns(DataQualityWarning, match="3 returns"):
        all_returns = summarize(dd.from_pandas(_log(amount=[-1.0] * 3), npartitions=2))
    assert len(all_returns.compute()) == 0


@pytest.mark.parametrize("name", ["T", "frequency", "recency", "revenue", "first_purchase",
                                  "n_transactions", "frequency_holdout"])
def test_id_named_like_a_summary_column_is_refused(name):
    tx = _log().rename(columns={"customer_id": name})
    for native in (tx, pl.from_pandas(tx), duckdb.from_df(tx)):
        with pytest.raises(ValueError, match=f"The customer id column is named '{name}', like a "
                                             "column of the summary; rename it first"):
            summarize(native, customer_id=name)
    with pytest.raises(ValueError, match=f"named '{name}'"):
        calibration_holdout(tx, customer_id=name, calibration_end="2024-01-02")


def test_date_and_amount_may_be_named_like_summary_columns():
    tx = _log().rename(columns={"date": "T", "amount": "revenue"})
    for native in (tx, pl.from_pandas(tx), dd.from_pandas(tx, npartitions=2)):
        out = as_indexed_pandas(summarize(native, date="T", amount="revenue"))
        assert out["revenue"].tolist() == [10.0, 20.0, 5.0]
        assert out["T"].tolist() == [2.0, 1.0, 0.0]


def test_repeated_column_names_are_named():
    tx = _log()
    tx.columns = ["customer_id", "amount", "customer_id"]
    with pytest.raises(ValueError, match="Column 'customer_id' appears more than once"):
        summarize(tx)
    table = pa.table([[1], [2.0], [1]], names=["customer_id", "amount", "amount"])
    with ckmkit.language("zh"), pytest.raises(ValueError, match="列“amount”出现了不止一次"):
        summarize(table)


def test_object_amounts_name_a_row_that_is_not_a_number():
    tx = _log(amount=pd.Series([10.0, "20.00", 5.0], dtype=object, index=[10, 11, 12]))
    with pytest.raises(ValueError, match=r"Column 'amount' must hold numbers; row 11 has "
                                         r"'20.00'\.$"):
        summarize(tx)
    text = _log(amount=["3.5", "4", "ten"])  # a row that reads as no number is the best example
    with pytest.raises(ValueError, match="row 12 has 'ten'"):
        summarize(text)
    flags = _log(amount=pd.Series([1.0, True, 2.0], dtype=object, index=[10, 11, 12]))
    with pytest.raises(ValueError, match="row 11 has True"):
        summarize(flags)


def test_object_amounts_of_numbers_and_gaps_are_converted():
    # As read from a spreadsheet or a database: numbers of several types, empty cells as
    # None or pd.NA (pandas cannot cast pd.NA to float, so this is no plain cast).
    tx = pd.DataFrame({"customer_id": [1, 1, 1, 2, 2],
                       "date": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03",
                                               "2024-01-02", "2024-01-04"]),
                       "amount": pd.Series([10, None, Decimal("2.5"), pd.NA, 4.25],
                                           dtype=object)})
    with pytest.warns(DataQualityWarning, match=r"Excluded 2 of 5 rows: 2 rows without an "
                                                r"amount\.$"):
        out = summarize(tx)
    assert out["revenue"].tolist() == [12.5, 4.25]
    assert out["monetary_value"].tolist() == [2.5, 0.0]
    assert out["revenue"].dtype == np.float64


def test_time_unit_accepts_numpy_numbers_but_not_flags():
    tx = _log()
    assert summarize(tx, time_unit=np.int64(2))["T"].tolist() == [1.0, 0.5, 0.0]
    assert unit_days(np.int32(7)) == 7.0 and unit_days(np.float32(0.5)) == 0.5
    for flag in (True, np.bool_(True)):
        with pytest.raises(ValueError, match="time_unit must be"):
            unit_days(flag)


# --- the default observation end ---------------------------------------------------------

@pytest.mark.parametrize("engine", ["pandas", *ENGINES])
def test_default_end_is_the_last_day_of_the_log(engine):
    # A return on the last day is excluded but still shows the log runs to that day.
    tx = pd.DataFrame({"customer_id": [1, 1, 2, 2, 3],
                       "date": pd.to_datetime(["2024-01-01", "2024-01-05", "2024-01-03",
                                               "2024-01-10", "2024-01-02"]),
                       "amount": [5.0, 6.0, 7.0, -7.0, 1.0],
                       "status": ["ok", "ok", "ok", "ok", "Cancelled"]})
    native = tx if engine == "pandas" else ENGINES[engine][0](tx)
    out, report = _quiet(native, status="status")
    assert report == ["Excluded 2 of 5 rows: 1 cancelled order; 1 return (negative amount)."]
    assert out["T"].tolist() == [9.0, 7.0]  # to 2024-01-10, not to 2024-01-05
    assert out["recency"].tolist() == [4.0, 0.0]


def test_calibration_holdout_default_end_is_the_log_end():
    tx = pd.DataFrame({"customer_id": [1, 1, 1], "amount": [1.0, 2.0, -2.0],
                       "date": pd.to_datetime(["2024-01-01", "2024-01-06", "2024-01-11"])})
    with pytest.warns(DataQualityWarning, match="1 return"):
        out = calibration_holdout(tx, calibration_end="2024-01-03")
    assert out.loc[1, "duration_holdout"] == 8.0 and out.loc[1, "frequency_holdout"] == 1
