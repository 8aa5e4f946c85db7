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

import warnings
from collections.abc import Iterable, Mapping
from typing import Any

from .i18n import t

__all__ = ["DataQualityWarning", "DataQualityError", "require_columns", "report_exclusions",
           "is_whole", "is_missing", "sort_kind", "as_pandas", "to_narwhals", "collect"]


# narwhals 2.x asks Dask users to install `narwhals-dask`, which is not released yet:
# advice nobody can follow, repeated on every Dask call.
warnings.filterwarnings("ignore", message="Dask support is moving out of Narwhals",
                        category=FutureWarning)

class DataQualityWarning(UserWarning):
    """Rows were excluded or corrected on purpose; the message counts them by reason.

    Turn it into an error for a whole session with
    ``warnings.simplefilter("error", ckmkit.DataQualityWarning)``, or per call
    with ``strict=True`` where a function offers it.
    """


class DataQualityError(ValueError):
    """Raised instead of :class:`DataQualityWarning` when ``strict=True``."""


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
    """Materialise a narwhals frame (a no-op for eager frames)."""
    import narwhals as nw

    return frame.collect() if isinstance(frame, nw.LazyFrame) else frame


def as_pandas(table: Any):
    """Any table narwhals knows (Polars, DuckDB, Dask, PyArrow, Spark…) as a pandas DataFrame.

    pandas frames pass through unchanged; lazy tables are computed first. Meant for
    small tables, such as one row per customer, not for raw logs.

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

    Examples
    --------
    >>> is_whole(3), is_whole(3.0), is_whole(True), is_whole(0, low=1)
    (True, False, False, False)
    """
    import numpy as np

    return not isinstance(value, bool) and isinstance(value, (int, np.integer)) and value >= low


def is_missing(value: Any) -> bool:
    """Is a single cell missing (None, NaN, pandas NA or NaT)? Lists and other values are not.

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

    Examples
    --------
    >>> import numpy as np
    >>> [sort_kind(v) for v in (1, 2.5, np.int64(3), True, "a")]
    ['number', 'number', 'number', 'number', 'str']
    """
    import numbers

    return "number" if isinstance(value, numbers.Number) else type(value).__name__


def report_exclusions(
    counts: Mapping[str, int],
    *,
    total: int,
    strict: bool = False,
    stacklevel: int = 3,
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
    warnings.warn(message, DataQualityWarning, stacklevel=stacklevel)
