"""Grading of chapter 3 exercises: right, wrong, partly right and malformed answers."""

from __future__ import annotations

import pandas as pd
import pytest

import ckmkit
from ckmkit.exercises import check
from ckmkit.knowledge import answer_key, resolve_identities
from ckmkit.knowledge.exercises import CODIFICATION_SNIPPETS, METHOD_SCENARIOS, small_records
from ckmkit.knowledge.grading import grade_card_sort, solution, type_aliases


def test_right_answer_full_marks_in_any_spelling():
    assert grade_card_sort(solution()).points == 1.0
    codes = {i: {"about": "A", "for": "F", "from": "R", "co-created": "C"}[k] for i, k in solution().items()}
    assert grade_card_sort(codes).status == "correct"
    as_list = [solution()[i] for i in range(1, 20)]
    assert grade_card_sort(as_list).status == "correct"
    with ckmkit.language("zh"):
        by_name = {row.item: row.key for row in ckmkit.knowledge.card_sort_items().itertuples()}
    assert grade_card_sort(pd.Series(by_name)).status == "correct"


def test_wrong_answer_scores_zero_with_rationale():
    wrong = {i: ("for" if k != "for" else "about") for i, k in solution().items()}
    # keep clear of accepted alternatives so nothing earns partial credit
    for i, entry in answer_key().items():
        if wrong[i] in entry["accept"]:
            wrong[i] = next(t for t in ("for", "about", "from")
                            if t != entry["key"] and t not in entry["accept"])
    fb = grade_card_sort(wrong)
    assert fb.status == "wrong" and fb.points == 0
    assert all(d.status == "wrong" and d.message for d in fb.details)


def test_accepted_alternative_earns_partial_credit_and_explains_why():
    fb = grade_card_sort({**solution(), 17: "co-created"})
    assert fb.status == "partial"
    assert fb.points == pytest.approx(1 - 0.5 / 19)
    detail = next(d for d in fb.details if d.item.startswith("17."))
    assert detail.status == "partial"
    assert "Prahalad" in detail.message and "key follows Gibbert" in detail.message


def test_partially_right_counts_each_item():
    answer = solution()
    answer[1] = "from"  # wrong, no alternative
    answer[4] = "about"  # wrong
    fb = grade_card_sort(answer)
    assert fb.status == "partial"
    assert fb.points == pytest.approx(17 / 19)


def test_feedback_follows_language():
    with ckmkit.language("zh"):
        fb = grade_card_sort({**solution(), 9: "about"})
    detail = next(d for d in fb.details if d.item.startswith("9."))
    assert "评价" in detail.item and "标准答案" in detail.message


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        ({**solution(), 20: "about"}, "not items of this exercise: 20"),
        ({**solution(), 4: "gift"}, "'gift'"),
        (["about"] * 18, "You gave 18 labels, but the card sort has 19 items"),
        ("about", "not a str"),
        (42, "not a int"),
    ],
)
def test_malformed_answers_get_a_clear_message(answer, fragment):
    fb = grade_card_sort(answer)
    assert fb.status == "malformed"
    assert fragment in fb.message


def test_blank_answer_is_not_answered():
    assert grade_card_sort(...).status == "not_answered"
    assert check("knowledge.card_sort", None).status == "not_answered"


def test_card_sort_registered_with_points():
    assert check("knowledge.card_sort", solution()).points == 5
    partial = check("knowledge.card_sort", {**solution(), 3: "from"}).points
    assert partial == pytest.approx(5 * (1 - 0.5 / 19), abs=1e-3)


def test_type_aliases_cover_codes_and_names():
    aliases = type_aliases()
    assert {aliases[c] for c in "AFRC"} == {"about", "for", "from", "co-created"}
    assert aliases["用于客户的知识"] == aliases["客户需要的知识"] == "for"


def test_codification_and_methods():
    right = {k: v[1] for k, v in CODIFICATION_SNIPPETS.items()}
    assert check("knowledge.codification", right).status == "correct"
    assert check("knowledge.codification", {**right, "valve_call": "process"}).status == "partial"
    assert check("knowledge.codification", {**right, "valve_call": "story"}).status == "malformed"
    assert check("knowledge.codification", {**right, "saturday": "culture"}).status == "correct"
    methods = {k: v[1] for k, v in METHOD_SCENARIOS.items()}
    assert check("knowledge.collection_method", methods).status == "correct"
    assert check("knowledge.collection_method", {**methods, "recipe_cards": "问卷"}).status == "partial"
    assert check("knowledge.collection_method", {**methods, "renewal_form": "问卷调查"}).status == "correct"


def test_tool_stage_accepts_chinese_stage_names():
    right = {"search_engine": "生成", "data_mining": "generation", "synthesis": "generation",
             "innovation": "generation", "taxonomy": "编码", "template": "codification",
             "intranet": "转移", "email_groupware": "transfer"}
    assert check("knowledge.tool_stage", right).status == "correct"
    assert check("knowledge.tool_stage", {**right, "intranet": "generation"}).status == "partial"


def test_unique_customers_exercise_matches_reference_dedupe():
    assert resolve_identities(small_records()).nunique() == 4
    assert check("knowledge.unique_customers", 4).status == "correct"
    assert check("knowledge.unique_customers", 6).status == "wrong"
    assert check("knowledge.unique_customers", "four").status == "malformed"


def test_gibbert_focus_choice():
    assert check("knowledge.gibbert_focus", "b").status == "correct"
    assert check("knowledge.gibbert_focus", "a").status == "wrong"
    assert check("knowledge.gibbert_focus", "z").status == "malformed"


def test_gebert_aspects_credit_and_explain_each_pick():
    import ckmkit

    assert check("knowledge.gebert_aspects", {"a", "b", "d", "e"}).status == "correct"
    fb = check("knowledge.gebert_aspects", {"a", "b", "c", "e"})
    assert fb.status == "partial" and 0 < fb.points < fb.max_points
    with ckmkit.language("zh"):
        zh = check("knowledge.gebert_aspects", {"f"})
    assert zh.status == "wrong" and "CRM 流程" in zh.details[0].message


def test_exact_recall_is_the_score_of_exact_matching():
    from ckmkit.knowledge import load_customer_records, pairwise_scores, resolve_identities

    records = load_customer_records()
    recall = pairwise_scores(resolve_identities(records, method="exact"), records["person_id"])["recall"]
    assert 0.3 < recall < 0.5  # exact matching misses most duplicates, as chapter 3 says
    assert check("knowledge.exact_recall", recall).status == "correct"
    assert check("knowledge.exact_recall", recall + 0.02).status == "partial"
    assert check("knowledge.exact_recall", 1.0).status == "wrong"


def test_normalised_people_explains_the_usual_wrong_counts():
    from ckmkit.knowledge import load_customer_records, resolve_identities

    records = load_customer_records()
    found = resolve_identities(records).nunique()
    assert records["person_id"].nunique() < found < resolve_identities(records, method="exact").nunique()
    assert check("knowledge.normalised_people", found).status == "correct"
    fb = check("knowledge.normalised_people", records["person_id"].nunique())
    assert fb.status == "wrong" and "person_id" in fb.message
    import ckmkit

    with ckmkit.language("zh"):
        exact = check("knowledge.normalised_people", resolve_identities(records, method="exact").nunique())
    assert exact.status == "wrong" and "精确匹配" in exact.message
