"""Small researchers' files, written by code into tmp_path (nothing binary is committed)."""

from __future__ import annotations

import pandas as pd
import pytest

#: An Online Retail-style log: a cancellation (C…), a return (negative quantity without C),
#: a row without a customer id, US dates, Quantity × UnitPrice and no amount column.
RETAIL = pd.DataFrame({
    "InvoiceNo": ["536365", "536365", "536366", "C536379", "536380", "536381", "536382"],
    "StockCode": ["85123A", "71053", "22633", "D", "22728", "21730", "22086"],
    "Description": ["WHITE HANGING HEART", "WHITE METAL LANTERN", "HAND WARMER", "Discount",
                    "ALARM CLOCK", "GLASS STAR", "PAPER CHAIN KIT"],
    "Quantity": [6, 8, 6, -1, 24, -2, 12],
    "InvoiceDate": ["12/1/2010 8:26", "12/1/2010 8:26", "12/1/2010 8:28", "12/1/2010 9:41",
                    "12/13/2010 9:41", "12/13/2010 10:00", "12/13/2010 10:05"],
    "UnitPrice": [2.55, 3.39, 1.85, 27.50, 0.55, 4.25, 1.25],
    "CustomerID": [17850.0, 17850.0, 17850.0, 14527.0, None, 15311.0, 13047.0],
    "Country": ["United Kingdom"] * 7,
})


@pytest.fixture
def retail_xlsx(tmp_path):
    """RETAIL as an Excel file, with a notes sheet before the orders."""
    pytest.importorskip("openpyxl")  # writes the file; reading prefers python-calamine
    path = tmp_path / "Online Retail.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as book:
        pd.DataFrame({"note": ["exported from the shop"]}).to_excel(book, sheet_name="Notes",
                                                                    index=False)
        RETAIL.to_excel(book, sheet_name="Orders", index=False)
    return path


@pytest.fixture
def gbk_csv(tmp_path):
    """A Chinese ERP export: GBK, Chinese headers, 2023年1月5日 dates."""
    path = tmp_path / "订单导出.csv"
    text = ("客户编号,下单时间,实付金额,备注\n"
            "C001,2023年1月5日,128.50,首单\n"
            "C002,2023年1月5日,56.00,\n"
            "C001,2023年2月14日,300.00,情人节\n"
            "C003,2023年12月31日,19.90,年末\n")
    path.write_bytes(text.encode("gbk"))
    return path
