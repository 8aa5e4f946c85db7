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
    answers = ["customer value", "cost", "convenience", "communication"]
    for control, value in zip(quiz.controls, answers, strict=True):
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


@pytest.mark.parametrize("lang, text", [
    ("en", "Nothing chosen yet. Pick your answer above, then press Check."),
    ("zh", "还没有作答。请先在上面选择答案，再点击“检查”。"),
])
def test_empty_quiz_speaks_about_the_widget_not_a_cell(lang, text):
    with ckmkit.language(lang):
        quiz = Quiz("concepts.four_p_four_c")
        quiz.check_button.click()
    assert quiz.feedback.status == "not_answered" and quiz.feedback.message == text
    assert "..." not in quiz.result.value and "run the cell" not in quiz.result.value


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ordering_quiz_names_empty_slots_by_their_own_numbers(lang):
    with ckmkit.language(lang):
        quiz = Quiz("concepts.order_customer_knowledge")
        quiz.controls[0].value = "collect"
        quiz.controls[2].value = "apply"
        quiz.check_button.click()
    fb = quiz.feedback
    assert fb.status == "malformed"
    assert fb.message == {"en": "2 slots are still empty (slots 2, 4): choose a step for every slot.",
                          "zh": "还有 2 个位置空着（第 2、4 个）：请为每个位置选一个步骤。"}[lang]
    assert [d.item for d in fb.details] == (["1. Collect", "2.", "3. Apply", "4."] if lang == "en"
                                            else ["1. 收集", "2.", "3. 运用", "4."])
    assert [d.status for d in fb.details] == ["", "not_answered", "", "not_answered"]


def test_ordering_quiz_one_empty_slot_and_a_repeat_in_local_labels():
    with ckmkit.language("zh"):
        quiz = Quiz("concepts.order_customer_knowledge")
        for control, step in zip(quiz.controls, ["apply", "organise", "apply"], strict=False):
            control.value = step
        quiz.check_button.click()
    assert quiz.feedback.message == ("还有 1 个位置空着（第 4 个）：请为每个位置选一个步骤。"
                                     "“运用”同时选在了第 1、3 个位置；每个步骤只能放在一个位置。")
    with ckmkit.language("en"):
        quiz.controls[3].value = "collect"
        quiz.check_button.click()
    assert quiz.feedback.message == "“Apply” is chosen in slots 1, 3; each step belongs in exactly one slot."
