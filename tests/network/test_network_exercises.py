"""Chapter-4 exercise feedback speaks to the mistake made, in both languages."""

from __future__ import annotations

import math

import pytest

import ckmkit
from ckmkit import network
from ckmkit.exercises import check
from ckmkit.network import exercises as chapter


@pytest.mark.parametrize("exercise, answer, status, en, zh", [
    ("network.star_spread", 2, "wrong", "Count the hub itself", "别忘了中心客户本人"),
    ("network.star_spread", 9, "wrong", "That is everybody", "这是所有人"),
    ("network.star_spread", 1.25, "wrong", "own chance of 0.25: multiply by 8", "要乘以 8"),
    ("network.star_spread", 1.5, "wrong", "Too low: the hub counts as active", "偏低"),
    ("network.star_spread", 5, "wrong", "Too high: each neighbour is reached only", "偏高"),
    ("network.star_spread", 2.8, "partial", "Work it out exactly", "请精确计算"),
    ("network.path_spread", 2, "wrong", "C can only hear it from B", "C 只能从 B 那里听到"),
    ("network.path_spread", 0.75, "wrong", "Include A", "别忘了 A"),
    ("network.path_spread", 1.5, "wrong", "C can be reached too, through B", "经由 B"),
    ("network.path_spread", 1.2, "wrong", "Too low: count A", "偏低"),
    ("network.path_spread", 2.5, "wrong", "C needs two successes in a row", "连续两次成功"),
    ("network.path_spread", 1.6, "partial", "1 (A) + 0.5 (B) + 0.5 × 0.5 (C)", "请用精确的概率"),
])
def test_hand_calculations_get_specific_feedback(exercise, answer, status, en, zh):
    feedback = check(exercise, answer)
    assert feedback.status == status
    assert en in feedback.message and "rows and columns" not in feedback.message
    with ckmkit.language("zh"):
        assert zh in check(exercise, answer).message


def test_right_answers_still_score():
    assert check("network.star_spread", 3).status == "correct"
    assert check("network.star_spread", 3.01).status == "correct"  # a simulated answer
    assert check("network.path_spread", 1.75).points == 1.0


def test_option_b_names_the_leader_as_the_question_does():
    assert chapter._SEEDING["b"] == {"en": "one hub and the leader of the separate group",
                                     "zh": "一个中心客户，加上独立群体的带头人"}
    assert check("network.overlap", "b").status == "correct"
    assert check("network.overlap", "a").status == "wrong"


def test_modularity_key_is_the_textbook_value_and_names_the_slips():
    """Two triangles joined by one tie: Q = 2 × (3/7 − (7/14)²) = 5/14."""
    assert check("network.modularity", 5 / 14).status == "correct"
    assert check("network.modularity", 0.33).status == "partial"
    assert "(7/14)²" in check("network.modularity", 6 / 7).message
    assert "bridge C–D" in check("network.modularity", 6 / 7 - 2 * (6 / 14) ** 2).message
    with ckmkit.language("zh"):
        assert "两个社区加起来" in check("network.modularity", 3 / 7 - 0.25).message


def test_threshold_cascade_runs_rounds_until_nobody_joins():
    # round 1: B (1/3 >= 0.3); round 2: E (1/2 >= 0.5); round 3: C (2/3 >= 0.6); D stays at 2/3 < 0.7
    ties = chapter.THRESHOLD_TIES
    assert chapter._threshold_cascade(ties, chapter.THRESHOLDS, {"A"}) == {"A", "B", "C", "E"}
    lower = {**chapter.THRESHOLDS, "D": 0.6}  # then D joins, and F after D
    assert chapter._threshold_cascade(ties, lower, {"A"}) == set("ABCDEF")
    assert check("network.threshold", ["A", "B", "C", "E"]).points == 2
    first_round_only = check("network.threshold", ["A", "B"])
    assert first_round_only.status == "partial" and first_round_only.points == 1.0


def test_bus_factor_key_comes_from_the_world_and_half_credit_is_one_away():
    from ckmkit.datasets import load_crm_world

    world = load_crm_world()
    key = network.bus_factor(world.assignments, world.employees).loc[chapter.BUS_REGION, "bus_factor"]
    assert check("network.bus_factor", int(key)).status == "correct"
    assert check("network.bus_factor", int(key) + 1).status == "partial"
    assert check("network.bus_factor", int(key) + 3).status == "wrong"


def test_bass_peak_key_and_the_slip_of_dividing_by_q():
    assert check("network.bass_peak", 6.19).status == "correct"  # ln(0.38 / 0.03) / 0.41
    slip = check("network.bass_peak", math.log(0.38 / 0.03) / 0.38)
    assert slip.status == "wrong" and "p + q" in slip.message
    with ckmkit.language("zh"):
        assert "p + q" in check("network.bass_peak", math.log(0.38 / 0.03) / 0.38).message


@pytest.mark.parametrize("exercise, answer, status, en, zh", [
    ("network.referral_value", 100, "correct", "100 CNY", "100 元"),  # 0.5 × (400 + 250 − 150) − 3 × 50
    ("network.referral_value", 175, "wrong", "count D's −150 too", "D 的 −150 也要计入"),
    ("network.referral_value", 250, "wrong", "Subtract the rewards", "要减去奖励"),
    ("network.referral_value", 350, "wrong", "multiply their profit by 0.5", "乘以 0.5"),
    ("network.referral_value", 200, "wrong", "every referral: 3 × 50", "3 × 50"),
    ("network.referral_value", 110, "partial", "exact numbers", "精确计算"),
    ("network.influence_value", 25, "correct", "25 CNY", "25 元"),  # 0.1 × 0.5 × (200 + 200 + 100)
    ("network.influence_value", 200, "wrong", "old overstated count", "被高估的旧算法"),
    ("network.influence_value", 250, "wrong", "multiply by the lift", "提升比例 0.1"),
    ("network.influence_value", 20, "wrong", "Count c4's loss as 0", "c4 的亏损按 0 计"),
    ("network.influence_value", 50, "wrong", "probability 0.5", "0.5 的概率"),
])
def test_network_value_exercises_name_the_slip(exercise, answer, status, en, zh):
    feedback = check(exercise, answer)
    assert feedback.status == status and en in feedback.message
    with ckmkit.language("zh"):
        assert zh in check(exercise, answer).message


def test_influence_key_is_what_the_simulation_gives_on_the_star():
    """The hand formula lift × p × Σ max(profit, 0) against influence_value simulated on the star."""
    import networkx as nx

    star = nx.star_graph(len(chapter.CONTACTS))
    names = {0: "hub", **{i + 1: c for i, c in enumerate(chapter.CONTACTS)}}
    star = nx.relabel_nodes(star, names)
    table = network.influence_value(star, {"hub": 0.0, **chapter.CONTACTS}, lift=chapter.INFLUENCE_LIFT,
                                    p=chapter.INFLUENCE_P, runs=40_000, seed=3)
    assert table.loc["hub", "influence_value"] == pytest.approx(chapter.influence_key(), abs=0.5)
    assert chapter.influence_key() == 25.0
