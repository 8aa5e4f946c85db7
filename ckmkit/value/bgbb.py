"""The BG/BB model of repeat transactions in discrete time (Fader, Hardie & Shang 2010).

Some businesses offer a transaction only at fixed occasions: a yearly fund drive,
a conference, a weekly class. Over ``n`` such opportunities a customer's history
is how many times they transacted (``frequency`` x) and at which opportunity last
(``recency`` t_x, 0 if never). BG/BB assumes that, while alive, a customer
transacts at each opportunity with probability p (beta(α, β) across customers)
and, before each opportunity, drops out for good with probability θ (beta(γ, δ)).

Reference: Fader, P. S., Hardie, B. G. S., & Shang, J. (2010). Customer-base
analysis in a discrete-time noncontractual setting. *Marketing Science*, 29(6),
1086–1108. Equation numbers in the docstrings are the paper's.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import digamma, gammaln, hyp2f1

from ._discrete import beta_ratio, check_discount_rate, gamma_sum, whole_periods
from ._fitter import BaseFitter
from ._frames import as_output, check_rules, column_arrays
from ._mle import dot

__all__ = ["BetaGeoBetaBinom", "read_patterns"]


def read_patterns(
    frame: Any, frequency: str = "frequency", recency: str = "recency", periods: str = "periods"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Columns ``(x, t_x, n)`` as arrays, checked: whole numbers with 0 ≤ x ≤ t_x ≤ n, t_x = 0 if x = 0.

    Parameters
    ----------
    frame : table
        One row per customer or per pattern, pandas or any engine narwhals knows.
    frequency : str, default "frequency"
        Column of transactions x after the first (whole numbers ≥ 0).
    recency : str, default "recency"
        Column of the opportunity t_x of the last transaction (0 if none).
    periods : str, default "periods"
        Column of the number of opportunities n observed (≥ t_x).

    Returns
    -------
    tuple of three float64 arrays
        ``x``, ``t_x`` and ``n`` in row order.

    Raises
    ------
    ValueError
        Naming the column and an example row that breaks a rule.

    Examples
    --------
    >>> import pandas as pd
    >>> x, tx, n = read_patterns(pd.DataFrame({"frequency": [2], "recency": [5], "periods": [6]}))
    >>> x.tolist(), tx.tolist(), n.tolist()
    ([2.0], [5.0], [6.0])
    >>> read_patterns(pd.DataFrame({"frequency": [0], "recency": [3], "periods": [6]}, index=["d7"]))
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Column 'recency' must be 0 when there is no transaction; row d7 has recency = 3.0 ...
    """
    x, tx, n = column_arrays(frame, [frequency, recency, periods])
    named = ((frequency, x), (recency, tx), (periods, n))
    rules = [(column, values, ~np.isfinite(values), "value.not_finite") for column, values in named]
    rules += [(column, values, (values < 0) | (values != np.round(values)), "value.discrete_not_count")
              for column, values in named]
    rules += [  # comparisons with NaN are False: missing values were caught above
        (periods, n, n < tx, "value.discrete_recency_after_periods"),
        (frequency, x, x > tx, "value.discrete_frequency_above_recency"),
        (recency, tx, (x == 0) & (tx > 0), "value.discrete_recency_without_frequency"),
    ]
    check_rules(frame, rules, x=x, recency=tx, periods=n)
    return x, tx, n


def _grid(x: np.ndarray, tx: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, ...]:
    """The likelihood's terms of each history as beta-function arguments, one column per term.

    Column 0 is "alive through all n opportunities" (``B(α+x, β+n−x) B(γ, δ+n)``),
    column 1 + i "dropped out right after opportunity t_x + i" (``B(α+x, β+t_x−x+i)
    B(γ+1, δ+t_x+i)``), for i < n − t_x; ``use`` marks the columns a row has (eq. 3).
    """
    width = int(np.max(n - tx, initial=0))
    i = np.arange(width, dtype="float64")[None, :]
    col = np.ones((x.size, 1))
    kb = np.hstack([(n - x)[:, None], (tx - x)[:, None] + i])  # β's shift
    kg = np.hstack([0 * col, col + 0 * i])  # γ's shift
    kd = np.hstack([n[:, None], tx[:, None] + i])  # δ's shift
    use = np.hstack([col > 0, i < (n - tx)[:, None]])
    return kb, kg, kd, use


class _BGBBSums:
    """BG/BB's negative log-likelihood and its gradient in log-parameters, on compressed patterns.

    Every term of the likelihood is ``B(α+x, β+kb) B(γ+kg, δ+kd) / (B(α, β) B(γ, δ))``,
    so its log is a sum of log-gamma functions and its derivatives are digamma
    differences; the log-likelihood of a row is the log-sum-exp of its terms, and its
    gradient the terms' gradients weighted by their shares (a softmax). Every argument
    is a parameter plus a whole number below ``2 · max(n) + 2``, so each call tabulates
    ``log Γ`` and ψ at those few points per parameter and gathers, instead of evaluating
    special functions on every term.
    """

    def __init__(self, data: list[np.ndarray], weights: np.ndarray) -> None:
        x = data[0][:, None]
        kb, kg, kd, self.use = _grid(*data)
        size = int(2 * np.max(data[2], initial=0)) + 2
        # Shifts of α, β, α+β, γ, δ, γ+δ for every term; masked terms point at 0.
        shifts = (x + 0 * kb, kb, x + kb, kg, kd, kg + kd)
        self.shifts = [np.where(self.use, s, 0).astype(np.intp) for s in shifts]
        self.size, self.weights = size, weights

    def _tables(self, params: np.ndarray, fun) -> list[np.ndarray]:
        """`fun` (log Γ or ψ) at α, β, α+β, γ, δ, γ+δ plus 0, 1, ..., size − 1."""
        alpha, beta, gamma, delta = params
        k = np.arange(self.size, dtype="float64")
        return [fun(v + k) for v in (alpha, beta, alpha + beta, gamma, delta, gamma + delta)]

    def terms(self, logp: np.ndarray) -> np.ndarray:
        """log of each term (−∞ where a row has none)."""
        lg = self._tables(np.exp(logp), gammaln)
        sa, sb, sab, sg, sd, sgd = self.shifts
        log = (lg[0][sa] + lg[1][sb] - lg[2][sab] + lg[3][sg] + lg[4][sd] - lg[5][sgd]
               - (lg[0][0] + lg[1][0] - lg[2][0] + lg[3][0] + lg[4][0] - lg[5][0]))
        return np.where(self.use, log, -np.inf)

    def __call__(self, logp: np.ndarray) -> tuple[float, np.ndarray]:
        log = self.terms(logp)
        top = log.max(axis=1, keepdims=True)
        share = np.exp(log - top)
        total = share.sum(axis=1, keepdims=True)
        rows = top[:, 0] + np.log(total[:, 0])
        share *= self.weights[:, None] / total  # each term's weight in the gradient
        ps = self._tables(np.exp(logp), digamma)
        sa, sb, sab, sg, sd, sgd = self.shifts
        n = float(self.weights.sum())  # the shares of a row add up to its weight

        def part(table: np.ndarray, shift: np.ndarray) -> float:
            return dot(share.ravel(), table[shift].ravel())

        d_ab, d_gd = part(ps[2], sab), part(ps[5], sgd)
        grad = np.array([part(ps[0], sa) - d_ab - n * (ps[0][0] - ps[2][0]),
                         part(ps[1], sb) - d_ab - n * (ps[1][0] - ps[2][0]),
                         part(ps[3], sg) - d_gd - n * (ps[3][0] - ps[5][0]),
                         part(ps[4], sd) - d_gd - n * (ps[4][0] - ps[5][0])])
        return -dot(self.weights, rows), -grad * np.exp(logp)


class BetaGeoBetaBinom(BaseFitter):
    """The BG/BB model of Fader, Hardie & Shang (2010), fitted by maximum likelihood.

    Parameters (after :meth:`fit`): ``alpha``, ``beta`` (beta heterogeneity of the
    transaction probability p) and ``gamma``, ``delta`` (beta heterogeneity of the
    dropout probability θ). The likelihood and its gradient are analytic, on the
    distinct (frequency, recency, periods) patterns.

    Examples
    --------
    The donations data give the estimates of Fader, Hardie & Shang (2010):

    >>> from ckmkit.datasets import load_donations
    >>> donations = load_donations()
    >>> bgbb = BetaGeoBetaBinom().fit(donations, weights="weights", standard_errors=False)
    >>> {name: round(value, 3) for name, value in bgbb.params_.items()}
    {'alpha': 1.204, 'beta': 0.75, 'gamma': 0.657, 'delta': 2.783}
    >>> round(bgbb.loglik_, 1)
    -33225.6
    >>> round(bgbb.expected_transactions_new(6), 3)  # a new donor over six years
    2.22
    """

    label = "BG/BB"  # the model's name in the literature, for plot legends
    _param_names = ("alpha", "beta", "gamma", "delta")
    _columns = ("frequency", "recency", "periods")

    def fit(
        self,
        summary: Any,
        *,
        frequency: str = "frequency",
        recency: str = "recency",
        periods: str = "periods",
        weights: str | None = None,
        standard_errors: bool = True,
    ) -> BetaGeoBetaBinom:
        """Fit by maximum likelihood on one row per customer, or per pattern with `weights`.

        Parameters
        ----------
        summary : table
            One row per customer (ids unique) or per pattern, with the columns below
            (pandas, Polars, DuckDB, ...).
        frequency : str, default "frequency"
            Column of transactions after the first (whole numbers ≥ 0).
        recency : str, default "recency"
            Column of the opportunity of the last transaction (0 if none).
        periods : str, default "periods"
            Column of the number of opportunities observed.
        weights : str, optional
            Column of the number of customers each row stands for (one row per pattern).
        standard_errors : bool, default True
            Also compute standard errors and the table ``summary_``.

        Returns
        -------
        self
            With ``params_``, ``loglik_`` (total, weighted), ``n_customers_``,
            ``n_histories_``, ``converged_``, and with standard errors
            ``standard_errors_`` and ``summary_``.

        Raises
        ------
        ValueError
            An impossible pattern, bad weights or a repeated customer id, naming the row.

        Warns
        -----
        ConvergenceWarning
            The estimates ran off to a boundary (the data cannot pin a parameter down).
        """
        columns = {"frequency": frequency, "recency": recency, "periods": periods}
        return self._fit(summary, columns, standard_errors=standard_errors, weights=weights)

    def _read(self, summary, columns):
        return list(read_patterns(summary, **columns))

    def _loglik(self, logp, x, tx, n):
        log = _BGBBSums([x, tx, n], np.ones(x.size)).terms(logp)
        top = log.max(axis=1)
        return top + np.log(np.exp(log - top[:, None]).sum(axis=1))

    def _fun_and_grad(self, data, weights):
        return _BGBBSums(data, weights)

    # -- predictions ------------------------------------------------------------------------

    def _history(self, summary, columns) -> tuple[np.ndarray, ...]:
        """(x, t_x, n, log-likelihood of each history) at the fitted parameters."""
        x, tx, n = read_patterns(summary, **columns)
        return x, tx, n, self._loglik(np.log(self._values()), x, tx, n)

    def p_alive(self, summary: Any, *, frequency: str = "frequency", recency: str = "recency",
                periods: str = "periods"):
        """Probability that each customer is still alive at the next opportunity, n + 1 (eq. 11).

        Parameters
        ----------
        summary : table
            One row per customer or pattern with the columns named below.
        frequency : str, default "frequency"
            Column of transactions after the first.
        recency : str, default "recency"
            Column of the opportunity of the last transaction.
        periods : str, default "periods"
            Column of the number of opportunities observed.

        Examples
        --------
        >>> from ckmkit.datasets import load_donations
        >>> donations = load_donations()
        >>> bgbb = BetaGeoBetaBinom().fit(donations, weights="weights", standard_errors=False)
        >>> bgbb.p_alive(donations).round(3).tolist()[:3]
        [0.108, 0.069, 0.255]
        """
        alpha, beta, gamma, delta = self._values()
        x, tx, n, loglik = self._history(summary, {"frequency": frequency, "recency": recency,
                                                   "periods": periods})
        alive = beta_ratio(alpha + x, beta + n - x, alpha, beta) + beta_ratio(gamma, delta + n + 1,
                                                                              gamma, delta)
        return as_output(summary, np.exp(alive - loglik), "p_alive")

    def expected_transactions(self, summary: Any, horizon: Any, *, frequency: str = "frequency",
                              recency: str = "recency", periods: str = "periods"):
        """Expected transactions in the next `horizon` opportunities, given each history (eq. 13).

        Parameters
        ----------
        summary : table
            One row per customer or pattern with the columns named below.
        horizon : int or array-like of int
            Number of future opportunities: one for all, or one per row.
        frequency : str, default "frequency"
            Column of transactions after the first.
        recency : str, default "recency"
            Column of the opportunity of the last transaction.
        periods : str, default "periods"
            Column of the number of opportunities observed.

        Examples
        --------
        >>> from ckmkit.datasets import load_donations
        >>> donations = load_donations()
        >>> bgbb = BetaGeoBetaBinom().fit(donations, weights="weights", standard_errors=False)
        >>> round(float(bgbb.expected_transactions(donations, 5).iloc[-1]), 2)  # six of six
        3.75
        """
        alpha, beta, gamma, delta = self._values()
        x, tx, n, loglik = self._history(summary, {"frequency": frequency, "recency": recency,
                                                   "periods": periods})
        horizon = whole_periods(horizon)
        front = np.exp(beta_ratio(alpha + x + 1, beta + n - x, alpha, beta) - loglik)
        return as_output(summary, front * gamma_sum(gamma, delta, n, horizon), "expected_transactions")

    def discounted_expected_transactions(self, summary: Any, discount_rate: float, *,
                                         frequency: str = "frequency", recency: str = "recency",
                                         periods: str = "periods"):
        """Discounted expected residual transactions (DERT) of each customer (eq. 14).

        ``Σ_{t ≥ 1} E[transaction at n + t | history] / (1 + d)^t``: the present value,
        in transactions, of a customer's future; times the margin per transaction it
        is the customer's residual value.

        Parameters
        ----------
        summary : table
            One row per customer or pattern with the columns named below.
        discount_rate : float
            Discount rate d per opportunity (e.g. 0.1 for 10 % a year), > 0.
        frequency : str, default "frequency"
            Column of transactions after the first.
        recency : str, default "recency"
            Column of the opportunity of the last transaction.
        periods : str, default "periods"
            Column of the number of opportunities observed.

        Examples
        --------
        >>> from ckmkit.datasets import load_donations
        >>> donations = load_donations()
        >>> bgbb = BetaGeoBetaBinom().fit(donations, weights="weights", standard_errors=False)
        >>> round(float(bgbb.discounted_expected_transactions(donations, 0.1).iloc[-1]), 2)
        5.91
        """
        alpha, beta, gamma, delta = self._values()
        d = check_discount_rate(discount_rate)
        x, tx, n, loglik = self._history(summary, {"frequency": frequency, "recency": recency,
                                                   "periods": periods})
        log_front = (beta_ratio(alpha + x + 1, beta + n - x, alpha, beta)
                     + beta_ratio(gamma, delta + n + 1, gamma, delta) - np.log1p(d) - loglik)
        series = hyp2f1(1.0, delta + n + 1, gamma + delta + n + 1, 1.0 / (1.0 + d))
        return as_output(summary, np.exp(log_front) * series, "dert")

    def expected_transactions_new(self, periods: Any) -> np.ndarray | float:
        """Expected transactions of a new customer in their first `periods` opportunities (eq. 6).

        Parameters
        ----------
        periods : int or array-like of int
            Number of opportunities (whole numbers ≥ 0).

        Examples
        --------
        >>> model = BetaGeoBetaBinom()
        >>> model.params_ = {"alpha": 1.0, "beta": 1.0, "gamma": 1.0, "delta": 1.0}
        >>> model.expected_transactions_new(1)  # p̄ = 1/2, alive at the first with prob. 1/2
        0.25
        """
        alpha, beta, gamma, delta = self._values()
        out = alpha / (alpha + beta) * gamma_sum(gamma, delta, 0.0, whole_periods(periods))
        return float(out) if np.ndim(out) == 0 else out

    def probability_of_transactions(self, transactions: Any, periods: int) -> np.ndarray | float:
        """P(X(n) = x): the probability that a new customer makes x transactions in n opportunities (eq. 5).

        Parameters
        ----------
        transactions : int or array-like of int
            The numbers x of transactions (0 ≤ x; above `periods` the probability is 0).
        periods : int
            The number n of opportunities.

        Examples
        --------
        >>> from ckmkit.datasets import load_donations
        >>> bgbb = BetaGeoBetaBinom().fit(load_donations(), weights="weights", standard_errors=False)
        >>> probabilities = bgbb.probability_of_transactions(range(7), 6)
        >>> round(float(probabilities.sum()), 10), round(float(probabilities[0]), 3)
        (1.0, 0.311)
        """
        x = np.atleast_1d(whole_periods(transactions))
        n = float(whole_periods(periods))
        out = np.exp(self._log_probability(x, n))
        return float(out[0]) if np.ndim(transactions) == 0 else out

    def _log_probability(self, x: np.ndarray, n: float) -> np.ndarray:
        """log P(X(n) = x) for each x: alive throughout, or dropped out after opportunity i ≥ x."""
        alpha, beta, gamma, delta = self._values()
        i = np.arange(n)[None, :]
        xs = x[:, None]
        with np.errstate(invalid="ignore", divide="ignore"):
            alive = (_log_choose(n, x) + beta_ratio(alpha + x, beta + n - x, alpha, beta)
                     + beta_ratio(gamma, delta + n, gamma, delta))
            gone = (_log_choose(i, xs) + beta_ratio(alpha + xs, beta + i - xs, alpha, beta)
                    + beta_ratio(gamma + 1, delta + i, gamma, delta))
        alive = np.where(x <= n, alive, -np.inf)
        gone = np.where(i >= xs, gone, -np.inf)
        return np.logaddexp(alive, _logsumexp_rows(gone))


def _log_choose(n: Any, k: Any) -> np.ndarray:
    """log C(n, k) (any value where k > n: those terms are masked out)."""
    return gammaln(n + 1) - gammaln(k + 1) - gammaln(np.maximum(n - k, 0) + 1)


def _logsumexp_rows(log: np.ndarray) -> np.ndarray:
    """log Σ exp over each row, −∞ for a row of −∞ (or no columns)."""
    if log.shape[1] == 0:
        return np.full(log.shape[0], -np.inf)
    top = log.max(axis=1)
    safe = np.where(np.isfinite(top), top, 0.0)
    with np.errstate(divide="ignore"):  # a row without terms: log 0 = −∞, as meant
        return safe + np.log(np.exp(log - safe[:, None]).sum(axis=1))
