"""Widgets for chapter 2: a customer-class explorer and a retention-vs-acquisition what-if.

Both only bind sliders to plain functions of :mod:`ckmkit.value`
(:func:`~ckmkit.value.value_classes` or :func:`~ckmkit.value.classify_customers`,
:func:`~ckmkit.value.class_summary`, :func:`~ckmkit.value.acquisition_vs_retention`); the
latest numbers are kept in ``result`` so tests (and curious readers) can read them after moving a
slider.

Examples
--------
>>> from ckmkit.widgets.value import retention_what_if
>>> whatif = retention_what_if(show_plot=False)
>>> whatif.controls["retention"].value = 0.9
>>> round(whatif.clv, 2)
348.34
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pandas as pd
from IPython.display import Image

from ..i18n import t
from ..value.classes import CLASSES, class_summary, classify_customers, peer_potential, value_classes
from ..value.clv import acquisition_vs_retention, retention_clv
from .core import Bound, QuickFigure

__all__ = ["SegmentExplorer", "segment_explorer", "RetentionWhatIf", "retention_what_if"]


def _slider(value, low, high, step, fmt=".2f"):
    return widgets.FloatSlider(value=value, min=low, max=high, step=step, readout_format=fmt,
                               continuous_update=False, style={"description_width": "14em"},
                               layout={"width": "30em"})


class _Bound(Bound):
    section = "value"


class SegmentExplorer(_Bound):
    """Move the class thresholds; see class sizes, shares and the value matrix.

    With a ``clv`` column (the output of :func:`~ckmkit.value.customer_lifetime_value`)
    the classes are :func:`~ckmkit.value.value_classes` on CLV: one value measure,
    BZC when the expected value is below zero, potential from a ``potential`` column
    or else the peer potential on CLV (90th percentile, fixed while the sliders
    move). Without one, the revenue-based rules of
    :func:`~ckmkit.value.classify_customers` apply.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per customer with ``clv`` (and optionally ``potential``), or with
        ``revenue``, ``potential`` and either ``profit`` or both ``margin`` and
        ``cost_to_serve`` (then a slider scales the cost to serve, and profit =
        margin − factor × cost to serve).
    show_plot : bool, default True
        Draw the value matrix (a seeded sample of at most `sample` customers; moving a
        slider recolours the same dots).
    sample : int, default 3000
        Most customers drawn as dots (the table above counts them all).
    seed : int, default 0
        Seed of the sample drawn.
    """

    def __init__(self, table: pd.DataFrame, *, show_plot: bool = True, sample: int = 3000,
                 seed: int = 0) -> None:
        self.on_clv = "clv" in table.columns
        if self.on_clv and "potential" not in table.columns:  # held still: the dots never move
            table = table.assign(potential=peer_potential(table["clv"].astype("float64")))
        self.table = table
        self.show_plot, self.sample, self.seed = show_plot, sample, seed
        self._costed = not self.on_clv and {"margin", "cost_to_serve"} <= set(table.columns)
        self.controls = {
            "pareto_share": _slider(0.8, 0.5, 0.95, 0.05),
            "mgc_quantile": _slider(0.75, 0.5, 0.95, 0.05),
        }
        if not self.on_clv:
            rate = float(table["margin"].sum() / table["revenue"].sum()) if "margin" in table else 0.3
            # The exact rate, not one rounded to the step: the classes match classify_customers'.
            self.controls["margin_rate"] = _slider(float(np.clip(rate, 0, 0.8)), 0.0, 0.8, 0.01)
        if self._costed:
            self.controls["cost_factor"] = _slider(1.0, 0.0, 3.0, 0.1, ".1f")
        self.summary = widgets.HTML()
        self.output = widgets.Output()
        self.result: pd.DataFrame | None = None
        self.classified: pd.DataFrame | None = None
        self._pick: np.ndarray | None = None  # positions of the customers drawn
        self._drawn_language: str | None = None
        self._current = "clv" if self.on_clv else "revenue"  # the value matrix's x axis
        super().__init__([self.summary, self.output])

    def _relabel(self) -> None:
        super()._relabel()
        if self.on_clv:
            self.controls["pareto_share"].description = t("value.widget_pareto_share_clv")

    def refresh(self) -> None:
        """Reclassify with the current slider values and update the table and figure."""
        self._relabel()
        c = {name: control.value for name, control in self.controls.items()}
        if self.on_clv:
            self.classified = value_classes(self.table, potential=self.table["potential"],
                                            pareto_share=c["pareto_share"], mgc_quantile=c["mgc_quantile"])
            self.result = class_summary(self.classified, value="clv", profit=None)
        else:
            table = self.table
            if self._costed:
                table = table.assign(profit=table["margin"] - c["cost_factor"] * table["cost_to_serve"])
            self.classified = classify_customers(
                table, margin_rate=c["margin_rate"], pareto_share=c["pareto_share"],
                mgc_quantile=c["mgc_quantile"])
            self.result = class_summary(self.classified)
        self.summary.value = self._html(self.result)
        if self.show_plot:
            self._draw()

    def _html(self, result: pd.DataFrame) -> str:
        shares = {"clv": "value.widget_clv_share"} if self.on_clv else {
            "revenue": "value.widget_revenue_share", "profit": "value.widget_profit_share"}
        shown = pd.DataFrame({
            t("value.widget_class"): result["label"],
            t("value.widget_customers"): result["customers"].astype(int),
            t("value.widget_customer_share"): result["customers_share"].map("{:.1%}".format),
            **{t(key): result[f"{measure}_share"].map("{:.1%}".format) for measure, key in shares.items()},
        })
        return shown.to_html(index=False, border=0)

    def _draw(self) -> None:
        """Draw the value matrix once; afterwards only recolour and redraw the dots.

        A slider moves customers between classes but never moves a dot (current value
        and unrealised potential do not depend on the sliders), so axes, labels and
        legend are rendered once (again when the language changes) and kept as the
        background of a :class:`~ckmkit.widgets.core.QuickFigure`.
        """
        from matplotlib.figure import Figure

        from ..i18n import get_language
        from ..value.plots import matrix_points, plot_value_matrix, regroup_dots, value_matrix_legend

        data = self.classified
        if self._pick is None:  # thousands of dots say as much as 100,000, and draw fast
            n = len(data)
            pick = np.arange(n)
            if n > self.sample:
                pick = np.sort(np.random.default_rng(self.seed).choice(n, self.sample, replace=False))
            self._pick = pick
        codes = data["customer_class"].cat.codes.to_numpy()[self._pick]
        if self._drawn_language != get_language():
            self.figure = Figure(figsize=(6.5, 4.2), layout="constrained")
            ax = plot_value_matrix(data.iloc[self._pick], ax=self.figure.subplots(), current=self._current)
            value_matrix_legend(ax)  # the counts are in the table; this legend never changes
            self._dots = ax.collections[:len(CLASSES)]
            self._over = self._dots + ax.lines  # the dashed medians stay above the dots
            self._xy = matrix_points(data.iloc[self._pick], self._current)
            self._quick = QuickFigure(self.figure)
            self._drawn_language = get_language()
        regroup_dots(self._dots, *self._xy, codes)
        png = self._quick.png(self._over)
        self._show(Image(data=png, format="png"))


def segment_explorer(table: pd.DataFrame, *, show_plot: bool = True, sample: int = 3000,
                     seed: int = 0) -> SegmentExplorer:
    """A :class:`SegmentExplorer` for `table`: move the class thresholds, see the classes change.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per customer with ``clv`` (classes on lifetime value), or with
        ``revenue``, ``potential`` and either ``profit`` or both ``margin`` and
        ``cost_to_serve`` (see :class:`SegmentExplorer`).
    show_plot : bool, default True
        Draw the value matrix.
    sample : int, default 3000
        Most customers drawn as dots (the table above counts them all).
    seed : int, default 0
        Seed of the sample drawn.

    Examples
    --------
    >>> table = pd.DataFrame({"revenue": [500.0, 300, 100, 50], "potential": [100.0, 900, 50, 20],
    ...                       "profit": [150.0, 90, 30, -10]})
    >>> explorer = segment_explorer(table, show_plot=False)
    >>> int(explorer.result["customers"].sum())
    4
    >>> on_clv = segment_explorer(pd.DataFrame({"clv": [900.0, 300, 40, -20]}), show_plot=False)
    >>> on_clv.result["customers"].tolist()  # bzc, mvc, mgc, other
    [1, 1, 0, 2]
    """
    return SegmentExplorer(table, show_plot=show_plot, sample=sample, seed=seed)


class RetentionWhatIf(_Bound):
    """Retention vs acquisition: one budget, two ways to spend it (docs/DOMAIN.md §4.4: acquisition ≈ 6×).

    ``result`` is the table of :func:`ckmkit.value.acquisition_vs_retention`,
    ``clv`` the value of one retained customer (:func:`ckmkit.value.retention_clv`).

    Parameters
    ----------
    show_plot : bool, default True
        Draw the net value of both options as bars.
    """

    def __init__(self, *, show_plot: bool = True) -> None:
        self.show_plot = show_plot
        self.controls = {
            "retention": _slider(0.8, 0.3, 0.95, 0.01),
            "margin": _slider(100.0, 10.0, 500.0, 10.0, ".0f"),
            "discount": _slider(0.1, 0.0, 0.3, 0.01),
            "retention_cost": _slider(50.0, 5.0, 300.0, 5.0, ".0f"),
            "multiple": _slider(6.0, 1.0, 25.0, 0.5, ".1f"),
            "budget": _slider(30000.0, 1000.0, 100000.0, 1000.0, ".0f"),
        }
        self.periods = widgets.IntSlider(value=5, min=1, max=20, continuous_update=False,
                                         style={"description_width": "14em"}, layout={"width": "30em"})
        self.controls["periods"] = self.periods
        self.summary = widgets.HTML()
        self.output = widgets.Output()
        self.result: pd.DataFrame | None = None
        self.clv = float("nan")
        super().__init__([self.summary, self.output])

    def refresh(self) -> None:
        """Recompute CLV and the budget outcome for the current sliders."""
        self._relabel()
        c = {name: control.value for name, control in self.controls.items()}
        self.clv = retention_clv(c["margin"], c["retention"], c["discount"], c["periods"])
        self.result = acquisition_vs_retention(
            c["budget"], c["retention_cost"], acquisition_multiple=c["multiple"],
            margin=c["margin"], retention=c["retention"], discount_rate=c["discount"],
            periods=c["periods"])
        net = self.result["net"]
        if np.isclose(net["retain"], net["acquire"]):
            verdict = t("value.widget_verdict_tie")
        else:
            better = "retain" if net["retain"] > net["acquire"] else "acquire"
            verdict = t("value.widget_verdict_better", better=t(f"value.widget_option_{better}"))
        self.summary.value = "<p>" + t(
            "value.widget_whatif_text", clv=f"{self.clv:,.0f}",
            retain=f"{self.result.loc['retain', 'customers']:,.0f}",
            acquire=f"{self.result.loc['acquire', 'customers']:,.0f}",
            net_retain=f"{self.result.loc['retain', 'net']:,.0f}",
            net_acquire=f"{self.result.loc['acquire', 'net']:,.0f}",
            verdict=verdict) + "</p>"
        if self.show_plot:
            self._draw()

    def _draw(self) -> None:
        from matplotlib.figure import Figure

        from ..plotting import PALETTE, new_axes, thousands

        figure = self.figure = Figure(figsize=(5.5, 3.2), layout="constrained")
        ax = new_axes(figure.subplots())
        labels = [t("value.widget_option_retain"), t("value.widget_option_acquire")]
        ax.bar(labels, self.result["net"], color=[PALETTE["mvc"], PALETTE["accent"]])
        ax.axhline(0, color=PALETTE["ink"], linewidth=0.8)
        ax.set(ylabel=t("value.widget_net"), title=t("value.widget_whatif_title"))
        thousands(ax.yaxis)
        self._show(figure)


def retention_what_if(*, show_plot: bool = True) -> RetentionWhatIf:
    """A :class:`RetentionWhatIf` with the course's default numbers.

    Parameters
    ----------
    show_plot : bool, default True
        Draw the net value of both options as bars.

    Examples
    --------
    >>> whatif = retention_what_if(show_plot=False)
    >>> whatif.controls["budget"].value
    30000.0
    """
    return RetentionWhatIf(show_plot=show_plot)
