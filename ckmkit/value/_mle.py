"""Maximum-likelihood machinery shared by the CLV models.

Parameters are estimated in log space (so they stay positive without bounds)
with :func:`scipy.optimize.minimize`; the data are compressed to their unique
rows with a count each, so the cost grows with distinct histories, not customers.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..i18n import t

__all__ = ["ConvergenceWarning", "compress", "dot", "fit_log_params", "warm_start", "Fitted"]


class ConvergenceWarning(UserWarning):
    """The optimiser stopped without meeting its convergence test."""


def dot(a: np.ndarray, b: np.ndarray) -> float:
    """Σ a·b without BLAS.

    A multi-threaded BLAS dot product spins on busy machines and made a fit up to
    ten times slower under load; an element-wise product and a sum do not.

    Examples
    --------
    >>> dot(np.array([1.0, 2.0]), np.array([3.0, 4.0]))
    11.0
    """
    return float(np.add.reduce(a * b))


def compress(*columns: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Unique rows of the given equal-length columns, and how often each occurs.

    Hash-based and linear in the number of rows: each column is factorised, the
    codes are combined into one integer key, and the key is factorised again.

    Examples
    --------
    >>> import numpy as np
    >>> (x, tx), w = compress(np.array([1., 1., 0.]), np.array([2., 2., 0.]))
    >>> x.tolist(), tx.tolist(), w.tolist()
    ([1.0, 0.0], [2.0, 0.0], [2.0, 1.0])
    """
    import pandas as pd

    key = np.zeros(len(columns[0]) if columns else 0, dtype=np.int64)
    size, uniques = 1, []
    for column in columns:
        codes, values = pd.factorize(np.asarray(column, dtype="float64"), use_na_sentinel=False)
        if size * len(values) >= 2**62:  # renumber the key so far before it could overflow
            key, seen = pd.factorize(key)
            size = len(seen)
        key = key * len(values) + codes  # mixed radix: distinct rows get distinct keys
        size *= len(values)
        uniques.append((codes, values))
    combined, _ = pd.factorize(key)
    counts = np.bincount(combined).astype("float64")
    first = np.empty(counts.size, dtype=np.int64)
    first[combined[::-1]] = np.arange(combined.size - 1, -1, -1)  # first row of each history
    return [values[codes[first]] for codes, values in uniques], counts


def fit_log_params(
    negll: Callable[[np.ndarray], float],
    x0: np.ndarray,
    *,
    model: str,
    fun_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]] | None = None,
    scale: float = 1.0,
    maxiter: int = 2000,
    hess_inv0: np.ndarray | None = None,
) -> Any:
    """Minimise `negll` over log-parameters; warn if not converged, raise on NaN.

    `fun_and_grad`, when given, returns the objective and its analytic gradient
    together (shared work) and is minimised by BFGS on the objective divided by
    `scale` (the number of customers): a per-customer mean, whose gradient
    tolerance does not depend on the size of the data. Otherwise L-BFGS-B uses
    finite differences on the unscaled objective. `hess_inv0` is BFGS's first
    guess of the inverse Hessian of the mean (e.g. from a fit on a subsample).
    Returns the :class:`scipy.optimize.OptimizeResult` with ``fun`` on the
    original scale.
    """
    from scipy.optimize import minimize

    if fun_and_grad is None:
        # Finite differences on a flat likelihood (Pareto/NBD's β) need the total's size
        # for L-BFGS-B's absolute gradient test; scale only the analytic-gradient path.
        scale = 1.0

    def mean(logp):
        return negll(logp) / scale

    with np.errstate(all="ignore"):
        if fun_and_grad is not None:
            def mean_fg(logp):
                value, grad = fun_and_grad(logp)
                return value / scale, grad / scale

            options = {"gtol": 1e-7, "maxiter": maxiter}
            if hess_inv0 is not None:
                options["hess_inv0"] = hess_inv0
            result = minimize(mean_fg, x0, jac=True, method="BFGS", options=options)
            if not result.success:  # BFGS may stop on "precision loss" just short of the optimum
                result = _better(result, minimize(mean_fg, result.x, jac=True, method="L-BFGS-B",
                                                  options={"maxiter": maxiter}))
        else:
            result = minimize(mean, x0, method="L-BFGS-B", options={"maxiter": maxiter})
        if not result.success:
            # A derivative-free pass often rescues a stalled line search.
            result = _better(result, minimize(mean, result.x, method="Nelder-Mead", options={
                "maxiter": 20 * maxiter, "xatol": 1e-8, "fatol": 1e-12}))
    result.fun = float(result.fun) * scale
    if not np.all(np.isfinite(result.x)) or not np.isfinite(result.fun):
        raise ValueError(t("value.fit_failed", model=model, message=str(result.message)))
    if not result.success:
        warnings.warn(
            t("value.not_converged", model=model, message=str(result.message)),
            ConvergenceWarning,
            stacklevel=4,
        )
    return result


def warm_start(
    make_fun_and_grad: Callable[[list[np.ndarray], np.ndarray], Callable],
    data: Sequence[np.ndarray],
    weights: np.ndarray,
    x0: np.ndarray,
    *,
    share: float = 0.05,
    minimum: int = 20_000,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Starting point and inverse-Hessian guess from a fit on a random share of the histories.

    On many distinct histories most optimiser steps are spent far from the optimum;
    taking them on a seeded 5 % sample (same weights, so the same per-customer mean
    in expectation) leaves a handful of steps on all the data. Below `minimum`
    histories, or if the sample fit fails, returns ``(x0, None)``.
    """
    from scipy.optimize import minimize

    if weights.size < minimum:
        return x0, None
    pick = np.flatnonzero(np.random.default_rng(seed).random(weights.size) < share)
    sub_w = weights[pick]
    fun_and_grad = make_fun_and_grad([c[pick] for c in data], sub_w)
    total = float(sub_w.sum())

    def mean_fg(logp):
        value, grad = fun_and_grad(logp)
        return value / total, grad / total

    with np.errstate(all="ignore"):
        result = minimize(mean_fg, x0, jac=True, method="BFGS", options={"gtol": 1e-5})
    h = (result.hess_inv + result.hess_inv.T) / 2
    if not (np.all(np.isfinite(result.x)) and np.all(np.isfinite(h))):
        return x0, None
    try:
        np.linalg.cholesky(h)
    except np.linalg.LinAlgError:
        return result.x, None
    return result.x, h


def _better(first: Any, second: Any) -> Any:
    """The result with the lower finite objective (the first on ties or failure)."""
    return second if np.isfinite(second.fun) and second.fun <= first.fun else first


def hessian(f: Callable[[np.ndarray], float], x: np.ndarray, step: float = 1e-4) -> np.ndarray:
    """Central-difference Hessian of a scalar function (cheap on compressed data)."""
    n = x.size
    h = np.empty((n, n))
    eye = np.eye(n) * step
    for i in range(n):
        for j in range(i, n):
            fpp = f(x + eye[i] + eye[j])
            fpm = f(x + eye[i] - eye[j])
            fmp = f(x - eye[i] + eye[j])
            fmm = f(x - eye[i] - eye[j])
            h[i, j] = h[j, i] = (fpp - fpm - fmp + fmm) / (4 * step * step)
    return h


def gradient_hessian(fun_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]],
                     x: np.ndarray, step: float = 1e-5) -> np.ndarray:
    """Hessian from central differences of an analytic gradient (2·n gradient calls)."""
    columns = []
    for e in np.eye(x.size) * step:
        columns.append((fun_and_grad(x + e)[1] - fun_and_grad(x - e)[1]) / (2 * step))
    h = np.column_stack(columns)
    return (h + h.T) / 2


def standard_errors(negll: Callable[[np.ndarray], float], log_params: np.ndarray,
                    fun_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]] | None = None,
                    ) -> np.ndarray:
    """Standard errors of the (positive) parameters from the observed information.

    The Hessian is taken in log space (from the analytic gradient when there is
    one) and mapped back with the delta method (se(θ) = θ · se(log θ)); NaN
    marks a parameter whose Hessian is singular.
    """
    with np.errstate(all="ignore"):
        if fun_and_grad is not None:
            info = gradient_hessian(fun_and_grad, log_params)
        else:
            info = hessian(negll, log_params)
        try:
            cov = np.linalg.inv(info)
        except np.linalg.LinAlgError:
            return np.full(log_params.size, np.nan)
    diag = np.diag(cov)
    se_log = np.where(diag > 0, np.sqrt(np.abs(diag)), np.nan)
    return np.exp(log_params) * se_log


class Fitted:
    """Mixin: parameter dicts, the 'not fitted yet' error, and a readable repr."""

    _names: Sequence[str] = ()
    params_: dict[str, float]

    def _require_fitted(self) -> None:
        if not getattr(self, "params_", None):
            raise ValueError(t("value.not_fitted", model=type(self).__name__))

    def _values(self) -> list[float]:
        self._require_fitted()
        return [self.params_[n] for n in self._names]

    def __repr__(self) -> str:
        if not getattr(self, "params_", None):
            return f"{type(self).__name__}()"
        inner = ", ".join(f"{k}={v:.4g}" for k, v in self.params_.items())
        return f"{type(self).__name__}({inner}, loglik={self.loglik_:.2f})"
