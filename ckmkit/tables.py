"""Tables in the reader's language: Chinese column headers, English column ids.

Column names of the kit's tables are code (``customers["frequency"]``), so they
stay English in both languages. A Chinese reader still needs to know what a
column means, so in a Chinese notebook a known column is shown as
``重复购买次数（frequency）``: the meaning first, then the id to type. Only the
display changes; the table itself keeps its ids.

:func:`ckmkit.setup` installs :func:`show_headers` in IPython, so every pandas
table and Series a notebook shows (the kit's results and the reader's own) gets
these headers while the language is Chinese. The translations live in
``ckmkit/locales/headers.toml``.

Examples
--------
>>> import pandas as pd
>>> import ckmkit
>>> from ckmkit.tables import header, readable
>>> header("frequency", lang="zh"), header("frequency", lang="en"), header("x1", lang="zh")
('重复购买次数（frequency）', 'frequency', 'x1')
>>> table = pd.DataFrame({"revenue": [1.0]}, index=pd.Index(["C1"], name="customer_id"))
>>> with ckmkit.language("zh"):
...     shown = readable(table)
>>> list(shown.columns), shown.index.name
(['收入（revenue）'], '客户编号（customer_id）')
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from .i18n import get_language, normalise_language

__all__ = ["header", "readable", "show_headers"]


@cache
def _names(lang: str) -> dict[str, str]:
    """Column id → name in `lang` (empty for English: there the ids are the names)."""
    text = (resources.files("ckmkit") / "locales" / "headers.toml").read_text(encoding="utf-8")
    return tomllib.loads(text).get(lang, {})


def header(column: Any, lang: str | None = None) -> Any:
    """How column `column` is headed for a reader of `lang` (default: the current language).

    Known ids get their meaning in front of the id in Chinese; anything else
    (an unknown id, a number, a tuple) is returned unchanged.

    Examples
    --------
    >>> header("monetary_value", lang="zh")
    '平均重复消费额（monetary_value）'
    >>> header(3, lang="zh")
    3
    """
    if not isinstance(column, str):
        return column
    name = _names(normalise_language(lang or get_language())).get(column)
    return f"{name}（{column}）" if name else column


def readable(table: Any, lang: str | None = None) -> Any:
    """`table` with headers for a reader of `lang`: column labels and the names of axes.

    Row labels are data (customer ids, regions) and stay as they are, unless every
    one of them is a known column id: then the table is a record of fields (a
    summary Series, a transposed table) and they are headers too. Returns a
    relabelled copy for display (pandas copies lazily, so the data is not
    duplicated); the original keeps its ids. Tables that need no change, and
    objects that are not pandas tables, are returned as they are.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"segment": ["loyal"], "customers": [12]})
    >>> list(readable(table, lang="zh").columns)
    ['细分（segment）', '客户数（customers）']
    >>> readable(table, lang="en") is table
    True
    >>> readable(pd.Series({"revenue": 5.0, "profit": 1.0}), lang="zh").index.tolist()
    ['收入（revenue）', '利润（profit）']
    """
    import pandas as pd

    code = normalise_language(lang or get_language())
    if not isinstance(table, (pd.DataFrame, pd.Series)) or not _names(code):
        return table
    out = table.copy(deep=False)
    if isinstance(table, pd.DataFrame):
        out.columns = _relabel(table.columns, code, always=True)
    else:
        out.name = header(table.name, code)
    out.index = _relabel(table.index, code, always=False)
    return out


def _relabel(axis: Any, lang: str, always: bool) -> Any:
    """`axis` with headed names, and headed labels if `always` or if all are known ids."""
    import pandas as pd

    known = _names(lang)
    if always or (not isinstance(axis, pd.MultiIndex) and len(axis)
                  and all(isinstance(v, str) and v in known for v in axis)):
        axis = axis.map(lambda v: tuple(header(x, lang) for x in v) if isinstance(v, tuple)
                        else header(v, lang))
    return axis.set_names([header(n, lang) for n in axis.names])


def _html(frame: Any) -> str | None:
    return readable(frame)._repr_html_()


def _text(series: Any, printer: Any, cycle: bool) -> None:
    import pandas as pd

    with pd.option_context("display.unicode.east_asian_width", True):  # aligns Chinese text
        printer.text(repr(readable(series)))


def show_headers(enable: bool = True) -> None:
    """Show pandas tables in notebooks with the reader's headers (see the module notes).

    Does nothing outside IPython. The language is read each time a table is shown,
    so switching it later takes effect at once.

    Parameters
    ----------
    enable : bool, default True
        False restores pandas' own display.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the course
        return
    shell = get_ipython()
    if shell is None:
        return
    import pandas as pd

    formatters = shell.display_formatter.formatters
    for mime, kind, show in (("text/html", pd.DataFrame, _html), ("text/plain", pd.Series, _text)):
        if enable:
            formatters[mime].for_type(kind, show)
        else:
            formatters[mime].type_printers.pop(kind, None)
