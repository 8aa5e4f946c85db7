"""Customer engagement value: each component against a hand computation, the CRM world, bad input."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import ckmkit
from ckmkit import engagement
from ckmkit.datasets import load_crm_world, make_crm_world
from ckmkit.engagement import (
    COMPONENTS,
    customer_clv,
    engagement_quadrants,
    engagement_value,
    knowledge_value,
    ranking_shift,
    top_overlap,
)

IDS = ["A", "B", "C", "D", "E"]
CLV = pd.Series([100.0, 400.0, 250.0, -50.0, 30.0], index=IDS)


def tiny(**changes) -> dict:
    """Five customers: A referred B and C, B referred D; ties A-E, B-C (2 contacts), C-E; D alone."""
    tables = {
        "customers": pd.DataFrame({"customer_id": IDS}),
        "transactions": pd.DataFrame({"customer_id": IDS, "date": pd.Timestamp("2024-01-01"),
                                      "amount": 10.0}),
        "referrals": pd.DataFrame({"referrer_id": ["A", "A", "B"], "referred_id": ["B", "C", "D"]}),
        "ties": pd.DataFrame({"customer_a": ["A", "B", "C"], "customer_b": ["E", "C", "E"],
                              "weight": [1, 2, 1]}),
        "feedback": pd.DataFrame({
            "customer_id": ["A", "A", "B", "C", "E", "E"],
            "knowledge_type": ["from", "co-created", "about", "from", "for", "from"],
            "adopted": ["yes", "yes", None, "no", None, "yes"],
            "value": [800.0, 3000.0, None, None, None, 120.0]}),
    }
    tables.update(changes)
    return tables


def tiny_value(**options) -> pd.DataFrame:
    settings = {"clv": CLV, "referral_reward": 20.0, "incremental_share": 0.5,
                "influence_probability": 1.0, "influence_lift": 0.1, "runs": 4}
    settings.update(options)
    tables = {name: settings.pop(name) if name in settings else frame for name, frame in tiny().items()}
    return engagement_value(**tables, **settings)


# --- each component against a hand computation ---------------------------------------------

def test_components_by_hand_on_a_tiny_table():
    table = tiny_value()
    assert list(table.columns) == [*COMPONENTS, "engagement_value"]
    assert table.index.tolist() == IDS and table.index.name == "customer_id"
    assert table["clv"].tolist() == CLV.tolist()
    # CRV: A brought B (400) and C (250): 0.5 * 650 - 2 * 20; B brought D (-50): 0.5 * -50 - 20.
    assert table["referral_value"].tolist() == [285.0, -45.0, 0.0, 0.0, 0.0]
    # CIV with certain word of mouth: in the tie graph A-E, B-C, C-E everyone reaches the other
    # three and gains 0.1 of their CLV; D knows nobody.
    assert table["influence_value"].round(9).tolist() == [68.0, 38.0, 53.0, 0.0, 75.0]
    # CKV: A 800 + 0.5 * 3000; C's idea was not adopted; B's and E's "about"/"for" records are
    # the firm's knowledge; E's adopted idea 120.
    assert table["knowledge_value"].tolist() == [2300.0, 0.0, 0.0, 0.0, 120.0]
    assert np.allclose(table[list(COMPONENTS)].sum(axis=1), table["engagement_value"])


def test_influence_is_the_lift_over_the_customers_own_reach():
    # A - B - C path, word of mouth passes a tie with probability p: A reaches B with p, C with p².
    ties = pd.DataFrame({"customer_a": ["A", "B"], "customer_b": ["B", "C"], "weight": [1, 1]})
    clv = pd.Series([0.0, 100.0, 300.0], index=["A", "B", "C"])
    customers = pd.DataFrame({"customer_id": ["A", "B", "C", "Z"]})
    table = engagement_value(transactions=tiny()["transactions"].iloc[:3], customers=customers,
                             ties=ties, clv=clv, influence_probability=0.5, influence_lift=0.2,
                             runs=20_000, seed=3)
    expected = 0.2 * (0.5 * 100 + 0.25 * 300)  # 25
    assert table.loc["A", "influence_value"] == pytest.approx(expected, rel=0.03)
    assert table.loc["B", "influence_value"] == pytest.approx(0.2 * 0.5 * 300, rel=0.03)
    assert table.loc["Z", "influence_value"] == 0.0  # knows nobody


def test_influence_counts_the_increment_not_the_whole_value():
    import networkx as nx

    from ckmkit.network import influence_value, network_value

    G = nx.karate_club_graph()
    values = {v: float(10 * (v % 7) - 15) for v in G}
    whole = network_value(G, {v: max(x, 0.0) for v, x in values.items()}, p=0.1, runs=300)
    lift = influence_value(G, values, lift=0.15, p=0.1, runs=300)
    # Same worlds, so the increment is exactly the lift share of the whole reached value.
    assert np.allclose(lift["influence_value"], 0.15 * whole["network_value"].reindex(lift.index))
    assert (lift["influence_value"] < whole["network_value"].reindex(lift.index) + 1e-9).all()
    G.add_node("alone")
    alone = influence_value(G, {**values, "alone": 1e6}, lift=0.15, p=0.1, runs=50)
    assert alone.loc["alone"].tolist() == [0.0, 0.0, 0.0, 0.0]


def test_ties_that_are_referrals_count_in_crv_only():
    ties = pd.DataFrame({"customer_a": ["A", "D"], "customer_b": ["B", "E"], "weight": [3, 1]})
    table = tiny_value(ties=ties)
    assert table.loc[["A", "B"], "influence_value"].tolist() == [0.0, 0.0]  # A referred B
    assert table.loc["D", "influence_value"] == pytest.approx(0.1 * 30.0)


def test_referral_value_respects_reward_and_incremental_share():
    base = tiny_value(referral_reward=0.0, incremental_share=1.0)["referral_value"]
    assert base.tolist() == [650.0, -50.0, 0.0, 0.0, 0.0]  # the whole CLV of those brought in
    half = tiny_value(referral_reward=10.0, incremental_share=0.5)["referral_value"]
    referrals = pd.Series([2, 1, 0, 0, 0], index=IDS)
    assert np.allclose(half, 0.5 * base - 10.0 * referrals)
    assert tiny_value(incremental_share=0.0, referral_reward=0.0)["referral_value"].eq(0).all()


def test_knowledge_value_about_customers_never_counts():
    records = tiny()["feedback"].assign(knowledge_type="about", adopted="yes", value=1000.0)
    assert knowledge_value(records).empty
    per_idea = knowledge_value(tiny()["feedback"], idea_value=100.0, co_created_share=0.25)
    assert per_idea.to_dict() == {"A": 125.0, "E": 100.0}
    bools = tiny()["feedback"].assign(adopted=[True, True, None, False, None, True])
    assert knowledge_value(bools).to_dict() == {"A": 2300.0, "E": 120.0}


def test_clv_cost_to_serve_is_yearly_cost_times_years_times_chance_alive():
    from ckmkit.value import BetaGeo, summarize

    w = make_crm_world(300, seed=1)
    without = customer_clv(w.transactions, horizon=52)
    with_cost = customer_clv(w.transactions, interactions=w.interactions, horizon=52)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        summary = summarize(w.transactions, time_unit="W", status="status")
        alive = pd.Series(BetaGeo().fit(summary, standard_errors=False).p_alive(summary),
                          index=summary.index)
    spent = w.interactions.groupby("customer_id")["cost"].sum().reindex(summary.index, fill_value=0)
    years = np.maximum(summary["T"], 4.0) / 52.0
    assert np.allclose(without - with_cost, spent / years * 1.0 * alive, rtol=1e-6, atol=1e-6)
    # The margin rate is the world's own: margin over amount of completed orders.
    done = w.transactions[w.transactions["status"] == "completed"]
    rate = done["margin"].sum() / done["amount"].sum()
    assert np.allclose(customer_clv(w.transactions, horizon=52, margin=rate), without)
    pd.testing.assert_series_equal(customer_clv(w, horizon=52), with_cost)  # the world's interactions


# --- the CRM world ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def world():
    return load_crm_world()


@pytest.fixture(scope="module")
def cev(world):
    return engagement_value(world, runs=100)


def test_world_components_are_nonzero_and_add_up(cev, world):
    assert cev.index.tolist() == world.customers["customer_id"].tolist()
    for column in COMPONENTS:
        assert (cev[column] != 0).sum() >= 100, column
    assert np.allclose(cev[list(COMPONENTS)].sum(axis=1), cev["engagement_value"], rtol=0, atol=1e-9)
    # Referrers are exactly the customers with referral value; adopted ideas give knowledge value.
    referrers = set(world.referrals["referrer_id"])
    assert set(cev.index[cev["referral_value"] != 0]) == referrers
    contributors = set(world.feedback.query("adopted == 'yes'")["customer_id"])
    assert set(cev.index[cev["knowledge_value"] > 0]) == contributors
    assert cev["knowledge_value"].sum() == pytest.approx(
        world.feedback.loc[world.feedback["adopted"] == "yes"].pipe(
            lambda f: (f["value"] * np.where(f["knowledge_type"] == "co-created", 0.5, 1.0)).sum()))


def test_cev_ranking_differs_from_clv_ranking(cev):
    shift = ranking_shift(cev)
    assert (shift["rank_gain"] != 0).mean() > 0.5
    assert top_overlap(cev["clv"], cev["engagement_value"]) < 0.9
    assert shift["clv_rank"].corr(shift["cev_rank"], method="spearman") < 0.99
    verdicts = shift["verdict"].value_counts()
    assert verdicts["undervalued"] > 50 and verdicts["overvalued"] > 50
    # The most undervalued customer brings others or ideas, not purchases.
    top = shift.index[0]
    assert cev.loc[top, ["referral_value", "knowledge_value"]].max() > abs(cev.loc[top, "clv"])
    groups = engagement_quadrants(cev).value_counts()
    assert set(groups.index) == {"champions", "affluents", "advocates", "misers"}


def test_influence_precision_stated_in_the_docstring(cev, world):
    from ckmkit.network import contact_probability, influence_value, tie_graph

    G = tie_graph(world.ties, world.customers)
    G.remove_edges_from(zip(world.referrals["referrer_id"], world.referrals["referred_id"]))
    contact_probability(G, 0.03)
    iv = influence_value(G, cev["clv"], lift=0.1, p="p", runs=200, reach=False)
    assert np.allclose(iv["influence_value"].reindex(cev.index),
                       engagement_value(world, clv=cev["clv"], runs=200)["influence_value"])
    relative = (iv["influence_se"] / iv["influence_value"])[iv["influence_value"] > 0]
    assert 0.18 < relative.median() < 0.32  # "about a quarter"
    assert (iv["influence_se"] ** 2).sum() ** 0.5 < 0.01 * iv["influence_value"].sum()


def test_plain_tables_give_what_the_world_gives():
    w = make_crm_world(200, seed=4)
    from_world = engagement_value(w, runs=30)
    from_tables = engagement_value(transactions=w.transactions, referrals=w.referrals, ties=w.ties,
                                   feedback=w.feedback, customers=w.customers,
                                   interactions=w.interactions, runs=30)
    pd.testing.assert_frame_equal(from_world, from_tables)
    pareto = engagement_value(w, model="paretonbd", clv=None, runs=30)
    assert pareto["clv"].corr(from_world["clv"]) > 0.9


def test_course_module_offers_the_same_functions():
    assert engagement.course.engagement_value is engagement_value
    assert engagement.value.ranking_shift is ranking_shift


# --- bad input ----------------------------------------------------------------------------

def test_unknown_customers_are_named_with_table_and_column():
    bad = tiny()["referrals"].assign(referred_id=["B", "C", "Q"])
    with pytest.raises(ValueError, match=r"Table referrals, column 'referred_id': 'Q' \(row 2\)"):
        tiny_value(referrals=bad)
    with ckmkit.language("zh"), pytest.raises(ValueError, match="表 ties 的列“customer_b”：'Q'"):
        tiny_value(ties=tiny()["ties"].assign(customer_b=["E", "Q", "E"]))


def test_missing_columns_and_tables_are_named():
    with pytest.raises(ValueError, match="Table ties has no column 'customer_b'"):
        tiny_value(ties=tiny()["ties"].drop(columns="customer_b"))
    with pytest.raises(ValueError, match="Table feedback has no column 'adopted'"):
        tiny_value(feedback=tiny()["feedback"].drop(columns="adopted"))
    with pytest.raises(ValueError, match="no 'value' column"):
        tiny_value(feedback=tiny()["feedback"].drop(columns="value"))
    with pytest.raises(ValueError, match="at least a transactions table"):
        engagement_value()
    with pytest.raises(TypeError, match="Table referrals must be a pandas DataFrame; got list"):
        tiny_value(referrals=[("A", "B")])


def test_bad_values_name_the_row():
    feedback = tiny()["feedback"].assign(adopted=["yes", "maybe", None, "no", None, "yes"])
    with pytest.raises(ValueError, match="column 'adopted' must say yes or no .* row 1 has 'maybe'"):
        tiny_value(feedback=feedback)
    feedback = tiny()["feedback"].assign(value=[800.0, -1.0, None, None, None, 120.0])
    with pytest.raises(ValueError, match="row 1 has -1.0"):
        tiny_value(feedback=feedback)
    with pytest.raises(ValueError, match="incremental_share must be a probability"):
        tiny_value(incremental_share=1.5)
    with pytest.raises(ValueError, match="reward must be a finite number of 0 or more"):
        tiny_value(referral_reward=-5)
    with pytest.raises(ValueError, match="model must be one of bgnbd, paretonbd; got 'bg'"):
        customer_clv(tiny()["transactions"], model="bg")
    with pytest.raises(ValueError, match="no 'margin' column"):
        customer_clv(tiny()["transactions"])


def test_verdicts_and_groups_read_in_chinese():
    from ckmkit.tables import readable

    shift = ranking_shift(tiny_value(), groups=5).join(engagement_quadrants(tiny_value()))
    shown = readable(shift, lang="zh")
    assert shown.loc["A", "只看 CLV 时的判断（verdict）"] == "只看 CLV 会低估（undervalued）"
    assert set(shown["象限（quadrant）"]) <= {"冠军型客户（champions）", "富裕型客户（affluents）",
                                             "倡导型客户（advocates）", "吝啬型客户（misers）"}


def test_each_referrer_gets_their_own_referred_customers():
    # Referred customers listed in an order unlike the graph's: values must follow the ids.
    refs = pd.DataFrame({"referrer_id": ["E", "A", "C"], "referred_id": ["D", "B", "E"]})
    table = tiny_value(referrals=refs, incremental_share=1.0, referral_reward=0.0)
    assert table["referral_value"].to_dict() == {"A": 400.0, "B": 0.0, "C": 30.0, "D": 0.0, "E": -50.0}
    with pytest.warns(ckmkit.DataQualityWarning, match="self-loop"):
        tiny_value(referrals=pd.DataFrame({"referrer_id": ["A", "B"], "referred_id": ["B", "B"]}))
