"""A seeded synthetic CRM world for teaching.

A regional brand of home appliances and coffee equipment sells online, in its
own stores, and through account managers to cafés, bakeries and offices. The
world holds everything a chapter needs, and its parts agree with each other:

* customers join over two years through advertising, store visits, sales
  visits or a friend's referral, each at a cost;
* they buy by a "buy 'til you die" process with real heterogeneity (a
  Poisson purchase rate and a dropout chance per customer, as in BG/NBD),
  and sometimes cancel or return an order;
* service contacts cost staff time, so a heavy-service customer can be worth
  less than nothing: a genuine below-zero customer;
* staff and customers leave knowledge records of the four types
  (about / for / from / co-created), in Chinese and English;
* customers talk to each other inside communities, and some refer friends;
* employees serve customers, and some customers are served by one person only.

Examples
--------
>>> world = make_crm_world(n_customers=200, seed=7)
>>> sorted(world.tables())[:3]
['assignments', 'customers', 'employees']
>>> world.customers["customer_id"].is_unique
True
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..i18n import t
from ._files import data_dir

__all__ = ["CRMWorld", "make_crm_world", "load_crm_world", "DEFAULT_SEED", "DEFAULT_SIZE", "RATE_EFFECTS",
           "DROPOUT_ODDS_EFFECTS"]

DEFAULT_SEED = 2024
DEFAULT_SIZE = 2000
START = pd.Timestamp("2023-01-01")
END = pd.Timestamp("2024-12-31")
REGIONS = ("east", "north", "south", "west")
_WORLD = Path(__file__).with_name("_world")

# Product lines: share of purchases by segment, typical ticket (yuan) and gross margin rate.
_CATEGORIES = pd.DataFrame(
    {
        "category": ["espresso_machine", "grinder", "kettle", "beans", "accessories", "service_plan"],
        "consumer": [0.10, 0.10, 0.14, 0.40, 0.20, 0.06],
        "business": [0.08, 0.07, 0.03, 0.55, 0.12, 0.15],
        "ticket": [3200.0, 900.0, 260.0, 140.0, 90.0, 600.0],
        "margin_rate": [0.22, 0.30, 0.35, 0.45, 0.55, 0.70],
    }
).set_index("category")

# Service contacts: share by kind, minutes (mean) and the cost of one contact.
_CONTACTS = pd.DataFrame(
    {
        "kind": ["chat", "email", "phone", "complaint", "visit", "repair"],
        "share": [0.28, 0.22, 0.26, 0.10, 0.08, 0.06],
        "minutes": [8.0, 12.0, 15.0, 30.0, 90.0, 120.0],
        "fixed_cost": [0.0, 0.0, 0.0, 20.0, 180.0, 260.0],  # travel, parts
    }
).set_index("kind")
_STAFF_COST_PER_MINUTE = 2.0

_ACQUISITION_COST = {"advertising": 140.0, "walk_in": 45.0, "referral": 60.0, "sales_visit": 950.0}

# True covariate effects (data card, "Covariates"): a factor on the weekly purchase rate and on
# the odds of dropping out after a purchase, by acquisition source and by channel; 1 = no effect.
# Referred customers buy more and stay longer (Schmitt, Skiera & Van den Bulte 2011); region has
# no effect, a true null for students to check.
RATE_EFFECTS = {
    "acquisition_source": {"advertising": 0.7, "walk_in": 1.0, "referral": 1.5, "sales_visit": 1.0},
    "channel": {"online": 1.6, "store": 1.0, "account": 1.0},
}
DROPOUT_ODDS_EFFECTS = {
    "acquisition_source": {"advertising": 2.5, "walk_in": 1.0, "referral": 0.4, "sales_visit": 1.0},
    "channel": {"online": 1.2, "store": 1.0, "account": 1.0},
}

# Ideas from customers and co-created ones: chance of adoption and the median value to the firm
# (yuan: revenue gained or cost saved) of an adopted one; values are log-normal (sigma 0.8).
_ADOPTION = pd.DataFrame(
    {"chance": [0.25, 0.45], "median_value": [900.0, 3000.0]}, index=["from", "co-created"])


@dataclass(frozen=True)
class CRMWorld:
    """The tables of one synthetic CRM world (see ``docs/DEVELOPING.md`` for columns).

    Examples
    --------
    >>> world = make_crm_world(50, seed=3)
    >>> world  # doctest: +NORMALIZE_WHITESPACE
    CRMWorld(customers=50, transactions=241, interactions=80, feedback=30, referrals=15,
             ties=156, employees=12, assignments=78)
    >>> world.customers["segment"].value_counts().to_dict()
    {'consumer': 44, 'business': 6}
    >>> set(world.transactions["customer_id"]) <= set(world.customers["customer_id"])
    True
    """

    customers: pd.DataFrame
    transactions: pd.DataFrame
    interactions: pd.DataFrame
    feedback: pd.DataFrame
    referrals: pd.DataFrame
    ties: pd.DataFrame
    employees: pd.DataFrame
    assignments: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        """All tables by name."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def save(self, folder: str | Path) -> list[Path]:
        """Write every table as ``<name>.csv`` (UTF-8, ISO dates, two-decimal money).

        The format is fixed, so the same world always gives the same bytes.

        Parameters
        ----------
        folder : str or path-like
            Where to write; created if missing.

        Returns
        -------
        list of Path
            The files written, one per table.
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, frame in self.tables().items():
            path = folder / f"{name}.csv"
            frame.to_csv(path, index=False, date_format="%Y-%m-%d", float_format="%.2f",
                         lineterminator="\n", encoding="utf-8")
            paths.append(path)
        return paths

    def summary(self) -> pd.DataFrame:
        """One row per table: its size, its columns and what one row stands for.

        Examples
        --------
        >>> make_crm_world(100, seed=1).summary().loc["customers", "rows"]
        np.int64(100)
        """
        return pd.DataFrame(
            {
                "rows": [len(frame) for frame in self.tables().values()],
                "columns": [", ".join(frame.columns) for frame in self.tables().values()],
                "describes": [t(f"world.row.{name}") for name in self.tables()],
            },
            index=pd.Index(list(self.tables()), name="table"),
        )

    def revenue_by(self, by: str = "region", monthly: bool = False) -> pd.DataFrame:
        """Net revenue (completed orders less returns) by a customer attribute.

        Parameters
        ----------
        by : {"region", "channel", "segment", "acquisition_source"}
        monthly : bool, default False
            Also split by calendar month (one row per month, one column per group).

        Examples
        --------
        >>> w = make_crm_world(100, seed=1)
        >>> table = w.revenue_by("segment")
        >>> list(table.columns)
        ['segment', 'revenue', 'customers']
        >>> sold = w.transactions.query("status != 'cancelled'")["amount"].sum()
        >>> bool(abs(table["revenue"].sum() - sold) < 1e-6)
        True
        """
        allowed = ("region", "channel", "segment", "acquisition_source")
        if by not in allowed:
            raise ValueError(t("datasets.bad_group", allowed=", ".join(allowed), value=repr(by)))
        sales = self.transactions[self.transactions["status"] != "cancelled"]
        sales = sales.merge(self.customers[["customer_id", by]], on="customer_id", how="left")
        if monthly:
            month = sales["date"].dt.to_period("M").dt.to_timestamp()
            return sales.pivot_table(index=month, columns=by, values="amount", aggfunc="sum",
                                     fill_value=0.0).rename_axis(index="month", columns=by)
        grouped = sales.groupby(by).agg(revenue=("amount", "sum"), customers=("customer_id", "nunique"))
        return grouped.sort_values("revenue", ascending=False).reset_index()

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={len(frame):,}" for name, frame in self.tables().items())
        return f"CRMWorld({sizes})"


def make_crm_world(n_customers: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED) -> CRMWorld:
    """Generate a synthetic CRM world.

    Parameters
    ----------
    n_customers : int, default 2000
        Number of customers (at least 50).
    seed : int, default 2024
        Random seed; the same seed always gives the same world.
        ``load_crm_world()`` is this function's output with the defaults.

    Returns
    -------
    CRMWorld

    Examples
    --------
    >>> w = make_crm_world(100, seed=1)
    >>> len(w.customers)
    100
    >>> bool((w.transactions["date"] >= START).all())
    True
    """
    if int(n_customers) < 50:
        raise ValueError(t("datasets.too_few_customers", n=n_customers))
    rng = np.random.default_rng(seed)
    customers, latent = _customers(int(n_customers), rng)
    referrals = _referrals(customers, latent)
    employees = _employees(customers, rng)
    assignments = _assignments(customers, employees, rng)
    transactions = _transactions(customers, latent, rng)
    interactions = _interactions(customers, latent, transactions, assignments, employees, rng)
    feedback = _feedback(customers, transactions, interactions, rng)
    ties = _ties(customers, referrals, rng)
    return CRMWorld(customers, transactions, interactions, feedback, referrals, ties,
                    employees, assignments)


# --- customers and how they were acquired --------------------------------------------------


def _customers(n: int, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    n_comm = max(4, n // 100)
    comm_region = np.array(REGIONS)[rng.choice(4, size=n_comm, p=[0.35, 0.25, 0.25, 0.15])]
    community = rng.choice(n_comm, size=n, p=rng.dirichlet(np.full(n_comm, 3.0)))
    business = rng.random(n) < 0.15
    # Earlier sign-ups are more common: the firm had a base when its CRM started.
    days = np.floor((END - START).days * 0.92 * rng.beta(1.0, 1.5, size=n)).astype(int)
    order = np.argsort(days, kind="stable")
    community, business, days = community[order], business[order], days[order]
    advocacy = rng.gamma(0.7, 1.0, size=n)  # how keenly a customer recommends the brand
    referrer = _choose_referrers(community, advocacy, rng)
    source = np.where(
        referrer >= 0, "referral",
        np.where(business, np.where(rng.random(n) < 0.7, "sales_visit", "advertising"),
                 np.where(rng.random(n) < 0.55, "advertising", "walk_in")),
    )
    channel = np.where(
        business, "account",
        np.where(source == "walk_in", "store",
                 np.where(rng.random(n) < np.where(source == "referral", 0.55, 0.8), "online", "store")),
    )
    base_cost = np.array([_ACQUISITION_COST[s] for s in source])
    ids = np.array([f"C{i + 1:05d}" for i in range(n)])
    name_zh, name_en = _names(business, rng)
    customers = pd.DataFrame(
        {
            "customer_id": ids,
            "name_en": name_en,
            "name_zh": name_zh,
            "region": comm_region[community],
            "segment": np.where(business, "business", "consumer"),
            "channel": channel,
            "acquisition_source": source,
            "signup_date": START + pd.to_timedelta(days, unit="D"),
            "acquisition_cost": _money(base_cost * rng.gamma(8.0, 1 / 8.0, size=n)),
            "community": community.astype("int64"),
        }
    )
    latent = pd.DataFrame({"advocacy": advocacy, "referrer": referrer, "days": days})
    return customers, latent


def _choose_referrers(community: np.ndarray, advocacy: np.ndarray,
                      rng: np.random.Generator) -> np.ndarray:
    """Index of the earlier customer who referred each one (-1: not referred)."""
    n = len(community)
    referrer = np.full(n, -1)
    wants = rng.random(n) < 0.28
    local = rng.random(n) < 0.85  # word of mouth mostly stays inside a community
    for i in np.flatnonzero(wants):
        pool = np.flatnonzero(community[:i] == community[i]) if local[i] else np.arange(i)
        if len(pool) == 0:
            continue
        weight = 0.05 + advocacy[pool]
        referrer[i] = pool[rng.choice(len(pool), p=weight / weight.sum())]
    return referrer


@cache
def _name_parts() -> dict[str, pd.DataFrame]:
    names = pd.read_csv(_WORLD / "names.csv", dtype="string")
    return {kind: part.reset_index(drop=True) for kind, part in names.groupby("kind")}


def _names(business: np.ndarray, rng: np.random.Generator) -> tuple[list[str], list[str]]:
    parts = {kind: (part["zh"].to_numpy(), part["en"].to_numpy()) for kind, part in _name_parts().items()}
    n = len(business)
    pick = {kind: rng.integers(0, len(zh), size=n) for kind, (zh, _) in parts.items()}

    def word(kind: str, lang: int) -> np.ndarray:
        return parts[kind][lang][pick[kind]]

    zh = np.where(business, word("business_prefix", 0) + word("business_type", 0),
                  word("surname", 0) + word("given", 0))
    en = np.where(business, word("business_prefix", 1) + " " + word("business_type", 1),
                  word("given", 1) + " " + word("surname", 1))
    return list(zh), list(en)


def _referrals(customers: pd.DataFrame, latent: pd.DataFrame) -> pd.DataFrame:
    referred = np.flatnonzero(latent["referrer"].to_numpy() >= 0)
    ids = customers["customer_id"].to_numpy()
    return pd.DataFrame(
        {
            "referrer_id": ids[latent["referrer"].to_numpy()[referred]],
            "referred_id": ids[referred],
            "date": customers["signup_date"].to_numpy()[referred],
        }
    )


# --- staff --------------------------------------------------------------------------------


def _employees(customers: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for region in REGIONS:
        in_region = customers["region"] == region
        n_business = int((in_region & (customers["segment"] == "business")).sum())
        n_all = int(in_region.sum())
        rows += [(region, "account_manager")] * max(1, round(n_business / 25))
        rows += [(region, "service_agent")] * max(1, round(n_all / 150))
        rows += [(region, "sales_rep")] * max(1, round(n_all / 400))
    n = len(rows)
    name_zh, name_en = _names(np.zeros(n, dtype=bool), rng)
    hired = pd.Timestamp("2016-01-01") + pd.to_timedelta(
        rng.integers(0, (START - pd.Timestamp("2016-01-01")).days + 300, size=n), unit="D")
    return pd.DataFrame(
        {
            "employee_id": [f"E{i + 1:03d}" for i in range(n)],
            "name_en": name_en,
            "name_zh": name_zh,
            "region": [r for r, _ in rows],
            "role": [role for _, role in rows],
            "hire_date": hired,
        }
    )


def _assignments(customers: pd.DataFrame, employees: pd.DataFrame,
                 rng: np.random.Generator) -> pd.DataFrame:
    """A primary contact for everyone; a backup for most, but not all."""
    staff = {key: group["employee_id"].to_numpy() for key, group in employees.groupby(["region", "role"])}
    region_staff = {key: group["employee_id"].to_numpy() for key, group in employees.groupby("region")}
    rows = []
    for customer in customers.itertuples(index=False):
        role = "account_manager" if customer.segment == "business" else "service_agent"
        candidates = staff[(customer.region, role)]
        # A few long-serving staff hold many accounts alone: the key-person risk of S0 §5.
        weight = np.linspace(2.0, 1.0, len(candidates))
        primary = candidates[rng.choice(len(candidates), p=weight / weight.sum())]
        rows.append((primary, customer.customer_id, "primary"))
        p_backup = 0.45 if customer.segment == "business" else 0.6
        others = region_staff[customer.region]
        others = others[others != primary]
        if len(others) and rng.random() < p_backup:
            rows.append((others[rng.integers(len(others))], customer.customer_id, "backup"))
    return pd.DataFrame(rows, columns=["employee_id", "customer_id", "role"])


# --- purchases ----------------------------------------------------------------------------


def _transactions(customers: pd.DataFrame, latent: pd.DataFrame,
                  rng: np.random.Generator) -> pd.DataFrame:
    business = (customers["segment"] == "business").to_numpy()
    n = len(customers)
    # Weekly purchase rate and dropout chance after each purchase (BG/NBD story).
    rate = np.where(business, rng.gamma(2.0, 0.12, size=n), rng.gamma(0.9, 0.07, size=n))
    dropout = np.where(business, rng.beta(0.6, 6.0, size=n), rng.beta(0.9, 3.0, size=n))
    rate = rate * _effect(customers, RATE_EFFECTS)
    odds = dropout / (1.0 - dropout) * _effect(customers, DROPOUT_ODDS_EFFECTS)
    dropout = odds / (1.0 + odds)
    spend = np.where(business, rng.gamma(6.0, 0.4, size=n), rng.gamma(4.0, 0.25, size=n))
    horizon = (END - START).days
    rows = []
    for i in range(n):
        day = float(latent["days"].iat[i])
        while day <= horizon:
            rows.append((i, int(day)))
            if rng.random() < dropout[i]:
                break
            day += rng.exponential(7.0 / rate[i])
    who = np.array([r[0] for r in rows])
    when = np.array([r[1] for r in rows])
    return _priced(customers, who, when, business, spend, rng)


def _effect(customers: pd.DataFrame, effects: dict[str, dict[str, float]]) -> np.ndarray:
    """Each customer's product of the factors for their attributes."""
    factor = np.ones(len(customers))
    for column, by_level in effects.items():
        factor *= customers[column].map(by_level).to_numpy(dtype=float)
    return factor


def _priced(customers: pd.DataFrame, who: np.ndarray, when: np.ndarray, business: np.ndarray,
            spend: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    cats = _CATEGORIES
    k = len(who)
    seg = np.where(business[who], "business", "consumer")
    u = rng.random(k)
    choice = np.where(
        seg == "business",
        np.searchsorted(np.cumsum(cats["business"].to_numpy()), u * cats["business"].sum()),
        np.searchsorted(np.cumsum(cats["consumer"].to_numpy()), u * cats["consumer"].sum()),
    )
    category = cats.index.to_numpy()[choice]
    consumable = np.isin(category, ["beans", "accessories"])
    quantity = np.where(consumable, 1 + rng.poisson(np.where(business[who], 4.0, 0.6)), 1)
    unit = cats["ticket"].to_numpy()[choice] * spend[who] * rng.gamma(12.0, 1 / 12.0, size=k)
    amount = _money(unit * quantity)
    margin = _money(amount * cats["margin_rate"].to_numpy()[choice] * rng.uniform(0.85, 1.15, k))
    status = np.where(rng.random(k) < 0.025, "cancelled", "completed")
    orders = pd.DataFrame(
        {
            "customer_id": customers["customer_id"].to_numpy()[who],
            "date": START + pd.to_timedelta(when, unit="D"),
            "category": category,
            "quantity": quantity.astype("int64"),
            "amount": amount,
            "margin": margin,
            "status": status,
        }
    )
    returned = orders[(orders["status"] == "completed") & (rng.random(k) < 0.04)].copy()
    returned["date"] += pd.to_timedelta(rng.integers(3, 30, size=len(returned)), unit="D")
    returned[["amount", "margin"]] *= -1
    returned["status"] = "return"
    tx = pd.concat([orders, returned[returned["date"] <= END]], ignore_index=True)
    tx = tx.sort_values(["date", "customer_id"], kind="stable").reset_index(drop=True)
    tx.insert(0, "transaction_id", [f"T{i + 1:06d}" for i in range(len(tx))])
    return tx


# --- cost to serve ------------------------------------------------------------------------


def _interactions(customers: pd.DataFrame, latent: pd.DataFrame, transactions: pd.DataFrame,
                  assignments: pd.DataFrame, employees: pd.DataFrame,
                  rng: np.random.Generator) -> pd.DataFrame:
    n = len(customers)
    business = (customers["segment"] == "business").to_numpy()
    # Service needs are heavy-tailed and only loosely tied to value: some customers call
    # for everything, and they are the ones who end up below zero.
    per_year = np.where(business, rng.gamma(1.2, 4.0, size=n), rng.gamma(0.4, 4.0, size=n))
    first = latent["days"].to_numpy()
    last_buy = transactions.groupby("customer_id")["date"].max().reindex(customers["customer_id"])
    active_until = ((last_buy - START).dt.days.to_numpy() + 120).clip(max=(END - START).days)
    span = np.maximum(active_until - first, 1)
    counts = rng.poisson(per_year * span / 365.0)
    who = np.repeat(np.arange(n), counts)
    when = first[who] + np.floor(rng.random(len(who)) * span[who]).astype(int)
    kinds = _CONTACTS.index.to_numpy()[
        rng.choice(len(_CONTACTS), size=len(who), p=_CONTACTS["share"].to_numpy())]
    minutes = np.maximum(1, np.round(_CONTACTS.loc[kinds, "minutes"].to_numpy()
                                     * rng.gamma(3.0, 1 / 3.0, size=len(who)))).astype("int64")
    cost = _money(minutes * _STAFF_COST_PER_MINUTE + _CONTACTS.loc[kinds, "fixed_cost"].to_numpy())
    ids = customers["customer_id"].to_numpy()[who]
    frame = pd.DataFrame(
        {
            "customer_id": ids,
            "employee_id": _handlers(ids, assignments, rng),
            "date": START + pd.to_timedelta(when, unit="D"),
            "kind": kinds,
            "minutes": minutes,
            "cost": cost,
        }
    )
    frame = frame.sort_values(["date", "customer_id"], kind="stable").reset_index(drop=True)
    frame.insert(0, "interaction_id", [f"I{i + 1:06d}" for i in range(len(frame))])
    return frame


def _handlers(customer_ids: np.ndarray, assignments: pd.DataFrame,
              rng: np.random.Generator) -> np.ndarray:
    """The primary contact handles most contacts; the backup (if any) the rest."""
    primary = assignments[assignments["role"] == "primary"].set_index("customer_id")["employee_id"]
    backup = assignments[assignments["role"] == "backup"].set_index("customer_id")["employee_id"]
    first = primary.reindex(customer_ids).to_numpy()
    second = backup.reindex(customer_ids).to_numpy()
    use_backup = (rng.random(len(customer_ids)) < 0.3) & pd.notna(second)
    return np.where(use_backup, second, first)


# --- knowledge records --------------------------------------------------------------------


@cache
def _feedback_pool() -> pd.DataFrame:
    return pd.read_csv(_WORLD / "feedback_pool.csv", dtype="string")


def _feedback(customers: pd.DataFrame, transactions: pd.DataFrame, interactions: pd.DataFrame,
              rng: np.random.Generator) -> pd.DataFrame:
    pool = _feedback_pool()
    ids = customers["customer_id"]
    touches = (transactions["customer_id"].value_counts().reindex(ids, fill_value=0)
               + interactions["customer_id"].value_counts().reindex(ids, fill_value=0)).to_numpy()
    n = int(0.6 * len(customers))
    who = rng.choice(len(customers), size=n, p=(1 + touches) / (1 + touches).sum())
    business = (customers["segment"] == "business").to_numpy()[who]
    # Co-created knowledge comes mostly from business accounts (joint tastings, pilots).
    probs = np.where(business[:, None], [0.25, 0.15, 0.30, 0.30], [0.32, 0.22, 0.38, 0.08])
    types = np.array(["about", "for", "from", "co-created"])[
        (rng.random(n)[:, None] > np.cumsum(probs, axis=1)).sum(axis=1)]
    lang = np.where(rng.random(n) < 0.65, "zh", "en")
    text = _draw_texts(pool, types, lang, rng)
    signup = customers["signup_date"].to_numpy()[who]
    days_left = (END.to_datetime64() - signup) // np.timedelta64(1, "D")
    offset = np.floor(rng.random(n) * (days_left + 1)).astype(int)
    frame = pd.DataFrame(
        {
            "customer_id": ids.to_numpy()[who],
            "date": signup + pd.to_timedelta(offset, unit="D"),
            "language": lang,
            "text": text,
            "knowledge_type": types,
        }
    )
    frame["adopted"], frame["value"] = _adoption(types, rng)
    frame = frame.sort_values(["date", "customer_id"], kind="stable").reset_index(drop=True)
    frame.insert(0, "feedback_id", [f"F{i + 1:05d}" for i in range(len(frame))])
    return frame


def _adoption(types: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Whether an idea from a customer (or co-created) was adopted, and its value if it was.

    Records about or for customers are not ideas, so both stay empty for them.
    """
    idea = np.isin(types, _ADOPTION.index)
    chance = _ADOPTION["chance"].reindex(types).to_numpy()
    median = _ADOPTION["median_value"].reindex(types).to_numpy()
    draw, noise = rng.random(len(types)), rng.normal(0.0, 0.8, size=len(types))
    adopted = idea & (draw < chance)
    value = np.where(adopted, _money(np.nan_to_num(median * np.exp(noise))), np.nan)
    return np.where(idea, np.where(adopted, "yes", "no"), None), value


def _draw_texts(pool: pd.DataFrame, types: np.ndarray, lang: np.ndarray,
                rng: np.random.Generator) -> np.ndarray:
    """Texts for each record, cycling through shuffled pools so repeats stay rare."""
    text = np.empty(len(types), dtype=object)
    for (kind, language), group in pool.groupby(["knowledge_type", "language"], sort=True):
        slots = np.flatnonzero((types == kind) & (lang == language))
        options = group["text"].to_numpy()
        order = np.concatenate([rng.permutation(len(options))
                                for _ in range(len(slots) // len(options) + 1)])
        text[slots] = options[order[: len(slots)]]
    return text


# --- word of mouth ------------------------------------------------------------------------


def _ties(customers: pd.DataFrame, referrals: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Undirected contacts: mostly inside a community, some across, every referral included."""
    community = customers["community"].to_numpy()
    n = len(customers)
    degree = 1 + rng.poisson(2.5, size=n)
    members = {c: np.flatnonzero(community == c) for c in np.unique(community)}
    pairs = []
    for i in range(n):
        local = members[community[i]]
        for _ in range(degree[i]):
            j = local[rng.integers(len(local))] if rng.random() < 0.85 else rng.integers(n)
            if j != i:
                pairs.append((min(i, j), max(i, j), 1 + rng.poisson(1.0)))
    index = {cid: k for k, cid in enumerate(customers["customer_id"])}
    for a, b in zip(referrals["referrer_id"], referrals["referred_id"]):
        i, j = index[a], index[b]
        pairs.append((min(i, j), max(i, j), 3 + rng.poisson(1.0)))
    frame = pd.DataFrame(pairs, columns=["a", "b", "weight"])
    frame = frame.groupby(["a", "b"], as_index=False)["weight"].max()
    ids = customers["customer_id"].to_numpy()
    return pd.DataFrame(
        {
            "customer_a": ids[frame["a"].to_numpy()],
            "customer_b": ids[frame["b"].to_numpy()],
            "weight": frame["weight"].astype("int64").to_numpy(),
        }
    )


# --- the bundled snapshot -----------------------------------------------------------------

_DATES = {
    "customers": ["signup_date"],
    "transactions": ["date"],
    "interactions": ["date"],
    "feedback": ["date"],
    "referrals": ["date"],
    "employees": ["hire_date"],
}


def _money(values: np.ndarray) -> np.ndarray:
    # Round through text so the value is exactly what a CSV round trip gives back.
    return np.array([float(f"{v:.2f}") for v in np.asarray(values, dtype=float)])


def load_crm_world() -> CRMWorld:
    """Load the bundled CRM world: ``make_crm_world()`` with the default size and seed.

    Reading the snapshot is faster than generating it, and it lets a reader
    open the CSV files in ``datasets/crm_world/`` with any tool.

    Examples
    --------
    >>> world = load_crm_world()
    >>> len(world.customers)
    2000
    """
    folder = data_dir() / "crm_world"
    tables = {}
    for f in fields(CRMWorld):
        frame = pd.read_csv(folder / f"{f.name}.csv", encoding="utf-8", keep_default_na=False,
                            na_values=[""])
        for column in _DATES.get(f.name, []):
            frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
        tables[f.name] = frame
    return CRMWorld(**tables)

