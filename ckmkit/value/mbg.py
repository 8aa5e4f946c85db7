"""The MBG/NBD model: BG/NBD where a customer may also drop out right after the first purchase.

Batislam, Denizel & Filiztekin (2007), "Empirical validation and comparison of
models for customer base analysis", *International Journal of Research in
Marketing* 24(3). As in BG/NBD (:class:`~ckmkit.value.BetaGeo`), a live customer
buys at a gamma-distributed Poisson rate and drops out with a beta-distributed
probability ``p`` after a purchase; here the coin is also tossed after the first
purchase, so a customer without repeat purchases need not be alive, and a
customer alive after ``x`` repeat purchases has survived ``x + 1`` tosses.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import digamma, gammaln

from ._frames import as_output
from ._horizon import check_counts, check_horizon, horizon_for
from ._mle import dot
from ._purchases import bg_alive_purchases, flip_count_probability, flip_survival
from .models import BetaGeo, read_histories

__all__ = ["ModifiedBetaGeo"]


class _MBGSums:
    """MBG/NBD's negative log-likelihood and its analytic gradient in log-parameters.

    Per history ``log L = A(x) + r log α − (r + x) log(α + T) + softplus(e)`` with
    ``e = log a − log(b + x) + (r + x) log((α + T)/(α + t_x))``, the log odds of
    "dropped out after the last purchase" (for every customer, also without repeats).
    As in BG/NBD's sums, the gamma functions are taken per distinct ``x`` and the
    logarithms per distinct ``T`` and ``t_x``, then gathered: per history there is
    only the softplus and its logistic left.
    """

    def __init__(self, data: list[np.ndarray], weights: np.ndarray) -> None:
        import pandas as pd

        x, tx, big_t = data
        self.x, self.w, self.n = x, weights, float(weights.sum())
        self.cx, self.xu = pd.factorize(x)
        self.ct, self.tu = pd.factorize(big_t)
        self.ctx, self.txu = pd.factorize(tx)
        self.per_x = np.bincount(self.cx, weights=weights)  # customers per distinct x
        self.per_t = np.bincount(self.ct, weights=weights)  # customers per distinct T
        self.per_tx = np.bincount(self.ct, weights=weights * x)  # their purchases

    def __call__(self, logp: np.ndarray) -> tuple[float, np.ndarray]:
        r, alpha, a, b = np.exp(logp)
        xu, n = self.xu, self.n
        log_t, log_tx = np.log(alpha + self.tu), np.log(alpha + self.txu)
        span = log_t[self.ct] - log_tx[self.ctx]
        rx = r + self.x
        e = (np.log(a) - np.log(b + xu))[self.cx] + rx * span
        # softplus(e) = max(e, 0) + log1p(z) and logistic(e) from one z = exp(−|e|).
        z = np.exp(-np.abs(e))
        q = 1.0 / (1.0 + z)
        dead = np.where(e >= 0, q, z * q)  # P(dropped out | history)
        soft = np.maximum(e, 0.0) + np.log1p(z)
        t_weight = r * self.per_t + self.per_tx
        value = (dot(self.per_x, gammaln(r + xu) + gammaln(b + xu + 1) - gammaln(a + b + xu + 1))
                 - dot(t_weight, log_t) + dot(self.w, soft)
                 + n * (r * np.log(alpha) - gammaln(r) + gammaln(a + b) - gammaln(b)))
        grad = self._gradient((r, alpha, a, b), dead * self.w, span, rx, t_weight)
        return -float(value), -grad * np.exp(logp)

    def _gradient(self, params, ws, span, rx, t_weight) -> np.ndarray:
        """d log L / dθ for θ = (r, α, a, b), from the weighted dropout probabilities `ws`."""
        r, alpha, a, b = params
        xu, n, per_x = self.xu, self.n, self.per_x
        dig_ab = digamma(a + b + xu + 1)
        wsr = ws * rx
        by_t = np.bincount(self.ct, weights=wsr, minlength=self.tu.size)
        by_tx = np.bincount(self.ctx, weights=wsr, minlength=self.txu.size)
        by_x = np.bincount(self.cx, weights=ws, minlength=xu.size)
        ws_sum = float(np.add.reduce(ws))
        d_r = (dot(per_x, digamma(r + xu)) + n * (np.log(alpha) - digamma(r))
               - dot(self.per_t, np.log(alpha + self.tu)) + dot(ws, span))
        d_alpha = (n * r / alpha - dot(t_weight - by_t, 1.0 / (alpha + self.tu))
                   - dot(by_tx, 1.0 / (alpha + self.txu)))
        d_a = n * digamma(a + b) - dot(per_x, dig_ab) + ws_sum / a
        d_b = (dot(per_x, digamma(b + xu + 1) - dig_ab) + n * (digamma(a + b) - digamma(b))
               - dot(by_x, 1.0 / (b + xu)))
        return np.array([d_r, d_alpha, d_a, d_b])


class ModifiedBetaGeo(BetaGeo):
    """The MBG/NBD model of Batislam, Denizel & Filiztekin (2007).

    Same parameters, input and methods as :class:`~ckmkit.value.BetaGeo` (``r``,
    ``alpha``: gamma heterogeneity of purchase rates; ``a``, ``b``: beta
    heterogeneity of the dropout probability), with the likelihood and
    predictions of a model in which the first dropout chance comes right after
    the first purchase. The likelihood's gradient is analytic.

    Examples
    --------
    On the CDNOW sample's first 39 weeks (lifetimes' ``ModifiedBetaGeoFitter`` finds the same):

    >>> from ckmkit.datasets import load_cdnow
    >>> from ckmkit.value import summarize
    >>> tx = load_cdnow("sample")
    >>> cal = summarize(tx[tx["date"] <= "1997-09-30"], time_unit="W", observation_end="1997-09-30")
    >>> mbg = ModifiedBetaGeo().fit(cal, standard_errors=False)
    >>> {name: round(value, 3) for name, value in mbg.params_.items()}
    {'r': 0.525, 'alpha': 6.183, 'a': 0.891, 'b': 1.614}
    >>> round(mbg.expected_purchases_new(39), 3)
    1.182
    """

    label = "MBG/NBD"
    _covariate_effects = None  # CLVTools has no MBG/NBD with covariates to follow

    @staticmethod
    def _pieces(logp, x, tx, big_t):
        r, alpha, a, b = np.exp(logp)
        const = (gammaln(r + x) - gammaln(r) + r * np.log(alpha) + gammaln(a + b)
                 + gammaln(b + x + 1) - gammaln(b) - gammaln(a + b + x + 1))
        l3 = -(r + x) * np.log(alpha + big_t)
        l4 = np.log(a) - np.log(b + x) - (r + x) * np.log(alpha + tx)
        return const, l3, l4

    def _fun_and_grad(self, data, weights):
        return _MBGSums(data, weights)

    def _alive(self, x, tx, big_t, values=None) -> np.ndarray:
        # Extreme histories underflow one of the two pieces: P(alive) is then 0 or 1, not an error.
        with np.errstate(all="ignore"):
            return super()._alive(x, tx, big_t, values)

    def _posterior(self, summary: Any, frequency: str, recency: str, T: str):
        """(x, T, P(alive)) per customer, and the parameters.

        Alive at T, a customer has survived x + 1 dropout chances: p ~ beta(a, b + x + 1).
        """
        r, alpha, a, b = self._values()
        x, tx, big_t = read_histories(summary, frequency, recency, T)
        alive = self._alive(x, tx, big_t)
        return x, big_t, alive, (r, alpha, a, b)

    def expected_purchases(self, summary: Any, t: float, *, frequency: str = "frequency",
                           recency: str = "recency", T: str = "T"):
        """Expected number of purchases in the next `t` units, given each history.

        Parameters
        ----------
        summary : table
            One row per customer with the columns named below.
        t : float or array-like or pandas.Series
            The horizon in the summary's time unit: one for all, or one per customer.
        frequency, recency, T : str
            Column names of repeat purchases, recency and customer age.
        """
        x, big_t, alive, (r, alpha, a, b) = self._posterior(summary, frequency, recency, T)
        horizon = horizon_for(summary, t, x.size)
        # Alive at T: λ ~ gamma(r + x, α + T), p ~ beta(a, b + x + 1); BG/NBD's expectation with b + 1.
        values = bg_alive_purchases(r, alpha, a, b + 1, x, big_t, horizon) * alive
        return as_output(summary, values, "expected_purchases")

    def expected_purchases_new(self, t: float | np.ndarray) -> np.ndarray | float:
        """Expected purchases of a randomly chosen new customer in ``(0, t]``: E[X(t)].

        Parameters
        ----------
        t : float or array-like of float
            The horizon(s) in the fitted summary's time unit.
        """
        r, alpha, a, b = self._values()
        out = bg_alive_purchases(r, alpha, a, b + 1, 0.0, 0.0, check_horizon(t)) * b / (a + b)
        return float(out) if np.ndim(out) == 0 else out

    def p_alive_at(self, summary: Any, t: float, *, frequency: str = "frequency",
                   recency: str = "recency", T: str = "T"):
        """Probability that each customer is still active `t` units after the end of the window.

        Parameters
        ----------
        summary : table
            One row per customer with the columns named below.
        t : float or array-like or pandas.Series
            Time after the end of the window (0 gives :meth:`p_alive`).
        frequency, recency, T : str
            Column names of repeat purchases, recency and customer age.
        """
        x, big_t, alive, (r, alpha, a, b) = self._posterior(summary, frequency, recency, T)
        horizon = horizon_for(summary, t, x.size)
        values = alive * flip_survival(r + x, a, b + x + 1, horizon / (alpha + big_t))
        return as_output(summary, values, "p_alive")

    def probability_of_purchases(self, t: float, n: Any) -> np.ndarray | float:
        """P(X(t) = n): probability that a new customer makes `n` repeat purchases in ``(0, t]``.

        Parameters
        ----------
        t : float or array-like of float
            Length of the period, in the fitted summary's time unit.
        n : int or array-like of int
            Number(s) of repeat purchases (broadcast against `t`).
        """
        r, alpha, a, b = self._values()
        n, t = check_counts(n), check_horizon(t)
        # Dropped at the first purchase (probability a / (a + b)): no repeat purchases.
        out = b / (a + b) * flip_count_probability(n, r, alpha, a, b + 1, t) + np.where(
            n == 0, a / (a + b), 0.0)
        return float(out) if np.ndim(out) == 0 else out

    def conditional_probability_of_purchases(self, summary: Any, t: float, n: int, *,
                                             frequency: str = "frequency",
                                             recency: str = "recency", T: str = "T"):
        """P(n purchases in the next `t` units | each customer's history).

        Parameters
        ----------
        summary : table
            One row per customer with the columns named below.
        t : float or array-like or pandas.Series
            The horizon in the summary's time unit: one for all, or one per customer.
        n : int
            Number of purchases.
        frequency, recency, T : str
            Column names of repeat purchases, recency and customer age.
        """
        x, big_t, alive, (r, alpha, a, b) = self._posterior(summary, frequency, recency, T)
        n, horizon = check_counts(n), horizon_for(summary, t, x.size)
        values = alive * flip_count_probability(n, r + x, alpha + big_t, a, b + x + 1, horizon)
        return as_output(summary, values + np.where(n == 0, 1 - alive, 0.0), "probability")
