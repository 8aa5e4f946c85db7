"""What the models built on purchase-and-dropout coin flips share: expectations over the posterior.

BG/NBD and MBG/NBD both let a customer drop out with probability ``p`` after a
purchase (MBG/NBD also after the first one); their predictions share the same
expectations over ``p``'s beta distribution, written once here; and so do the
Pareto-type models (Pareto/NBD, GGompertz/NBD) the integrals over a lifetime.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import betainc, betaincinv, gammaln, hyp2f1


def bg_alive_purchases(r, alpha, a, b, x, big_t, t) -> np.ndarray:
    """E[purchases in (T, T + t] | alive at T, history] under BG/NBD: eq. (10) without P(alive).

    The closed form ``(a + b + x − 1)/(a − 1) · (1 − ((α+T)/(α+T+t))^(r+x) ·
    ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t)))`` is exact but breaks down (NaN) when the
    parameters are extreme, as at the boundary of a degenerate fit, or when a = 1.
    There the same expectation, ``E[(1 − (1 + p·w)^−(r+x)) / p]`` over the posterior
    ``p ~ Beta(a, b + x)`` with ``w = t/(α+T)``, is integrated numerically instead.
    """
    x, big_t, t = np.broadcast_arrays(*(np.asarray(v, dtype="float64") for v in (x, big_t, t)))
    if np.ndim(a):  # parameters per customer (a model with covariates)
        r, alpha, a, b, x, big_t, t = np.broadcast_arrays(r, alpha, a, b, x, big_t, t)
    with np.errstate(all="ignore"):
        ratio = (alpha + big_t) / (alpha + big_t + t)
        tail = ratio ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + big_t + t))
        out = (a + b + x - 1) / (a - 1) * (1 - tail)
    bad = ~np.isfinite(out) | (out < 0)
    if bad.any():
        out = np.array(out, dtype="float64")
        pick = (lambda v: v[bad]) if np.ndim(a) else (lambda v: v)
        out[bad] = beta_expectation(pick(r) + x[bad], pick(a), pick(b) + x[bad],
                                    t[bad] / (pick(alpha) + big_t[bad]))
    return out


def beta_expectation(shape: np.ndarray, a: float, b: np.ndarray, w: np.ndarray,
                      nodes: int = 200) -> np.ndarray:
    """``E[(1 − (1 + p·w)^−shape) / p]`` for p ~ Beta(a, b), by quadrature on p's quantiles.

    The integrand is bounded (by shape · w, its value at p = 0) and monotone, so
    Gauss-Legendre nodes on the probability scale give a finite, accurate value
    for any positive parameters, however extreme.
    """
    u, weights = np.polynomial.legendre.leggauss(nodes)
    u, weights = (u + 1) / 2, weights / 2
    p = betaincinv(as_column(a), b[:, None], u[None, :])
    with np.errstate(all="ignore"):
        log_h = -shape[:, None] * np.log1p(p * w[:, None])
        values = np.where(p > 0, -np.expm1(log_h) / p, shape[:, None] * w[:, None])
    return values @ weights


def as_column(a: Any) -> Any:
    """A per-row parameter as a column against (rows × nodes); one number as it is."""
    return np.reshape(a, (-1, 1)) if np.ndim(a) else a


def flip_survival(k, a, b, w) -> np.ndarray:
    """``E[(1 + p·w)^−k]`` for p ~ Beta(a, b): P(no dropout within a span, alive at its start).

    With a gamma(k, A) purchase rate and dropout with probability p after each
    purchase, a customer alive now is still alive after ``u = w·A`` time units
    with probability ``E[e^{−λ p u}] = E[(1 + p·w)^−k]``; over the beta that is
    ``₂F₁(k, a; a + b; −w)``, taken after Pfaff's transformation at ``w/(1 + w)``
    in [0, 1), where the series is well behaved.
    """
    k, b, w = np.broadcast_arrays(*(np.asarray(v, dtype="float64") for v in (k, b, w)))
    if np.ndim(a):  # one a per customer (a model with covariates)
        a = np.broadcast_to(a, k.shape)
    with np.errstate(all="ignore"):
        out = np.exp(-k * np.log1p(w)) * hyp2f1(k, b, a + b, w / (1 + w))
    bad = ~np.isfinite(out) | (out < 0) | (out > 1)
    if bad.any():  # extreme histories (k in the thousands): the series fails; integrate instead
        out = np.array(out)
        out[bad] = _beta_mean(lambda p: np.exp(-k[bad][:, None] * np.log1p(p * w[bad][:, None])),
                              a[bad] if np.ndim(a) else a, b[bad])
    return np.where(w > 0, out, 1.0)


def _beta_mean(fn, a: float, b: np.ndarray, nodes: int = 200) -> np.ndarray:
    """``E[fn(p)]`` for p ~ Beta(a, b) per row, by Gauss-Legendre on p's quantiles (fn bounded)."""
    u, weights = np.polynomial.legendre.leggauss(nodes)
    p = betaincinv(as_column(a), b[:, None], (u[None, :] + 1) / 2)
    with np.errstate(all="ignore"):
        return np.nan_to_num(fn(p)) @ (weights / 2)


def flip_count_probability(n, r, alpha, a, b, t) -> np.ndarray:
    """P(n purchases in a span t | alive at its start), purchases NBD(r, α), dropout Beta(a, b).

    Customer by customer: ``(1−p)^n`` Poisson(λt)(n) (n purchases, no dropout after
    any) plus, for n > 0, ``p(1−p)^(n−1)`` P(Poisson(λt) ≥ n) (dropout right after
    the n-th); over the gamma and the beta this is equation (8) of Fader, Hardie
    & Lee (2005), with the tail of the negative binomial as a regularised
    incomplete beta function instead of a finite sum.
    """
    n, r, alpha, b, t = np.broadcast_arrays(*(np.asarray(v, dtype="float64")
                                              for v in (n, r, alpha, b, t)))
    with np.errstate(all="ignore"):
        log_beta = gammaln(a + b) - gammaln(b)
        stay = np.exp(log_beta + gammaln(b + n) - gammaln(a + b + n) + nbd_log_pmf(n, r, alpha, t))
        drop = np.exp(log_beta + np.log(a) + gammaln(b + n - 1) - gammaln(a + b + n))
        tail = betainc(np.maximum(n, 1), r, t / (alpha + t))
    return stay + np.where(n > 0, np.nan_to_num(drop * tail), 0.0)


def nbd_log_pmf(n, r, alpha, t) -> np.ndarray:
    """log P(N = n) for N ~ Poisson(λt), λ ~ gamma(r, α): the negative binomial of the NBD model."""
    with np.errstate(all="ignore"):
        log_q = np.log(alpha) - np.log(alpha + t)
        log_1q = np.where(t > 0, np.log(t) - np.log(alpha + t), -np.inf)
        log_1q = np.where(n > 0, n * log_1q, 0.0)
    return gammaln(r + n) - gammaln(r) - gammaln(n + 1) + r * log_q + log_1q


def half_line_integral(fn, scale, upper, nodes: int = 256) -> np.ndarray:
    """``∫_0^∞ fn(u) du`` for each row, for integrands that end by ``upper`` (per row).

    Integrated on the log scale (``u = e^z``, ``du = u dz``) from ``1e-9 · scale`` to
    `upper`, with Gauss-Legendre nodes: one rule resolves an integrand that
    changes within a fraction of `scale` near 0 and one that decays over many
    multiples of it, as discounting over decades does. `fn` takes a (rows, nodes)
    array of u and returns values of the same shape.
    """
    z, weights = np.polynomial.legendre.leggauss(nodes)
    scale, upper = (np.atleast_1d(np.asarray(v, dtype="float64")) for v in (scale, upper))
    low, high = np.log(scale * 1e-9), np.log(np.maximum(upper, scale))
    half = (high - low)[:, None] / 2
    u = np.exp(low[:, None] + half * (z[None, :] + 1))
    with np.errstate(all="ignore"):
        values = np.nan_to_num(fn(u) * u)
    return (values * half) @ weights


def gompertz_spread(b: float, tau: np.ndarray) -> np.ndarray:
    """``(e^{bτ} − 1) / b``: the Gompertz clock, τ itself as b → 0 (so Pareto/NBD is the limit)."""
    return np.expm1(b * tau) / b


def gompertz_log_tail(b, s, theta, start, tau) -> np.ndarray:
    """GGompertz/NBD: log P(alive at τ | alive at `start`), θ = β / b.

    That is ``s · log((θ + g(start)) / (θ + g(τ)))`` with the clock g of :func:`gompertz_spread`.
    """
    return s * (np.log(theta + gompertz_spread(b, start)) - np.log(theta + gompertz_spread(b, tau)))


def gompertz_log_density(b, s, theta, start, tau) -> np.ndarray:
    """log of the density of the death time at τ, for a customer alive at `start`."""
    return (np.log(s) + b * tau + s * np.log(theta + gompertz_spread(b, start))
            - (s + 1) * np.log(theta + gompertz_spread(b, tau)))
