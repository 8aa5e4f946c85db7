"""Both chapter 0 and chapter 1 banks accept the spellings their prompts invite, the same ones."""

from __future__ import annotations

import pytest

import ckmkit
from ckmkit.concepts.answers import canonical, steps
from ckmkit.exercises import check
from ckmkit.exercises.reading import fold_spelling

FOUR_C_ZH = {"产品": "客户价值", "价格": "客户成本", "渠道": "便利", "促销": "沟通"}
FOUR_C_VARIANTS = {"product": "Customer value", "price": "customer cost", "Place": "convenience",
                   "promotion": "communication"}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("bank", ["start", "concepts"])
@pytest.mark.parametrize("answer", [FOUR_C_ZH, FOUR_C_VARIANTS])
def test_four_p_four_c_accepts_chinese_keys_and_table_terms_in_both_banks(bank, answer, lang):
    with ckmkit.language(lang):
        fb = check(f"{bank}.four_p_four_c", answer)
    assert (fb.status, fb.points) == ("correct", 2.0)


@pytest.mark.parametrize("bank_id", ["start.km_history", "concepts.order_km_history"])
@pytest.mark.parametrize("answer", [
    ["数据收集", "信息挖掘", "知识发现"],
    ["data_collection", "information_mining", "knowledge_discovery"],
    ["Data collection", "information-mining", "KNOWLEDGE DISCOVERY"],
])
def test_km_history_accepts_the_same_spellings_in_both_banks(bank_id, answer):
    assert check(bank_id, answer).status == "correct"


def test_km_history_wrong_order_still_partial_after_normalising():
    fb = check("start.km_history", ["信息挖掘", "data_collection", "knowledge discovery"])
    assert (fb.status, round(fb.points, 4)) == ("partial", round(2 * 2 / 3, 4))


def test_knowledge_types_accept_the_full_chinese_names():
    fb = check("start.knowledge_types", {"name": "关于客户的知识", "product manual": "用于客户的知识",
                                         "opinions": "来自客户的知识", "dialogue": "与客户共同创造的知识",
                                         "satisfaction": "来自客户的知识"})
    assert (fb.status, fb.points) == ("correct", 3.0)
    assert check("start.knowledge_types", {"dialogue": "Co_Created"}).details[3].status == "correct"


def test_crm_or_ckm_accepts_the_question_wording_both():
    answer = {"captive": "crm", "cocreator": "ckm", "relationship": "crm", "innovation": "ckm",
              "km_base": "两者都是"}
    assert check("concepts.crm_or_ckm", answer).status == "correct"
    assert check("concepts.crm_or_ckm", {**answer, "km_base": "Both"}).status == "correct"


def test_us_spelling_and_unsatisfied_are_accepted():
    assert check("concepts.order_customer_knowledge",
                 ["collect", "organize", "disseminate", "apply"]).status == "correct"
    fb = check("concepts.delight", {"late": "unsatisfied", "on_time": "满意", "calibrate": "Delighted",
                                    "promised_gift": "satisfied"})
    assert fb.status == "correct"


def test_unknown_spellings_still_reported_not_swallowed():
    fb = check("concepts.crm_or_ckm", {"captive": "maybe"})
    assert fb.status == "malformed" and "maybe" in fb.message


def test_fold_and_canonical():
    assert fold_spelling("Customer_Value-Orientation") == "customer value orientation"
    assert canonical(["organize", 3, ["x"]], steps("customer_knowledge")) == ["organise", 3, ["x"]]
    assert canonical({"sales", "市场观念"}, steps("philosophy")) == {"sales", "market"}


@pytest.mark.parametrize("lang, why", [("en", "S4's table puts this on the CRM side."),
                                       ("zh", "S4 的比较表把它列在 CRM 一侧。")])
def test_crm_or_ckm_feedback_states_each_statement_once(lang, why):
    with ckmkit.language(lang):
        fb = check("concepts.crm_or_ckm", {"captive": "crm"})
    row = fb.details[0]
    assert row.message == why
    assert row.item == {"en": "The customer is tied in, e.g. by a loyalty scheme.",
                        "zh": "客户被“锁定”，例如靠忠诚计划。"}[lang]
