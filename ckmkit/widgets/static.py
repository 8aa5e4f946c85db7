"""A still picture of a widget, for pages that cannot run it (the course website).

A live widget needs a kernel. When ``CKMKIT_STATIC_WIDGETS=1`` (the site build
sets it), every ckmkit widget also offers ``text/html``: its controls with
their current settings, its text, and its figure, headed by a note that the
control is live in JupyterLab. JupyterLab still shows the live widget, which
it prefers; the site builder prefers the HTML.

Examples
--------
>>> import ipywidgets as widgets
>>> class Demo(StaticView, widgets.VBox):
...     pass
>>> demo = Demo([widgets.IntSlider(value=3, description="Seeds"), widgets.HTML("<p>ok</p>")])
>>> html = static_html(demo)
>>> "Seeds <code>3</code>" in html and "<p>ok</p>" in html
True
>>> "<code>—</code>" in static_html(Demo([widgets.Dropdown(options=["a", "b"], value=None)]))
True
"""

from __future__ import annotations

import base64
import html
import io
import os
from collections.abc import Iterator

import ipywidgets as widgets

from ..i18n import t
from .language import is_language_picker

__all__ = ["StaticView", "static_html"]


class StaticView:
    """Mixin: add the still picture to a widget's display data when asked to.

    A widget that draws keeps its latest Matplotlib figure in ``figure``; the
    picture shows it where the widget's Output area is.
    """

    figure = None

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None and os.environ.get("CKMKIT_STATIC_WIDGETS") == "1":
            bundle["text/html"] = static_html(self)
        return bundle


def static_html(widget: widgets.Widget) -> str:
    """HTML for `widget` as it stands: settings, text and figure, in the current language.

    Language pickers and buttons are left out: they do nothing on a still page.

    Parameters
    ----------
    widget : ipywidgets.Widget
        A widget, usually a box of controls, texts and an ``Output`` area; its
        ``figure`` attribute, if any, is shown where the ``Output`` is.

    Examples
    --------
    >>> page = static_html(widgets.VBox([widgets.Checkbox(value=True, description="Monthly")]))
    >>> "Monthly <code>☑</code>" in page
    True
    """
    parts = [f'<p class="ckmkit-static-note"><em>{html.escape(t("common.static_widget"))}</em></p>']
    for part in _walk(widget):
        if is_language_picker(part) or isinstance(part, widgets.Button):
            continue
        if isinstance(part, (widgets.HTML, widgets.HTMLMath)):
            parts.append(part.value)
        elif isinstance(part, widgets.Label):
            parts.append(f"<p>{html.escape(part.value)}</p>")
        elif isinstance(part, widgets.Output):
            parts.append(_figure_html(getattr(widget, "figure", None)))
        elif isinstance(part, widgets.ValueWidget):
            parts.append(_setting_html(part))
    return '<div class="ckmkit-static-widget">' + "\n".join(p for p in parts if p) + "</div>"


def _walk(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    """The widget and everything inside it, in reading order."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def _setting_html(control: widgets.ValueWidget) -> str:
    label = getattr(control, "label", None)
    if isinstance(control, widgets.Checkbox):
        shown = "☑" if control.value else "☐"
    elif control.value is None and not isinstance(label, str):
        shown = "—"  # nothing chosen yet
    elif isinstance(label, str):
        shown = label
    elif isinstance(control.value, float):
        shown = f"{control.value:,.4g}"
    else:
        shown = str(control.value)
    name = getattr(control, "description", "")
    return (f'<p class="ckmkit-setting">{html.escape(name)} '
            f"<code>{html.escape(shown)}</code></p>")


def _figure_html(figure) -> str:
    if figure is None:
        return ""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=80)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="" src="data:image/png;base64,{data}">'
