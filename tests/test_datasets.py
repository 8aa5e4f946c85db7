"""Bundled data load as documented; the CRM world is deterministic and consistent."""

import filecmp

import numpy as np
import pandas as pd
import pytest

import ckmkit
from ckmkit.datasets import (
    CRMWorld,
    bundled_file,
    load_cdnow,
    load_crm_world,
    load_donations,
    make_crm_world,
)
from ckmkit.datasets._files import data_dir

# --- CDNOW ----------------------------------------------------------------------------------

def test_cdnow_sample_is_the_published_sample():
    tx = load_cdnow("sample")
    assert list(tx.columns) == ["customer_id", "date", "quantity", "amount"]
    assert tx.shape == (6919, 4)
    assert tx["customer_id"].nunique() == 2357
    assert (tx["amount"] == 0).sum() == 8 and (tx["amount"] >= 0).all()
    assert tx["date"].min() == pd.Timestamp("1997-01-01")
    assert tx["date"].max() == pd.Timestamp("1998-06-30")
    # Everyone made a first purchase in the first quarter of 1997.
    assert tx.groupby("customer_id")["date"].min().max() <= pd.Timestamp("1997-03-31")


def test_cdnow_master_and_sample_share_ids():
    master, sample = load_cdnow("master"), load_cdnow("sample")
    assert master.shape == (69659, 4) and master["customer_id"].nunique() == 23570
    assert round(master["amount"].sum(), 2) == 2500315.63
    order = ["customer_id", "date", "amount", "quantity"]
    mine = master[master["customer_id"].isin(sample["customer_id"])]
    pd.testing.assert_frame_equal(mine.sort_values(order, ignore_index=True),
                                  sample.sort_values(order, ignore_index=True))


def test_donations_are_the_published_patterns():
    donations = load_donations()
    assert list(donations.columns) == ["frequency", "recency", "periods", "weights"]
    assert donations.shape == (22, 4) and int(donations["weights"].sum()) == 11104
    assert (donations["periods"] == 6).all()
    # Every pattern is possible: frequency ≤ recency ≤ periods, and recency 0 only without repeats.
    assert (donations["frequency"] <= donations["recency"]).all()
    assert (donations["recency"] <= donations["periods"]).all()
    assert donations.loc[donations["frequency"] == 0, "recency"].eq(0).all()
    assert donations.loc[(donations["frequency"] == 6), "weights"].tolist() == [1203]
    assert bundled_file("donations", "README.md").is_file()


def test_cdnow_kind_is_checked():
    with pytest.raises(ValueError, match="'sample' or 'master'"):
        load_cdnow("full")


def test_every_bundled_data_set_has_a_data_card():
    for folder in (p for p in data_dir().iterdir() if p.is_dir()):
        card = (folder / "README.md").read_text(encoding="utf-8")
        for heading in ("Source", "Licence", "Schema"):
            assert heading.lower() in card.lower(), f"{folder.name}: data card lacks {heading}"


def test_bundled_file_finds_a_data_sets_file():
    path = bundled_file("feedback_corpus", "feedback_corpus.csv")
    assert path == data_dir() / "feedback_corpus" / "feedback_corpus.csv" and path.is_file()
    assert pd.read_csv(path, dtype=str, keep_default_na=False).shape == (336, 7)
    assert bundled_file("cdnow", "CDNOW_sample.txt").stat().st_size > 100_000


def test_data_set_messages_follow_the_language():
    with ckmkit.language("zh"), pytest.raises(ValueError, match="须为 'sample' 或 'master'，而不是 'full'"):
        load_cdnow("full")
    with ckmkit.language("zh"), pytest.raises(FileNotFoundError, match="缺少内置数据文件 cdnow/x.txt"):
        bundled_file("cdnow", "x.txt")
    with pytest.raises(ValueError, match="by must be one of region, channel, segment, acquisition_source"):
        make_crm_world(60, seed=1).revenue_by("city")


def test_bundled_file_names_a_missing_file():
    with pytest.raises(FileNotFoundError, match="cdnow/CDNOW_full.txt is missing"):
        bundled_file("cdnow", "CDNOW_full.txt")


# --- the CRM world --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def world() -> CRMWorld:
    return load_crm_world()


def test_snapshot_is_byte_identical_to_the_generator(tmp_path):
    make_crm_world().save(tmp_path)
    bundled = data_dir() / "crm_world"
    names = [f"{name}.csv" for name in make_crm_world(60, seed=1).tables()]
    match, mismatch, errors = filecmp.cmpfiles(bundled, tmp_path, names, shallow=False)
    assert (mismatch, errors) == ([], []), "run `python -m ckmkit.datasets` to refresh"


def test_loaded_world_equals_the_generated_one(world):
    fresh = make_crm_world()
    for name, frame in world.tables().items():
        pd.testing.assert_frame_equal(frame, getattr(fresh, name), check_dtype=False, obj=name)
    assert world.customers["signup_date"].dtype.kind == "M"


def test_same_seed_same_world_other_seed_other_world():
    a, b, c = make_crm_world(80, seed=11), make_crm_world(80, seed=11), make_crm_world(80, seed=12)
    pd.testing.assert_frame_equal(a.transactions, b.transactions)
    assert not a.transactions.equals(c.transactions)


def test_size_is_checked():
    with pytest.raises(ValueError, match="at least 50"):
        make_crm_world(10)


def test_keys_are_unique_and_references_resolve(world):
    customers = set(world.customers["customer_id"])
    employees = set(world.employees["employee_id"])
    for table, key in [("customers", "customer_id"), ("transactions", "transaction_id"),
                       ("interactions", "interaction_id"), ("feedback", "feedback_id"),
                       ("employees", "employee_id")]:
        assert getattr(world, table)[key].is_unique, table
    for table, column in [("transactions", "customer_id"), ("interactions", "customer_id"),
                          ("feedback", "customer_id"), ("referrals", "referrer_id"),
                          ("referrals", "referred_id"), ("ties", "customer_a"), ("ties", "customer_b"),
                          ("assignments", "customer_id")]:
        assert set(getattr(world, table)[column]) <= customers, f"{table}.{column}"
    assert set(world.assignments["employee_id"]) <= employees
    assert set(world.interactions["employee_id"]) <= employees


def test_customers_are_plausible(world):
    c = world.customers
    assert set(c["region"]) == {"east", "north", "south", "west"}
    assert set(c["channel"]) == {"online", "store", "account"}
    assert (c.loc[c["segment"] == "business", "channel"] == "account").all()
    assert (c["acquisition_cost"] > 0).all()
    by_source = c.groupby("acquisition_source")["acquisition_cost"].median()
    assert by_source["sales_visit"] > 3 * by_source["advertising"] > by_source["walk_in"]
    assert c["name_zh"].str.contains(r"[\u4e00-\u9fff]").all() and c["name_en"].str.isascii().mean() > 0.9


def test_purchases_follow_signup_and_returns_follow_purchases(world):
    tx = world.transactions.merge(world.customers[["customer_id", "signup_date"]], on="customer_id")
    assert (tx["date"] >= tx["signup_date"]).all()
    assert tx["date"].between("2023-01-01", "2024-12-31").all()
    first = tx[tx["status"] != "return"].groupby("customer_id")["date"].min()
    signup = world.customers.set_index("customer_id")["signup_date"]
    assert (first == signup.reindex(first.index)).all(), "everyone buys when they sign up"
    returns = tx[tx["status"] == "return"]
    assert len(returns) > 50 and (returns["amount"] < 0).all() and (returns["margin"] < 0).all()
    assert (tx.loc[tx["status"] != "return", "amount"] > 0).all()
    assert set(tx["status"]) == {"completed", "cancelled", "return"}


def test_purchasing_is_heterogeneous(world):
    per_customer = world.transactions.groupby("customer_id").size()
    assert (per_customer == 1).mean() > 0.25  # many one-off buyers
    assert per_customer.max() >= 20  # and a few very loyal ones
    revenue = world.revenue_by("segment").set_index("segment")
    per_head = revenue["revenue"] / revenue["customers"]
    assert per_head["business"] > 3 * per_head["consumer"]


def test_some_customers_are_genuinely_below_zero(world):
    tx = world.transactions[world.transactions["status"] != "cancelled"]
    margin = tx.groupby("customer_id")["margin"].sum()
    cost = world.interactions.groupby("customer_id")["cost"].sum()
    profit = margin.sub(cost, fill_value=0.0)
    share = (profit < 0).mean()
    assert 0.04 < share < 0.2
    # Below-zero customers are the heavy-service ones, not only the small buyers.
    contacts = world.interactions.groupby("customer_id").size().reindex(profit.index, fill_value=0)
    assert contacts[profit < 0].median() > 2 * max(contacts[profit >= 0].median(), 1)


def test_referrals_point_back_in_time_and_stay_local(world):
    c = world.customers.set_index("customer_id")
    r = world.referrals
    assert (c.loc[r["referrer_id"], "signup_date"].to_numpy()
            <= c.loc[r["referred_id"], "signup_date"].to_numpy()).all()
    assert (c.loc[r["referred_id"], "acquisition_source"] == "referral").all()
    assert (c["acquisition_source"] == "referral").sum() == len(r)
    same = c.loc[r["referrer_id"], "community"].to_numpy() == c.loc[r["referred_id"], "community"].to_numpy()
    assert same.mean() > 0.75


def test_ties_are_a_clustered_simple_graph(world):
    ties = world.ties
    assert (ties["customer_a"] < ties["customer_b"]).all()  # no self-loops, one order
    assert not ties.duplicated(["customer_a", "customer_b"]).any()
    community = world.customers.set_index("customer_id")["community"]
    inside = community.loc[ties["customer_a"]].to_numpy() == community.loc[ties["customer_b"]].to_numpy()
    assert inside.mean() > 0.7
    pairs = set(zip(ties["customer_a"], ties["customer_b"]))
    for a, b in zip(world.referrals["referrer_id"], world.referrals["referred_id"]):
        assert (min(a, b), max(a, b)) in pairs


def test_every_customer_has_a_primary_contact_and_some_only_one(world):
    a = world.assignments
    primary = a[a["role"] == "primary"]
    assert primary["customer_id"].is_unique and len(primary) == len(world.customers)
    served_by = a.groupby("customer_id")["employee_id"].nunique()
    assert 0.2 < (served_by == 1).mean() < 0.7
    staff = world.employees.set_index("employee_id")
    business = set(world.customers.loc[world.customers["segment"] == "business", "customer_id"])
    managers = primary[primary["customer_id"].isin(business)]["employee_id"]
    assert (staff.loc[managers, "role"] == "account_manager").all()


def test_contacts_are_handled_by_the_customers_own_staff(world):
    pairs = set(zip(world.assignments["employee_id"], world.assignments["customer_id"]))
    handled = zip(world.interactions["employee_id"], world.interactions["customer_id"])
    assert all(pair in pairs for pair in handled)
    i = world.interactions
    assert (i["cost"] > 0).all()
    assert i.groupby("kind")["cost"].median()["repair"] > 5 * i.groupby("kind")["cost"].median()["chat"]


def test_knowledge_records_cover_four_types_in_two_languages(world):
    f = world.feedback
    assert set(f["knowledge_type"]) == {"about", "for", "from", "co-created"}
    assert set(f["language"]) == {"en", "zh"}
    zh = f[f["language"] == "zh"]["text"]
    assert zh.str.contains(r"[\u4e00-\u9fff]").all()
    co = f[f["knowledge_type"] == "co-created"]
    segment = world.customers.set_index("customer_id")["segment"]
    assert (segment.loc[co["customer_id"]] == "business").mean() > (segment == "business").mean()
    assert f["text"].nunique() > 200


def test_summary_describes_every_table(world):
    summary = world.summary()
    assert list(summary.index) == list(world.tables())
    assert summary.loc["transactions", "rows"] == len(world.transactions)
    assert np.all(summary["describes"].str.len() > 3)


def test_how_customers_came_and_buy_drives_purchases_and_dropout(world):
    """The documented true effects show in the raw data (consumers, so segment does not confound)."""
    tx = world.transactions[world.transactions["status"] == "completed"]
    c = world.customers.set_index("customer_id")
    c = c.assign(orders=tx.groupby("customer_id").size().reindex(c.index, fill_value=0),
                 last=tx.groupby("customer_id")["date"].max().reindex(c.index))
    c = c[(c["segment"] == "consumer") & (c["signup_date"] < "2024-01-01")]
    by_source = c.groupby("acquisition_source")["orders"].mean()
    assert by_source["referral"] > by_source["walk_in"] > by_source["advertising"]
    # Still buying in the last half year: referred customers more often than advertised ones.
    recent = (c["last"] >= "2024-07-01").groupby(c["acquisition_source"]).mean()
    assert recent["referral"] > recent["advertising"] + 0.05
    from ckmkit.datasets.crm_world import DROPOUT_ODDS_EFFECTS, RATE_EFFECTS
    assert set(RATE_EFFECTS["acquisition_source"]) == set(c["acquisition_source"]) | {"sales_visit"}
    assert DROPOUT_ODDS_EFFECTS["channel"]["online"] > 1 and "region" not in RATE_EFFECTS


def test_ideas_from_customers_and_co_created_ones_say_if_adopted_and_their_value(world):
    f = world.feedback
    ideas = f["knowledge_type"].isin(["from", "co-created"])
    assert set(f.loc[ideas, "adopted"]) == {"yes", "no"} and f.loc[~ideas, "adopted"].isna().all()
    adopted = f["adopted"] == "yes"
    assert (f.loc[adopted, "value"] > 0).all() and f.loc[~adopted, "value"].isna().all()
    share = adopted[ideas].groupby(f["knowledge_type"]).mean()
    assert 0.15 < share["from"] < share["co-created"] < 0.6
    median = f.loc[adopted].groupby("knowledge_type")["value"].median()
    assert 600 < median["from"] < 1500 and median["co-created"] > 2 * median["from"]
    # The data card's numbers for the bundled world.
    assert (adopted.sum(), f.loc[adopted, "customer_id"].nunique()) == (196, 174)
    assert median.round().to_dict() == {"co-created": 2299.0, "from": 727.0}


def test_a_covariate_pareto_nbd_recovers_the_signs_of_the_true_effects(world):
    """The data card's promise: the documented effects show in a covariate model on consumers."""
    import warnings

    from ckmkit.datasets.crm_world import DROPOUT_ODDS_EFFECTS, RATE_EFFECTS
    from ckmkit.value import ParetoNBD, summarize

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        summary = summarize(world.transactions, time_unit="W", status="status",
                            observation_end="2024-12-31")
    people = world.customers.set_index("customer_id")
    summary = summary.join(people[["segment", "channel", "acquisition_source"]])
    summary = summary[summary["segment"] == "consumer"].copy()
    terms = {"referral": ("acquisition_source", "referral"),
             "advertising": ("acquisition_source", "advertising"), "online": ("channel", "online")}
    for name, (column, level) in terms.items():
        summary[name] = (summary[column] == level).astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = ParetoNBD().fit(summary, purchase_covariates=list(terms), dropout_covariates=list(terms))
    for name, (column, level) in terms.items():
        assert np.sign(fit.params_[f"purchase:{name}"]) == np.sign(np.log(RATE_EFFECTS[column][level]))
        assert np.sign(fit.params_[f"dropout:{name}"]) == np.sign(
            np.log(DROPOUT_ODDS_EFFECTS[column][level])), name
