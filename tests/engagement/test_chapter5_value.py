"""Chapter 5's engagement value: the components add up, follow their definitions, move the ranking."""

from __future__ import annotations

import pandas as pd
import pytest

from ckmkit.datasets import make_crm_world
from ckmkit.engagement import course


@pytest.fixture(scope="module")
def world():
    return make_crm_world(300, seed=1)


@pytest.fixture(scope="module")
def table(world):
    return course.engagement_value(world, runs=50)


def test_components_add_up_and_each_is_nonzero_for_some_customers(world, table):
    assert list(table.index) == list(world.customers["customer_id"])
    parts = table[list(course.COMPONENTS)]
    assert (parts.sum(axis=1) - table["engagement_value"]).abs().max() < 1e-9
    assert ((parts != 0).sum() > 0).all()


def test_referral_value_is_the_incremental_share_minus_the_rewards(world, table):
    referrer, group = next(iter(world.referrals.groupby("referrer_id")))
    referred = group["referred_id"].unique()
    expected = 0.5 * table.loc[referred, "clv"].sum() - 60.0 * len(referred)
    assert table.loc[referrer, "referral_value"] == pytest.approx(expected)
    never = set(world.customers["customer_id"]) - set(world.referrals["referrer_id"])
    assert (table.loc[sorted(never), "referral_value"] == 0).all()


def test_knowledge_value_counts_only_adopted_ideas_from_customers_or_co_created(world, table):
    fb = world.feedback
    adopted = fb[fb["knowledge_type"].isin(["from", "co-created"]) & (fb["adopted"] == "yes")]
    assert table["knowledge_value"].sum() == pytest.approx(adopted["value"].sum())
    only_about = set(fb["customer_id"]) - set(fb.loc[fb["knowledge_type"].isin(["from", "co-created"]),
                                                      "customer_id"])
    assert (table.loc[sorted(only_about), "knowledge_value"] == 0).all()
    flat = course.knowledge_value(fb, idea_value=100.0)
    assert flat.sum() == pytest.approx(100.0 * len(adopted))


def test_reassess_matches_a_full_computation(world, table):
    again = course.reassess(world, table, referral_reward=20.0, incremental_share=0.8, influence_lift=0.3,
                            idea_value=700.0)
    full = course.engagement_value(world, runs=50, referral_reward=20.0, incremental_share=0.8,
                                   influence_lift=0.3, idea_value=700.0)
    pd.testing.assert_frame_equal(again, full, rtol=1e-9)


def test_the_cev_ranking_differs_from_the_clv_ranking(table):
    shift = course.ranking_shift(table)
    assert shift["rank_gain"].iloc[0] > 0 > shift["rank_gain"].iloc[-1]
    top = shift.index[0]
    indirect = table.loc[top, ["referral_value", "influence_value", "knowledge_value"]].sum()
    assert indirect > 0  # who climbs does so through what they bring, not what they buy
    assert course.top_overlap(table["clv"], table["engagement_value"]) < 1.0


def test_quadrants_follow_the_cut_offs(table):
    groups = course.engagement_quadrants(table, clv_cut=500.0, crv_cut=100.0)
    high_clv, high_crv = table["clv"] >= 500.0, table["referral_value"] >= 100.0
    assert (groups[high_clv & high_crv] == "champions").all()
    assert (groups[~high_clv & high_crv] == "advocates").all()
    assert (groups[high_clv & ~high_crv] == "affluents").all()
    assert (groups[~high_clv & ~high_crv] == "misers").all()


def test_an_adopted_idea_without_a_value_is_named(world):
    fb = world.feedback.copy()
    row = fb.index[fb["adopted"] == "yes"][0]
    fb.loc[row, "value"] = None
    with pytest.raises(ValueError, match=f"row {row} .*customer {fb.at[row, 'customer_id']}"):
        course.knowledge_value(fb)
    with pytest.raises(ValueError, match="'adopted' is missing"):
        course.knowledge_value(fb.drop(columns="adopted"))
