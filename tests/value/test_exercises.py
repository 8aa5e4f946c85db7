"""Chapter-2 exercise checks: right answers pass, wrong and blank answers say so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ckmkit import DataQualityWarning
from ckmkit.exercises import check
from ckmkit.value.exercises import crm_profitability

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def world_profit():
    from ckmkit.datasets import load_crm_world

    world = load_crm_world()
    tx = world.transactions[world.transactions["status"] != "cancelled"]
    per = tx.groupby("customer_id")[["amount", "margin"]].sum()
    cost = world.interactions.groupby("customer_id")["cost"].sum()
    ids = world.customers["customer_id"]
    margin = per["margin"].reindex(ids).fillna(0.0)
    profit = margin - cost.reindex(ids).fillna(0.0).to_numpy()
    return per["amount"].reindex(ids).fillna(0.0), profit


def test_top20_share_key_computed_independently(world_profit):
    revenue, _ = world_profit
    ranked = revenue.sort_values(ascending=False)
    share = ranked.iloc[:400].sum() / ranked.sum()
    assert check("value.top20_share", share).status == "correct"
    assert check("value.top20_share", round(share, 3)).status == "correct"
    assert check("value.top20_share", share + 0.008).status == "partial"
    assert check("value.top20_share", share + 0.03).status == "wrong"
    guess = check("value.top20_share", 0.8)  # the rule of thumb, 0.017 below the share
    assert guess.points == 0 and "rule of thumb" in guess.message
    assert check("value.top20_share", 81.7).status == "malformed"  # a percentage, not a share
    assert check("value.top20_share").status == "not_answered"


def test_cdnow_does_not_follow(world_profit):
    assert check("value.cdnow_8020", "no").points == 1
    assert check("value.cdnow_8020", "yes").status == "wrong"
    for answer in ("否", "不符合", False, " No "):  # the prompt's Chinese gloss, a bool, spacing
        assert check("value.cdnow_8020", answer).status == "correct", answer
    assert check("value.cdnow_8020", "是").status == "wrong"


def test_below_zero_ids(world_profit):
    _, profit = world_profit
    ids = set(profit.index[profit < 0])
    assert len(ids) == 192
    assert check("value.below_zero", sorted(ids)).status == "correct"
    assert check("value.below_zero", sorted(ids)[:96]).status == "partial"


def test_below_zero_reads_what_pandas_hands_back():
    table = crm_profitability()
    losing = table[table["profit"] < 0]
    for answer in (losing, losing["profit"], table["profit"] < 0, losing.index,
                   [i.lower() for i in losing.index]):
        assert check("value.below_zero", answer).status == "correct", type(answer)
    numbers = check("value.below_zero", list(range(1, 169)))
    assert numbers.status == "malformed" and "customer ids" in numbers.message
    assert check("value.below_zero", []).status == "not_answered"
    extra = check("value.below_zero", [*losing.index, "C99999"])
    assert "1 should not be there (C99999)" in extra.message and "missing" not in extra.message


def test_classify_key_follows_the_rules():
    from ckmkit.value.exercises import CLASS_TABLE

    key = {"K01": "mvc", "K02": "mvc", "K03": "mvc", "K04": "mgc", "K05": "bzc",
           "K06": "mgc", "K07": "bzc", "K08": "other", "K09": "other", "K10": "other"}
    assert list(CLASS_TABLE.index) == list(key)
    assert check("value.classify", key).status == "correct"
    wrong = {**key, "K09": "mgc"}
    assert check("value.classify", wrong).status == "partial"
    assert check("value.classify", {**key, "K05": "负值客户"}).status == "correct"  # alias
    for label in ("Other", "其他客户", "maintain", "Below zero (BZC)", "最有增长潜力客户（MGC）"):
        assert check("value.classify", {**key, "K09": label}).status != "malformed", label
    extra = check("value.classify", {**key, "K11": "mvc"})
    assert extra.status == "malformed" and "K11" in extra.message  # named, so it can be removed


def test_classify_feedback_gives_each_customers_numbers_not_its_class():
    from ckmkit.value.exercises import CLASS_TABLE

    fb = check("value.classify", {"K05": "other"})
    k05 = next(d for d in fb.details if d.item == "K05")
    assert k05.status == "wrong"
    assert "-150" in k05.message and "-125" in k05.message and "91%" in k05.message
    assert not any(code in k05.message.lower() for code in ("bzc", "mvc", "mgc", "other"))
    assert len(fb.details) == len(CLASS_TABLE)


def test_retain_or_acquire():
    assert check("value.retain_or_acquire", 100).status == "correct"
    assert check("value.retain_or_acquire", 600).status == "wrong"
    assert "six times" in check("value.retain_or_acquire", 600).message  # forgot the 6×


@pytest.mark.parametrize("folder", ["notebooks", "exercises"])
def test_chapter_notebooks_share_code_and_check_every_exercise(folder):
    def code(lang):
        nb = json.loads((ROOT / folder / lang / "02-customer-value.ipynb").read_text("utf-8"))
        return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]

    en, zh = code("en"), code("zh")
    assert en == zh
    assert en[0].startswith("import ckmkit")
    joined = "\n".join(en)
    for exercise_id in ("top20_share", "cdnow_8020", "below_zero", "classify", "retain_or_acquire"):
        assert f'check("value.{exercise_id}"' in joined


def test_profitability_report_is_raised_where_expected():
    from ckmkit.datasets import load_crm_world
    from ckmkit.value import customer_profitability

    world = load_crm_world()
    with pytest.warns(DataQualityWarning, match="221 cancelled orders"):
        customer_profitability(world.transactions, world.interactions)
