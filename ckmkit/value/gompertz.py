"""The GGompertz/NBD model: Pareto/NBD purchasing with Gompertz lifetimes (Bemmaor & Glady 2012).

Bemmaor & Glady (2012), "Modeling purchasing behavior with sudden 'death': a
flexible customer lifetime model", *Management Science* 58(5). While alive a
customer buys at a Poisson rate λ ~ gamma(r, α); the lifetime has the Gompertz
hazard ``η b e^{bτ}`` with η ~ gamma(s, β) across customers, so the share still
alive after τ is ``S(τ) = (β / (β + e^{bτ} − 1))^s``. As ``b → 0`` with ``β / b``
held, the lifetime becomes Pareto's and the model Pareto/NBD with that ``β / b``.

The likelihood's "died between the last purchase and T" term and the
predictions over a lifetime have no closed form: they are integrated with
Gauss-Legendre rules, vectorised over the distinct histories.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from scipy.special import gammaln

from ._frames import as_output
from ._horizon import check_counts, check_horizon, horizon_for
from ._purchases import as_column, gompertz_log_density, gompertz_log_tail, nbd_log_pmf
from .models import ParetoNBD, read_histories

__all__ = ["GammaGompertzNBD"]

#: Gauss-Legendre nodes and weights on [0, 1]: 32 resolve the likelihood's integrand to about
#: 1e-12 relative even for customers with dozens of purchases (a steep power of τ); to about
#: 1e-5 where lifetimes are far shorter than the window (b·T of 20 and more).
_U, _W = np.polynomial.legendre.leggauss(32)
_U, _W = (_U + 1) / 2, _W / 2


def _nodes(low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Legendre nodes on [low, high] per row, and their weights (rows × nodes)."""
    low, high = low[:, None], high[:, None]
    return low + (high - low) * _U, (high - low) * _W


class GammaGompertzNBD(ParetoNBD):
    """The GGompertz/NBD model of Bemmaor & Glady (2012).

    Parameters (after :meth:`fit`): ``r``, ``alpha`` (gamma heterogeneity of
    purchase rates, as in Pareto/NBD), ``b`` (the Gompertz scale, a rate per unit
    of time), ``s`` and ``beta`` (gamma heterogeneity of the Gompertz frailty).
    Same input and methods as :class:`~ckmkit.value.ParetoNBD`. The gradient is
    taken numerically: the likelihood holds an integral without a closed form.

    **The Pareto/NBD boundary.** When lifetimes look exponential-gamma (Pareto),
    the likelihood rises towards ``b → 0`` and ``beta → 0`` with ``beta / b``
    near Pareto/NBD's ``beta``: the supremum is the Pareto/NBD fit itself, not an
    interior point. That is a documented boundary of this model, not a failure:
    the fit stops there with a ``b`` and ``beta`` close to 0, reports it in
    ``at_boundary_`` (the names of the parameters at the boundary, else empty),
    leaves ``converged_`` as the optimiser reports it, and warns nothing; the
    standard errors of ``b`` and ``beta`` are NaN there (the likelihood is flat
    along the boundary). A run-off of any other parameter still warns, as for
    every model. Where the likelihood only creeps towards the limit, the search
    may stop short of it with a tiny ``b`` and an empty ``at_boundary_``: the fit
    is then Pareto/NBD's within the optimiser's tolerance.

    Examples
    --------
    On the CDNOW sample's first 39 weeks the optimum is that boundary, as CLVTools
    and Bemmaor & Glady (2012, Table 2) find (log-likelihood −9594.98):

    >>> from ckmkit.datasets import load_cdnow
    >>> from ckmkit.value import summarize
    >>> tx = load_cdnow("sample")
    >>> cal = summarize(tx[tx["date"] <= "1997-09-30"], time_unit="W", observation_end="1997-09-30")
    >>> gg = GammaGompertzNBD().fit(cal, standard_errors=False)
    >>> round(gg.params_["r"], 3), round(gg.loglik_, 2), gg.at_boundary_
    (0.553, -9594.98, ('b', 'beta'))
    """

    label = "GGompertz/NBD"
    _param_names = ("r", "alpha", "b", "s", "beta")
    _unit_params = (1,)  # alpha is a time scale
    _rate_params = (2,)  # b is a rate per unit of time; beta and s have no unit
    _boundary = ("b", "beta")  # together towards 0: the Pareto/NBD limit
    _covariate_effects = {"purchase": {"alpha": -1}, "dropout": {"beta": -1}}  # as CLVTools' ggomnbd

    @staticmethod
    def _pieces(logp, x, tx, big_t):
        """log C, log of the 'alive at T' term, log of the 'died in (t_x, T]' term."""
        r, alpha, b, s, beta = np.exp(logp)
        theta = beta / b
        const = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
        zero = np.zeros_like(big_t)
        alive = -(r + x) * np.log(alpha + big_t) + gompertz_log_tail(b, s, theta, zero, big_t)
        # ∫ (α+τ)^−(r+x) f(τ) dτ over (t_x, T], on v = log(α + τ), where the power is smooth.
        v, w = _nodes(np.log(alpha + tx), np.log(alpha + big_t))
        tau = np.maximum(np.exp(v) - as_column(alpha), 0.0)
        density = gompertz_log_density(as_column(b), as_column(s), as_column(theta), 0.0, tau)
        terms = (1 - r - x)[:, None] * v + density
        with np.errstate(divide="ignore"):
            dead = _logsumexp_weighted(terms, w)
        return const, alive, dead

    def _history_loglik(self, logp, x, tx, big_t):
        const, alive, dead = self._pieces(logp, x, tx, big_t)
        return const + np.logaddexp(alive, dead)

    def _alive(self, x, tx, big_t, values=None) -> np.ndarray:
        # Extreme histories underflow one of the two pieces: P(alive) is then 0 or 1, not an error.
        with np.errstate(all="ignore"):
            return super()._alive(x, tx, big_t, values)

    def _posterior(self, summary: Any, frequency: str, recency: str, T: str):
        """(x, T, P(alive)) per customer, and the parameters (per customer with covariates)."""
        params = self._values(summary)
        x, tx, big_t = read_histories(summary, frequency, recency, T)
        alive = self._alive(x, tx, big_t, params)
        return x, big_t, alive, params

    def _alive_purchases(self, x, big_t, t, params=None) -> np.ndarray:
        """E[purchases in (T, T + t] | alive at T]: E[λ] times the expected time alive in it."""
        r, alpha, b, s, beta = self._values() if params is None else params
        x, big_t, t = np.broadcast_arrays(*(np.atleast_1d(np.asarray(v, dtype="float64"))
                                            for v in (x, big_t, t)))
        u, w = _nodes(np.zeros_like(t), t)
        with np.errstate(all="ignore"):
            # λ and the frailty are independent given alive at T: the product of the two means.
            start = big_t[:, None]
            tail = gompertz_log_tail(as_column(b), as_column(s), as_column(beta / b), start, start + u)
            time_alive = (np.exp(tail) * w).sum(1)
        return (r + x) / (alpha + big_t) * time_alive

    def _count_probability(self, n, x, big_t, t, params=None) -> np.ndarray:
        """P(n purchases in (T, T + t] | alive at T): alive throughout, or dead at some u ≤ t."""
        r, alpha, b, s, beta = self._values() if params is None else params
        n, x, big_t, t = np.broadcast_arrays(*(np.atleast_1d(np.asarray(v, dtype="float64"))
                                               for v in (n, x, big_t, t)))
        k, scale, start = (r + x)[:, None], (alpha + big_t)[:, None], big_t[:, None]
        u, w = _nodes(np.zeros_like(t), t)
        with np.errstate(all="ignore"):
            survive = (gompertz_log_tail(b, s, beta / b, big_t, big_t + t)
                       + nbd_log_pmf(n, r + x, alpha + big_t, t))
            theta = as_column(beta / b)
            dying = (nbd_log_pmf(n[:, None], k, scale, u)
                     + gompertz_log_density(as_column(b), as_column(s), theta, start, start + u))
            return np.exp(survive) + (np.exp(dying) * w).sum(1)

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
        x, big_t, alive, params = self._posterior(summary, frequency, recency, T)
        horizon = horizon_for(summary, t, x.size)
        values = alive * self._alive_purchases(x, big_t, horizon, params)
        return as_output(summary, values, "expected_purchases")

    def expected_purchases_new(self, t: float | np.ndarray,
                               covariates: Mapping[str, Any] | None = None) -> np.ndarray | float:
        """Expected purchases of a randomly chosen new customer in ``(0, t]``: E[X(t)].

        Parameters
        ----------
        t : float or array-like of float
            The horizon(s) in the fitted summary's time unit.
        covariates : mapping of str to value, optional
            For a model fitted with covariates, the new customer's (``{column:
            value}``; a column left out is 0 or its reference level). Default: the
            reference customer.
        """
        t = check_horizon(t)
        out = self._alive_purchases(0.0, 0.0, t, self._values(covariates=covariates))
        return float(out[0]) if np.ndim(t) == 0 else out

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
        x, big_t, alive, (r, alpha, b, s, beta) = self._posterior(summary, frequency, recency, T)
        horizon = horizon_for(summary, t, x.size)
        with np.errstate(all="ignore"):
            values = alive * np.exp(gompertz_log_tail(b, s, beta / b, big_t, big_t + horizon))
        return as_output(summary, values, "p_alive")

    def probability_of_purchases(self, t: float, n: Any) -> np.ndarray | float:
        """P(X(t) = n): probability that a new customer makes `n` repeat purchases in ``(0, t]``.

        For a model fitted with covariates: the reference customer.

        Parameters
        ----------
        t : float or array-like of float
            Length of the period, in the fitted summary's time unit.
        n : int or array-like of int
            Number(s) of repeat purchases (broadcast against `t`).
        """
        n, t = check_counts(n), check_horizon(t)
        out = self._count_probability(n, 0.0, 0.0, t)
        return float(out[0]) if np.ndim(n) == 0 and np.ndim(t) == 0 else out

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
        x, big_t, alive, params = self._posterior(summary, frequency, recency, T)
        n, horizon = check_counts(n), horizon_for(summary, t, x.size)
        values = alive * self._count_probability(n, x, big_t, horizon, params)
        return as_output(summary, values + np.where(n == 0, 1 - alive, 0.0), "probability")


def _logsumexp_weighted(terms: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """log Σ_j weights·exp(terms) per row, without overflow (weights > 0)."""
    top = np.max(terms, axis=1, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    return top[:, 0] + np.log((np.exp(terms - top) * weights).sum(1))
