"""Chapter 5 widget: move the assumptions of customer engagement value, see who moves.

The explorer binds five sliders to :func:`ckmkit.engagement.engagement_value` and shows
the four components,
the customers CLV alone undervalues and overvalues most, and how many customers
change group in Kumar's CLV × CRV 2 × 2 compared
with the default assumptions (the groups' cut-offs stay those of the defaults, so a
move is a change of the customer, not of the line). CLV is computed once per
discount rate, and influence value once per discount rate and word-of-mouth
probability (with `runs` cascades per customer, 50 by default so that a move
takes seconds); both are kept, so moving back is instant. Referral and knowledge
value are linear in their sliders (share × referred customers' value − reward ×
referrals; idea value × credited ideas), so those sliders only rescale.

Examples
--------
>>> from ckmkit.datasets import make_crm_world
>>> explorer = engagement_explorer(make_crm_world(300, seed=1), show_plot=False, runs=50)
>>> explorer.moved
0
>>> explorer.controls["incremental_share"].value = 1.0
>>> explorer.moved > 0
True
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from ..engagement.course import (
    COMPONENTS,
    IDEA_TYPES,
    QUADRANT_NAMES,
    customer_clv,
    engagement_quadrants,
    engagement_value,
    knowledge_value,
    ranking_shift,
)
from ..i18n import t
from .core import Bound

__all__ = ["EngagementExplorer", "engagement_explorer"]

_DEFAULTS = {"referral_reward": 60.0, "incremental_share": 0.5, "influence_probability": 0.03,
             "idea_value": 2500.0, "discount_rate": 0.10}
_RANGES = {"referral_reward": (0.0, 300.0, 10.0, ".0f"), "incremental_share": (0.0, 1.0, 0.05, ".2f"),
           "influence_probability": (0.01, 0.05, 0.01, ".2f"), "idea_value": (0.0, 10000.0, 250.0, ".0f"),
           "discount_rate": (0.0, 0.3, 0.01, ".2f")}
_QUADRANTS = list(dict.fromkeys(QUADRANT_NAMES.values()))


def _slider(name: str, value: float) -> widgets.FloatSlider:
    low, high, step, fmt = _RANGES[name]
    return widgets.FloatSlider(value=value, min=low, max=high, step=step, readout_format=fmt,
                               continuous_update=False, style={"description_width": "16em"},
                               layout={"width": "34em"})


class EngagementExplorer(Bound):
    """Assumption sliders → the four components, the ranking shift and moves between groups.

    After each change ``result`` holds the engagement-value table, ``shift`` the
    ranking shift, ``quadrants`` each customer's group and ``moved`` how many
    customers are in another group than with the defaults.

    Parameters
    ----------
    world : CRMWorld
        The CRM world (:func:`ckmkit.datasets.load_crm_world`).
    show_plot : bool, default True
        Draw the four components' totals as bars.
    top : int, default 5
        Customers listed as climbing and falling most.
    runs : int, default 50
        Simulated cascades per customer for the influence value.
    table : pandas.DataFrame, optional
        Engagement value of `world` at the explorer's defaults (discount rate 0.10,
        word of mouth 0.03 per contact), as :func:`ckmkit.engagement.course.engagement_value`
        returns it: its CLV and influence value are used instead of computing them again.
    """

    section = "engagement"

    def __init__(self, world, *, show_plot: bool = True, top: int = 5, runs: int = 50,
                 table: pd.DataFrame | None = None) -> None:
        self.world, self.show_plot, self.top, self.runs = world, show_plot, top, runs
        from ..network import referral_graph

        self._clv: dict[float, pd.Series] = {}
        self._tables: dict[tuple[float, float], pd.DataFrame] = {}
        self._referrals: dict[float, pd.DataFrame] = {}
        self._graph = referral_graph(world.referrals, world.customers)
        self._ids = pd.Index(world.customers["customer_id"], name="customer_id")
        self._ideas = knowledge_value(world.feedback, idea_value=1.0).reindex(self._ids, fill_value=0.0)
        if table is not None:
            rate, p = _DEFAULTS["discount_rate"], _DEFAULTS["influence_probability"]
            self._clv[rate], self._tables[rate, p] = table["clv"], table
        defaults = {**_DEFAULTS, "idea_value": self._mean_idea()}
        base = self._table(defaults)
        self._cuts = (float(base["clv"][base["clv"] > 0].median()),
                      float(base["referral_value"][base["referral_value"] > 0].median()))
        self.baseline = self._groups(base)
        self.controls = {name: _slider(name, value) for name, value in defaults.items()}
        self.summary = widgets.HTML()
        self.output = widgets.Output()
        self.moved = 0
        super().__init__([self.summary, self.output])

    def _mean_idea(self) -> float:
        """The recorded mean value of an adopted idea, on the slider's grid."""
        fb = self.world.feedback
        adopted = fb.loc[fb["knowledge_type"].isin(IDEA_TYPES) & (fb["adopted"] == "yes"), "value"]
        step = _RANGES["idea_value"][2]
        return float(round(adopted.mean() / step) * step) if len(adopted) else _DEFAULTS["idea_value"]

    def _table(self, values: dict[str, float]) -> pd.DataFrame:
        from ..network import referral_value

        rate, p = round(values["discount_rate"], 4), round(values["influence_probability"], 4)
        if rate not in self._clv:
            world = self.world
            self._clv[rate] = customer_clv(world.transactions, interactions=world.interactions,
                                           discount_rate=rate).reindex(self._ids, fill_value=0.0)
        clv = self._clv[rate]
        if (rate, p) not in self._tables:
            self._tables[rate, p] = engagement_value(self.world, clv=clv, influence_probability=p,
                                                     runs=self.runs)
        if rate not in self._referrals:
            self._referrals[rate] = referral_value(self._graph, clv).reindex(self._ids, fill_value=0.0)
        brought = self._referrals[rate]
        table = pd.DataFrame({
            "clv": clv,
            "referral_value": values["incremental_share"] * brought["referred_value"]
            - values["referral_reward"] * brought["referrals"],
            "influence_value": self._tables[rate, p]["influence_value"],
            "knowledge_value": values["idea_value"] * self._ideas,
        }, index=self._ids)
        table["engagement_value"] = table[list(COMPONENTS)].sum(axis=1)
        return table

    def _groups(self, table: pd.DataFrame) -> pd.Series:
        return engagement_quadrants(table, clv_cut=self._cuts[0], crv_cut=self._cuts[1])

    def refresh(self) -> None:
        """Recompute engagement value for the sliders' assumptions and redraw."""
        self._relabel()
        self.result = self._table({name: c.value for name, c in self.controls.items()})
        self.shift = ranking_shift(self.result)
        self.quadrants = self._groups(self.result)
        self.moved = int((self.quadrants != self.baseline).sum())
        self.summary.value = self._html()
        if self.show_plot:
            self._draw()

    def _components(self) -> pd.DataFrame:
        columns = [*COMPONENTS, "engagement_value"]
        totals = self.result[columns].sum()
        shares = totals / totals["engagement_value"]
        return pd.DataFrame({
            t("engagement.widget_component"): [t(f"engagement.widget_c_{c}") for c in columns],
            t("engagement.widget_total"): totals.map("{:,.0f}".format).to_numpy(),
            t("engagement.widget_share"): shares.map("{:.1%}".format).to_numpy(),
            t("engagement.widget_nonzero"): (self.result[columns] != 0).sum().to_numpy(),
        })

    def _ranks(self, rows: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame({t("engagement.widget_customer"): rows.index,
                             t("engagement.widget_clv_rank"): rows["clv_rank"].to_numpy(),
                             t("engagement.widget_cev_rank"): rows["cev_rank"].to_numpy()})

    def _moves(self) -> pd.DataFrame:
        names = {q: t(f"engagement.quadrant.{q}") for q in _QUADRANTS}
        table = pd.crosstab(self.baseline, self.quadrants).reindex(index=_QUADRANTS, columns=_QUADRANTS,
                                                                    fill_value=0)
        return table.rename(index=names, columns=names).rename_axis(index=None, columns=None)

    def _html(self) -> str:
        def block(title: str, frame: pd.DataFrame, index: bool = False) -> str:
            # to_html escapes every cell and header, so customer ids from a user's data are safe.
            return f"<b>{html.escape(title)}</b>{frame.to_html(index=index, border=0)}"

        moved = t("engagement.widget_moved", n=f"{self.moved:,}", total=f"{len(self.result):,}")
        return "".join([
            block(t("engagement.widget_components"), self._components()),
            block(t("engagement.widget_climbers"), self._ranks(self.shift.head(self.top))),
            block(t("engagement.widget_fallers"), self._ranks(self.shift.tail(self.top).iloc[::-1])),
            f"<p>{html.escape(moved)}</p>",
            block(t("engagement.widget_moves"), self._moves(), index=True),
        ])

    def _draw(self) -> None:
        from matplotlib.figure import Figure

        from ..plotting import PALETTE, use_cjk_font

        use_cjk_font()  # the labels are Chinese in a Chinese notebook
        totals = self.result[list(COMPONENTS)].sum()
        self.figure = Figure(figsize=(6.0, 2.4), layout="constrained")
        ax = self.figure.subplots()
        ax.barh([t(f"engagement.widget_c_{c}") for c in COMPONENTS][::-1], totals.to_numpy()[::-1],
                color=PALETTE["mvc"])
        ax.set_xlabel(t("engagement.widget_yuan"))
        self._show(self.figure)


def engagement_explorer(world=None, *, show_plot: bool = True, top: int = 5, runs: int = 50,
                        table: pd.DataFrame | None = None) -> EngagementExplorer:
    """An :class:`EngagementExplorer` for `world`: move the assumptions, see who moves.

    Parameters
    ----------
    world : CRMWorld, optional
        Defaults to the bundled world (:func:`ckmkit.datasets.load_crm_world`).
    show_plot : bool, default True
        Draw the four components' totals as bars.
    top : int, default 5
        Customers listed as climbing and falling most.
    runs : int, default 50
        Simulated cascades per customer for the influence value.
    table : pandas.DataFrame, optional
        Engagement value of `world` at the explorer's defaults, to start from (see
        :class:`EngagementExplorer`).
    """
    if world is None:
        from ..datasets import load_crm_world

        world = load_crm_world()
    return EngagementExplorer(world, show_plot=show_plot, top=top, runs=runs, table=table)
