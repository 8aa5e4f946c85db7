"""A researcher's file → a clean transaction log that :func:`ckmkit.value.summarize` reads as is.

The conventions of the Online Retail data set (UCI) are applied to any file: the
amount is quantity × unit price when there is no amount column; an invoice number
``C`` + digits is a cancellation; a negative quantity (or amount) is a return; a row
without a customer id cannot be anyone's purchase and is left out. Cancellations and
returns stay in the log, marked in its ``status`` column, so that ``summarize`` leaves
them out and counts them itself; :attr:`TransactionLog.exclusions` counts all three.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from ..i18n import get_language, language, t
from ..quality import report_exclusions
from ..value.summary import CANCELLED, RETURNED
from ._cells import as_text, customer_ids, number_column
from .dates import DATE_CELLS, EXCEL_SERIAL, ISO8601, parse_dates
from .reading import Source, read_table
from .roles import guess_roles

__all__ = ["TransactionLog", "read_transactions", "STATUS_WORDS"]

#: Statuses written in Chinese exports, and the status ``summarize`` understands for each.
STATUS_WORDS = {"已取消": "cancelled", "取消": "cancelled", "订单取消": "cancelled",
                "交易关闭": "cancelled", "退货": "return", "已退货": "return", "退款": "return",
                "已退款": "return"}
_CANCELLED_INVOICE = r"^[Cc]\d"  # Online Retail: C536379 cancels an order
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar", " ": "space"}


@dataclass
class TransactionLog:
    """A transaction log read from a file, and how it was read.

    Attributes
    ----------
    frame : pandas.DataFrame
        Columns ``customer_id`` (text, as written in the file), ``date`` (datetime64;
        NaT where the cell was empty), ``amount`` (float) and, when the file has a status
        or invoice column or quantities, ``status`` (``"cancelled"``, ``"return"``, the
        file's own status, or missing for an ordinary purchase).
    source : Source
        The file, its format, encoding, delimiter and sheet.
    roles : dict of role -> column
        The file's column behind each role, e.g. ``{"customer_id": "客户编号", ...}``.
    date_format : dict of column -> format
        The format each date column was read in: a ``strptime`` format such as
        ``"%Y年%m月%d日"``, ``"ISO8601"``, ``"Excel serial"`` or ``"date cells"``.
    exclusions : dict of reason key -> rows
        Rows left out (no customer id) or marked for ``summarize`` to leave out
        (cancellations, returns), by reason; reasons with no rows are absent.
    rows : int
        Rows of data in the file.
    ambiguous_dates : tuple of str
        Date columns where every date also reads day-first; month-first was used.
    lang : str
        The language the file was read in; :meth:`describe` speaks it by default.
    """

    frame: Any
    source: Source
    roles: dict[str, str]
    date_format: dict[str, str]
    exclusions: dict[str, int]
    rows: int
    ambiguous_dates: tuple[str, ...] = ()
    lang: str = field(default="en")

    def describe(self, lang: str | None = None) -> list[str]:
        """The lines a report prints about what was read: file, encoding, roles, formats, rows.

        Parameters
        ----------
        lang : {"en", "zh"}, optional
            The language of the lines; by default the one the file was read in.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "orders.csv"
        >>> _ = path.write_text("客户编号,下单时间,实付金额\\nA01,2023年1月5日,12.5\\n", encoding="gbk")
        >>> print("\\n".join(read_transactions(path, lang="zh").describe()))
        文件：orders.csv（CSV）
        编码：gbk
        分隔符：逗号
        客户编号 ← 客户编号
        日期 ← 下单时间
        金额 ← 实付金额
        列“下单时间”的日期格式：%Y年%m月%d日
        行数：读取 1 行，保留 1 行
        """
        with language(lang or self.lang):
            lines = _describe_source(self.source)
            lines += _describe_roles(self.roles)
            for column, fmt in self.date_format.items():
                lines.append(t("report.describe_date_format", column=column, format=_format_name(fmt)))
                if column in self.ambiguous_dates:
                    lines.append(t("report.describe_ambiguous", column=column))
            lines.append(t("report.describe_rows", n=self.rows, kept=len(self.frame)))
            if self.exclusions:
                details = t("quality.list_separator").join(
                    t(key, n=n) for key, n in self.exclusions.items())
                lines.append(t("report.describe_exclusions", details=details))
        return lines


def read_transactions(path: str | os.PathLike[str], *, customer_id: str | None = None,
                      date: str | None = None, amount: str | None = None,
                      quantity: str | None = None, unit_price: str | None = None,
                      invoice: str | None = None, status: str | None = None,
                      sheet: str | None = None, lang: str | None = None) -> TransactionLog:
    """Read a researcher's CSV, Excel or Parquet file into a clean transaction log.

    Rows without a customer id are left out and reported (a
    :class:`ckmkit.DataQualityWarning`); cancellations and returns are kept, marked in
    ``status`` for :func:`ckmkit.value.summarize`. Rows in messages are the file's own
    (the header is row 1).

    Parameters
    ----------
    path : str or path-like
        A ``.csv`` / ``.txt`` / ``.tsv`` (UTF-8 with or without BOM, UTF-16, GBK or
        GB18030; comma, semicolon, tab or bar), ``.xlsx`` / ``.xls`` or ``.parquet`` file.
    customer_id, date, amount, quantity, unit_price, invoice, status : str, optional
        The column of each role; by default guessed from names in Chinese or English
        (客户编号, 下单时间, 实付金额, 数量, 单价, 订单号, 状态; CustomerID, InvoiceDate, …; see
        :data:`ckmkit.reports.ROLE_NAMES`). The amount is quantity × unit price when there is no amount.
    sheet : str, optional
        The Excel sheet; by default the first.
    lang : {"en", "zh"}, optional
        The language of messages and of :meth:`TransactionLog.describe`; by default the session's.

    Returns
    -------
    TransactionLog

    Raises
    ------
    ValueError
        An unknown, unreadable or empty file, a missing or ambiguous column, a cell that is
        no date or no number; the message names the file, and the column and a row if any.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "orders.csv"
    >>> _ = path.write_text("客户编号,下单时间,实付金额\\nA01,2023年1月5日,12.5\\n"
    ...                     "A02,2023年1月6日,30\\n", encoding="gbk")
    >>> log = read_transactions(path)
    >>> log.frame
      customer_id       date  amount
    0         A01 2023-01-05    12.5
    1         A02 2023-01-06    30.0
    >>> log.source.encoding, log.roles["date"], log.date_format
    ('gbk', '下单时间', {'下单时间': '%Y年%m月%d日'})
    """
    given = {"customer_id": customer_id, "date": date, "amount": amount, "quantity": quantity,
             "unit_price": unit_price, "invoice": invoice, "status": status}
    with language(lang or get_language()) as code:
        return _read(path, given, sheet, code)


def _read(path: Any, given: dict[str, str | None], sheet: str | None, lang: str) -> TransactionLog:
    """The steps of :func:`read_transactions`, in the reader's language."""
    import pandas as pd

    table, source = read_table(path, sheet=sheet)
    table.index = _row_numbers(len(table), source)
    roles = guess_roles(table, given, file=source.file)
    ids = customer_ids(table[roles["customer_id"]])
    kept = table[ids.notna()]
    dates = parse_dates(kept[roles["date"]], column=roles["date"], file=source.file)
    amounts, quantities = _amounts(kept, roles, source.file)
    frame = {"customer_id": ids[ids.notna()], "date": dates.values, "amount": amounts}
    statuses = _statuses(kept, roles, amounts, quantities)
    if statuses is not None:
        frame["status"] = statuses
    missing = len(table) - len(kept)
    # Reported once the file has been read without error: a failed read warns of nothing.
    report_exclusions({"report.reason_missing_id": missing}, total=len(table))
    return TransactionLog(
        frame=pd.DataFrame(frame).reset_index(drop=True), source=source, roles=roles,
        date_format={roles["date"]: dates.format}, rows=len(table), lang=lang,
        exclusions=_exclusions(missing, statuses),
        ambiguous_dates=(roles["date"],) if dates.ambiguous else ())


def _exclusions(missing: int, statuses: Any) -> dict[str, int]:
    """Rows left out (no customer id) and rows summarize will leave out, by reason."""
    counts = {"report.reason_missing_id": missing}
    if statuses is not None:
        marked = statuses.str.strip().str.lower()  # as summarize compares them
        counts["report.reason_cancelled"] = int(marked.isin(CANCELLED).sum())
        counts["report.reason_return"] = int(marked.isin(RETURNED).sum())
    return {key: n for key, n in counts.items() if n}


def _row_numbers(n: int, source: Source) -> Any:
    """Each row's number in the file: the header is row 1 of a CSV or a sheet."""
    import pandas as pd

    return pd.RangeIndex(1, n + 1) if source.format == "parquet" else pd.RangeIndex(2, n + 2)


def _amounts(kept: Any, roles: dict[str, str], file: str) -> tuple[Any, Any]:
    """(amounts, quantities or None): the amount column, else quantity × unit price."""
    quantities = number_column(kept, roles["quantity"], file) if "quantity" in roles else None
    if "amount" in roles:
        return number_column(kept, roles["amount"], file), quantities
    product = quantities * number_column(kept, roles["unit_price"], file)
    # 6 × 2.55 is 15.299999999999999 in binary; ten decimals keep any price and drop that.
    return product.round(10), quantities


def _statuses(kept: Any, roles: dict[str, str], amounts: Any, quantities: Any) -> Any:
    """The status column: the file's own, then invoices C… cancelled, negative rows returns.

    None when the file has neither a status, an invoice nor a quantity column.
    """
    import pandas as pd

    if not any(role in roles for role in ("status", "invoice", "quantity")):
        return None
    status = pd.Series(pd.NA, index=kept.index, dtype="str")
    if "status" in roles:
        own = as_text(kept[roles["status"]]).str.strip()
        status = own.replace(STATUS_WORDS)
    negative = amounts < 0
    if quantities is not None:
        negative |= quantities < 0
    status = status.mask(negative, "return")
    if "invoice" in roles:
        invoices = as_text(kept[roles["invoice"]]).str.strip()
        cancelled = invoices.str.match(_CANCELLED_INVOICE, na=False)
        if not cancelled.all():  # every number starting with C is a numbering scheme
            status = status.mask(cancelled, "cancelled")
    return status


def _describe_source(source: Source) -> list[str]:
    """Lines on the file: its name and format, encoding, delimiter and sheet where they apply."""
    labels = {"csv": "CSV", "excel": "Excel", "parquet": "Parquet"}
    lines = [t("report.describe_file", file=source.file, format=labels[source.format])]
    if source.encoding:
        lines.append(t("report.describe_encoding", encoding=source.encoding))
    if source.delimiter:
        name = _DELIMITER_NAMES.get(source.delimiter)
        lines.append(t("report.describe_delimiter",
                       delimiter=t(f"report.delimiter_{name}") if name else repr(source.delimiter)))
    if source.sheet:
        lines.append(t("report.describe_sheet", sheet=source.sheet))
    return lines


def _describe_roles(roles: dict[str, str]) -> list[str]:
    """One line per role, ``customer id ← 客户编号``, and how the amount was made."""
    lines = [t("report.describe_role", role=t(f"report.role_{role}"), column=column)
             for role, column in roles.items()]
    if "amount" not in roles:
        lines.append(t("report.describe_product", quantity=roles["quantity"],
                       unit_price=roles["unit_price"]))
    return lines


def _format_name(fmt: str) -> str:
    """A date format as the reader sees it: strptime codes, or a name for the others."""
    names = {EXCEL_SERIAL: "report.format_excel_serial", DATE_CELLS: "report.format_cells",
             ISO8601: "report.format_iso"}
    # "date cells + %m/%d/%Y": a sheet column of date cells and some dates written as text
    return " + ".join(t(names[part]) if part in names else part for part in fmt.split(" + "))
