"""Researchers' own files → a clean transaction log → a bilingual HTML report (``ckmkit report``).

Researchers arrive with a file, not a DataFrame: a GBK CSV from a Chinese ERP, an
Excel sheet of US dates, a Parquet extract. This area reads it, finds the columns by
their names in Chinese or English, reads dates as people write them and applies the
Online Retail conventions (quantity × unit price, ``C`` invoices, negative quantities),
so that :func:`ckmkit.value.summarize` reads the result directly.

==========================================  ==============================================
:func:`build_report`, :class:`Report`        file or table → HTML report and customer table
:func:`read_transactions`                   file → :class:`TransactionLog` (frame, roles, …)
:func:`read_table`, :class:`Source`          file → DataFrame, and how it was decoded
:func:`guess_roles`, :func:`normalise_name`  which column is the customer id, the date, …
:func:`parse_dates`, :func:`detect_date_format`  one date format per column, from its values
==========================================  ==============================================

Examples
--------
>>> import tempfile, pathlib
>>> from ckmkit.reports import read_transactions
>>> path = pathlib.Path(tempfile.mkdtemp()) / "retail.csv"
>>> _ = path.write_text("InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice\\n"
...                     "536365,17850,12/1/2010 8:26,6,2.55\\n"
...                     "C536379,17850,12/13/2010 9:41,-1,27.5\\n", encoding="utf-8")
>>> log = read_transactions(path)
>>> log.frame[["customer_id", "amount", "status"]].to_dict("list")
{'customer_id': ['17850', '17850'], 'amount': [15.3, -27.5], 'status': [nan, 'cancelled']}
"""

from .building import LARGE, Report, build_report
from .dates import (
    DATE_CELLS,
    DATE_FORMATS,
    EXCEL_SERIAL,
    ISO8601,
    ParsedDates,
    detect_date_format,
    parse_dates,
)
from .reading import ENCODINGS, FORMATS, Source, read_table
from .roles import FALLBACK_NAMES, ROLE_NAMES, ROLES, guess_roles, normalise_name
from .transactions import STATUS_WORDS, TransactionLog, read_transactions

__all__ = [
    "build_report", "Report", "LARGE",
    "read_transactions", "TransactionLog", "read_table", "Source", "guess_roles", "normalise_name",
    "parse_dates", "detect_date_format", "ParsedDates", "ROLES", "ROLE_NAMES", "FALLBACK_NAMES",
    "ENCODINGS", "FORMATS", "DATE_FORMATS", "EXCEL_SERIAL", "DATE_CELLS", "ISO8601", "STATUS_WORDS",
]
