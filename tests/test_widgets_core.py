"""The first chapter's widgets respond to their controls, in both languages."""

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

import ckmkit  # noqa: E402
from ckmkit.datasets import make_crm_world  # noqa: E402
from ckmkit.widgets import language_picker, world_explorer  # noqa: E402


@pytest.fixture(autouse=True)
def english():
    ckmkit.set_language("en")
    yield
    ckmkit.set_language("en")


@pytest.fixture(scope="module")
def world():
    return make_crm_world(150, seed=3)


def test_picker_offers_both_languages_by_their_own_names():
    picker = language_picker()
    assert picker.options == (("English", "en"), ("简体中文", "zh"))


def test_explorer_redraws_when_the_grouping_changes(world):
    explorer = world_explorer(world)
    assert list(explorer.result["region"]) == list(world.revenue_by("region")["region"])
    explorer.group_by.value = "segment"
    assert set(explorer.result["segment"]) == {"consumer", "business"}
    explorer.monthly.value = True
    assert list(explorer.result.columns) == sorted(world.customers["segment"].unique())
    assert explorer.result.to_numpy().sum() == pytest.approx(world.revenue_by("segment")["revenue"].sum())


def test_explorer_relabels_its_controls_and_keeps_the_choice(world):
    explorer = world_explorer(world)
    explorer.group_by.value = "channel"
    explorer.language.value = "zh"
    assert explorer.group_by.description == "分组依据"
    assert explorer.monthly.description == "按月"
    assert dict(explorer.group_by.options)["渠道"] == "channel"
    assert explorer.group_by.value == "channel"
    assert ckmkit.get_language() == "zh"
