"""Widgets for chapter 4: a word-of-mouth explorer, a network-value explorer and a key-person what-if.

Both bind controls to plain functions of :mod:`ckmkit.network` and keep the
latest numbers as attributes (``spread``, ``seeds``, ``outcome``), so tests and
curious readers can read them after moving a control. Drawings are Matplotlib
figures: static, light, and with no JavaScript beyond JupyterLab's own.

Examples
--------
>>> import networkx as nx
>>> from ckmkit.widgets.network import network_explorer
>>> explorer = network_explorer(nx.karate_club_graph(), show_plot=False, runs=100)
>>> explorer.controls["strategy"].value = "degree"
>>> explorer.controls["k"].value = 2
>>> explorer.seeds
[33, 0]
"""

from __future__ import annotations

import ipywidgets as widgets
import networkx as nx
import pandas as pd
from IPython.display import Image

from ..i18n import t
from ..network.diffusion import DiffusionGraph, simulate
from ..network.influence import STRATEGIES, celf, choose_seeds, top_degree
from ..network.risk import key_person_risk, what_if_leaves
from ..network.value import influence_value, referral_value
from .core import Bound, QuickFigure, relabel

__all__ = ["NetworkExplorer", "network_explorer", "NetworkValueExplorer", "network_value_explorer",
           "KeyPersonWhatIf", "key_person_what_if"]

_STYLE = {"description_width": "12em"}
_WIDE = {"width": "32em"}


class _Bound(Bound):
    section = "network"


class NetworkExplorer(_Bound):
    """Choose a seeding strategy, the number of seeds and the activation probability.

    Shows the expected reach (with its 95% interval), the spread over time
    and the network with communities coloured and seeds marked.

    Parameters
    ----------
    G : networkx graph
        The customer network.
    communities : pandas.Series, optional
        node -> community, for colouring.
    runs : int, default 200
        Monte Carlo runs per setting (CELF chooses on these, the reach is
        scored on fresh ones).
    max_k : int, default 10
        Largest number of seeds offered.
    show_plot : bool, default True
        Draw the spread curve and the network; ``False`` keeps only the numbers.
    seed : int, default 0
        Seed of the runs and of the drawing's layout.
    pool : int, default 30
        CELF chooses among the `pool` customers with most ties (ties broken by
        id), not among everybody: scoring every customer takes a minute on a
        few hundred customers when ``p`` is high, and seeds outside the best
        connected few rarely win. ``None`` lets CELF consider everybody.

    Notes
    -----
    Results are kept per (strategy, number of seeds, probability, runs): moving
    a control back, or switching the language, redraws without simulating
    again. CELF picks seeds in greedy order, so it picks ``max_k`` at once
    (later picks cost little) and every ``k`` at that probability reuses them.
    """

    def __init__(self, G: nx.Graph, communities: pd.Series | None = None, *, runs: int = 200,
                 max_k: int = 10, show_plot: bool = True, seed: int = 0,
                 pool: int | None = 30) -> None:
        self.G, self.communities = G, communities
        self.runs, self.show_plot, self.seed = runs, show_plot, seed
        self.graph = DiffusionGraph.from_networkx(G, p=0.05)
        n = G.number_of_nodes()
        self.candidates = None if pool is None or pool >= n else top_degree(G, pool)
        self._results: dict[tuple, tuple] = {}  # (strategy, k, p, runs) -> (seeds, cascade)
        self._celf_picks: dict[tuple, list] = {}  # (p, runs) -> CELF's longest pick list so far
        self._layout: dict | None = None
        self.controls = {
            "strategy": widgets.Dropdown(options=self._strategy_options(), value="degree",
                                         style=_STYLE, layout=_WIDE),
            "k": widgets.IntSlider(value=3, min=1, max=max(1, min(max_k, G.number_of_nodes())),
                                   continuous_update=False, style=_STYLE, layout=_WIDE),
            "p": widgets.FloatSlider(value=0.1, min=0.01, max=0.5, step=0.01,
                                     readout_format=".2f", continuous_update=False,
                                     style=_STYLE, layout=_WIDE),
        }
        self.summary = widgets.HTML()
        self.output = widgets.Output()
        self.seeds: list = []
        self.cascade = None
        self._drawn_language: str | None = None
        super().__init__([self.summary, self.output])

    @staticmethod
    def _strategy_options() -> list[tuple[str, str]]:
        return [(t(f"network.strategy_{name}"), name) for name in STRATEGIES]

    def refresh(self) -> None:
        """Choose seeds and simulate with the current settings; update text and figure."""
        self._relabel()
        strategy = self.controls["strategy"]
        relabel(strategy, self._strategy_options())  # labels in the current language
        current = strategy.value
        k, p = self.controls["k"].value, round(self.controls["p"].value, 4)
        key = (current, k, p, self.runs)
        if key not in self._results:  # a language switch or a move back finds it here
            graph = self.graph.with_probability(p)
            seeds = self._celf(graph, k, p) if current == "celf" else choose_seeds(
                self.G, k, current, seed=self.seed)
            cascade = simulate(graph, seeds, p=p, runs=self.runs, seed=self.seed + 1,
                               progress=False)
            self._results[key] = (seeds, cascade)
        self.seeds, self.cascade = self._results[key]
        self.spread = self.cascade.spread()
        self.summary.value = "<p>" + t("network.widget_summary", seeds=", ".join(
            map(str, self.seeds)), spread=str(self.spread)) + "</p>"
        if self.show_plot:
            self._draw()

    def _celf(self, graph: DiffusionGraph, k: int, p: float) -> list:
        """CELF's first `k` picks among the candidate pool, reusing a longer run's picks."""
        picks = self._celf_picks.get((p, self.runs), [])
        if len(picks) < k:  # pick for the largest k offered: later picks cost little (lazy)
            picks = celf(graph, max(k, self.controls["k"].max), p=p, runs=self.runs, seed=self.seed,
                         candidates=self.candidates, progress=False)["node"].tolist()
            self._celf_picks[(p, self.runs)] = picks
        return picks[:k]

    def _draw(self) -> None:
        """Draw the network once; afterwards redraw only the spread curve and the seeds.

        Rendering hundreds of nodes and edges is most of an update's cost, and only
        the seeds change on the network, so it is kept as the background of a
        :class:`~ckmkit.widgets.core.QuickFigure` (drawn again when the language changes).
        """
        from matplotlib.figure import Figure

        from ..i18n import get_language
        from ..network.plots import draw_network, mark_seeds, spring_layout

        size = 12 if self.G.number_of_nodes() > 300 else 40
        if self._drawn_language != get_language():
            if self._layout is None:  # a layout costs seconds on thousands of nodes: once only
                self._layout = spring_layout(self.G, seed=self.seed)
            self.figure = Figure(figsize=(11, 4.8), layout="constrained")
            left, right = self.figure.subplots(1, 2, width_ratios=[1, 1.2])
            self._spread_curve(left)
            draw_network(self.G, ax=right, communities=self.communities, layout=self._layout,
                         node_size=size)
            self._marks = mark_seeds(right, self.G, self.seeds, self._layout, node_size=size)
            self._quick = QuickFigure(self.figure)
            self._drawn_language = get_language()
        else:
            left, right = self.figure.axes
            for artist in self._marks:
                artist.remove()
            left.clear()
            self._spread_curve(left)
            self._marks = mark_seeds(right, self.G, self.seeds, self._layout, node_size=size)
        png = self._quick.png([left, *self._marks])
        self._show(Image(data=png, format="png"))

    def _spread_curve(self, ax) -> None:
        from ..network.plots import plot_spread_curve

        plot_spread_curve(self.cascade, ax=ax)
        # On the scale of the whole network: reach reads as a share of it, and the
        # labels keep their width, so the layout found for the first drawing still fits.
        ax.set_ylim(0, 1.05 * max(1, self.G.number_of_nodes()))


def network_explorer(G: nx.Graph, communities: pd.Series | None = None, *, runs: int = 200,
                     max_k: int = 10, show_plot: bool = True, seed: int = 0,
                     pool: int | None = 30) -> NetworkExplorer:
    """A :class:`NetworkExplorer` for `G`: whom to seed, and how far word of mouth reaches.

    Parameters
    ----------
    G : networkx graph
        The customer network.
    communities : pandas.Series, optional
        node -> community, for colouring.
    runs : int, default 200
        Monte Carlo runs per setting.
    max_k : int, default 10
        Largest number of seeds offered.
    show_plot : bool, default True
        Draw the spread curve and the network; ``False`` keeps only the numbers.
    seed : int, default 0
        Seed of the runs and of the drawing's layout.
    pool : int or None, default 30
        CELF chooses among this many best-connected customers; ``None``: among everybody.

    Examples
    --------
    >>> explorer = network_explorer(nx.path_graph(5), runs=20, show_plot=False)
    >>> explorer.controls["k"].value = 1
    >>> explorer.seeds
    [1]
    """
    return NetworkExplorer(G, communities, runs=runs, max_k=max_k, show_plot=show_plot, seed=seed,
                           pool=pool)


class NetworkValueExplorer(_Bound):
    """Move the assumptions of incremental network value and watch who is worth most through others.

    A customer's network value is their referral value on the referral network
    plus their influence value on the contact network (see
    :func:`~ckmkit.network.referral_value` and :func:`~ckmkit.network.influence_value`).
    Three sliders set the assumptions: the share of referred customers who would
    not have joined otherwise, the reward paid per referral and the lift in a
    reached customer's purchases. The widget shows the totals, how far the
    whole profit of the customers reached overstates them, how many below-zero
    customers their network value carries, and the top customers as a chart and table.

    Parameters
    ----------
    ties : networkx graph
        The contact network.
    referrals : networkx.DiGraph
        The referral network (referrer -> referred customer).
    values : pandas.Series
        Each customer's own value (e.g. profit or CLV), indexed by customer id.
    p : float or str, default "p"
        Activation probability of a tie, or the edge attribute holding one per tie.
    runs : int, default 200
        Monte Carlo runs of the cascades (simulated once: the lift only scales them).
    seed : int, default 0
        Seed of the cascades.
    top : int, default 10
        Customers shown in the chart and table.
    show_plot : bool, default True
        Draw the chart; ``False`` keeps the numbers and the table.
    influence : pandas.DataFrame, optional
        An :func:`~ckmkit.network.influence_value` table already computed for
        `ties` and `values` (any lift): its ``reached_value`` is reused instead of
        simulating the cascades again.

    Attributes
    ----------
    table : pandas.DataFrame
        The latest values per customer: ``own_value``, ``referral_value``,
        ``influence_value``, ``network_value`` (their sum) and ``total_value``.
    """

    def __init__(self, ties: nx.Graph, referrals: nx.DiGraph, values: pd.Series, *,
                 p: float | str = "p", runs: int = 200, seed: int = 0, top: int = 10,
                 show_plot: bool = True, influence: pd.DataFrame | None = None) -> None:
        self.referrals, self.values = referrals, values
        self.top, self.show_plot = top, show_plot
        # influence_value is lift × the value reached, so the cascades run once, at lift 1
        if influence is None:
            influence = influence_value(ties, values, lift=1.0, p=p, runs=runs, seed=seed, progress=False,
                                        reach=False)
        self.reached = influence["reached_value"]
        slider = {"continuous_update": False, "style": _STYLE, "layout": _WIDE}
        self.controls = {
            "share": widgets.FloatSlider(value=0.5, min=0.0, max=1.0, step=0.05, readout_format=".2f",
                                         **slider),
            "reward": widgets.FloatSlider(value=60.0, min=0.0, max=300.0, step=10.0, readout_format=".0f",
                                          **slider),
            "lift": widgets.FloatSlider(value=0.1, min=0.0, max=0.5, step=0.01, readout_format=".2f",
                                        **slider),
        }
        self.summary = widgets.HTML()
        self.ranking = widgets.HTML()
        self.output = widgets.Output()
        self.table: pd.DataFrame | None = None
        super().__init__([self.summary, self.output, self.ranking])

    def refresh(self) -> None:
        """Recompute the values with the current assumptions; update text, chart and table."""
        import html

        self._relabel()
        share, reward, lift = (self.controls[name].value for name in ("share", "reward", "lift"))
        referral = referral_value(self.referrals, self.values, incremental_share=share, reward=reward)
        table = pd.DataFrame({"own_value": self.values, "referral_value": referral["referral_value"],
                              "influence_value": lift * self.reached})
        table["network_value"] = table["referral_value"] + table["influence_value"]
        table["total_value"] = table["own_value"] + table["network_value"]
        self.table = table
        incremental = table["network_value"].sum()
        below = table["own_value"] < 0
        lines = [t("network.widget_value_parts", referral=table["referral_value"].sum(),
                   influence=table["influence_value"].sum()),
                 t("network.widget_value_whole", whole=self.reached.sum(),
                   times=self.reached.sum() / incremental if incremental > 0 else float("nan")),
                 t("network.widget_value_carried", n=int((below & (table["total_value"] > 0)).sum()),
                   total=int(below.sum()))]
        self.summary.value = "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul>"
        best = table.nlargest(self.top, "network_value")
        headers = [t(f"network.widget_column_{c}") for c in ("customer", *table.columns)]
        rows = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in (
            name, *(f"{x:,.0f}" for x in row))) + "</tr>" for name, row in best.iterrows())
        self.ranking.value = ("<table><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in headers)
                              + "</tr>" + rows + "</table>")
        if self.show_plot:
            from matplotlib.figure import Figure

            from ..network.plots import plot_network_value

            figure = Figure(figsize=(7.0, 0.35 * self.top + 1.5), layout="constrained")
            plot_network_value(table, ax=figure.subplots(), top=self.top)
            self._show(figure)


def network_value_explorer(ties: nx.Graph, referrals: nx.DiGraph, values: pd.Series, *,
                           p: float | str = "p", runs: int = 200, seed: int = 0, top: int = 10,
                           show_plot: bool = True,
                           influence: pd.DataFrame | None = None) -> NetworkValueExplorer:
    """A :class:`NetworkValueExplorer`: referral and influence value under assumptions you set.

    Parameters
    ----------
    ties : networkx graph
        The contact network.
    referrals : networkx.DiGraph
        The referral network (referrer -> referred customer).
    values : pandas.Series
        Each customer's own value, indexed by customer id.
    p : float or str, default "p"
        Activation probability of a tie, or the edge attribute holding one per tie.
    runs : int, default 200
        Monte Carlo runs of the cascades.
    seed : int, default 0
        Seed of the cascades.
    top : int, default 10
        Customers shown in the chart and table.
    show_plot : bool, default True
        Draw the chart; ``False`` keeps the numbers and the table.
    influence : pandas.DataFrame, optional
        An :func:`~ckmkit.network.influence_value` table for `ties` and `values`, reused
        instead of simulating again.

    Examples
    --------
    >>> ties = nx.star_graph(["a", "b", "c"])            # a is the hub
    >>> referrals = nx.DiGraph([("a", "b")])
    >>> own = pd.Series({"a": -20.0, "b": 100.0, "c": 100.0})
    >>> explorer = network_value_explorer(ties, referrals, own, p=1.0, runs=10, show_plot=False)
    >>> explorer.controls["reward"].value = 0.0
    >>> explorer.table.loc["a", ["referral_value", "influence_value"]].tolist()   # 0.5 × 100; 0.1 × 200
    [50.0, 20.0]
    """
    return NetworkValueExplorer(ties, referrals, values, p=p, runs=runs, seed=seed, top=top,
                                show_plot=show_plot, influence=influence)


class KeyPersonWhatIf(_Bound):
    """Pick an employee who leaves: customers and value at risk, before/after drawing.

    Parameters
    ----------
    assignments : pandas.DataFrame
        ``employee_id``, ``customer_id``, ``role`` rows.
    values : pandas.Series or DataFrame, optional
        Value per customer id (revenue, CLV...), summed for customers at risk.
    show_plot : bool, default True
        Draw the employee's neighbourhood before and after they leave.
    seed : int, default 0
        Seed of the drawing's layout.

    Attributes
    ----------
    outcome : ckmkit.network.risk.WhatIf
        The latest :func:`~ckmkit.network.what_if_leaves` result.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"employee_id": ["E1", "E1", "E2"], "customer_id": ["C1", "C2", "C2"],
    ...                   "role": ["primary", "primary", "backup"]})
    >>> w = key_person_what_if(a, pd.Series({"C1": 90.0, "C2": 10.0}, name="revenue"),
    ...                        show_plot=False)
    >>> w.controls["employee"].value = "E2"
    >>> int(w.outcome.summary["customers_orphaned"]), int(w.outcome.summary["customers_to_backup"])
    (0, 0)
    >>> w.controls["employee"].value = "E1"
    >>> float(w.outcome.summary["revenue_at_risk"])
    90.0
    """

    def __init__(self, assignments: pd.DataFrame, values: pd.Series | pd.DataFrame | None = None,
                 *, show_plot: bool = True, seed: int = 0) -> None:
        from ..network.graphs import assignment_graph

        self.assignments, self.values = assignments, values
        self.show_plot, self.seed = show_plot, seed
        self.risk = key_person_risk(assignments, values)
        self.graph = assignment_graph(assignments)
        self.controls = {"employee": widgets.Dropdown(options=list(self.risk.index),
                                                      style=_STYLE, layout=_WIDE)}
        self.summary = widgets.HTML()
        self.output = widgets.Output()
        self.outcome = None
        super().__init__([self.summary, self.output])

    def refresh(self) -> None:
        """Recompute the what-if for the chosen employee."""
        self._relabel()
        employee = self.controls["employee"].value
        self.outcome = what_if_leaves(self.assignments, employee, self.values)
        s = self.outcome.summary
        lines = [t("network.widget_orphaned", n=int(s["customers_orphaned"])),
                 t("network.widget_to_backup", n=int(s["customers_to_backup"]))]
        lines += [t("network.widget_value_at_risk", column=_column_name(name[: -len("_at_risk")]),
                    value=s[name], share=s[name.replace("_at_risk", "_share_at_risk")])
                  for name in s.index if name.endswith("_at_risk") and "_share_" not in name]
        self.summary.value = "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"
        if self.show_plot:
            self._draw(employee)

    def _draw(self, employee: str) -> None:
        from matplotlib.figure import Figure

        from ..network.plots import draw_assignments, spring_layout

        near = nx.ego_graph(self.graph, employee, radius=2)  # their customers and co-workers
        layout = spring_layout(near, seed=self.seed)
        figure = self.figure = Figure(figsize=(11, 4.8), layout="constrained")
        before, after = figure.subplots(1, 2)
        draw_assignments(near, ax=before, layout=layout)
        draw_assignments(near, leaving=[employee], ax=after, layout=layout)
        before.set_title(t("network.widget_before"))
        after.set_title(t("network.widget_after", employee=employee))
        self._show(figure)


def _column_name(column: str) -> str:
    """A value column as readers know it: "revenue" and "profit" in their language, else as is."""
    return t(f"common.{column}") if column in ("revenue", "profit") else column


def key_person_what_if(assignments: pd.DataFrame, values: pd.Series | pd.DataFrame | None = None,
                       *, show_plot: bool = True, seed: int = 0) -> KeyPersonWhatIf:
    """A :class:`KeyPersonWhatIf` for the `assignments` table: who is at risk if one employee leaves.

    Parameters
    ----------
    assignments : pandas.DataFrame
        ``employee_id``, ``customer_id``, ``role`` rows.
    values : pandas.Series or DataFrame, optional
        Value per customer id (revenue, CLV...), summed for customers at risk.
    show_plot : bool, default True
        Draw the employee's neighbourhood before and after they leave.
    seed : int, default 0
        Seed of the drawing's layout.

    Examples
    --------
    >>> a = pd.DataFrame({"employee_id": ["E1", "E2"], "customer_id": ["C1", "C1"],
    ...                   "role": ["primary", "backup"]})
    >>> w = key_person_what_if(a, show_plot=False)
    >>> int(w.outcome.summary["customers_to_backup"])
    1
    """
    return KeyPersonWhatIf(assignments, values, show_plot=show_plot, seed=seed)
