"""Widgets for the first chapter: a language switch and a CRM-world explorer.

Examples
--------
>>> from ckmkit.widgets.core import language_picker
>>> picker = language_picker()
>>> picker.value
'en'
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

import ipywidgets as widgets
from IPython.display import Image, display

from .. import i18n
from ..i18n import t
from .static import StaticView

__all__ = ["language_picker", "is_language_picker", "relabel", "show_figure", "figure_png",
           "QuickFigure", "Bound", "WorldExplorer", "world_explorer"]

_GROUPS = ("region", "channel", "segment", "acquisition_source")

# Every live picker, so that switching the language in one widget switches all of
# them: a notebook never shows one widget in English and the next in Chinese.
_PICKERS: weakref.WeakSet[widgets.ToggleButtons] = weakref.WeakSet()


def _cell_run() -> tuple[str, str] | None:
    """(notebook cell id, id of this run of it) in a Jupyter kernel; None elsewhere."""
    try:
        from IPython import get_ipython

        parent = get_ipython().kernel.get_parent("shell")
        return parent["metadata"]["cellId"], parent["header"]["msg_id"]
    except (AttributeError, KeyError, TypeError):
        return None


def _retire_earlier_runs(picker: widgets.ToggleButtons) -> None:
    """Close pickers made by an earlier run of the same cell: their output is gone.

    Otherwise every re-run of a cell would leave a hidden widget behind that
    redraws on each language switch.
    """
    run = picker._ckmkit_run = _cell_run()
    if run is None:
        return
    for other in list(_PICKERS):
        earlier = getattr(other, "_ckmkit_run", None)
        if earlier is not None and earlier[0] == run[0] and earlier[1] != run[1]:
            other.close()
            _PICKERS.discard(other)


def language_picker(on_change: Callable[[str], None] | None = None) -> widgets.ToggleButtons:
    """Toggle buttons that switch the kit's language (English / 简体中文).

    All pickers stay in step: switching one switches the others, and each
    calls its own `on_change`, so every widget redraws in the new language.

    Parameters
    ----------
    on_change : callable, optional
        Called with the new language code after the switch, e.g. to redraw a figure.

    Examples
    --------
    >>> import ckmkit
    >>> seen = []
    >>> picker = language_picker(on_change=seen.append)
    >>> picker.value = "zh"
    >>> ckmkit.get_language(), seen
    ('zh', ['zh'])
    >>> other = language_picker()
    >>> other.value = "en"
    >>> picker.value, seen
    ('en', ['zh', 'en'])
    """
    picker = widgets.ToggleButtons(
        options=[(t("common.language_name", lang=code), code) for code in i18n.LANGUAGES],
        value=i18n.get_language(),
        style={"button_width": "8em"},
    )

    def switch(change: dict) -> None:
        i18n.set_language(change["new"])
        for other in list(_PICKERS):
            if other.comm is None:  # closed
                _PICKERS.discard(other)
            else:
                other.value = change["new"]  # a no-op for those already switched
        if on_change is not None:
            on_change(change["new"])

    picker.observe(switch, names="value")
    _retire_earlier_runs(picker)
    _PICKERS.add(picker)
    return picker


def is_language_picker(control: widgets.Widget) -> bool:
    """Whether `control` was made by :func:`language_picker`."""
    return control in _PICKERS


def relabel(control: widgets.widget_selection._Selection, options: list[tuple[str, object]]) -> None:
    """Give a selection control new option labels and keep what is selected.

    Replacing ``options`` first selects the first option, then the old value is
    set again; ``hold_sync`` sends both in one message, so the browser never sees
    (or sends back) the intermediate selection.

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
    """
    from matplotlib.figure import Figure

    if isinstance(figure, Figure):
        figure = Image(data=figure_png(figure), format="png")
    with output:
        output.clear_output(wait=True)
        display(figure)


def figure_png(figure) -> bytes:
    """`figure` rendered once as PNG bytes, at its own size and resolution.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> figure_png(Figure(figsize=(2, 1)))[:4]
    b'\\x89PNG'
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(_padded(figure))
    canvas.draw()
    return _png(canvas)


def _padded(figure):
    """Give a constrained layout the margin a notebook's tight bounding box would add (0.1 in)."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    engine = figure.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.set(w_pad=0.1, h_pad=0.1)
    return figure


class QuickFigure:
    """A figure shown as a PNG whose changing artists are redrawn over a cached background.

    Rendering a figure with log axes takes a few hundred milliseconds in Agg (tick
    placement, text, layout), while a few thousand dots and a legend take a few. So the
    background (everything but the changing artists) is rendered once and the layout
    frozen; each update restores it and draws only what changed.

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
        self.canvas = FigureCanvasAgg(_padded(figure))
        self._background = None

    def png(self, changing) -> bytes:
        """The figure as PNG bytes, with the artists in `changing` drawn afresh.

        The first call renders the background without the artists in `changing`;
        later calls may name new artists too (such as a redrawn legend), since
        they are not in the background. ``savefig`` still draws the whole figure:
        matplotlib includes animated artists when saving.
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
        return _png(self.canvas)


def _png(canvas) -> bytes:
    import io

    from PIL import Image

    size = canvas.get_width_height()
    image = Image.frombuffer("RGBA", size, canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    # Figures are opaque: RGB encodes faster than RGBA; level 1 is the fastest compression.
    image.convert("RGB").save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


class Bound(StaticView, widgets.VBox):
    """Base of the chapter widgets: ``controls`` (name -> widget) redraw on change.

    A language picker comes first; control labels come from the catalogue keys
    ``<section>.widget_<name>``. Subclasses set ``section``, build ``controls``,
    call ``_wire(extra)`` and define ``refresh()``.
    """

    section: str
    controls: dict[str, widgets.Widget]
    output: widgets.Output
    refreshes = 0
    _busy = False

    def _wire(self, extra: list[widgets.Widget]) -> None:
        self.language = language_picker(on_change=lambda _: self._update())
        for control in self.controls.values():
            control.observe(lambda _change: self._update(), names="value")
        super().__init__([self.language, *self.controls.values(), *extra])
        self._update()

    def _update(self) -> None:
        if self._busy:  # relabelling a dropdown inside refresh() must not refresh again
            return
        self._busy = True
        try:
            self.refresh()
            self.refreshes += 1
        finally:
            self._busy = False

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
    """

    def __init__(self, world=None) -> None:
        from ..datasets import load_crm_world

        self.world = world if world is not None else load_crm_world()
        self.group_by = widgets.Dropdown(options=_GROUPS, value="region")
        self.monthly = widgets.Checkbox(value=False)
        self.language = language_picker(on_change=lambda _: self.refresh())
        self.output = widgets.Output()
        self.result = None
        self._quiet = False
        self.group_by.observe(self._changed, names="value")
        self.monthly.observe(self._changed, names="value")
        super().__init__([self.language, widgets.HBox([self.group_by, self.monthly]), self.output])
        self.refresh()

    def _relabel(self) -> None:
        # Swapping the option labels passes through the first option; don't redraw meanwhile.
        self._quiet = True
        try:
            relabel(self.group_by, [(t(f"world.by.{key}"), key) for key in _GROUPS])
        finally:
            self._quiet = False
        self.group_by.description = t("world.group_by")
        self.monthly.description = t("world.monthly")

    def _changed(self, _change: dict) -> None:
        if not self._quiet:
            self.refresh()

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
