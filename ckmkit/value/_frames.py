"""Small bridges between the caller's frame type and NumPy, written once with narwhals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..i18n import t
from ..quality import (
    as_pandas,
    collect,
    example_row,
    not_number,
    raise_bad_value,
    require_columns,
    show,
    to_narwhals,
)

#: Columns :func:`~ckmkit.value.summarize` and :func:`~ckmkit.value.calibration_holdout` write.
MEASURES = frozenset({"frequency", "recency", "T", "monetary_value", "n_transactions", "revenue",
                       "first_purchase", "last_purchase", "frequency_holdout",
                       "monetary_value_holdout", "duration_holdout"})


def customer_rows(table: Any, columns: Sequence[str] = ()):
    """A per-customer table of any engine as pandas, indexed by customer as pandas summaries are.

    The one rule for where the customer id is: a pandas table is returned as it is
    (its index holds the ids). A table of another engine (Polars, DuckDB, Dask,
    PyArrow, Spark) is collected into pandas, and its first column is the customer
    id (``summarize`` writes it there) and becomes the index, unless that column is
    one the caller reads (`columns`) or one a summary writes (:data:`MEASURES`):
    then the table has no id column and its rows keep their positions.

    Examples
    --------
    >>> import polars as pl
    >>> rows = customer_rows(pl.DataFrame({"client": ["a", "b"], "frequency": [2, 0]}))
    >>> rows.loc["a", "frequency"]
    np.int64(2)
    >>> customer_rows(pl.DataFrame({"value": [5.0, 1.0]}), ["value"]).index.tolist()
    [0, 1]
    """
    import pandas as pd

    if isinstance(table, pd.DataFrame):
        return table
    frame = as_pandas(table)
    if len(frame.columns) and frame.columns[0] not in MEASURES and frame.columns[0] not in columns:
        frame = frame.set_index(frame.columns[0])
    return frame


def as_output(frame: Any, values: np.ndarray, name: str):
    """A pandas Series named `name` on the caller's index for pandas input, else the array.

    Examples
    --------
    >>> import pandas as pd
    >>> as_output(pd.DataFrame(index=["a", "b"]), np.array([1.0, 2.0]), "p_alive").to_dict()
    {'a': 1.0, 'b': 2.0}
    >>> as_output(None, np.array([1.0]), "p_alive")
    array([1.])
    """
    index = getattr(frame, "index", None)
    if index is not None and type(frame).__module__.startswith("pandas"):
        import pandas as pd

        return pd.Series(values, index=index, name=name)
    return values


def describe_id(index: Any) -> str:
    """The first id of `index` with its type, e.g. ``'4' (str)``, for id-mismatch messages.

    Examples
    --------
    >>> import pandas as pd
    >>> describe_id(pd.Index(["4", "5"])), describe_id(pd.Index([4])), describe_id(pd.Index([]))
    ("'4' (str)", '4 (int)', '—')
    """
    if len(index) == 0:
        return "—"
    first = index[0]
    return f"{show(first)} ({type(first.item() if isinstance(first, np.generic) else first).__name__})"


def match_customers(series: Any, index: Any, *, name: str, other: str) -> Any:
    """`series` (by customer id) reindexed on `index`, NaN where it has no entry.

    A repeated id, or no id in common at all (text ids against numbers, say), is a
    ValueError naming `name` (and `other`, the table `index` comes from):
    reindexing would crash or silently give all NaN.

    Examples
    --------
    >>> import pandas as pd
    >>> match_customers(pd.Series({"a": 1.0}), pd.Index(["a", "b"]), name="cost",
    ...                 other="summary").tolist()
    [1.0, nan]
    >>> match_customers(pd.Series({"4": 1.0}), pd.Index([4]), name="cost", other="summary")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: cost shares no customer id with summary: ids such as '4' (str) against 4 (int). ...
    """
    if series.index.has_duplicates:
        raise ValueError(t("value.duplicate_id", name=name,
                           row=show(series.index[series.index.duplicated()][0])))
    if len(index) and not index.isin(series.index).any():
        raise ValueError(t("value.no_common_ids", name=name, other=other,
                           theirs=describe_id(series.index), ours=describe_id(index)))
    return series.reindex(index)


def check_unique_ids(table: Any, columns: Sequence[str] = ()) -> None:
    """Raise a ValueError naming a customer id that `table` holds more than once.

    The ids are where :func:`customer_rows` finds them: a pandas table's index, or
    another engine's first column unless it is one of `columns` or a summary
    measure (then the table has no id column and nothing is checked). A customer
    counted twice would weigh twice in a fit.

    Examples
    --------
    >>> import pandas as pd
    >>> check_unique_ids(pd.DataFrame({"frequency": [1, 2]}, index=["a", "a"]))
    Traceback (most recent call last):
    ...
    ValueError: The summary has more than one entry for customer 'a'.
    """
    import pandas as pd

    if isinstance(table, (pd.DataFrame, pd.Series)):
        ids = table.index
    else:
        frame = to_narwhals(table)
        first = frame.columns[0] if frame.columns else None
        if first is None or first in MEASURES or first in columns:
            return
        ids = pd.Index(collect(frame.select(first))[first].to_numpy())
    if ids.has_duplicates:
        raise ValueError(t("value.duplicate_id", name=t("value.the_summary"),
                           row=show(ids[ids.duplicated()][0])))


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


def check_rules(frame: Any, rules: Sequence[tuple[str, np.ndarray, np.ndarray, str]],
                **cells: np.ndarray) -> None:
    """Raise the ValueError of the first rule that some row of `frame` breaks.

    Each rule is ``(column, values, bad, key)``: the column's name and values, a
    mask of the rows breaking the rule, and the message key. The message gets
    ``column``, ``row`` (the first breaking row's label), ``value`` (its value in
    that column) and, at that row, each array in `cells` (e.g. ``x=frequency``) for
    messages that show other columns too. Rules are checked in order, so a later
    rule may assume the earlier ones hold (finite numbers before comparisons).

    Examples
    --------
    >>> import pandas as pd
    >>> x = np.array([1.0, -2.0])
    >>> check_rules(pd.DataFrame(index=["a", "b"]), [("frequency", x, x < 0, "value.bad_frequency")],
    ...             x=x)
    Traceback (most recent call last):
    ...
    ValueError: Column 'frequency' must hold whole numbers ≥ 0 (repeat purchases); row b has -2.0.
    """
    for column, values, bad, key in rules:
        hit = example_row(frame, bad)
        if hit is not None:
            row, pos = hit
            raise ValueError(t(key, column=column, row=row, value=values[pos],
                               **{name: cell[pos] for name, cell in cells.items()}))


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
