"""Small bridges between the caller's frame type and NumPy, written once with narwhals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NoReturn

import numpy as np

from ..quality import collect, to_narwhals

__all__ = ["customer_rows", "column_arrays", "example_row", "show", "not_number",
           "raise_bad_value", "check_finite"]


#: Columns :func:`~ckmkit.value.summarize` and :func:`~ckmkit.value.calibration_holdout` write.
_MEASURES = frozenset({"frequency", "recency", "T", "monetary_value", "n_transactions", "revenue",
                       "first_purchase", "last_purchase", "frequency_holdout",
                       "monetary_value_holdout", "duration_holdout"})


def customer_rows(summary: Any):
    """A per-customer table of any engine as pandas, indexed by customer as pandas summaries are.

    Summaries on Polars, DuckDB, Dask, PyArrow or Spark carry the customer id in
    their first column (``summarize`` writes it there); it becomes the index.

    Examples
    --------
    >>> import polars as pl
    >>> rows = customer_rows(pl.DataFrame({"client": ["a", "b"], "frequency": [2, 0]}))
    >>> rows.loc["a", "frequency"]
    np.int64(2)
    """
    import pandas as pd

    if isinstance(summary, pd.DataFrame):
        return summary
    frame = collect(to_narwhals(summary)).to_pandas()
    if len(frame.columns) and frame.columns[0] not in _MEASURES:
        frame = frame.set_index(frame.columns[0])
    return frame


def column_arrays(frame: Any, columns: Sequence[str]) -> list[np.ndarray]:
    """Return the named columns of any supported frame as float64 NumPy arrays.

    Examples
    --------
    >>> import pandas as pd
    >>> column_arrays(pd.DataFrame({"x": [1, 2]}), ["x"])[0]
    array([1., 2.])
    """
    from ..quality import require_columns

    require_columns(frame, columns)
    eager = collect(to_narwhals(frame).select(*columns))
    arrays = []
    for column in columns:
        raw = eager[column].to_numpy()
        try:
            arrays.append(np.asarray(raw, dtype="float64"))
        except (TypeError, ValueError):  # text in a number column: name it, not NumPy's parser
            raise_bad_value(frame, raw, column, "value.not_numeric", not_number)
    return arrays


def example_row(frame: Any, mask: np.ndarray) -> tuple[Any, Any] | None:
    """(row label, position) of the first True in `mask`: pandas index label, else position."""
    import pandas as pd

    hits = np.flatnonzero(mask)
    if hits.size == 0:
        return None
    pos = int(hits[0])
    index = getattr(frame, "index", None)  # a Dask frame's index cannot be looked up by position
    return (index[pos] if isinstance(index, pd.Index) else pos), pos


def show(value: Any) -> str:
    """repr() of a cell for an error message, without NumPy's ``np.float64(...)`` wrapper.

    Examples
    --------
    >>> import numpy as np
    >>> show(np.float64(-3.0)), show("ten")
    ('-3.0', "'ten'")
    """
    return repr(value.item() if isinstance(value, np.generic) else value)


def not_number(values: np.ndarray) -> np.ndarray:
    """True where a value is present but is not a number (text such as ``"12,50"``).

    Examples
    --------
    >>> not_number(np.array([1.5, "ten", None, "3"], dtype=object)).tolist()
    [False, True, False, False]
    """
    import pandas as pd

    series = pd.Series(values, dtype="object")
    return (pd.to_numeric(series, errors="coerce").isna() & series.notna()).to_numpy()


def raise_bad_value(frame: Any, values: Any, column: str, key: str, is_bad,
                    **extra: Any) -> NoReturn:
    """Raise the ValueError `key` naming `column` and its first row where `is_bad` holds.

    `values` are the column's values in row order; when no row is bad the first
    row is the example. `extra` fills the message's other placeholders.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"amount": [3.0, "12,50"]}, index=["a", "b"])
    >>> raise_bad_value(tx, tx["amount"].to_numpy(), "amount", "value.not_numeric", not_number)
    Traceback (most recent call last):
    ...
    ValueError: Column 'amount' must hold numbers; row b has '12,50'.
    """
    from ..i18n import t

    values = np.asarray(values, dtype="object")
    hit = example_row(frame, is_bad(values)) or example_row(frame, np.ones(len(values), bool))
    row, pos = hit if hit else ("—", None)
    value = show(values[pos]) if pos is not None else "—"
    raise ValueError(t(key, column=column, row=row, value=value, **extra))


def check_finite(table: Any, columns: Sequence[str]) -> None:
    """Raise a ValueError naming the first of `columns` and row without a finite number.

    Examples
    --------
    >>> import pandas as pd
    >>> check_finite(pd.DataFrame({"cost": [5.0, None]}, index=["C1", "C2"]), ["cost"])
    Traceback (most recent call last):
    ...
    ValueError: Column 'cost' must hold finite numbers; row C2 has nan.
    """
    import pandas as pd

    from ..i18n import t

    for column in columns:
        if table[column].dtype.kind == "f" and np.isfinite(table[column].to_numpy()).all():
            continue  # the common case, in one pass
        values = pd.to_numeric(table[column], errors="coerce")
        bad = values.isna() | ~np.isfinite(values.astype("float64"))
        if bad.any():
            row = bad[bad].index[0]
            raise ValueError(t("value.not_finite", column=column, row=row,
                               value=show(table.loc[row, column])))
