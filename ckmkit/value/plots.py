"""Figures for chapter 2. Each takes data, draws on `ax` (or a new Axes) and returns it.

Titles, axis labels and legends come from the ``value`` catalogue, so they follow
:func:`ckmkit.set_language`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..i18n import t
from ..quality import require_columns
from ._frames import customer_rows
from .classes import CLASSES, QUADRANTS, class_label, quadrant_label
from .concentration import gini, lorenz, top_share, whale_curve

__all__ = [
    "plot_calibration_holdout",
    "plot_frequency_recency",
    "plot_lorenz",
    "plot_pareto",
    "plot_period_transactions",
    "plot_rfm_heatmap",
    "plot_tracking",
    "plot_value_matrix",
    "plot_whale",
]


def _axes(ax, figsize=(6.5, 4.0)):
    from ..plotting import new_axes

    return new_axes(ax, figsize=figsize)


def _percent(axis) -> None:
    from matplotlib.ticker import PercentFormatter

    axis.set_major_formatter(PercentFormatter(1.0, decimals=0))


def plot_lorenz(values: Any, ax=None, *, what: str | None = None):
    """Lorenz curve with the line of equality; the legend gives the Gini coefficient.

    Parameters
    ----------
    values : array-like
        One value per customer (revenue, profit, CLV, ...).
    ax : matplotlib.axes.Axes, optional
        Where to draw; default None: a new figure.
    what : str, optional
        What the values are, for the title and axis label (default: revenue).

    Examples
    --------
    >>> ax = plot_lorenz([1, 2, 3, 10], what="CLV")
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('share of customers (smallest first)', 'share of CLV')
    """
    from ..plotting import PALETTE

    what = what or t("value.plot_revenue")
    ax = _axes(ax)
    curve = lorenz(values)
    ax.plot([0, 1], [0, 1], color=PALETTE["other"], linestyle="--", label=t("value.plot_equality"))
    ax.plot(curve["customer_share"], curve["value_share"], color=PALETTE["mvc"],
            label=t("value.plot_lorenz_legend", gini=f"{gini(values):.3f}"))
    ax.fill_between(curve["customer_share"], curve["value_share"], curve["customer_share"],
                    color=PALETTE["mvc"], alpha=0.12)
    ax.set(xlim=(0, 1), ylim=(0, 1), title=t("value.plot_lorenz_title", what=what),
           xlabel=t("value.plot_customers_ascending"), ylabel=t("value.plot_value_share", what=what))
    _percent(ax.xaxis), _percent(ax.yaxis)
    ax.legend(loc="upper left")
    return ax


def plot_pareto(values: Any, ax=None, *, top_fraction: float = 0.2, target_share: float = 0.8):
    """Cumulative share of value by the top customers, with the 80/20 reference lines.

    Parameters
    ----------
    values : array-like
        One value per customer (finite, ≥ 0).
    ax : matplotlib.axes.Axes, optional
        Where to draw; default None: a new figure.
    top_fraction : float, default 0.2
        The share of customers at the top, marked by a dotted line and a point.
    target_share : float, default 0.8
        The share of value they should make, marked by a dashed line.

    Examples
    --------
    >>> ax = plot_pareto([1, 2, 3, 10])
    >>> round(float(ax.lines[0].get_ydata()[1]), 3)
    0.625
    """
    from ..plotting import PALETTE

    ax = _axes(ax)
    curve = lorenz(values)
    x = curve["customer_share"].to_numpy()
    y = 1 - curve["value_share"].to_numpy()[::-1]  # top customers first
    share = top_share(values, top_fraction)
    ax.plot(x, y, color=PALETTE["mvc"], label=t("value.plot_cumulative_value"))
    ax.axvline(top_fraction, color=PALETTE["accent"], linestyle=":")
    ax.axhline(target_share, color=PALETTE["other"], linestyle="--",
               label=t("value.plot_target", target=f"{target_share:.0%}"))
    ax.plot([top_fraction], [share], "o", color=PALETTE["accent"],
            label=t("value.plot_top_share", top=f"{top_fraction:.0%}", share=f"{share:.1%}"))
    ax.set(xlim=(0, 1), ylim=(0, 1.02), title=t("value.plot_pareto_title"),
           xlabel=t("value.plot_customers_descending"),
           ylabel=t("value.plot_value_share", what=t("value.plot_revenue")))
    _percent(ax.xaxis), _percent(ax.yaxis)
    ax.legend(loc="lower right")
    return ax


def plot_whale(profit: Any, ax=None):
    """Whale curve: cumulative profit share, most profitable customers first.

    Parameters
    ----------
    profit : array-like
        One profit per customer (losses negative); the total must be positive.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default None: a new figure.

    Examples
    --------
    >>> ax = plot_whale([60, 50, -10])
    >>> round(float(max(ax.lines[0].get_ydata())), 2)
    1.1
    """
    from ..plotting import PALETTE

    ax = _axes(ax)
    curve = whale_curve(profit)
    ax.plot(curve["customer_share"], curve["profit_share"], color=PALETTE["bzc"])
    ax.axhline(1.0, color=PALETTE["other"], linestyle="--")
    ax.set(title=t("value.plot_whale_title"), xlabel=t("value.plot_customers_by_profit"),
           ylabel=t("value.plot_profit_share"), xlim=(0, 1))
    _percent(ax.xaxis), _percent(ax.yaxis)
    return ax


def plot_rfm_heatmap(scores: pd.DataFrame, ax=None, *, value: str = "monetary",
                     aggregate: str = "mean", min_customers: int = 10):
    """R × F grid coloured by the mean (or count, ``aggregate="count"``) of `value`.

    Cells of fewer than `min_customers` customers are labelled but left out of the
    colour scale, so that a handful of extreme customers cannot wash out the rest.

    Parameters
    ----------
    scores : pandas.DataFrame
        The output of :func:`ckmkit.value.rfm_scores` (columns ``R``, ``F`` and `value`).
    ax : matplotlib.axes.Axes, optional
        Where to draw; default None: a new figure.
    value : str, default "monetary"
        The column to aggregate per cell.
    aggregate : {"mean", "count"}, default "mean"
        The mean of `value` per cell, or the number of customers.
    min_customers : int, default 10
        Cells with fewer customers are labelled but left out of the colour scale.

    Examples
    --------
    >>> import pandas as pd
    >>> scores = pd.DataFrame({"R": [1, 2, 2], "F": [1, 1, 2], "monetary": [5.0, 7.0, 9.0]})
    >>> ax = plot_rfm_heatmap(scores, min_customers=1)
    >>> ax.get_xlabel(), ax.figure.axes[-1].get_ylabel()
    ('F score (frequency)', 'mean monetary value')
    """
    require_columns(scores, ["R", "F", value])
    ax = _axes(ax, figsize=(5.5, 4.5))
    table = scores.pivot_table(index="R", columns="F", values=value, aggfunc=[aggregate, "size"])
    grid = table[aggregate].sort_index(ascending=False)
    cells = grid.to_numpy(dtype=float)
    sizes = table["size"].reindex(index=grid.index, columns=grid.columns).to_numpy(dtype=float)
    scaled = cells[np.isfinite(cells) & (sizes >= min_customers)]
    image = ax.imshow(cells, cmap="Blues", aspect="auto",
                      vmin=scaled.min() if scaled.size else None,
                      vmax=scaled.max() if scaled.size else None)
    ax.set_xticks(range(grid.shape[1]), [str(c) for c in grid.columns])
    ax.set_yticks(range(grid.shape[0]), [str(r) for r in grid.index])
    for (i, j), cell in np.ndenumerate(cells):
        if np.isfinite(cell):  # white on dark cells, ink on light ones
            dark = image.norm(cell) > 0.6
            ax.text(j, i, f"{cell:,.0f}", ha="center", va="center", fontsize=8,
                    color="white" if dark else "black")
    label = t("value.plot_count") if aggregate == "count" else t(
        "value.plot_mean_of", column=_column_name(value))
    ax.figure.colorbar(image, ax=ax, label=label, extend="both" if scaled.size < np.isfinite(
        cells).sum() else "neither")
    ax.set(title=t("value.plot_rfm_title"), xlabel=t("value.plot_f_score"),
           ylabel=t("value.plot_r_score"))
    ax.grid(False)
    return ax


def _column_name(column: str) -> str:
    """A summary column as readers call it (the column name itself when it has no name)."""
    try:
        return t(f"value.column_{column}")
    except KeyError:
        return column


def plot_frequency_recency(model: Any, ax=None, *, T: float | None = None, kind: str = "p_alive",
                           t_ahead: float = 1.0, max_frequency: int | None = None):
    """Matrix of P(alive) or expected purchases over frequency × recency for a customer of age `T`.

    Fader, Hardie & Lee (2005) use such iso-value plots: at equal frequency,
    a customer whose last purchase lies long ago is probably gone.

    Parameters
    ----------
    model : BetaGeo or ParetoNBD
        A fitted transaction model.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default None: a new figure.
    T : float, optional
        The customers' age, in the unit the model was fitted in; default 39.
    kind : {"p_alive", "expected"}, default "p_alive"
        Colour by P(alive) or by expected purchases in the next `t_ahead` units.
    t_ahead : float, default 1.0
        The horizon of ``kind="expected"``.
    max_frequency : int, optional
        The largest frequency shown; default 20.

    Examples
    --------
    >>> from ckmkit.value import BetaGeo
    >>> model = BetaGeo()
    >>> model.params_ = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}  # CDNOW's estimates
    >>> plot_frequency_recency(model, max_frequency=5).get_title()
    'probability the customer is still active'
    """
    if kind not in ("p_alive", "expected"):
        raise ValueError(t("value.unknown_code", value=repr(kind), choices="p_alive, expected"))
    ax = _axes(ax, figsize=(6.0, 4.5))
    T = float(T if T is not None else 39.0)
    max_frequency = int(max_frequency if max_frequency is not None else 20)
    # Recency at the centre of each of 40 rows of the image (a repeat buyer's recency is > 0).
    x, recency = np.meshgrid(np.arange(max_frequency + 1), (np.arange(40) + 0.5) * T / 40)
    grid = pd.DataFrame({"frequency": x.ravel(), "recency": recency.ravel(), "T": T})
    grid.loc[grid["frequency"] == 0, "recency"] = 0.0
    values = (model.p_alive(grid) if kind == "p_alive" else model.expected_purchases(grid, t=t_ahead))
    matrix = np.asarray(values, dtype=float).reshape(x.shape)
    image = ax.imshow(matrix, origin="lower", aspect="auto", cmap="viridis",
                      extent=(-0.5, max_frequency + 0.5, 0, T))
    label = t("value.plot_p_alive") if kind == "p_alive" else t(
        "value.plot_expected_next", t=f"{t_ahead:g}")
    ax.figure.colorbar(image, ax=ax, label=label)
    ax.set(title=label, xlabel=t("value.plot_frequency"), ylabel=t("value.plot_recency"))
    ax.grid(False)
    return ax


def plot_calibration_holdout(model: Any, split: Any, ax=None, *, max_frequency: int = 7,
                             time_unit: str | None = None):
    """Mean holdout purchases by calibration frequency: actual against the model's forecast.

    Parameters
    ----------
    model : BetaGeo or ParetoNBD
        A transaction model fitted on the calibration columns of `split`.
    split : table
        The output of :func:`ckmkit.value.calibration_holdout`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default None: a new figure.
    max_frequency : int, default 7
        Calibration frequencies from this one up are pooled into one point ("7+").
    time_unit : {"D", "W", "M"}, optional
        The unit of the durations, for the axis label; default: the unit the split
        records, else "periods".
    """
    from ..plotting import PALETTE

    split = customer_rows(split)
    require_columns(split, ["frequency", "frequency_holdout", "duration_holdout"])
    ax = _axes(ax)
    horizon = float(np.asarray(split["duration_holdout"])[0])
    predicted = np.asarray(model.expected_purchases(split, t=horizon), dtype=float)
    table = pd.DataFrame({"x": np.minimum(split["frequency"].to_numpy(), max_frequency),
                          "actual": split["frequency_holdout"].to_numpy(dtype=float),
                          "model": predicted}).groupby("x").mean()
    ax.plot(table.index, table["actual"], "o-", color=PALETTE["ink"], label=t("value.plot_actual"))
    ax.plot(table.index, table["model"], "s--", color=PALETTE["mvc"],
            label=t("value.plot_model", model=getattr(model, "label", type(model).__name__)))
    ax.set_xticks(table.index, [*map(str, table.index[:-1]), f"{table.index[-1]}+"])
    unit = time_unit or getattr(split, "attrs", {}).get("time_unit")
    ax.set(title=t("value.plot_holdout_title"), xlabel=t("value.plot_calibration_frequency"),
           ylabel=t("value.plot_holdout_mean", t=f"{horizon:g}",
                    unit=t(f"value.unit_{unit if unit in ('D', 'W', 'M') else 'period'}")))
    ax.legend()
    return ax


def plot_tracking(tracking: pd.DataFrame, ax=None, *, cumulative: bool = True):
    """Repeat purchases per period, actual against the model, with the calibration end marked.

    Fader & Hardie's tracking plot: cumulative (default) or per period, over the
    calibration and holdout windows.

    Parameters
    ----------
    tracking : pandas.DataFrame
        The output of :func:`ckmkit.value.diagnostics.tracking_table`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default None: a new figure.
    cumulative : bool, default True
        Cumulative repeat purchases; False: repeat purchases in each period.

    Examples
    --------
    >>> import pandas as pd
    >>> tracking = pd.DataFrame({"actual": [1.0, 3.0], "model": [2.0, 2.0],
    ...                          "actual_cumulative": [1.0, 4.0], "model_cumulative": [2.0, 4.0]},
    ...                         index=pd.Index([1, 2], name="period"))
    >>> tracking.attrs.update(calibration_end=1.0, time_unit="W", model="BG/NBD")
    >>> plot_tracking(tracking).lines[1].get_ydata().tolist()
    [2.0, 4.0]
    """
    from ..plotting import PALETTE

    require_columns(tracking, ["actual", "model", "actual_cumulative", "model_cumulative"])
    ax = _axes(ax, figsize=(7.0, 4.0))
    suffix = "_cumulative" if cumulative else ""
    ax.plot(tracking.index, tracking["actual" + suffix], "-", color=PALETTE["ink"],
            label=t("value.plot_actual"))
    ax.plot(tracking.index, tracking["model" + suffix], "--", color=PALETTE["mvc"],
            label=t("value.plot_model", model=tracking.attrs.get("model", "")))
    split = tracking.attrs.get("calibration_end")
    if split is not None:
        ax.axvline(split, color=PALETTE["other"], linestyle=":", label=t("value.plot_calibration_end"))
    ax.set(title=t("value.plot_tracking_cumulative" if cumulative else "value.plot_tracking_incremental"),
           xlabel=t("value.plot_tracking_x", unit=_unit_name(tracking.attrs.get("time_unit"))),
           ylabel=t("value.plot_repeat_purchases"))
    ax.legend()
    return ax


def _unit_name(unit: Any) -> str:
    """The time unit as readers call it ("week"); "period" for a number of days."""
    return t(f"value.unit_{unit if unit in ('D', 'W', 'M') else 'period'}")


def plot_period_transactions(table: pd.DataFrame, ax=None):
    """Customers by number of repeat purchases in calibration (0, 1, …, 7+), actual and model.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`ckmkit.value.diagnostics.period_transactions`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default None: a new figure.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"actual": [5.0, 3.0, 2.0], "model": [4.5, 3.5, 2.0]})
    >>> ax = plot_period_transactions(table)
    >>> [float(bar.get_height()) for bar in ax.containers[1]], ax.get_xticklabels()[-1].get_text()
    ([4.5, 3.5, 2.0], '2+')
    """
    from ..plotting import PALETTE

    require_columns(table, ["actual", "model"])
    ax = _axes(ax)
    x = np.arange(len(table))
    ax.bar(x - 0.2, table["actual"], width=0.4, color=PALETTE["ink"], label=t("value.plot_actual"))
    ax.bar(x + 0.2, table["model"], width=0.4, color=PALETTE["mvc"],
           label=t("value.plot_model", model=table.attrs.get("model", "")))
    ax.set_xticks(x, [*map(str, table.index[:-1]), f"{table.index[-1]}+"])
    ax.set(title=t("value.plot_period_transactions_title"), xlabel=t("value.plot_repeat_count"),
           ylabel=t("value.plot_customer_count"))
    ax.legend()
    return ax


def plot_value_matrix(classified: pd.DataFrame, ax=None, *, current: str = "revenue",
                      potential: str = "unrealised", log: bool = True):
    """Scatter of current value against unrealised potential, coloured by customer class.

    Dashed lines mark the medians that split the value matrix into quadrants.

    Parameters
    ----------
    classified : pandas.DataFrame
        The output of :func:`ckmkit.value.classify_customers`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default None: a new figure.
    current : str, default "revenue"
        Column of current value (the x axis).
    potential : str, default "unrealised"
        Column of unrealised potential (the y axis).
    log : bool, default True
        Logarithmic axes; each value is drawn plus 1 (log axes need values > 0).
    """
    from ..plotting import PALETTE

    require_columns(classified, [current, potential, "customer_class"])
    ax = _axes(ax, figsize=(6.5, 4.5))
    x, y = matrix_points(classified, current, potential, log)
    codes = pd.Categorical(classified["customer_class"], categories=list(CLASSES)).codes
    class_dots(ax, x, y, codes)
    value_matrix_legend(ax, np.bincount(codes[codes >= 0], minlength=len(CLASSES)))
    ax.axvline(np.median(x), color=PALETTE["other"], linestyle="--")
    ax.axhline(np.median(y), color=PALETTE["other"], linestyle="--")
    name_quadrants(ax)
    if log:
        ax.set_xscale("symlog" if (classified[current] < 0).any() else "log")
        ax.set_yscale("log")
    ax.set(title=t("value.plot_matrix_title"), xlabel=t("value.plot_current_value"),
           ylabel=t("value.plot_potential_value"))
    return ax


def name_quadrants(ax) -> list:
    """Write each quadrant's strategy (invest, maintain, ...) in its corner of the axes.

    The dashed medians split the plot, so each corner of the axes lies in one quadrant.
    """
    import re

    from ..plotting import PALETTE

    texts = []
    for quadrant, (high_value, high_potential) in QUADRANTS.items():
        name = re.split(r"[:：]", quadrant_label(quadrant))[0]
        texts.append(ax.text(0.98 if high_value else 0.02, 0.97 if high_potential else 0.03, name,
                             transform=ax.transAxes, ha="right" if high_value else "left",
                             va="top" if high_potential else "bottom", fontsize=9,
                             color=PALETTE["ink"], zorder=3,
                             bbox={"boxstyle": "round,pad=0.2", "facecolor": "white",
                                   "edgecolor": "none", "alpha": 0.75}))
    return texts


def matrix_points(classified: pd.DataFrame, current: str = "revenue",
                  potential: str = "unrealised", log: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates of the value-matrix dots: the values, plus 1 on log axes (which need > 0)."""
    shift = 1.0 if log else 0.0
    return (classified[current].to_numpy(dtype=float) + shift,
            classified[potential].to_numpy(dtype=float) + shift)


def class_dots(ax, x: np.ndarray, y: np.ndarray, codes: np.ndarray) -> list:
    """One scatter per class (`codes` index :data:`CLASSES`): "other" beneath, "bzc" on top.

    Below-zero customers are few and sit among the many "other" ones; drawn last,
    they stay visible.

    One colour per scatter draws much faster than one colour per dot, and without
    edges three times faster again; :func:`regroup_dots` moves dots between classes.
    """
    colours = class_colours()
    return [ax.scatter(x[codes == i], y[codes == i], s=14, color=colours[i], linewidths=0,
                       zorder={"other": 0.9, "bzc": 1.1}.get(code, 1.0))
            for i, code in enumerate(CLASSES)]


def regroup_dots(dots: list, x: np.ndarray, y: np.ndarray, codes: np.ndarray) -> None:
    """Give the scatters of :func:`class_dots` the customers of their class under new `codes`."""
    for i, scatter in enumerate(dots):
        scatter.set_offsets(np.column_stack([x[codes == i], y[codes == i]]))


def class_colours(alpha: float = 0.7) -> np.ndarray:
    """RGBA rows, one per class in :data:`~ckmkit.value.CLASSES` order."""
    from matplotlib.colors import to_rgba

    from ..plotting import PALETTE

    return np.array([to_rgba(PALETTE[code], alpha) for code in CLASSES])


def value_matrix_legend(ax, counts: np.ndarray | None = None):
    """Legend of the value-matrix scatter: one entry per class present, with its count.

    Without `counts`, every class is listed without a count (a legend that stays
    right while the classes change, as in the segment explorer).
    """
    from matplotlib.lines import Line2D

    colours = class_colours()
    handles = [Line2D([], [], marker="o", linestyle="", markersize=5, color=colours[i],
                      label=class_label(code) if counts is None
                      else f"{class_label(code)} ({int(counts[i])})")
               for i, code in enumerate(CLASSES) if counts is None or counts[i]]
    return ax.legend(handles=handles, fontsize=9, loc="best")
