"""A concept map of CRM / KM / CKM terms as a networkx graph, and a clean drawing of it.

Examples
--------
>>> from ckmkit.knowledge import concept_map
>>> g = concept_map()
>>> g.number_of_nodes(), g.number_of_edges()
(16, 17)
>>> g.edges["ckm", "customer_knowledge"]["relation"]
'manages'
"""

from __future__ import annotations

from .. import content
from ..i18n import get_language

__all__ = ["concept_map", "draw_concept_map", "GROUP_COLOURS"]

#: Node colour by group (Okabe-Ito).
GROUP_COLOURS = {"field": "#0072B2", "object": "#56B4E9", "type": "#009E73", "tool": "#E69F00",
                 "outcome": "#CC79A7", "idea": "#999999"}


def concept_map(lang: str | None = None):
    """The concept map as a :class:`networkx.DiGraph` with labels in the current language.

    Node attributes: ``label``, ``group``, ``pos`` (a hand-made layout). Edge attribute: ``relation``.

    Examples
    --------
    >>> g = concept_map()
    >>> g.graph["title"]
    'Concept map: CRM, KM and CKM'
    >>> g.nodes["ckm"]["label"], g.nodes["ckm"]["group"], g.edges["crm", "ckm"]["relation"]
    ('CKM', 'field', 'helps implement')
    >>> concept_map("zh").nodes["ckm"]["label"]
    '客户知识管理'
    """
    import networkx as nx

    data = content.load("concept_map")
    graph = nx.DiGraph(title=content.localise(data["meta"]["title"], lang))
    for row in data["rows"]:
        graph.add_node(row["node_id"], label=content.localise(row["label"], lang), group=row["group"],
                       pos=(row["x"], row["y"]))
    for edge in data["edges"]:
        graph.add_edge(edge["source"], edge["target"], relation=content.localise(edge["relation"], lang))
    return graph


def draw_concept_map(graph=None, ax=None):
    """Draw the concept map at its hand-made node positions; returns the Axes.

    Any directed graph can be drawn, e.g. a student's own map: nodes without a
    ``pos`` are laid out automatically, without a ``group`` they are grey, and
    without a ``label`` they show their name.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = draw_concept_map()
    >>> len(ax.texts) > 16
    True
    >>> import networkx as nx
    >>> mine = nx.DiGraph([("CRM", "CKM")], title="My map")
    >>> ax = draw_concept_map(mine)
    >>> ax.get_title(), sorted(text.get_text() for text in ax.texts)
    ('My map', ['CKM', 'CRM'])
    """
    import networkx as nx

    from ..plotting import new_axes

    graph = concept_map(get_language()) if graph is None else graph
    ax = new_axes(ax, figsize=(10, 7))
    pos = nx.get_node_attributes(graph, "pos")
    if len(pos) < len(graph):  # a map drawn by hand may not place every node
        pos = nx.kamada_kawai_layout(graph) if len(graph) > 1 else {n: (0.0, 0.0) for n in graph}
    labels = {n: str(graph.nodes[n].get("label", n)) for n in graph}
    colours = [GROUP_COLOURS.get(graph.nodes[n].get("group"), GROUP_COLOURS["idea"]) for n in graph]
    nx.draw_networkx_edges(graph, pos, ax=ax, edge_color="#888888", arrows=True, arrowsize=12,
                           node_size=2200, connectionstyle="arc3,rad=0.05")
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_color=colours, node_size=2200, alpha=0.9)
    nx.draw_networkx_labels(graph, pos, labels=labels, ax=ax,
                            font_size=8, font_family=ax.xaxis.label.get_fontfamily())
    nx.draw_networkx_edge_labels(graph, pos, edge_labels=nx.get_edge_attributes(graph, "relation"), ax=ax,
                                 font_size=7, font_color="#555555",
                                 font_family=ax.xaxis.label.get_fontfamily())
    ax.set_title(graph.graph.get("title", ""))
    ax.set_axis_off()
    return ax
