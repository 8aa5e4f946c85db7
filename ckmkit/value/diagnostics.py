"""Judging fitted CLV models: tracking over time, repeat-purchase counts, and comparing fits.

* :func:`tracking_table`: repeat purchases per period of the calibration cohort,
  actual against the model, cumulative and per period, calibration and holdout
  (Fader & Hardie's tracking plot; drawn by :func:`ckmkit.value.plots.plot_tracking`).
* :func:`period_transactions`: how many customers made 0, 1, 2, …, 7+ repeat
  purchases in calibration, actual against the model (drawn by
  :func:`ckmkit.value.plots.plot_period_transactions`).
* :func:`compare_models`: one table of fitted models: parameters, log-likelihood,
  AIC, BIC, likelihood-ratio tests of nested pairs and holdout errors.

A model takes part through methods, not its class, so new models plug in as they are:

* tracking needs ``expected_purchases_new(t)``: E[X(t)] for a new customer,
  vectorised over an array of horizons `t`;
* period transactions need ``probability_of_purchases(t, n)``: P(X(t) = n) for a
  new customer, broadcast over `t` and `n`;
* the comparison reads ``params_``, ``loglik_`` and ``n_customers_`` of any fitted
  model, and the holdout errors need ``expected_purchases(summary, t)`` (models
  without it, such as spend models, get no holdout columns).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import t
from ..quality import collect, require_columns, to_narwhals
from ._frames import column_arrays, customer_rows
from .summary import unit_days

__all__ = ["NESTED", "compare_models", "likelihood_ratio_test", "period_transactions", "tracking_table"]

#: Pairs of model classes (restricted, general) where the restricted model is the general one
#: with a parameter at the edge of its space, by class name. BG/NBD and MBG/NBD are *not*
#: nested (same four parameters; neither is a special case of the other), nor are BG/NBD and
#: Pareto/NBD. GGompertz/NBD becomes Pareto/NBD as b → 0 with β/b fixed (Bemmaor & Glady 2012).
NESTED: dict[tuple[str, str], bool] = {("ParetoNBD", "GammaGompertzNBD"): True}


# -- tracking ------------------------------------------------------------------------------


def _cohort_days(transactions: Any, customer_id: str, date: str, cal_day: pd.Timestamp,
                 observation_end: Any) -> tuple[pd.DataFrame, pd.Timestamp]:
    """The calibration cohort's purchase days up to the end (``id``, ``day``, ``first``), and that end.

    One row per customer and purchase day (midnights), from any engine's log, as pandas.
    """
    require_columns(transactions, [customer_id, date])
    rows = collect(to_narwhals(transactions).select(customer_id, date)).to_pandas()
    days = pd.to_datetime(rows[date]).dt.tz_localize(None).dt.normalize()
    days = pd.DataFrame({"id": rows[customer_id], "day": days}).dropna().drop_duplicates()
    end = _day(observation_end) if observation_end is not None else days["day"].max()
    days = days[days["day"] <= end]
    first = days.groupby("id")["day"].transform("min")
    return days[first <= cal_day].assign(first=first), end


def tracking_table(model: Any, transactions: Any, calibration_end: Any, *,
                   customer_id: str = "customer_id", date: str = "date", time_unit: str | float = "W",
                   observation_end: Any = None) -> pd.DataFrame:
    """Repeat purchases of the calibration cohort per period: actual against the model's forecast.

    The cohort: customers whose first purchase is on or before `calibration_end`;
    periods of `time_unit` run from the cohort's first purchase. The model's line
    adds the customers' expected repeat purchases as new customers
    (``model.expected_purchases_new``) over the time since their own first purchase
    (Fader & Hardie). Purchases count as in :func:`ckmkit.value.summarize` (one a day).

    Parameters
    ----------
    model : BetaGeo or ParetoNBD
        A fitted model with ``expected_purchases_new`` (see the module notes).
    transactions : table
        The purchase log the model's summary was made from (returns already removed).
    calibration_end : date-like
        Last day of the calibration window, as given to :func:`ckmkit.value.calibration_holdout`.
    customer_id, date : str
        Column names of the log.
    time_unit : {"D", "W", "M"} or float, default "W"
        The unit the model was fitted in, and the length of a period.
    observation_end : date-like, optional
        Last day of the whole window; default: the log's last day.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``period`` (1, 2, …: the end of each period in `time_unit` since
        the cohort's first purchase), with columns ``actual``, ``model`` (repeat
        purchases in the period) and ``actual_cumulative``, ``model_cumulative``.
        ``attrs["calibration_end"]`` holds the calibration end on the same scale,
        ``attrs["model"]`` the model's name and ``attrs["time_unit"]`` the unit.

    Examples
    --------
    >>> from ckmkit.datasets import load_cdnow
    >>> from ckmkit.value import BetaGeo
    >>> bg = BetaGeo()
    >>> bg.params_ = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}  # CDNOW's estimates
    >>> table = tracking_table(bg, load_cdnow("sample"), "1997-09-30", observation_end="1998-06-30")
    >>> len(table), table.attrs["calibration_end"], int(table.loc[39, "actual_cumulative"])
    (78, 39.0, 2457)
    >>> round(float(table.loc[78, "model_cumulative"]))
    4166
    """
    cal_day, unit = _day(calibration_end), unit_days(time_unit)
    days, end = _cohort_days(transactions, customer_id, date, cal_day, observation_end)
    start = days["first"].min()
    last_days = _period_last_days(float((end - start).days), unit)
    repeat = days.loc[days["day"] > days["first"], "day"]
    actual = np.bincount(((repeat - start).dt.days.to_numpy() // unit).astype(int),
                         minlength=last_days.size)[:last_days.size].astype(float)
    births = (days.groupby("id")["first"].first() - start).dt.days
    table = _tracking_frame(actual, _cohort_forecast(model, births, last_days, unit))
    table.attrs.update(calibration_end=((cal_day - start).days + 1) / unit, time_unit=time_unit,
                       model=getattr(model, "label", type(model).__name__))
    return table


def _tracking_frame(actual: np.ndarray, model_cumulative: np.ndarray) -> pd.DataFrame:
    """Per-period and cumulative purchases, actual and model, indexed by period 1, 2, …"""
    return pd.DataFrame({"actual": actual, "model": np.diff(model_cumulative, prepend=0.0),
                         "actual_cumulative": np.cumsum(actual), "model_cumulative": model_cumulative},
                        index=pd.Index(np.arange(1, actual.size + 1), name="period"))


def _day(value: Any) -> pd.Timestamp:
    """Midnight of the day `value` falls on; a pandas Period stands for its last day."""
    if isinstance(value, pd.Period):
        value = value.end_time
    return pd.Timestamp(value).tz_localize(None).normalize()


def _period_last_days(span: float, unit: float) -> np.ndarray:
    """The last day (offset from the start) of each period, the last one cut at the end `span`."""
    count = int(np.floor(span / unit)) + 1
    return np.minimum(np.ceil(np.arange(1, count + 1) * unit) - 1, span)


def _cohort_forecast(model: Any, births: pd.Series, last_days: np.ndarray, unit: float) -> np.ndarray:
    """Σ over customers of E[X(age at each period's last day)]: born on a day, counted by day."""
    born, count = np.unique(births.to_numpy(dtype=float), return_counts=True)
    ages = np.maximum(last_days[:, None] - born[None, :], 0.0) / unit
    expected = np.asarray(model.expected_purchases_new(ages.ravel()), dtype=float).reshape(ages.shape)
    return expected @ count


# -- repeat-purchase counts ---------------------------------------------------------------


def period_transactions(model: Any, summary: Any, *, max_frequency: int = 7,
                        frequency: str = "frequency", T: str = "T") -> pd.DataFrame:
    """How many customers made 0, 1, …, `max_frequency`+ repeat purchases: actual and model.

    The model's count for x repeat purchases is ``Σ_i P(X(T_i) = x)`` over the
    customers, each at their own age ``T_i`` (``model.probability_of_purchases``);
    the last row pools `max_frequency` and more.

    Parameters
    ----------
    model : BetaGeo or ParetoNBD
        A fitted model with ``probability_of_purchases`` (see the module notes).
    summary : table
        The calibration summary the model was fitted on.
    max_frequency : int, default 7
        Counts from this one up are pooled.
    frequency, T : str
        Column names of repeat purchases and customer age.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``repeat_purchases`` (0 … `max_frequency`), columns ``actual``
        and ``model`` (numbers of customers; each column adds up to the customers);
        ``attrs["model"]`` holds the model's name.

    Examples
    --------
    >>> from ckmkit.datasets import load_cdnow
    >>> from ckmkit.value import BetaGeo, summarize
    >>> tx = load_cdnow("sample")
    >>> cal = summarize(tx[tx["date"] <= "1997-09-30"], time_unit="W", observation_end="1997-09-30")
    >>> bg = BetaGeo()
    >>> bg.params_ = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}  # CDNOW's estimates
    >>> table = period_transactions(bg, cal)
    >>> table.loc[0].round().tolist()
    [1411.0, 1406.0]
    """
    x, ages = column_arrays(summary, [frequency, T])
    if not (isinstance(max_frequency, (int, np.integer)) and max_frequency >= 1):
        raise ValueError(t("value.bad_max_frequency", value=repr(max_frequency)))
    counts = np.arange(max_frequency)
    age, weight = np.unique(ages, return_counts=True)
    p = np.asarray(model.probability_of_purchases(age[:, None], counts[None, :]), dtype=float)
    expected = weight @ p.reshape(age.size, max_frequency)
    actual = np.bincount(np.minimum(x, max_frequency).astype(int), minlength=max_frequency + 1)
    table = pd.DataFrame({"actual": actual.astype(float),
                          "model": np.append(expected, x.size - expected.sum())},
                         index=pd.Index(np.arange(max_frequency + 1), name="repeat_purchases"))
    table.attrs["model"] = getattr(model, "label", type(model).__name__)
    return table


# -- comparison ---------------------------------------------------------------------------


def compare_models(models: Mapping[str, Any] | Sequence[Any], split: Any, *,
                   nested: Sequence[tuple[str, str, bool]] | None = None) -> pd.DataFrame:
    """One table comparing fitted models: fit, information criteria, nesting tests, holdout errors.

    Columns: ``model``, ``parameters`` (estimates as text), ``loglik``,
    ``n_params``, ``n_customers``, ``aic`` (``2k − 2 log L``), ``bic``
    (``k log n − 2 log L``, n the customers fitted), the likelihood-ratio test
    against a nested model (``lr_against``, ``lr_statistic``, ``lr_df``,
    ``lr_p_value``), and holdout errors: per customer ``holdout_mae`` and
    ``holdout_rmse`` of predicted against actual holdout purchases, and in total
    ``holdout_predicted``, ``holdout_actual`` and ``holdout_error_pct``.

    The likelihood ratio ``2 (log L_general − log L_restricted)`` is tested only
    for pairs that are truly nested and fitted on the same customers. When the
    restriction puts a parameter on the edge of its space (all of :data:`NESTED`),
    the statistic's null distribution is the 50:50 mixture of χ² with one degree
    of freedom fewer and χ² with the difference in parameters (Self & Liang 1987;
    for one parameter ½χ²₀ + ½χ²₁), so the p-value is half the usual one; at a
    statistic of 0 it is 1. Otherwise the usual χ² applies (so for a model with
    covariates against the same model without: each coefficient is interior). A
    model that nests several of those compared is tested against the largest of them.

    Parameters
    ----------
    models : mapping of str to model, or sequence of models
        Fitted models, by the names to show (a sequence is named by each model's
        ``label``, else its class name).
    split : table
        The output of :func:`ckmkit.value.calibration_holdout` the models were fitted on.
    nested : sequence of (str, str, bool), optional
        Pairs (restricted, general, on the boundary) by the names of `models`;
        default: the pairs of :data:`NESTED` among the models' classes, and each
        model with covariates against a model of its class whose parameters are a
        subset of its own (e.g. the plain model).

    Returns
    -------
    pandas.DataFrame
        One row per model, in the order given.

    Examples
    --------
    >>> from ckmkit.datasets import load_cdnow
    >>> from ckmkit.value import BetaGeo, ParetoNBD, calibration_holdout
    >>> split = calibration_holdout(load_cdnow("sample"), time_unit="W", calibration_end="1997-09-30",
    ...                             observation_end="1998-06-30")
    >>> table = compare_models([BetaGeo().fit(split), ParetoNBD().fit(split)], split)
    >>> table[["model", "n_params", "aic"]].round(1).values.tolist()
    [['BG/NBD', 4, 19172.9], ['Pareto/NBD', 4, 19198.0]]
    >>> table["holdout_actual"].tolist()
    [1882.0, 1882.0]
    """
    named = _named(models)
    split = customer_rows(split)
    rows = {name: {"model": name, **_fit_columns(model), **_holdout_columns(model, split)}
            for name, model in named.items()}
    for restricted, general, boundary in _nested_pairs(named, nested):
        if named[restricted].n_customers_ == named[general].n_customers_:
            rows[general].update(_likelihood_ratio(rows[restricted], rows[general], boundary,
                                                   restricted))
    return pd.DataFrame(list(rows.values()), columns=_COLUMNS)


_COLUMNS = ["model", "parameters", "loglik", "n_params", "n_customers", "aic", "bic", "lr_against",
            "lr_statistic", "lr_df", "lr_p_value", "holdout_mae", "holdout_rmse",
            "holdout_predicted", "holdout_actual", "holdout_error_pct"]


def _named(models: Mapping[str, Any] | Sequence[Any]) -> dict[str, Any]:
    """The models by name; each checked to be fitted."""
    if isinstance(models, Mapping):
        named = dict(models)
    else:
        named = {getattr(m, "label", type(m).__name__): m for m in models}
    if not named:
        raise ValueError(t("value.compare_no_models"))
    for model in named.values():
        if not getattr(model, "params_", None):
            raise ValueError(t("value.not_fitted", model=type(model).__name__))
    return named


def _fit_columns(model: Any) -> dict[str, Any]:
    """Parameters, log-likelihood and information criteria of one fitted model."""
    k, n, loglik = len(model.params_), int(model.n_customers_), float(model.loglik_)
    return {"parameters": ", ".join(f"{name}={value:.4g}" for name, value in model.params_.items()),
            "loglik": loglik, "n_params": k, "n_customers": n,
            "aic": 2 * k - 2 * loglik, "bic": k * np.log(n) - 2 * loglik}


def _holdout_columns(model: Any, split: pd.DataFrame) -> dict[str, float]:
    """Per-customer and total errors of the model's holdout forecast (none without one)."""
    if not hasattr(model, "expected_purchases"):
        return {}
    require_columns(split, ["frequency_holdout", "duration_holdout"])
    horizon = split["duration_holdout"].to_numpy(dtype=float)
    predicted = np.asarray(model.expected_purchases(split, t=horizon), dtype=float)
    actual = split["frequency_holdout"].to_numpy(dtype=float)
    error = predicted - actual
    return {"holdout_mae": float(np.mean(np.abs(error))),
            "holdout_rmse": float(np.sqrt(np.mean(error**2))),
            "holdout_predicted": float(predicted.sum()), "holdout_actual": float(actual.sum()),
            "holdout_error_pct": float(100 * error.sum() / actual.sum()) if actual.sum() else np.nan}


def _nested_pairs(named: dict[str, Any],
                  nested: Sequence[tuple[str, str, bool]] | None) -> list[tuple[str, str, bool]]:
    """(restricted, general, boundary) by name; per general model the largest restricted one."""
    if nested is None:
        classes = {name: type(model).__name__ for name, model in named.items()}
        nested = [(small, big, NESTED[classes[small], classes[big]])
                  for small in named for big in named if (classes[small], classes[big]) in NESTED
                  and _coefficients(named[small]) == _coefficients(named[big])]
        nested += [(small, big, False) for small in named for big in named
                   if classes[small] == classes[big] and _fewer_params(named[small], named[big])]
    for pair in nested:
        for name in pair[:2]:
            if name not in named:
                raise ValueError(t("value.compare_nested_unknown", name=name, choices=", ".join(named)))
    best: dict[str, tuple[str, str, bool]] = {}
    for small, big, boundary in nested:
        if big not in best or len(named[small].params_) > len(named[best[big][0]].params_):
            best[big] = (small, big, bool(boundary))
    return list(best.values())


def _coefficients(model: Any) -> set[str]:
    """The names of a model's covariate coefficients (``purchase:…``, ``dropout:…``)."""
    return {name for name in model.params_ if ":" in name}


def _fewer_params(small: Any, big: Any) -> bool:
    """Are `small`'s parameters a proper subset of `big`'s (covariates added to the same model)?"""
    return set(small.params_) < set(big.params_)


def likelihood_ratio_test(restricted: Any, full: Any) -> dict[str, float]:
    """Likelihood-ratio test of a model against the same model with more parameters (covariates).

    ``2 (log L_full − log L_restricted)`` is χ² with as many degrees of freedom as
    the full model has more parameters, when the restriction (coefficients = 0)
    holds; the coefficients are interior, so no boundary correction applies.

    Parameters
    ----------
    restricted : fitted model
        E.g. :class:`~ckmkit.value.ParetoNBD` without covariates.
    full : fitted model
        The same model with covariates, fitted on the same customers.

    Returns
    -------
    dict
        ``statistic``, ``df`` and ``p_value``.

    Raises
    ------
    ValueError
        The restricted model's parameters are not among the full one's, or the two
        were fitted on different numbers of customers.

    Examples
    --------
    >>> from ckmkit.value import ParetoNBD
    >>> small, big = ParetoNBD(), ParetoNBD()
    >>> small.params_, small.loglik_, small.n_customers_ = {"r": 1, "alpha": 1, "s": 1, "beta": 1}, -100.0, 50
    >>> big.params_ = dict(small.params_, **{"purchase:online": 0.4})
    >>> big.loglik_, big.n_customers_ = -97.0, 50
    >>> {k: round(v, 4) for k, v in likelihood_ratio_test(small, big).items()}
    {'statistic': 6.0, 'df': 1, 'p_value': 0.0143}
    """
    for model in (restricted, full):
        if not getattr(model, "params_", None):
            raise ValueError(t("value.not_fitted", model=type(model).__name__))
    if not _fewer_params(restricted, full) or restricted.n_customers_ != full.n_customers_:
        raise ValueError(t("value.lr_not_nested", restricted=", ".join(restricted.params_),
                           full=", ".join(full.params_), n_restricted=restricted.n_customers_,
                           n_full=full.n_customers_))
    rows = [{"loglik": float(m.loglik_), "n_params": len(m.params_)} for m in (restricted, full)]
    out = _likelihood_ratio(rows[0], rows[1], False, "")
    return {"statistic": out["lr_statistic"], "df": out["lr_df"], "p_value": out["lr_p_value"]}


def _likelihood_ratio(restricted: dict, general: dict, boundary: bool, name: str) -> dict[str, Any]:
    """The LR statistic, its degrees of freedom and p-value (boundary: Self & Liang's mixture)."""
    from scipy.stats import chi2

    statistic = max(2.0 * (general["loglik"] - restricted["loglik"]), 0.0)
    df = general["n_params"] - restricted["n_params"]
    if boundary:  # ½χ²(df − 1) + ½χ²(df); χ²(0) is a point mass at 0
        below = 1.0 if statistic <= 0 else (chi2.sf(statistic, df - 1) if df > 1 else 0.0)
        p_value = 0.5 * below + 0.5 * chi2.sf(statistic, df)
    else:
        p_value = chi2.sf(statistic, df)
    return {"lr_against": name, "lr_statistic": statistic, "lr_df": df, "lr_p_value": float(p_value)}
