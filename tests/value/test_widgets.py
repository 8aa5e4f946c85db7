"""Chapter-2 widgets respond to their sliders (set in the kernel), in both languages."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ckmkit.value import CLASSES, class_label, classify_customers
from ckmkit.widgets.value import retention_what_if, segment_explorer


@pytest.fixture(scope="module")
def table():
    rng = np.random.default_rng(5)
    n = 400
    revenue = rng.gamma(0.7, 1000, n)
    margin = revenue * 0.35
    cost = rng.gamma(0.5, 150, n)
    return pd.DataFrame({"revenue": revenue, "margin": margin, "cost_to_serve": cost,
                         "potential": revenue * rng.uniform(1, 3, n)},
                        index=pd.Index([f"C{i:04d}" for i in range(n)], name="customer_id"))


def test_segment_explorer_matches_the_function(table):
    explorer = segment_explorer(table)
    assert explorer.result["customers"].sum() == len(table)
    explorer.controls["pareto_share"].value = 0.6
    expected = classify_customers(table.assign(profit=table["margin"] - table["cost_to_serve"]),
                                  margin_rate=explorer.controls["margin_rate"].value,
                                  pareto_share=0.6)
    assert explorer.result.loc["mvc", "customers"] == (expected["customer_class"] == "mvc").sum()
    assert explorer.result.loc["mvc", "revenue_share"] <= 0.6 + 1e-9
    before = explorer.result.loc["bzc", "customers"]
    explorer.controls["cost_factor"].value = 3.0  # tripled service cost: more below-zero customers
    assert explorer.result.loc["bzc", "customers"] > before
    dots = sum(len(c.get_offsets()) for c in explorer.figure.axes[0].collections)
    assert dots == len(table)  # below the sampling limit every customer is drawn


def test_segment_explorer_starts_where_classify_customers_does(table):
    table = table.assign(margin=table["revenue"] * 0.3785)  # a rate between two slider steps
    explorer = segment_explorer(table, show_plot=False)
    assert explorer.controls["margin_rate"].value == pytest.approx(0.3785)
    expected = classify_customers(table.assign(profit=table["margin"] - table["cost_to_serve"]))
    counts = expected["customer_class"].value_counts()
    assert explorer.result["customers"].to_dict() == {c: counts.get(c, 0) for c in explorer.result.index}


def test_segment_explorer_relabels(table):
    explorer = segment_explorer(table, show_plot=False)
    explorer.language.value = "zh"
    assert explorer.controls["cost_factor"].description == "服务成本倍数"
    assert "负值客户" in explorer.summary.value
    explorer.language.value = "en"
    assert "Below zero" in explorer.summary.value


def test_segment_explorer_without_costs():
    plain = pd.DataFrame({"revenue": [5.0, 1.0], "profit": [1.0, -1.0], "potential": [5.0, 1.0]})
    explorer = segment_explorer(plain, show_plot=False)
    assert "cost_factor" not in explorer.controls
    assert explorer.result.loc["bzc", "customers"] == 1


def test_retention_what_if():
    whatif = retention_what_if()
    assert whatif.result.loc["acquire", "cost_per_customer"] == 6 * 50
    retain_net = whatif.result.loc["retain", "net"]
    whatif.controls["multiple"].value = 1.0  # acquisition as cheap as retention: same outcome
    assert whatif.result.loc["acquire", "net"] == pytest.approx(retain_net)
    assert "both pay the same" in whatif.summary.value and "pays more" not in whatif.summary.value
    whatif.controls["multiple"].value = 6.0
    whatif.controls["retention"].value = 0.5
    assert whatif.clv == pytest.approx(100 * sum((0.5 / 1.1) ** k for k in range(5)))
    assert "retaining pays more" in whatif.summary.value
    heights = [bar.get_height() for bar in whatif.figure.axes[0].patches]
    assert heights == pytest.approx(whatif.result["net"].tolist())
    whatif.language.value = "zh"
    assert "更划算" in whatif.summary.value
    assert whatif.controls["budget"].description == "预算（元）"


def test_segment_explorer_regroups_the_same_dots(table, monkeypatch):
    shown = []
    monkeypatch.setattr("ckmkit.widgets.core.display", shown.append)  # no kernel to show it
    explorer = segment_explorer(table, sample=100)
    figure, image = explorer.figure, shown[-1].data
    assert image[:4] == b"\x89PNG"
    dots = figure.axes[0].collections[:4]
    before = np.concatenate([scatter.get_offsets() for scatter in dots])
    explorer.controls["pareto_share"].value = 0.5
    assert explorer.figure is figure  # same figure, same dots, new classes
    after = [scatter.get_offsets() for scatter in dots]
    np.testing.assert_array_equal(np.sort(np.concatenate(after), axis=0), np.sort(before, axis=0))
    drawn = explorer.classified["customer_class"].to_numpy()[explorer._pick]
    assert [len(offsets) for offsets in after] == [(drawn == c).sum() for c in CLASSES]
    assert shown[-1].data != image  # a new picture was shown
    labels = [text.get_text() for text in figure.axes[0].get_legend().get_texts()]
    assert labels == [class_label(c) for c in CLASSES]  # counts live in the table
    mvc = (explorer.classified["customer_class"] == "mvc").sum()
    assert f"<td>{mvc}</td>" in explorer.summary.value
    explorer.language.value = "zh"  # a new language redraws with translated labels
    assert explorer.figure is not figure
    assert explorer.figure.axes[0].get_title() == "客户价值矩阵"


def test_segment_explorer_still_picture_has_its_dots(table):
    # The course website shows figure.savefig(): the dots, animated for the cached background,
    # must still be in it.
    import io

    import matplotlib.image as mpimg

    explorer = segment_explorer(table, sample=100)
    explorer.controls["pareto_share"].value = 0.6

    def pixels():
        buffer = io.BytesIO()
        explorer.figure.savefig(buffer, format="png", dpi=50)
        return mpimg.imread(io.BytesIO(buffer.getvalue()))

    with_dots = pixels()
    for scatter in explorer.figure.axes[0].collections:
        scatter.set_visible(False)
    assert not np.array_equal(with_dots, pixels())


def test_segment_explorer_on_clv_matches_value_classes(monkeypatch):
    from ckmkit.value import value_classes

    monkeypatch.setattr("ckmkit.widgets.core.display", lambda shown: None)  # no kernel to show it
    rng = np.random.default_rng(8)
    clv = pd.Series(rng.normal(120, 200, 300), index=[f"C{i:03d}" for i in range(300)])
    table = clv.rename("clv").to_frame()
    explorer = segment_explorer(table, sample=100)
    assert set(explorer.controls) == {"pareto_share", "mgc_quantile"}  # no margin: one measure
    explorer.controls["mgc_quantile"].value = 0.5
    expected = value_classes(clv, mgc_quantile=0.5)
    np.testing.assert_array_equal(explorer.classified["customer_class"], expected["customer_class"])
    assert explorer.result.loc["bzc", "customers"] == (clv < 0).sum()
    assert "share of CLV" in explorer.summary.value and "revenue" not in explorer.summary.value
    assert explorer.figure.axes[0].get_xscale() == "symlog"  # negative CLVs are drawn too
    explorer.language.value = "zh"
    assert explorer.controls["pareto_share"].description == "MVC：累计客户终身价值占比"
    assert "客户终身价值占比" in explorer.summary.value
