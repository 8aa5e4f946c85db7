"""Every column and row label chapter 5 shows has a Chinese name (as the chapter computes them)."""

from __future__ import annotations

import pandas as pd

from ckmkit.datasets import make_crm_world
from ckmkit.engagement import course
from ckmkit.tables import _names, readable


def test_the_chapters_tables_are_named_in_chinese():
    world = make_crm_world(200, seed=3)
    cev = course.engagement_value(world, runs=20)
    columns = [*course.COMPONENTS, "engagement_value"]
    totals = pd.DataFrame({"total": cev[columns].sum(),
                           "share": cev[columns].sum() / cev["engagement_value"].sum(),
                           "customers_nonzero": (cev[columns] != 0).sum()})
    ideas = world.feedback.groupby("knowledge_type").agg(records=("feedback_id", "size"),
                                                         adopted=("adopted", "size"), value=("value", "sum"))
    ideas["counts_in_ckv"] = ideas.index.isin(course.IDEA_TYPES)
    shift = course.ranking_shift(cev).join(cev[["referral_value", "influence_value", "knowledge_value"]])
    names = _names("zh")
    for table in (cev, totals, ideas, shift):
        assert set(map(str, table.columns)) <= set(names), set(map(str, table.columns)) - set(names)
    shown = readable(totals, lang="zh")
    assert shown.index.tolist()[-1] == "客户参与价值（engagement_value）"
    assert "客户推荐价值（referral_value）" in readable(cev, lang="zh").columns
