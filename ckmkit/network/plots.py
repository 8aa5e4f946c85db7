"""Pictures of customer networks; every function returns a Matplotlib Axes.

Labels come from the ``network`` catalogue, so they follow
:func:`ckmkit.set_language`; fonts come from :mod:`ckmkit.plotting`, so
Chinese renders everywhere.

Examples
--------
>>> import networkx as nx
>>> from ckmkit.network.diffusion import simulate
>>> ax = plot_spread_curve(simulate(nx.karate_club_graph(), [0], p=0.2, runs=50))
>>> ax.get_xlabel()
'Step of the cascade'
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from ..i18n import t
from ..plotting import PALETTE, new_axes
from ._checks import require_nodes

__all__ = [
    "COMMUNITY_COLOURS",
    "plot_spread_curve",
    "plot_strategy_comparison",
    "plot_bass_curve",
    "draw_network",
    "mark_seeds",
    "spring_layout",
    "plot_network_value",
    "plot_key_person_risk",
    "draw_assignments",
]

#: Okabe-Ito colours (colour-blind safe) for communities; they repeat after eight.
COMMUNITY_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                     "#F0E442", "#000000"]


def spring_layout(G: nx.Graph, seed: int = 0) -> dict:
    """A seeded spring layout that depends on the graph, not on the order it lists nodes in.

    A subgraph view (``G.subgraph(nodes)``) lists its nodes in the order of a set,
    which changes from one Python process to the next; networkx's layout follows
    that order, so the same seed would draw a different picture every session.

    Parameters
    ----------
    G : networkx graph
        The network to lay out; edge weights pull tied nodes closer.
    seed : int, default 0
        Seed of the layout.

    Returns
    -------
    dict
        node -> numpy array (x, y).

    Examples
    --------
    >>> G = nx.karate_club_graph()
    >>> a, b = spring_layout(G.subgraph(range(20))), spring_layout(G.subgraph(range(19, -1, -1)))
    >>> all((a[v] == b[v]).all() for v in a)
    True
    """
    ordered = nx.DiGraph() if G.is_directed() else nx.Graph()
    ordered.add_nodes_from(sorted(G.nodes, key=repr))
    ordered.add_edges_from(G.edges(data=True))  # weights pull tied customers closer
    return nx.spring_layout(ordered, seed=seed)


def _strategy_label(name: str) -> str:
    key = f"network.strategy_{name}"
    try:
        return t(key)
    except KeyError:
        return str(name)


def plot_spread_curve(cascade: Any, ax=None, *, label: str | None = None, color: str | None = None):
    """Mean active customers after each step, with its 95% confidence band.

    Parameters
    ----------
    cascade : Cascade or pandas.DataFrame
        A :class:`~ckmkit.network.Cascade` or its ``curve_table()``.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure.
    label : str, optional
        Legend entry (call again with another cascade to compare).
    color : str, optional
        Line and band colour; by default the palette's first colour.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import networkx as nx
    >>> from ckmkit.network import simulate
    >>> ax = plot_spread_curve(simulate(nx.path_graph(4), [0], p=1.0, runs=5), label="path")
    >>> ax.lines[0].get_ydata().tolist()                 # active after steps 0 to 3
    [1.0, 2.0, 3.0, 4.0]
    """
    ax = new_axes(ax)
    table = cascade.curve_table() if hasattr(cascade, "curve_table") else cascade
    color = color or PALETTE["mvc"]
    ax.plot(table["step"], table["mean"], marker="o", color=color, label=label)
    ax.fill_between(table["step"], table["low"].fillna(table["mean"]),
                    table["high"].fillna(table["mean"]), color=color, alpha=0.2)
    ax.set_xlabel(t("network.plot_step"))
    ax.set_ylabel(t("network.plot_active"))
    ax.set_title(t("network.plot_spread_title"))
    ax.xaxis.get_major_locator().set_params(integer=True)
    if label:
        ax.legend()
    return ax


def plot_strategy_comparison(table: pd.DataFrame, ax=None):
    """Expected spread per seeding strategy with 95% intervals.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`ckmkit.network.compare_seed_strategies`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"strategy": ["celf", "degree"], "mean": [5.0, 4.0],
    ...                       "low": [4.5, 3.6], "high": [5.5, 4.4]})
    >>> [float(bar.get_height()) for bar in plot_strategy_comparison(table).patches]
    [5.0, 4.0]
    """
    ax = new_axes(ax)
    names = [_strategy_label(s) for s in table["strategy"]]
    err = np.vstack([table["mean"] - table["low"], table["high"] - table["mean"]])
    colours = [PALETTE["mvc"], PALETTE["accent"], PALETTE["mgc"], PALETTE["other"]]
    ax.bar(names, table["mean"], yerr=err, capsize=4,
           color=[colours[i % len(colours)] for i in range(len(names))])
    ax.set_ylabel(t("network.plot_expected_spread"))
    ax.set_title(t("network.plot_strategy_title"))
    return ax


def plot_bass_curve(curve: pd.DataFrame, ax=None):
    """New adopters per period, stacked by source (innovation, imitation), from :func:`bass_curve`.

    Parameters
    ----------
    curve : pandas.DataFrame
        Output of :func:`ckmkit.network.bass_curve`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from ckmkit.network import bass_curve
    >>> ax = plot_bass_curve(bass_curve(0.03, 0.38, m=100, periods=4))
    >>> [round(float(bar.get_height()), 1) for bar in ax.patches][:4]   # innovation, periods 1-4
    [2.9, 2.8, 2.7, 2.4]
    """
    ax = new_axes(ax)
    periods = curve.index.to_numpy()
    ax.bar(periods, curve["from_innovation"], color=PALETTE["accent"], label=t("network.bass_innovation"))
    ax.bar(periods, curve["from_imitation"], bottom=curve["from_innovation"], color=PALETTE["mvc"],
           label=t("network.bass_imitation"))
    ax.set_xlabel(t("network.bass_period"))
    ax.set_ylabel(t("network.bass_new_adopters"))
    ax.set_title(t("network.bass_title"))
    ax.legend()
    return ax


def draw_network(
    G: nx.Graph,
    ax=None,
    *,
    communities: pd.Series | None = None,
    seeds: list | None = None,
    active: set | None = None,
    layout: dict | None = None,
    seed: int = 0,
    node_size: float = 30.0,
):
    """Draw the network: nodes coloured by community, seeds as large outlined stars.

    Parameters
    ----------
    G : networkx graph
        The network to draw.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new square figure.
    communities : pandas.Series, optional
        node -> community number (e.g. from ``detect_communities``).
    seeds : list, optional
        Nodes to mark as seeds.
    active : set, optional
        Nodes reached in one cascade: drawn opaque, the rest faded.
    layout : dict, optional
        node -> (x, y); by default a seeded spring layout.
    seed : int, default 0
        Seed of the spring layout.
    node_size : float, default 30.0
        Size of a node; seeds are drawn ten times as large.

    Examples
    --------
    >>> import networkx as nx
    >>> ax = draw_network(nx.karate_club_graph(), seeds=[0, 33])
    >>> ax.get_title()
    'Customer network'
    """
    if seeds:
        require_nodes(seeds, G)
    ax = new_axes(ax, figsize=(6.0, 6.0))
    pos = layout or spring_layout(G, seed=seed)
    nodes = list(G.nodes)
    colours = _node_colours(nodes, communities)
    alpha = [1.0 if active is None or v in active else 0.25 for v in nodes]
    arrows = {"arrows": True, "arrowsize": 5} if G.is_directed() else {}
    nx.draw_networkx_edges(G, pos, ax=ax, alpha=0.15, width=0.5, **arrows)
    nx.draw_networkx_nodes(G, pos, nodelist=nodes, node_color=colours, alpha=alpha,
                           node_size=node_size, ax=ax, linewidths=0)
    if seeds:
        mark_seeds(ax, G, seeds, pos, node_size=node_size)
    ax.set_title(t("network.plot_network_title"))
    ax.set_axis_off()
    return ax


def _node_colours(nodes: list, communities: pd.Series | None) -> list[str]:
    """One colour per community (nodes without one count as community 0), or one colour for all."""
    if communities is None:
        return [PALETTE["mvc"]] * len(nodes)
    return [COMMUNITY_COLOURS[int(communities.get(v, 0)) % len(COMMUNITY_COLOURS)] for v in nodes]


def mark_seeds(ax, G: nx.Graph, seeds: list, layout: dict, *, node_size: float = 30.0) -> list:
    """Mark `seeds` on a drawn network as large outlined stars, with a legend entry.

    Returns the artists drawn (the stars and the legend), so that a widget can
    redraw just these when the seeds change.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes the network is drawn on.
    G : networkx graph
        The drawn network.
    seeds : list
        Nodes to mark.
    layout : dict
        node -> (x, y), as used to draw the network.
    node_size : float, default 30.0
        Size of a node in that drawing; the stars are ten times as large.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.path_graph(3)
    >>> ax = draw_network(G, layout=nx.circular_layout(G))
    >>> len(mark_seeds(ax, G, [0], nx.circular_layout(G)))
    2
    """
    stars = nx.draw_networkx_nodes(G, layout, nodelist=list(seeds), node_shape="*",
                                   node_size=node_size * 10, node_color=PALETTE["bzc"],
                                   edgecolors=PALETTE["ink"], linewidths=1.0, ax=ax,
                                   label=t("network.legend_seed"))
    return [stars, ax.legend(handles=[stars], loc="upper right")]


def plot_network_value(table: pd.DataFrame, ax=None, *, top: int = 15, by: str = "network_value"):
    """Own value and network value of the `top` customers by `by`, as stacked bars.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`ckmkit.network.network_value`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure sized for `top` bars.
    top : int, default 15
        Number of customers shown.
    by : str, default "network_value"
        Column that chooses them (the largest values).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"own_value": [10.0, 50.0], "network_value": [30.0, 5.0]},
    ...                      index=["C1", "C2"])
    >>> [label.get_text() for label in plot_network_value(table, top=2).get_yticklabels()]
    ['C2', 'C1']
    """
    ax = new_axes(ax, figsize=(7.0, 0.35 * top + 1.5))
    rows = table.nlargest(top, by).iloc[::-1]
    names = [str(v) for v in rows.index]
    ax.barh(names, rows["own_value"], color=PALETTE["mvc"], label=t("network.plot_own_value"))
    ax.barh(names, rows["network_value"], left=rows["own_value"].clip(lower=0),
            color=PALETTE["accent"], label=t("network.plot_network_value"))
    ax.axvline(0, color=PALETTE["ink"], linewidth=0.8)
    ax.set_xlabel(t("network.plot_value_axis"))
    ax.set_title(t("network.plot_value_title"))
    ax.legend(loc="lower right")
    return ax


def plot_key_person_risk(table: pd.DataFrame, ax=None, *, column: str = "sole_customers",
                         top: int = 10):
    """Employees ranked by what depends on them alone (from ``key_person_risk``).

    The axis names the column for readers (``sole_revenue`` reads "revenue of
    customers served by nobody else (CNY)"), in the current language.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`ckmkit.network.key_person_risk`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure sized for `top` bars.
    column : str, default "sole_customers"
        Column to rank and draw.
    top : int, default 10
        Number of employees shown.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> risk = pd.DataFrame({"sole_revenue": [50.0, 20.0]}, index=["E1", "E2"])
    >>> plot_key_person_risk(risk, column="sole_revenue").get_xlabel()
    'At risk if the employee leaves: revenue of customers served by nobody else (CNY)'
    """
    ax = new_axes(ax, figsize=(7.0, 0.35 * top + 1.5))
    rows = table.nlargest(top, column).iloc[::-1]
    ax.barh([str(v) for v in rows.index], rows[column], color=PALETTE["bzc"])
    ax.set_xlabel(_at_risk_label(column))
    ax.set_title(t("network.plot_at_risk_title"))
    return ax


def _at_risk_label(column: str) -> str:
    """A ``key_person_risk`` column as readers say it: "sole_revenue" -> revenue of ... (CNY)."""
    if column == "sole_customers":
        return t("network.at_risk_customers")
    if column == "sole_share":
        return t("network.at_risk_sole_share")
    name = column.removeprefix("sole_")
    share = name.endswith("_share")
    name = name.removesuffix("_share")
    what = t(f"common.{name}") if name in ("revenue", "profit") else name
    if column.startswith("sole_"):
        return t("network.at_risk_value_share" if share else "network.at_risk_value", what=what)
    return t("network.plot_at_risk_axis", column=column)


def draw_assignments(B: nx.Graph, leaving: list | None = None, ax=None, *, seed: int = 0,
                     layout: dict | None = None):
    """Draw the employee–customer network; if `leaving` is given, show who is left alone.

    Customers whose every contact leaves are drawn as orphaned (red), those
    who keep a backup in orange, the leaving employees as crosses.

    Parameters
    ----------
    B : networkx.Graph
        The employee–customer network, e.g. from :func:`ckmkit.network.assignment_graph`;
        employees carry the node attribute ``kind="employee"``.
    leaving : list, optional
        Employees who leave.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure.
    seed : int, default 0
        Seed of the spring layout.
    layout : dict, optional
        node -> (x, y); by default a seeded spring layout.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import networkx as nx
    >>> B = nx.Graph([("E1", "C1"), ("E1", "C2"), ("E2", "C2")])
    >>> nx.set_node_attributes(B, {"E1": "employee", "E2": "employee"}, "kind")
    >>> ax = draw_assignments(B, leaving=["E1"])
    >>> sorted(t.get_text() for t in ax.get_legend().get_texts())[:2]
    ['Customer keeps another contact', 'Customer left without contact']
    """
    ax = new_axes(ax, figsize=(6.5, 6.0))
    pos = layout or spring_layout(B, seed=seed)
    gone = set(leaving or [])
    staff = [v for v, d in B.nodes(data=True) if d.get("kind") == "employee"]
    customers = [v for v in B.nodes if v not in set(staff)]
    orphaned = [c for c in customers if B.degree(c) and set(B[c]) <= gone]
    covered = [c for c in customers if set(B[c]) & gone and c not in set(orphaned)]
    others = [c for c in customers if c not in set(orphaned) | set(covered)]
    nx.draw_networkx_edges(B, pos, ax=ax, alpha=0.15, width=0.5)
    groups = [
        (others, PALETTE["other"], "o", 20, "legend_customer"),
        (covered, PALETTE["accent"], "o", 40, "legend_backup"),
        (orphaned, PALETTE["bzc"], "o", 50, "legend_orphaned"),
        ([e for e in staff if e not in gone], PALETTE["mvc"], "s", 90, "legend_employee"),
        ([e for e in staff if e in gone], PALETTE["ink"], "X", 160, "legend_leaving"),
    ]
    for nodes, colour, shape, size, key in groups:
        if nodes:
            nx.draw_networkx_nodes(B, pos, nodelist=nodes, node_color=colour, node_shape=shape,
                                   node_size=size, ax=ax, label=t(f"network.{key}"))
    ax.legend(loc="upper right", fontsize="small")
    ax.set_title(t("network.plot_assignments_title"))
    ax.set_axis_off()
    return ax
