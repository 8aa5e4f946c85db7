"""How concentrated is revenue? Top-k shares, the 80/20 check, Lorenz, Gini, whale curve.

The "80/20 rule" (Pareto principle) says that about 80 % of revenue comes from
the top 20 % of customers. It is an empirical regularity, not a law: the
functions here measure it, and :func:`pareto_check` says with a stated tolerance
whether a data set follows it. The whale curve (Kaplan & Cooper 1998,
*Cost & Effect*) does the same for profit, where the top customers often earn
more than 100 % of total profit and the tail destroys part of it.

Examples
--------
>>> values = [50, 20, 10, 10, 5, 5, 0, 0, 0, 0]
>>> top_share(values, 0.2)
0.7
>>> customers_for_share(values, 0.8)
3
>>> round(gini(values), 3)
0.67
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import t
from ..quality import show

__all__ = [
    "ParetoCheck",
    "customers_for_share",
    "gini",
    "lorenz",
    "pareto_check",
    "top_share",
    "whale_curve",
]


def _values(values: Any, *, allow_negative: bool = False, name: str = "values") -> np.ndarray:
    """Validated 1-D float array; errors name the series and an example position."""
    series = values if isinstance(values, pd.Series) else pd.Series(np.asarray(values).ravel())
    label = series.name if series.name is not None else name
    numeric = pd.to_numeric(series, errors="coerce")
    bad = numeric.isna() | ~np.isfinite(numeric.to_numpy(dtype="float64", na_value=np.nan))
    if not allow_negative:
        bad |= numeric < 0
    if bad.any():
        row = bad[bad].index[0]
        key = "value.negative_values" if not allow_negative else "value.not_finite"
        raise ValueError(t(key, column=label, row=row, value=show(series.loc[row])))
    if series.size == 0:
        raise ValueError(t("value.no_values", column=label))
    return numeric.to_numpy(dtype="float64")


def lorenz(values: Any) -> pd.DataFrame:
    """Lorenz curve: cumulative share of value against cumulative share of customers.

    Customers are sorted from smallest to largest value; the curve starts at
    (0, 0) and ends at (1, 1). The further it sags below the diagonal, the more
    concentrated the value.

    Parameters
    ----------
    values : array-like or pandas.Series of float
        One value per customer (revenue, say): finite numbers ≥ 0. An error names
        the series and the first bad position.

    Returns
    -------
    pandas.DataFrame
        Columns ``customer_share`` and ``value_share`` (``n + 1`` rows).

    Examples
    --------
    >>> lorenz([1, 3]).round(2).values.tolist()
    [[0.0, 0.0], [0.5, 0.25], [1.0, 1.0]]
    """
    v = np.sort(_values(values))
    total = v.sum()
    cum = np.concatenate([[0.0], np.cumsum(v)]) / (total if total > 0 else 1.0)
    if total == 0:
        cum = np.linspace(0.0, 1.0, v.size + 1)  # everyone equal (at zero)
    share = np.arange(v.size + 1) / v.size
    return pd.DataFrame({"customer_share": share, "value_share": cum})


def gini(values: Any) -> float:
    """Gini coefficient: 0 when everyone is equal, → 1 when one customer has everything.

    Twice the area between the diagonal and the Lorenz curve (trapezoid rule,
    exact for the step data), i.e. ``1 − Σ (x_k − x_{k−1}) (L_k + L_{k−1})``.

    Parameters
    ----------
    values : array-like or pandas.Series of float
        One value per customer (revenue, say): finite numbers ≥ 0. An error names
        the series and the first bad position.

    Examples
    --------
    >>> gini([5, 5, 5, 5])
    0.0
    >>> gini([0, 0, 0, 10])
    0.75
    """
    curve = lorenz(values)
    x, y = curve["customer_share"].to_numpy(), curve["value_share"].to_numpy()
    return float(1.0 - np.sum(np.diff(x) * (y[1:] + y[:-1])))


def top_share(values: Any, fraction: float = 0.2) -> float:
    """Share of total value held by the top `fraction` of customers.

    When ``fraction × n`` is not a whole number the Lorenz curve is interpolated
    linearly, so the answer moves smoothly with `fraction`.

    Parameters
    ----------
    values : array-like or pandas.Series of float
        One value per customer (revenue, say): finite numbers ≥ 0. An error names
        the series and the first bad position.
    fraction : float, default 0.2
        The share of customers at the top, between 0 and 1.

    Examples
    --------
    >>> top_share([40, 30, 20, 10], 0.25)
    0.4
    >>> top_share([40, 30, 20, 10], 0.5)
    0.7
    """
    if not 0 <= fraction <= 1:
        raise ValueError(t("value.bad_fraction", name="fraction", value=fraction))
    curve = lorenz(values)
    below = np.interp(1 - fraction, curve["customer_share"], curve["value_share"])
    return float(round(1.0 - below, 12))


def customers_for_share(values: Any, share: float = 0.8) -> int:
    """Smallest number of top customers who together make at least `share` of the total.

    Parameters
    ----------
    values : array-like or pandas.Series of float
        One value per customer (revenue, say): finite numbers ≥ 0. An error names
        the series and the first bad position.
    share : float, default 0.8
        The share of the total to reach, above 0 and at most 1.

    Examples
    --------
    >>> customers_for_share([40, 30, 20, 10], 0.8)
    3
    """
    if not 0 < share <= 1:
        raise ValueError(t("value.bad_fraction", name="share", value=share))
    v = np.sort(_values(values))[::-1]
    total = v.sum()
    if total == 0:
        return int(np.ceil(share * v.size))
    cum = np.cumsum(v) / total
    return int(np.searchsorted(cum, share - 1e-12) + 1)


@dataclass(frozen=True)
class ParetoCheck:
    """Result of :func:`pareto_check`; ``holds`` is the verdict.

    Examples
    --------
    >>> check = pareto_check([50, 20, 10, 10, 5, 5])
    >>> check.holds, check.customers_for_target, round(check.gini, 3)
    (False, 3, 0.45)
    """

    top_fraction: float
    top_share: float
    target_share: float
    tolerance: float
    holds: bool
    customers_for_target: int
    fraction_for_target: float
    gini: float
    n_customers: int

    def message(self) -> str:
        """One sentence in the current language."""
        key = "value.pareto_holds" if self.holds else "value.pareto_fails"
        return t(key, top=f"{self.top_fraction:.0%}", share=f"{self.top_share:.1%}",
                 target=f"{self.target_share:.0%}", tolerance=f"{self.tolerance:.0%}",
                 fraction=f"{self.fraction_for_target:.1%}")


def pareto_check(
    values: Any, top_fraction: float = 0.2, target_share: float = 0.8, tolerance: float = 0.05
) -> ParetoCheck:
    """Does the top `top_fraction` of customers make `target_share` of value (± `tolerance`)?

    The rule "holds" when the top share is at least ``target_share − tolerance``.

    Parameters
    ----------
    values : array-like or pandas.Series of float
        One value per customer (revenue, say): finite numbers ≥ 0. An error names
        the series and the first bad position.
    top_fraction : float, default 0.2
        The share of customers at the top, between 0 and 1.
    target_share : float, default 0.8
        The share of value they should make.
    tolerance : float, default 0.05
        How far below `target_share` the top share may fall and still count, in [0, 1).

    Examples
    --------
    >>> check = pareto_check([80] + [20 / 9] * 9, top_fraction=0.1)
    >>> check.holds, round(check.top_share, 2)
    (True, 0.8)
    >>> print(check.message())
    The top 10% of customers make 80.0% of the total: the 80/20 pattern holds (target 80% ± 5%).
    """
    if not 0 <= tolerance < 1:
        raise ValueError(t("value.bad_fraction", name="tolerance", value=tolerance))
    v = _values(values)
    share = top_share(v, top_fraction)
    n_for = customers_for_share(v, target_share)
    return ParetoCheck(
        top_fraction=float(top_fraction), top_share=share, target_share=float(target_share),
        tolerance=float(tolerance), holds=bool(share >= target_share - tolerance - 1e-12),
        customers_for_target=n_for, fraction_for_target=n_for / v.size, gini=gini(v),
        n_customers=int(v.size),
    )


def whale_curve(profit: Any) -> pd.DataFrame:
    """Cumulative profit, most profitable customers first, as a share of total profit.

    With loss-making customers the curve rises above 1 (the "hump of the whale")
    and falls back to 1 at the end; the peak says how much profit the
    loss-makers destroy.

    Parameters
    ----------
    profit : array-like or pandas.Series of float
        One profit per customer, finite (losses are negative); the total must be positive.

    Returns
    -------
    pandas.DataFrame
        Columns ``customer_share`` and ``profit_share`` (``n + 1`` rows from (0, 0)).

    Examples
    --------
    >>> whale_curve([60, 50, -10])["profit_share"].round(3).tolist()
    [0.0, 0.6, 1.1, 1.0]
    """
    p = np.sort(_values(profit, allow_negative=True, name="profit"))[::-1]
    total = p.sum()
    if total <= 0:  # shares of a non-positive total have no meaning
        raise ValueError(t("value.zero_total", column="profit"))
    cum = np.concatenate([[0.0], np.cumsum(p)]) / total
    return pd.DataFrame({"customer_share": np.arange(p.size + 1) / p.size, "profit_share": cum})
