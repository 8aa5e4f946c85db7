"""The summary's input handling on PySpark: zones, statuses and the default end.

Uses the Spark session of test_spark (skipped with it without PySpark or Java).
"""

from __future__ import annotations

import pandas as pd
import pytest
import test_spark
from test_summary_input import LOCAL, STATUS_LOG, ZONES, _zoned_log

from ckmkit import DataQualityWarning
from ckmkit.value import summarize

spark = test_spark.spark  # the session fixture, and the marks that skip without Java
pytestmark = test_spark.pytestmark
_pandas = test_spark._pandas


@pytest.mark.parametrize("zone", ZONES)
def test_zoned_log_counts_days_in_the_session_zone(spark, zone):
    # Spark keeps no zone with the data: its session zone decides the day, as DuckDB's
    # connection zone does. Set to the log's zone, Spark agrees with pandas.
    tx = _zoned_log(zone)
    spark.conf.set("spark.sql.session.timeZone", zone)
    try:
        out = _pandas(summarize(spark.createDataFrame(tx)))
    finally:
        spark.conf.set("spark.sql.session.timeZone", "UTC")
    expected = summarize(tx.assign(date=LOCAL))
    for column in ("frequency", "recency", "T", "monetary_value", "revenue"):
        assert out[column].tolist() == expected[column].tolist(), column


def test_status_case_and_log_end(spark):
    with pytest.warns(DataQualityWarning) as caught:
        out = _pandas(summarize(spark.createDataFrame(STATUS_LOG), status="status"))
    assert [str(w.message) for w in caught if w.category is DataQualityWarning] == [
        "Excluded 7 of 9 rows: 4 cancelled orders; 2 returns (marked by status); "
        "1 return (negative amount)."]
    assert out["revenue"].tolist() == [10.0, 8.0]
    assert out["T"].tolist() == [8.0, 0.0]
    returns = pd.DataFrame({"customer_id": [1, 1], "amount": [5.0, -5.0],
                            "date": pd.to_datetime(["2024-01-01", "2024-01-10"])})
    with pytest.warns(DataQualityWarning, match="1 return"):
        assert _pandas(summarize(spark.createDataFrame(returns)))["T"].tolist() == [9.0]
