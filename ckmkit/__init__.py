"""ckmkit: a bilingual course and research kit on CRM vs customer knowledge management.

Modules, each named for an idea of the course and loaded on first use:

========================  ===================================================
``ckmkit.datasets``       CDNOW purchase logs and the synthetic CRM world
``ckmkit.value``          80/20, RFM, CLV models and the three customer classes
``ckmkit.concepts``       CRM vs CKM content tables and quizzes
``ckmkit.knowledge``      customer-knowledge types, grading, feedback classifier
``ckmkit.network``        word of mouth, communities, diffusion, key-person risk
``ckmkit.engagement``     customer engagement value: CLV + referral, influence, knowledge value
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
    "reports", "tables", "value", "widgets", "engagement",
}

__all__ = [
    "LANGUAGES",
    "DataQualityError",
    "DataQualityWarning",
    "get_language",
    "language",
    "report",
    "set_language",
    "setup",
    "text",
    "__version__",
    *sorted(_SUBMODULES),
]

if TYPE_CHECKING:  # pragma: no cover
    from . import (  # noqa: F401
        concepts,
        datasets,
        engagement,
        knowledge,
        network,
        plotting,
        reports,
        value,
        widgets,
    )


def __getattr__(name: str) -> Any:
    # Heavy modules (pandas, matplotlib, networkx) load only when first used,
    # so ``import ckmkit`` stays fast.
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBMODULES)


def setup(lang: str | None = None, *, theme: bool = True) -> None:
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
    None
        Nothing, so the first cell of a chapter shows no output; ask
        :func:`ckmkit.get_language` for the language now in force.

    Examples
    --------
    >>> import ckmkit
    >>> ckmkit.setup("中文", theme=False)    # common spellings work; theme=False keeps the style
    >>> ckmkit.get_language()
    'zh'
    >>> ckmkit.setup("en", theme=False)
    >>> ckmkit.get_language()
    'en'
    """
    from .i18n import detect_language
    from .tables import show_headers

    set_language(lang or detect_language())
    _format_kit_warnings()
    show_headers()
    if theme:
        from .plotting import set_theme

        set_theme()


def report(data: Any, *, lang: str | None = None, customer_id: str | None = None,
           date: str | None = None, amount: str | None = None, quantity: str | None = None,
           unit_price: str | None = None, invoice: str | None = None, status: str | None = None,
           costs: str | None = None, referrals: str | None = None, sheet: str | None = None,
           holdout: str | None = None, time_unit: str = "W", progress: bool | None = None) -> Any:
    """A customer value report of a transaction log, as ``ckmkit report`` makes it.

    Shown in a notebook as a page; ``.save(folder)`` writes ``report.html`` (one
    self-contained file), ``customers.csv`` and ``segments.csv``; ``.customers`` and
    ``.segments`` are the tables. See :func:`ckmkit.reports.build_report`.

    Parameters
    ----------
    data : str, path-like or DataFrame
        A CSV, Excel or Parquet file, or a pandas or Polars table with the columns
        ``customer_id``, ``date`` and ``amount`` (and optionally ``status``).
    lang : {"en", "zh"}, optional
        The report's language; by default the session's.
    customer_id, date, amount, quantity, unit_price, invoice, status : str, optional
        The file's column for each role; by default guessed from their names.
    costs : str, optional
        A file of cost to serve per customer: adds profit and the whale curve.
    referrals : str, optional
        A file of referrals (referrer, referred): adds network value.
    sheet : str, optional
        The Excel sheet to read.
    holdout : str, optional
        The holdout period (``13W``, ``90D``, ``3M`` or the date it starts); by
        default the last fifth of the observed period.
    time_unit : {"D", "W", "M"}
        The unit of recency, T and the models' rates.
    progress : bool, optional
        Progress bars on the terminal; by default for large files.

    Returns
    -------
    ckmkit.reports.Report

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"customer_id": ["a", "a", "b"], "amount": [10.0, 5.0, 8.0],
    ...                     "date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-02-01"])})
    >>> result = report(log, lang="zh")
    >>> "客户价值报告" in result._repr_html_(), result.customers["revenue"].tolist()
    (True, [15.0, 8.0])
    """
    from .reports import build_report

    return build_report(data, lang=lang, customer_id=customer_id, date=date, amount=amount,
                        quantity=quantity, unit_price=unit_price, invoice=invoice, status=status,
                        costs=costs, referrals=referrals, sheet=sheet, holdout=holdout,
                        time_unit=time_unit, progress=progress)


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
