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
