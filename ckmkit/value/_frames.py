"""Small bridges between the caller's frame type and NumPy, written once with narwhals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import narwhals as nw
import numpy as np

__all__ = ["to_narwhals", "collect", "column_arrays", "example_row", "show"]


def to_narwhals(frame: Any) -> nw.DataFrame | nw.LazyFrame:
    """Wrap a pandas/Polars/DuckDB (or narwhals) frame; raise TypeError for anything else."""
    from ..i18n import t

    try:
        return nw.from_native(frame, pass_through=False)
    except TypeError:
        raise TypeError(t("quality.not_a_table", kind=type(frame).__name__)) from None


def collect(frame: nw.DataFrame | nw.LazyFrame) -> nw.DataFrame:
    """Materialise a narwhals frame (a no-op for eager frames)."""
    return frame.collect() if isinstance(frame, nw.LazyFrame) else frame


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
    return [np.asarray(eager[c].to_numpy(), dtype="float64") for c in columns]


def example_row(frame: Any, mask: np.ndarray) -> tuple[Any, Any] | None:
    """(row label, position) of the first True in `mask`: pandas index label, else position."""
    hits = np.flatnonzero(mask)
    if hits.size == 0:
        return None
    pos = int(hits[0])
    index = getattr(frame, "index", None)
    label = index[pos] if index is not None and hasattr(index, "__getitem__") else pos
    return label, pos


def show(value: Any) -> str:
    """repr() of a cell for an error message, without NumPy's ``np.float64(...)`` wrapper.

    Examples
    --------
    >>> import numpy as np
    >>> show(np.float64(-3.0)), show("ten")
    ('-3.0', "'ten'")
    """
    return repr(value.item() if isinstance(value, np.generic) else value)
