"""The language switch that heads every widget, and the register of live switches.

Every widget of the kit starts with a :func:`language_picker`. The pickers know of
each other, so switching one switches them all; :func:`is_language_picker` lets a
still picture of a widget (:func:`ckmkit.widgets.static.static_html`) leave the
switch out.

Examples
--------
>>> from ckmkit.widgets.language import is_language_picker, language_picker
>>> picker = language_picker()
>>> picker.value, is_language_picker(picker)
('en', True)
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

import ipywidgets as widgets

from .. import i18n
from ..i18n import t

__all__ = ["language_picker", "is_language_picker"]

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
    """Whether `control` was made by :func:`language_picker`.

    Parameters
    ----------
    control : ipywidgets.Widget
        Any widget, e.g. a child of a chapter widget.

    Examples
    --------
    >>> is_language_picker(language_picker()), is_language_picker(widgets.ToggleButtons())
    (True, False)
    """
    return control in _PICKERS
