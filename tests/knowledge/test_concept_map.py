"""The concept map graph and its drawing."""

from __future__ import annotations

import matplotlib
import networkx as nx
import pytest

import ckmkit
from ckmkit.knowledge import TYPES, concept_map, draw_concept_map

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
