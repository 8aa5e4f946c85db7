"""Forecast horizons and purchase counts: checked, horizons matched to the customers of a summary."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..i18n import t
from ..quality import is_real


def check_horizon(horizon: Any) -> np.ndarray | float:
    """The forecast horizon as float(s), each finite and ≥ 0 (in the summary's time unit).

    Numbers only: text ("39") and booleans (True) are refused rather than
    converted, since either is more likely a slip than a length of time.

    Parameters
    ----------
    horizon : float or array-like of float
        One horizon, or one per customer.

    Examples
    --------
    >>> check_horizon(39)
    39.0
    >>> check_horizon(-1)
    Traceback (most recent call last):
    ...
    ValueError: The forecast horizon t must be a finite number ≥ 0 (in the summary's time unit), not -1.
    >>> check_horizon(True)
    Traceback (most recent call last):
    ...
    ValueError: The forecast horizon t must be a finite number ≥ 0 (in the summary's time unit), not True.
    """
    raw = np.asarray(horizon, dtype=object) if not hasattr(horizon, "dtype") else np.asarray(horizon)
    numeric = raw.dtype.kind in "iuf" or (raw.dtype.kind == "O" and all(map(is_real, raw.ravel())))
    values = raw.astype("float64") if numeric else np.array(np.nan)
    if not (np.isfinite(values).all() and (values >= 0).all()):
        raise ValueError(t("value.bad_horizon", value=repr(horizon)))
    return float(values) if values.ndim == 0 else values


def horizon_for(summary: Any, horizon: Any, n: int) -> np.ndarray | float:
    """The horizon for each of the `n` customers of `summary`: one number, or one per customer.

    A pandas Series is matched on the customers' index when the summary is a
    pandas frame (same labels in any order); a list or array is taken in row order.
    """
    import pandas as pd

    if isinstance(horizon, pd.Series) and isinstance(summary, (pd.DataFrame, pd.Series)):
        horizon = aligned(horizon, summary.index)
    values = check_horizon(horizon)
    if isinstance(values, np.ndarray) and (values.ndim != 1 or values.size != n):
        raise ValueError(t("value.horizon_length", n_t=values.size, n=n))
    return values


def aligned(horizon: Any, index: Any) -> Any:
    """`horizon` (a Series) in the order of `index`; a clear error where labels are missing."""
    if horizon.index.equals(index):
        return horizon
    if horizon.index.has_duplicates:
        row = horizon.index[horizon.index.duplicated()][0]
        raise ValueError(t("value.horizon_duplicates", row=row))
    missing = ~index.isin(horizon.index)
    if missing.any():
        raise ValueError(t("value.horizon_misaligned", n=int(missing.sum()), row=index[missing][0]))
    return horizon.reindex(index)


def check_counts(n: Any) -> np.ndarray | float:
    """Numbers of purchases as float(s), each a whole number ≥ 0.

    Parameters
    ----------
    n : int or array-like of int
        One count, or several.

    Examples
    --------
    >>> check_counts(3)
    3.0
    >>> check_counts([0, 1, 2]).tolist()
    [0.0, 1.0, 2.0]
    >>> check_counts(1.5)
    Traceback (most recent call last):
    ...
    ValueError: The number of purchases n must be a whole number ≥ 0, not 1.5.
    """
    try:
        values = check_horizon(n)
    except ValueError:
        values = np.array(np.nan)
    if np.any(np.asarray(values) != np.round(values)) or not np.all(np.isfinite(values)):
        raise ValueError(t("value.bad_count", value=repr(n)))
    return values
