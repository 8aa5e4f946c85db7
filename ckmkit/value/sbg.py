"""The shifted-beta-geometric (sBG) model of retention in a contractual setting.

Subscribers renew (or not) at the end of each period: a customer's churn
probability θ is the same every period, beta(α, β) distributed across customers.
Since those likely to churn leave first, the retention rate of a cohort rises over
time although no customer's own θ changes (Fader & Hardie 2007).

References: Fader, P. S., & Hardie, B. G. S. (2007). How to project customer
retention. *Journal of Interactive Marketing*, 21(1), 76–90; Fader, P. S., &
Hardie, B. G. S. (2010). Customer-base valuation in a contractual setting: the
perils of ignoring heterogeneity. *Marketing Science*, 29(1), 85–93.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import digamma, hyp2f1

from ..i18n import t
from ._discrete import beta_ratio, check_discount_rate, whole_periods
from ._fitter import BaseFitter
from ._frames import check_rules, column_arrays
from ._mle import dot

__all__ = ["ShiftedBetaGeo", "cohort_table", "read_spells"]

#: Cohort counts may come as a plain sequence; a table has columns (or a schema).
_SEQUENCES = (list, tuple, np.ndarray, range)


def cohort_table(survivors: Any):
    """A cohort's survivor counts as one row per outcome, with the number of customers in each.

    Parameters
    ----------
    survivors : sequence of numbers
        The cohort size, then how many are still customers after each period
        (e.g. ``[1000, 631, 468]``): finite, ≥ 0, never growing.

    Returns
    -------
    pandas.DataFrame
        Columns ``periods``, ``churned`` and ``customers``: for each period t those who
        churned at its end (``churned`` 1), and the survivors, observed for all
        periods without churning (``churned`` 0).

    Examples
    --------
    >>> cohort_table([1000, 631, 468]).to_dict("list")
    {'periods': [1, 2, 2], 'churned': [1, 1, 0], 'customers': [369.0, 163.0, 468.0]}
    >>> cohort_table([100, 120])
    Traceback (most recent call last):
    ...
    ValueError: The survivor counts cannot grow: position 1 has 120.0 after 100.0.
    """
    import pandas as pd

    counts = _check_counts(survivors)
    last = counts.size - 1
    periods = np.arange(1, last + 1)
    return pd.DataFrame({"periods": np.append(periods, last),
                         "churned": np.append(np.ones(last, dtype=int), 0),
                         "customers": np.append(-np.diff(counts), counts[-1])})


def _check_counts(survivors: Any) -> np.ndarray:
    """The counts as floats, or a ValueError naming the first bad position."""
    from ..quality import is_real

    raw = list(survivors)
    if len(raw) < 2:
        raise ValueError(t("value.sbg_cohort_too_short", n=len(raw)))
    for position, value in enumerate(raw):
        if not (is_real(value) and np.isfinite(value) and value >= 0 and (position or value > 0)):
            raise ValueError(t("value.sbg_cohort_bad_count", position=position, value=repr(value)))
    counts = np.asarray(raw, dtype="float64")
    grows = np.flatnonzero(np.diff(counts) > 0)
    if grows.size:
        k = int(grows[0]) + 1
        raise ValueError(t("value.sbg_cohort_increases", position=k, value=counts[k],
                           previous=counts[k - 1]))
    return counts


def read_spells(frame: Any, periods: str = "periods",
                churned: str = "churned") -> tuple[np.ndarray, np.ndarray]:
    """Columns ``(t, churned)`` as arrays, checked: t whole ≥ 0, churned 0/1, t ≥ 1 if churned.

    Parameters
    ----------
    frame : table
        One row per customer (or per outcome, with weights), any engine narwhals knows.
    periods : str, default "periods"
        Column of the periods the customer was observed: the period of churn, or the
        periods survived so far.
    churned : str, default "churned"
        Column saying whether the customer churned (at the end of period `periods`).

    Examples
    --------
    >>> import pandas as pd
    >>> read_spells(pd.DataFrame({"periods": [3, 0], "churned": [True, True]}, index=["a", "b"]))
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Column 'periods' must be at least 1 for a customer who churned ...; row b has periods = 0.
    """
    n, gone = column_arrays(frame, [periods, churned])
    rules = [(periods, n, ~np.isfinite(n), "value.not_finite"),
             (periods, n, (n < 0) | (n != np.round(n)), "value.discrete_not_count"),
             (churned, gone, ~np.isin(gone, (0.0, 1.0)), "value.sbg_bad_churned"),
             (periods, n, (gone == 1) & (n == 0), "value.sbg_churn_at_zero")]
    check_rules(frame, rules)
    return n, gone


class ShiftedBetaGeo(BaseFitter):
    """The shifted-beta-geometric model of contractual retention (Fader & Hardie 2007).

    Parameters (after :meth:`fit`): ``alpha`` and ``beta`` of the beta distribution of
    the churn probability θ across customers (mean churn ``α / (α + β)``).

    Examples
    --------
    The "regular" cohort of Fader & Hardie (2007), seven years of renewals:

    >>> sbg = ShiftedBetaGeo().fit([1000, 631, 468, 382, 326, 289, 262, 241])
    >>> {name: round(value, 3) for name, value in sbg.params_.items()}
    {'alpha': 0.704, 'beta': 1.182}
    >>> round(sbg.loglik_, 1)
    -1680.3
    >>> sbg.survival([1, 12]).round(3).tolist()  # share still customers after 1 and 12 years
    [0.627, 0.17]
    """

    label = "sBG"
    _param_names = ("alpha", "beta")
    _columns = ("periods", "churned")

    def fit(self, data: Any, *, periods: str = "periods", churned: str = "churned",
            weights: str | None = None, standard_errors: bool = True) -> ShiftedBetaGeo:
        """Fit by maximum likelihood on a cohort's survivor counts, or on one row per customer.

        Parameters
        ----------
        data : sequence of numbers or table
            Either survivor counts, first the cohort size (``[1000, 631, 468, ...]``),
            or a table with one row per customer (ids unique), or per outcome with `weights`.
        periods : str, default "periods"
            Column of the periods observed (the period of churn, or those survived).
        churned : str, default "churned"
            Column saying whether the customer churned (True/False or 1/0).
        weights : str, optional
            Column of the number of customers each row stands for.
        standard_errors : bool, default True
            Also compute standard errors and the table ``summary_``.

        Returns
        -------
        self
            With ``params_``, ``loglik_``, ``n_customers_``, ``n_histories_``,
            ``converged_``, and with standard errors ``standard_errors_`` and ``summary_``.

        Raises
        ------
        ValueError
            Bad counts (naming the position) or an impossible row (naming it).
        """
        columns = {"periods": periods, "churned": churned}
        if isinstance(data, _SEQUENCES) or _is_series(data):
            return self._fit(cohort_table(data), {"periods": "periods", "churned": "churned"},
                             standard_errors=standard_errors, weights="customers")
        return self._fit(data, columns, standard_errors=standard_errors, weights=weights)

    def _read(self, summary, columns):
        return list(read_spells(summary, **columns))

    @staticmethod
    def _loglik(logp, n, gone):
        alpha, beta = np.exp(logp)
        return np.where(gone == 1, beta_ratio(alpha + 1, beta + n - 1, alpha, beta),
                        beta_ratio(alpha, beta + n, alpha, beta))

    @staticmethod
    def _fun_and_grad(data, weights):
        """−log L and its gradient in log-parameters: digamma differences of beta functions."""
        n, gone = data
        shift_a, shift_b = gone, np.where(gone == 1, n - 1, n)  # B(α + shift_a, β + shift_b)

        def fun_and_grad(logp):
            alpha, beta = np.exp(logp)
            a1, b1 = alpha + shift_a, beta + shift_b
            value = dot(weights, beta_ratio(a1, b1, alpha, beta))
            common = digamma(alpha + beta) - digamma(a1 + b1)
            d_a = dot(weights, digamma(a1) - digamma(alpha) + common)
            d_b = dot(weights, digamma(b1) - digamma(beta) + common)
            return -value, -np.array([d_a * alpha, d_b * beta])

        return fun_and_grad

    # -- predictions ------------------------------------------------------------------------

    def survival(self, periods: Any) -> np.ndarray | float:
        """S(t): the share of a new cohort still customers after `periods` periods.

        ``B(α, β + t) / B(α, β)``.

        Parameters
        ----------
        periods : int or array-like of int
            Periods t ≥ 0.
        """
        alpha, beta = self._values()
        return _out(np.exp(beta_ratio(alpha, beta + whole_periods(periods), alpha, beta)))

    def retention_rate(self, periods: Any) -> np.ndarray | float:
        """r(t) = S(t) / S(t − 1) = (β + t − 1) / (α + β + t − 1): the retention rate of period t.

        Parameters
        ----------
        periods : int or array-like of int
            Periods t ≥ 1 (a retention rate compares period t with period t − 1).

        Examples
        --------
        >>> sbg = ShiftedBetaGeo().fit([1000, 869, 743, 653, 593, 551, 517, 491])
        >>> sbg.retention_rate([1, 2, 10]).round(3).tolist()  # rising as the churners leave
        [0.851, 0.878, 0.95]
        """
        alpha, beta = self._values()
        t_ = whole_periods(periods)
        if np.any(np.asarray(t_) < 1):
            raise ValueError(t("value.sbg_retention_period", value=repr(periods)))
        return _out((beta + t_ - 1) / (alpha + beta + t_ - 1))

    def expected_remaining_lifetime(self, renewals: Any = 0) -> np.ndarray | float:
        """E[T − n | T > n]: expected periods still to come, counting the current one, after n renewals.

        A customer who has renewed n times (so is a customer in period n + 1) stays,
        on average, ``(α + β + n − 1) / (α − 1)`` more periods; infinite when α ≤ 1
        (the heavy tail of loyal customers never runs out).

        Parameters
        ----------
        renewals : int or array-like of int, default 0
            Renewals n made so far (0: just acquired).
        """
        alpha, beta = self._values()
        n = whole_periods(renewals)
        if alpha <= 1:
            return _out(np.full(np.shape(n), np.inf))
        return _out((alpha + beta + n - 1) / (alpha - 1))

    def discounted_expected_residual_lifetime(self, discount_rate: float,
                                              renewals: Any = 0) -> np.ndarray | float:
        """DERL: expected discounted number of future payments of a customer with n renewals.

        Fader & Hardie (2010), eq. 6: evaluated just before the customer's next
        renewal decision (that payment undiscounted),
        ``B(α, β + n + 1) / B(α, β + n) · ₂F₁(1, β + n + 1; α + β + n + 1; 1 / (1 + d))``.
        Times the payment per period, it is the customer's residual value.

        Parameters
        ----------
        discount_rate : float
            Discount rate d per period, > 0.
        renewals : int or array-like of int, default 0
            Renewals n made so far (0: a customer who has paid the first period only).

        Examples
        --------
        >>> sbg = ShiftedBetaGeo().fit([1000, 631, 468, 382, 326, 289, 262, 241])
        >>> sbg.discounted_expected_residual_lifetime(0.1, [0, 4]).round(2).tolist()
        [2.96, 5.89]
        """
        alpha, beta = self._values()
        d = check_discount_rate(discount_rate)
        n = whole_periods(renewals)
        front = np.exp(beta_ratio(alpha, beta + n + 1, alpha, beta + n))
        return _out(front * hyp2f1(1.0, beta + n + 1, alpha + beta + n + 1, 1.0 / (1.0 + d)))


    def discounted_expected_lifetime(self, discount_rate: float) -> float:
        """DEL: expected discounted number of payments of a customer just acquired, the first included.

        Fader & Hardie (2010), eq. 5: ``₂F₁(1, β; α + β; 1 / (1 + d))``; times the
        payment per period, it is the expected lifetime value of a new customer.

        Parameters
        ----------
        discount_rate : float
            Discount rate d per period, > 0.

        Examples
        --------
        >>> sbg = ShiftedBetaGeo().fit([1000, 631, 468, 382, 326, 289, 262, 241])
        >>> round(sbg.discounted_expected_lifetime(0.1), 2)  # 1 + DERL(0.1, 0 renewals) / 1.1
        3.69
        """
        alpha, beta = self._values()
        d = check_discount_rate(discount_rate)
        return float(hyp2f1(1.0, beta, alpha + beta, 1.0 / (1.0 + d)))


def _is_series(data: Any) -> bool:
    """Is `data` a one-column series (pandas, Polars, ...) rather than a table?"""
    return hasattr(data, "to_numpy") and not hasattr(data, "columns")


def _out(values: Any) -> np.ndarray | float:
    """A float for one value, else the array."""
    return float(values) if np.ndim(values) == 0 else np.asarray(values)
