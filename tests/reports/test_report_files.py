"""Researchers' files of every kind become the same clean log, with real values checked."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

import ckmkit
from ckmkit import DataQualityWarning
from ckmkit.reports import read_table, read_transactions
from ckmkit.value import summarize


def test_gbk_csv_with_chinese_headers_and_dates(gbk_csv):
    log = read_transactions(gbk_csv)
    assert (log.source.file, log.source.format, log.source.encoding, log.source.delimiter) == \
        ("订单导出.csv", "csv", "gbk", ",")
    assert log.roles == {"customer_id": "客户编号", "date": "下单时间", "amount": "实付金额"}
    assert log.date_format == {"下单时间": "%Y年%m月%d日"}
    assert list(log.frame.columns) == ["customer_id", "date", "amount"]
    assert log.frame["customer_id"].tolist() == ["C001", "C002", "C001", "C003"]
    assert log.frame["date"].dt.strftime("%Y-%m-%d").tolist() == \
        ["2023-01-05", "2023-01-05", "2023-02-14", "2023-12-31"]
    assert log.frame["date"].dtype.kind == "M"
    assert log.frame["amount"].sum() == pytest.approx(504.40)
    assert (log.rows, log.exclusions, log.ambiguous_dates) == (4, {}, ())


def test_the_gbk_log_describes_itself_in_both_languages(gbk_csv):
    log = read_transactions(gbk_csv)
    assert log.describe() == [
        "file: 订单导出.csv (CSV)", "encoding: gbk", "delimiter: comma",
        "customer id ← 客户编号", "date ← 下单时间", "amount ← 实付金额",
        "date format of '下单时间': %Y年%m月%d日", "rows: 4 read, 4 kept"]
    assert log.describe("zh")[:4] == ["文件：订单导出.csv（CSV）", "编码：gbk", "分隔符：逗号",
                                      "客户编号 ← 客户编号"]
    assert read_transactions(gbk_csv, lang="zh").describe()[-1] == "行数：读取 4 行，保留 4 行"
    assert ckmkit.get_language() == "en"  # lang= holds for the one call


def test_characters_outside_gbk_are_read_as_gb18030(tmp_path):
    path = tmp_path / "ext.csv"
    path.write_bytes("客户,日期,金额\n𠀀号,2023-01-05,1\n".encode("gb18030"))
    log = read_transactions(path)
    assert log.source.encoding == "gb18030"
    assert log.frame["customer_id"].tolist() == ["𠀀号"]


def test_semicolon_csv_with_a_utf8_bom(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes("Kunde;Datum;Betrag\nK-1;05.01.2023;12.5\nK-2;31.01.2023;7\n".encode("utf-8-sig"))
    log = read_transactions(path, customer_id="Kunde", amount="Betrag")
    assert (log.source.encoding, log.source.delimiter) == ("utf-8-sig", ";")
    assert log.roles["date"] == "Datum" and log.date_format == {"Datum": "%d.%m.%Y"}
    assert log.frame["date"].dt.strftime("%Y-%m-%d").tolist() == ["2023-01-05", "2023-01-31"]
    assert log.frame["amount"].tolist() == [12.5, 7.0]


def test_utf16_tab_separated_file(tmp_path):
    path = tmp_path / "export.txt"
    text = "Customer ID\tOrder Date\tRevenue\n001\t2023-01-05 08:26\t10\n002\t2023-01-06 17:30\t20.5\n"
    path.write_bytes(text.encode("utf-16"))
    log = read_transactions(path)
    assert (log.source.encoding, log.source.delimiter) == ("utf-16", "\t")
    assert log.describe()[2] == "delimiter: tab"
    assert log.frame["customer_id"].tolist() == ["001", "002"]  # leading zeros kept
    assert log.frame["date"].tolist() == [pd.Timestamp("2023-01-05 08:26"),
                                          pd.Timestamp("2023-01-06 17:30")]
    assert log.date_format == {"Order Date": "ISO8601"}


def test_parquet_file_with_typed_columns(tmp_path):
    pytest.importorskip("pyarrow")
    path = tmp_path / "orders.parquet"
    pd.DataFrame({"customer_id": [1001, 1002, 1001],
                  "order_date": pd.to_datetime(["2024-03-01", "2024-03-02", "2024-04-01"]),
                  "amount": [9.5, 20.0, 0.5]}).to_parquet(path)
    log = read_transactions(path)
    assert (log.source.format, log.source.encoding, log.source.delimiter) == ("parquet", None, None)
    assert log.date_format == {"order_date": "date cells"}
    assert log.frame["customer_id"].tolist() == ["1001", "1002", "1001"]
    assert log.frame["amount"].sum() == 30.0
    assert "date format of 'order_date': dates stored as dates" in log.describe()


def test_online_retail_excel_conventions(retail_xlsx):
    with pytest.warns(DataQualityWarning,
                      match=r"^Excluded 1 of 7 rows: 1 row without a customer id \(left out\)\.$"):
        log = read_transactions(retail_xlsx, sheet="Orders")
    assert log.source.format == "excel" and log.source.sheet == "Orders"
    assert log.roles == {"customer_id": "CustomerID", "date": "InvoiceDate", "quantity": "Quantity",
                         "unit_price": "UnitPrice", "invoice": "InvoiceNo"}
    assert log.date_format == {"InvoiceDate": "%m/%d/%Y %H:%M"} and log.ambiguous_dates == ()
    assert log.exclusions == {"report.reason_missing_id": 1, "report.reason_cancelled": 1,
                              "report.reason_return": 1}
    frame = log.frame
    assert len(frame) == 6 and list(frame.columns) == ["customer_id", "date", "amount", "status"]
    assert frame["customer_id"].tolist() == ["17850", "17850", "17850", "14527", "15311", "13047"]
    assert frame["amount"].tolist() == [15.3, 27.12, 11.1, -27.5, -8.5, 15.0]
    assert frame["status"].tolist()[3:5] == ["cancelled", "return"]
    assert frame["status"].isna().sum() == 4
    assert frame["date"].iloc[0] == pd.Timestamp("2010-12-01 08:26")
    assert frame["date"].iloc[-1] == pd.Timestamp("2010-12-13 10:05")
    assert "amount ← Quantity × UnitPrice" in log.describe()
    assert log.describe()[-1] == ("rows set aside: 1 row without a customer id (left out); "
                                  "1 cancellation (kept, status 'cancelled'); "
                                  "1 return (kept, status 'return')")


def test_summarize_reads_the_log_directly(retail_xlsx):
    with pytest.warns(DataQualityWarning):
        log = read_transactions(retail_xlsx, sheet="Orders")
    with pytest.warns(DataQualityWarning, match="1 cancelled order; 1 return"):
        summary = summarize(log.frame, customer_id="customer_id", date="date", amount="amount",
                            status="status")
    assert summary.index.tolist() == ["13047", "17850"]
    assert summary.loc["17850", "revenue"] == pytest.approx(53.52)
    assert summary.loc["17850", "n_transactions"] == 3
    assert summary.loc["13047", "revenue"] == 15.0
    assert summary["frequency"].tolist() == [0, 0]


def test_the_first_sheet_is_read_by_default_and_dates_can_be_serials(tmp_path):
    pytest.importorskip("openpyxl")
    path = tmp_path / "serials.xlsx"
    pd.DataFrame({"会员号": ["M1", "M2"], "日期": [40513.35, 45000],
                  "金额": [10, 20]}).to_excel(path, index=False)
    log = read_transactions(path)
    assert log.source.sheet == "Sheet1" and log.date_format == {"日期": "Excel serial"}
    assert log.frame["date"].tolist() == [pd.Timestamp("2010-12-01 08:24"), pd.Timestamp("2023-03-15")]


def test_excel_date_cells_are_kept_as_dates(tmp_path):
    pytest.importorskip("openpyxl")
    path = tmp_path / "cells.xlsx"
    stamps = pd.to_datetime(["2011-01-02 10:00", "2011-02-03 00:00"])
    pd.DataFrame({"CustomerID": [7, 8], "InvoiceDate": stamps, "Amount": [1.5, 2.5]}).to_excel(
        path, index=False)
    log = read_transactions(path)
    assert log.date_format == {"InvoiceDate": "date cells"}
    assert log.frame["date"].tolist() == [pd.Timestamp("2011-01-02 10:00"), pd.Timestamp("2011-02-03")]
    assert log.frame["customer_id"].tolist() == ["7", "8"]


def test_excel_serial_numbers_in_a_csv(tmp_path):
    path = tmp_path / "serial.csv"
    path.write_text("customer_id,date,amount\na,45000,1\nb,45001.25,2\n", encoding="utf-8")
    log = read_transactions(path)
    assert log.date_format == {"date": "Excel serial"}
    assert log.frame["date"].tolist() == [pd.Timestamp("2023-03-15"), pd.Timestamp("2023-03-16 06:00")]


def test_awkward_customer_names_stay_intact(tmp_path):
    names = ["<script>alert('x')</script>", 'Say "hi"; then, go', "Tom & Jerry", "🛒 顾客 😀",
             "x" * 300]
    path = tmp_path / "names.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["customer", "date", "amount"])
        writer.writerows([name, f"2024-01-0{i + 1}", i + 1] for i, name in enumerate(names))
    log = read_transactions(path)
    assert log.source.delimiter == ","
    assert log.frame["customer_id"].tolist() == names
    assert len(log.frame["customer_id"].iloc[-1]) == 300
    assert log.frame["amount"].sum() == 15.0


def test_commas_inside_quoted_names_do_not_decide_the_delimiter(tmp_path):
    path = tmp_path / "semi.csv"
    path.write_text('client;date;sales\n"Smith, John";2024-01-01;1\n"Doe, Jane";2024-01-02;2\n',
                    encoding="utf-8")
    table, source = read_table(path)
    assert source.delimiter == ";"
    assert table["client"].tolist() == ["Smith, John", "Doe, Jane"]


def test_chinese_statuses_and_money_written_with_signs(tmp_path):
    path = tmp_path / "erp.csv"
    path.write_text("会员ID,订单日期,订单金额,订单状态\nV1,2024/3/1,\"¥1,234.50\",已完成\n"
                    "V1,2024/3/2,88元,已取消\nV2,2024/3/3,-20,退货\n", encoding="utf-8")
    log = read_transactions(path)
    assert log.frame["amount"].tolist() == [1234.5, 88.0, -20.0]
    assert log.frame["status"].tolist() == ["已完成", "cancelled", "return"]
    assert log.exclusions == {"report.reason_cancelled": 1, "report.reason_return": 1}
    assert log.date_format == {"订单日期": "%Y/%m/%d"}


def test_invoices_all_starting_with_c_are_a_numbering_scheme(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("CustomerID,InvoiceDate,Amount,InvoiceNo\n1,2024-01-01,5,C1001\n2,2024-01-02,6,C1002\n",
                    encoding="utf-8")
    log = read_transactions(path)
    assert log.frame["status"].isna().all() and log.exclusions == {}


def test_a_date_column_is_found_by_its_values(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("member_id,when,total\n1,2024-01-05,3\n2,2024-01-06,4\n", encoding="utf-8")
    log = read_transactions(path)
    assert log.roles == {"customer_id": "member_id", "date": "when", "amount": "total"}


def test_a_sheet_column_of_date_cells_and_text_dates(tmp_path):
    import datetime as dt

    pytest.importorskip("openpyxl")
    path = tmp_path / "mixed.xlsx"
    pd.DataFrame({"CustomerID": [1, 2, 3],
                  "InvoiceDate": [dt.datetime(2010, 12, 1, 8, 26), "12/13/2010 9:00", None],
                  "Amount": [1, 2, 3]}).to_excel(path, index=False)
    log = read_transactions(path)
    assert log.date_format == {"InvoiceDate": "date cells + %m/%d/%Y %H:%M"}
    assert log.frame["date"].iloc[:2].tolist() == [pd.Timestamp("2010-12-01 08:26"),
                                                   pd.Timestamp("2010-12-13 09:00")]
    assert pd.isna(log.frame["date"].iloc[2])
    assert ("date format of 'InvoiceDate': dates stored as dates + %m/%d/%Y %H:%M"
            in log.describe())
