"""Widgets for the first chapter: a language switch and a CRM-world explorer.

Examples
--------
>>> from ckmkit.widgets.core import language_picker
>>> picker = language_picker()
>>> picker.value
'en'
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
from IPython.display import display

from .. import i18n
from ..i18n import t

__all__ = ["language_picker", "WorldExplorer", "world_explorer"]

_GROUPS = ("region", "channel", "segment", "acquisition_source")


def language_picker(on_change: Callable[[str], None] | None = None) -> widgets.ToggleButtons:
    """Toggle buttons that switch the kit's language (English / 简体中文).

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
    >>> picker.value = "en"
    """
    picker = widgets.ToggleButtons(
        options=[(t("common.language_name", lang=code), code) for code in i18n.LANGUAGES],
        value=i18n.get_language(),
        style={"button_width": "8em"},
    )

    def switch(change: dict) -> None:
        i18n.set_language(change["new"])
        if on_change is not None:
            on_change(change["new"])

    picker.observe(switch, names="value")
    return picker


class WorldExplorer(widgets.VBox):
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
        # Swapping the option labels resets the selection; keep it, and don't redraw meanwhile.
        current = self.group_by.value or "region"
        self._quiet = True
        try:
            self.group_by.options = [(t(f"world.by.{key}"), key) for key in _GROUPS]
            self.group_by.value = current
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
        figure = Figure(figsize=(7, 3.6), layout="constrained")
        plot_revenue(self.result, by=by, ax=figure.subplots())
        with self.output:
            self.output.clear_output(wait=True)
            display(figure)


def world_explorer(world=None) -> WorldExplorer:
    """Explore the CRM world's revenue by region, channel, segment or source.

    Parameters
    ----------
    world : CRMWorld, optional
        Defaults to the bundled world (:func:`ckmkit.datasets.load_crm_world`).
    """
    return WorldExplorer(world)
