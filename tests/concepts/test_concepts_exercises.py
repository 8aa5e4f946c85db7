"""Chapter 1 exercises: matching, ordering, classification and choice."""

from __future__ import annotations

import pytest

import ckmkit
from ckmkit.concepts import process
from ckmkit.concepts.exercises import CRM_OR_CKM, DELIGHT_CASES, ORDERINGS, QUIZZES, quiz_spec
from ckmkit.exercises import check

RIGHT_4C = {"product": "customer value", "price": "cost", "place": "convenience",
            "promotion": "communication"}


def test_four_p_four_c_right_partial_wrong_malformed():
    assert check("concepts.four_p_four_c", RIGHT_4C).status == "correct"
    zh = {"product": "客户价值", "price": "成本", "place": "便利", "promotion": "沟通"}
    assert check("concepts.four_p_four_c", zh).status == "correct"
    swapped = {**RIGHT_4C, "place": "communication", "promotion": "convenience"}
    fb = check("concepts.four_p_four_c", swapped)
    assert fb.status == "partial" and fb.points == pytest.approx(1.0)
    wrong = {"product": "cost", "price": "convenience", "place": "communication",
             "promotion": "customer value"}
    assert check("concepts.four_p_four_c", wrong).status == "wrong"
    assert check("concepts.four_p_four_c", {**RIGHT_4C, "people": "cost"}).status == "malformed"
    assert check("concepts.four_p_four_c", {**RIGHT_4C, "price": "profit"}).status == "malformed"
    assert check("concepts.four_p_four_c", ["cost"]).status == "malformed"


@pytest.mark.parametrize(("name", "proc"), ORDERINGS.items())
def test_orderings(name, proc):
    steps = process(proc)["step_id"].tolist()
    assert check(f"concepts.{name}", steps).status == "correct"
    assert check(f"concepts.{name}", steps[::-1]).status == "wrong"
    moved = steps[1:] + steps[:1]
    assert check(f"concepts.{name}", moved).status == "partial"
    short = check(f"concepts.{name}", steps[:-1])
    assert short.status == "malformed" and "needs all" in short.message
    assert check(f"concepts.{name}", steps[:-1] + ["brainstorm"]).status == "malformed"


def test_value_chain_order():
    key = ["portfolio_analysis", "customer_intimacy", "network_development", "value_proposition", "lifecycle"]
    assert check("concepts.order_value_chain", key).status == "correct"
    assert check("concepts.order_value_chain", key[::-1]).status == "wrong"


def test_crm_or_ckm_and_delight():
    right = {k: v[1] for k, v in CRM_OR_CKM.items()}
    assert check("concepts.crm_or_ckm", right).status == "correct"
    assert check("concepts.crm_or_ckm", {**right, "km_base": "crm"}).status == "partial"
    assert check("concepts.crm_or_ckm", {**right, "km_base": "neither"}).status == "malformed"
    cases = {k: v[1] for k, v in DELIGHT_CASES.items()}
    assert check("concepts.delight", cases).status == "correct"
    with ckmkit.language("zh"):
        fb = check("concepts.delight", {**cases, "promised_gift": "愉悦"})
    assert fb.status == "partial" and "分" in str(fb)


def test_customer_role_choice():
    assert check("concepts.customer_role", "b").status == "correct"
    assert check("concepts.customer_role", "a").status == "wrong"
    assert check("concepts.customer_role", ["a", "b"]).status == "malformed"


def test_every_quiz_spec_resolves_and_its_solution_passes():
    for exercise_id in QUIZZES:
        spec = quiz_spec(exercise_id)
        assert spec["kind"] in {"choice", "matching", "ordering"}
        assert set(spec["prompt"]) == {"en", "zh"}
    with pytest.raises(KeyError, match="available"):
        quiz_spec("concepts.nope")


PLACEMENTS = {
    "concepts.crm_types": {"quote_tool": "operational", "churn_model": "analytical",
                           "shared_history": "collaborative", "campaign_mail": "operational",
                           "segment_report": "analytical", "partner_portal": "collaborative"},
    "concepts.value_chain_activities": {"rank_by_value": "portfolio_analysis",
                                        "visit_notes": "customer_intimacy",
                                        "roaster_partner": "network_development",
                                        "service_bundle": "value_proposition", "win_back": "lifecycle"},
    "concepts.ckm_styles": {"blend_vote": "prosumerism", "office_workshop": "team_co_learning",
                            "cold_brew_kit": "mutual_innovation", "repair_forum": "communities_of_creation",
                            "shared_patent": "joint_ip"},
}


@pytest.mark.parametrize("ex_id", PLACEMENTS)
def test_placements_give_partial_credit_and_hints_that_name_no_label(ex_id):
    import ckmkit

    key = PLACEMENTS[ex_id]
    assert check(ex_id, key).status == "correct"
    first, second = list(key)[:2]
    swapped = {**key, first: key[second], second: key[first]}
    if key[first] == key[second]:  # two items on one label: move one to a third label instead
        other = next(v for v in key.values() if v != key[first])
        swapped = {**key, first: other}
    for lang in ("en", "zh"):
        with ckmkit.language(lang):
            fb = check(ex_id, swapped)
        assert fb.status == "partial" and 0 < fb.points < fb.max_points
        wrong = [d for d in fb.details if d.status == "wrong"]
        assert wrong and all(d.message != "" for d in wrong)
        assert all(key[first] not in d.message and key[second] not in d.message for d in wrong)


def test_placements_accept_the_names_students_read_in_either_language():
    assert check("concepts.crm_types", {**PLACEMENTS["concepts.crm_types"], "partner_portal": "协作型 CRM",
                                        "churn_model": "Analytical CRM"}).status == "correct"
    assert check("concepts.ckm_styles", {**PLACEMENTS["concepts.ckm_styles"], "blend_vote": "产消合一",
                                         "shared_patent": "Joint intellectual property"}).status == "correct"
    assert check("concepts.value_chain_activities",
                 {**PLACEMENTS["concepts.value_chain_activities"],
                  "win_back": "客户生命周期管理"}).status == "correct"


def test_crm_origin_scores_the_disputed_summary_not_a_single_claim():
    assert check("start.crm_origin", "a").status == "correct"
    fb = check("start.crm_origin", "d")
    assert fb.status == "wrong" and "1997" in fb.details[0].message and "1999" in fb.details[0].message
