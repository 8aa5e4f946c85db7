"""The summary on PySpark: a local Spark session, checked against the pandas path.

Spark needs Java 17 (`make test` installs it on Debian); without PySpark or Java
these tests are skipped with the reason.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from ckmkit import DataQualityWarning
from ckmkit.value import BetaGeo, calibration_holdout, rfm_scores, summarize

pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java (apt-get install openjdk-17-jre-headless)",
                allow_module_level=True)

# PySpark 4.3 warns that it does not fully support pandas 3; the conversions used here work.
pytestmark = [pytest.mark.slow,  # a Spark session takes seconds to start
              pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas"),
              pytest.mark.filterwarnings("ignore:The copy keyword is deprecated")]


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("ckmkit-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "4")  # cross-partition bugs show
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _pandas(out) -> pd.DataFrame:
    return out.toPandas().set_index("customer_id").sort_index()


def test_cdnow_summary_and_model_agree_with_pandas(spark, cdnow, cdnow_cal, same_summary):
    with pytest.warns(DataQualityWarning, match="1959 rows dated after the observation end"):
        got = summarize(spark.createDataFrame(cdnow), time_unit="W", observation_end="1997-09-30")
    assert type(got).__name__ == "DataFrame" and hasattr(got, "toPandas")  # Spark in, Spark out
    got = _pandas(got)
    same_summary(got, cdnow_cal)
    assert round(BetaGeo().fit(got, standard_errors=False).loglik_, 1) == -9582.4


def test_calibration_holdout_feeds_rfm(spark, cdnow, cdnow_split, same_summary):
    split = calibration_holdout(spark.createDataFrame(cdnow), time_unit="W",
                                calibration_end="1997-09-30", observation_end="1998-06-30")
    same_summary(_pandas(split), cdnow_split)
    pd.testing.assert_frame_equal(rfm_scores(split), rfm_scores(cdnow_split))


def test_days_come_from_the_calendar(spark):
    # Spark's day numbers come from year and day of the year: before 1970, a leap day, dates.
    tx = pd.DataFrame({"customer_id": [1, 1, 1, 2, 2], "amount": [1.0, 2.0, 4.0, 3.0, 5.0],
                       "date": pd.to_datetime(["1969-12-31 23:00", "1970-01-01 01:00",
                                               "1970-01-05 12:00", "2024-02-28 10:00",
                                               "2024-03-01 09:00"])})
    for frame in (tx, tx.assign(date=tx["date"].dt.date)):
        out = _pandas(summarize(spark.createDataFrame(frame), observation_end="2024-03-31"))
        assert out["frequency"].tolist() == [2, 1]
        assert out["recency"].tolist() == [5.0, 2.0]
        assert out["T"].tolist() == [19814.0, 32.0]
        assert out["monetary_value"].tolist() == [3.0, 5.0]


def test_shuffled_log_with_exclusions_agrees_with_pandas(spark, same_summary, shuffled_log):
    tx = shuffled_log(50_000, 5_000, "1999-06-01", 900, seed=11, returns=53)  # spans a leap day
    args = dict(time_unit="M", observation_end="2001-09-30")
    with pytest.warns(DataQualityWarning) as expected_report:
        expected = summarize(tx, **args)
    with pytest.warns(DataQualityWarning) as report:
        got = _pandas(summarize(spark.createDataFrame(tx).repartition(5), **args))
    assert [str(w.message) for w in report if w.category is DataQualityWarning] == [
        str(expected_report[0].message)]
    same_summary(got, expected)


def test_options_and_reports_agree_with_pandas(spark, option_cases, summary_and_report,
                                              same_summary):
    tx, cases = option_cases
    for name, options in cases.items():
        expected, report = summary_and_report(tx, lambda out: out, **options)
        got, got_report = summary_and_report(spark.createDataFrame(tx), _pandas, **options)
        assert got_report == report, name
        same_summary(got, expected, f"{name}:")


def test_bad_input_is_named(spark):
    tx = pd.DataFrame({"customer_id": [1, None, 2], "amount": [1.0, 2.0, -1.0],
                       "date": pd.to_datetime(["2024-01-01"] * 3)})
    with pytest.warns(DataQualityWarning, match=r"1 row without a customer id; 1 return \("):
        assert len(_pandas(summarize(spark.createDataFrame(tx)))) == 1
    text = tx.assign(amount=["1.0", "x", "2"])
    with pytest.raises(ValueError, match="Column 'amount' must hold numbers; row 1 has 'x'"):
        summarize(spark.createDataFrame(text))
