"""Chinese renders in every figure, with the pip-installed font and no missing glyphs."""

import logging
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib import font_manager  # noqa: E402

import ckmkit  # noqa: E402
from ckmkit import plotting  # noqa: E402
from ckmkit.datasets import make_crm_world  # noqa: E402


@pytest.fixture
def chinese():
    with ckmkit.language("zh"):
        yield
    plt.close("all")


def _render(figure, path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.savefig(path, dpi=80)
    return [str(w.message) for w in caught if "Glyph" in str(w.message) or "missing" in str(w.message)]


def test_seaborn_chart_with_chinese_title_axes_and_ticks(tmp_path, chinese):
    plotting.set_theme()
    frame = pd.DataFrame({"地区": ["华东", "华北", "华南", "西部"], "收入": [120.0, -30.0, 80.0, 60.0]})
    ax = sns.barplot(frame, x="地区", y="收入")
    ax.set_title("各地区净收入（元）")
    path = tmp_path / "zh.png"
    assert _render(ax.figure, path) == []
    assert path.stat().st_size > 5_000
    font = font_manager.findfont(font_manager.FontProperties(family=plt.rcParams["font.family"]))
    assert font.endswith("NotoSansSC-Regular.ttf")


def test_plain_seaborn_theme_is_repaired_by_use_cjk_font(tmp_path, chinese):
    sns.set_theme()  # the trap: resets the font family to DejaVu Sans
    families = plotting.use_cjk_font()
    assert families[:2] == ["Noto Sans SC", "DejaVu Sans"]
    fig, ax = plt.subplots()
    ax.set_title("客户价值矩阵 − 测试")
    ax.set_xlabel("当前价值"), ax.set_ylabel("潜在价值")
    assert _render(fig, tmp_path / "t.png") == []


def test_no_font_fallback_messages_are_logged(tmp_path, chinese, caplog):
    plotting.set_theme()
    with caplog.at_level(logging.WARNING, logger="matplotlib.font_manager"):
        fig, ax = plt.subplots()
        ax.set_title("标题 Title")
        fig.savefig(tmp_path / "x.png")
    assert caplog.records == []


def test_revenue_chart_follows_the_language(chinese):
    world = make_crm_world(120, seed=5)
    ax = plotting.plot_revenue(world.revenue_by("region"), by="region")
    assert ax.get_title() == "按地区统计的净收入"
    assert {tick.get_text() for tick in ax.get_xticklabels()} <= {"华东", "华北", "华南", "西部"}
    with ckmkit.language("en"):
        ax = plotting.plot_revenue(world.revenue_by("channel", monthly=True), by="channel")
        assert ax.get_title() == "Monthly net revenue by channel"
        assert ax.get_legend().get_title().get_text() == "channel"
