"""Customer lifetime value: expected discounted margin over a horizon.

``CLV_i = Σ_k ΔN_ik · (margin · spend_i − cost_per_purchase) / (1 + d)^k − cost_to_serve_i``

where ``ΔN_ik`` is the expected number of purchases of customer *i* in step *k*
from a transaction model (BG/NBD or Pareto/NBD, conditional on the customer's
history), ``spend_i`` the expected spend per purchase from Gamma-Gamma, and *d*
the discount rate per step. This is the discrete-time construction of Fader,
Hardie & Lee (2005, JMR 42(4)) and of the ``lifetimes`` package; the cost to
serve turns revenue-based value into customer profit (Peppers & Rogers).

Also here: the textbook retention-based CLV, ``Σ_t m · r^t / (1 + d)^t``, for
the retention-versus-acquisition arithmetic of chapter 2.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import t
from ..quality import is_real, is_whole, not_real, report_exclusions, show, warn
from ._frames import customer_rows, match_customers
from ._mle import compress
from .gammagamma import GammaGamma
from .models import BetaGeo, ParetoNBD, read_histories

__all__ = ["customer_lifetime_value", "retention_clv", "acquisition_vs_retention"]


def _check_rate(name: str, value: float, low: float = 0.0, high: float = np.inf) -> float:
    value = float(value)
    if not (np.isfinite(value) and low <= value <= high):
        raise ValueError(t("value.bad_rate", name=name, value=f"{value:g}", low=f"{low:g}",
                           high=f"{high:g}"))
    return value


def _check_model(name: str, model: Any, kinds: tuple[type, ...]) -> None:
    if not isinstance(model, kinds):
        raise TypeError(t("value.bad_model", name=name, kind=type(model).__name__,
                          expected=" / ".join(kind.__name__ for kind in kinds)))


def customer_lifetime_value(
    transaction_model: Any, spend_model: Any, summary: Any, *, horizon: float = 52.0, step: float = 4.0,
    discount_rate: float = 0.01, margin: float = 1.0, cost_per_purchase: float = 0.0,
    cost_to_serve: float | pd.Series = 0.0,
) -> pd.DataFrame:
    """Expected discounted value of each customer over `horizon` (summary's time unit).

    Parameters
    ----------
    transaction_model : BetaGeo or ParetoNBD
        Fitted: the expected purchases of each customer.
    spend_model : GammaGamma
        Fitted: the expected spend per purchase of each customer.
    summary : table
        Output of :func:`ckmkit.value.summarize` (``frequency``, ``recency``,
        ``T``, ``monetary_value``), on any engine it runs on.
    horizon, step : float, default 52.0 and 4.0
        Length of the forecast and of one discounting step, in the unit of
        `summary` (e.g. 52 and 4 weeks: thirteen four-week steps).
    discount_rate : float, default 0.01
        Per step (e.g. 0.01 per four weeks ≈ 13.8 % a year).
    margin : float, default 1.0
        Gross margin rate applied to spend (1.0 = value in revenue terms).
    cost_per_purchase : float, default 0.0
        Variable cost to serve one purchase (delivery, handling).
    cost_to_serve : float or Series, default 0.0
        Other service cost per customer over the horizon (present value, finite,
        ≥ 0): one number for all, or a Series (or dict) by customer id, matched to
        the index of `summary`. Costs of customers not in `summary` are left out and
        customers without a cost count 0, each reported with a
        :class:`~ckmkit.DataQualityWarning`; ids that match no customer at all
        (``'4'`` against ``4``) are a ValueError.

    Returns
    -------
    pandas.DataFrame
        ``expected_purchases``, ``expected_spend``, ``discounted_margin``,
        ``cost_to_serve``, ``clv`` (= discounted margin − cost to serve).

    Examples
    --------
    >>> from ckmkit.datasets import load_cdnow
    >>> from ckmkit.value import BetaGeo, GammaGamma, summarize
    >>> tx = load_cdnow("sample")
    >>> s = summarize(tx[tx["date"] <= "1997-09-30"], time_unit="W", observation_end="1997-09-30")
    >>> bg = BetaGeo().fit(s, standard_errors=False)
    >>> gg = GammaGamma().fit(s[s["frequency"] > 0], standard_errors=False)
    >>> v = customer_lifetime_value(bg, gg, s, horizon=52, step=4, margin=0.3)
    >>> round(float(v["clv"].mean()), 2), list(v.columns)[-1]  # a year of margin, discounted
    (9.04, 'clv')
    """
    horizon, step, discount_rate, margin, cost_per_purchase = _clv_arguments(
        transaction_model, spend_model, horizon, step, discount_rate, margin, cost_per_purchase)
    summary = customer_rows(summary)
    spend = _as_array(spend_model.expected_spend(summary), summary)
    purchases, discounted = _purchases(transaction_model, summary, *_steps(horizon, step, discount_rate))
    discounted = discounted * (margin * spend - cost_per_purchase)  # discounted purchases × margin
    serve = _serve_costs(cost_to_serve, summary.index)
    table = {"expected_purchases": purchases, "expected_spend": spend, "discounted_margin": discounted}
    return pd.DataFrame({**table, "cost_to_serve": serve, "clv": discounted - serve}, index=summary.index)


def _clv_arguments(transaction_model: Any, spend_model: Any, horizon: Any, step: Any,
                   discount_rate: Any, margin: Any,
                   cost_per_purchase: Any) -> tuple[float, float, float, float, float]:
    """The numbers of :func:`customer_lifetime_value` as checked floats; the models checked too."""
    rates = _clv_rates(horizon, step, discount_rate, margin, cost_per_purchase)
    _check_model("transaction_model", transaction_model, (BetaGeo, ParetoNBD))
    _check_model("spend_model", spend_model, (GammaGamma,))
    return rates


def _clv_rates(horizon: Any, step: Any, discount_rate: Any, margin: Any,
               cost_per_purchase: Any) -> tuple[float, float, float, float, float]:
    """The numbers of :func:`customer_lifetime_value` as floats, each checked against its range."""
    if not is_real(horizon):  # float() would take True or "52"
        raise ValueError(t("value.bad_clv_horizon", value=repr(horizon)))
    horizon = _check_rate("horizon", horizon, 1e-9)
    return (horizon, _check_rate("step", step, 1e-9, horizon),
            _check_rate("discount_rate", discount_rate, 0.0),
            _check_rate("margin", margin, 0.0, 1.0),
            _check_rate("cost_per_purchase", cost_per_purchase, 0.0))


def _steps(horizon: float, step: float, discount_rate: float) -> tuple[np.ndarray, np.ndarray]:
    """The end of each discounting step (the last one may be shorter) and its discount factor."""
    ends = np.minimum(np.arange(1, int(np.ceil(horizon / step - 1e-9)) + 1) * step, horizon)
    return ends, (1 + discount_rate) ** -np.arange(1, ends.size + 1)


def _purchases(model: Any, summary: pd.DataFrame, ends: np.ndarray,
               factors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each customer's expected purchases by the horizon, and with each step's discounted.

    Customers with the same (x, t_x, T) have the same forecast, and a large base has
    far fewer histories than customers (1 M simulated customers: 112 k), so the
    special functions of every step, and the per-step arithmetic, run on the
    histories only; two numbers per customer are spread back at the end. A model
    with covariates reads each customer's own covariates from the summary, whose
    rows are then taken as they are.
    """
    if getattr(model, "covariates_", None) is not None:
        rows = np.arange(len(summary))
        cumulative = np.column_stack([np.asarray(model.expected_purchases(summary, t=float(end)))
                                      for end in ends])
    else:
        histories, _, rows = compress(*read_histories(summary), return_inverse=True)
        # Several steps per call (a call's input checks cost more than its arithmetic when a CLV
        # is computed for many parameter draws), at most about _ROWS_PER_CALL rows at a time.
        per_call = max(1, _ROWS_PER_CALL // max(histories[0].size, 1))
        cumulative = np.hstack([_cumulative(model, histories, ends[i:i + per_call])
                                for i in range(0, ends.size, per_call)])
    per_step = np.diff(cumulative, axis=1, prepend=0.0)
    return cumulative[:, -1][rows], (per_step * factors).sum(axis=1)[rows]


#: Rows (history × step) of one expected-purchases call in :func:`_purchases`: bounded memory.
_ROWS_PER_CALL = 2_000_000


def _cumulative(model: Any, histories: list[np.ndarray], ends: np.ndarray) -> np.ndarray:
    """Expected purchases of each history (rows) by each of `ends` (columns), in one call."""
    n, k = histories[0].size, ends.size
    # Every history once per step, with that step's end as its own horizon.
    distinct = pd.DataFrame(dict(zip(("frequency", "recency", "T"), (np.repeat(h, k) for h in histories))))
    values = model.expected_purchases(distinct, t=np.tile(ends, n))
    return np.asarray(values, dtype="float64").reshape(n, k)


def _as_array(values: Any, summary: pd.DataFrame) -> np.ndarray:
    return np.asarray(values, dtype="float64").reshape(len(summary))


def _serve_costs(cost_to_serve: Any, customers: pd.Index) -> np.ndarray:
    """Cost to serve of each customer: one number for all, or a Series (or dict) by customer id.

    Costs must be finite numbers ≥ 0 (text is refused even when it reads as a number).
    Costs of ids not in the summary are left out and customers without a cost count
    0, each reported with a count; when no id matches at all (``'4'`` against ``4``)
    it is an error.
    """
    if not isinstance(cost_to_serve, (pd.Series, Mapping)):
        if not (is_real(cost_to_serve) and np.isfinite(float(cost_to_serve)) and cost_to_serve >= 0):
            raise ValueError(t("value.bad_cost", value=show(cost_to_serve)))
        return np.full(len(customers), float(cost_to_serve))
    costs = pd.Series(cost_to_serve)
    values = costs.to_numpy(dtype="object")
    text = not_real(values) if costs.dtype.kind not in "iuf" else np.zeros(len(costs), bool)
    amounts = pd.to_numeric(costs.where(~text), errors="coerce").astype("float64")
    bad = text | ~np.isfinite(amounts) | (amounts < 0)  # NaN is no cost: say so, not 0
    if bad.any():
        row = costs.index[bad.to_numpy()][0]
        raise ValueError(t("value.bad_cost_customer", row=show(row), value=show(costs[row])))
    aligned = match_customers(amounts, customers, name="cost_to_serve", other="summary")
    unknown = int((~costs.index.isin(customers)).sum())
    report_exclusions({"value.reason_cost_unknown_customer": unknown}, total=len(costs))
    missing = int(aligned.isna().sum())
    if missing:
        warn(t("value.cost_missing", n=missing, total=len(customers)))
    return aligned.fillna(0.0).to_numpy()


def retention_clv(margin: float, retention: float, discount_rate: float,
                  periods: int | None = None, *, first_period_paid: bool = True) -> float:
    """Textbook CLV of one customer with constant margin and retention rate.

    ``Σ_{t=0}^{periods−1} m · r^t / (1 + d)^t`` (margin earned now and in each
    later period the customer stays). With ``periods=None`` the infinite sum,
    ``m (1 + d) / (1 + d − r)``.

    Parameters
    ----------
    margin : float
        Margin earned per period while the customer stays (m).
    retention : float
        Share of customers kept from one period to the next (r), between 0 and 1.
    discount_rate : float
        Discount rate per period (d), ≥ 0.
    periods : int, optional
        Number of periods, a whole number ≥ 1. Default None: for ever (then the
        retention must be below 1 + d).
    first_period_paid : bool, default True
        The first margin arrives now; False: after one period (all discounted once more).

    Examples
    --------
    >>> round(retention_clv(100, 0.8, 0.1), 2)
    366.67
    >>> round(retention_clv(100, 0.8, 0.1, periods=3), 2)
    225.62
    """
    if periods is not None and not is_whole(periods, 1):  # not -3 -> 0 or 2.7 -> 2 quietly
        raise ValueError(t("value.bad_periods", value=show(periods)))
    margin = float(margin)
    retention = _check_rate("retention", retention, 0.0, 1.0)
    discount_rate = _check_rate("discount_rate", discount_rate, 0.0)
    ratio = retention / (1 + discount_rate)
    if periods is None:
        if ratio >= 1:
            raise ValueError(t("value.clv_no_limit", retention=f"{retention:g}",
                               discount_rate=f"{discount_rate:g}"))
        total = margin / (1 - ratio)
    else:
        total = margin * float(np.sum(ratio ** np.arange(periods)))
    return total if first_period_paid else total / (1 + discount_rate)


def acquisition_vs_retention(
    budget: float,
    retention_cost: float,
    *,
    acquisition_multiple: float = 6.0,
    margin: float = 100.0,
    retention: float = 0.8,
    discount_rate: float = 0.1,
    periods: int | None = 5,
) -> pd.DataFrame:
    """Spend one budget on keeping customers or on winning new ones: what does each buy?

    Winning a customer costs `acquisition_multiple` × `retention_cost` (the
    "about 6×" rule of thumb; published figures range from 5× to 25×). Each
    customer kept or won is worth :func:`retention_clv`.

    Parameters
    ----------
    budget : float
        The money to spend, ≥ 0.
    retention_cost : float
        Cost of keeping one customer, > 0.
    acquisition_multiple : float, default 6.0
        Cost of winning one customer, as a multiple of `retention_cost`.
    margin : float, default 100.0
        Margin per customer per period (see :func:`retention_clv`).
    retention : float, default 0.8
        Retention rate per period, between 0 and 1.
    discount_rate : float, default 0.1
        Discount rate per period, ≥ 0.
    periods : int, optional, default 5
        Periods each customer is valued over; None: for ever.

    Returns
    -------
    pandas.DataFrame
        Rows ``retain`` and ``acquire``; columns ``cost_per_customer``,
        ``customers``, ``value``, ``net`` (value − budget).

    Examples
    --------
    >>> out = acquisition_vs_retention(6000, 50, margin=100, retention=0.8, discount_rate=0.1,
    ...                                periods=None)
    >>> out["customers"].tolist()
    [120.0, 20.0]
    >>> out.loc["retain", "net"] > out.loc["acquire", "net"]
    np.True_
    """
    budget = _check_rate("budget", budget, 0.0)
    retention_cost = _check_rate("retention_cost", retention_cost, 1e-12)
    multiple = _check_rate("acquisition_multiple", acquisition_multiple, 1e-12)
    value_each = retention_clv(margin, retention, discount_rate, periods)
    costs = pd.Series({"retain": retention_cost, "acquire": retention_cost * multiple})
    customers = np.floor(budget / costs)
    table = pd.DataFrame({"cost_per_customer": costs, "customers": customers,
                          "value": customers * value_each})
    table["net"] = table["value"] - budget
    return table
