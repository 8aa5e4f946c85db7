"""The transaction summary: published CDNOW counts, engines, exclusions, bad input."""

from __future__ import annotations

import datetime
import re
import warnings
from types import SimpleNamespace

import dask.dataframe as dd
import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ckmkit
from ckmkit import DataQualityError, DataQualityWarning
from ckmkit.value import calibration_holdout, summarize, unit_days


def as_indexed_pandas(out):
    """A summary of any engine as a pandas frame indexed by customer, like the pandas one."""
    if isinstance(out, pd.DataFrame):
        return out
    if hasattr(out, "compute"):  # Dask
        return out.compute().set_index("customer_id")
    if hasattr(out, "pl"):  # DuckDB
        out = out.pl()
    if hasattr(out, "collect"):  # Polars lazy
        out = out.collect()
    return out.to_pandas().set_index("customer_id")


def test_cdnow_conventional_calibration_summary(cdnow_cal):
    # Fader, Hardie & Lee (2005): 2,357 customers, 946 repeat buyers, 2,457 repeat purchases.
    assert len(cdnow_cal) == 2357
    assert int((cdnow_cal["frequency"] > 0).sum()) == 946
    assert int(cdnow_cal["frequency"].sum()) == 2457
    assert cdnow_cal.index.name == "customer_id"
    assert cdnow_cal.index.is_monotonic_increasing
    assert cdnow_cal["T"].max() == pytest.approx(38.857142857, abs=1e-9)  # 272 days / 7


def test_cdnow_known_customer(cdnow_cal):
    # Customer 4: purchases 1997-01-01, 01-18, 08-02 (+ 12-12 after the end), days / 7.
    row = cdnow_cal.loc[4]
    assert row["frequency"] == 2
    assert row["recency"] == pytest.approx(213 / 7, abs=1e-12)
    assert row["T"] == pytest.approx(272 / 7, abs=1e-12)
    assert row["monetary_value"] == pytest.approx((29.73 + 14.96) / 2, abs=1e-12)
    assert row["revenue"] == pytest.approx(29.33 + 29.73 + 14.96, abs=1e-12)


def test_after_end_rows_are_reported(cdnow):
    with pytest.warns(DataQualityWarning, match="1959 rows dated after the observation end"):
        summarize(cdnow, time_unit="W", observation_end="1997-09-30")


def test_revenue_is_conserved(cdnow):
    out = summarize(cdnow)
    assert out["revenue"].sum() == pytest.approx(cdnow["amount"].sum(), rel=1e-12)
    assert int(out["n_transactions"].sum()) == len(cdnow)


ENGINES = {  # engine: (the CDNOW log in it, the type a summary comes back as)
    "polars": (pl.from_pandas, pl.DataFrame),
    "polars-lazy": (lambda tx: pl.from_pandas(tx).lazy(), pl.LazyFrame),
    "duckdb": (duckdb.from_df, duckdb.DuckDBPyRelation),
    "dask": (lambda tx: dd.from_pandas(tx, npartitions=3), dd.DataFrame),
    "pyarrow": (lambda tx: pl.from_pandas(tx).to_arrow(), pa.Table),
}


@pytest.mark.parametrize("engine", list(ENGINES))
def test_engines_agree_and_keep_frame_type(cdnow, engine, same_summary):
    expected = summarize(cdnow, time_unit="W")
    convert, kind = ENGINES[engine]
    got = summarize(convert(cdnow), time_unit="W")
    assert isinstance(got, kind)
    same_summary(as_indexed_pandas(got), expected, engine)


@pytest.mark.parametrize("engine", list(ENGINES))
def test_options_and_reports_agree_on_every_engine(engine, option_cases, summary_and_report,
                                                   same_summary):
    tx, cases = option_cases
    for name, options in cases.items():
        expected, report = summary_and_report(tx, lambda out: out, **options)
        got, got_report = summary_and_report(ENGINES[engine][0](tx), as_indexed_pandas, **options)
        assert got_report == report, name
        same_summary(got, expected, f"{engine}, {name}:")


@pytest.mark.parametrize("engine", list(ENGINES))
def test_summaries_of_every_engine_feed_rfm_clv_and_plots(cdnow, cdnow_split, engine):
    from ckmkit.value import BetaGeo, GammaGamma, customer_lifetime_value, plots, rfm_scores

    split = calibration_holdout(ENGINES[engine][0](cdnow), time_unit="W",
                                calibration_end="1997-09-30", observation_end="1998-06-30")
    bg = BetaGeo().fit(split, standard_errors=False)
    with pytest.warns(DataQualityWarning, match="1411 customers without repeat purchases"):
        gg = GammaGamma().fit(split, standard_errors=False)
    pd.testing.assert_frame_equal(rfm_scores(split), rfm_scores(cdnow_split))
    clv = customer_lifetime_value(bg, gg, split)
    assert clv.index.name == "customer_id"
    expected = customer_lifetime_value(bg, gg, cdnow_split)
    np.testing.assert_allclose(clv["clv"], expected["clv"], rtol=1e-12)
    ax = plots.plot_calibration_holdout(bg, split)
    assert len(ax.lines[0].get_ydata()) == 8  # 0..6 and 7+ repeat purchases


def test_engines_agree_at_scale(same_summary, shuffled_log):
    # Windows and group-bys can go wrong only past a chunk or partition size (a window
    # minimum on PyArrow, a distinct count on Dask did): a shuffled log of 200,000 rows,
    # several per day, with returns and rows after the end, against the pandas path.
    tx = shuffled_log(200_000, 20_000, "2023-01-01", 365, seed=7, returns=97)
    args = dict(time_unit="W", observation_end="2023-11-30")
    with pytest.warns(DataQualityWarning):
        expected = summarize(tx, **args)
    for engine, (convert, _) in ENGINES.items():
        native = dd.from_pandas(tx, npartitions=7) if engine == "dask" else convert(tx)
        with pytest.warns(DataQualityWarning, match="2062 returns"):
            got = as_indexed_pandas(summarize(native, **args))
        same_summary(got, expected, engine)


def _routes(monkeypatch, call):
    """`call()` with pandas logs aggregated by Polars, then by pandas; and whether Polars ran."""
    from ckmkit.value import summary

    used, on_polars = [], summary._on_polars

    def spy(*args):
        out = on_polars(*args)
        used.append(out[1] is not None)
        return out

    monkeypatch.setattr(summary, "_on_polars", spy)
    via_polars = call()
    monkeypatch.setattr(summary, "_ROUTE_PANDAS_TO_POLARS", False)
    return via_polars, call(), any(used)


@pytest.mark.parametrize("case", ["cdnow", "text ids, status", "New York stamps", "holdout"])
def test_pandas_logs_summarise_alike_on_polars_and_on_pandas(cdnow, monkeypatch, case):
    tx = cdnow
    options = dict(time_unit="W", observation_end="1997-09-30")
    if case == "text ids, status":
        tx = cdnow.assign(customer_id="c" + cdnow["customer_id"].astype(str),
                          state=np.where(np.arange(len(cdnow)) % 7 == 0, "Returned", "ok"))
        options["status"] = "state"
    elif case == "New York stamps":
        tx = cdnow.assign(date=cdnow["date"].dt.tz_localize("UTC").dt.tz_convert("America/New_York"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        if case == "holdout":
            via_polars, via_pandas, used = _routes(monkeypatch, lambda: calibration_holdout(
                tx, time_unit="W", calibration_end="1997-09-30", observation_end="1998-06-30"))
        else:
            via_polars, via_pandas, used = _routes(monkeypatch, lambda: summarize(tx, **options))
    assert used
    pd.testing.assert_frame_equal(via_polars, via_pandas, check_exact=False, rtol=1e-12)


@pytest.mark.parametrize("kind", ["object ids", "category ids", "float ids", "fixed offset",
                                  "nullable amounts", "duplicates dropped"])
def test_pandas_logs_polars_cannot_take_exactly_stay_on_pandas(monkeypatch, kind):
    tx = pd.DataFrame({"customer_id": [1, 1, 2],
                       "date": pd.to_datetime(["2024-01-01", "2024-01-03", "2024-01-02"]),
                       "amount": [1.0, 2.0, 3.0]})
    options = {}
    if kind == "object ids":
        tx["customer_id"] = pd.Series([1, 1, 2.5], dtype=object)
    elif kind == "category ids":
        tx["customer_id"] = tx["customer_id"].astype("category")
    elif kind == "float ids":
        tx["customer_id"] = tx["customer_id"].astype(float)
    elif kind == "fixed offset":
        tx["date"] = tx["date"].dt.tz_localize(datetime.timezone(datetime.timedelta(hours=8)))
    elif kind == "nullable amounts":
        tx["amount"] = tx["amount"].astype("Float64")
    else:
        options["drop_duplicates"] = True
    via_polars, via_pandas, used = _routes(monkeypatch, lambda: summarize(tx, **options))
    assert not used
    pd.testing.assert_frame_equal(via_polars, via_pandas)


def _log_for_routes(ids, unit="us", zone=None):
    """A small log with stamps of `unit` (and `zone`), amounts whose sums round alike."""
    days = np.array([0, 381, 5, 386, 17, 17, 40, 3], dtype="int64")
    stamps = pd.Series(pd.Timestamp("2020-01-01 07:30") + pd.to_timedelta(days, unit="D"))
    stamps = stamps.astype(f"datetime64[{unit}]")
    return pd.DataFrame({"customer_id": np.resize(ids, days.size),
                         "date": stamps.dt.tz_localize(zone) if zone else stamps,
                         "amount": np.arange(1.0, days.size + 1)})


@pytest.mark.parametrize("unit, zone", [("s", None), ("s", "Asia/Shanghai"), ("ms", None),
                                        ("ns", "America/New_York")])
@pytest.mark.parametrize("call", ["summarize", "calibration_holdout"])
def test_pandas_logs_give_the_very_same_frame_on_polars_and_on_pandas(monkeypatch, unit, zone,
                                                                      call):
    """Stamps in seconds (which Polars holds in ms), weeks (381 / 7), and the index type."""
    tx = _log_for_routes(np.array([3, 5, 7], dtype="int64"), unit, zone)
    if call == "summarize":
        via_polars, via_pandas, used = _routes(monkeypatch, lambda: summarize(tx, time_unit="W"))
    else:
        via_polars, via_pandas, used = _routes(monkeypatch, lambda: calibration_holdout(
            tx, time_unit="W", calibration_end="2020-06-30"))
    assert used == (unit != "s")  # Polars has no seconds: the stamps would come back in ms
    pd.testing.assert_frame_equal(via_polars, via_pandas, check_exact=True,
                                  check_index_type=True)
    assert type(via_polars.index) is type(via_pandas.index)


@given(st.data())
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_property_pandas_logs_summarise_identically_both_ways(monkeypatch, data):
    """Random logs with gaps, returns, statuses and zones: the very same frame, warnings too.

    Amounts are quarters, so every sum is exact and both engines' sums agree to the bit
    (pandas adds with Kahan's compensation, Polars does not: see the report in the log).
    """
    n = data.draw(st.integers(0, 40))
    ids = data.draw(st.lists(st.integers(-3, 6), min_size=n, max_size=n))
    days = data.draw(st.lists(st.integers(0, 900), min_size=n, max_size=n))
    hours = data.draw(st.lists(st.integers(0, 23), min_size=n, max_size=n))
    quarters = data.draw(st.lists(st.integers(-8, 400) | st.none(), min_size=n, max_size=n))
    unit, zone = data.draw(st.sampled_from(["ms", "us", "ns"])), data.draw(
        st.sampled_from([None, "UTC", "Asia/Shanghai", "America/New_York"]))
    stamps = (pd.Series(pd.Timestamp("2021-03-01") + pd.to_timedelta(days, unit="D")
                        + pd.to_timedelta(hours, unit="h")).astype(f"datetime64[{unit}]"))
    if data.draw(st.booleans()) and n:
        stamps.iloc[0] = pd.NaT
    tx = pd.DataFrame({
        "customer_id": pd.Series(ids, dtype="int64").astype(
            data.draw(st.sampled_from(["int64", "int16", "str", "string[python]"]))),
        "date": stamps.dt.tz_localize(zone, ambiguous="NaT", nonexistent="NaT") if zone else stamps,
        "amount": pd.Series([np.nan if q is None else q / 4 for q in quarters], dtype="float64"),
        "state": data.draw(st.lists(st.sampled_from(["ok", " Returned", "CANCELED"]),
                                    min_size=n, max_size=n)),
    })
    options = dict(time_unit=data.draw(st.sampled_from(["D", "W", "M", 3.5])),
                   status=data.draw(st.sampled_from([None, "state"])))
    if data.draw(st.booleans()):
        options["observation_end"] = "2022-12-31"

    holdout = data.draw(st.booleans()) and n > 0

    def run():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                out = (calibration_holdout(tx, calibration_end="2021-12-31", **options) if holdout
                       else summarize(tx, **options))
            except ValueError as error:
                out = str(error)
        return out, [str(w.message) for w in caught]

    with monkeypatch.context() as patch:  # undone after each example, not after the test
        via_polars, via_pandas, used = _routes(patch, run)
    assert used or n == 0  # (an empty status column is of objects)
    assert via_polars[1] == via_pandas[1]  # the same warnings
    if isinstance(via_pandas[0], str):
        assert via_polars[0] == via_pandas[0]  # the same error
    else:
        pd.testing.assert_frame_equal(via_polars[0], via_pandas[0], check_exact=True,
                                      check_index_type=True)


@pytest.mark.parametrize("ids", [[3, 5, 7], [3, 5, 8], [4], []], ids=str)
@pytest.mark.parametrize("dtype", ["int8", "int32", "int64", "uint16", "str"])
def test_ids_come_back_indexed_as_set_index_makes_them(monkeypatch, ids, dtype):
    """pandas turns signed ids in equal steps into a RangeIndex (int64): so does the Polars route."""
    tx = _log_for_routes(np.array(ids or [0], dtype="int64"))
    tx["customer_id"] = tx["customer_id"].astype(dtype)
    if not ids:
        tx = tx.iloc[:0]
    via_polars, via_pandas, used = _routes(monkeypatch, lambda: summarize(tx))
    assert used
    pd.testing.assert_index_equal(via_polars.index, via_pandas.index, exact=True)
    pd.testing.assert_frame_equal(via_polars, via_pandas, check_exact=True)


def test_same_day_purchases_merge_and_units():
    tx = pd.DataFrame({
        "id": ["a", "a", "a", "b"],
        "when": pd.to_datetime(["2024-01-01 09:00", "2024-01-01 17:00", "2024-03-01 00:00",
                                "2024-02-01 00:00"]),
        "spend": [10, 5, 30, 7],
    })
    days = summarize(tx, "id", "when", "spend", observation_end="2024-03-31")
    assert days.loc["a", "frequency"] == 1
    assert days.loc["a", "recency"] == 60.0  # 2024 is a leap year
    assert days.loc["a", "T"] == 90.0
    assert days.loc["a", "monetary_value"] == 30.0
    assert days.loc["a", "revenue"] == 45.0
    assert days.loc["a", "n_transactions"] == 3
    months = summarize(tx, "id", "when", "spend", observation_end="2024-03-31", time_unit="M")
    assert months.loc["a", "T"] == pytest.approx(90 / (365.25 / 12))
    assert days.loc["a", "first_purchase"] == pd.Timestamp("2024-01-01 09:00")


def test_zero_amount_is_a_purchase_negative_is_a_return():
    tx = pd.DataFrame({"customer_id": [1, 1, 1], "amount": [0.0, -5.0, 3.0],
                       "date": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03"])})
    with pytest.warns(DataQualityWarning, match=r"1 return \(negative amount\)"):
        out = summarize(tx)
    assert out.loc[1, "frequency"] == 1 and out.loc[1, "revenue"] == 3.0


def test_status_missing_values_and_counts_in_one_report():
    tx = pd.DataFrame({
        "customer_id": [1, 1, None, 2, 2, 3],
        "date": pd.to_datetime(["2024-01-01", None, "2024-01-02", "2024-01-03", "2024-01-04",
                                "2024-01-05"]),
        "amount": [1.0, 2.0, 3.0, np.nan, 4.0, 5.0],
        "status": ["completed", "completed", "completed", "completed", "cancelled", "return"],
    })
    with pytest.warns(DataQualityWarning) as caught:
        out = summarize(tx, status="status")
    message = str(caught[0].message)
    assert message.startswith("Excluded 5 of 6 rows")
    for part in ("1 row without a customer id", "1 row without a date", "1 row without an amount",
                 "1 cancelled order", "1 return (marked by status)"):
        assert part in message
    assert out.index.tolist() == [1]
    with pytest.raises(DataQualityError):
        summarize(tx, status="status", strict=True)


def test_report_is_bilingual():
    tx = pd.DataFrame({"customer_id": [1, None], "amount": [1.0, 1.0],
                       "date": pd.to_datetime(["2024-01-01", "2024-01-01"])})
    with ckmkit.language("zh"), pytest.warns(DataQualityWarning, match="缺少客户编号 1 行"):
        summarize(tx)


def test_duplicates_are_kept_unless_asked(cdnow):
    kept = summarize(cdnow)
    with pytest.warns(DataQualityWarning, match="21 exact duplicate rows"):
        dropped = summarize(cdnow, drop_duplicates=True)
    assert kept["frequency"].sum() == dropped["frequency"].sum()  # same days either way
    assert kept["revenue"].sum() > dropped["revenue"].sum()


def test_missing_column_named():
    tx = pd.DataFrame({"customer_id": [1], "date": pd.to_datetime(["2024-01-01"])})
    with pytest.raises(ValueError, match="Column 'amount' is missing"):
        summarize(tx)


def test_non_numeric_amount_names_column_and_row():
    tx = pd.DataFrame({"customer_id": [1, 2], "date": pd.to_datetime(["2024-01-01"] * 2),
                       "amount": ["3.5", "ten"]}, index=[10, 11])
    with pytest.raises(ValueError, match=r"Column 'amount' must hold numbers; row 11 has 'ten'"):
        summarize(tx)
    with ckmkit.language("zh"), pytest.raises(ValueError, match="列“amount”须为数值"):
        summarize(tx)


def test_string_dates_rejected_with_example():
    tx = pd.DataFrame({"customer_id": [1], "date": ["2024-01-01"], "amount": [1.0]})
    with pytest.raises(ValueError, match=r"Column 'date' must hold dates.*row 0 has '2024-01-01'"):
        summarize(tx)


def test_infinite_amount_rejected():
    tx = pd.DataFrame({"customer_id": [1, 2], "date": pd.to_datetime(["2024-01-01"] * 2),
                       "amount": [1.0, np.inf]})
    with pytest.raises(ValueError, match="row 1 has inf"):
        summarize(tx)


def test_bad_time_unit_and_dates():
    tx = pd.DataFrame({"customer_id": [1], "date": pd.to_datetime(["2024-01-01"]), "amount": [1.0]})
    with pytest.raises(ValueError, match="time_unit must be"):
        summarize(tx, time_unit="fortnight")
    with pytest.raises(ValueError, match="observation_end must be a date"):
        summarize(tx, observation_end="someday")
    assert unit_days(0.5) == 0.5
    with pytest.raises(ValueError):
        unit_days(-1)


def test_zero_rows_give_empty_summary():
    tx = pd.DataFrame({"customer_id": pd.Series([], dtype="int64"),
                       "date": pd.Series([], dtype="datetime64[ns]"),
                       "amount": pd.Series([], dtype="float64")})
    out = summarize(tx)
    assert len(out) == 0 and "frequency" in out.columns


def test_all_rows_excluded_give_empty_summary_with_report():
    tx = pd.DataFrame({"customer_id": [1], "date": pd.to_datetime(["2024-01-01"]), "amount": [-1.0]})
    with pytest.warns(DataQualityWarning):
        out = summarize(tx)
    assert len(out) == 0


def test_single_customer_and_everyone_on_one_day():
    tx = pd.DataFrame({"customer_id": [1, 2, 3], "date": pd.to_datetime(["2024-05-01"] * 3),
                       "amount": [1.0, 2.0, 3.0]})
    out = summarize(tx)
    assert out["frequency"].tolist() == [0, 0, 0] and out["T"].tolist() == [0.0, 0.0, 0.0]
    one = summarize(tx.iloc[:1], time_unit="W", observation_end="2024-05-15")
    assert one.loc[1, "T"] == 2.0


def test_amount_optional():
    tx = pd.DataFrame({"customer_id": [1, 1], "date": pd.to_datetime(["2024-01-01", "2024-01-08"])})
    out = summarize(tx, amount=None, time_unit="W")
    assert "monetary_value" not in out.columns and out.loc[1, "recency"] == 1.0


def test_not_a_table():
    with pytest.raises(TypeError):
        summarize([1, 2, 3])


def test_engines_not_checked_are_refused():
    # narwhals accepts more engines than are tested here: refuse rather than risk wrong numbers.
    import narwhals as nw

    from ckmkit.value.summary import _check_engine

    for impl in nw.Implementation:
        frame = SimpleNamespace(implementation=impl)
        if impl.value in {"pandas", "polars", "duckdb", "dask", "pyarrow", "pyspark"}:
            _check_engine(frame)
        else:
            with pytest.raises(TypeError, match=re.escape(f"{impl.value} is not one of them")):
                _check_engine(frame)
    with ckmkit.language("zh"), pytest.raises(TypeError, match="modin 不在其中"):
        _check_engine(SimpleNamespace(implementation=nw.Implementation.MODIN))


def test_calibration_holdout_cdnow(cdnow_split, cdnow_cal):
    assert len(cdnow_split) == 2357
    pd.testing.assert_frame_equal(cdnow_split[cdnow_cal.columns], cdnow_cal)
    assert (cdnow_split["duration_holdout"] == 39.0).all()
    # 1,882 repeat purchase days fall in the 39-week holdout (Fader, Hardie & Lee 2005, Fig. 2).
    assert int(cdnow_split["frequency_holdout"].sum()) == 1882
    assert cdnow_split.loc[4, "frequency_holdout"] == 1


def test_calibration_end_after_the_last_purchase_names_that_day():
    tx = pd.DataFrame({"customer_id": [1, 1], "amount": [1.0, 2.0],
                       "date": pd.to_datetime(["2024-01-01", "2024-02-01"])})
    with pytest.raises(ValueError, match=r"calibration_end \(2024-03-01\) must fall before "
                                         r"observation_end \(2024-02-01\)"):
        calibration_holdout(tx, calibration_end="2024-03-01")


def test_calibration_holdout_reports_newcomers():
    tx = pd.DataFrame({"customer_id": [1, 1, 2], "amount": [1.0, 2.0, 3.0],
                       "date": pd.to_datetime(["2024-01-01", "2024-01-09", "2024-01-09"])})
    with pytest.warns(DataQualityWarning, match="1 row of a customer whose first purchase"):
        out = calibration_holdout(tx, calibration_end="2024-01-05")
    assert out.index.tolist() == [1] and out.loc[1, "frequency_holdout"] == 1
    with pytest.raises(ValueError, match="calibration_end"):
        calibration_holdout(tx, calibration_end="2024-02-01", observation_end="2024-01-10")


@pytest.mark.parametrize("engine", ["polars", "dask", "pyarrow"])
def test_calibration_holdout_other_engines(cdnow, cdnow_split, engine, same_summary):
    convert, kind = ENGINES[engine]
    got = calibration_holdout(convert(cdnow), time_unit="W", calibration_end="1997-09-30",
                              observation_end="1998-06-30")
    assert isinstance(got, kind)
    same_summary(as_indexed_pandas(got), cdnow_split, engine)


def test_bad_input_on_other_engines():
    frame = pl.DataFrame({"customer_id": [1, None, 2], "amount": [1.0, 2.0, -1.0],
                          "date": pl.Series([pd.Timestamp("2024-01-01")] * 3)})
    with pytest.warns(DataQualityWarning, match=r"1 row without a customer id; 1 return \("):
        out = summarize(frame)
    assert out["customer_id"].to_list() == [1]
    for native in (duckdb.from_arrow(frame.to_arrow()), frame.to_arrow(),
                   dd.from_pandas(frame.to_pandas(), npartitions=2)):
        with pytest.warns(DataQualityWarning, match="Excluded 2 of 3 rows"):
            assert len(as_indexed_pandas(summarize(native))) == 1
    text = pd.DataFrame({"customer_id": [1, 2], "amount": [1.0, "x"],
                         "date": pd.to_datetime(["2024-01-01"] * 2)})
    for native in (pl.from_pandas(text.astype({"amount": str})), dd.from_pandas(text, npartitions=2)):
        with pytest.raises(ValueError, match="Column 'amount' must hold numbers; row 1 has 'x'"):
            summarize(native)


def test_calibration_holdout_duckdb_feeds_a_model(cdnow, cdnow_split):
    from ckmkit.value import BetaGeo

    rel = calibration_holdout(duckdb.from_df(cdnow), time_unit="W", calibration_end="1997-09-30",
                              observation_end="1998-06-30")
    assert isinstance(rel, duckdb.DuckDBPyRelation)
    frame = rel.pl().to_pandas().set_index("customer_id")
    np.testing.assert_array_equal(frame["frequency_holdout"], cdnow_split["frequency_holdout"])
    model = BetaGeo().fit(rel, standard_errors=False)
    assert round(model.loglik_, 1) == -9582.4


@pytest.mark.parametrize("engine", ["pandas", "pandas-ns", "pandas-date", "pandas-tz", "polars",
                                    "polars-date", "duckdb", "duckdb-date", "dask", "dask-tz",
                                    "pyarrow", "pyarrow-date", "pyarrow-tz"])
def test_days_are_calendar_days_on_every_engine_and_type(engine):
    # Before 1970 (negative day numbers), zoned stamps (their local day) and date columns.
    tx = pd.DataFrame({"customer_id": [1, 1, 1, 2, 2], "amount": [1.0, 2.0, 4.0, 3.0, 5.0],
                       "date": pd.to_datetime(["1969-12-31 23:00", "1970-01-01 01:00",
                                               "1970-01-05 12:00", "2024-02-28 10:00",
                                               "2024-03-01 09:00"])})
    kind = engine.split("-")[-1] if "-" in engine else ""
    if kind == "ns":
        tx["date"] = tx["date"].astype("datetime64[ns]")
    elif kind == "tz":
        tx["date"] = tx["date"].dt.tz_localize("Asia/Shanghai")
    elif kind == "date":
        tx["date"] = pd.array(tx["date"].dt.date, dtype="date32[pyarrow]")
    frame = tx
    if engine.startswith("polars"):
        frame = pl.from_pandas(tx)
    elif engine.startswith("duckdb"):
        frame = duckdb.from_arrow(pl.from_pandas(tx).to_arrow())
    elif engine.startswith("dask"):
        frame = dd.from_pandas(tx, npartitions=2)
    elif engine.startswith("pyarrow"):
        frame = pa.Table.from_pandas(tx)
    out = as_indexed_pandas(summarize(frame, observation_end="2024-03-31"))
    assert out["frequency"].tolist() == [2, 1]
    assert out["recency"].tolist() == [5.0, 2.0]  # 1969-12-31 → 1970-01-05; leap day 2024
    assert out["T"].tolist() == [19814.0, 32.0]
    assert out["monetary_value"].tolist() == [3.0, 5.0]
