"""The fit flow every CLV model shares, written once: read → check → compress → scale → optimise → store.

A model supplies its parameters, its columns and their checks, its likelihood, its
scaling rule and its predictions; :class:`BaseFitter` does the rest (as lifetimes'
``BaseFitter`` does), so a new model is a likelihood and a few class attributes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ..i18n import t
from ._frames import check_rules, check_unique_ids, column_arrays
from ._mle import compress, dot, fit_log_params, standard_errors, warm_start

#: The layout of the JSON files :meth:`BaseFitter.save` writes; a reader refuses newer ones.
MODEL_FILE_FORMAT = 1


def package_version() -> str:
    """The installed ckmkit's version, written into saved models (``"unknown"`` from a bare checkout)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ckmkit")
    except PackageNotFoundError:
        return "unknown"


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
    ``_linear_params``
        Positions of parameters estimated on the identity scale (covariate
        coefficients, any sign); all others are positive and estimated on the log
        scale. :attr:`parameter_scales_` reports the scale of each.
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
    the parameters with ``self._values()``. :meth:`save` works for every model; to
    load it back, list the class in ``ckmkit/value/storage.py``'s ``MODELS`` table.
    The diagnostics of :mod:`ckmkit.value.diagnostics` need, for a new customer,
    ``expected_purchases_new(t)`` (tracking) and ``probability_of_purchases(t, n)``
    (period transactions); :func:`ckmkit.value.compare_models` reads ``params_``,
    ``loglik_``, ``n_customers_`` and ``expected_purchases(summary, t)``.
    """

    _param_names: tuple[str, ...] = ()
    _columns: tuple[str, ...] = ()
    _start: tuple[float, ...] = ()
    _unit_params: tuple[int, ...] = ()
    _rate_params: tuple[int, ...] = ()
    _linear_params: tuple[int, ...] = ()
    _warm_start: bool = False
    _boundary: tuple[str, ...] = ()
    params_: dict[str, float]

    def _fit(self, summary: Any, columns: Mapping[str, str], *, standard_errors: bool,
             strict: bool = False, weights: str | None = None):
        """The whole flow; returns self with the fitted attributes set.

        `weights` names a column of counts (one row per pattern instead of per
        customer, as published tables give them): each row then stands for that many
        customers. A model that takes weights keeps every row in ``_usable``.
        """
        columns = {role: columns[role] for role in self._columns}  # in the model's order
        if weights is None:  # rows are customers (with weights, patterns): one row each
            check_unique_ids(summary, list(columns.values()))  # counted twice, weighed twice
        data = self._usable(self._read(summary, columns), columns, strict)
        if weights is None:
            data, weights = compress(*data)
        else:
            data, weights = compress_weighted(data, read_weights(summary, weights))
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
        start, hess_inv0 = self._initial(), None
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

    def _initial(self) -> np.ndarray:
        """The optimiser's start: log of ``_start`` (default 1) and 0 for the linear parameters."""
        start = np.zeros(len(self._param_names))
        positive = [i for i in range(start.size) if i not in self._linear_params]
        start[positive] = np.log(self._start or (1.0,) * len(positive))
        return start

    def _natural(self, x: np.ndarray) -> np.ndarray:
        """Parameters from the optimiser's scale: exp of the log-parameters, the linear ones as they are."""
        values = np.exp(x)
        values[list(self._linear_params)] = x[list(self._linear_params)]
        return values

    def _optimiser_params(self) -> np.ndarray:
        """The fitted parameters on the optimiser's scale (log, or identity for the linear ones)."""
        self._require_fitted()
        values = np.array([self.params_[n] for n in self._param_names], dtype="float64")
        positive = [i for i in range(values.size) if i not in self._linear_params]
        values[positive] = np.log(values[positive])
        return values

    @property
    def parameter_scales_(self) -> dict[str, str]:
        """The scale each parameter is estimated on: ``"log"`` (positive) or ``"identity"`` (linear)."""
        return {name: "identity" if i in self._linear_params else "log"
                for i, name in enumerate(self._param_names)}

    def _store(self, result: Any, unit: float, densities: float, weights: np.ndarray) -> None:
        self.params_ = dict(zip(self._param_names, self._natural(result.x + self._shift(unit)).tolist()))
        # Each density gains a factor 1/unit from the rescaling: undo it in the total.
        self.loglik_ = -float(result.fun) - float(np.log(unit) * densities)
        total = float(weights.sum())
        self.n_customers_ = int(total) if total.is_integer() else total  # weights may be fractional
        self.n_histories_ = int(weights.size)
        self.converged_ = bool(result.success)

    def _store_errors(self, negll: Callable, fun_and_grad: Any, result: Any, unit: float) -> None:
        # The fit's own Hessian, when the Newton polish left one, is the observed information.
        se = standard_errors(negll, result.x, fun_and_grad, info=getattr(result, "hess", None),
                             linear=self._linear_params)
        se = se * np.exp(self._shift(unit))
        # At a documented limit the likelihood is flat along the boundary: no error to report.
        limit = [name in self._boundary and name in self.at_boundary_ for name in self._param_names]
        self.standard_errors_ = dict(zip(self._param_names, np.where(limit, np.nan, se).tolist()))

    def _summary(self):
        """Estimates, standard errors and 95 % intervals, one row per parameter (a pandas frame).

        The intervals are taken on the scale the parameters are estimated on: the
        log scale for the positive ones (``θ · exp(±1.96 · se / θ)``, so they stay
        positive), the identity scale for the linear ones such as covariate
        coefficients (``γ ± 1.96 · se``); see :attr:`parameter_scales_`. NaN where
        the standard error is (a flat direction at a boundary fit).
        """
        import pandas as pd

        estimate = pd.Series(self.params_, dtype="float64")
        se = pd.Series(self.standard_errors_, dtype="float64")
        z = 1.959963984540054
        linear = (pd.Series(self.parameter_scales_) == "identity").reindex(estimate.index)
        with np.errstate(over="ignore"):  # a flat direction: the interval is (0, ∞)
            spread = np.exp(z * se / estimate)
        table = pd.DataFrame({"estimate": estimate, "standard_error": se,
                              "lower_95": np.where(linear, estimate - z * se, estimate / spread),
                              "upper_95": np.where(linear, estimate + z * se, estimate * spread)})
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

    # -- saving and loading ---------------------------------------------------------------

    def save(self, path: str | Path, *, time_unit: str | float | None = None,
             money_unit: str | None = None) -> Path:
        """Write the fitted model to a small JSON file; :func:`ckmkit.value.load_model` reads it.

        The file holds the model's name, its parameters, log-likelihood, standard
        errors (if computed), the coding of its covariates (if any), the numbers
        of customers and histories, the units, the ckmkit version and the file
        format's version. Numbers are written
        exactly (shortest round-trip form), so the loaded model predicts the same.

        Parameters
        ----------
        path : str or pathlib.Path
            Where to write (an existing file is replaced).
        time_unit : str or float, optional
            The time unit of the summary the model was fitted on (e.g. "W"), as
            given to :func:`ckmkit.value.summarize`; default: the unit recorded
            when the model was loaded, else none.
        money_unit : str, optional
            The currency or scale of the spends (e.g. "USD"), for spend models;
            default as for `time_unit`.

        Returns
        -------
        pathlib.Path
            The path written.
        """
        self._require_fitted()
        units = getattr(self, "units_", {})
        record = {
            "format": "ckmkit model", "format_version": MODEL_FILE_FORMAT, "model": type(self).__name__,
            "ckmkit_version": package_version(), "parameters": dict(self.params_),
            "standard_errors": getattr(self, "standard_errors_", None),
            "loglik": self.loglik_, "converged": self.converged_,
            "n_customers": self.n_customers_, "n_histories": self.n_histories_,
            "units": {"time": time_unit if time_unit is not None else units.get("time"),
                      "money": money_unit if money_unit is not None else units.get("money")},
        }
        record.update(self._saved_extras())
        path = Path(path)
        path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return path

    def _saved_extras(self) -> dict[str, Any]:
        """More of the model to save (e.g. its covariate coding); :meth:`_restore` reads it back."""
        return {}

    def _restore(self, record: Mapping[str, Any], path: str) -> None:
        """Set the fitted attributes from a saved `record` (checked to carry this model's parameters)."""
        params = record.get("parameters") or {}
        if set(params) != set(self._param_names):
            raise ValueError(t("value.model_file_params", path=path, model=type(self).__name__,
                               given=", ".join(params), expected=", ".join(self._param_names)))
        self.params_ = {name: float(params[name]) for name in self._param_names}
        self.loglik_ = float(record["loglik"])
        self.converged_ = bool(record.get("converged", True))
        self.n_customers_ = int(record["n_customers"])
        self.n_histories_ = int(record["n_histories"])
        self.units_ = dict(record.get("units") or {})
        errors = record.get("standard_errors")
        if errors is not None:
            self.standard_errors_ = {name: float(errors[name]) for name in self._param_names}
            self.summary_ = self._summary()

    def __repr__(self) -> str:
        if not getattr(self, "params_", None):
            return f"{type(self).__name__}()"
        inner = ", ".join(f"{k}={v:.4g}" for k, v in self.params_.items())
        return f"{type(self).__name__}({inner}, loglik={self.loglik_:.2f})"


def read_weights(summary: Any, column: str) -> np.ndarray:
    """The column of counts `column` as floats, checked: finite and ≥ 0, not all 0."""
    (weights,) = column_arrays(summary, [column])
    bad = ~np.isfinite(weights) | (weights < 0)
    check_rules(summary, [(column, weights, bad, "value.weights_not_counts")])
    if not np.any(weights > 0):
        raise ValueError(t("value.weights_all_zero", column=column))
    return weights


def compress_weighted(data: list[np.ndarray], weights: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Distinct rows of `data` with the summed `weights` of each; rows of weight 0 are left out."""
    use = weights > 0
    unique, _, rows = compress(*(column[use] for column in data), return_inverse=True)
    return unique, np.bincount(rows, weights=weights[use])
