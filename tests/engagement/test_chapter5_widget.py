"""The chapter-5 engagement explorer follows every slider, keeps what it simulated, speaks both languages."""

from __future__ import annotations

import pytest

from ckmkit.datasets import make_crm_world
from ckmkit.engagement import course
from ckmkit.widgets.engagement import engagement_explorer


@pytest.fixture(scope="module")
def world():
    return make_crm_world(300, seed=1)


@pytest.fixture(scope="module")
def table(world):
    return course.engagement_value(world, runs=50)


def _shown_total(explorer, component: str) -> str:
    return f"{explorer.result[component].sum():,.0f}"


def test_every_slider_changes_what_the_explorer_shows(world, table):
    explorer = engagement_explorer(world, show_plot=False, runs=50, table=table)
    fb = world.feedback[world.feedback["adopted"] == "yes"]
    adopted = (fb["knowledge_type"] == "from").sum() + 0.5 * (fb["knowledge_type"] == "co-created").sum()
    referrals = world.referrals.drop_duplicates(["referrer_id", "referred_id"])
    assert explorer.moved == 0 and explorer.refreshes == 1
    assert explorer.result["clv"].equals(table["clv"])  # the chapter's table, not computed again

    before = explorer.result["referral_value"].sum()
    explorer.controls["referral_reward"].value = 100.0
    assert explorer.result["referral_value"].sum() == pytest.approx(before - 40.0 * len(referrals))

    explorer.controls["incremental_share"].value = 1.0
    brought = table["clv"].reindex(referrals["referred_id"]).sum()
    assert explorer.result["referral_value"].sum() == pytest.approx(brought - 100.0 * len(referrals))
    assert explorer.moved > 0  # advocates appear once every referred customer counts

    explorer.controls["idea_value"].value = 1000.0
    assert explorer.result["knowledge_value"].sum() == pytest.approx(1000.0 * adopted)

    civ = explorer.result["influence_value"].sum()
    explorer.controls["influence_probability"].value = 0.05
    assert explorer.result["influence_value"].sum() > civ

    clv = explorer.result["clv"].clip(lower=0).sum()
    explorer.controls["discount_rate"].value = 0.3
    assert explorer.result["clv"].clip(lower=0).sum() < clv
    assert explorer.refreshes == 6
    for component in course.COMPONENTS:
        assert _shown_total(explorer, component) in explorer.summary.value
    top = explorer.shift.index[0]
    assert f"<td>{top}</td>" in explorer.summary.value


def test_results_are_kept_and_the_language_switch_relabels(world, table, monkeypatch):
    import ckmkit.widgets.engagement as module

    explorer = engagement_explorer(world, show_plot=False, runs=50, table=table)
    simulated = []
    real = module.engagement_value
    monkeypatch.setattr(module, "engagement_value", lambda *a, **k: simulated.append(k) or real(*a, **k))
    explorer.controls["influence_probability"].value = 0.05
    explorer.controls["influence_probability"].value = 0.03  # the chapter's: kept from the table
    explorer.controls["influence_probability"].value = 0.05  # kept from the first move
    assert len(simulated) == 1
    assert "Undervalued by CLV alone" in explorer.summary.value
    explorer.language.value = "zh"
    assert "只看 CLV 时被低估的客户" in explorer.summary.value and "Undervalued" not in explorer.summary.value
    assert explorer.controls["idea_value"].description == "一条被采纳创意的价值（元）"
    assert len(simulated) == 1


def test_customer_ids_from_a_users_data_are_escaped(world, table):
    explorer = engagement_explorer(world, show_plot=False, runs=50, table=table)
    named = explorer.result.rename(index={explorer.shift.index[0]: "<i>x</i>"})
    explorer.result, explorer.shift = named, course.ranking_shift(named)
    explorer.baseline = explorer.quadrants = explorer.baseline.set_axis(named.index)
    shown = explorer._html()
    assert "<i>x</i>" not in shown and "&lt;i&gt;x&lt;/i&gt;" in shown


def test_chinese_labels_draw_without_missing_glyphs(world, table):
    import warnings

    explorer = engagement_explorer(world, runs=50, table=table)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a UserWarning
        explorer.language.value = "zh"
    assert explorer.figure.axes[0].get_xlabel() == "元"
    assert explorer.figure.axes[0].get_yticklabels()[-1].get_text() == "CLV：自身购买"
