"""What the discrete-time models (BG/BB, sBG) share: counting in whole periods."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import betaln

from ..i18n import t
from ..quality import is_real
from .models import check_horizon


def whole_periods(periods: Any) -> np.ndarray | float:
    """A number of periods (one, or an array): finite whole numbers ≥ 0, as float(s).

    Examples
    --------
    >>> whole_periods(3), whole_periods([0, 2]).tolist()
    (3.0, [0.0, 2.0])
    >>> whole_periods(1.5)
    Traceback (most recent call last):
    ...
    ValueError: The number of periods must be a whole number ≥ 0 (or an array of them), not 1.5.
    """
    values = check_horizon(periods)  # numbers only, finite, ≥ 0
    if not np.all(values == np.round(values)):
        raise ValueError(t("value.periods_not_whole", value=repr(periods)))
    return values


def beta_ratio(a: Any, b: Any, a0: float, b0: float) -> np.ndarray:
    """log B(a, b) − log B(a0, b0): the log of a beta-mixture probability.

    Examples
    --------
    >>> float(np.exp(beta_ratio(1.0, 2.0, 1.0, 1.0)))  # B(1, 2) / B(1, 1) = 1/2
    0.5
    """
    return betaln(a, b) - betaln(a0, b0)


def gamma_sum(gamma: float, delta: float, start: Any, horizon: Any) -> np.ndarray:
    """Σ_{t = start+1}^{start+horizon} B(γ, δ + t) / B(γ, δ), in closed form.

    The probability of still being alive at each of the next `horizon` periods
    after `start`, summed (Fader, Hardie & Shang 2010, eqs. 6 and 13):
    ``δ/(γ−1) · Γ(γ+δ)/Γ(1+δ) · [Γ(1+δ+s)/Γ(γ+δ+s)]`` between the two ends, and
    ``δ · (ψ(δ+start+horizon+1) − ψ(δ+start+1))`` at γ = 1, where that form is 0/0.

    Examples
    --------
    >>> round(float(gamma_sum(0.5, 2.0, 0, 1)), 6)  # B(0.5, 3) / B(0.5, 2) = 2 / 2.5
    0.8
    >>> round(float(gamma_sum(1.0, 2.0, 0, 2)), 6)  # 2/3 + 2/4
    1.166667
    """
    from scipy.special import digamma, gammaln

    start, end = np.asarray(start, dtype="float64"), np.asarray(start, dtype="float64") + horizon
    if abs(gamma - 1.0) < 1e-7:
        return delta * (digamma(delta + end + 1) - digamma(delta + start + 1))
    u_start = gammaln(1 + delta + start) - gammaln(gamma + delta + start)
    u_end = gammaln(1 + delta + end) - gammaln(gamma + delta + end)
    front = np.log(delta) + gammaln(gamma + delta) - gammaln(1 + delta) + u_start
    # exp(u_start) − exp(u_end), and (γ − 1), have the same sign: their ratio is positive.
    return np.exp(front) * -np.expm1(u_end - u_start) / (gamma - 1.0)


def check_discount_rate(rate: Any) -> float:
    """The discount rate per period as a float, finite and > 0.

    Examples
    --------
    >>> check_discount_rate(0.1)
    0.1
    >>> check_discount_rate(0)
    Traceback (most recent call last):
    ...
    ValueError: The discount rate must be a finite number > 0 (per period), not 0.
    """
    if not (is_real(rate) and np.isfinite(rate) and rate > 0):
        raise ValueError(t("value.discount_rate_bad", value=repr(rate)))
    return float(rate)
