"""Small bridges between the caller's frame type and NumPy, written once with narwhals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..i18n import t
from ..quality import collect, not_number, raise_bad_value, require_columns, show, to_narwhals

#: Columns :func:`~ckmkit.value.summarize` and :func:`~ckmkit.value.calibration_holdout` write.
MEASURES = frozenset({"frequency", "recency", "T", "monetary_value", "n_transactions", "revenue",
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
    if len(frame.columns) and frame.columns[0] not in MEASURES:
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

    for column in columns:
        if table[column].dtype.kind == "f" and np.isfinite(table[column].to_numpy()).all():
            continue  # the common case, in one pass
        values = pd.to_numeric(table[column], errors="coerce")
        bad = values.isna() | ~np.isfinite(values.astype("float64"))
        if bad.any():
            row = bad[bad].index[0]
            raise ValueError(t("value.not_finite", column=column, row=row,
                               value=show(table.loc[row, column])))
