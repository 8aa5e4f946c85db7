"""The generic graders: full, partial and zero credit; blanks; malformed answers."""

import math

import numpy as np
import pandas as pd
import pytest

import ckmkit
from ckmkit.exercises import (
    CORRECT,
    MALFORMED,
    NOT_ANSWERED,
    PARTIAL,
    WRONG,
    choice,
    classification,
    matching,
    numeric,
    ordering,
    set_equal,
)
from ckmkit.exercises.sequence import lcs_length

KEY = {"name": "A", "manual": "F", "opinions": "R", "dialogue": "C"}
ACCEPT = {"dialogue": ["R"]}
WHY = {"dialogue": {"en": "Joint production of knowledge.", "zh": "共同产生知识。"}}


def classify(answer, **kw):
    return classification(answer, KEY, labels="AFRC", accept=ACCEPT, rationale=WHY,
                          points=4, **kw)


# --- classification -------------------------------------------------------

def test_classification_full_credit_ignores_case_and_spaces():
    fb = classify({"Name": " a", "manual": "F", "opinions": "r", "dialogue": "C"})
    assert (fb.status, fb.points, fb.max_points) == (CORRECT, 4.0, 4.0)


def test_accepted_alternative_earns_half_an_item_with_the_rationale():
    fb = classify({"name": "A", "manual": "F", "opinions": "R", "dialogue": "R"})
    assert (fb.status, fb.points) == (PARTIAL, 3.5)
    dialogue = [d for d in fb.details if d.item == "dialogue"][0]
    assert dialogue.status == PARTIAL
    assert "Joint production" in dialogue.message


def test_wrong_labels_score_zero_and_do_not_reveal_the_key():
    fb = classify({"name": "F", "manual": "A", "opinions": "C", "dialogue": "A"})
    assert (fb.status, fb.points) == (WRONG, 0.0)
    assert [d.given for d in fb.details] == ["F", "A", "C", "A"]
    dialogue = fb.details[3]
    assert dialogue.message == "Think again."  # the rationale would name the answer
    assert "Joint production" not in str(fb.to_dict())
    assert "'C'" not in str(fb) and "expected" not in str(fb).lower()


def test_a_wrong_item_gets_its_hint_and_a_right_one_its_rationale():
    key = {"name": "A", "dialogue": "C"}
    fb = classification({"name": "A", "dialogue": "A"}, key, labels="AFRC",
                        rationale={"name": "Profile data.", "dialogue": "Joint production."},
                        hints={"dialogue": "Who produces it?"})
    messages = {d.item: d.message for d in fb.details}
    assert messages == {"name": "Profile data.", "dialogue": "Think again: Who produces it?"}


def test_missing_items_count_as_wrong_not_as_an_error():
    fb = classify({"name": "A"})
    assert (fb.status, fb.points) == (PARTIAL, 1.0)
    assert sum(d.message == "Not answered yet." for d in fb.details) == 3


def test_unknown_item_and_label_are_explained_and_the_rest_still_counts():
    fb = classify({"nmae": "A", "manual": "X", "opinions": "R", "dialogue": "C"})
    assert fb.status == MALFORMED
    assert fb.points == 2.0  # opinions + dialogue
    assert "nmae" in fb.message and "'X'" in fb.message and "A, F, R, C" in fb.message


@pytest.mark.parametrize("answer", [["A", "F"], "AFRC", 3, {"A", "F"}])
def test_classification_wrong_type_is_malformed(answer):
    fb = classify(answer)
    assert (fb.status, fb.points) == (MALFORMED, 0.0)
    assert "dict" in fb.message


@pytest.mark.parametrize("blank", [..., None, {}])
def test_classification_blank_is_not_answered(blank):
    assert classify(blank).status == NOT_ANSWERED


def test_classification_accepts_a_series_and_aliases():
    answer = pd.Series({"name": "about", "manual": "for", "opinions": "from",
                        "dialogue": "co-created"})
    fb = classify(answer, aliases={"about": "A", "for": "F", "from": "R", "co-created": "C"})
    assert fb.status == CORRECT


def test_classification_messages_follow_the_language():
    with ckmkit.language("zh"):
        fb = classify({"name": "A", "manual": "F", "opinions": "R", "dialogue": "R"})
        assert "共同产生知识" in str(fb)
        assert "部分正确" in str(fb)


# --- matching ---------------------------------------------------------------

def test_matching_credit_per_pair_and_repeated_partner_flag():
    key = {"product": "customer value", "price": "cost", "place": "convenience"}
    fb = matching({"product": "cost", "price": "cost", "place": "convenience"}, key, points=3)
    assert (fb.status, fb.points) == (PARTIAL, 2.0)
    assert "'cost' more than once" in fb.message


def test_matching_accepts_list_of_pairs_and_rejects_unknown_partner():
    key = {"product": "customer value", "price": "cost"}
    assert matching([("product", "customer value"), ("price", "cost")], key).status == CORRECT
    fb = matching({"product": "value", "price": "cost"}, key)
    assert fb.status == MALFORMED and fb.points == 0.5


# --- ordering ---------------------------------------------------------------

STEPS = ["collect", "organise", "disseminate", "apply"]


def test_ordering_lcs_credit_for_one_misplaced_step():
    # moving "apply" to the front leaves 3 steps in relative order: 3/4,
    # where counting positions would give 0/4.
    fb = ordering(["apply", "collect", "organise", "disseminate"], STEPS, points=4)
    assert (fb.status, fb.points) == (PARTIAL, 3.0)


def test_ordering_reversed_scores_zero():
    fb = ordering(list(reversed(STEPS)), STEPS)
    assert (fb.status, fb.points) == (WRONG, 0.0)


def test_ordering_exact_tuple_or_array_is_correct():
    assert ordering(tuple(STEPS), STEPS).status == CORRECT
    assert ordering(np.array(STEPS), STEPS).status == CORRECT


@pytest.mark.parametrize(("answer", "fragment"), [
    (["collect", "organise", "apply"], "has 3 entries"),
    (["collect", "collect", "organise", "apply"], "repeated: collect"),
    (["collect", "organize", "disseminate", "apply"], "organize"),
    ("collect, organise", "list in order"),
    ({"collect", "apply"}, "list in order"),
])
def test_ordering_malformed_answers_explain_themselves(answer, fragment):
    fb = ordering(answer, STEPS)
    assert fb.status == MALFORMED
    assert fragment in fb.message


def test_lcs_length_known_values():
    assert lcs_length([], [1]) == 0
    assert lcs_length([1, 3, 2, 4], [1, 2, 3, 4]) == 3
    assert lcs_length(list("ABCBDAB"), list("BDCABA")) == 4


# --- choice -----------------------------------------------------------------

OPTS = {"a": "one", "b": "two", "c": "three", "d": "four"}


def test_single_choice_right_wrong_unknown_and_too_many():
    assert choice("A", "a", options=OPTS).status == CORRECT
    assert choice("b", "a", options=OPTS).status == WRONG
    assert choice("z", "a", options=OPTS).status == MALFORMED
    assert choice(["a", "b"], "a", options=OPTS).status == MALFORMED


def test_multiple_choice_penalises_wrong_picks_but_never_below_zero():
    right = {"a", "b"}
    assert choice({"a", "b"}, right, options=OPTS, points=2).points == 2.0
    assert choice(["a"], right, options=OPTS, points=2).points == 1.0
    assert choice({"a", "c"}, right, options=OPTS, points=2).points == 0.0
    assert choice(set(OPTS), right, options=OPTS, points=2).points == 0.0
    assert choice(set(OPTS), right, options=OPTS).status == WRONG


def test_choice_explains_each_pick():
    fb = choice("b", "a", options=OPTS, explain={"b": "Two is too many."})
    assert fb.details[0].message == "Two is too many."


# --- numeric ----------------------------------------------------------------

def test_numeric_tolerance_partial_and_direction_hints():
    assert numeric(0.674, 0.6740155, abs_tol=0.005).status == CORRECT
    assert numeric(np.float64(0.674), 0.674).status == CORRECT
    assert numeric(np.array(0.674), 0.674).status == CORRECT
    close = numeric(0.69, 0.674, abs_tol=0.005, partial_tol=0.03, points=2)
    assert (close.status, close.points) == (PARTIAL, 1.0)
    assert "too high" in numeric(0.9, 0.674, abs_tol=0.005).message
    assert "too low" in numeric(0.1, 0.674, abs_tol=0.005).message
    assert "percentage" in numeric(67.4, 0.674, abs_tol=0.005).message


@pytest.mark.parametrize(("answer", "fragment"), [
    ("0.67", "without quotes"),
    ([0.67], "single number"),
    (True, "single number"),
    (math.nan, "NaN"),
])
def test_numeric_malformed(answer, fragment):
    fb = numeric(answer, 0.674)
    assert fb.status == MALFORMED and fragment in fb.message


# --- sets -------------------------------------------------------------------

def test_set_equal_jaccard_credit_and_kind_messages():
    expected = {"C1", "C2", "C3"}
    assert set_equal(["C3", "C1", "C2"], expected).status == CORRECT
    fb = set_equal(pd.Series(["C1", "C2", "C9"]), expected, points=2)
    assert (fb.status, fb.points) == (PARTIAL, 1.0)  # 2 / |{C1,C2,C3,C9}|
    assert "C9" in fb.message and "C3" not in fb.message  # missing ids stay hidden
    assert set_equal(["C7"], expected).status == WRONG


@pytest.mark.parametrize("answer", ["C1", 5, [["C1"]]])
def test_set_equal_malformed(answer):
    assert set_equal(answer, {"C1"}).status == MALFORMED


def test_every_grader_reports_blank_as_not_answered():
    blanks = [
        classification(..., KEY), matching(..., KEY), ordering(..., STEPS),
        choice(..., "a", options=OPTS), numeric(..., 1.0), set_equal(..., {"x"}),
    ]
    assert {fb.status for fb in blanks} == {NOT_ANSWERED}
    assert all("Not answered yet" in fb.message for fb in blanks)


def test_items_may_be_named_as_students_see_them_in_either_language():
    key = {"search_engine": "find", "data_mining": "create"}
    names = {"search_engine": {"en": "Search engine", "zh": "搜索引擎"},
             "data_mining": {"en": "Data mining", "zh": "数据挖掘"}}
    fb = classification({"搜索引擎": "find", "Data mining": "create"}, key, items=names)
    assert fb.status == CORRECT


def test_a_count_a_hundred_times_too_big_is_not_called_a_percentage():
    assert numeric(300, 3).status == WRONG  # 3 customers: 300 is not "3 as a percentage"
    assert "percentage" not in numeric(300, 3).message
    assert numeric(80.4, 0.804, abs_tol=0.001).status == MALFORMED  # a share given as a percentage


def test_ordering_marks_the_steps_that_count_not_the_positions():
    key = ["a", "b", "c", "d", "e"]
    fb = ordering(["b", "c", "d", "e", "a"], key)  # one step moved: four keep their order
    assert fb.points == pytest.approx(0.8)
    assert [d.status for d in fb.details] == [CORRECT] * 4 + [WRONG]


def test_unknown_items_are_listed_by_their_ids():
    fb = classification({"nmae": "A"}, {"name": "A", "dialogue": "C"}, labels="AC",
                        items={"name": "Customer name", "dialogue": "Customer dialogue"})
    assert "name, dialogue" in fb.message and "Customer name" not in fb.message


def test_a_dict_for_a_multiple_answer_question_is_a_format_problem_not_a_blank():
    fb = choice({"a": 1}, {"a", "c"}, options={"a": "x", "b": "y", "c": "z"})
    assert fb.status == MALFORMED and "list or set" in fb.message
