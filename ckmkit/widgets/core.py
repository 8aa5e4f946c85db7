"""Widgets for the first chapter, and what every chapter's widgets are built on.

The language switch lives in :mod:`ckmkit.widgets.language` and is offered here
too; :class:`Bound` is the base of the chapter widgets, :class:`WorldExplorer` the
first chapter's explorer of the CRM world.

Examples
--------
>>> from ckmkit.widgets.core import language_picker
>>> picker = language_picker()
>>> picker.value
'en'
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets
from IPython.display import Image, display

from ..i18n import t
from ..plotting import canvas_png, figure_png, pad_layout
from .language import is_language_picker, language_picker
from .static import StaticView

__all__ = ["language_picker", "is_language_picker", "relabel", "show_figure", "figure_png",
           "QuickFigure", "Bound", "WorldExplorer", "world_explorer"]

_GROUPS = ("region", "channel", "segment", "acquisition_source")


def relabel(control: widgets.widget_selection._Selection, options: list[tuple[str, object]]) -> None:
    """Give a selection control new option labels and keep what is selected.

    Replacing ``options`` first selects the first option, then the old value is
    set again; ``hold_sync`` sends both in one message, so the browser never sees
    (or sends back) the intermediate selection.

    Parameters
    ----------
    control : ipywidgets selection control
        A ``Dropdown``, ``ToggleButtons``, ``RadioButtons``... to relabel.
    options : list of (str, object)
        The new ``(label, value)`` pairs, with the same values as before.

    Examples
    --------
    >>> box = widgets.Dropdown(options=[("one", 1), ("two", 2)], value=2)
    >>> relabel(box, [("一", 1), ("二", 2)])
    >>> box.value, box.label
    (2, '二')
    """
    if list(zip(control._options_labels, control._options_values)) == list(options):
        return
    current = control.value
    with control.hold_sync():
        control.options = options
        control.value = current


def show_figure(output: widgets.Output, figure) -> None:
    """Replace what `output` shows with `figure` (or an image), without a flicker.

    A Matplotlib figure is sent as a PNG rendered once: the notebook's inline
    backend would render it twice (once to find a tight bounding box), which
    the widgets' figures do not need, as their layout engine keeps everything
    inside the figure.

    Parameters
    ----------
    output : ipywidgets.Output
        The widget's output area.
    figure : matplotlib.figure.Figure or displayable
        A figure (shown as a PNG), or anything IPython can display (e.g. an ``Image``).

    Examples
    --------
    Outside a notebook IPython prints what it would show:

    >>> import contextlib, io
    >>> from matplotlib.figure import Figure
    >>> with contextlib.redirect_stdout(io.StringIO()) as printed:
    ...     show_figure(widgets.Output(), Figure(figsize=(2, 1)))
    >>> "Image object" in printed.getvalue()
    True
    """
    from matplotlib.figure import Figure

    if isinstance(figure, Figure):
        figure = Image(data=figure_png(figure), format="png")
    with output:
        output.clear_output(wait=True)
        display(figure)


class QuickFigure:
    """A figure shown as a PNG whose changing artists are redrawn over a cached background.

    Rendering a figure with log axes takes a few hundred milliseconds in Agg (tick
    placement, text, layout), while a few thousand dots and a legend take a few. So the
    background (everything but the changing artists) is rendered once and the layout
    frozen; each update restores it and draws only what changed.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        The figure to show; its layout is frozen after the first rendering.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> figure = Figure(figsize=(2, 1))
    >>> dots = figure.subplots().scatter([1, 2], [1, 2])
    >>> quick = QuickFigure(figure)
    >>> quick.png([dots])[:4]
    b'\\x89PNG'
    """

    def __init__(self, figure) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self.figure = figure
        self.canvas = FigureCanvasAgg(pad_layout(figure))
        self._background = None

    def png(self, changing) -> bytes:
        """The figure as PNG bytes, with the artists in `changing` drawn afresh.

        The first call renders the background without the artists in `changing`;
        later calls may name new artists too (such as a redrawn legend), since
        they are not in the background. ``savefig`` still draws the whole figure:
        matplotlib includes animated artists when saving.

        Parameters
        ----------
        changing : iterable of matplotlib Artist
            The artists the controls change, drawn over the cached background.
        """
        for artist in changing:
            artist.set_animated(True)  # left out of the cached background
        if self._background is None:
            self.canvas.draw()
            self.figure.set_layout_engine("none")  # keep the layout found for the background
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        else:
            self.canvas.restore_region(self._background)
        for artist in changing:
            self.figure.draw_artist(artist)
        return canvas_png(self.canvas)


def _one_at_a_time(method: Callable[..., None]) -> Callable[..., None]:
    """`method`, skipped when the widget calls it again while it is still running.

    Relabelling a dropdown inside a redraw fires the dropdown's own callback, which
    would start the same redraw again (and pass through the dropdown's first option).
    """

    @functools.wraps(method)
    def guarded(self, *args: Any) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            method(self, *args)
        finally:
            self._busy = False

    return guarded


class Bound(StaticView, widgets.VBox):
    """Base of the chapter widgets: ``controls`` (name -> widget) redraw on change.

    A language picker comes first, then the controls, then `extra`; control labels
    come from the catalogue keys ``<section>.widget_<name>``. Subclasses set
    ``section``, build ``controls`` and ``output``, define ``refresh()`` and call
    ``super().__init__(extra)`` last, which draws the widget once.

    Parameters
    ----------
    extra : sequence of ipywidgets.Widget
        What the widget shows below its controls, e.g. a summary and ``output``.

    Examples
    --------
    >>> class Doubler(Bound):
    ...     section = "value"
    ...     def __init__(self):
    ...         self.controls = {"margin": widgets.IntSlider(value=2)}
    ...         self.output = widgets.Output()
    ...         super().__init__([self.output])
    ...     def refresh(self):
    ...         self.result = 2 * self.controls["margin"].value
    >>> doubler = Doubler()
    >>> doubler.controls["margin"].value = 5
    >>> doubler.result, doubler.refreshes
    (10, 2)
    """

    section: str
    controls: dict[str, widgets.Widget]
    output: widgets.Output
    refreshes = 0
    _busy = False

    def __init__(self, extra: Sequence[widgets.Widget]) -> None:
        self.language = language_picker(on_change=lambda _: self._update())
        for control in self.controls.values():
            control.observe(lambda _change: self._update(), names="value")
        super().__init__([self.language, *self.controls.values(), *extra])
        self._update()

    @_one_at_a_time
    def _update(self) -> None:
        self.refresh()
        self.refreshes += 1

    def _relabel(self) -> None:
        for name, control in self.controls.items():
            control.description = t(f"{self.section}.widget_{name}")

    def _show(self, figure) -> None:
        show_figure(self.output, figure)

    def refresh(self) -> None:  # pragma: no cover - defined by subclasses
        raise NotImplementedError


class WorldExplorer(StaticView, widgets.VBox):
    """Net revenue of the CRM world by a customer attribute, as a table and a chart.

    The controls are attributes (``group_by``, ``monthly``, ``language``), and
    the latest table is ``result``, so tests drive it as a reader would.

    Parameters
    ----------
    world : CRMWorld, optional
        Defaults to the bundled world (:func:`ckmkit.datasets.load_crm_world`).

    Examples
    --------
    >>> import contextlib, io
    >>> from ckmkit.datasets import make_crm_world
    >>> with contextlib.redirect_stdout(io.StringIO()):  # outside a notebook, IPython prints
    ...     explorer = WorldExplorer(make_crm_world(120, seed=1))
    ...     explorer.group_by.value = "channel"
    >>> list(explorer.result.columns)
    ['channel', 'revenue', 'customers']
    """

    _busy = False

    def __init__(self, world=None) -> None:
        from ..datasets import load_crm_world

        self.world = world if world is not None else load_crm_world()
        self.group_by = widgets.Dropdown(options=_GROUPS, value="region")
        self.monthly = widgets.Checkbox(value=False)
        self.language = language_picker(on_change=lambda _: self.refresh())
        self.output = widgets.Output()
        self.result = None
        self.group_by.observe(lambda _change: self.refresh(), names="value")
        self.monthly.observe(lambda _change: self.refresh(), names="value")
        super().__init__([self.language, widgets.HBox([self.group_by, self.monthly]), self.output])
        self.refresh()

    def _relabel(self) -> None:
        relabel(self.group_by, [(t(f"world.by.{key}"), key) for key in _GROUPS])
        self.group_by.description = t("world.group_by")
        self.monthly.description = t("world.monthly")

    @_one_at_a_time
    def refresh(self) -> None:
        """Recompute the table and redraw the chart for the current controls."""
        from matplotlib.figure import Figure

        from ..plotting import plot_revenue

        self._relabel()
        by = self.group_by.value
        self.result = self.world.revenue_by(by, monthly=self.monthly.value)
        figure = self.figure = Figure(figsize=(7, 3.6), layout="constrained")
        plot_revenue(self.result, by=by, ax=figure.subplots())
        show_figure(self.output, figure)


def world_explorer(world=None) -> WorldExplorer:
    """Explore the CRM world's revenue by region, channel, segment or source.

    Parameters
    ----------
    world : CRMWorld, optional
        Defaults to the bundled world (:func:`ckmkit.datasets.load_crm_world`).
    """
    return WorldExplorer(world)
