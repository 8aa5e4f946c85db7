"""The fit flow every CLV model shares, written once: read → check → compress → scale → optimise → store.

A model supplies its parameters, its columns and their checks, its likelihood, its
scaling rule and its predictions; :class:`BaseFitter` does the rest (as lifetimes'
``BaseFitter`` does), so a new model is a likelihood and a few class attributes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ..i18n import t
from ._mle import compress, dot, fit_log_params, standard_errors, warm_start


class BaseFitter:
    """Maximum-likelihood fit on one row per customer, for the models of this package.

    ``_fit`` reads the columns (checked), keeps the rows the model can learn from,
    compresses them to distinct rows with a count each, rescales them to a
    fitting unit, maximises the likelihood over log-parameters (quasi-Newton,
    then a Newton polish: see ``_mle``), and stores ``params_``, ``loglik_``,
    ``converged_``, ``at_boundary_`` (the parameters that ran off to the edge),
    ``n_customers_``, ``n_histories_``, and (with standard errors)
    ``standard_errors_`` and ``summary_``: a table of estimates, standard errors
    and 95 % intervals, one row per parameter.

    How to add a model (MBG/NBD, BG/BB, sBG, GGompertz/NBD, ...): subclass and give

    ``_param_names``
        Names of the (positive) parameters, in the order of the log-parameter vector.
    ``_columns``
        The roles of the columns the model reads, in order: the keyword arguments
        of its ``fit`` (e.g. ``("frequency", "recency", "T")``).
    ``_start``
        Starting values in the fitting unit (default: all 1).
    ``_unit_params``
        Positions in ``_param_names`` of the parameters measured in the data's unit
        (time or money scales): estimated in the fitting unit, multiplied back by it.
    ``_rate_params``
        Positions of the parameters measured per unit of the data (rates, e.g. the
        Gompertz ``b``): estimated in the fitting unit, divided back by it.
    ``_boundary``
        Names of parameters that together run off towards 0 at a documented limit of
        the model (a nested model), which is then reported in ``at_boundary_`` but
        not warned about (default none).
    ``_warm_start``
        Start from a fit on a sample when there are many distinct rows (needs
        ``_fun_and_grad``).
    ``_read(summary, columns)``
        The columns (a role → name mapping) as float arrays in ``_columns`` order,
        checked with ``check_rules`` so that a ValueError names column and row.
    ``_usable(data, columns, strict)``
        The rows the model can learn from (report or raise about the others); default all.
    ``_scale(data, weights, columns)``
        The compressed data in the fitting unit, and that unit (e.g. the mean customer
        age), so the optimiser sees the same problem for days or weeks, cents or millions.
    ``_densities(data, weights)``
        How many of the modelled values are densities in the unit (each gains a
        factor 1/unit in the likelihood when the data are rescaled); default 0.
    ``_loglik(logp, *data)``
        Log-likelihood of each row at log-parameters `logp`.
    ``_fun_and_grad(data, weights)``
        Optionally (negative total log-likelihood, its gradient in log-parameters) as
        one function: faster and more exact than numeric gradients. Default None.

    and a public ``fit`` whose keyword arguments name the columns, which calls
    ``self._fit(summary, {role: name, ...}, standard_errors=...)``; predictions read
    the parameters with ``self._values()``.
    """

    _param_names: tuple[str, ...] = ()
    _columns: tuple[str, ...] = ()
    _start: tuple[float, ...] = ()
    _unit_params: tuple[int, ...] = ()
    _rate_params: tuple[int, ...] = ()
    _warm_start: bool = False
    _boundary: tuple[str, ...] = ()
    params_: dict[str, float]

    def _fit(self, summary: Any, columns: Mapping[str, str], *, standard_errors: bool,
             strict: bool = False):
        """The whole flow; returns self with the fitted attributes set."""
        columns = {role: columns[role] for role in self._columns}  # in the model's order
        data = self._usable(self._read(summary, columns), columns, strict)
        data, weights = compress(*data)
        scaled, unit = self._scale(data, weights, columns)
        result, negll, fun_and_grad = self._optimise(scaled, weights)
        self._store(result, unit, self._densities(data, weights), weights)
        if standard_errors:
            self._store_errors(negll, fun_and_grad, result, unit)
            self.summary_ = self._summary()
        return self

    def _optimise(self, data: list[np.ndarray], weights: np.ndarray) -> tuple[Any, Callable, Any]:
        """The optimiser's result, and the objective (with its gradient, if any) it minimised."""
        def negll(logp: np.ndarray) -> float:
            return -dot(weights, self._loglik(logp, *data))

        fun_and_grad = self._fun_and_grad(data, weights)
        start, hess_inv0 = np.log(self._start or (1.0,) * len(self._param_names)), None
        if fun_and_grad is not None and self._warm_start:
            start, hess_inv0 = warm_start(self._fun_and_grad, data, weights, start)
        result = fit_log_params(negll, start, model=type(self).__name__, fun_and_grad=fun_and_grad,
                                scale=float(weights.sum()), hess_inv0=hess_inv0,
                                names=self._param_names, boundary=self._boundary)
        self.at_boundary_ = tuple(name for name, edge in zip(self._param_names, result.at_edge) if edge)
        return result, negll, fun_and_grad

    def _shift(self, unit: float) -> np.ndarray:
        """What the log-parameters gain when the fitting unit is turned back into the data's."""
        shift = np.zeros(len(self._param_names))
        shift[list(self._unit_params)] = np.log(unit)
        shift[list(self._rate_params)] = -np.log(unit)
        return shift

    def _store(self, result: Any, unit: float, densities: float, weights: np.ndarray) -> None:
        self.params_ = dict(zip(self._param_names, np.exp(result.x + self._shift(unit)).tolist()))
        # Each density gains a factor 1/unit from the rescaling: undo it in the total.
        self.loglik_ = -float(result.fun) - float(np.log(unit) * densities)
        self.n_customers_ = int(weights.sum())
        self.n_histories_ = int(weights.size)
        self.converged_ = bool(result.success)

    def _store_errors(self, negll: Callable, fun_and_grad: Any, result: Any, unit: float) -> None:
        # The fit's own Hessian, when the Newton polish left one, is the observed information.
        se = standard_errors(negll, result.x, fun_and_grad, info=getattr(result, "hess", None))
        se = se * np.exp(self._shift(unit))
        # At a documented limit the likelihood is flat along the boundary: no error to report.
        limit = [name in self._boundary and name in self.at_boundary_ for name in self._param_names]
        self.standard_errors_ = dict(zip(self._param_names, np.where(limit, np.nan, se).tolist()))

    def _summary(self):
        """Estimates, standard errors and 95 % intervals, one row per parameter (a pandas frame).

        The intervals are taken on the log scale, where the parameters are estimated
        (``θ · exp(±1.96 · se / θ)``): they stay positive, as the parameters do. NaN
        where the standard error is (a flat direction at a boundary fit).
        """
        import pandas as pd

        estimate = pd.Series(self.params_, dtype="float64")
        se = pd.Series(self.standard_errors_, dtype="float64")
        with np.errstate(over="ignore"):  # a flat direction: the interval is (0, ∞)
            spread = np.exp(1.959963984540054 * se / estimate)
        table = pd.DataFrame({"estimate": estimate, "standard_error": se,
                              "lower_95": estimate / spread, "upper_95": estimate * spread})
        table.index.name = "parameter"
        return table

    # -- what a model supplies ------------------------------------------------------------

    def _read(self, summary: Any, columns: Mapping[str, str]) -> list[np.ndarray]:
        raise NotImplementedError

    def _usable(self, data: list[np.ndarray], columns: Mapping[str, str],
                strict: bool) -> list[np.ndarray]:
        return data

    def _scale(self, data: list[np.ndarray], weights: np.ndarray,
               columns: Mapping[str, str]) -> tuple[list[np.ndarray], float]:
        return data, 1.0

    def _densities(self, data: list[np.ndarray], weights: np.ndarray) -> float:
        return 0.0

    def _loglik(self, logp: np.ndarray, *data: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _fun_and_grad(self, data: list[np.ndarray], weights: np.ndarray) -> Any:
        """(value, gradient) of the negative log-likelihood in log space, or None for numeric ones."""
        return None

    # -- fitted parameters ----------------------------------------------------------------

    def _require_fitted(self) -> None:
        if not getattr(self, "params_", None):
            raise ValueError(t("value.not_fitted", model=type(self).__name__))

    def _values(self) -> list[float]:
        self._require_fitted()
        return [self.params_[n] for n in self._param_names]

    def __repr__(self) -> str:
        if not getattr(self, "params_", None):
            return f"{type(self).__name__}()"
        inner = ", ".join(f"{k}={v:.4g}" for k, v in self.params_.items())
        return f"{type(self).__name__}({inner}, loglik={self.loglik_:.2f})"
