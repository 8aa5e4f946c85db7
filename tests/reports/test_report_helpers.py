"""The public helpers behind read_transactions: names, roles, date formats, tables."""

from __future__ import annotations

import pandas as pd
import pytest

import ckmkit
from ckmkit.reports import (
    DATE_FORMATS,
    detect_date_format,
    guess_roles,
    normalise_name,
    parse_dates,
    read_table,
    read_transactions,
)


def test_the_area_loads_from_the_front_door():
    assert ckmkit.reports.read_transactions is read_transactions
    assert "reports" in dir(ckmkit)


@pytest.mark.parametrize(("name", "expected"), [
    ("Customer ID", "customerid"), ("customer_id", "customerid"), ("CUSTOMER-ID", "customerid"),
    ("ＣｕｓｔｏｍｅｒＩＤ", "customerid"), ("客户 编号", "客户编号"), ("实付金额(元)", "实付金额"),
    ("Amount [EUR]", "amount"), ("Invoice No.", "invoiceno"),
])
def test_normalise_name(name, expected):
    assert normalise_name(name) == expected


@pytest.mark.parametrize(("columns", "expected"), [
    (["InvoiceNo", "StockCode", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"],
     {"customer_id": "CustomerID", "date": "InvoiceDate", "quantity": "Quantity",
      "unit_price": "UnitPrice", "invoice": "InvoiceNo"}),
    (["订单号", "会员ID", "交易日期", "实付金额", "订单状态"],
     {"customer_id": "会员ID", "date": "交易日期", "amount": "实付金额", "invoice": "订单号",
      "status": "订单状态"}),
    (["客户编号", "客户名称", "日期", "金额"],  # the name is only a fallback for the id
     {"customer_id": "客户编号", "date": "日期", "amount": "金额"}),
    (["Client", "Order Date", "Revenue", "Qty", "Price"],  # an amount wins over its factors
     {"customer_id": "Client", "date": "Order Date", "amount": "Revenue", "quantity": "Qty",
      "unit_price": "Price"}),
])
def test_guess_roles_in_both_languages(columns, expected):
    assert guess_roles(pd.DataFrame(columns=columns)) == expected


def test_a_given_quantity_means_no_amount_is_guessed():
    table = pd.DataFrame(columns=["id", "when", "Amount", "n", "each"])
    roles = guess_roles(table, {"customer_id": "id", "date": "when", "quantity": "n",
                                "unit_price": "each"})
    assert roles == {"customer_id": "id", "date": "when", "quantity": "n", "unit_price": "each"}


@pytest.mark.parametrize(("values", "expected"), [
    (["2023-01-05", "2023-01-06T08:26:00"], "ISO8601"),
    (["2023/1/5", "2023/12/31"], "%Y/%m/%d"),
    (["2023-01-05 08:26", "2023-1-6 9:05"], "ISO8601"),
    (["2023年1月5日", "2023年1月6日"], "%Y年%m月%d日"),
    (["2023年1月5日 08:26", "2023年1月6日 17:00"], "%Y年%m月%d日 %H:%M"),
    (["12/1/2010 8:26", "12/13/2010 8:26"], "%m/%d/%Y %H:%M"),
    (["13/01/2023", "05/01/2023"], "%d/%m/%Y"),
    (["05.01.2023", "31.12.2023"], "%d.%m.%Y"),
    (["12/1/10 8:26 PM", "12/2/10 9:00 AM"], "%m/%d/%y %I:%M %p"),
    ([20230105, 20231231], "%Y%m%d"),
    ([40513.35, 45000], "Excel serial"),
    (pd.Series(pd.to_datetime(["2024-01-01"])), "date cells"),
    (["soon", "2023-01-05"], None),
    ([None, ""], None),
])
def test_detect_date_format(values, expected):
    assert detect_date_format(values) == expected


def test_day_first_is_chosen_when_only_it_fits_every_row():
    parsed = parse_dates(["01/02/2023", "13/02/2023", "28/02/2023"])
    assert parsed.format == "%d/%m/%Y" and not parsed.ambiguous
    assert parsed.values.dt.strftime("%Y-%m-%d").tolist() == ["2023-02-01", "2023-02-13", "2023-02-28"]


def test_month_first_is_chosen_when_both_fit_and_the_log_says_so(tmp_path):
    parsed = parse_dates(["1/5/2023", "3/4/2023"])
    assert parsed.format == "%m/%d/%Y" and parsed.ambiguous
    assert parsed.values.tolist() == [pd.Timestamp("2023-01-05"), pd.Timestamp("2023-03-04")]
    path = tmp_path / "us.csv"
    path.write_text("customer_id,date,amount\na,1/5/2023,1\nb,3/4/2023,2\n", encoding="utf-8")
    log = read_transactions(path)
    assert log.ambiguous_dates == ("date",)
    assert ("'date': every date reads both month-first and day-first; month-first was used "
            "(the Online Retail convention).") in log.describe()


def test_the_same_day_twice_is_not_ambiguous():
    parsed = parse_dates(["1/1/2023", "2/2/2023"])
    assert parsed.format == "%m/%d/%Y" and not parsed.ambiguous


def test_parse_dates_keeps_the_index_and_empty_cells():
    values = pd.Series(["2023年1月5日", None, " 2023年2月1日 "], index=[2, 3, 4])
    parsed = parse_dates(values)
    assert parsed.values.index.tolist() == [2, 3, 4]
    assert parsed.values.isna().tolist() == [False, True, False]
    assert parsed.values[4] == pd.Timestamp("2023-02-01")


def test_every_candidate_format_is_tried_once_per_column_not_per_row(monkeypatch):
    """Detection runs on a sample; the column itself is parsed a bounded number of times."""
    calls = []
    original = pd.to_datetime

    def counting(arg, *args, **kwargs):
        calls.append(len(arg) if hasattr(arg, "__len__") else 1)
        return original(arg, *args, **kwargs)

    monkeypatch.setattr(pd, "to_datetime", counting)
    counts = []
    for n in (1_000, 50_000):
        calls.clear()
        days = pd.date_range("2020-01-01", periods=n, freq="h").strftime("%Y年%m月%d日 %H:%M")
        parsed = parse_dates(pd.Series(days))
        assert parsed.format == "%Y年%m月%d日 %H:%M" and parsed.values.notna().all()
        counts.append((len(calls), sum(size >= n for size in calls)))
    assert counts[0] == counts[1]  # as many calls for 50 000 rows as for 1 000
    assert counts[1][1] <= 2  # and at most two over the whole column
    assert len(DATE_FORMATS) > 50


def test_read_table_reads_text_as_written(tmp_path):
    path = tmp_path / "ids.tsv"
    path.write_text("id\tnote\n007\tNA\n008\t\n", encoding="utf-8")
    table, source = read_table(path)
    assert (source.format, source.encoding, source.delimiter) == ("csv", "utf-8", "\t")
    assert table["id"].tolist() == ["007", "008"]
    assert table["note"].iloc[0] == "NA" and pd.isna(table["note"].iloc[1])


def test_read_table_reads_a_quoted_line_break(tmp_path):
    path = tmp_path / "multi.csv"
    path.write_text('customer,date,amount\n"line one\nline two",2024-01-01,1\n', encoding="utf-8")
    table, _ = read_table(path)
    assert table["customer"].tolist() == ["line one\nline two"]


def test_zoned_iso_dates_keep_their_offset():
    parsed = parse_dates(["2023-01-05T08:00:00+08:00", None, "2023-01-05T08:00:00+08:00"])
    assert parsed.format == "ISO8601"
    assert str(parsed.values.dtype.tz) == "UTC+08:00"
    assert parsed.values.iloc[0] == pd.Timestamp("2023-01-05 00:00", tz="UTC")


def test_amounts_with_spaces_and_blanks(tmp_path):
    path = tmp_path / "spaces.csv"
    path.write_text("customer_id,date,amount\na,2024-01-01, 12.5 \nb,2024-01-02,  \nc,2024-01-03,$3\n",
                    encoding="utf-8")
    log = read_transactions(path)
    amounts = log.frame["amount"]
    assert amounts.iloc[0] == 12.5 and pd.isna(amounts.iloc[1]) and amounts.iloc[2] == 3.0
