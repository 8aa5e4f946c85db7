"""Customer engagement value: each customer's CLV, referral, influence and knowledge value.

Kumar et al. (2010, "Undervalued or overvalued customers: capturing total customer
engagement value", Journal of Service Research 13(3)) value a customer by four ways
of contributing to the firm, and Kumar & Pansari (2016, Journal of Marketing
Research 53(4)) made engagement a measure firms track:

``CEV = CLV (own purchases) + CRV (referrals) + CIV (influence) + CKV (knowledge)``

Each component here is a documented model whose assumptions are keyword
parameters of :func:`engagement_value`:

* **CLV**: BG/NBD (or Pareto/NBD) and Gamma-Gamma fitted on the transactions,
  expected discounted margin over the horizon, minus the customer's yearly cost
  to serve over the same years weighted by the chance the customer is still active
  (:func:`customer_clv`);
* **CRV**: :func:`ckmkit.network.referral_value` on the referral graph: the CLV of
  the customers a customer brought in who would not have joined otherwise, minus
  the reward paid per referral;
* **CIV**: :func:`ckmkit.network.influence_value` on the tie graph: the lift in
  other customers' CLV that the customer's own word of mouth causes (independent
  cascade from that customer alone; ties that are referrals are left out, because
  CRV already counts that word of mouth);
* **CKV**: the value of the adopted ideas *from* the customer, and a share of the
  value of ideas *co-created* with them. Knowledge *about* a customer (their habits,
  their invoice details) is what the firm learns by watching; the customer gives
  nothing beyond their purchases, so it earns them no knowledge value. Knowledge
  *for* customers is what the firm gives.

CEV ranks and groups customers; it is not a firm total. A referred customer's
value is in their own CLV and, in part, in their referrer's CRV, and two friends
can sway the same person, so the sum over customers counts some value twice.

Examples
--------
>>> from ckmkit.datasets import make_crm_world
>>> table = engagement_value(make_crm_world(300, seed=1), runs=50)
>>> list(table.columns)
['clv', 'referral_value', 'influence_value', 'knowledge_value', 'engagement_value']
>>> parts = table[list(COMPONENTS)].sum(axis=1)
>>> bool(((parts - table["engagement_value"]).abs() < 1e-9).all())
True
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import t
from ..quality import DataQualityWarning, is_real, raise_bad_value

__all__ = ["COMPONENTS", "QUADRANT_NAMES", "IDEA_TYPES", "customer_clv", "engagement_value",
           "knowledge_value", "engagement_quadrants", "ranking_shift", "top_overlap"]

#: The four components, in the order CEV adds them.
COMPONENTS = ("clv", "referral_value", "influence_value", "knowledge_value")
#: Kumar, Petersen & Leone's (2007) groups of CLV against CRV, as (high CLV, high CRV) -> name.
QUADRANT_NAMES = {(True, True): "champions", (True, False): "affluents", (False, True): "advocates",
                  (False, False): "misers"}
#: Knowledge types that are a customer's contribution: ideas from them and co-created ones.
IDEA_TYPES = ("from", "co-created")

_COLUMNS = {
    "customers": ["customer_id"],
    "transactions": ["customer_id", "date", "amount"],
    "interactions": ["customer_id", "cost"],
    "referrals": ["referrer_id", "referred_id"],
    "ties": ["customer_a", "customer_b"],
    "feedback": ["customer_id", "knowledge_type", "adopted"],
}
_MODELS = {"bgnbd": "BetaGeo", "paretonbd": "ParetoNBD"}


# --- tables -------------------------------------------------------------------------------


def _table(frame: Any, name: str) -> pd.DataFrame | None:
    """`frame` as pandas with the columns `name` needs, or None; errors name the table."""
    if frame is None:
        return None
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(t("engagement.not_a_table", table=name, kind=type(frame).__name__))
    for column in _COLUMNS[name]:
        if column not in frame.columns:
            raise ValueError(t("engagement.missing_column", table=name, column=column,
                               available=", ".join(map(str, frame.columns)) or "—"))
    return frame


def _known(frame: pd.DataFrame | None, name: str, columns: list[str], ids: pd.Index) -> None:
    """Raise naming the table, column and first id that is not a known customer."""
    if frame is None:
        return
    for column in columns:
        unknown = ids.get_indexer(frame[column].to_numpy(dtype=object)) < 0
        if unknown.any():
            first = int(np.flatnonzero(unknown)[0])
            raise ValueError(t("engagement.unknown_customer", table=name, column=column,
                               id=frame[column].iloc[first], row=frame.index[first],
                               n=int(unknown.sum())))


def _tables(world: Any, given: dict[str, Any]) -> dict[str, pd.DataFrame | None]:
    """The six tables: those given explicitly, else the world's; checked and with known ids."""
    if world is None and given["transactions"] is None:
        raise ValueError(t("engagement.no_data"))
    tables = {name: _table(getattr(world, name, None) if frame is None else frame, name)
              for name, frame in given.items()}
    ids = _customer_ids(tables["customers"], tables["transactions"])
    for name, columns in [("transactions", ["customer_id"]), ("interactions", ["customer_id"]),
                          ("referrals", _COLUMNS["referrals"]), ("ties", _COLUMNS["ties"]),
                          ("feedback", ["customer_id"])]:
        _known(tables[name], name, columns, ids)
    tables["ids"] = ids
    return tables


def _customer_ids(customers: pd.DataFrame | None, transactions: pd.DataFrame | None) -> pd.Index:
    source = customers if customers is not None else transactions
    return pd.Index(pd.unique(source["customer_id"]), name="customer_id")


# --- CLV ----------------------------------------------------------------------------------


def customer_clv(transactions: Any, *, interactions: pd.DataFrame | None = None,
                 horizon: float = 104.0, discount_rate: float = 0.10, margin: float | None = None,
                 model: str = "bgnbd", observation_end: Any = None) -> pd.Series:
    """Each customer's CLV: expected discounted margin minus expected cost to serve.

    A transaction model (BG/NBD by default) and Gamma-Gamma are fitted on the
    transactions in weeks; :func:`ckmkit.value.customer_lifetime_value` discounts
    the expected margin per four weeks. The cost to serve over the horizon is the
    customer's observed yearly cost (their interactions' cost over the years
    since their first purchase, at least four weeks) times the horizon in years
    times the chance that they are still active: a customer who has left costs
    nothing. It is not discounted, a cautious choice.

    Parameters
    ----------
    transactions : pandas.DataFrame or CRMWorld
        ``customer_id``, ``date``, ``amount`` and optionally ``status`` (cancelled
        orders and returns are left out) and ``margin`` (gross margin in yuan); or
        a CRM world, whose transactions and interactions are then used.
    interactions : pandas.DataFrame, optional
        Service contacts with ``customer_id`` and ``cost``; without it (and
        without a world), no cost to serve.
    horizon : float, default 104.0
        Horizon in weeks (two years, as long as the CRM world's window).
    discount_rate : float, default 0.10
        Yearly discount rate, applied per four weeks.
    margin : float, optional
        Gross margin rate; by default the transactions' total ``margin`` over
        their total ``amount`` (completed orders).
    model : {"bgnbd", "paretonbd"}, default "bgnbd"
        The transaction model.
    observation_end : date-like, optional
        Last day observed; by default the last date in `transactions`.

    Returns
    -------
    pandas.Series
        CLV in yuan by customer id (customers with purchases), named ``clv``.

    Examples
    --------
    >>> from ckmkit.datasets import make_crm_world
    >>> w = make_crm_world(300, seed=1)
    >>> clv = customer_clv(w.transactions, interactions=w.interactions, horizon=52)
    >>> clv.name, len(clv), bool(clv.max() > 0 > clv.min())
    ('clv', 297, True)
    """
    from .. import value

    if model not in _MODELS:
        raise ValueError(t("engagement.bad_model", value=repr(model), allowed=", ".join(_MODELS)))
    if hasattr(transactions, "tables") and hasattr(transactions, "interactions"):  # a CRM world
        interactions = transactions.interactions if interactions is None else interactions
        transactions = transactions.transactions
    transactions = _table(transactions, "transactions")
    interactions = _table(interactions, "interactions")
    rate = _margin_rate(transactions) if margin is None else _number(margin, "margin", high=1.0)
    yearly = _number(discount_rate, "discount_rate")
    horizon = _number(horizon, "horizon", low=4.0, high=np.inf)
    with warnings.catch_warnings():  # cancellations and returns are left out on purpose
        warnings.simplefilter("ignore", value.ConvergenceWarning)
        summary = _summary(transactions, observation_end)
        fitted = getattr(value, _MODELS[model])().fit(summary, standard_errors=False)
        spend = value.GammaGamma().fit(summary[summary["frequency"] > 0], standard_errors=False)
    cost = _cost_to_serve(interactions, summary, fitted, horizon)
    step_rate = (1.0 + yearly) ** (4.0 / 52.0) - 1.0
    table = value.customer_lifetime_value(fitted, spend, summary, horizon=horizon, step=4.0,
                                          discount_rate=step_rate, margin=rate, cost_to_serve=cost)
    return table["clv"].rename("clv").rename_axis("customer_id")


def _summary(transactions: pd.DataFrame, observation_end: Any) -> pd.DataFrame:
    from ..value import summarize

    status = "status" if "status" in transactions.columns else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return summarize(transactions, amount="amount", time_unit="W", status=status,
                         observation_end=observation_end)


def _margin_rate(transactions: pd.DataFrame) -> float:
    """Total margin over total amount of the orders that count; the table needs ``margin``."""
    if "margin" not in transactions.columns:
        raise ValueError(t("engagement.margin_needed",
                           available=", ".join(map(str, transactions.columns))))
    done = transactions
    if "status" in transactions.columns:
        done = transactions[transactions["status"].astype(str).str.strip().str.lower() == "completed"]
    amount = float(pd.to_numeric(done["amount"], errors="coerce").sum())
    return float(pd.to_numeric(done["margin"], errors="coerce").sum()) / amount if amount else 0.0


def _cost_to_serve(interactions: pd.DataFrame | None, summary: pd.DataFrame, fitted: Any,
                   horizon: float) -> pd.Series | float:
    """Observed yearly cost × horizon in years × chance of still being active."""
    if interactions is None:
        return 0.0
    cost = _amounts(interactions, "cost", "engagement.bad_cost")
    spent = pd.Series(cost).groupby(interactions["customer_id"].to_numpy()).sum().reindex(
        summary.index, fill_value=0.0)
    years = np.maximum(summary["T"].to_numpy(), 4.0) / 52.0
    alive = np.asarray(fitted.p_alive(summary), dtype=float)
    return pd.Series(spent.to_numpy() / years * (horizon / 52.0) * alive, index=summary.index)


def _amounts(frame: pd.DataFrame, column: str, key: str) -> np.ndarray:
    """Column `column` as finite numbers of 0 or more; else the error `key` naming the first bad row."""
    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
    good = np.isfinite(values) & (values >= 0)
    if not good.all():
        raise_bad_value(frame, frame[column].to_numpy(), column, key, lambda cells: ~good)
    return values


def _number(value: Any, name: str, *, low: float = 0.0, high: float = np.inf) -> float:
    """`value` as a finite float in [low, high], or a ValueError naming the parameter."""
    if not is_real(value) or not (low <= float(value) <= high) or not np.isfinite(float(value)):
        raise ValueError(t("engagement.bad_number", name=name, value=repr(value), low=f"{low:g}",
                           high=f"{high:g}"))
    return float(value)


# --- knowledge value ----------------------------------------------------------------------


def knowledge_value(feedback: pd.DataFrame, *, idea_value: float | None = None,
                    co_created_share: float = 0.5) -> pd.Series:
    """Customer knowledge value (CKV): the value of the adopted ideas a customer contributed.

    Only knowledge *from* customers and *co-created* knowledge counts (see the
    module notes for why knowledge *about* customers does not). An idea from a
    customer counts in full; a co-created one counts `co_created_share` of its
    value, because the firm's staff made the rest of it.

    Parameters
    ----------
    feedback : pandas.DataFrame
        Knowledge records with ``customer_id``, ``knowledge_type``
        (about / for / from / co-created), ``adopted`` (yes / no, or True / False)
        and, unless `idea_value` is given, ``value`` (yuan) for adopted ideas.
    idea_value : float, optional
        Value of every adopted idea, in yuan, instead of the recorded ``value``.
    co_created_share : float, default 0.5
        Share of a co-created idea's value credited to the customer.

    Returns
    -------
    pandas.Series
        Knowledge value by customer id (customers with an adopted idea), named
        ``knowledge_value``.

    Examples
    --------
    >>> records = pd.DataFrame({"customer_id": ["A", "A", "B", "C"],
    ...                         "knowledge_type": ["from", "co-created", "about", "from"],
    ...                         "adopted": ["yes", "yes", None, "no"],
    ...                         "value": [800.0, 3000.0, None, None]})
    >>> knowledge_value(records).to_dict()          # 800 + 0.5 * 3000; B's record is about B
    {'A': 2300.0}
    >>> knowledge_value(records, idea_value=500.0).to_dict()
    {'A': 750.0}
    """
    feedback = _table(feedback, "feedback")
    share = _number(co_created_share, "co_created_share", high=1.0)
    ideas = feedback[feedback["knowledge_type"].isin(IDEA_TYPES)]
    ideas = ideas[_adopted(ideas)]
    worth = _idea_values(ideas, idea_value)
    credit = np.where(ideas["knowledge_type"].to_numpy() == "co-created", share, 1.0)
    return pd.Series(credit * worth, index=ideas["customer_id"].to_numpy()).groupby(
        level=0).sum().rename("knowledge_value").rename_axis("customer_id")


def _adopted(ideas: pd.DataFrame) -> np.ndarray:
    """Whether each idea was adopted; anything but yes / no (or a bool) raises naming the row."""
    words = ideas["adopted"].map(lambda x: str(x).strip().lower() if isinstance(x, str) else x)
    answer = words.map({"yes": True, "no": False, True: True, False: False})
    if answer.isna().any():
        raise_bad_value(ideas, ideas["adopted"].to_numpy(), "adopted", "engagement.bad_adopted",
                        lambda cells: answer.isna().to_numpy())
    return answer.to_numpy(dtype=bool)


def _idea_values(ideas: pd.DataFrame, idea_value: float | None) -> np.ndarray:
    if idea_value is not None:
        return np.full(len(ideas), _number(idea_value, "idea_value"))
    if "value" not in ideas.columns:
        raise ValueError(t("engagement.idea_value_needed"))
    return _amounts(ideas, "value", "engagement.bad_idea_value")


# --- the four components together ----------------------------------------------------------


def engagement_value(world: Any = None, *, transactions: pd.DataFrame | None = None,
                     referrals: pd.DataFrame | None = None, ties: pd.DataFrame | None = None,
                     feedback: pd.DataFrame | None = None, customers: pd.DataFrame | None = None,
                     interactions: pd.DataFrame | None = None, horizon: float = 104.0,
                     discount_rate: float = 0.10, margin: float | None = None, model: str = "bgnbd",
                     referral_reward: float = 60.0, incremental_share: float = 0.5,
                     influence_probability: float = 0.03, influence_lift: float = 0.10,
                     idea_value: float | None = None, co_created_share: float = 0.5,
                     observation_end: Any = None, clv: pd.Series | None = None, runs: int = 200,
                     seed: int = 0) -> pd.DataFrame:
    """Customer engagement value and its four components, one row per customer.

    Pass the CRM world, or your own tables (any table given overrides the
    world's). Without referrals, ties or feedback, that component is 0.

    The defaults are assumptions to vary, chosen from the literature where it
    gives a number: Kumar et al. (2010) count only referred customers who would
    not have joined otherwise and subtract the referral reward; Domingos &
    Richardson (2001) value influence as the increment it causes, here a lift of
    reached customers' CLV; Kumar & Pansari (2016) count customers' feedback as
    engagement when the firm uses it.

    Parameters
    ----------
    world : CRMWorld, optional
        A world with ``customers``, ``transactions``, ``interactions``,
        ``referrals``, ``ties`` and ``feedback`` (``ckmkit.datasets.load_crm_world()``).
    transactions : pandas.DataFrame, optional
        ``customer_id``, ``date``, ``amount`` (and ``status``, ``margin``); needed
        without a world.
    referrals : pandas.DataFrame, optional
        ``referrer_id``, ``referred_id``: who brought whom.
    ties : pandas.DataFrame, optional
        ``customer_a``, ``customer_b`` and optionally ``weight`` (contacts).
    feedback : pandas.DataFrame, optional
        Knowledge records: ``customer_id``, ``knowledge_type``, ``adopted``, ``value``.
    customers : pandas.DataFrame, optional
        ``customer_id`` of every customer (a row for each, even without purchases);
        by default the customers in `transactions`.
    interactions : pandas.DataFrame, optional
        ``customer_id``, ``cost``: the cost to serve.
    horizon : float, default 104.0
        CLV horizon in weeks (two years, the length of the CRM world's window).
    discount_rate : float, default 0.10
        Yearly discount rate of CLV, applied per four weeks.
    margin : float, optional
        Gross margin rate; by default the transactions' own (margin ÷ amount).
    model : {"bgnbd", "paretonbd"}, default "bgnbd"
        Transaction model of CLV.
    referral_reward : float, default 60.0
        Reward paid per referral, in yuan (the CRM world's cost of a referred customer).
    incremental_share : float, default 0.5
        Share of referred customers who would not have joined without the referral.
    influence_probability : float, default 0.03
        Chance that one contact passes the word on; a tie with *w* contacts
        passes it with ``1 - (1 - p) ** w`` (chapter 4).
    influence_lift : float, default 0.10
        Rise of a reached customer's CLV, as a share of it.
    idea_value : float, optional
        Value of every adopted idea, in yuan; by default the recorded ``value``.
    co_created_share : float, default 0.5
        Share of a co-created idea's value credited to the customer.
    observation_end : date-like, optional
        Last day observed; by default the last date in `transactions`.
    clv : pandas.Series, optional
        CLV by customer id computed beforehand (:func:`customer_clv`); then
        `horizon`, `discount_rate`, `margin`, `model` and `observation_end` are not used.
    runs : int, default 200
        Simulated cascades per customer for influence value.
    seed : int, default 0
        Seed of the cascades.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id``: ``clv``, ``referral_value``,
        ``influence_value``, ``knowledge_value`` and their sum
        ``engagement_value``, in yuan.

    Notes
    -----
    Knowledge value counts ideas *from* customers and *co-created* ones only:
    knowledge *about* a customer is what the firm learns by observing them, and
    the customer contributes nothing to it beyond the purchases CLV already counts.

    How sure the numbers are: CLV rests on fitted models (their parameter
    uncertainty is not carried into this table); influence value is a Monte
    Carlo mean whose standard error :func:`ckmkit.network.influence_value`
    reports. Word of mouth rarely crosses a tie, so one customer's influence
    value is noisy: with 200 runs on the CRM world its standard error is about a
    quarter of it (median), while the total over all customers is within 1 %.
    Raise `runs` to read single customers' influence values.
    """
    tables = _tables(world, {"customers": customers, "transactions": transactions,
                             "interactions": interactions, "referrals": referrals, "ties": ties,
                             "feedback": feedback})
    ids = tables["ids"]
    if clv is None:
        clv = customer_clv(tables["transactions"], interactions=tables["interactions"], horizon=horizon,
                           discount_rate=discount_rate, margin=margin, model=model,
                           observation_end=observation_end)
    clv = clv.reindex(ids, fill_value=0.0).rename("clv")
    table = pd.DataFrame({
        "clv": clv,
        "referral_value": _referral(tables["referrals"], ids, clv, incremental_share, referral_reward),
        "influence_value": _influence(tables["ties"], tables["referrals"], ids, clv,
                                      influence_probability, influence_lift, runs, seed),
        "knowledge_value": _knowledge(tables["feedback"], ids, idea_value, co_created_share),
    }, index=ids)
    table["engagement_value"] = table[list(COMPONENTS)].sum(axis=1)
    return table


def _referral(referrals: pd.DataFrame | None, ids: pd.Index, clv: pd.Series, share: float,
              reward: float) -> pd.Series:
    from ..network import referral_graph, referral_value

    if referrals is None:
        return pd.Series(0.0, index=ids)
    G = referral_graph(referrals)  # ids are checked already; repeats and self-referrals are reported
    G.add_nodes_from(ids)
    table = referral_value(G, clv, incremental_share=share, reward=reward)
    return table["referral_value"].reindex(ids, fill_value=0.0)


def _influence(ties: pd.DataFrame | None, referrals: pd.DataFrame | None, ids: pd.Index,
               clv: pd.Series, p: float, lift: float, runs: int, seed: int) -> pd.Series:
    from ..network import contact_probability, influence_value, tie_graph

    if ties is None:
        return pd.Series(0.0, index=ids)
    weight = "weight" if "weight" in ties.columns else None
    G = tie_graph(ties, weight=weight)  # ids are checked already, so no customer table to check against
    G.add_nodes_from(ids)  # customers without ties: influence value 0
    if referrals is not None:  # that word of mouth is referral value already
        G.remove_edges_from(zip(referrals["referrer_id"], referrals["referred_id"]))
    contact_probability(G, _number(p, "influence_probability", high=1.0))
    table = influence_value(G, clv, lift=lift, p="p", runs=runs, seed=seed, progress=False, reach=False)
    return table["influence_value"].reindex(ids, fill_value=0.0)


def _knowledge(feedback: pd.DataFrame | None, ids: pd.Index, idea_value: float | None,
               share: float) -> pd.Series:
    if feedback is None:
        return pd.Series(0.0, index=ids)
    return knowledge_value(feedback, idea_value=idea_value, co_created_share=share).reindex(
        ids, fill_value=0.0)


# --- reading the result -------------------------------------------------------------------


def engagement_quadrants(table: pd.DataFrame, *, clv_cut: float | None = None,
                         crv_cut: float | None = None) -> pd.Series:
    """Each customer's group of CLV against CRV: who buys and who brings others.

    Kumar, Petersen & Leone (2007) name the four groups champions (high CLV,
    high CRV), affluents (high CLV only), advocates (high CRV only) and misers.

    Parameters
    ----------
    table : pandas.DataFrame
        With ``clv`` and ``referral_value`` (e.g. from :func:`engagement_value`).
    clv_cut, crv_cut : float, optional
        "High" means at least this much; by default the median of the positive values.

    Returns
    -------
    pandas.Series
        Group name by customer, named ``quadrant``.

    Examples
    --------
    >>> t = pd.DataFrame({"clv": [900.0, 50, 800, 10], "referral_value": [0.0, 300, 200, 0]})
    >>> engagement_quadrants(t, clv_cut=500, crv_cut=100).tolist()
    ['affluents', 'advocates', 'champions', 'misers']
    """
    clv, crv = table["clv"], table["referral_value"]
    clv_cut = float(clv[clv > 0].median()) if clv_cut is None else clv_cut
    crv_cut = float(crv[crv > 0].median()) if crv_cut is None else crv_cut
    keys = zip(clv.to_numpy() >= clv_cut, crv.to_numpy() >= crv_cut)
    return pd.Series([QUADRANT_NAMES[(bool(a), bool(b))] for a, b in keys], index=table.index,
                     name="quadrant")


def ranking_shift(table: pd.DataFrame, *, groups: int = 10) -> pd.DataFrame:
    """Each customer's rank by CLV and by CEV, and who CLV alone undervalues or overvalues.

    Parameters
    ----------
    table : pandas.DataFrame
        With ``clv`` and ``engagement_value`` (e.g. from :func:`engagement_value`).
    groups : int, default 10
        Rank groups compared (10: deciles, group 1 the best tenth). A customer
        whose CEV group is better than their CLV group is ``undervalued`` by CLV
        alone; worse, ``overvalued``; the same, ``fair``.

    Returns
    -------
    pandas.DataFrame
        ``clv``, ``engagement_value``, ``clv_rank`` and ``cev_rank`` (1 = highest;
        ties share the better rank), ``rank_gain`` (= clv_rank − cev_rank: positive
        for customers CLV alone undervalues), ``clv_group``, ``cev_group`` and
        ``verdict``, sorted by ``rank_gain``, largest first.

    Examples
    --------
    >>> t = pd.DataFrame({"clv": [100.0, 90, 80], "engagement_value": [100.0, 90, 300]},
    ...                  index=["a", "b", "c"])
    >>> shift = ranking_shift(t, groups=3)
    >>> shift["rank_gain"].to_dict()
    {'c': 2, 'a': -1, 'b': -1}
    >>> shift["verdict"].to_dict()
    {'c': 'undervalued', 'a': 'overvalued', 'b': 'overvalued'}
    """
    out = table[["clv", "engagement_value"]].copy()
    out["clv_rank"] = out["clv"].rank(ascending=False, method="min").astype(int)
    out["cev_rank"] = out["engagement_value"].rank(ascending=False, method="min").astype(int)
    out["rank_gain"] = out["clv_rank"] - out["cev_rank"]
    size = len(out) / int(_number(groups, "groups", low=1.0, high=max(1.0, len(out))))
    out["clv_group"] = np.ceil(out["clv_rank"] / size).astype(int)
    out["cev_group"] = np.ceil(out["cev_rank"] / size).astype(int)
    verdict = np.sign(out["clv_group"] - out["cev_group"])
    out["verdict"] = verdict.map({1: "undervalued", 0: "fair", -1: "overvalued"})
    return out.sort_values("rank_gain", ascending=False, kind="stable")


def top_overlap(first: pd.Series, second: pd.Series, share: float = 0.1) -> float:
    """Share of the customers in `first`'s top `share` who are also in `second`'s.

    Parameters
    ----------
    first, second : pandas.Series
        Values by customer id (e.g. CLV and CEV, or CEV under two sets of assumptions).
    share : float, default 0.1
        The top share compared (0.1 = the top tenth).

    Returns
    -------
    float
        Between 0 (no customer in common) and 1 (the same customers).

    Examples
    --------
    >>> a = pd.Series([5.0, 4, 3, 2, 1], index=list("abcde"))
    >>> b = pd.Series([1.0, 5, 4, 3, 2], index=list("abcde"))
    >>> top_overlap(a, b, share=0.4)  # top two: {a, b} and {b, c}
    0.5
    """
    n = max(1, int(round(len(first) * _number(share, "share", high=1.0))))
    top = set(first.nlargest(n).index)
    return len(top & set(second.nlargest(n).index)) / n
