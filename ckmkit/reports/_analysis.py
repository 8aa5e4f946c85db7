"""The numbers behind the report, one step a function: summary, split, models, CLV, classes.

Each step uses the value and network areas as a notebook would; the report's sections
only lay the results out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..i18n import t
from .reading import read_table

#: The CLV horizon and discounting step, in days: a year in four-week steps, as in chapter 2.
HORIZON_DAYS = 364.0
STEP_DAYS = 28.0
DISCOUNT_RATE = 0.01  # per four-week step, about 14 % a year
HOLDOUT_SHARE = 0.2  # the last fifth of the observed period
CLV_LEVEL = 0.9  # the share of the parameter draws each customer's CLV interval holds
CLV_DRAWS = 200
#: Customers the calibration models are fitted on, at most: Pareto/NBD's likelihood costs
#: time per distinct history, and a seeded sample this large pins the four parameters down.
#: Predictions and errors are still computed for every customer.
MODEL_SAMPLE = 25_000
#: GGompertz/NBD's likelihood is a numerical integral per history: about 20 s of CPU for
#: 10,000 customers (against 2 s for Pareto/NBD), so it is compared up to this many.
GOMPERTZ_LIMIT = 5_000
_PERIOD = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([DWMdwm])\s*$")
_COST_NAMES = ("cost", "costtoserve", "servicecost", "成本", "服务成本", "客户成本", "费用")


@dataclass
class Results:
    """What the report shows: every table a section needs, and why a section is missing."""

    log: Any
    unit: str
    summary: Any = None
    scores: Any = None
    segments: Any = None
    calibration_end: Any = None
    split: Any = None
    models: dict[str, Any] = field(default_factory=dict)
    fit_sample: int | None = None
    holdout: Any = None
    full_model: Any = None
    spend_model: Any = None
    clv: Any = None
    intervals: Any = None
    classified: Any = None
    profit: Any = None
    network: Any = None
    graph: Any = None
    missing: dict[str, str] = field(default_factory=dict)
    notes: list[Any] = field(default_factory=list)  # warnings recorded while building


def summarize_log(results: Results) -> None:
    """The customer summary, RFM scores and segments of the whole log."""
    from ..value import rfm_scores, rfm_segments, summarize

    frame = results.log.frame
    status = "status" if "status" in frame.columns else None
    results.summary = summarize(frame, time_unit=results.unit, status=status)
    results.scores = rfm_scores(results.summary)
    results.segments = rfm_segments(results.scores)


def calibration_end(frame: Any, holdout: str | None) -> Any:
    """The end of the calibration period: `holdout` before the end, a date, or the last fifth.

    The end is a day boundary, so that each purchase falls wholly in one period.
    """
    import pandas as pd

    start, end = frame["date"].min(), frame["date"].max()
    bounds = {"start": f"{start:%Y-%m-%d}", "end": f"{end:%Y-%m-%d}", "value": holdout}
    if holdout is None:
        cut = start + (end - start) * (1 - HOLDOUT_SHARE)
    elif match := _PERIOD.match(holdout):
        cut = end - _period(float(match.group(1)), match.group(2).upper())
    else:
        cut = pd.to_datetime(holdout, errors="coerce")
        if pd.isna(cut):
            raise ValueError(t("report.bad_holdout", **bounds))
    cut = pd.Timestamp(cut).normalize()
    if not start < cut < end:
        raise ValueError(t("report.holdout_outside", **bounds))
    return cut


def _period(n: float, unit: str) -> Any:
    """A period of `n` days, weeks or months (months as calendar months when whole)."""
    import pandas as pd

    if unit == "M" and n.is_integer():
        return pd.DateOffset(months=int(n))
    return pd.Timedelta(days=n * {"D": 1.0, "W": 7.0, "M": 30.4375}[unit])


def fit_holdout(results: Results, holdout: str | None) -> None:
    """The purchase models fitted on the calibration period, compared and scored on the holdout."""
    from ..value import calibration_holdout, compare_models

    frame = results.log.frame
    results.calibration_end = calibration_end(frame, holdout)
    status = "status" if "status" in frame.columns else None
    split = calibration_holdout(frame, calibration_end=results.calibration_end,
                                time_unit=results.unit, status=status)
    results.split = split
    if split["frequency_holdout"].sum() == 0:
        results.missing["models"] = t("report.too_few_holdout")
        return
    sample = split
    if len(split) > MODEL_SAMPLE:
        sample = split.sample(MODEL_SAMPLE, random_state=0)
        results.fit_sample = MODEL_SAMPLE
    for model in _candidates(len(sample)):
        if not _fitted(results, "models", model, sample):
            return
        results.models[model.label] = model
    # Every model on the same customers, so that the likelihood-ratio tests apply; the
    # holdout errors are computed on every customer.
    results.holdout = compare_models(results.models, split).set_index("model")


def _candidates(customers: int) -> list[Any]:
    """The purchase models compared: the four of chapter 2, GGompertz/NBD only where affordable."""
    from ..value import BetaGeo, GammaGompertzNBD, ModifiedBetaGeo, ParetoNBD

    models = [BetaGeo(), ModifiedBetaGeo(), ParetoNBD()]
    if customers <= GOMPERTZ_LIMIT:
        models.append(GammaGompertzNBD())
    return models


def tracking(results: Results) -> Any:
    """Cumulative repeat purchases of the calibration cohort, actual and each model's, by period."""
    from ..value import tracking_table

    frame = results.log.frame
    return {name: tracking_table(model, frame, results.calibration_end, time_unit=results.unit)
            for name, model in results.models.items()}


def fit_value(results: Results) -> None:
    """BG/NBD and Gamma-Gamma on the whole period, then each customer's CLV and P(alive)."""
    from ..value import BetaGeo, GammaGamma, customer_lifetime_value, unit_days

    summary = results.summary
    model = BetaGeo()
    if not _fitted(results, "clv", model, summary, standard_errors=True):
        return
    results.full_model = model
    repeat = summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]
    if len(repeat) < 10:
        results.missing["clv"] = t("report.no_spend_model")
        return
    results.spend_model = GammaGamma().fit(repeat)
    days = unit_days(results.unit)
    results.clv = customer_lifetime_value(results.full_model, results.spend_model, summary,
                                          horizon=HORIZON_DAYS / days, step=STEP_DAYS / days,
                                          discount_rate=DISCOUNT_RATE)
    results.intervals = clv_intervals(results)


def _fitted(results: Results, section: str, model: Any, summary: Any, *,
            standard_errors: bool = False) -> bool:
    """Fit `model`; when the data cannot support it, say why in `section` instead of failing.

    A tiny log (nobody bought twice) is still worth a report of what can be shown.
    """
    try:
        model.fit(summary, standard_errors=standard_errors)
    except ValueError as error:
        results.missing[section] = str(error)
        return False
    return True


def clv_intervals(results: Results) -> Any:
    """Each customer's CLV interval (``clv_lower``, ``clv_upper``), or None when it cannot be had.

    :data:`CLV_DRAWS` draws of both models' parameters from their estimated uncertainty
    (seeded), each turned into every customer's CLV; the interval holds the middle
    :data:`CLV_LEVEL` of them. A model at a boundary has no standard errors to draw from:
    then the report says so instead of showing an interval.
    """
    from ..value import clv_intervals as intervals_of
    from ..value import unit_days

    days = unit_days(results.unit)
    try:
        table = intervals_of(results.full_model, results.spend_model, results.summary, level=CLV_LEVEL,
                             n_draws=CLV_DRAWS, horizon=HORIZON_DAYS / days, step=STEP_DAYS / days,
                             discount_rate=DISCOUNT_RATE)
    except ValueError as error:
        results.missing["clv_intervals"] = str(error)
        return None
    return table[["clv_lower", "clv_upper"]]


def classify(results: Results) -> None:
    """MVC / MGC / BZC: value is revenue, potential adds the CLV, profit is the costs' if given."""
    import pandas as pd

    from ..value import classify_customers

    table = pd.DataFrame({"revenue": results.summary["revenue"]})
    if results.profit is not None:
        table["profit"] = results.profit["profit"].reindex(table.index).fillna(table["revenue"])
    else:
        table["profit"] = table["revenue"]
    future = results.clv["clv"].clip(lower=0) if results.clv is not None else 0.0
    table["potential"] = table["revenue"] + future
    results.classified = classify_customers(table)


def read_costs(path: Any, frame: Any) -> Any:
    """Cost to serve per customer from a file, joined to the log into profit per customer."""
    import pandas as pd

    from ..value import customer_profitability
    from ._cells import customer_ids, number_column

    table, source = read_table(path)
    ids = customer_ids(table[_id_column(table)])
    cost_column = _named_column(table, _COST_NAMES)
    if cost_column is None:
        raise ValueError(t("report.no_cost_column", file=source.file, columns=", ".join(table.columns)))
    costs = pd.DataFrame({"customer_id": ids, "cost": number_column(table, cost_column, source.file)})
    sales = frame.assign(margin=frame["amount"])  # value in revenue terms: margin rate 1
    status = "status" if "status" in frame.columns else None
    return customer_profitability(sales, costs.dropna(subset=["customer_id"]), status=status)


def read_referrals(path: Any) -> Any:
    """(referrer, referred) pairs from a file: the id columns named so, else the first two."""
    import pandas as pd

    from ._cells import customer_ids

    table, source = read_table(path)
    if table.shape[1] < 2:
        raise ValueError(t("report.no_referral_columns", file=source.file,
                           columns=", ".join(table.columns)))
    referrer = _named_column(table, ("referrer", "referrerid", "推荐人", "推荐人编号")) or table.columns[0]
    others = [c for c in table.columns if c != referrer]
    referred = _named_column(table[others], ("referred", "referredid", "被推荐人", "被推荐人编号"))
    pairs = pd.DataFrame({"referrer_id": customer_ids(table[referrer]),
                          "referred_id": customer_ids(table[referred or others[0]])})
    return pairs.dropna()


def network(results: Results, referrals: Any) -> None:
    """The referral graph and each customer's network value (own CLV swaying others)."""
    from ..network import network_value, referral_graph

    graph = referral_graph(referrals)
    results.graph = graph
    own = results.clv["clv"] if results.clv is not None else results.summary["revenue"]
    value = own.reindex(list(graph.nodes)).fillna(0.0)
    results.network = network_value(graph, value, runs=100, seed=0, progress=False)


def _id_column(table: Any) -> str:
    """The customer id column of a side file: named like one, else the first column."""
    from .roles import ROLE_NAMES

    return _named_column(table, ROLE_NAMES["customer_id"]) or table.columns[0]


def _named_column(table: Any, names: tuple[str, ...]) -> str | None:
    """The first column whose name, normalised, is one of `names`."""
    from .roles import normalise_name

    wanted = {normalise_name(name) for name in names}
    return next((c for c in table.columns if normalise_name(c) in wanted), None)
