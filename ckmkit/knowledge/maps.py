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

import math
import unicodedata

from .. import content
from ..i18n import get_language, t

__all__ = ["concept_map", "draw_concept_map", "wrap_label", "GROUP_COLOURS"]

#: Node colour by group (Okabe-Ito).
GROUP_COLOURS = {"field": "#0072B2", "object": "#56B4E9", "type": "#009E73", "tool": "#E69F00",
                 "outcome": "#CC79A7", "idea": "#999999"}
#: Widest line of a node label, in ems (a Chinese character is one em, a Latin letter about half).
LABEL_WIDTH = 6.0
_FONT_SIZE = 9  # node labels, in points
_PADDING = 4.0  # points between a label's corners and its circle


def concept_map(lang: str | None = None):
    """The concept map as a :class:`networkx.DiGraph` with labels in the current language.

    Node attributes: ``label``, ``group``, ``pos`` (a hand-made layout). Edge attribute: ``relation``.

    Parameters
    ----------
    lang : {"en", "zh"}, optional
        Language of the labels; the current language by default.

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


def wrap_label(label: str, width: float = LABEL_WIDTH) -> str:
    """Break a label into lines at most `width` ems wide: English between words, Chinese anywhere.

    A Chinese (wide) character counts one em, any other character half an em. A
    word longer than a line keeps its own line rather than being cut.

    Parameters
    ----------
    label : str
        The text to wrap.
    width : float, default LABEL_WIDTH
        Widest line, in ems.

    Examples
    --------
    >>> wrap_label("Customer relationship")
    'Customer\\nrelationship'
    >>> wrap_label("co-created"), wrap_label("4C 理论")
    ('co-created', '4C 理论')
    >>> wrap_label("避免重复与遗漏的客户数据库")
    '避免重复与遗\\n漏的客户数据\\n库'
    """
    lines, line = [], ""
    for token in _tokens(label):
        candidate = line + token if line else token.lstrip()
        if line and _ems(candidate.rstrip()) > width:
            lines.append(line.rstrip())
            candidate = token.lstrip()
        line = candidate
    return "\n".join([*lines, line.rstrip()])


def _tokens(text: str) -> list[str]:
    """Unbreakable pieces: each wide character, or a Latin word with the spaces before it."""
    tokens, current = [], ""
    for char in text:
        if _is_wide(char) or (char.isspace() and current.strip()):
            tokens.append(current)
            current = ""
        current += char
        if _is_wide(char):
            tokens.append(current)
            current = ""
    return [token for token in [*tokens, current] if token]


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _ems(text: str) -> float:
    return sum(1.0 if _is_wide(char) else 0.55 for char in text)


def draw_concept_map(graph=None, ax=None):
    """Draw the concept map at its hand-made node positions; returns the Axes.

    Labels are wrapped (:func:`wrap_label`) and every circle is made large enough
    for the widest label, so no text spills out; a legend under the map says what
    each colour stands for, in the current language.

    Any directed graph can be drawn, e.g. a student's own map: nodes without a
    ``pos`` are laid out automatically, without a ``group`` they are grey (and
    left out of the legend), and without a ``label`` they show their name.

    Parameters
    ----------
    graph : networkx.DiGraph, optional
        The map to draw; :func:`concept_map` in the current language by default.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = draw_concept_map()
    >>> len(ax.texts) > 16
    True
    >>> [text.get_text() for text in ax.get_legend().get_texts()][:2]
    ['Field of management', 'What is managed']
    >>> import networkx as nx
    >>> mine = nx.DiGraph([("CRM", "CKM")], title="My map")
    >>> ax = draw_concept_map(mine)
    >>> ax.get_title(), sorted(text.get_text() for text in ax.texts), ax.get_legend()
    ('My map', ['CKM', 'CRM'], None)
    """
    import networkx as nx

    from ..plotting import new_axes

    graph = concept_map(get_language()) if graph is None else graph
    ax = new_axes(ax, figsize=(11, 8))
    pos = nx.get_node_attributes(graph, "pos")
    if len(pos) < len(graph):  # a map drawn by hand may not place every node
        pos = nx.kamada_kawai_layout(graph) if len(graph) > 1 else {n: (0.0, 0.0) for n in graph}
    font = ax.xaxis.label.get_fontfamily()
    labels = nx.draw_networkx_labels(graph, pos, ax=ax, font_size=_FONT_SIZE, font_family=font,
                                     labels={n: wrap_label(str(graph.nodes[n].get("label", n)))
                                             for n in graph})
    node_size = _node_size(labels.values(), ax.figure.dpi)
    colours = [GROUP_COLOURS.get(graph.nodes[n].get("group"), GROUP_COLOURS["idea"]) for n in graph]
    nx.draw_networkx_edges(graph, pos, ax=ax, edge_color="#888888", arrows=True, arrowsize=12,
                           node_size=node_size, connectionstyle="arc3,rad=0.05")
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_color=colours, node_size=node_size, alpha=0.9)
    for text, colour in zip((labels[n] for n in graph), colours):
        text.set_color(_ink(colour))
    nx.draw_networkx_edge_labels(graph, pos, edge_labels=nx.get_edge_attributes(graph, "relation"), ax=ax,
                                 font_size=8, font_color="#555555", font_family=font, rotate=False)
    _add_legend(ax, {graph.nodes[n].get("group") for n in graph})
    ax.set_title(graph.graph.get("title", ""))
    ax.set_axis_off()
    return ax


def _ink(fill: str) -> str:
    """Black or white, whichever contrasts more with `fill` (WCAG relative luminance).

    >>> _ink("#0072B2"), _ink("#E69F00")
    ('white', 'black')
    """
    from matplotlib.colors import to_rgb

    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(fill)]
    luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    # contrast with white (1.05 / (L + 0.05)) beats contrast with black ((L + 0.05) / 0.05)
    return "white" if (luminance + 0.05) ** 2 < 1.05 * 0.05 else "black"


def _node_size(labels, dpi: float) -> float:
    """One circle area (points squared, as networkx wants) that holds the largest label."""
    corners = [label.get_window_extent() for label in labels]  # pixels
    half_diagonal = max((math.hypot(box.width, box.height) / 2 for box in corners), default=0.0)
    return (2 * (half_diagonal * 72 / dpi + _PADDING)) ** 2


def _add_legend(ax, groups: set) -> None:
    """One entry per colour the map uses, in :data:`GROUP_COLOURS` order, under the map."""
    from matplotlib.lines import Line2D

    used = [group for group in GROUP_COLOURS if group in groups]
    if not used:  # a student's own map without groups: grey circles need no key
        return
    handles = [Line2D([], [], linestyle="", marker="o", markersize=11, color=GROUP_COLOURS[group],
                      label=t(f"knowledge.map_group_{group}")) for group in used]
    ax.legend(handles=handles, title=t("knowledge.map_legend_title"), loc="upper center",
              bbox_to_anchor=(0.5, 0.0), ncols=3, frameon=False, fontsize=10, title_fontsize=11)
