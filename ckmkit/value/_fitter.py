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
from ..quality import is_real, show
from ._frames import check_rules, check_unique_ids, column_arrays
from ._mle import compress, covariance, dot, fit_log_params, standard_errors, warm_start

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
    ``standard_errors_``, ``covariance_`` (on the optimiser's scale, see
    :meth:`conf_int`) and ``summary_``: a table of estimates, standard errors
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

    def _optimise(self, data: list[np.ndarray], weights: np.ndarray,
                  start: np.ndarray | None = None) -> tuple[Any, Callable, Any]:
        """The optimiser's result, and the objective (with its gradient, if any) it minimised.

        `start` (optimiser scale, fitting unit) replaces the model's own start and warm start.
        """
        def negll(logp: np.ndarray) -> float:
            return -dot(weights, self._loglik(logp, *data))

        fun_and_grad = self._fun_and_grad(data, weights)
        hess_inv0 = None
        if start is None:
            start = self._initial()
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
        cov = covariance(negll, result.x, fun_and_grad, info=getattr(result, "hess", None))
        se = standard_errors(negll, result.x, cov=cov, linear=self._linear_params)
        se = se * np.exp(self._shift(unit))
        # At a documented limit the likelihood is flat along the boundary: no error to report.
        limit = [name in self._boundary and name in self.at_boundary_ for name in self._param_names]
        self.standard_errors_ = dict(zip(self._param_names, np.where(limit, np.nan, se).tolist()))
        self._store_covariance(cov)

    def _summary(self):
        """Estimates, standard errors and 95 % intervals, one row per parameter (a pandas frame).

        The intervals are :meth:`conf_int`'s: Wald on the optimiser's scale,
        transformed back; NaN where the standard error is (a flat direction at a
        boundary fit).
        """
        import pandas as pd

        bounds = self.conf_int(0.95)
        se = [self.standard_errors_[name] for name in self._param_names]
        return pd.DataFrame({"estimate": bounds["estimate"], "standard_error": se,
                             "lower_95": bounds["lower"], "upper_95": bounds["upper"]}, index=bounds.index)

    # -- the optimiser's scale and parameter uncertainty ------------------------------------

    def _store_covariance(self, cov: np.ndarray) -> None:
        """``covariance_``: `cov` as a frame over the parameters, NaN where there is no standard error."""
        import pandas as pd

        missing = np.isnan(np.array([self.standard_errors_[n] for n in self._param_names]))
        cov = np.array(cov, dtype="float64")
        cov[missing, :] = np.nan
        cov[:, missing] = np.nan
        self.covariance_ = pd.DataFrame(cov, index=list(self._param_names), columns=list(self._param_names))

    def conf_int(self, level: float = 0.95):
        """Wald intervals of the parameters, taken on the optimiser's scale and transformed back.

        The positive parameters are estimated as log θ, so their interval is
        ``θ · exp(±z · se / θ)`` (``se / θ`` is the standard error of log θ, by the
        delta method): it stays positive and is not symmetric. Parameters
        estimated on their own scale (regression coefficients) get ``θ ± z · se``.
        The 95 % intervals are ``summary_``'s. (CLVTools' ``confint`` is symmetric on
        the original scale, ``θ ± z · se``, from the same standard errors.) Where a
        standard error is NaN (a flat direction at a documented boundary, e.g.
        GGompertz/NBD reaching its Pareto/NBD limit) the interval is NaN and the
        ``note`` column says why.

        Parameters
        ----------
        level : float, default 0.95
            The coverage of each interval, strictly between 0 and 1.

        Returns
        -------
        pandas.DataFrame
            One row per parameter (index ``parameter``): ``estimate``, ``lower``,
            ``upper``, ``scale`` (``"log"`` or ``"identity"``) and ``note`` (empty,
            or why the interval is missing).

        Raises
        ------
        ValueError
            The model is not fitted, was fitted with ``standard_errors=False``, or
            `level` is not between 0 and 1.

        Examples
        --------
        >>> from ckmkit.value import BetaGeo
        >>> bg = BetaGeo()
        >>> bg.params_ = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
        >>> bg.standard_errors_ = {"r": 0.0126, "alpha": 0.378, "a": 0.186, "b": 0.705}  # CDNOW's
        >>> ci = bg.conf_int(0.95)
        >>> ci.loc["alpha", ["lower", "upper"]].round(3).tolist()  # 4.414 · exp(±1.96 · 0.378 / 4.414)
        [3.732, 5.221]
        >>> ci.loc["b", ["lower", "upper"]].round(3).tolist()  # not symmetric around 2.426
        [1.373, 4.288]
        """
        import pandas as pd
        from scipy.stats import norm

        z = float(norm.ppf(0.5 + check_level(level) / 2))
        estimate, se = self._estimates_and_errors()
        scales = list(self.parameter_scales_.values())
        log = np.array([scale == "log" for scale in scales])
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):  # flat: (0, ∞)
            spread = np.where(log, se / estimate, se) * z
            lower = np.where(log, estimate * np.exp(-spread), estimate - spread)
            upper = np.where(log, estimate * np.exp(spread), estimate + spread)
        note = np.where(np.isnan(se), t("value.interval_at_boundary"), "")
        return pd.DataFrame({"estimate": estimate, "lower": lower, "upper": upper, "scale": scales,
                             "note": note}, index=pd.Index(list(self._param_names), name="parameter"))

    def _estimates_and_errors(self) -> tuple[np.ndarray, np.ndarray]:
        """Estimates and standard errors in ``_param_names`` order; an error without standard errors."""
        self._require_fitted()
        values = np.array([self.params_[n] for n in self._param_names], dtype="float64")
        errors = getattr(self, "standard_errors_", None)
        if errors is None:
            raise ValueError(t("value.no_standard_errors", model=type(self).__name__))
        return values, np.array([errors[n] for n in self._param_names], dtype="float64")

    def _refit(self, data: list[np.ndarray], weights: np.ndarray, columns: Mapping[str, str]):
        """Fit again on read, usable, compressed `data` with new `weights`, from the current estimates.

        A bootstrap replicate: no standard errors; the start is the current fit,
        moved to the new data's fitting unit, so a replicate takes a few steps.
        """
        scaled, unit = self._scale(data, weights, columns)
        start = self._optimiser_params() - self._shift(unit)
        result, _, _ = self._optimise(scaled, weights, start=start)
        self._store(result, unit, self._densities(data, weights), weights)
        return self

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
        errors and covariance (if computed), the coding of its covariates (if any),
        the numbers of customers and histories, the units, the ckmkit version and
        the file format's version. Numbers are written
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
            "covariance": (self.covariance_.to_numpy().tolist()
                           if getattr(self, "covariance_", None) is not None else None),
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
        if record.get("covariance") is not None:  # files written before it was kept have none
            cov = np.array(record["covariance"], dtype="float64")
            if errors is None or cov.shape != (len(self._param_names),) * 2:
                raise ValueError(t("value.model_file_covariance", path=path, n=len(self._param_names)))
            self._store_covariance(cov)

    def __repr__(self) -> str:
        if not getattr(self, "params_", None):
            return f"{type(self).__name__}()"
        inner = ", ".join(f"{k}={v:.4g}" for k, v in self.params_.items())
        return f"{type(self).__name__}({inner}, loglik={self.loglik_:.2f})"


def check_level(level: Any) -> float:
    """An interval's coverage as a float strictly between 0 and 1, or a ValueError saying so."""
    if not (is_real(level) and 0 < level < 1):
        raise ValueError(t("value.bad_level", value=show(level)))
    return float(level)


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
