"""Tables in the reader's language: Chinese column headers, English column ids.

Column names of the kit's tables are code (``customers["frequency"]``), so they
stay English in both languages. A Chinese reader still needs to know what a
column means, so in a Chinese notebook a known column is shown as
``重复购买次数（frequency）``: the meaning first, then the id to type. Only the
display changes; the table itself keeps its ids.

:func:`ckmkit.setup` installs :func:`show_headers` in IPython, so every pandas
table a notebook shows (the kit's results and the reader's own) gets these
headers while the language is Chinese. The translations live in
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


def readable(frame: Any, lang: str | None = None) -> Any:
    """`frame` with headers for a reader of `lang`: columns, index and their names.

    Returns a relabelled copy for display (pandas copies lazily, so the data is
    not duplicated); the original keeps its ids. Frames that need no change, and
    objects that are not pandas frames, are returned as they are.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"segment": ["loyal"], "customers": [12]})
    >>> list(readable(table, lang="zh").columns)
    ['细分（segment）', '客户数（customers）']
    >>> readable(table, lang="en") is table
    True
    """
    import pandas as pd

    code = normalise_language(lang or get_language())
    if not isinstance(frame, pd.DataFrame) or not _names(code):
        return frame
    out = frame.rename(columns=lambda c: header(c, code))  # row labels are data: left as they are
    out.columns.names = [header(n, code) for n in frame.columns.names]
    out.index.names = [header(n, code) for n in frame.index.names]
    return out


def _html(frame: Any) -> str | None:
    return readable(frame)._repr_html_()


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

    formatter = shell.display_formatter.formatters["text/html"]
    if enable:
        formatter.for_type(pd.DataFrame, _html)
    else:
        formatter.type_printers.pop(pd.DataFrame, None)
