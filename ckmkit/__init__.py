"""ckmkit: a bilingual course and research kit on CRM vs customer knowledge management.

Modules, each named for an idea of the course and loaded on first use:

========================  ===================================================
``ckmkit.datasets``       CDNOW purchase logs and the synthetic CRM world
``ckmkit.value``          80/20, RFM, CLV models and the three customer classes
``ckmkit.concepts``       CRM vs CKM content tables and quizzes
``ckmkit.knowledge``      customer-knowledge types, grading, feedback classifier
``ckmkit.network``        word of mouth, communities, diffusion, key-person risk
``ckmkit.reports``        researchers' own files (CSV, Excel, Parquet) → an HTML report
``ckmkit.plotting``       the course theme; Chinese text in every figure
``ckmkit.tables``         table headers in the reader's language
``ckmkit.widgets``        interactive controls bound to the functions above
========================  ===================================================

Examples
--------
>>> import ckmkit
>>> ckmkit.set_language("zh")
'zh'
>>> ckmkit.get_language()
'zh'
>>> ckmkit.set_language("en")
'en'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .i18n import LANGUAGES, get_language, language, set_language, text
from .quality import DataQualityError, DataQualityWarning

__version__ = "0.1.0"

_SUBMODULES = {
    "concepts", "datasets", "exercises", "i18n", "knowledge", "network", "plotting", "quality",
    "reports", "tables", "value", "widgets",
}

__all__ = [
    "LANGUAGES",
    "DataQualityError",
    "DataQualityWarning",
    "get_language",
    "language",
    "set_language",
    "setup",
    "text",
    "__version__",
    *sorted(_SUBMODULES),
]

if TYPE_CHECKING:  # pragma: no cover
    from . import concepts, datasets, knowledge, network, plotting, reports, value, widgets  # noqa: F401


def __getattr__(name: str) -> Any:
    # Heavy modules (pandas, matplotlib, networkx) load only when first used,
    # so ``import ckmkit`` stays fast.
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBMODULES)


def setup(lang: str | None = None, *, theme: bool = True) -> str:
    """Prepare a course notebook: choose the language and the plot theme.

    The kit's own warnings (rows left out, a model that did not converge) are then
    shown as one line, their kind and message, without the file path and source
    line Python adds for programmers. In a notebook, tables shown in Chinese give
    each known column its meaning before the id (``重复购买次数（frequency）``; see
    :mod:`ckmkit.tables`).

    Parameters
    ----------
    lang : {"en", "zh"}, optional
        Force a language. By default it comes from ``CKMKIT_LANG`` or from the
        notebook's folder (``notebooks/en`` or ``notebooks/zh``), so the English
        and Chinese notebooks can share identical code.
    theme : bool, default True
        Apply :func:`ckmkit.plotting.set_theme` (Chinese-capable fonts).

    Returns
    -------
    str
        The language now in force.

    Examples
    --------
    >>> import ckmkit
    >>> ckmkit.setup("中文", theme=False)    # common spellings work; theme=False keeps the style
    'zh'
    >>> ckmkit.get_language()
    'zh'
    >>> ckmkit.setup("en", theme=False)
    'en'
    """
    from .i18n import detect_language
    from .tables import show_headers

    code = set_language(lang or detect_language())
    _format_kit_warnings()
    show_headers()
    if theme:
        from .plotting import set_theme

        set_theme()
    return code


def _format_kit_warnings() -> None:
    """Show warnings raised by ckmkit as ``Kind: message`` (others unchanged); idempotent."""
    import warnings

    original = warnings.formatwarning
    if getattr(original, "_ckmkit", False):
        return

    def formatwarning(message, category, filename, lineno, line=None):
        if category.__module__.split(".")[0] == __name__:
            return f"{category.__name__}: {message}\n"
        return original(message, category, filename, lineno, line)

    formatwarning._ckmkit = True
    warnings.formatwarning = formatwarning
