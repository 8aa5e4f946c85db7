"""The concept map graph and its drawing."""

from __future__ import annotations

import math

import matplotlib
import networkx as nx
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex

import ckmkit
from ckmkit.knowledge import TYPES, concept_map, draw_concept_map
from ckmkit.knowledge.maps import GROUP_COLOURS, wrap_label

matplotlib.use("Agg")


def test_graph_is_connected_and_links_every_type():
    g = concept_map("en")
    assert nx.is_weakly_connected(g)
    assert {t for _, t in g.out_edges("customer_knowledge")} == set(TYPES)
    assert g.nodes["ckm"]["group"] == "field"


def test_labels_follow_language():
    assert concept_map("zh").nodes["crm"]["label"] == "客户关系管理"
    assert concept_map("en").edges["crm", "ckm"]["relation"] == "helps implement"


def test_drawing_has_title_labels_and_no_overlapping_nodes():
    with ckmkit.language("zh"):
        ax = draw_concept_map()
    assert ax.get_title().startswith("概念图")
    texts = {t.get_text() for t in ax.texts}
    assert {"客户知识", "来自客户", "促进实施"} <= texts
    pos = list(nx.get_node_attributes(concept_map(), "pos").values())
    gaps = [((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for i, a in enumerate(pos) for b in pos[:i]]
    assert min(gaps) > 1.0


def test_language_spellings_and_unknown_languages():
    assert concept_map("zh-CN").graph == concept_map("zh").graph
    with pytest.raises(ValueError, match="Unknown language 'fr'"):
        concept_map("fr")


@pytest.mark.parametrize("label, lines", [
    ("Customer relationship", ["Customer", "relationship"]),
    ("One-to-one marketing", ["One-to-one", "marketing"]),
    ("Loyalty", ["Loyalty"]),
    ("客户关系管理", ["客户关系管理"]),
    ("避免重复与遗漏的客户数据库", ["避免重复与遗", "漏的客户数据", "库"]),
    ("4C 理论", ["4C 理论"]),
    ("knowledge 客户知识管理", ["knowledge", "客户知识管理"]),
])
def test_labels_wrap_between_english_words_and_chinese_characters(label, lines):
    assert wrap_label(label).split("\n") == lines


def _circles(ax):
    """Centre (pixels) and radius (pixels) of each drawn node, in graph order."""
    (nodes,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    centres = nodes.get_offset_transform().transform(nodes.get_offsets())
    radii = np.sqrt(np.broadcast_to(nodes.get_sizes(), len(centres))) / 2 * ax.figure.dpi / 72
    return centres, radii


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_label_lies_inside_its_circle_and_circles_keep_apart(lang):
    with ckmkit.language(lang):
        ax = draw_concept_map()
    ax.figure.canvas.draw()
    graph = concept_map(lang)
    centres, radii = _circles(ax)
    by_text = {text.get_text(): text for text in ax.texts}
    for node, centre, radius in zip(graph, centres, radii):
        box = by_text[wrap_label(graph.nodes[node]["label"])].get_window_extent()
        corners = [(x, y) for x in (box.x0, box.x1) for y in (box.y0, box.y1)]
        assert max(math.dist(corner, centre) for corner in corners) < radius, node
    gaps = [math.dist(a, b) - ra - rb for i, (a, ra) in enumerate(zip(centres, radii))
            for b, rb in zip(centres[:i], radii[:i])]
    assert min(gaps) > 10  # pixels of white between the closest two circles
    node_texts = {wrap_label(graph.nodes[n]["label"]) for n in graph}
    for text in (t for t in ax.texts if t.get_text() not in node_texts):  # relations
        box = text.get_window_extent()
        nearest = [math.hypot(max(box.x0 - x, 0, x - box.x1), max(box.y0 - y, 0, y - box.y1)) - r
                   for (x, y), r in zip(centres, radii)]
        assert min(nearest) > 0, f"relation {text.get_text()!r} covers a circle"


def test_legend_names_every_colour_in_the_readers_language():
    with ckmkit.language("zh"):
        ax = draw_concept_map()
    legend = ax.get_legend()
    assert legend.get_title().get_text() == "概念类别"
    assert [text.get_text() for text in legend.get_texts()] == [
        "管理领域", "管理对象", "客户知识类型", "工具", "成效", "指导理念"]
    assert [to_hex(handle.get_color()) for handle in legend.legend_handles] == [
        colour.lower() for colour in GROUP_COLOURS.values()]
    ax.figure.canvas.draw()
    centres, _ = _circles(ax)
    assert legend.get_window_extent().y1 < centres[:, 1].min()  # under the map, not on it


def test_legend_shows_only_the_groups_a_map_uses():
    mine = nx.DiGraph([("a", "b")])
    mine.nodes["a"]["group"] = "tool"
    ax = draw_concept_map(mine)
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["Tool"]
