"""Cells of a researcher's file as the report needs them: ids as text, numbers as floats.

Shared by the transaction log, and by the cost and referral files a report reads.
"""

from __future__ import annotations

from typing import Any

from ..quality import raise_bad_value

_CURRENCY = r"^[¥￥$€£]\s*|\s*(?:元|RMB|CNY)$"
_THOUSANDS = r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$"


def customer_ids(cells: Any) -> Any:
    """Customer ids as text, as written: ``17850.0`` from a number cell is ``"17850"``.

    Surrounding spaces are dropped; an empty cell is a missing id.
    """
    import pandas as pd

    text = as_text(cells, id_text).str.strip()
    return text.where(cells.notna() & (text != ""), pd.NA).astype("str")


def id_text(value: Any) -> str:
    """One id cell as text; a whole number stored as a float loses its ``.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def as_text(cells: Any, convert: Any = str) -> Any:
    """A column as text (missing cells stay missing); a CSV's text columns pass as they are."""
    import pandas as pd

    if isinstance(cells.dtype, pd.StringDtype):  # every CSV column: no cell-by-cell loop
        return cells
    if cells.dtype.kind in "iu":  # whole numbers have one spelling
        return cells.astype("str")
    return cells.map(convert, na_action="ignore").astype("str")


def number_column(kept: Any, column: str, file: str) -> Any:
    """A column as floats; text that is no number is an error naming the file, column and row.

    A currency sign (``¥12.50``), a unit (``12.50元``) and thousands separators
    (``1,234.50``) are dropped first; a decimal comma (``12,50``) is refused, as it
    cannot be told from a thousands separator.
    """
    import pandas as pd

    cells = kept[column]
    if cells.dtype.kind in "iuf":
        return cells.astype(float)
    text = as_text(cells)
    numbers = pd.to_numeric(text, errors="coerce")
    retry = numbers.isna() & text.notna()
    bad = retry.copy()
    if retry.any():  # only the cells plain numbers miss are cleaned: the rest need no regex
        cleaned = _plain_number_text(text[retry])
        numbers[retry] = pd.to_numeric(cleaned.where(cleaned != ""), errors="coerce")
        bad[retry] = numbers[retry].isna() & (cleaned != "")  # a blank cell is a missing amount
    if bad.any():
        # Every flagged cell is text that reads as no number, the example row not_number picks.
        mask = bad.to_numpy()
        raise_bad_value(kept, cells.to_numpy(), column, "report.not_number", lambda _: mask, file=file)
    return numbers.astype(float)


def _plain_number_text(text: Any) -> Any:
    """Text without spaces, a currency sign or unit, and thousands separators."""
    text = text.str.strip().str.replace(_CURRENCY, "", regex=True)
    return text.where(~text.str.match(_THOUSANDS, na=False), text.str.replace(",", "", regex=False))
