"""Quiz widget and CRM <-> CKM explorer, driven in-kernel."""

from __future__ import annotations

import pytest

import ckmkit
from ckmkit.concepts import process
from ckmkit.concepts.exercises import QUIZZES
from ckmkit.widgets.concepts import ComparisonExplorer, Quiz


def test_choice_quiz_right_and_wrong():
    quiz = Quiz("concepts.customer_role")
    quiz.check_button.click()
    assert quiz.feedback.status == "not_answered"
    quiz.controls[0].value = "a"
    quiz.check_button.click()
    assert quiz.feedback.status == "wrong" and "CRM" in quiz.result.value
    quiz.controls[0].value = "b"
    quiz.check_button.click()
    assert quiz.feedback.status == "correct"
    quiz.reset_button.click()
    assert quiz.controls[0].value is None and quiz.result.value == ""


def test_matching_quiz():
    quiz = Quiz("concepts.four_p_four_c")
    for control, value in zip(quiz.controls, ["customer value", "cost", "convenience", "communication"], strict=True):
        control.value = value
    quiz.check_button.click()
    assert quiz.feedback.status == "correct"
    quiz.controls[2].value = "communication"
    quiz.check_button.click()
    assert quiz.feedback.status == "partial"


@pytest.mark.parametrize("exercise_id", [q for q, spec in QUIZZES.items() if spec["kind"] == "ordering"])
def test_ordering_quizzes(exercise_id):
    quiz = Quiz(exercise_id)
    steps = process(exercise_id.split("order_", 1)[1])["step_id"].tolist()
    for control, step in zip(quiz.controls, steps, strict=True):
        control.value = step
    quiz.check_button.click()
    assert quiz.feedback.status == "correct"
    quiz.controls[-1].value = None
    quiz.check_button.click()
    assert quiz.feedback.status == "malformed"


def test_choices_are_shuffled_deterministically():
    a = [c.options for c in Quiz("concepts.order_philosophy", seed=1).controls]
    b = [c.options for c in Quiz("concepts.order_philosophy", seed=1).controls]
    assert a == b


def test_explorer_shows_both_sides_in_either_language():
    explorer = ComparisonExplorer()
    explorer.dimension.value = "goal"
    assert "relationships" in explorer.view.value and "knowledge" in explorer.view.value
    with ckmkit.language("zh"):
        zh = ComparisonExplorer()
        zh.dimension.value = "company_role"
        assert "共创者" in zh.view.value


def test_quiz_accepts_a_spec_from_another_chapter():
    spec = {"kind": "choice", "prompt": {"en": "Who proposed CRM?", "zh": "谁提出了 CRM？"},
            "options": {"a": "Gartner", "b": "Kotler", "c": "APQC", "d": "Peppers & Rogers"}}
    quiz = Quiz("start.crm_origin", spec=spec)
    quiz.controls[0].value = "a"
    quiz.check_button.click()
    assert quiz.feedback.status == "correct"
