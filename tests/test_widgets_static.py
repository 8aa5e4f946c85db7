"""Widgets offer a still picture (text/html) only when a static page asks for one."""

import ckmkit
from ckmkit.datasets import make_crm_world
from ckmkit.widgets import world_explorer

VIEW = "application/vnd.jupyter.widget-view+json"


def test_no_picture_in_a_live_session(monkeypatch):
    monkeypatch.delenv("CKMKIT_STATIC_WIDGETS", raising=False)
    bundle = world_explorer(make_crm_world(120, seed=1))._repr_mimebundle_()
    assert VIEW in bundle and "text/html" not in bundle


def test_picture_shows_settings_text_and_figure_in_the_current_language(monkeypatch):
    monkeypatch.setenv("CKMKIT_STATIC_WIDGETS", "1")
    explorer = world_explorer(make_crm_world(120, seed=1))
    explorer.group_by.value = "channel"
    ckmkit.set_language("zh")
    explorer.refresh()
    html = explorer._repr_mimebundle_()["text/html"]
    assert "JupyterLab" in html and "静态呈现" in html
    assert "分组依据 <code>渠道</code>" in html and "按月 <code>☐</code>" in html
    assert html.count('<img alt="" src="data:image/png;base64,') == 1
    assert "English" not in html  # the language picker is left out
    assert VIEW in explorer._repr_mimebundle_()  # JupyterLab still gets the live view
