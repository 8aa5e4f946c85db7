"""How sure a fitted model is: parameter draws, per-customer intervals, class probabilities.

One design for two methods. :func:`parameter_draws` gives a set of draws of a
fitted model's parameters, and any prediction applied across the draws gives each
customer a distribution whose quantiles are the interval:

* ``"sampling"``: the parameter vector on the optimiser's scale (log θ for the
  positive parameters) drawn from its asymptotic normal distribution,
  N(estimate, ``covariance_``). Fast; needs the standard errors of the fit.
* ``"bootstrap"``: customers resampled with replacement and the model refitted on
  each resample, as CLVTools' ``predict(..., uncertainty = "boots")`` does. A
  resample is drawn as multinomial counts over the distinct histories and fitted
  with those counts as weights, starting from the point estimate, so its cost
  grows with the number of distinct histories, not of customers.

The point column of every interval table (``clv``, ``p_alive``, ...) is the
prediction at the maximum-likelihood estimate, not the median of the draws; the
``_lower`` and ``_upper`` columns are the draws' quantiles at ``(1 ∓ level) / 2``.
The default level, 0.9, is CLVTools'. For CLV the transaction model and the spend
model are drawn independently (they are fitted separately). With the draws,
:func:`class_probabilities` gives the probability that each customer is an MVC,
MGC or BZC.
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import t
from ..quality import is_whole, show, warn
from ._fitter import check_level, compress_weighted, read_weights
from ._frames import customer_rows
from ._horizon import check_horizon
from ._mle import ConvergenceWarning, compress
from .classes import CLASSES, classify_customers, peer_potential
from .clv import customer_lifetime_value
from .dert import dert

__all__ = [
    "ParameterDraws", "PredictionDraws", "parameter_draws", "purchase_intervals", "p_alive_intervals",
    "dert_intervals", "clv_draws", "clv_intervals", "class_probabilities",
]

METHODS = ("sampling", "bootstrap")
#: Spend-model columns a CLV reads besides the transaction model's.
_SPEND = ("monetary_value",)


@dataclass(frozen=True)
class ParameterDraws:
    """Draws of a fitted model's parameters, made by :func:`parameter_draws`.

    Attributes
    ----------
    model : fitted model
        The model at its maximum-likelihood estimate.
    method : str
        ``"sampling"`` or ``"bootstrap"``.
    params : pandas.DataFrame
        One row per draw, one column per parameter (on the parameters' own scale).
    not_converged : int
        Bootstrap refits that did not converge or ran to a boundary (kept: they are
        part of the uncertainty); 0 for sampling.
    """

    model: Any
    method: str
    params: pd.DataFrame
    not_converged: int = 0

    def models(self) -> list[Any]:
        """One copy of the model per draw, with the drawn ``params_`` (and no standard errors).

        Returns
        -------
        list
            Models of the fitted model's class, ready to predict.
        """
        names = list(self.params.columns)
        out = []
        for row in self.params.to_numpy():
            drawn = copy.copy(self.model)
            for attribute in ("standard_errors_", "covariance_", "summary_"):  # the fit's, not the draw's
                drawn.__dict__.pop(attribute, None)
            drawn.params_ = dict(zip(names, row.tolist()))
            out.append(drawn)
        return out

    def predict(self, predict: Callable[[Any, pd.DataFrame], Any], summary: Any, *,
                name: str, columns: Sequence[str] | None = None) -> PredictionDraws:
        """Apply `predict` at the estimate and at every draw, on the distinct histories of `summary`.

        Parameters
        ----------
        predict : callable
            ``predict(model, table)`` → one value per row of `table`, a summary with
            the model's columns (e.g. ``lambda m, s: m.p_alive(s)``).
        summary : table
            One row per customer with the model's columns under their usual names
            (as :func:`ckmkit.value.summarize` writes them).
        name : str
            The name of the prediction: the interval's columns are ``name``,
            ``name_lower`` and ``name_upper``.
        columns : sequence of str, optional
            The columns `predict` reads, over which customers are grouped into
            distinct rows; default the model's (e.g. ``frequency``, ``recency``, ``T``).

        Returns
        -------
        PredictionDraws
            The prediction at the estimate and at each draw.
        """
        customers, distinct, rows = _distinct(summary, columns or _reads(self.model))
        point = _values(predict(self.model, distinct), len(distinct))[rows]
        values = np.vstack([_values(predict(m, distinct), len(distinct)) for m in self.models()])
        return PredictionDraws(name, pd.Series(point, index=customers.index, name=name), values, rows,
                               np.zeros(len(customers)))


@dataclass(frozen=True)
class PredictionDraws:
    """A per-customer prediction at the estimate and across parameter draws.

    Customers with the same history share their draws, so ``values`` has one
    column per distinct history; ``rows`` maps each customer to it, and ``offset``
    (e.g. minus the cost to serve, which no parameter moves) is added per customer.

    Attributes
    ----------
    name : str
        The prediction's name (``"clv"``, ``"p_alive"``, ...).
    point : pandas.Series
        The prediction at the maximum-likelihood estimate, by customer.
    values : numpy.ndarray
        Shape (draws, distinct histories): the prediction at each draw, before `offset`.
    rows : numpy.ndarray
        For each customer, the column of `values` holding their history.
    offset : numpy.ndarray
        Added to each customer's drawn values.
    """

    name: str
    point: pd.Series
    values: np.ndarray
    rows: np.ndarray
    offset: np.ndarray

    def interval(self, level: float = 0.9) -> pd.DataFrame:
        """The point prediction and each customer's interval at `level`.

        Parameters
        ----------
        level : float, default 0.9
            The coverage, strictly between 0 and 1: the bounds are the draws'
            quantiles at ``(1 − level) / 2`` and ``(1 + level) / 2``.

        Returns
        -------
        pandas.DataFrame
            By customer: ``name`` (at the estimate), ``name_lower``, ``name_upper``.
        """
        level = check_level(level)
        low, high = np.quantile(self.values, [(1 - level) / 2, (1 + level) / 2], axis=0)
        name = self.name
        return pd.DataFrame({name: self.point, f"{name}_lower": low[self.rows] + self.offset,
                             f"{name}_upper": high[self.rows] + self.offset}, index=self.point.index)

    def draw(self, k: int) -> pd.Series:
        """The prediction at draw `k` for every customer.

        Parameters
        ----------
        k : int
            The draw, from 0 to the number of draws − 1.

        Returns
        -------
        pandas.Series
            By customer, named like the prediction.
        """
        return pd.Series(self.values[k][self.rows] + self.offset, index=self.point.index, name=self.name)


def parameter_draws(model: Any, summary: Any = None, *, n_draws: int = 200, method: str = "sampling",
                    seed: int | np.random.SeedSequence = 0, weights: str | None = None,
                    progress: bool = True) -> ParameterDraws:
    """Draws of a fitted model's parameters, from their asymptotic distribution or by the bootstrap.

    ``"sampling"`` draws the optimiser-scale parameter vector (log θ for positive
    parameters, θ for regression coefficients) from N(estimate, ``covariance_``)
    and transforms it back. ``"bootstrap"`` resamples the customers of `summary`
    with replacement (multinomial counts over its distinct histories) and refits
    the model on each resample, warm-started from the estimate, as CLVTools'
    ``uncertainty = "boots"`` does; refits that end at a boundary are kept and
    counted in ``not_converged`` (with one warning), refits that fail are left out
    (with one warning).

    Parameters
    ----------
    model : BetaGeo, ParetoNBD, GammaGamma or another model of this package
        Fitted; for sampling, with standard errors (the default of ``fit``).
    summary : table, optional
        For the bootstrap: the summary the model was fitted on, with the model's
        columns under their usual names. Not used by sampling.
    n_draws : int, default 200
        Number of draws (a whole number ≥ 2).
    method : {"sampling", "bootstrap"}, default "sampling"
        How to draw.
    seed : int or numpy.random.SeedSequence, default 0
        Seed of the random draws: the same seed gives the same draws.
    weights : str, optional
        For the bootstrap of a model fitted with a column of counts (one row per
        pattern): that column's name.
    progress : bool, default True
        Show a progress bar (tqdm) during the bootstrap's refits.

    Returns
    -------
    ParameterDraws
        The model, the method and a table of draws (one row each).

    Raises
    ------
    ValueError
        The model is not fitted; sampling without a covariance (fitted with
        ``standard_errors=False``), or with a parameter without standard error (at
        a boundary: use the bootstrap); a bootstrap without `summary`; a bad
        `n_draws` or `method`.

    Examples
    --------
    >>> from ckmkit.datasets import load_cdnow
    >>> from ckmkit.value import BetaGeo, summarize
    >>> tx = load_cdnow("sample")
    >>> cal = summarize(tx[tx["date"] <= "1997-09-30"], time_unit="W", observation_end="1997-09-30")
    >>> bg = BetaGeo().fit(cal)
    >>> draws = parameter_draws(bg, n_draws=500, seed=1)
    >>> draws.params.shape
    (500, 4)
    >>> round(float(np.log(draws.params["r"]).std() / (bg.standard_errors_["r"] / bg.params_["r"])), 1)
    1.0
    >>> boots = parameter_draws(bg, cal, n_draws=3, method="bootstrap", progress=False)
    >>> bool(boots.params["r"].between(0.2, 0.3).all())
    True
    """
    model._require_fitted()
    if not is_whole(n_draws, 2):
        raise ValueError(t("value.bad_n_draws", value=show(n_draws)))
    if method not in METHODS:
        choices = ", ".join(map(repr, METHODS))
        raise ValueError(t("value.bad_draw_method", value=show(method), choices=choices))
    rng = np.random.default_rng(seed)
    if method == "sampling":
        rows, not_converged = _sampling(model, n_draws, rng), 0
    else:
        if summary is None:
            raise ValueError(t("value.bootstrap_needs_summary", model=type(model).__name__))
        rows, not_converged = _bootstrap(model, summary, n_draws, rng, weights, progress)
    params = pd.DataFrame(rows, columns=list(model._param_names))
    return ParameterDraws(model, method, params, not_converged)


def _sampling(model: Any, n_draws: int, rng: np.random.Generator) -> np.ndarray:
    """`n_draws` parameter vectors (rows) drawn on the optimiser's scale and transformed back."""
    name = type(model).__name__
    cov = getattr(model, "covariance_", None)
    if cov is None:
        raise ValueError(t("value.no_covariance", model=name))
    names = list(model._param_names)
    matrix = cov.loc[names, names].to_numpy(dtype="float64")
    missing = [n for n, v in zip(names, np.diag(matrix)) if not np.isfinite(v)]
    if missing:
        raise ValueError(t("value.covariance_missing", model=name, params=", ".join(missing)))
    if np.linalg.eigvalsh(matrix).min() < -1e-12 * np.abs(matrix).max():
        raise ValueError(t("value.covariance_not_psd", model=name))
    x = rng.multivariate_normal(model._optimiser_params(), matrix, size=n_draws, method="eigh")
    return np.array([model._natural(row) for row in x])


def _bootstrap(model: Any, summary: Any, n_draws: int, rng: np.random.Generator,
               weights: str | None, progress: bool) -> tuple[np.ndarray, int]:
    """Refits on `n_draws` resamples of the customers; the parameter rows and the unconverged count."""
    columns = {role: role for role in model._columns}
    data = model._usable(model._read(summary, columns), columns, False)
    if weights is None:
        data, counts = compress(*data)
    else:
        data, counts = compress_weighted(data, read_weights(summary, weights))
    total = int(round(float(counts.sum())))
    share = counts / counts.sum()
    rows, not_converged, failed = [], 0, []
    for _ in _progress(range(n_draws), progress):
        resample = rng.multinomial(total, share).astype("float64")
        keep = resample > 0
        replicate = copy.copy(model)  # starts from the estimate; its refit stores new attributes
        with warnings.catch_warnings():  # one summary warning below, not one per refit
            warnings.simplefilter("ignore", ConvergenceWarning)
            try:
                replicate._refit([column[keep] for column in data], resample[keep], columns)
            except ValueError as error:
                failed.append(str(error))
                continue
        not_converged += not replicate.converged_
        rows.append([replicate.params_[name] for name in replicate._param_names])
    _report_refits(failed, not_converged, n_draws)
    return np.array(rows).reshape(-1, len(model._param_names)), not_converged


def _report_refits(failed: list[str], not_converged: int, n_draws: int) -> None:
    if failed:
        if len(failed) == n_draws:
            raise ValueError(t("value.bootstrap_all_failed", total=n_draws, message=failed[0]))
        warn(t("value.bootstrap_failed", n=len(failed), total=n_draws, message=failed[0]))
    if not_converged:
        warn(t("value.bootstrap_not_converged", n=not_converged, total=n_draws), ConvergenceWarning)


def _progress(steps: range, show_bar: bool) -> Iterable[int]:
    if not show_bar:
        return steps
    from tqdm.auto import tqdm

    return tqdm(steps, desc=t("value.bootstrap_progress"))


def _reads(model: Any) -> list[str]:
    """The summary columns a model's predictions read: its own and, with covariates, theirs."""
    design = getattr(model, "covariates_", None)
    extra = [] if design is None else list(dict.fromkeys(design.purchase + design.dropout))
    return list(model._columns) + extra


def _distinct(summary: Any, columns: Iterable[str]) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """The summary as pandas by customer, its distinct rows over `columns`, and each customer's row.

    Numbers are grouped as floats, the fast path; categorical covariates (text) by value.
    """
    columns = list(columns)
    customers = customer_rows(summary, columns)
    if all(customers[c].dtype.kind in "biuf" for c in columns):
        arrays = [customers[c].to_numpy(dtype="float64") for c in columns]
        unique, _, rows = compress(*arrays, return_inverse=True)
        return customers, pd.DataFrame(dict(zip(columns, unique))), rows
    rows = customers.groupby(columns, sort=True, dropna=False, observed=True).ngroup().to_numpy()
    first = np.unique(rows, return_index=True)[1]
    return customers, customers[columns].iloc[first].reset_index(drop=True), rows


def _values(values: Any, n: int) -> np.ndarray:
    return np.asarray(values, dtype="float64").reshape(n)


def purchase_intervals(model: Any, summary: Any, t: float, *, level: float = 0.9, n_draws: int = 200,
                       method: str = "sampling", seed: int = 0) -> pd.DataFrame:
    """Each customer's expected purchases in the next `t` units, with an interval from parameter draws.

    Parameters
    ----------
    model : BetaGeo, ParetoNBD, ModifiedBetaGeo or GammaGompertzNBD
        Fitted (for sampling, with standard errors).
    summary : table
        One row per customer (``frequency``, ``recency``, ``T``); the bootstrap
        refits on it.
    t : float
        The horizon in the summary's time unit, one for all customers.
    level : float, default 0.9
        Coverage of the intervals.
    n_draws : int, default 200
        Number of parameter draws.
    method : {"sampling", "bootstrap"}, default "sampling"
        See :func:`parameter_draws`.
    seed : int, default 0
        Seed of the draws.

    Returns
    -------
    pandas.DataFrame
        By customer: ``expected_purchases`` (at the estimate), ``expected_purchases_lower``,
        ``expected_purchases_upper``.

    Examples
    --------
    >>> from ckmkit.datasets import load_cdnow
    >>> from ckmkit.value import BetaGeo, summarize
    >>> tx = load_cdnow("sample")
    >>> cal = summarize(tx[tx["date"] <= "1997-09-30"], time_unit="W", observation_end="1997-09-30")
    >>> out = purchase_intervals(BetaGeo().fit(cal), cal, 39)
    >>> list(out.columns)
    ['expected_purchases', 'expected_purchases_lower', 'expected_purchases_upper']
    >>> bool((out["expected_purchases_lower"] <= out["expected_purchases"]).all())
    True
    """
    horizon = _one_horizon(t)
    draws = parameter_draws(model, summary, n_draws=n_draws, method=method, seed=seed)
    return draws.predict(lambda m, s: m.expected_purchases(s, horizon), summary,
                         name="expected_purchases").interval(level)


def _one_horizon(horizon: Any) -> float:
    """The horizon, checked, as one number (the draws are shared by customers with one history)."""
    checked = check_horizon(horizon)
    if np.ndim(checked) != 0:
        raise ValueError(t("value.interval_one_horizon", value=show(horizon)))
    return float(checked)


def p_alive_intervals(model: Any, summary: Any, *, level: float = 0.9, n_draws: int = 200,
                      method: str = "sampling", seed: int = 0) -> pd.DataFrame:
    """Each customer's probability of being alive, with an interval from parameter draws.

    Parameters
    ----------
    model : BetaGeo, ParetoNBD, ModifiedBetaGeo, GammaGompertzNBD or BetaGeoBetaBinom
        Fitted (for sampling, with standard errors).
    summary : table
        One row per customer with the model's columns; the bootstrap refits on it.
    level : float, default 0.9
        Coverage of the intervals.
    n_draws : int, default 200
        Number of parameter draws.
    method : {"sampling", "bootstrap"}, default "sampling"
        See :func:`parameter_draws`.
    seed : int, default 0
        Seed of the draws.

    Returns
    -------
    pandas.DataFrame
        By customer: ``p_alive`` (at the estimate), ``p_alive_lower``, ``p_alive_upper``.

    Examples
    --------
    >>> from ckmkit.datasets import load_cdnow
    >>> from ckmkit.value import ParetoNBD, summarize
    >>> tx = load_cdnow("sample")
    >>> cal = summarize(tx[tx["date"] <= "1997-09-30"], time_unit="W", observation_end="1997-09-30")
    >>> out = p_alive_intervals(ParetoNBD().fit(cal), cal, n_draws=100)
    >>> bool(out[["p_alive_lower", "p_alive_upper"]].stack().between(0, 1).all())
    True
    """
    draws = parameter_draws(model, summary, n_draws=n_draws, method=method, seed=seed)
    return draws.predict(lambda m, s: m.p_alive(s), summary, name="p_alive").interval(level)


def dert_intervals(model: Any, summary: Any, rate: float, *, level: float = 0.9, n_draws: int = 200,
                   method: str = "sampling", seed: int = 0) -> pd.DataFrame:
    """Each customer's DERT (see :func:`ckmkit.value.dert`), with an interval from parameter draws.

    Parameters
    ----------
    model : BetaGeo, ParetoNBD, ModifiedBetaGeo or GammaGompertzNBD
        Fitted (for sampling, with standard errors).
    summary : table
        One row per customer (``frequency``, ``recency``, ``T``); the bootstrap
        refits on it.
    rate : float
        Continuous discount rate per unit of time (> 0). BG/NBD's and MBG/NBD's DERT
        is a numerical integral per customer, so over many draws it is much slower
        than Pareto/NBD's closed form.
    level : float, default 0.9
        Coverage of the intervals.
    n_draws : int, default 200
        Number of parameter draws.
    method : {"sampling", "bootstrap"}, default "sampling"
        See :func:`parameter_draws`.
    seed : int, default 0
        Seed of the draws.

    Returns
    -------
    pandas.DataFrame
        By customer: ``dert`` (at the estimate), ``dert_lower``, ``dert_upper``.

    Examples
    --------
    >>> from ckmkit.datasets import load_cdnow
    >>> from ckmkit.value import ParetoNBD, summarize
    >>> tx = load_cdnow("sample")
    >>> cal = summarize(tx[tx["date"] <= "1997-09-30"], time_unit="W", observation_end="1997-09-30")
    >>> out = dert_intervals(ParetoNBD().fit(cal), cal, np.log(1.15) / 52, n_draws=50)
    >>> round(float(out["dert"].sum()))
    7206
    """
    draws = parameter_draws(model, summary, n_draws=n_draws, method=method, seed=seed)
    return draws.predict(lambda m, s: dert(m, s, rate), summary, name="dert").interval(level)


def clv_draws(
    transaction_model: Any, spend_model: Any, summary: Any, *, n_draws: int = 200, method: str = "sampling",
    seed: int = 0, horizon: float = 52.0, step: float = 4.0, discount_rate: float = 0.01,
    margin: float = 1.0, cost_per_purchase: float = 0.0, cost_to_serve: float | pd.Series = 0.0,
    progress: bool = True,
) -> PredictionDraws:
    """Each customer's CLV at the estimates and across draws of both models' parameters.

    The transaction and the spend model are drawn independently (each from its
    own fit); the CLV is :func:`ckmkit.value.customer_lifetime_value`'s at each
    pair of draws. The cost to serve is the same in every draw.

    Parameters
    ----------
    transaction_model : BetaGeo or ParetoNBD
        Fitted (for sampling, with standard errors).
    spend_model : GammaGamma
        Fitted (for sampling, with standard errors).
    summary : table
        Output of :func:`ckmkit.value.summarize` (``frequency``, ``recency``,
        ``T``, ``monetary_value``); the bootstrap refits both models on it.
    n_draws : int, default 200
        Number of draws of each model.
    method : {"sampling", "bootstrap"}, default "sampling"
        See :func:`parameter_draws`.
    seed : int, default 0
        Seed of the draws (the two models get independent streams from it).
    horizon, step : float, default 52.0 and 4.0
        Length of the forecast and of one discounting step, in the summary's unit.
    discount_rate : float, default 0.01
        Per step.
    margin : float, default 1.0
        Gross margin rate applied to spend.
    cost_per_purchase : float, default 0.0
        Variable cost to serve one purchase.
    cost_to_serve : float or Series, default 0.0
        Other service cost per customer (see :func:`ckmkit.value.customer_lifetime_value`).
    progress : bool, default True
        Show a progress bar during bootstrap refits.

    Returns
    -------
    PredictionDraws
        Named ``"clv"``: ``.interval(level)`` gives ``clv``, ``clv_lower``,
        ``clv_upper``; :func:`class_probabilities` gives P(class).

    Examples
    --------
    >>> from ckmkit.datasets import load_cdnow
    >>> from ckmkit.value import BetaGeo, GammaGamma, summarize
    >>> tx = load_cdnow("sample")
    >>> s = summarize(tx[tx["date"] <= "1997-09-30"], time_unit="W", observation_end="1997-09-30")
    >>> bg, gg = BetaGeo().fit(s), GammaGamma().fit(s[s["frequency"] > 0])
    >>> draws = clv_draws(bg, gg, s, n_draws=100, margin=0.3)
    >>> draws.values.shape[0], round(float(draws.point.mean()), 2)
    (100, 9.04)
    """
    options = {"horizon": horizon, "step": step, "discount_rate": discount_rate, "margin": margin,
               "cost_per_purchase": cost_per_purchase}
    at_estimate = customer_lifetime_value(transaction_model, spend_model, summary,
                                          cost_to_serve=cost_to_serve, **options)
    purchase_seed, spend_seed = np.random.SeedSequence(seed).spawn(2)
    kinds = [(transaction_model, purchase_seed), (spend_model, spend_seed)]
    sets = [parameter_draws(m, summary, n_draws=n_draws, method=method, seed=s, progress=progress).models()
            for m, s in kinds]
    customers, distinct, rows = _distinct(summary, _reads(transaction_model) + list(_SPEND))
    values = np.vstack([
        customer_lifetime_value(tm, sm, distinct, **options)["discounted_margin"].to_numpy()
        for tm, sm in zip(*sets)])
    point = at_estimate["clv"].reindex(customers.index)
    return PredictionDraws("clv", point, values, rows, -at_estimate["cost_to_serve"].to_numpy())


def clv_intervals(
    transaction_model: Any, spend_model: Any, summary: Any, *, level: float = 0.9, n_draws: int = 200,
    method: str = "sampling", seed: int = 0, horizon: float = 52.0, step: float = 4.0,
    discount_rate: float = 0.01, margin: float = 1.0, cost_per_purchase: float = 0.0,
    cost_to_serve: float | pd.Series = 0.0,
) -> pd.DataFrame:
    """Each customer's CLV with an interval: one call from two fitted models and a summary.

    :func:`clv_draws` followed by ``.interval(level)``.

    Parameters
    ----------
    transaction_model : BetaGeo or ParetoNBD
        Fitted (for sampling, with standard errors).
    spend_model : GammaGamma
        Fitted (for sampling, with standard errors).
    summary : table
        Output of :func:`ckmkit.value.summarize`.
    level : float, default 0.9
        Coverage of the intervals.
    n_draws : int, default 200
        Number of draws of each model.
    method : {"sampling", "bootstrap"}, default "sampling"
        See :func:`parameter_draws` (the bootstrap shows no progress bar here).
    seed : int, default 0
        Seed of the draws.
    horizon, step : float, default 52.0 and 4.0
        Length of the forecast and of one discounting step, in the summary's unit.
    discount_rate : float, default 0.01
        Per step.
    margin : float, default 1.0
        Gross margin rate applied to spend.
    cost_per_purchase : float, default 0.0
        Variable cost to serve one purchase.
    cost_to_serve : float or Series, default 0.0
        Other service cost per customer.

    Returns
    -------
    pandas.DataFrame
        By customer: ``clv`` (at the estimates), ``clv_lower``, ``clv_upper``.

    Examples
    --------
    >>> from ckmkit.datasets import load_cdnow
    >>> from ckmkit.value import BetaGeo, GammaGamma, summarize
    >>> tx = load_cdnow("sample")
    >>> s = summarize(tx[tx["date"] <= "1997-09-30"], time_unit="W", observation_end="1997-09-30")
    >>> bg, gg = BetaGeo().fit(s), GammaGamma().fit(s[s["frequency"] > 0])
    >>> out = clv_intervals(bg, gg, s, margin=0.3, n_draws=50)
    >>> list(out.columns), bool((out["clv_lower"] <= out["clv_upper"]).all())
    (['clv', 'clv_lower', 'clv_upper'], True)
    """
    return clv_draws(transaction_model, spend_model, summary, n_draws=n_draws, method=method, seed=seed,
                     horizon=horizon, step=step, discount_rate=discount_rate, margin=margin,
                     cost_per_purchase=cost_per_purchase, cost_to_serve=cost_to_serve,
                     progress=False).interval(level)


def class_probabilities(clv: PredictionDraws,
                        classify: Callable[[pd.Series], Any] | None = None) -> pd.DataFrame:
    """P(customer is MVC / MGC / BZC / other) across the draws of their CLV.

    Each draw's CLV of all customers is classified (the classes depend on the
    whole base: the Pareto cut and the MGC quantile move with it), and each
    customer's share of draws in each class is the probability.

    Parameters
    ----------
    clv : PredictionDraws
        From :func:`clv_draws`.
    classify : callable, optional
        ``classify(values)`` → the class code (one of :data:`~ckmkit.value.CLASSES`)
        of each customer, from a Series of CLV by customer. Default:
        :func:`~ckmkit.value.classify_customers` with value and profit both the
        CLV and potential the :func:`~ckmkit.value.peer_potential` of it.

    Returns
    -------
    pandas.DataFrame
        By customer: ``customer_class`` (at the estimates), ``p_mvc``, ``p_mgc``,
        ``p_bzc``, ``p_other`` (summing to 1).

    Examples
    --------
    >>> from ckmkit.datasets import load_cdnow
    >>> from ckmkit.value import BetaGeo, GammaGamma, summarize
    >>> tx = load_cdnow("sample")
    >>> s = summarize(tx[tx["date"] <= "1997-09-30"], time_unit="W", observation_end="1997-09-30")
    >>> bg, gg = BetaGeo().fit(s), GammaGamma().fit(s[s["frequency"] > 0])
    >>> p = class_probabilities(clv_draws(bg, gg, s, n_draws=50, cost_to_serve=5.0))
    >>> list(p.columns)
    ['customer_class', 'p_mvc', 'p_mgc', 'p_bzc', 'p_other']
    >>> bool(np.allclose(p.iloc[:, 1:].sum(axis=1), 1.0))
    True
    """
    classify = classify or _classes_on_clv
    counts = np.zeros((len(clv.point), len(CLASSES)))
    n_draws = clv.values.shape[0]
    for k in range(n_draws):
        counts[np.arange(len(clv.point)), _codes(classify(clv.draw(k)))] += 1
    share = counts / n_draws
    at_estimate = pd.Categorical.from_codes(_codes(classify(clv.point)), categories=list(CLASSES))
    columns = {"customer_class": at_estimate}
    columns.update({f"p_{c}": share[:, CLASSES.index(c)] for c in ("mvc", "mgc", "bzc", "other")})
    return pd.DataFrame(columns, index=clv.point.index)


def _classes_on_clv(values: pd.Series) -> pd.Series:
    """The default class rule: CLV as value and profit, its peer potential as potential."""
    table = pd.DataFrame({"value": values, "profit": values, "potential": peer_potential(values)})
    return classify_customers(table, value="value", profit="profit", potential="potential")["customer_class"]


def _codes(classes: Any) -> np.ndarray:
    """Positions in CLASSES of the class codes `classes`; a ValueError for any other code."""
    values = np.asarray(classes, dtype=object)
    codes = pd.Index(list(CLASSES)).get_indexer(values)
    if (codes < 0).any():
        bad = values[codes < 0][0]
        raise ValueError(t("value.bad_class_code", value=show(bad), choices=", ".join(CLASSES)))
    return codes
