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


def test_referral_value_adds_up_to_the_incremental_share_minus_the_rewards(world, table):
    pairs = world.referrals[["referrer_id", "referred_id"]].drop_duplicates()
    expected = 0.5 * table["clv"].reindex(pairs["referred_id"]).sum() - 60.0 * len(pairs)
    assert table["referral_value"].sum() == pytest.approx(expected)
    never = set(world.customers["customer_id"]) - set(pairs["referrer_id"])
    assert (table.loc[sorted(never), "referral_value"] == 0).all()


def test_each_referrers_value_is_their_own_referred_customers(world, table):
    # network.referral_value once paired values with the wrong customers (a subgraph's node order)
    referrer, group = next(iter(world.referrals.groupby("referrer_id")))
    referred = group["referred_id"].unique()
    expected = 0.5 * table.loc[referred, "clv"].sum() - 60.0 * len(referred)
    assert table.loc[referrer, "referral_value"] == pytest.approx(expected)


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
