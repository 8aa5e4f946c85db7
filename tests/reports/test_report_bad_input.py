"""Bad files give clear errors naming the file, the column and a row, in both languages."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import ckmkit
from ckmkit.reports import read_transactions


def _write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def _both(path, en, zh, error=ValueError, **given):
    """The same failure read in English and in Chinese: each message matches in full."""
    with pytest.raises(error, match=f"^{re.escape(en)}$"):
        read_transactions(path, **given)
    with pytest.raises(error, match=f"^{re.escape(zh)}$"):
        read_transactions(path, lang="zh", **given)
    assert ckmkit.get_language() == "en"


@pytest.mark.parametrize("text", ["", "\n\n", "customer_id,date,amount\n"])
def test_an_empty_file(tmp_path, text):
    path = _write(tmp_path / "empty.csv", text)
    _both(path, "File 'empty.csv' is empty: it has no rows of data.",
          "文件“empty.csv”是空的：没有任何数据行。")


def test_no_date_like_column(tmp_path):
    path = _write(tmp_path / "nodate.csv", "客户编号,金额,备注\nA,1,x\nB,2,y\n")
    _both(path,
          "No column of 'nodate.csv' looks like the date; its columns are: 客户编号, 金额, 备注. "
          "Name it with date='…'.",
          "“nodate.csv”中没有哪一列像是日期；文件现有的列：客户编号, 金额, 备注。请用 date='…' 指定。")


def test_text_in_the_amount_column_names_the_file_row(tmp_path):
    path = _write(tmp_path / "amounts.csv",
                  "customer_id,date,amount\nA,2024-01-01,10\nB,2024-01-02,12,50\nC,2024-01-03,ten\n")
    # row 3 of the file has a stray comma (four fields): the C engine refuses it, named
    with pytest.raises(ValueError, match="^Cannot read 'amounts.csv' as CSV: "):
        read_transactions(path)
    path = _write(tmp_path / "amounts.csv",
                  "customer_id,date,amount\nA,2024-01-01,10\nB,2024-01-02,12;50\nC,2024-01-03,ten\n")
    _both(path, "Column 'amount' of 'amounts.csv' must hold numbers; row 3 has '12;50'.",
          "“amounts.csv”的列“amount”必须是数值；第 3 行的值为 '12;50'。")


def test_text_in_a_quantity_column(tmp_path):
    path = _write(tmp_path / "qty.csv",
                  "CustomerID,InvoiceDate,Quantity,UnitPrice\n1,2024-01-01,2,1.5\n2,2024-01-02,two,1\n")
    _both(path, "Column 'Quantity' of 'qty.csv' must hold numbers; row 3 has 'two'.",
          "“qty.csv”的列“Quantity”必须是数值；第 3 行的值为 'two'。")


def test_two_candidates_for_one_role(tmp_path):
    path = _write(tmp_path / "two.csv", "客户编号,日期,金额,Amount\nA,2024-01-01,1,1\n")
    _both(path,
          "Several columns of 'two.csv' could be the amount: 金额, Amount. Choose one with amount='…'.",
          "“two.csv”中有多列都可能是金额：金额, Amount。请用 amount='…' 选定一列。")
    log = read_transactions(path, amount="Amount")
    assert log.roles["amount"] == "Amount"


def test_a_given_column_that_is_not_in_the_file(tmp_path):
    path = _write(tmp_path / "orders.csv", "客户编号,日期,金额\nA,2024-01-01,1\n")
    _both(path,
          "The column given for the customer id (customer_id='客户ID') is not in 'orders.csv'; "
          "its columns are: 客户编号, 日期, 金额.",
          "为客户编号指定的列（customer_id='客户ID'）不在“orders.csv”中；"
          "文件现有的列：客户编号, 日期, 金额。",
          customer_id="客户ID")


def test_amount_and_its_factors_together(tmp_path):
    path = _write(tmp_path / "orders.csv", "id,date,amount,qty\nA,2024-01-01,1,1\n")
    _both(path,
          "Give either amount= or quantity= and unit_price=, not both: the amount would be counted twice.",
          "请只给出 amount=，或只给出 quantity= 与 unit_price=，不要同时给出：否则金额会被重复计算。",
          customer_id="id", amount="amount", quantity="qty")


def test_a_quantity_without_a_price(tmp_path):
    path = _write(tmp_path / "orders.csv", "CustomerID,Date,Qty\nA,2024-01-01,1\n")
    _both(path,
          "No column of 'orders.csv' looks like the unit price; its columns are: CustomerID, Date, Qty. "
          "Name it with unit_price='…'.",
          "“orders.csv”中没有哪一列像是单价；文件现有的列：CustomerID, Date, Qty。请用 unit_price='…' 指定。")


def test_dates_in_two_formats(tmp_path):
    path = _write(tmp_path / "mixed.csv",
                  "客户编号,下单时间,实付金额\nA,2023年1月5日,1\nB,2023年1月6日,2\nC,2023-01-07,3\n")
    _both(path,
          "Column '下单时间' of 'mixed.csv' mixes date formats: most rows read as %Y年%m月%d日, "
          "but row 4 has '2023-01-07'. Write every date the same way.",
          "“mixed.csv”的列“下单时间”混用了多种日期格式：大多数行按 %Y年%m月%d日 读取，但第 4 行的值为 "
          "'2023-01-07'。请统一日期的写法。")


def test_a_date_that_is_no_date(tmp_path):
    path = _write(tmp_path / "bad.csv", "customer_id,date,amount\nA,2023-01-05,1\nB,next week,2\n")
    _both(path,
          "Column 'date' of 'bad.csv' must hold dates; row 3 has 'next week', which is not a date in "
          "any format known (2023-01-05, 2023/1/5, 2023年1月5日, 12/1/2010 8:26, 05.01.2023, "
          "Excel serial numbers).",
          "“bad.csv”的列“date”必须是日期；第 3 行的值为 'next week'，不符合任何已知的日期格式"
          "（2023-01-05、2023/1/5、2023年1月5日、12/1/2010 8:26、05.01.2023、Excel 序列号）。")


def test_an_unknown_file_type(tmp_path):
    path = _write(tmp_path / "orders.json", "[]")
    _both(path,
          "Cannot read 'orders.json': files ending in '.json' are not supported; use one of "
          ".csv, .txt, .tsv, .xlsx, .xlsm, .xls, .parquet, .pq.",
          "无法读取“orders.json”：不支持以“.json”结尾的文件；请使用以下格式之一："
          ".csv, .txt, .tsv, .xlsx, .xlsm, .xls, .parquet, .pq。")


def test_a_missing_file(tmp_path):
    path = tmp_path / "gone.csv"
    _both(path, f"File '{path}' does not exist.", f"文件“{path}”不存在。", error=FileNotFoundError)


def test_a_missing_sheet_lists_the_sheets(retail_xlsx):
    _both(retail_xlsx, "'Online Retail.xlsx' has no sheet 'Sales'; its sheets are: Notes, Orders.",
          "“Online Retail.xlsx”中没有工作表“Sales”；现有的工作表：Notes, Orders。", sheet="Sales")


def test_a_sheet_for_a_csv(gbk_csv):
    _both(gbk_csv, "'订单导出.csv' is not an Excel file, so it has no sheet 'Orders' to choose.",
          "“订单导出.csv”不是 Excel 文件，没有可选的工作表“Orders”。", sheet="Orders")


def test_a_broken_excel_file(tmp_path):
    path = _write(tmp_path / "broken.xlsx", "this is not a workbook")
    with pytest.raises(ValueError, match="^Cannot read 'broken.xlsx' as Excel: "):
        read_transactions(path)
    with pytest.raises(ValueError, match="^无法按 Excel 格式读取“broken.xlsx”："):
        read_transactions(path, lang="zh")


def test_a_broken_parquet_file(tmp_path):
    path = _write(tmp_path / "broken.parquet", "PAR1 but nothing else")
    with pytest.raises(ValueError, match="^Cannot read 'broken.parquet' as Parquet: "):
        read_transactions(path)
    with pytest.raises(ValueError, match="^无法按 Parquet 格式读取“broken.parquet”："):
        read_transactions(path, lang="zh")


def test_bytes_in_no_known_encoding(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes(b"customer_id,date,amount\n\x81\xff\xfe,2024-01-01,1\n")
    _both(path,
          "Cannot read 'latin.csv': its text is in none of the encodings tried (UTF-8, UTF-16, GBK, "
          "GB18030). Save it as UTF-8 CSV and try again.",
          "无法读取“latin.csv”：其文本不属于已尝试的任何编码（UTF-8, UTF-16, GBK, GB18030）。"
          "请另存为 UTF-8 CSV 后重试。")


def test_rows_without_a_customer_id_are_counted_in_both_languages(tmp_path):
    path = _write(tmp_path / "ids.csv", "客户编号,日期,金额\nA,2024-01-01,1\n,2024-01-02,2\n ,2024-01-03,3\n")
    with pytest.warns(ckmkit.DataQualityWarning,
                      match=r"^Excluded 2 of 3 rows: 2 rows without a customer id \(left out\)\.$"):
        log = read_transactions(path)
    assert log.frame["customer_id"].tolist() == ["A"] and log.exclusions == {"report.reason_missing_id": 2}
    with pytest.warns(ckmkit.DataQualityWarning, match="^共 3 行，剔除 2 行：缺少客户编号 2 行（已剔除）。$"):
        read_transactions(path, lang="zh")


def test_empty_date_cells_stay_missing_for_summarize(tmp_path):
    path = _write(tmp_path / "gaps.csv", "customer_id,date,amount\nA,2024-01-01,1\nB,,2\n")
    log = read_transactions(path)
    assert log.frame["date"].isna().tolist() == [False, True]
    assert pd.isna(log.frame["date"].iloc[1])
