"""Chapter 5's customer engagement value on the CRM world: four components, each a short model.

CEV = CLV + CRV + CIV + CKV (Kumar et al. 2010). Each component is computed with a
deliberately simple, documented model whose assumptions are keyword parameters,
so that a reader (and the chapter's explorer) can move them:

* **CLV** (``clv``): BG/NBD and Gamma-Gamma fitted on the transactions (weeks),
  expected discounted margin over `horizon` weeks minus the customer's observed
  yearly cost to serve over the same years (not discounted: a cautious choice).
* **CRV** (``referral_value``): for every customer *j* that customer *i* referred,
  ``incremental_share × max(CLV_j, 0) − referral_reward``. *j*'s purchases stay in
  *j*'s own CLV; *i* gets only the share that would not have joined without *i*.
* **CIV** (``influence_value``): one step of word of mouth on the contact network.
  A tie with *w* contacts persuades with probability ``1 − (1 − p)^w`` (chapter 4's
  contact probability); a persuaded contact's value rises by `influence_lift` of
  their positive CLV. Customers *i* referred are left out (they are in CRV). Only the
  direct step counts, so CIV is a lower bound of Domingos & Richardson's network value.
* **CKV** (``knowledge_value``): each feedback record *from* the customer or
  *co-created* with them is adopted with probability `adoption_rate` and is then worth
  `idea_value`. Knowledge *about* and *for* customers is not the customer's
  contribution and counts nothing.

Examples
--------
>>> from ckmkit.datasets import make_crm_world
>>> table = engagement_value(make_crm_world(300, seed=1))
>>> list(table.columns)
['clv', 'referral_value', 'influence_value', 'knowledge_value', 'engagement_value']
>>> parts = table.columns[:4]
>>> bool(((table[parts].sum(axis=1) - table["engagement_value"]).abs() < 1e-6).all())
True
"""

from __future__ import annotations

import warnings

import pandas as pd

__all__ = ["COMPONENTS", "QUADRANT_NAMES", "customer_clv", "engagement_value", "engagement_quadrants",
           "ranking_shift", "top_overlap"]

#: The four components, in the order CEV adds them.
COMPONENTS = ("clv", "referral_value", "influence_value", "knowledge_value")
#: Kumar, Petersen & Leone's (2007) groups of CLV against CRV, as (high CLV, high CRV) → name.
QUADRANT_NAMES = {(True, True): "champions", (True, False): "affluents", (False, True): "advocates",
                  (False, False): "misers"}
_CONTRIBUTED = ("from", "co-created")


def engagement_value(world, *, horizon: float = 104.0, discount_rate: float = 0.10,
                     margin: float | None = None,
                     referral_reward: float = 60.0, incremental_share: float = 0.5,
                     influence_probability: float = 0.03, influence_lift: float = 0.10,
                     adoption_rate: float = 0.3, idea_value: float = 500.0,
                     clv: pd.Series | None = None) -> pd.DataFrame:
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
        Rise of a persuaded contact's CLV, as a share of it.
    adoption_rate : float, default 0.3
        Share of ideas from customers (and co-created) that the firm adopts.
    idea_value : float, default 500.0
        Value of one adopted idea to the firm, in yuan (revenue gained or cost saved).
    clv : pandas.Series, optional
        CLV by customer id computed beforehand (:func:`customer_clv`); then `horizon`,
        `discount_rate` and `margin` are not used.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id``: ``clv``, ``referral_value``, ``influence_value``,
        ``knowledge_value`` and their sum ``engagement_value``, in yuan.
    """
    ids = pd.Index(world.customers["customer_id"], name="customer_id")
    if clv is None:
        clv = customer_clv(world, horizon=horizon, discount_rate=discount_rate, margin=margin)
    clv = clv.reindex(ids, fill_value=0.0)
    table = pd.DataFrame({
        "clv": clv,
        "referral_value": _referral(world.referrals, clv, incremental_share, referral_reward),
        "influence_value": _influence(world.ties, world.referrals, clv, influence_probability,
                                      influence_lift),
        "knowledge_value": _knowledge(world.feedback, adoption_rate, idea_value),
    }, index=ids).fillna(0.0)
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


def _referral(referrals: pd.DataFrame, clv: pd.Series, share: float, reward: float) -> pd.Series:
    brought = clv.reindex(referrals["referred_id"]).clip(lower=0.0).fillna(0.0).to_numpy()
    value = pd.Series(share * brought - reward, index=referrals["referrer_id"].to_numpy())
    return value.groupby(level=0).sum()


def _influence(ties: pd.DataFrame, referrals: pd.DataFrame, clv: pd.Series, p: float,
               lift: float) -> pd.Series:
    both = pd.concat([ties.rename(columns={"customer_a": "i", "customer_b": "j"}),
                      ties.rename(columns={"customer_b": "i", "customer_a": "j"})], ignore_index=True)
    referred = set(zip(referrals["referrer_id"], referrals["referred_id"]))
    both = both[[pair not in referred for pair in zip(both["i"], both["j"])]]
    persuaded = 1.0 - (1.0 - p) ** both["weight"].to_numpy(dtype=float)
    gain = persuaded * lift * clv.reindex(both["j"]).clip(lower=0.0).fillna(0.0).to_numpy()
    return pd.Series(gain, index=both["i"].to_numpy()).groupby(level=0).sum()


def _knowledge(feedback: pd.DataFrame, adoption_rate: float, idea_value: float) -> pd.Series:
    ideas = feedback[feedback["knowledge_type"].isin(_CONTRIBUTED)]
    return ideas.groupby("customer_id").size() * adoption_rate * idea_value


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

