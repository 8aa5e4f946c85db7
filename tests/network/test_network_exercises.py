"""Chapter-4 exercise feedback speaks to the mistake made, in both languages."""

from __future__ import annotations

import pytest

import ckmkit
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
