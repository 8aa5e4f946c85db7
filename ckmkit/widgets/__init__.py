"""Interactive controls (ipywidgets) bound to the kit's plain functions.

Widgets only wire controls to functions that return data or figures, so
their logic is tested in a kernel without a browser: setting ``.value`` on a
control fires the same callbacks a reader's click does. All JavaScript comes
with JupyterLab's own widget manager: nothing loads from a CDN.

Submodules load on first use (``ckmkit.widgets.value``, ``...network``, ...).
"""

from __future__ import annotations

import importlib
from typing import Any

_SUBMODULES = {"core", "language", "static", "value", "network", "knowledge", "concepts"}


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in {"language_picker", "world_explorer"}:
        module = "language" if name == "language_picker" else "core"
        return getattr(importlib.import_module(f"{__name__}.{module}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
