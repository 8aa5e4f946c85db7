"""Maximum-likelihood machinery shared by the CLV models.

Parameters are estimated in log space (so they stay positive without bounds)
with :func:`scipy.optimize.minimize`; the data are compressed to their unique
rows with a count each, so the cost grows with distinct histories, not customers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..i18n import t
from ..quality import warn

#: The optimiser sees log-parameters squashed smoothly into (−LIMIT, LIMIT), i.e. parameters
#: in (1e-8, 1e8) of the data's own scale: an estimate that runs off towards 0 or ∞ slows
#: down there instead of overflowing (gammaln of 1e34 has no digits left for the likelihood).
LIMIT = float(np.log(1e8))
#: A (rescaled) parameter beyond 1e-4 or 1e4 is at the edge of the parameter space: a shape
#: of 1e4 means a spread of 1 % around the mean (no heterogeneity), a time scale of 1e4
#: typical windows means nothing happens in one, and a Beta parameter of 1e-4 puts all mass
#: at 0 or 1. A genuine interior optimum does not lie there; a flat likelihood's does.
EDGE = float(np.log(1e4))


def _squash(u: np.ndarray) -> np.ndarray:
    """Log-parameters from the optimiser's free variables (identity near 0, bounded by LIMIT)."""
    return LIMIT * np.tanh(np.asarray(u, dtype="float64") / LIMIT)


def _unsquash(logp: np.ndarray) -> np.ndarray:
    """Free variables for given log-parameters (inverse of :func:`_squash`)."""
    return LIMIT * np.arctanh(np.clip(np.asarray(logp, dtype="float64") / LIMIT, -0.999, 0.999))


def _squashed(fun_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]]):
    """`fun_and_grad` on the free variables, by the chain rule through :func:`_squash`."""
    def wrapped(u):
        value, grad = fun_and_grad(_squash(u))
        return value, grad * (1.0 - np.tanh(u / LIMIT) ** 2)

    return wrapped


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


def compress(*columns: np.ndarray, return_inverse: bool = False) -> tuple:
    """Unique rows of the given equal-length columns, and how often each occurs.

    Hash-based and linear in the number of rows: each column is factorised, the
    codes are combined into one integer key, and the key is factorised again.
    With `return_inverse`, also the unique row of each row (as :func:`numpy.unique`
    gives it), to spread values computed per unique row back over all rows.

    Examples
    --------
    >>> import numpy as np
    >>> (x, tx), w = compress(np.array([1., 1., 0.]), np.array([2., 2., 0.]))
    >>> x.tolist(), tx.tolist(), w.tolist()
    ([1.0, 0.0], [2.0, 0.0], [2.0, 1.0])
    >>> (x,), w, rows = compress(np.array([5., 3., 5.]), return_inverse=True)
    >>> x[rows].tolist()
    [5.0, 3.0, 5.0]
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
    unique = [values[codes[first]] for codes, values in uniques]
    return (unique, counts, combined) if return_inverse else (unique, counts)


def fit_log_params(
    negll: Callable[[np.ndarray], float],
    x0: np.ndarray,
    *,
    model: str,
    fun_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]] | None = None,
    scale: float = 1.0,
    maxiter: int = 2000,
    hess_inv0: np.ndarray | None = None,
    names: Sequence[str] | None = None,
    boundary: Sequence[str] = (),
) -> Any:
    """Minimise `negll` over log-parameters; warn if not converged, raise on NaN.

    `fun_and_grad`, when given, returns the objective and its analytic gradient
    together (shared work) and is minimised by BFGS on the objective divided by
    `scale` (the number of customers): a per-customer mean, whose gradient
    tolerance does not depend on the size of the data. Otherwise L-BFGS-B uses
    finite differences on the unscaled objective. `hess_inv0` is BFGS's first
    guess of the inverse Hessian of the mean (e.g. from a fit on a subsample).

    The log-parameters are kept inside (−LIMIT, LIMIT) by a smooth squashing
    (the optimum is unchanged where it is interior). An estimate that ends
    beyond ``EDGE`` is at a boundary: the data cannot identify the model, and a
    :class:`ConvergenceWarning` naming the parameters (`names`) says so; a search
    that stops beyond the edge is not restarted, so where a boundary fit ends does
    not hang on the last bits of a flat objective. Exactly the `boundary` parameters
    running off towards 0 together is a model's documented limit (e.g. a nested
    model), not a failure: no warning, ``success`` as the optimiser said. With an
    analytic gradient, a final Newton step polishes the optimum so that the
    estimates are stable to about 1e-8 relative, whatever the start.

    Returns the :class:`scipy.optimize.OptimizeResult` with ``x`` the
    log-parameters, ``fun`` on the original scale, ``success`` False if not
    converged or at a boundary, and ``at_edge`` (a boolean per parameter).

    Examples
    --------
    >>> out = fit_log_params(lambda p: float(np.sum((np.exp(p) - [2.0, 0.5]) ** 2)),
    ...                      np.zeros(2), model="Toy")
    >>> np.round(np.exp(out.x), 6).tolist(), bool(out.success)
    ([2.0, 0.5], True)
    """
    if fun_and_grad is None:
        # Finite differences on a flat likelihood (Pareto/NBD's β) need the total's size
        # for L-BFGS-B's absolute gradient test; scale only the analytic-gradient path.
        scale = 1.0
    with np.errstate(all="ignore"):
        result = _search(negll, fun_and_grad, _unsquash(x0), scale, maxiter, hess_inv0)
        result.x = _squash(result.x)
        flat = False
        if np.isfinite(result.fun):
            result, flat = _newton_polish(fun_and_grad or _numeric_gradient(negll), result, scale)
    result.fun = float(result.fun) * scale
    if not np.all(np.isfinite(result.x)) or not np.isfinite(result.fun):
        raise ValueError(t("value.fit_failed", model=model, message=str(result.message)))
    _judge(result, flat, model, names, boundary)
    return result


def _search(negll: Callable[[np.ndarray], float],
            fun_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]] | None,
            u0: np.ndarray, scale: float, maxiter: int, hess_inv0: np.ndarray | None) -> Any:
    """The optimiser's result on the free variables: a gradient search, then rescues if it stalled."""
    from scipy.optimize import minimize

    def mean(u):
        return negll(_squash(u)) / scale

    if fun_and_grad is not None:
        result = _gradient_search(fun_and_grad, u0, scale, maxiter, hess_inv0)
    else:
        result = _EdgeWatch(mean).minimize(u0, maxiter)
    if not result.success and not _beyond_edge(result.x) and not result.get("ended", False):
        # A derivative-free pass often rescues a stalled line search.
        result = _better(result, minimize(mean, result.x, method="Nelder-Mead", options={
            "maxiter": 20 * maxiter, "xatol": 1e-8, "fatol": 1e-12}))
    return result


def _gradient_search(fun_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]],
                     u0: np.ndarray, scale: float, maxiter: int,
                     hess_inv0: np.ndarray | None) -> Any:
    """BFGS on the per-customer mean with the analytic gradient; L-BFGS-B if it stalls inside."""
    from scipy.optimize import minimize

    free_fg = _squashed(fun_and_grad)

    def mean_fg(u):
        value, grad = free_fg(u)
        return value / scale, grad / scale

    options = {"gtol": 1e-7, "maxiter": maxiter}
    if hess_inv0 is not None:
        options["hess_inv0"] = hess_inv0
    result = minimize(mean_fg, u0, jac=True, method="BFGS", options=options)
    # BFGS may stop on "precision loss" just short of an interior optimum. At the
    # edge it stops because the squashed likelihood is flat there: see _beyond_edge.
    if not result.success and not _beyond_edge(result.x):
        result = _better(result, minimize(mean_fg, result.x, jac=True, method="L-BFGS-B",
                                          options={"maxiter": maxiter}))
    return result


def _judge(result: Any, flat: bool, model: str, names: Sequence[str] | None,
           boundary: Sequence[str] = ()) -> None:
    """Set ``result.at_edge`` and ``success``; warn at a boundary or without convergence."""
    # Far out, or far-ish out on a likelihood with no curvature left (not a proper maximum).
    result.at_edge = (np.abs(result.x) > EDGE) | (flat & (np.abs(result.x) > EDGE / 2))
    labels = list(names) if names is not None else [f"θ{i}" for i in range(result.x.size)]
    if boundary and _documented_limit(result, labels, boundary):
        return
    if result.at_edge.any():
        result.success = False
        edges = ", ".join(f"{label} → {'∞' if value > 0 else '0'}"
                          for label, value, edge in zip(labels, result.x, result.at_edge) if edge)
        warn(t("value.at_boundary", model=model, edges=edges), ConvergenceWarning)
    elif not result.success:
        warn(t("value.not_converged", model=model, message=str(result.message)), ConvergenceWarning)


def _documented_limit(result: Any, labels: Sequence[str], boundary: Sequence[str]) -> bool:
    """Did exactly the `boundary` parameters, and all of them, run off towards 0?"""
    edge = {label for label, at in zip(labels, result.at_edge) if at}
    towards_zero = all(value < 0 for label, value in zip(labels, result.x) if label in edge)
    return edge == set(boundary) and towards_zero


def _numeric_gradient(negll: Callable[[np.ndarray], float], step: float = 1e-5):
    """(value, central-difference gradient) of `negll`, for models without an analytic one."""
    def fun_and_grad(x):
        eye = np.eye(x.size) * step
        grad = np.array([(negll(x + e) - negll(x - e)) / (2 * step) for e in eye])
        return negll(x), grad

    return fun_and_grad


def _newton_polish(fun_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]], result: Any,
                   scale: float, steps: int = 2) -> tuple[Any, bool]:
    """Up to `steps` Newton steps from ``result.x`` (log-parameters), each kept only if it helps.

    Quasi-Newton stops once the gradient is small, which leaves the estimates
    sensitive to the start and to rounding in the data at about 1e-5; near the
    optimum Newton's method converges quadratically, so two or three steps with
    the Hessian from central differences of the analytic gradient reach the
    optimum to rounding. A step is skipped where the Hessian is not positive
    definite (a flat direction, e.g. at a boundary) or the step is large.
    Returns the result and whether the Hessian at the start was not positive definite.
    """
    x, fun = np.asarray(result.x, dtype="float64"), float(result.fun)
    grad = fun_and_grad(x)[1]
    for k in range(steps):
        hess = gradient_hessian(fun_and_grad, x, step=1e-4)
        try:
            np.linalg.cholesky(hess)
            step = np.linalg.solve(hess, grad)
        except np.linalg.LinAlgError:
            if k == 0:
                return result, True
            break
        if not np.all(np.isfinite(step)) or np.max(np.abs(step)) > 1.0:
            break
        candidate = x - step
        new_value, new_grad = fun_and_grad(candidate)
        new_value = float(new_value) / scale
        # So close to the optimum the objective moves by ~1e-14 relative, below its own
        # rounding: accept a step that does not make it worse by more than that.
        if not np.isfinite(new_value) or new_value > fun + 1e-12 * abs(fun):
            break
        x, fun, grad = candidate, min(fun, new_value), new_grad
        result.hess = hess  # the observed information, one tiny step away: standard errors reuse it
        # The next step, judged with this Hessian (it barely changes so close to the optimum):
        # below rounding, it is not worth a new Hessian (2 gradients per parameter).
        if np.max(np.abs(step)) < 1e-7 or np.max(np.abs(np.linalg.solve(hess, grad))) < 1e-7:
            break
    result.x, result.fun = x, fun
    return result, False


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
    histories, or if the sample fit fails, returns ``(x0, None)``. `x0` and the
    returned start are log-parameters; the inverse Hessian is in the optimiser's
    free variables (see :func:`fit_log_params`).
    """
    from scipy.optimize import minimize

    if weights.size < minimum:
        return x0, None
    pick = np.flatnonzero(np.random.default_rng(seed).random(weights.size) < share)
    sub_w = weights[pick]
    fun_and_grad = _squashed(make_fun_and_grad([c[pick] for c in data], sub_w))
    total = float(sub_w.sum())

    def mean_fg(logp):
        value, grad = fun_and_grad(logp)
        return value / total, grad / total

    with np.errstate(all="ignore"):
        result = minimize(mean_fg, _unsquash(x0), jac=True, method="BFGS", options={"gtol": 1e-5})
    h = (result.hess_inv + result.hess_inv.T) / 2  # in the optimiser's free variables
    if not (np.all(np.isfinite(result.x)) and np.all(np.isfinite(h))):
        return x0, None
    try:
        np.linalg.cholesky(h)
    except np.linalg.LinAlgError:
        return _squash(result.x), None
    return _squash(result.x), h


def _beyond_edge(u: np.ndarray) -> bool:
    """Has the gradient search already carried a parameter past ``EDGE`` (free variables `u`)?

    Then the fit is a boundary fit and the rescue passes are not run. Past the edge
    the squashed objective is flat to rounding, so whether a restarted line search
    "succeeds" there is decided by the last bits of the point (a CPU's or library's
    rounding), and a derivative-free pass only drifts along the ridge towards
    another limit (5 identical customers: from "nobody drops out" to a dropout
    probability of about 0.15, which predicts 40 % fewer purchases). The boundary
    the gradient reached first, decided by a test with a wide margin, is the answer.
    """
    return bool(np.any(np.abs(_squash(u)) > EDGE))


class _EdgeWatch:
    """L-BFGS-B on `mean`, ended once it keeps evaluating beyond ``EDGE`` or where `mean` is NaN.

    Without an analytic gradient each step costs a finite-difference gradient, and far
    out (Pareto/NBD on customers who never visibly drop out: s → 0 and β → ∞) one
    likelihood costs up to a second in hyp2f1's slow path while the line search only
    drifts along the flat ridge, or past where the likelihood can be evaluated at all.
    After `patience` such evaluations in a row the search ends at the best point seen
    (``success`` False, ``ended`` True): no rescue pass restarts the drift, and the fit
    is reported as at the boundary or not converged.
    """

    def __init__(self, mean: Callable[[np.ndarray], float], patience: int = 12) -> None:
        self.mean, self.patience = mean, patience
        self.best: tuple[float, np.ndarray] = (np.inf, np.empty(0))
        self.outside = 0

    def __call__(self, u: np.ndarray) -> float:
        value = self.mean(u)
        if np.isfinite(value) and value < self.best[0]:  # hyp2f1's overflow gives −inf too
            self.best = (value, np.array(u, dtype="float64"))
        lost = _beyond_edge(u) or not np.isfinite(value)
        self.outside = self.outside + 1 if lost else 0
        if self.outside >= self.patience:
            raise _Drifting
        return value

    def minimize(self, u0: np.ndarray, maxiter: int) -> Any:
        """The optimiser's result, or the best point when the search was ended at the edge."""
        from scipy.optimize import OptimizeResult, minimize

        self.best = (np.inf, np.array(u0, dtype="float64"))
        try:
            return minimize(self, u0, method="L-BFGS-B", options={"maxiter": maxiter})
        except _Drifting:
            fun, x = self.best
            return OptimizeResult(x=x, fun=fun, success=False, ended=True,
                                  message="ended: the search left the edge or the likelihood's range")


class _Drifting(Exception):
    """Raised inside the objective to end a search drifting along the boundary."""


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


def covariance(negll: Callable[[np.ndarray], float], log_params: np.ndarray,
               fun_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]] | None = None,
               info: np.ndarray | None = None) -> np.ndarray:
    """Inverse observed information in log-parameters (the optimiser's scale); NaN if singular.

    The Hessian comes from the analytic gradient when there is one, or `info`
    when the fit already has it, else from central differences of `negll`.
    """
    with np.errstate(all="ignore"):
        if info is None:
            info = (hessian(negll, log_params) if fun_and_grad is None
                    else gradient_hessian(fun_and_grad, log_params))
        try:
            return np.linalg.inv(info)
        except np.linalg.LinAlgError:
            return np.full((log_params.size, log_params.size), np.nan)


def standard_errors(negll: Callable[[np.ndarray], float], log_params: np.ndarray,
                    fun_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]] | None = None,
                    info: np.ndarray | None = None, cov: np.ndarray | None = None,
                    linear: Sequence[int] = ()) -> np.ndarray:
    """Standard errors of the parameters from the observed information.

    The covariance on the optimiser's scale (`cov`, or :func:`covariance` of the
    other arguments) is mapped back with the delta method for the positive
    parameters, estimated as log θ (se(θ) = θ · se(log θ)), and taken as it is for
    the `linear` positions (coefficients, estimated on their own scale); NaN marks
    a parameter whose Hessian is singular.
    """
    if cov is None:
        cov = covariance(negll, log_params, fun_and_grad, info)
    diag = np.diag(cov)
    se_log = np.where(diag > 0, np.sqrt(np.abs(diag)), np.nan)
    factor = np.exp(log_params)
    factor[list(linear)] = 1.0
    return factor * se_log
