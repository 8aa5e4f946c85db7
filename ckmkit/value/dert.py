"""DERT: discounted expected residual transactions, with continuous discounting.

For a customer with history ``(x, t_x, T)``, ``DERT(δ) = ∫_0^∞ e^{−δu} dE[X(T, T + u)]``:
every future purchase counted at its present value under a continuous discount
rate δ per unit of time (Fader, Hardie & Lee 2005, "RFM and CLV: using
iso-value curves for customer base analysis", *Journal of Marketing Research*
42(4), and CLVTools' ``DERT``). Times the margin per purchase, it is the
customer's residual lifetime value, next to :func:`~ckmkit.value.customer_lifetime_value`,
which discounts period by period.

A yearly rate ``d`` becomes ``δ = log(1 + d) / (periods per year)``: 15 % a year in
weeks is ``log(1.15) / 52 ≈ 0.00269``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import hyperu

from ..i18n import t
from ..quality import is_real
from ._frames import as_output
from ._purchases import as_column, flip_survival, gompertz_log_tail, half_line_integral
from .gompertz import GammaGompertzNBD
from .mbg import ModifiedBetaGeo
from .models import BetaGeo, ParetoNBD, read_histories

__all__ = ["dert"]


def dert(model: Any, summary: Any, rate: float, *, frequency: str = "frequency",
         recency: str = "recency", T: str = "T"):
    """Discounted expected residual transactions of each customer, given their history.

    ``DERT = P(alive) · E[Σ future purchases · e^{−δ · time until each} | alive]``, for
    a fitted :class:`~ckmkit.value.BetaGeo`, :class:`~ckmkit.value.ModifiedBetaGeo`,
    :class:`~ckmkit.value.ParetoNBD` or :class:`~ckmkit.value.GammaGompertzNBD`.
    Pareto/NBD has Fader, Hardie & Lee's (2005) closed form with Tricomi's
    confluent hypergeometric function; the others are integrated numerically on
    a logarithmic grid over the whole future.

    Parameters
    ----------
    model : fitted model
        One of the four models above, fitted on a summary in the same time unit.
    summary : table
        One row per customer with the columns named below.
    rate : float
        Continuous discount rate δ per unit of the summary's time (> 0).
    frequency, recency, T : str
        Column names of repeat purchases, recency and customer age.

    Returns
    -------
    pandas.Series or numpy.ndarray
        DERT per customer (a Series named ``dert`` on a pandas summary's index).

    Examples
    --------
    Pareto/NBD on the CDNOW sample's first 39 weeks, 15 % a year:

    >>> import numpy as np
    >>> from ckmkit.datasets import load_cdnow
    >>> from ckmkit.value import ParetoNBD, summarize
    >>> tx = load_cdnow("sample")
    >>> cal = summarize(tx[tx["date"] <= "1997-09-30"], time_unit="W", observation_end="1997-09-30")
    >>> pn = ParetoNBD().fit(cal, standard_errors=False)
    >>> values = dert(pn, cal, np.log(1.15) / 52)
    >>> round(float(values.sum()))
    7206
    """
    rate = _check_rate(rate)
    if type(model) not in _RULES:
        raise ValueError(t("value.no_dert", model=type(model).__name__))
    x, _, big_t = read_histories(summary, frequency, recency, T)
    alive = np.asarray(model.p_alive(summary, frequency=frequency, recency=recency, T=T), dtype="float64")
    with np.errstate(all="ignore"):
        values = alive * _RULES[type(model)](_parameters(model, summary), x, big_t, rate)
    return as_output(summary, values, "dert")


def _check_rate(rate: Any) -> float:
    """The discount rate as a float, finite and > 0."""
    if not (is_real(rate) and np.isfinite(rate) and rate > 0):
        raise ValueError(t("value.bad_discount", value=repr(rate)))
    return float(rate)


def _parameters(model: Any, summary: Any) -> dict[str, Any]:
    """The fitted parameters (each customer's, for a model with covariates), and the model's class.

    A model that is not fitted raises its own error.
    """
    names = type(model)._param_names
    return dict(zip(names, model._values(summary)), model=type(model))


def _pareto(p: dict, x: np.ndarray, big_t: np.ndarray, rate: float) -> np.ndarray:
    """``(r+x)/(α+T) · (β+T) · U(1, 2 − s, δ(β+T))``: E[λ] times the discounted time alive.

    Given alive at T, λ ~ gamma(r + x, α + T) and μ ~ gamma(s, β + T) are independent;
    ``∫ e^{−δu} ((β+T)/(β+T+u))^s du`` is the Tricomi function (FHL 2005, eq. 2).
    """
    r, alpha, s, beta = p["r"], p["alpha"], p["s"], p["beta"]
    z = rate * (beta + big_t)
    return (r + x) / (alpha + big_t) * (beta + big_t) * hyperu(1.0, 2.0 - s, z)


def _flips(p: dict, x: np.ndarray, big_t: np.ndarray, rate: float) -> np.ndarray:
    """BG/NBD and MBG/NBD: ``∫ e^{−δu} E[λ e^{−λpu}] du`` over the posterior, alive at T.

    With λ ~ gamma(k, A), ``E[λ e^{−λpu}] = k/A · (1 + pu/A)^−(k+1)``, and over
    p ~ beta(a, b') that is :func:`flip_survival` with k + 1; b' = b + x (BG/NBD) or
    b + x + 1 (MBG/NBD: one more dropout chance survived).
    """
    r, alpha, a, b = p["r"], p["alpha"], p["a"], p["b"]
    k, scale = r + x, alpha + big_t
    b_post = b + x + (1.0 if p["model"] is ModifiedBetaGeo else 0.0)

    def rate_at(u):
        return k[:, None] / scale[:, None] * flip_survival(
            k[:, None] + 1, as_column(a), b_post[:, None], u / scale[:, None]) * np.exp(-rate * u)

    return half_line_integral(rate_at, scale, np.full(x.size, 60.0 / rate))


def _gompertz(p: dict, x: np.ndarray, big_t: np.ndarray, rate: float) -> np.ndarray:
    """GGompertz/NBD: ``(r+x)/(α+T) · ∫ e^{−δu} P(alive at T+u | alive at T) du``."""
    r, alpha, b, s, beta = p["r"], p["alpha"], p["b"], p["s"], p["beta"]
    start = big_t[:, None]
    b, s, theta = as_column(b), as_column(s), as_column(beta / b)

    def discounted_alive(u):
        return np.exp(gompertz_log_tail(b, s, theta, start, start + u) - rate * u)

    time_alive = half_line_integral(discounted_alive, alpha + big_t, np.full(x.size, 60.0 / rate))
    return (r + x) / (alpha + big_t) * time_alive


_RULES = {BetaGeo: _flips, ModifiedBetaGeo: _flips, ParetoNBD: _pareto, GammaGompertzNBD: _gompertz}
