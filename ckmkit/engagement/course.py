"""Chapter 5's customer engagement value on the CRM world: four components, one table.

CEV = CLV + CRV + CIV + CKV (Kumar et al. 2010). Each component comes from a plain
function of the area below, with its assumptions as keyword parameters, so that a
reader (and the chapter's explorer) can move them:

* **CLV** (``clv``, :func:`customer_clv`): BG/NBD and Gamma-Gamma fitted on the
  transactions (weeks); expected discounted margin over `horizon` weeks minus the
  customer's observed yearly cost to serve over as many years (not discounted: a
  cautious choice).
* **CRV** (``referral_value``, :func:`referral_values`, the definition of
  :func:`ckmkit.network.referral_value`): ``incremental_share × (summed CLV of the
  customers i referred) − reward per referral``. A referred customer's purchases stay
  in their own CLV; the referrer gets only the share that would not have joined
  without them.
* **CIV** (``influence_value``, :func:`ckmkit.network.influence_value` on the contact
  graph): independent cascade from the customer alone, a tie with *w* contacts
  passing the word with probability ``1 − (1 − p)^w`` (chapter 4); every customer
  reached buys `influence_lift` more than they would have.
* **CKV** (``knowledge_value``, :func:`knowledge_value`): the value of the customer's
  adopted ideas, from them or co-created with them. Knowledge *about* and *for*
  customers is not the customer's contribution and counts nothing.

Examples
--------
>>> from ckmkit.datasets import make_crm_world
>>> table = engagement_value(make_crm_world(300, seed=1), runs=50)
>>> list(table.columns)
['clv', 'referral_value', 'influence_value', 'knowledge_value', 'engagement_value']
>>> parts = table.columns[:4]
>>> bool(((table[parts].sum(axis=1) - table["engagement_value"]).abs() < 1e-6).all())
True
"""

from __future__ import annotations

import warnings

import pandas as pd

__all__ = ["COMPONENTS", "QUADRANT_NAMES", "CONTRIBUTED", "customer_clv", "referral_values",
           "influence_values", "knowledge_value", "engagement_value", "engagement_quadrants",
           "ranking_shift", "top_overlap", "combine", "reassess"]

#: The four components, in the order CEV adds them.
COMPONENTS = ("clv", "referral_value", "influence_value", "knowledge_value")
#: Kumar, Petersen & Leone's (2007) groups of CLV against CRV, as (high CLV, high CRV) → name.
QUADRANT_NAMES = {(True, True): "champions", (True, False): "affluents", (False, True): "advocates",
                  (False, False): "misers"}
#: Knowledge types that are a customer's contribution (chapter 3).
CONTRIBUTED = ("from", "co-created")


def engagement_value(world, *, horizon: float = 104.0, discount_rate: float = 0.10,
                     margin: float | None = None, referral_reward: float = 60.0,
                     incremental_share: float = 0.5, influence_probability: float = 0.03,
                     influence_lift: float = 0.10, idea_value: float | None = None, runs: int = 200,
                     seed: int = 0) -> pd.DataFrame:
    """Customer engagement value and its four components, one row per customer.

    Parameters
    ----------
    world : CRMWorld
        Tables ``customers``, ``transactions``, ``interactions``, ``referrals``,
        ``ties`` and ``feedback`` (:func:`ckmkit.datasets.load_crm_world`).
    horizon : float, default 104.0
        CLV horizon in weeks (two years, the length of the observed window).
    discount_rate : float, default 0.10
        Yearly discount rate of CLV (applied per four weeks).
    margin : float, optional
        Gross margin rate; by default the world's own (margin ÷ amount of completed orders).
    referral_reward : float, default 60.0
        Reward paid for each referral, in yuan (the world's cost of a referred acquisition).
    incremental_share : float, default 0.5
        Share of referred customers who would not have joined without the referral.
    influence_probability : float, default 0.03
        Chance that one contact passes the word on (chapter 4's per-contact probability).
    influence_lift : float, default 0.10
        Share by which a customer reached by word of mouth raises their value.
    idea_value : float, optional
        Value of every adopted idea, in yuan; by default each idea's recorded value.
    runs : int, default 200
        Simulated cascades per customer for the influence value.
    seed : int, default 0
        Seed of the cascades.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id``: ``clv``, ``referral_value``, ``influence_value``,
        ``knowledge_value`` and their sum ``engagement_value``, in yuan.
    """
    clv = customer_clv(world, horizon=horizon, discount_rate=discount_rate, margin=margin)
    return combine(world, clv, referral_values(world, clv, incremental_share=incremental_share,
                                               reward=referral_reward),
                   influence_values(world, clv, probability=influence_probability, lift=influence_lift,
                                    runs=runs, seed=seed),
                   knowledge_value(world.feedback, idea_value=idea_value))


def combine(world, clv: pd.Series, referral: pd.Series, influence: pd.Series,
            knowledge: pd.Series) -> pd.DataFrame:
    """The four components side by side for every customer of `world`, and their sum.

    Parameters
    ----------
    world : CRMWorld
        Its ``customers`` table gives the rows; a customer missing from a component counts 0.
    clv, referral, influence, knowledge : pandas.Series
        Each component by customer id.

    Returns
    -------
    pandas.DataFrame
        As :func:`engagement_value` returns it.
    """
    ids = pd.Index(world.customers["customer_id"], name="customer_id")
    table = pd.DataFrame({name: part.reindex(ids) for name, part in
                          zip(COMPONENTS, (clv, referral, influence, knowledge), strict=True)}).fillna(0.0)
    table["engagement_value"] = table[list(COMPONENTS)].sum(axis=1)
    return table


def customer_clv(world, *, horizon: float = 104.0, discount_rate: float = 0.10,
                 margin: float | None = None) -> pd.Series:
    """Each customer's CLV: expected discounted margin minus cost to serve (BG/NBD, Gamma-Gamma).

    Parameters
    ----------
    world : CRMWorld
        With ``transactions`` and ``interactions``.
    horizon : float, default 104.0
        Horizon in weeks.
    discount_rate : float, default 0.10
        Yearly discount rate (applied per four weeks).
    margin : float, optional
        Gross margin rate; by default the world's own.

    Returns
    -------
    pandas.Series
        CLV in yuan by customer id (customers with transactions), named ``clv``.
    """
    from ..value import BetaGeo, GammaGamma, customer_lifetime_value, summarize

    tx = world.transactions
    done = tx[tx["status"] == "completed"]
    rate = float(done["margin"].sum() / done["amount"].sum()) if margin is None else margin
    with warnings.catch_warnings():  # cancellations and returns are reported in chapter 2
        warnings.simplefilter("ignore")
        summary = summarize(tx, time_unit="W", status="status", observation_end="2024-12-31")
    bg = BetaGeo().fit(summary)
    gg = GammaGamma().fit(summary[summary["frequency"] > 0])
    years = horizon / 52.0
    yearly_cost = world.interactions.groupby("customer_id")["cost"].sum() / 2.0  # two observed years
    cost = yearly_cost.reindex(summary.index, fill_value=0.0) * years
    step_rate = (1.0 + discount_rate) ** (4.0 / 52.0) - 1.0
    table = customer_lifetime_value(bg, gg, summary, horizon=horizon, step=4.0, discount_rate=step_rate,
                                    margin=rate, cost_to_serve=cost)
    return table["clv"]


def reassess(world, table: pd.DataFrame, *, referral_reward: float = 60.0, incremental_share: float = 0.5,
             influence_lift: float = 0.10, idea_value: float | None = None,
             table_lift: float = 0.10) -> pd.DataFrame:
    """Engagement value under other referral, lift and idea assumptions, without refitting.

    CLV and the simulated reach are kept from `table`; influence value is
    proportional to the lift, so it is rescaled rather than simulated again.

    Parameters
    ----------
    world : CRMWorld
        The world `table` was computed on.
    table : pandas.DataFrame
        A result of :func:`engagement_value` on `world`.
    referral_reward : float, default 60.0
        Reward paid per referral, in yuan.
    incremental_share : float, default 0.5
        Share of referred customers who would not have joined without the referral.
    influence_lift : float, default 0.10
        Share by which a customer reached by word of mouth raises their value.
    idea_value : float, optional
        Value of every adopted idea, in yuan; by default each idea's recorded value.
    table_lift : float, default 0.10
        The lift `table` was computed with.

    Returns
    -------
    pandas.DataFrame
        As :func:`engagement_value` returns it.
    """
    clv = table["clv"]
    return combine(world, clv, referral_values(world, clv, incremental_share=incremental_share,
                                               reward=referral_reward),
                   table["influence_value"] * (influence_lift / table_lift),
                   knowledge_value(world.feedback, idea_value=idea_value))


def _own(world, clv: pd.Series) -> pd.Series:
    """CLV for every customer of `world` (0 for those without a purchase)."""
    return clv.reindex(pd.Index(world.customers["customer_id"]), fill_value=0.0)


def referral_values(world, clv: pd.Series, *, incremental_share: float = 0.5,
                    reward: float = 60.0) -> pd.Series:
    """Each customer's referral value (CRV) from the world's referrals.

    ``incremental_share × (summed CLV of the customers i referred) − reward × referrals(i)``,
    the definition of :func:`ckmkit.network.referral_value`; a customer referred twice by
    the same referrer counts once. Computed here on the referral table itself.

    Parameters
    ----------
    world : CRMWorld
        With ``customers`` and ``referrals``.
    clv : pandas.Series
        CLV by customer id (:func:`customer_clv`).
    incremental_share : float, default 0.5
        Share of referred customers who would not have joined without the referral.
    reward : float, default 60.0
        Reward paid per referral, in yuan.

    Returns
    -------
    pandas.Series
        CRV by referring customer id.
    """
    pairs = world.referrals[["referrer_id", "referred_id"]].drop_duplicates()
    pairs = pairs[pairs["referrer_id"] != pairs["referred_id"]]
    brought = _own(world, clv).reindex(pairs["referred_id"]).fillna(0.0).to_numpy()
    value = pd.Series(incremental_share * brought - reward, index=pairs["referrer_id"].to_numpy())
    return value.groupby(level=0).sum()


def influence_values(world, clv: pd.Series, *, probability: float = 0.03, lift: float = 0.10,
                     runs: int = 200, seed: int = 0) -> pd.Series:
    """Each customer's influence value (CIV) on the world's contact graph.

    Parameters
    ----------
    world : CRMWorld
        With ``customers`` and ``ties``.
    clv : pandas.Series
        CLV by customer id (:func:`customer_clv`).
    probability : float, default 0.03
        Chance that one contact passes the word on; a tie with *w* contacts passes it
        with ``1 − (1 − probability)^w``.
    lift : float, default 0.10
        Share by which a customer reached raises their value.
    runs : int, default 200
        Simulated cascades per customer.
    seed : int, default 0
        Seed of the cascades.

    Returns
    -------
    pandas.Series
        CIV by customer id.
    """
    from ..network import contact_probability, influence_value, tie_graph

    graph = tie_graph(world.ties, world.customers)
    contact_probability(graph, per_contact=probability)
    table = influence_value(graph, _own(world, clv), lift=lift, p="p", runs=runs, seed=seed,
                            progress=False)
    return table["influence_value"]


def knowledge_value(feedback: pd.DataFrame, *, idea_value: float | None = None) -> pd.Series:
    """Each customer's knowledge value (CKV): their adopted ideas, from them or co-created.

    Parameters
    ----------
    feedback : pandas.DataFrame
        ``customer_id``, ``knowledge_type``, ``adopted`` (``"yes"``/``"no"``) and ``value``
        (yuan, for adopted ideas).
    idea_value : float, optional
        Value every adopted idea at this amount instead of its recorded value.

    Returns
    -------
    pandas.Series
        CKV by customer id (customers with at least one adopted idea).

    Examples
    --------
    >>> fb = pd.DataFrame({"customer_id": ["A", "A", "B", "C"],
    ...                    "knowledge_type": ["from", "co-created", "about", "from"],
    ...                    "adopted": ["yes", "yes", None, "no"], "value": [100.0, 300.0, None, None]})
    >>> knowledge_value(fb).to_dict()
    {'A': 400.0}
    >>> knowledge_value(fb, idea_value=50).to_dict()
    {'A': 100.0}
    >>> knowledge_value(fb.assign(value=[100.0, "n/a", None, None]))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Feedback row 1 (customer A) is an adopted idea without a number in 'value'; ...
    """
    from ..i18n import t
    from ..quality import require_columns

    require_columns(feedback, ["customer_id", "knowledge_type", "adopted", "value"])
    ideas = feedback[feedback["knowledge_type"].isin(CONTRIBUTED) & (feedback["adopted"] == "yes")]
    if idea_value is None:
        values = pd.to_numeric(ideas["value"], errors="coerce")
        if values.isna().any():
            row = values.index[values.isna()][0]
            raise ValueError(t("engagement.idea_value_missing", row=row,
                               customer=ideas.at[row, "customer_id"]))
    else:
        values = pd.Series(float(idea_value), index=ideas.index)
    return values.groupby(ideas["customer_id"]).sum().rename("knowledge_value")


def engagement_quadrants(table: pd.DataFrame, *, clv_cut: float | None = None,
                         crv_cut: float | None = None) -> pd.Series:
    """Each customer's group of CLV against CRV: champions, affluents, advocates or misers.

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


def ranking_shift(table: pd.DataFrame) -> pd.DataFrame:
    """Each customer's rank by CLV and by CEV, and how many places CEV moves them up.

    Parameters
    ----------
    table : pandas.DataFrame
        With ``clv`` and ``engagement_value`` (e.g. from :func:`engagement_value`).

    Returns
    -------
    pandas.DataFrame
        ``clv``, ``engagement_value``, ``clv_rank`` and ``cev_rank`` (1 = highest; ties
        share the better rank) and ``rank_gain`` (= clv_rank − cev_rank: positive for
        customers CLV alone undervalues), sorted by ``rank_gain``, largest first.

    Examples
    --------
    >>> t = pd.DataFrame({"clv": [100.0, 90, 80], "engagement_value": [100.0, 90, 300]},
    ...                  index=["a", "b", "c"])
    >>> ranking_shift(t)["rank_gain"].to_dict()
    {'c': 2, 'a': -1, 'b': -1}
    """
    out = table[["clv", "engagement_value"]].copy()
    out["clv_rank"] = out["clv"].rank(ascending=False, method="min").astype(int)
    out["cev_rank"] = out["engagement_value"].rank(ascending=False, method="min").astype(int)
    out["rank_gain"] = out["clv_rank"] - out["cev_rank"]
    return out.sort_values("rank_gain", ascending=False, kind="stable")


def top_overlap(first: pd.Series, second: pd.Series, share: float = 0.1) -> float:
    """Share of the customers in `first`'s top `share` who are also in `second`'s.

    Parameters
    ----------
    first, second : pandas.Series
        Values by customer id (e.g. CEV under two sets of assumptions).
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
    n = max(1, int(round(len(first) * share)))
    top = set(first.nlargest(n).index)
    return len(top & set(second.nlargest(n).index)) / n

