"""Dates as people write them: one format per column, found from the column's values.

A column is read in one format, never cell by cell: a cell that only some other
format reads is an error naming its row, not a silent guess. The format is chosen on
a sample (each candidate format tried on a few hundred values) and then applied to
the whole column in one vectorised ``pandas.to_datetime(format=...)``, so reading
stays linear in the number of rows.

``1/5/2023`` reads as 5 January (day first) or 1 May (month first). The reading that
fits every row wins; when both fit every row, month-first is used, the convention of
the Online Retail data set (US dates such as ``12/1/2010 8:26``), and the result says
the column was ambiguous. Dots (``05.01.2023``) are always day first.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

from ..i18n import t
from ..quality import raise_bad_value

__all__ = ["ParsedDates", "parse_dates", "detect_date_format", "DATE_FORMATS", "EXCEL_SERIAL",
           "DATE_CELLS", "ISO8601"]

#: The format reported for numbers counted in days from 1899-12-30, as Excel stores dates.
EXCEL_SERIAL = "Excel serial"
#: The format reported for a column the file already stores as dates (Excel, Parquet).
DATE_CELLS = "date cells"
#: The format reported for ISO 8601 dates (pandas' own reader: ``2023-01-05``, ``2023-01-05T08:26``).
ISO8601 = "ISO8601"

_DAYS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d",
         "%m/%d/%Y", "%d/%m/%Y", "%m/%d/%y", "%d/%m/%y", "%d.%m.%Y", "%m-%d-%Y", "%d-%m-%Y")
_TIMES = ("", " %H:%M", " %H:%M:%S", " %H:%M:%S.%f", " %I:%M %p", " %I:%M:%S %p")
#: Candidate formats, in order of preference (pandas' ISO 8601 reader first).
DATE_FORMATS = (ISO8601,) + tuple(day + time for day in _DAYS for time in _TIMES)
#: Month-first formats and their day-first twins.
_TWINS = {f"{a}{time}": f"{b}{time}" for a, b in (("%m/%d/%Y", "%d/%m/%Y"), ("%m/%d/%y", "%d/%m/%y"),
                                                   ("%m-%d-%Y", "%d-%m-%Y")) for time in _TIMES}
_SAMPLE = 200  # values from the head of the column, and as many spread over the rest
# Plausible Excel serial days: 1900-03-01 (before it, Excel counts a 29 February 1900
# that never was) up to 9999-12-31, Excel's last day.
_SERIAL_RANGE = (61, 2_958_466)
_COMPACT_RANGE = (1_000_01_01, 9_999_12_31)  # 20230105-style whole numbers


@dataclass(frozen=True)
class ParsedDates:
    """A column read as dates.

    Attributes
    ----------
    values : pandas.Series
        datetime64 values, NaT where the cell was empty; same index as the input.
    format : str
        The format every cell was read with: a ``strptime`` format such as
        ``"%Y年%m月%d日"``, ``"ISO8601"``, :data:`EXCEL_SERIAL` or :data:`DATE_CELLS`.
    ambiguous : bool
        Every date also read day-first (or month-first); month-first was used.
    """

    values: Any
    format: str
    ambiguous: bool = False


def detect_date_format(values: Any) -> str | None:
    """The format that reads every non-empty cell of a column as a date, or None.

    Parameters
    ----------
    values : array-like
        The cells of one column: text, numbers (Excel serials) or dates.

    Examples
    --------
    >>> detect_date_format(["2023年1月5日", "2023年12月31日", None])
    '%Y年%m月%d日'
    >>> detect_date_format(["12/1/2010 8:26", "12/13/2010 9:01"])
    '%m/%d/%Y %H:%M'
    >>> detect_date_format([45000, 45001.5]), detect_date_format(["soon"])
    ('Excel serial', None)
    """
    cells = _cells(values)
    if cells.empty:
        return None
    if _is_dates(cells):
        return DATE_CELLS
    numbers = _numbers(cells)
    if numbers is not None:
        return _number_format(numbers)
    found = _text_format(cells)
    return found[0] if found else None


def parse_dates(values: Any, *, column: str = "date", file: str = "—") -> ParsedDates:
    """Read a column of dates in the one format that fits all its cells.

    Parameters
    ----------
    values : pandas.Series or array-like
        The cells; a Series' index labels name rows in messages.
    column : str, default "date"
        The column's name, for messages.
    file : str, default "—"
        The file's name, for messages.

    Returns
    -------
    ParsedDates
        The dates, the format used and whether day and month could be swapped.

    Raises
    ------
    ValueError
        A cell is no date in any known format, or the cells mix formats; the message
        names the file, the column, the row and its value.

    Examples
    --------
    >>> parsed = parse_dates(["1/5/2023", "2/5/2023"])
    >>> parsed.values.dt.strftime("%Y-%m-%d").tolist(), parsed.format, parsed.ambiguous
    (['2023-01-05', '2023-02-05'], '%m/%d/%Y', True)
    >>> parse_dates(["05.01.2023", "2023-01-06"], column="Datum", file="orders.csv")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Column 'Datum' of 'orders.csv' mixes date formats: ...%d.%m.%Y, but row 1 has '2023-01-06'...
    """
    import pandas as pd

    series = values if isinstance(values, pd.Series) else pd.Series(values, dtype="object")
    if _is_dates(series):
        return ParsedDates(series, DATE_CELLS)
    if (some_cells := _with_date_cells(series, column, file)) is not None:
        return some_cells
    cells = _cells(series)
    numbers = _numbers(cells)
    if cells.empty:
        return ParsedDates(pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]"), ISO8601)
    found = _number_format(numbers) if numbers is not None else None
    if found is not None:
        return ParsedDates(_from_numbers(numbers, found).reindex(series.index), found)
    cells = cells.astype(str)  # numbers that are no dates are read, and refused, as text
    found = _text_format(cells)
    if found is None:
        _raise_unread(series, cells, column, file)
    fmt, ambiguous = found
    return ParsedDates(_parse(cells, fmt).reindex(series.index), fmt, ambiguous)


def _with_date_cells(series: Any, column: str, file: str) -> ParsedDates | None:
    """A sheet column of date cells and some text dates: each part read as it is stored.

    The text cells are read as a column of their own, in one format; the result's format
    is then ``"date cells + <format>"``. None when no cell holds a date object.
    """
    import pandas as pd

    if series.dtype != object:
        return None
    stored = series.map(lambda v: isinstance(v, _dt.date)).astype(bool)
    if not stored.any():
        return None
    dates = pd.to_datetime(series[stored].tolist()).as_unit("us")
    typed = pd.Series(dates, index=series.index[stored])
    rest = series[~stored]
    if _cells(rest).empty:
        return ParsedDates(typed.reindex(series.index), DATE_CELLS)
    text = parse_dates(rest, column=column, file=file)
    combined = pd.concat([typed, text.values.astype(typed.dtype)]).reindex(series.index)
    return ParsedDates(combined, f"{DATE_CELLS} + {text.format}", text.ambiguous)


def _cells(values: Any) -> Any:
    """The non-empty cells, stripped when text, with their index."""
    import pandas as pd

    series = values if isinstance(values, pd.Series) else pd.Series(values, dtype="object")
    if _is_dates(series):
        return series.dropna()
    if series.dtype.kind in "iuf":
        return series.dropna()
    text = series.dropna().astype(str).str.strip()
    return text[text != ""]


def _is_dates(series: Any) -> bool:
    """Whether the file already stores the column as dates (naive or zoned)."""
    return getattr(getattr(series, "dtype", None), "kind", "") == "M"


def _numbers(cells: Any) -> Any:
    """The cells as numbers when every one is a number (Excel serials, 20230105), else None."""
    import pandas as pd

    if cells.dtype.kind in "iuf":
        return cells.astype(float)
    if cells.empty or pd.to_numeric(_sample(cells), errors="coerce").isna().any():
        return None  # text dates show on the sample: no pass over the whole column
    numbers = pd.to_numeric(cells, errors="coerce")
    return numbers.astype(float) if numbers.notna().all() else None


def _number_format(numbers: Any) -> str | None:
    """``%Y%m%d`` for whole numbers such as 20230105, Excel serial for day counts, else None."""
    whole = bool((numbers == numbers.round()).all())
    if whole and numbers.between(*_COMPACT_RANGE).all():
        return "%Y%m%d" if _from_numbers(numbers, "%Y%m%d").notna().all() else None
    if numbers.between(_SERIAL_RANGE[0], _SERIAL_RANGE[1], inclusive="left").all():
        return EXCEL_SERIAL
    return None


def _from_numbers(numbers: Any, fmt: str) -> Any:
    """Numbers read as dates: Excel serial days, or 20230105-style whole numbers."""
    import pandas as pd

    if fmt == EXCEL_SERIAL:
        # A day is a float in Excel; rounding to the millisecond undoes its binary error.
        return pd.to_datetime(numbers, unit="D", origin="1899-12-30").dt.round("ms")
    return pd.to_datetime(numbers.astype("int64").astype(str), format=fmt, errors="coerce")


def _parse(cells: Any, fmt: str) -> Any:
    """The cells (none missing) read in `fmt`, NaT where a cell does not fit it.

    Each distinct value is read once: a log repeats its stamps (Online Retail has one
    per invoice line), and reading text is what costs.
    """
    import pandas as pd

    codes, distinct = pd.factorize(cells)
    try:
        parsed = pd.to_datetime(pd.Series(distinct, dtype="object"), format=fmt, errors="coerce")
    except (ValueError, TypeError, OverflowError):  # e.g. mixed time-zone offsets
        return pd.Series(pd.NaT, index=cells.index, dtype="datetime64[ns]")
    return parsed.iloc[codes].set_axis(cells.index)  # .iloc keeps a time zone


def _fits(value: str, fmt: str) -> bool:
    """Whether one value reads in `fmt` (a cheap first filter of the candidates)."""
    if fmt == ISO8601:
        try:
            _dt.datetime.fromisoformat(value)
            return True
        except ValueError:
            return False
    try:
        _dt.datetime.strptime(value, fmt)
        return True
    except ValueError:
        return False


def _sample(cells: Any) -> Any:
    """Up to 2 × _SAMPLE distinct values: the head, and values spread over the rest."""
    step = max(1, len(cells) // _SAMPLE)
    picked = list(cells.iloc[:_SAMPLE]) + list(cells.iloc[::step])
    return type(cells)(list(dict.fromkeys(picked)), dtype="object")


def _text_format(cells: Any) -> tuple[str, bool] | None:
    """(format that reads every cell, ambiguous) or None; see the module's note on 1/5/2023."""
    sample = _sample(cells)
    first = str(sample.iloc[0])
    fitting = [f for f in DATE_FORMATS if _fits(first, f) and _parse(sample, f).notna().all()]
    for fmt in fitting:
        parsed = _parse(cells, fmt)
        if parsed.notna().all():
            twin = _TWINS.get(fmt)
            if twin in fitting:
                other = _parse(cells, twin)
                return fmt, bool(other.notna().all() and (other != parsed).any())
            return fmt, False
    return None


def _raise_unread(series: Any, cells: Any, column: str, file: str) -> None:
    """Name the first cell the best-fitting format cannot read: a mix of formats, or no date."""
    sample = _sample(cells)
    counts = {f: int(_parse(sample, f).notna().sum()) for f in DATE_FORMATS}
    first = str(sample.iloc[0])
    # The format reading the most cells; of equals, the one that reads the first cell.
    best = max(counts, key=lambda f: (counts[f], _fits(first, f)))
    bad = _parse(cells, best).isna() if counts[best] else cells == cells
    row = bad[bad].index[0]
    value = cells[row]
    read_elsewhere = counts[best] and any(_fits(value, f) for f in DATE_FORMATS)
    key = "report.mixed_dates" if read_elsewhere else "report.bad_date"
    is_bad = series.index == row
    raise_bad_value(series, series.to_numpy(), column, key, lambda _: is_bad, file=file,
                    format=_show_format(best))


def _show_format(fmt: str) -> str:
    """A format as a message shows it (pandas' ISO reader by its name)."""
    return t("report.format_iso") if fmt == ISO8601 else fmt
