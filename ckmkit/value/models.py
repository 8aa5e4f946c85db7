"""Buy-'til-you-die models of repeat purchasing: BG/NBD and Pareto/NBD.

Both assume that, while alive, a customer buys at a Poisson rate (gamma
distributed across customers) and at some point drops out unobserved. They
differ in the dropout story:

* **Pareto/NBD** (Schmittlein, Morrison & Colombo 1987): lifetimes are
  exponential with gamma-distributed rates, so dropout can happen at any time.
* **BG/NBD** (Fader, Hardie & Lee 2005, "Counting your customers the easy way",
  *Marketing Science* 24(2)): after each purchase the customer drops out with
  probability ``p`` (beta distributed across customers). Same fit, much simpler
  likelihood.

Both are fitted by maximum likelihood on a summary from
:func:`ckmkit.value.summarize` (``frequency``, ``recency``, ``T``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from scipy.special import betaln, digamma, gammaln, hyp2f1
from scipy.stats import nbinom

from ..i18n import t
from ._fitter import BaseFitter
from ._frames import as_output, check_rules, column_arrays
from ._horizon import check_counts, check_horizon, horizon_for
from ._mle import dot
from ._purchases import bg_alive_purchases
from .covariates import CovariateModel

__all__ = ["BetaGeo", "ParetoNBD", "read_histories", "check_horizon"]


def read_histories(
    frame: Any, frequency: str = "frequency", recency: str = "recency", T: str = "T"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Columns ``(x, t_x, T)`` as arrays, checked: finite, 0 ≤ t_x ≤ T, integer x ≥ 0, t_x = 0 if x = 0.

    Parameters
    ----------
    frame : table
        One row per customer (a summary), pandas or any engine narwhals knows.
    frequency : str, default "frequency"
        Column of repeat purchases x (whole numbers ≥ 0).
    recency : str, default "recency"
        Column of the time t_x from the first to the last purchase (≥ 0).
    T : str, default "T"
        Column of the customer's age T: time from the first purchase to the end (≥ t_x).

    Returns
    -------
    tuple of three float64 arrays
        ``x``, ``t_x`` and ``T`` in row order.

    Raises
    ------
    ValueError
        Naming the column and an example row that breaks a rule.

    Examples
    --------
    >>> import pandas as pd
    >>> x, tx, big_t = read_histories(pd.DataFrame({"frequency": [2], "recency": [5.0], "T": [9.0]}))
    >>> x.tolist(), tx.tolist(), big_t.tolist()
    ([2.0], [5.0], [9.0])
    >>> read_histories(pd.DataFrame({"frequency": [2], "recency": [10.0], "T": [9.0]}, index=["c7"]))
    Traceback (most recent call last):
    ...
    ValueError: Column 'T' must be at least the recency; row c7 has T = 9.0 and recency = 10.0.
    """
    x, tx, big_t = column_arrays(frame, [frequency, recency, T])
    rules = [(column, values, ~np.isfinite(values), "value.not_finite")
             for column, values in ((frequency, x), (recency, tx), (T, big_t))]
    rules += [  # comparisons with NaN are False: missing values were caught above
        (frequency, x, (x < 0) | (x != np.round(x)), "value.bad_frequency"),
        (recency, tx, tx < 0, "value.bad_recency"),
        # no repeat purchase, so the last purchase is the first one: recency is 0
        (recency, tx, (x == 0) & (tx > 0), "value.recency_without_repeat"),
        (T, big_t, big_t < tx, "value.bad_T"),
    ]
    check_rules(frame, rules, x=x, recency=tx, T=big_t)
    return x, tx, big_t


def _counts_and_horizons(horizon: Any, n: Any) -> tuple[np.ndarray, np.ndarray]:
    """Horizons and purchase counts `n`, both checked, broadcast together."""
    horizons = np.asarray(check_horizon(horizon), dtype="float64")
    return np.broadcast_arrays(horizons, np.asarray(check_counts(n), dtype="float64"))


def _scalar_or_array(values: np.ndarray) -> np.ndarray | float:
    return float(values) if np.ndim(values) == 0 else values


def _xlog(k: Any, y: np.ndarray) -> np.ndarray:
    """k · log y, 0 where k = 0 (also for y = 0: the t**0 of a zero horizon is 1)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.asarray(k) == 0, 0.0, k * np.log(y))


def _one_minus_pow_over(q: np.ndarray, e: Any) -> np.ndarray:
    """(1 − q**e) / e, continuous at e = 0 (where it is −log q); `e` one number or one per row."""
    if np.ndim(e) == 0:
        return -np.log(q) if abs(e) < 1e-12 else -np.expm1(e * np.log(q)) / e
    tiny = np.abs(e) < 1e-12
    return np.where(tiny, -np.log(q), -np.expm1(e * np.log(q)) / np.where(tiny, 1.0, e))


class _BGSums:
    """BG/NBD's negative log-likelihood and gradient, arranged so each step touches little data.

    Per history, ``log L = C(x) + r log α − (r + x) log(α + T) + [x > 0] softplus(e)``
    with ``e = log a − log(b + x − 1) + (r + x)(log(α + T) − log(α + t_x))``, the log
    odds of "dropped out after the last purchase". So:

    * the terms in ``x`` alone (gamma functions) are summed per distinct ``x``;
    * the ``log(α + T)`` term is summed per distinct ``T`` (a few hundred values);
    * only repeat buyers need per-history work: one ``e``, its softplus and its
      logistic (the posterior weight of dropout), with logarithms taken on the
      distinct ``T`` and ``t_x`` values and gathered.

    Calling it with log-parameters gives ``(value, gradient)``.
    """

    def __init__(self, data: list[np.ndarray], weights: np.ndarray) -> None:
        import pandas as pd

        x, tx, big_t = data
        self.n = float(weights.sum())
        cx, self.xu = pd.factorize(x)
        self.per_x = np.bincount(cx, weights=weights)  # customers per distinct x
        ct, self.tu = pd.factorize(big_t)
        self.per_t = np.bincount(ct, weights=weights)  # customers per distinct T
        self.per_tx = np.bincount(ct, weights=weights * x)  # their purchases
        rep = np.flatnonzero(x > 0)
        self.xr, self.wr, self.ctr = x[rep], weights[rep], ct[rep]
        self.cxr, self.xru = pd.factorize(self.xr)
        self.ctxr, self.txu = pd.factorize(tx[rep])
        self.pair = self.ctr * self.txu.size + self.ctxr  # into the (distinct T) × (distinct t_x) table
        # Work arrays for the repeat buyers, reused by every call: no allocation per step.
        self.span, self.rx, self.e, self.z, self.q, self.tmp = (np.empty(rep.size) for _ in range(6))
        self.nonneg = np.empty(rep.size, dtype=bool)

    def _total(self, a_: np.ndarray, b_: np.ndarray) -> float:
        return float(np.add.reduce(np.multiply(a_, b_, out=self.tmp)))

    def _dropout(self, r: float, log_odds: np.ndarray, log_t: np.ndarray,
                 log_tx: np.ndarray) -> tuple[float, np.ndarray]:
        """Σ w·softplus(e) over the repeat buyers, and each one's w·P(dropped out | history).

        `log_odds` is ``log(a / (b + x − 1))`` per distinct repeat ``x``. Leaves
        ``span = log((α + T) / (α + t_x)) ≥ 0`` and ``rx = r + x`` in the work arrays.
        """
        span, e, z, q, tmp = self.span, self.e, self.z, self.q, self.tmp
        np.take((log_t[:, None] - log_tx[None, :]).ravel(), self.pair, out=span)
        np.add(self.xr, r, out=self.rx)
        np.multiply(self.rx, span, out=e)
        np.add(e, np.take(log_odds, self.cxr, out=tmp), out=e)
        # softplus(e) = max(e, 0) + log1p(z) and logistic(e), with z = exp(-|e|); capping
        # |e| at 40 changes either by < exp(-40) and keeps clear of slow subnormals.
        np.abs(e, out=z)
        np.minimum(z, 40.0, out=z)
        np.negative(z, out=z)
        np.exp(z, out=z)
        np.add(z, 1.0, out=q)
        np.reciprocal(q, out=q)
        np.greater_equal(e, 0.0, out=self.nonneg)
        np.maximum(e, 0.0, out=e)
        np.add(e, np.log1p(z, out=tmp), out=e)  # e now holds softplus
        soft = self._total(self.wr, e)
        np.multiply(z, q, out=z)
        np.copyto(z, q, where=self.nonneg)  # z now holds P(dropped out | history)
        return soft, np.multiply(z, self.wr, out=z)

    def __call__(self, logp: np.ndarray) -> tuple[float, np.ndarray]:
        r, alpha, a, b = np.exp(logp)
        xu, n = self.xu, self.n
        gam = gammaln(r + xu) + gammaln(b + xu) - gammaln(a + b + xu)
        log_t = np.log(alpha + self.tu)
        log_tx = np.log(alpha + self.txu)
        inv_b = 1.0 / (b + self.xru - 1)
        soft, ws = self._dropout(r, np.log(a * inv_b), log_t, log_tx)
        t_weight = r * self.per_t + self.per_tx
        value = (dot(self.per_x, gam) + n * (r * np.log(alpha) - gammaln(r) + gammaln(a + b)
                                             - gammaln(b))
                 - dot(t_weight, log_t) + soft)
        grad = self._gradient((r, alpha, a, b), ws, inv_b, log_t, t_weight) * np.exp(logp)
        return -float(value), -grad

    def _gradient(self, params: tuple[float, ...], ws: np.ndarray, inv_b: np.ndarray,
                  log_t: np.ndarray, t_weight: np.ndarray) -> np.ndarray:
        """d log L / dθ for θ = (r, α, a, b), from the dropout weights `ws` of :meth:`_dropout`."""
        r, alpha, a, b = params
        xu, n, per_x, per_t = self.xu, self.n, self.per_x, self.per_t
        dig_r, dig_b, dig_ab = (digamma(v + xu) for v in (r, b, a + b))
        ws_span = self._total(ws, self.span)
        ws_sum = float(np.add.reduce(ws))
        by_x = np.bincount(self.cxr, weights=ws, minlength=self.xru.size)
        wsr = np.multiply(ws, self.rx, out=self.rx)
        by_t = np.bincount(self.ctr, weights=wsr, minlength=self.tu.size)
        by_tx = np.bincount(self.ctxr, weights=wsr, minlength=self.txu.size)
        d_r = (dot(per_x, dig_r) + n * (np.log(alpha) - digamma(r)) - dot(per_t, log_t)
               + ws_span)
        d_alpha = (n * r / alpha - dot(t_weight - by_t, 1.0 / (alpha + self.tu))
                   - dot(by_tx, 1.0 / (alpha + self.txu)))
        d_a = n * digamma(a + b) - dot(per_x, dig_ab) + ws_sum / a
        d_b = (dot(per_x, dig_b - dig_ab) + n * (digamma(a + b) - digamma(b))
               - dot(by_x, inv_b))
        return np.array([d_r, d_alpha, d_a, d_b])


class _BTYD(CovariateModel, BaseFitter):
    """What BG/NBD and Pareto/NBD share: histories (x, t_x, T) fitted in units of the mean age.

    With covariates (see :mod:`ckmkit.value.covariates`) the data carry one more
    column per coefficient, and the likelihood is the plain one at each row's own
    parameters; the plain fit's path (and its analytic gradient) is unchanged.
    """

    _columns = ("frequency", "recency", "T")
    _warm_start = True

    def fit(
        self,
        summary: Any,
        *,
        frequency: str = "frequency",
        recency: str = "recency",
        T: str = "T",
        purchase_covariates: Sequence[str] | None = None,
        dropout_covariates: Sequence[str] | None = None,
        standard_errors: bool = True,
    ):
        """Fit by maximum likelihood on a customer summary.

        Parameters
        ----------
        summary : frame
            One row per customer with repeat-purchase `frequency`, `recency`
            and age `T` (pandas, Polars or DuckDB).
        frequency, recency, T : str
            Column names.
        purchase_covariates, dropout_covariates : sequence of str, optional
            Columns of `summary` (customer characteristics, joined by id) whose
            coefficients shift the purchase or the dropout process, as CLVTools
            parameterises them (see :mod:`ckmkit.value.covariates`): a positive
            purchase coefficient raises the purchase rate. Categorical columns are
            dummy-coded against their first level in sorted order. The coefficients
            join ``params_`` as ``purchase:<column>`` and ``dropout:<column>`` (on the
            identity scale), the coding is in ``covariates_``, and predictions then
            read each customer's covariates from the summary they are given.
        standard_errors : bool, default True
            Also compute standard errors from the Hessian (cheap: the data are
            compressed to unique histories, with their covariates, first).

        Returns
        -------
        self
            With ``params_`` (dict), ``loglik_`` (total log-likelihood),
            ``n_customers_``, ``n_histories_``, ``converged_``, and with standard
            errors ``standard_errors_`` (dict) and ``summary_`` (a table of
            estimates, standard errors and 95 % intervals on the log scale).

        Raises
        ------
        ValueError
            Bad columns, no repeat purchases at all, a likelihood that is not
            finite at the optimum, or a covariate that is missing for a customer
            (named), constant, or collinear with others.

        Warns
        -----
        ConvergenceWarning
            The optimiser stopped without meeting its convergence test, or the
            estimates ran off to a boundary (a parameter towards 0 or ∞) because
            the data cannot identify the model. ``converged_`` is then False.

        Examples
        --------
        Customers bought online buy twice as often (a purchase coefficient of log 2):

        >>> import numpy as np, pandas as pd
        >>> from ckmkit.value import simulate_summary
        >>> z = pd.DataFrame({"online": np.repeat([0.0, 1.0], 3000)})
        >>> truth = {"r": 0.6, "alpha": 8.0, "a": 0.8, "b": 2.5,
        ...          "purchase:online": np.log(2), "dropout:online": 0.0}
        >>> data = simulate_summary("BetaGeo", truth, z, T=52, seed=1)
        >>> bg = BetaGeo().fit(data, purchase_covariates=["online"], dropout_covariates=["online"])
        >>> list(bg.params_)
        ['r', 'alpha', 'a', 'b', 'purchase:online', 'dropout:online']
        >>> low, high = bg.summary_.loc["purchase:online", ["lower_95", "upper_95"]]
        >>> bool(low < np.log(2) < high)
        True
        """
        columns = {"frequency": frequency, "recency": recency, "T": T}
        self._use_covariates(summary, purchase_covariates, dropout_covariates)
        return self._fit(summary, columns, standard_errors=standard_errors)

    def _read(self, summary, columns):
        return list(read_histories(summary, **columns)) + self._covariate_columns(summary)

    def _loglik(self, logp, x, tx, big_t, *covariates):
        return self._history_loglik(self._row_logp(logp, covariates), x, tx, big_t)

    def _usable(self, data, columns, strict):
        x = data[0]
        if x.size == 0 or not np.any(x > 0):
            raise ValueError(t("value.no_repeat", model=type(self).__name__,
                               column=columns["frequency"]))
        return data

    def _scale(self, data, weights, columns):
        """Histories in units of the mean customer age, whatever the summary's time unit.

        The optimiser then starts and moves on the same scale for days, weeks or
        months; α (and β) are time scales, so multiplying them back is exact.
        """
        x, tx, big_t, *covariates = data
        unit = float(dot(weights, big_t) / weights.sum())
        if not unit > 0:  # repeat purchases in no time at all: an infinite purchase rate
            raise ValueError(t("value.no_time", model=type(self).__name__, column=columns["T"]))
        return [x, tx / unit, big_t / unit, *covariates], unit

    def _densities(self, data, weights):
        return dot(weights, data[0])  # purchase times are densities: Σx of them

    def p_alive(self, summary: Any, *, frequency: str = "frequency", recency: str = "recency",
                T: str = "T"):
        """Probability that each customer is still active at the end of their window.

        For BG/NBD ``1 / (1 + [x > 0] · a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x))``.

        Parameters
        ----------
        summary : table
            One row per customer with the columns named below (and, for a model
            fitted with covariates, its covariate columns).
        frequency, recency, T : str
            Column names of repeat purchases, recency and customer age.
        """
        histories = read_histories(summary, frequency, recency, T)
        return as_output(summary, self._alive(*histories, self._values(summary)), "p_alive")

    def _alive(self, x, tx, big_t, values=None) -> np.ndarray:
        """P(alive) from the likelihood's two pieces: alive through T, or dropped out before.

        `values` are the parameters (per customer with covariates); default the fitted ones.
        """
        values = self._values() if values is None else values
        _, alive, dead = self._pieces(np.log(values), x, tx, big_t)
        with np.errstate(under="ignore"):  # a long-silent heavy buyer: P(alive) underflows to 0
            return np.exp(alive - np.logaddexp(alive, dead))

    def loglik(self, summary: Any, *, frequency: str = "frequency", recency: str = "recency",
               T: str = "T") -> float:
        """Total log-likelihood of `summary` under the fitted parameters.

        Parameters
        ----------
        summary : table
            One row per customer with the columns named below.
        frequency, recency, T : str
            Column names of repeat purchases, recency and customer age.
        """
        x, tx, big_t = read_histories(summary, frequency, recency, T)
        covariates = self._covariate_columns(summary)
        return float(self._loglik(self._optimiser_params(), x, tx, big_t, *covariates).sum())


class BetaGeo(_BTYD):
    """The BG/NBD model of Fader, Hardie & Lee (2005).

    Parameters (after :meth:`fit`): ``r``, ``alpha`` (gamma heterogeneity of
    purchase rates) and ``a``, ``b`` (beta heterogeneity of the dropout
    probability). The likelihood and gradient are analytic and vectorised.

    Examples
    --------
    The CDNOW sample's first 39 weeks give the estimates of Fader, Hardie & Lee (2005):

    >>> from ckmkit.datasets import load_cdnow
    >>> from ckmkit.value import summarize
    >>> tx = load_cdnow("sample")
    >>> cal = summarize(tx[tx["date"] <= "1997-09-30"], time_unit="W", observation_end="1997-09-30")
    >>> bg = BetaGeo().fit(cal, standard_errors=False)
    >>> {name: round(value, 3) for name, value in bg.params_.items()}
    {'r': 0.243, 'alpha': 4.414, 'a': 0.793, 'b': 2.426}
    >>> round(bg.loglik_, 1)
    -9582.4
    >>> bool(bg.p_alive(cal).between(0, 1).all())
    True
    """

    label = "BG/NBD"  # the model's name in the literature, for plot legends
    _param_names = ("r", "alpha", "a", "b")
    _unit_params = (1,)  # alpha is a time scale
    #: CLVTools' bgnbd_staticcov: α_i = α₀ e^(−γ·z), a_i = a₀ e^(γ·z), b_i = b₀ e^(γ·z).
    _covariate_effects = {"purchase": {"alpha": -1}, "dropout": {"a": 1, "b": 1}}

    @staticmethod
    def _pieces(logp, x, tx, big_t):
        r, alpha, a, b = np.exp(logp)
        const = (gammaln(r + x) - gammaln(r) + r * np.log(alpha) + gammaln(a + b)
                 + gammaln(b + x) - gammaln(b) - gammaln(a + b + x))
        l3 = -(r + x) * np.log(alpha + big_t)
        with np.errstate(divide="ignore", invalid="ignore"):
            l4 = np.where(x > 0, np.log(a) - np.log(b + x - 1) - (r + x) * np.log(alpha + tx), -np.inf)
        return const, l3, l4

    def _history_loglik(self, logp, x, tx, big_t):
        const, l3, l4 = self._pieces(logp, x, tx, big_t)
        with np.errstate(under="ignore"):  # exp of a very negative log term is 0, harmlessly
            return const + np.logaddexp(l3, l4)

    def _row_slopes(self, rows, x, tx, big_t):
        """Each row's log-likelihood and its analytic derivatives in log r, log α, log a, log b.

        With π the posterior probability of "dropped out after the last purchase"
        (the weight of the second piece), e.g. ``∂ℓ/∂a = ψ(a+b) − ψ(a+b+x) + π/a``.
        """
        r, alpha, a, b = np.exp(rows)
        const, l3, l4 = self._pieces(rows, x, tx, big_t)
        with np.errstate(under="ignore", divide="ignore", invalid="ignore"):
            total = np.logaddexp(l3, l4)
            drop = np.exp(l4 - total)  # 0 without repeat purchases (l4 = −∞)
            dig_ab, dig_abx = digamma(a + b), digamma(a + b + x)
            span = (1 - drop) * np.log(alpha + big_t) + np.where(x > 0, drop * np.log(alpha + tx), 0.0)
            rate = (1 - drop) / (alpha + big_t) + np.where(x > 0, drop / (alpha + tx), 0.0)
            slopes = np.array([
                r * (digamma(r + x) - digamma(r) + np.log(alpha) - span),
                alpha * (r / alpha - (r + x) * rate),
                a * (dig_ab - dig_abx) + drop,
                b * (dig_ab + digamma(b + x) - digamma(b) - dig_abx)
                - np.where(x > 0, drop * b / (b + x - 1), 0.0),
            ])
        return const + total, slopes

    def _fun_and_grad(self, data, weights):
        """Negative log-likelihood and its analytic gradient in log-parameters, as one function.

        With covariates, the chain rule through each row's parameters (see ``CovariateModel``).
        """
        return _BGSums(data, weights) if self.covariates_ is None else super()._fun_and_grad(data, weights)

    def expected_purchases(self, summary: Any, t: float, *, frequency: str = "frequency",
                           recency: str = "recency", T: str = "T"):
        """Expected number of purchases in the next `t` units, given each history.

        Equation (10) of Fader, Hardie & Lee (2005).

        Parameters
        ----------
        summary : table
            One row per customer with the columns named below.
        t : float or array-like or pandas.Series
            The horizon in the summary's time unit: one for all, or one per
            customer (a Series is matched on a pandas summary's index).
        frequency, recency, T : str
            Column names of repeat purchases, recency and customer age.
        """
        params = self._values(summary)
        r, alpha, a, b = params
        x, tx, big_t = read_histories(summary, frequency, recency, T)
        t = horizon_for(summary, t, x.size)
        values = bg_alive_purchases(r, alpha, a, b, x, big_t, t) * self._alive(x, tx, big_t, params)
        return as_output(summary, values, "expected_purchases")

    def expected_purchases_new(self, t: float | np.ndarray,
                               covariates: Mapping[str, Any] | None = None) -> np.ndarray | float:
        """Expected purchases of a randomly chosen new customer in ``(0, t]``: E[X(t)].

        Parameters
        ----------
        t : float or array-like of float
            The horizon(s) in the fitted time unit (≥ 0).
        covariates : mapping of str to value, optional
            For a model fitted with covariates, the new customer's (``{column:
            value}``; a column left out is 0 or its reference level). Default: the
            reference customer, all covariates 0 or at their reference level.
        """
        r, alpha, a, b = self._values(covariates=covariates)
        t = check_horizon(t)
        out = bg_alive_purchases(r, alpha, a, b, 0.0, 0.0, t)
        return float(out) if np.ndim(out) == 0 else out

    def probability_of_purchases(self, t: Any, n: Any) -> np.ndarray | float:
        """P(X(t) = n): the probability that a new customer makes `n` purchases in ``(0, t]``.

        For a model fitted with covariates: the reference customer (all covariates 0
        or at their reference level).

        Equation (8) of Fader, Hardie & Lee (2005): still alive after `n` purchases
        (the NBD count), or dropped out after the `n`-th one when the NBD would
        have given more, ``B(a+1, b+n−1)/B(a, b) · P(NBD(t) ≥ n)``.

        Parameters
        ----------
        t : float or array-like of float
            The horizon(s) in the fitted time unit (≥ 0).
        n : int or array-like of int
            The number(s) of purchases (whole numbers ≥ 0); broadcast with `t`.

        Examples
        --------
        >>> bg = BetaGeo()
        >>> bg.params_ = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}  # CDNOW's estimates
        >>> round(bg.probability_of_purchases(39, 0), 4)
        0.5738
        >>> round(float(sum(bg.probability_of_purchases(39, range(300)))), 6)
        1.0
        """
        r, alpha, a, b = self._values()
        t, n = _counts_and_horizons(t, n)
        p = alpha / (alpha + t)
        with np.errstate(under="ignore", divide="ignore"):
            stay = np.exp(betaln(a, b + n) - betaln(a, b) + nbinom.logpmf(n, r, p))
            gone = np.where(n > 0, np.exp(betaln(a + 1, b + n - 1) - betaln(a, b))
                            * nbinom.sf(n - 1, r, p), 0.0)
        return _scalar_or_array(stay + gone)


class ParetoNBD(_BTYD):
    """The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987).

    Parameters: ``r``, ``alpha`` (purchase rates) and ``s``, ``beta`` (dropout
    rates). The likelihood follows Fader & Hardie (2005), "A note on deriving
    the Pareto/NBD model and related expressions", evaluated in log space with
    vectorised Gauss hypergeometric functions.

    Examples
    --------
    On the CDNOW sample's first 39 weeks (the estimates Fader, Hardie & Lee report):

    >>> from ckmkit.datasets import load_cdnow
    >>> from ckmkit.value import summarize
    >>> tx = load_cdnow("sample")
    >>> cal = summarize(tx[tx["date"] <= "1997-09-30"], time_unit="W", observation_end="1997-09-30")
    >>> pn = ParetoNBD().fit(cal, standard_errors=False)
    >>> {name: round(value, 2) for name, value in pn.params_.items()}
    {'r': 0.55, 'alpha': 10.58, 's': 0.61, 'beta': 11.67}
    """

    label = "Pareto/NBD"
    _param_names = ("r", "alpha", "s", "beta")
    _unit_params = (1, 3)  # alpha and beta are time scales
    #: CLVTools' pnbd_staticcov: α_i = α₀ e^(−γ·z), β_i = β₀ e^(−γ·z).
    _covariate_effects = {"purchase": {"alpha": -1}, "dropout": {"beta": -1}}

    @staticmethod
    def _pieces(logp, x, tx, big_t):
        """log C, log of the 'alive at T' term, log of the 'died in (t_x, T]' term."""
        r, alpha, s, beta = np.exp(logp)
        const = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + s * np.log(beta)
        alive = -(r + x) * np.log(alpha + big_t) - s * np.log(beta + big_t)
        rsx = r + s + x
        # Each row's hypergeometric series taken on the larger of α and β (argument in [0, 1)).
        top, second = np.maximum(alpha, beta), np.where(alpha >= beta, s + 1, r + x)
        gap = np.abs(alpha - beta)
        with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
            u = np.log(hyp2f1(rsx, second, rsx + 1, gap / (top + tx))) - rsx * np.log(top + tx)
            v = np.log(hyp2f1(rsx, second, rsx + 1, gap / (top + big_t))) - rsx * np.log(top + big_t)
            dead = np.log(s) - np.log(rsx) + u + np.log1p(-np.exp(v - u))
        dead = np.where(big_t > tx, dead, -np.inf)
        return const, alive, dead

    def _history_loglik(self, logp, x, tx, big_t):
        const, alive, dead = self._pieces(logp, x, tx, big_t)
        with np.errstate(under="ignore"):  # exp of a very negative log term is 0, harmlessly
            return const + np.logaddexp(alive, dead)

    def expected_purchases(self, summary: Any, t: float, *, frequency: str = "frequency",
                           recency: str = "recency", T: str = "T"):
        """Expected purchases in the next `t` units given each history (Fader & Hardie 2005).

        Parameters
        ----------
        summary : table
            One row per customer with the columns named below.
        t : float or array-like or pandas.Series
            The horizon in the summary's time unit: one for all, or one per
            customer (a Series is matched on a pandas summary's index).
        frequency, recency, T : str
            Column names of repeat purchases, recency and customer age.
        """
        params = self._values(summary)
        r, alpha, s, beta = params
        x, tx, big_t = read_histories(summary, frequency, recency, T)
        t = horizon_for(summary, t, x.size)
        alive = self._alive(x, tx, big_t, params)
        q = (beta + big_t) / (beta + big_t + t)
        values = (r + x) * (beta + big_t) / (alpha + big_t) * _one_minus_pow_over(q, s - 1) * alive
        return as_output(summary, values, "expected_purchases")

    def expected_purchases_new(self, t: float | np.ndarray,
                               covariates: Mapping[str, Any] | None = None) -> np.ndarray | float:
        """Expected purchases of a randomly chosen new customer in ``(0, t]``: E[X(t)].

        Parameters
        ----------
        t : float or array-like of float
            The horizon(s) in the fitted time unit (≥ 0).
        covariates : mapping of str to value, optional
            For a model fitted with covariates, the new customer's (``{column:
            value}``; a column left out is 0 or its reference level). Default: the
            reference customer, all covariates 0 or at their reference level.
        """
        r, alpha, s, beta = self._values(covariates=covariates)
        t = check_horizon(t)
        out = r * beta / alpha * _one_minus_pow_over(beta / (beta + t), s - 1)
        return float(out) if out.ndim == 0 else out

    def probability_of_purchases(self, t: Any, n: Any) -> np.ndarray | float:
        """P(X(t) = n): the probability that a new customer makes `n` purchases in ``(0, t]``.

        For a model fitted with covariates: the reference customer (all covariates 0
        or at their reference level).

        Fader & Hardie (2006), "Deriving an expression for P(X(t) = x) under the
        Pareto/NBD model": alive throughout with `n` purchases, or died at some
        τ < t after exactly `n` purchases in ``(0, τ]``.

        Parameters
        ----------
        t : float or array-like of float
            The horizon(s) in the fitted time unit (≥ 0).
        n : int or array-like of int
            The number(s) of purchases (whole numbers ≥ 0); broadcast with `t`.

        Examples
        --------
        >>> pn = ParetoNBD()
        >>> pn.params_ = {"r": 0.553, "alpha": 10.58, "s": 0.606, "beta": 11.67}  # CDNOW's estimates
        >>> round(pn.probability_of_purchases(39, 0), 4)
        0.5936
        >>> round(float(sum(pn.probability_of_purchases(39, range(300)))), 6)
        1.0
        """
        r, alpha, s, beta = self._values()
        t, n = _counts_and_horizons(t, n)
        alive = np.exp(gammaln(r + n) - gammaln(r) - gammaln(n + 1) + r * np.log(alpha / (alpha + t))
                       + _xlog(n, t / (alpha + t)) + s * np.log(beta / (beta + t)))
        return _scalar_or_array(alive + self._died_with(n, t))

    def _died_with(self, n: np.ndarray, t: np.ndarray) -> np.ndarray:
        """P(died before t, after exactly n purchases): the second term of Fader & Hardie (2006).

        ``α^r β^s B(r+n, s+1)/B(r, s) · (B1 − Σ_{j≤n} Γ(r+s+j)/(Γ(r+s) j!) t^j B2_j)``, each
        B a Gauss hypergeometric function taken on the larger of α and β so that its
        argument lies in [0, 1).
        """
        r, alpha, s, beta = self._values()
        top, second = (alpha, s + 1) if alpha >= beta else (beta, r + n)
        gap, rs = abs(alpha - beta), r + s
        with np.errstate(under="ignore", divide="ignore", invalid="ignore", over="ignore"):
            log_scale = r * np.log(alpha) + s * np.log(beta) + betaln(r + n, s + 1) - betaln(r, s)
            total = hyp2f1(rs, second, rs + n + 1, gap / top) * np.exp(log_scale - rs * np.log(top))
            for j in range(int(n.max(initial=0)) + 1):
                log_term = (gammaln(rs + j) - gammaln(rs) - gammaln(j + 1) + _xlog(j, t)
                            - (rs + j) * np.log(top + t) + log_scale)
                term = hyp2f1(rs + j, second, rs + n + 1, gap / (top + t)) * np.exp(log_term)
                # past n the term is not wanted; an overflowing one (inf · 0) is 0 in the limit
                total = total - np.where((j <= n) & np.isfinite(term), term, 0.0)
        return np.maximum(total, 0.0)  # rounding can leave −1e-17 where the probability is 0
