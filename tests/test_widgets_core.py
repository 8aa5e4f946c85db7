"""The first chapter's widgets respond to their controls, in both languages."""

import pytest

import ckmkit
from ckmkit.datasets import make_crm_world
from ckmkit.widgets import language_picker, world_explorer


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


def test_switching_language_in_one_widget_switches_every_widget(world):
    first, second = world_explorer(world), world_explorer(world)
    second.group_by.value = "channel"
    first.language.value = "zh"
    assert second.language.value == "zh" and ckmkit.get_language() == "zh"
    assert second.group_by.description == "分组依据" and second.group_by.value == "channel"
    assert second.group_by.label == "渠道"
    second.language.value = "en"
    assert first.group_by.description == "Group by"


def test_relabelling_keeps_the_choice_and_sends_one_update(world):
    explorer = world_explorer(world)
    explorer.group_by.value = "segment"
    sent = []
    explorer.group_by.comm.send = lambda data=None, **kw: sent.append(data)
    explorer.language.value = "zh"
    assert explorer.group_by.value == "segment"
    states = [d["state"] for d in sent if d and d.get("method") == "update"]
    assert states and all(s.get("index", 2) == 2 for s in states)  # never a detour to option 0


def test_rerunning_a_cell_retires_the_widgets_of_its_earlier_run(world, monkeypatch):
    from ckmkit.widgets import language

    runs = iter([("cell-a", "run-1"), ("cell-a", "run-1"), ("cell-b", "run-2"),
                 ("cell-a", "run-3")])
    monkeypatch.setattr(language, "_cell_run", lambda: next(runs))
    first, twin = world_explorer(world), world_explorer(world)  # one run may show two
    other_cell, rerun = world_explorer(world), world_explorer(world)
    assert first.language.comm is None and twin.language.comm is None
    assert other_cell.language.comm is not None and rerun.language.comm is not None
    rerun.language.value = "zh"
    assert other_cell.group_by.description == "分组依据"
    assert first.group_by.description == "Group by"  # retired: no longer redrawn


def test_a_figure_is_sent_as_one_png_at_its_own_size(world, monkeypatch):
    import struct

    from IPython.display import Image
    from matplotlib.figure import Figure

    from ckmkit.widgets import core

    shown, draws = [], []
    monkeypatch.setattr(core, "display", shown.append)
    real_draw = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda self, renderer: (draws.append(1),
                                                                real_draw(self, renderer)))
    explorer = world_explorer(world)
    explorer.group_by.value = "channel"
    assert len(shown) == 2 and len(draws) == 2  # one rendering per update, not two
    assert all(isinstance(item, Image) and item.format == "png" for item in shown)
    width, height = struct.unpack(">II", shown[-1].data[16:24])  # the PNG header's size
    expected = explorer.figure.get_size_inches() * explorer.figure.dpi
    assert (width, height) == tuple(int(round(v)) for v in expected)
    engine = explorer.figure.get_layout_engine()  # the margin a tight bounding box would leave
    assert engine.get()["h_pad"] == engine.get()["w_pad"] == 0.1
