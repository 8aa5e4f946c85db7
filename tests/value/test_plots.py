"""Plots return Axes with translated labels and draw the numbers they claim."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import ckmkit  # noqa: E402
from ckmkit.value import (  # noqa: E402
    BetaGeo,
    classify_customers,
    lorenz,
    plots,  # noqa: E402
    rfm_scores,
    summarize,
    top_share,
)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def bg(cdnow_cal):
    return BetaGeo().fit(cdnow_cal, standard_errors=False)


def _no_missing_glyphs(ax):
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*Glyph.*missing.*")
        ax.figure.canvas.draw()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lorenz_and_pareto(lang):
    values = pd.Series([1.0, 2.0, 3.0, 10.0, 0.5])
    with ckmkit.language(lang):
        ax = plots.plot_lorenz(values)
        _no_missing_glyphs(ax)
        expected = "share of revenue" if lang == "en" else "收入占比"
        assert ax.get_ylabel() == expected
        np.testing.assert_allclose(ax.lines[1].get_ydata(), lorenz(values)["value_share"])
        ax2 = plots.plot_pareto(values)
        _no_missing_glyphs(ax2)
        assert ax2.lines[-1].get_ydata()[0] == pytest.approx(top_share(values, 0.2))
        clv = plots.plot_lorenz(values, what="CLV")  # not every Lorenz curve is of revenue
        assert "CLV" in clv.get_ylabel() and "CLV" in clv.get_title()


def test_rfm_heatmap_cells(cdnow):
    scores = rfm_scores(summarize(cdnow))
    ax = plots.plot_rfm_heatmap(scores, value="monetary", aggregate="count")
    counts = sum(float(text.get_text().replace(",", "")) for text in ax.texts)
    assert counts == len(scores)
    with ckmkit.language("zh"):
        ax = plots.plot_rfm_heatmap(scores)
        assert ax.get_title() == "RFM：最近购买 × 购买频率"
        assert ax.figure.axes[-1].get_ylabel() == "平均消费金额"  # the column named for readers


def test_rfm_heatmap_scale_ignores_tiny_cells_and_labels_stay_readable():
    scores = pd.DataFrame({"R": [1] * 20 + [2] * 20 + [2] * 3, "F": [1] * 20 + [1] * 20 + [2] * 3,
                           "monetary": [10.0] * 20 + [30.0] * 20 + [5000.0] * 3})
    ax = plots.plot_rfm_heatmap(scores)
    image = ax.images[0]
    assert image.norm.vmin == 10.0 and image.norm.vmax == 30.0  # the 3-customer cell is left out
    colours = {text.get_text(): text.get_color() for text in ax.texts}
    assert colours["5,000"] == "white" and colours["10"] == "black"


def test_frequency_recency_matrix(bg):
    ax = plots.plot_frequency_recency(bg, T=39, max_frequency=10)
    data = ax.images[0].get_array()
    assert data.shape == (40, 11)
    assert np.nanmin(data) >= 0 and np.nanmax(data) <= 1
    # recent buyers more alive than long-silent ones at the same frequency
    assert data[-1, 5] > data[0, 5]
    ax = plots.plot_frequency_recency(bg, T=39, kind="expected", t_ahead=10)
    assert "10" in ax.get_title()
    with pytest.raises(ValueError):
        plots.plot_frequency_recency(bg, kind="clv")


def test_calibration_holdout_plot(bg, cdnow_split):
    ax = plots.plot_calibration_holdout(bg, cdnow_split)
    actual = ax.lines[0].get_ydata()
    zero = cdnow_split.loc[cdnow_split["frequency"] == 0, "frequency_holdout"].mean()
    assert actual[0] == pytest.approx(zero)
    assert [tick.get_text() for tick in ax.get_xticklabels()][-1] == "7+"
    assert ax.get_ylabel() == "mean purchases in the 39-period holdout"
    with ckmkit.language("zh"):
        ax = plots.plot_calibration_holdout(bg, cdnow_split, time_unit="W")
    assert ax.get_ylabel() == "39 周验证期内的平均购买次数"
    assert ax.get_legend().get_texts()[1].get_text() == "BG/NBD 预测值"  # the literature's name


def test_value_matrix_scatter():
    table = pd.DataFrame({"revenue": [500.0, 300.0, 100.0, 60.0, 40.0],
                          "profit": [100.0, 50.0, 10.0, -30.0, 5.0],
                          "potential": [500.0, 320.0, 400.0, 60.0, 45.0]})
    classified = classify_customers(table, margin_rate=0.2)
    with ckmkit.language("zh"):
        ax = plots.plot_value_matrix(classified)
        _no_missing_glyphs(ax)
        labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert any(label.startswith("负值客户") for label in labels)
    assert sum(len(c.get_offsets()) for c in ax.collections) == 5
    corners = {text.get_text() for text in ax.texts}  # each quadrant's strategy in its corner
    assert corners == {"投资", "维持", "培育", "精简"}
    order = {c.get_zorder() for c in ax.collections}
    bzc = ax.collections[0]  # CLASSES order: the few below-zero customers are drawn on top
    assert len(bzc.get_offsets()) == 1 and bzc.get_zorder() == max(order)


def test_whale_and_given_axes():
    fig, ax = plt.subplots()
    assert plots.plot_whale([5.0, 3.0, -2.0], ax=ax) is ax
    assert max(ax.lines[0].get_ydata()) == pytest.approx(8 / 6)
