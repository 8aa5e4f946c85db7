"""Bad input gets a clear message in the reader's language; exclusions are counted."""

import warnings

import pandas as pd
import pytest

import ckmkit
from ckmkit.quality import DataQualityError, DataQualityWarning, report_exclusions, require_columns


def test_missing_column_is_named_with_what_is_there():
    frame = pd.DataFrame({"customer_id": [1], "date": ["2024-01-01"]})
    with pytest.raises(ValueError, match=r"Column 'amount' is missing; the table has: customer_id, date"):
        require_columns(frame, ["customer_id", "amount"])
    with ckmkit.language("zh"), pytest.raises(ValueError, match="缺少列“amount”"):
        require_columns(frame, ["amount"])


@pytest.mark.parametrize("engine", ["polars-lazy", "duckdb", "pyarrow"])
def test_columns_are_read_from_any_engine_without_a_warning(engine):
    import duckdb
    import polars as pl

    frame = pl.DataFrame({"customer_id": [1], "amount": [2.0]})
    table = {"polars-lazy": frame.lazy(), "duckdb": duckdb.from_arrow(frame.to_arrow()),
             "pyarrow": frame.to_arrow()}[engine]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a Polars LazyFrame warns when asked for .columns
        require_columns(table, ["customer_id", "amount"])
        with pytest.raises(ValueError, match="'date' is missing; the table has: customer_id, amount"):
            require_columns(table, ["date"])


def test_a_column_held_in_the_index_is_pointed_out():
    frame = pd.DataFrame({"amount": [1.0]}, index=pd.Index([7], name="customer_id"))
    with pytest.raises(ValueError, match=r"'customer_id' is the table's index.*\.reset_index\(\)"):
        require_columns(frame, ["customer_id"])
    with ckmkit.language("zh"), pytest.raises(ValueError, match="是表的索引"):
        require_columns(frame, ["customer_id"])


def test_a_non_table_is_refused_clearly():
    with pytest.raises(TypeError, match="Expected a table.*list"):
        require_columns([1, 2, 3], ["amount"])


def test_exclusions_are_counted_by_reason():
    with pytest.warns(DataQualityWarning, match=r"Excluded 5 of 100 rows: 3 returns .*; 2 cancelled"):
        report_exclusions({"reason_return": 3, "reason_cancelled": 2}, total=100)
    with pytest.warns(DataQualityWarning, match=r"^Excluded 1 of 1 row: 1 return \("):
        report_exclusions({"reason_return": 1}, total=1)


def test_exclusions_in_chinese():
    with ckmkit.language("zh"), pytest.warns(DataQualityWarning, match="共 100 行，剔除 3 行：退货"):
        report_exclusions({"reason_return": 3}, total=100)


def test_strict_turns_the_warning_into_an_error():
    with pytest.raises(DataQualityError, match="1 row without a customer id"):
        report_exclusions({"reason_missing_id": 1}, total=4, strict=True)
    assert issubclass(DataQualityError, ValueError)


def test_nothing_excluded_is_silent():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report_exclusions({"reason_return": 0}, total=10)
