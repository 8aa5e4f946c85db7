"""Data contracts: clear errors for bad input, counted reports for exclusions.

Nothing is dropped silently. A function that removes rows on purpose (returns,
cancellations, missing ids, ...) calls :func:`report_exclusions`, which emits a
:class:`DataQualityWarning` with a count per reason, or raises when the caller
asked for ``strict=True``.

Examples
--------
>>> import pandas as pd
>>> from ckmkit.quality import require_columns
>>> require_columns(pd.DataFrame({"id": [1]}), ["id"])
>>> require_columns(pd.DataFrame({"id": [1]}), ["amount"])
Traceback (most recent call last):
...
ValueError: Column 'amount' is missing; the table has: id.
"""

from __future__ import annotations

import numbers
import os
import sys
import warnings
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, NoReturn

from .i18n import t

if TYPE_CHECKING:  # NumPy loads on first use: `import ckmkit` stays light
    import numpy as np

__all__ = ["DataQualityWarning", "DataQualityError", "require_columns", "report_exclusions",
           "warn", "is_whole", "is_real", "is_missing", "not_real", "not_number", "sort_kind",
           "show", "example_row", "raise_bad_value", "as_pandas", "to_narwhals", "collect"]

#: Files under this folder are ckmkit's own; :func:`warn` points past them.
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep

class DataQualityWarning(UserWarning):
    """Rows were excluded or corrected on purpose; the message counts them by reason.

    Turn it into an error for a whole session with
    ``warnings.simplefilter("error", ckmkit.DataQualityWarning)``, or per call
    with ``strict=True`` where a function offers it.
    """


class DataQualityError(ValueError):
    """Raised instead of :class:`DataQualityWarning` when ``strict=True``."""


def warn(message: str, category: type[Warning] = DataQualityWarning) -> None:
    """Issue a warning attributed to the first caller outside ckmkit.

    Python shows a warning once per code location, and a programmer wants to see
    their own line, not the kit's; counting frames by hand breaks whenever a
    function moves, so the frame is found by walking out of the package.

    Parameters
    ----------
    message : str
        The text, already in the reader's language.
    category : type of Warning, default DataQualityWarning
        The warning class.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn("Excluded 1 of 3 rows.")
    >>> caught[0].category.__name__, caught[0].filename.startswith("<doctest")
    ('DataQualityWarning', True)
    """
    frame = sys._getframe(1)
    level = 2  # warnings.warn's stacklevel for `frame`, warn()'s caller
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)


def _columns_of(frame: Any) -> list[str]:
    import narwhals as nw

    table = _from_native(frame, pass_through=True)
    if isinstance(table, (nw.DataFrame, nw.LazyFrame)):
        # From the schema: a Polars LazyFrame warns on .columns, a pyarrow Table's are arrays.
        return [str(c) for c in table.collect_schema().names()]
    columns = getattr(frame, "columns", None)
    if columns is None:
        raise TypeError(t("quality.not_a_table", kind=type(frame).__name__))
    return [str(c) for c in columns]


def to_narwhals(frame: Any):
    """Wrap a table narwhals knows (pandas, Polars, DuckDB, Dask, …); TypeError for others.

    Parameters
    ----------
    frame : DataFrame-like
        A pandas, Polars, DuckDB, Dask, PyArrow or Spark table.

    Examples
    --------
    >>> import pandas as pd
    >>> to_narwhals(pd.DataFrame([[1, 2.0, 3]], columns=["id", "amount", "id"]))
    Traceback (most recent call last):
    ...
    ValueError: Column 'id' appears more than once; give each column its own name first.
    """
    try:
        return _from_native(frame, pass_through=False)
    except TypeError:
        raise TypeError(t("quality.not_a_table", kind=type(frame).__name__)) from None


def _from_native(frame: Any, pass_through: bool):
    """narwhals' wrapper, with a ValueError naming a repeated column name (narwhals lists them)."""
    import narwhals as nw

    try:
        return nw.from_native(frame, pass_through=pass_through)
    except nw.exceptions.DuplicateError:
        # A pyarrow Table's .columns are its arrays; its names are .column_names.
        names = list(getattr(frame, "column_names", None) or getattr(frame, "columns", []))
        repeated = next((name for name in names if names.count(name) > 1), "?")
        raise ValueError(t("quality.duplicate_column", column=repeated)) from None


def collect(frame: Any):
    """Materialise a narwhals frame (a no-op for eager frames).

    Parameters
    ----------
    frame : narwhals DataFrame or LazyFrame
        A table wrapped by :func:`to_narwhals`.

    Examples
    --------
    >>> import pandas as pd
    >>> collect(to_narwhals(pd.DataFrame({"id": [1]}))).to_native()["id"].tolist()
    [1]
    """
    import narwhals as nw

    return frame.collect() if isinstance(frame, nw.LazyFrame) else frame


def as_pandas(table: Any):
    """Any table narwhals knows (Polars, DuckDB, Dask, PyArrow, Spark…) as a pandas DataFrame.

    pandas frames pass through unchanged; lazy tables are computed first. Meant for
    small tables, such as one row per customer, not for raw logs.

    Parameters
    ----------
    table : DataFrame-like
        A table of any engine narwhals knows.

    Examples
    --------
    >>> import polars as pl
    >>> as_pandas(pl.DataFrame({"id": [1, 2]}).lazy())["id"].tolist()
    [1, 2]
    """
    import pandas as pd

    return table if isinstance(table, pd.DataFrame) else collect(to_narwhals(table)).to_pandas()


def require_columns(frame: Any, columns: Iterable[str]) -> None:
    """Raise a :class:`ValueError` naming the first required column that is absent.

    Parameters
    ----------
    frame : DataFrame-like
        A pandas, Polars, DuckDB or PyArrow table, or anything with a ``columns`` attribute.
    columns : iterable of str
        The names the caller needs.

    Examples
    --------
    >>> import pandas as pd
    >>> require_columns(pd.DataFrame({"customer_id": [1], "date": ["2024-01-01"]}), ["amount"])
    Traceback (most recent call last):
    ...
    ValueError: Column 'amount' is missing; the table has: customer_id, date.
    """
    available = _columns_of(frame)
    index_names = list(getattr(getattr(frame, "index", None), "names", None) or [])
    for column in columns:
        if column not in available:
            # pandas users often hold the id in the index: say so rather than "missing"
            key = "quality.column_in_index" if column in index_names else "quality.missing_column"
            raise ValueError(t(key, column=column, available=", ".join(available) or "—"))


def is_whole(value: Any, low: int = 0) -> bool:
    """Is `value` a whole number (an int, not a bool or a float) of at least `low`?

    Parameters
    ----------
    value : object
        The value to test.
    low : int, default 0
        The smallest value allowed.

    Examples
    --------
    >>> is_whole(3), is_whole(3.0), is_whole(True), is_whole(0, low=1)
    (True, False, False, False)
    """
    import numpy as np

    return not isinstance(value, bool) and isinstance(value, (int, np.integer)) and value >= low


def is_real(value: Any) -> bool:
    """Is `value` one real number: an int, float, NumPy number or Decimal, not a bool or text?

    Parameters
    ----------
    value : object
        One value, such as a parameter or a cell.

    Examples
    --------
    >>> import numpy as np
    >>> from decimal import Decimal
    >>> [is_real(v) for v in (3, 2.5, np.int64(3), Decimal("1.5"), True, np.bool_(True), "3")]
    [True, True, True, True, False, False, False]
    """
    from decimal import Decimal

    import numpy as np

    return isinstance(value, (numbers.Real, Decimal)) and not isinstance(value, (bool, np.bool_))


def not_real(values: Any) -> np.ndarray:
    """True where a cell is present but is not a real number: text (even ``"100.0"``), dates, bools.

    This is the rule for text inside a number column: a group-by sum would concatenate
    text, so a cell that only *reads* as a number is still refused.

    Parameters
    ----------
    values : array-like
        The cells of one column.

    Examples
    --------
    >>> import numpy as np
    >>> not_real(np.array([1.5, "100.0", None, True, float("nan")], dtype=object)).tolist()
    [False, True, False, True, False]
    """
    import numpy as np
    import pandas as pd

    values = np.asarray(values, dtype="object")
    real = np.fromiter((is_real(v) for v in values), dtype=bool, count=len(values))
    return ~(real | pd.isna(values))


def not_number(values: Any) -> np.ndarray:
    """True where a cell is present but does not even read as a number (``"12,50"``, ``"ten"``).

    Used to pick the most telling example row for a message; the rule itself is
    :func:`not_real`.

    Parameters
    ----------
    values : array-like
        The cells of one column.

    Examples
    --------
    >>> import numpy as np
    >>> not_number(np.array([1.5, "ten", None, "3"], dtype=object)).tolist()
    [False, True, False, False]
    """
    import pandas as pd

    series = pd.Series(values, dtype="object")
    return (pd.to_numeric(series, errors="coerce").isna() & series.notna()).to_numpy()


def is_missing(value: Any) -> bool:
    """Is a single cell missing (None, NaN, pandas NA or NaT)? Lists and other values are not.

    Parameters
    ----------
    value : object
        One cell.

    Examples
    --------
    >>> import pandas as pd
    >>> [is_missing(v) for v in (None, float("nan"), pd.NA, pd.NaT, 0, "", [None])]
    [True, True, True, True, False, False, False]
    """
    import pandas as pd

    missing = pd.isna(value)  # an array for array-likes, which are not one missing cell
    return isinstance(missing, bool) and missing


def sort_kind(value: Any) -> str:
    """Which values `value` sorts with: ``"number"`` for numbers of any type, else its type.

    Ids or labels of two kinds (1 and "1") cannot be sorted into one table.

    Parameters
    ----------
    value : object
        An id or a label.

    Examples
    --------
    >>> import numpy as np
    >>> [sort_kind(v) for v in (1, 2.5, np.int64(3), True, "a")]
    ['number', 'number', 'number', 'number', 'str']
    """
    import numbers

    return "number" if isinstance(value, numbers.Number) else type(value).__name__


def show(value: Any) -> str:
    """repr() of a cell for an error message, without NumPy's ``np.float64(...)`` wrapper.

    Parameters
    ----------
    value : object
        One cell.

    Examples
    --------
    >>> import numpy as np
    >>> show(np.float64(-3.0)), show("ten")
    ('-3.0', "'ten'")
    """
    import numpy as np

    return repr(value.item() if isinstance(value, np.generic) else value)


def example_row(frame: Any, mask: Any) -> tuple[Any, int] | None:
    """(row label, position) of the first True in `mask`: the pandas index label, else the position.

    Parameters
    ----------
    frame : DataFrame-like
        The table the mask was computed on; only a pandas index is used.
    mask : array of bool
        One flag per row.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> example_row(pd.DataFrame({"x": [1, 2]}, index=["a", "b"]), np.array([False, True]))
    ('b', 1)
    >>> example_row(None, np.array([False])) is None
    True
    """
    import numpy as np
    import pandas as pd

    hits = np.flatnonzero(mask)
    if hits.size == 0:
        return None
    pos = int(hits[0])
    index = getattr(frame, "index", None)  # a Dask frame's index cannot be looked up by position
    return (index[pos] if isinstance(index, pd.Index) else pos), pos


def raise_bad_value(frame: Any, cells: Any, column: str, key: str, is_bad,
                    **values: Any) -> NoReturn:
    """Raise the ValueError `key` naming `column` and its first row where `is_bad` holds.

    Parameters
    ----------
    frame : DataFrame-like
        The caller's table, whose index labels name the row.
    cells : array-like
        The column's values in row order.
    column : str
        The column's name, for the message.
    key : str
        The message key; it may use ``{column}``, ``{row}`` and ``{value}``.
    is_bad : callable
        Array of values -> array of bool; when no row is bad the first row is the example.
    **values
        The message's other placeholders.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"amount": [3.0, "12,50"]}, index=["a", "b"])
    >>> raise_bad_value(tx, tx["amount"].to_numpy(), "amount", "value.not_numeric", not_number)
    Traceback (most recent call last):
    ...
    ValueError: Column 'amount' must hold numbers; row b has '12,50'.
    """
    import numpy as np

    cells = np.asarray(cells, dtype="object")
    hit = example_row(frame, is_bad(cells)) or example_row(frame, np.ones(len(cells), bool))
    row, pos = hit if hit else ("—", None)
    value = show(cells[pos]) if pos is not None else "—"
    raise ValueError(t(key, column=column, row=row, value=value, **values))


def report_exclusions(
    counts: Mapping[str, int],
    *,
    total: int,
    strict: bool = False,
    of: str = "rows",
) -> None:
    """Warn (or raise, if `strict`) about rows excluded on purpose, with counts.

    Parameters
    ----------
    counts : mapping of reason key -> number of rows
        Reason keys are message keys: a bare name is looked up in the ``quality``
        section (``"reason_return"``), a dotted one as it is (``"value.reason_x"``).
        Reasons with a zero count are left out.
    total : int
        Number of input rows, so the reader sees the share excluded.
    strict : bool, default False
        Raise :class:`DataQualityError` instead of warning.
    of : {"rows", "edges"}, default "rows"
        What `total` counts: the rows of a table or the edges of a graph.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     report_exclusions({"reason_return": 2, "reason_missing_id": 0}, total=10)
    >>> print(caught[0].message)
    Excluded 2 of 10 rows: 2 returns (negative amount).
    """
    kept = {reason: int(n) for reason, n in counts.items() if int(n) > 0}
    if not kept:
        return
    excluded = sum(kept.values())
    details = t("quality.list_separator").join(
        t(reason if "." in reason else f"quality.{reason}", n=n) for reason, n in kept.items()
    )
    message = t(f"quality.excluded_{of}", excluded=excluded, n=total, details=details)
    if strict:
        raise DataQualityError(message)
    warn(message)
