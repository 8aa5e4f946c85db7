"""The Bass diffusion model: how many customers adopt, and when.

Bass (1969) models the adoption of a new product in a market of ``m``
eventual adopters. Someone who has not adopted yet adopts at time *t* with
hazard ``p + q * F(t)``, where ``F(t)`` is the share of the market that has
already adopted: ``p``, the coefficient of innovation, is the pull of outside
influence (advertising, the product itself), and ``q``, the coefficient of
imitation, the pull of those who already adopted (word of mouth). Solving
``dF/dt = (p + q F)(1 - F)`` with ``F(0) = 0`` gives

    F(t) = (1 - exp(-(p + q) t)) / (1 + (q / p) exp(-(p + q) t)),

an S-shaped curve when ``q > p``, whose yearly adoptions peak at
``t* = ln(q / p) / (p + q)``. Unlike the cascade models of
:mod:`ckmkit.network.diffusion` it needs no network: cascades say *who*
adopts, Bass says *how many when*.

Examples
--------
>>> curve = bass_curve(0.03, 0.38, m=1000, periods=3)
>>> curve["new_adopters"].round(1).tolist()
[35.8, 49.3, 65.4]
>>> round(bass_peak(0.03, 0.38), 2)
6.19
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..i18n import t

__all__ = ["bass_curve", "bass_peak", "bass_share"]


def _coefficients(p: float, q: float) -> tuple[float, float]:
    """`p` and `q` as floats; `p` must be above 0 (nobody would ever start) and `q` at least 0."""
    values = []
    for name, value, low_ok in (("p", p, False), ("q", q, True)):
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number) or number < 0 or (number == 0 and not low_ok):
            raise ValueError(t("network.bad_bass_coefficient", name=name, value=value))
        values.append(number)
    return values[0], values[1]


def bass_share(p: float, q: float, time: float | np.ndarray) -> np.ndarray:
    """Share of the market that has adopted by `time`, ``F(t)`` of the Bass model.

    Parameters
    ----------
    p : float
        Coefficient of innovation (outside influence), above 0.
    q : float
        Coefficient of imitation (word of mouth), 0 or more.
    time : float or numpy.ndarray
        Time since launch, in the unit `p` and `q` are rates per (e.g. years); 0 or more.

    Returns
    -------
    numpy.ndarray
        ``F(time)``, between 0 and 1.

    Examples
    --------
    >>> float(bass_share(0.1, 0.0, 1.0).round(4))   # no imitation: 1 - exp(-p t)
    0.0952
    """
    p, q = _coefficients(p, q)
    time = np.asarray(time, dtype=float)
    if np.any(~np.isfinite(time)) or np.any(time < 0):
        raise ValueError(t("network.bad_bass_time", value=time.tolist()))
    decay = np.exp(-(p + q) * time)
    return (1.0 - decay) / (1.0 + (q / p) * decay)


def bass_peak(p: float, q: float) -> float:
    """Time at which adoptions per unit of time peak, ``ln(q / p) / (p + q)``; 0 when ``q <= p``.

    Parameters
    ----------
    p : float
        Coefficient of innovation, above 0.
    q : float
        Coefficient of imitation, 0 or more.

    Returns
    -------
    float
        The peak time, in the unit of the coefficients. When imitation is no
        stronger than innovation (``q <= p``) adoptions only fall, so the peak is at launch.

    Examples
    --------
    >>> round(bass_peak(0.01, 0.5), 2)
    7.67
    """
    p, q = _coefficients(p, q)
    return math.log(q / p) / (p + q) if q > p else 0.0


def bass_curve(p: float, q: float, *, m: float = 1.0, periods: int = 20) -> pd.DataFrame:
    """Adoptions period by period, split into those from innovation and from imitation.

    Parameters
    ----------
    p : float
        Coefficient of innovation, above 0.
    q : float
        Coefficient of imitation, 0 or more.
    m : float, default 1.0
        Market potential: the number of eventual adopters (1 gives shares).
    periods : int, default 20
        Number of periods (1, 2, ... `periods`) to tabulate.

    Returns
    -------
    pandas.DataFrame
        Index ``period``. ``adopters`` (cumulative, ``m F(t)``), ``new_adopters``
        (in the period), ``from_innovation`` and ``from_imitation`` (the period's
        adopters split by the two terms of the hazard, integrated exactly:
        ``m p`` times the time not yet adopted, the rest imitation).

    Examples
    --------
    >>> curve = bass_curve(0.03, 0.38, m=100, periods=20)
    >>> int(curve["new_adopters"].idxmax())       # the period around t* = 6.19
    7
    >>> round(float(curve["from_innovation"].sum() + curve["from_imitation"].sum()), 6) == round(
    ...     float(curve["adopters"].iloc[-1]), 6)
    True
    """
    p, q = _coefficients(p, q)
    try:
        market = float(m)
    except (TypeError, ValueError):
        market = math.nan
    if not math.isfinite(market) or market <= 0:
        raise ValueError(t("network.bad_bass_market", value=m))
    if isinstance(periods, bool) or not isinstance(periods, (int, np.integer)) or periods < 1:
        raise ValueError(t("network.bad_bass_periods", value=periods))
    time = np.arange(periods + 1, dtype=float)
    share = bass_share(p, q, time)
    # Innovation adds m p (1 - F) adopters per unit of time; integrating that exactly (rather
    # than p times the share left at the period's start) keeps the split consistent with F.
    not_adopted = _integral_not_adopted(p, q, time)
    innovation = market * p * np.diff(not_adopted)
    new = market * np.diff(share)
    return pd.DataFrame({"adopters": market * share[1:], "new_adopters": new,
                         "from_innovation": innovation, "from_imitation": new - innovation},
                        index=pd.RangeIndex(1, periods + 1, name="period"))


def _integral_not_adopted(p: float, q: float, time: np.ndarray) -> np.ndarray:
    """The integral of ``1 - F(s)`` from 0 to each `time`, in closed form."""
    if q == 0:
        return (1.0 - np.exp(-p * time)) / p
    ratio = q / p
    return np.log((1.0 + ratio) / (1.0 + ratio * np.exp(-(p + q) * time))) / q
