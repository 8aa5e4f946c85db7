"""Chapter-2 exercise checks: right answers pass, wrong and blank answers say so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ckmkit import DataQualityWarning
from ckmkit.exercises import check

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
    assert check("value.top20_share", share + 0.03).status == "partial"
    assert check("value.top20_share", 80.4).status != "correct"  # a percentage, not a share
    assert check("value.top20_share").status == "not_answered"


def test_cdnow_does_not_follow(world_profit):
    assert check("value.cdnow_8020", "no").points == 1
    assert check("value.cdnow_8020", "yes").status == "wrong"


def test_below_zero_ids(world_profit):
    _, profit = world_profit
    ids = set(profit.index[profit < 0])
    assert len(ids) == 168
    assert check("value.below_zero", sorted(ids)).status == "correct"
    assert check("value.below_zero", sorted(ids)[:84]).status == "partial"


def test_classify_key_follows_the_rules():
    from ckmkit.value.exercises import CLASS_TABLE

    key = {"K01": "mvc", "K02": "mvc", "K03": "mvc", "K04": "mgc", "K05": "bzc",
           "K06": "mgc", "K07": "bzc", "K08": "other", "K09": "other", "K10": "other"}
    assert list(CLASS_TABLE.index) == list(key)
    assert check("value.classify", key).status == "correct"
    wrong = {**key, "K09": "mgc"}
    assert check("value.classify", wrong).status == "partial"
    assert check("value.classify", {**key, "K05": "负值客户"}).status == "correct"  # alias


def test_retain_or_acquire():
    assert check("value.retain_or_acquire", 100).status == "correct"
    assert check("value.retain_or_acquire", 600).status == "wrong"


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
    with pytest.warns(DataQualityWarning, match="180 cancelled orders"):
        customer_profitability(world.transactions, world.interactions)
