"""Tables in the reader's language: Chinese column headers, English column ids.

Column names of the kit's tables are code (``customers["frequency"]``), so they
stay English in both languages. A Chinese reader still needs to know what a
column means, so in a Chinese notebook a known column is shown as
``重复购买次数（frequency）``: the meaning first, then the id to type. Only the
display changes; the table itself keeps its ids. Columns of codes (a region,
a channel, a knowledge type) show their values the same way: ``华东（east）``.

:func:`ckmkit.setup` installs :func:`show_headers` in IPython, so every pandas
table and Series a notebook shows (the kit's results and the reader's own) gets
these headers while the language is Chinese. The translations live in
``ckmkit/locales/headers.toml``.

Only what a notebook shows is headed. Text a program writes stays in ids, so it
can be read back and compared in any language: ``print(table)``,
``table.to_html()``, ``to_string``, ``to_csv``, and a Styler (``table.style``),
which shows what its author formatted; to head one, format its labels with
:func:`header`: ``table.style.format_index(header, axis="columns")``.

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

from .i18n import catalogue, get_language, normalise_language

__all__ = ["header", "readable", "show_headers"]


#: Columns whose values are codes, with the catalogue keys naming them (code appended to the
#: prefix); None: the codes are column ids too, named in headers.toml, as the knowledge types are.
CODED: dict[str, str | None] = {
    "region": "world.region.", "channel": "world.channel.", "segment": "world.segment.",
    "acquisition_source": "world.acquisition_source.", "strategy": "network.strategy_",
    "category": "world.category.", "status": "world.status.", "kind": "world.kind.",
    "role": "world.role.", "adopted": "world.adopted.", "verdict": "engagement.verdict.",
    "quadrant": "engagement.quadrant.",
    "knowledge_type": None, "predicted": None, "alternative": None,
}


@cache
def _names(lang: str) -> dict[str, str]:
    """Column id → name in `lang` (empty for English: there the ids are the names)."""
    text = (resources.files("ckmkit") / "locales" / "headers.toml").read_text(encoding="utf-8")
    return tomllib.loads(text).get(lang, {})


@cache
def _codes(column: str, lang: str) -> dict[str, str]:
    """Code → ``名称（code）`` for the values of a coded column (empty in English)."""
    if not _names(lang):
        return {}
    prefix = CODED[column]
    if prefix is None:
        return {code: header(code, lang) for code in _names(lang)}
    return {key[len(prefix):]: _both(name, key[len(prefix):])
            for key, name in catalogue(lang).items() if key.startswith(prefix)}


def _both(name: str, code: str) -> str:
    """``名称（code）``; a name already ending in the code, as ``贪心算法（CELF）``, shows it once."""
    if name.lower().endswith(f"（{code.lower()}）"):
        name = name[:-len(code) - 2]
    return f"{name}（{code}）"


def header(column: Any, lang: str | None = None) -> Any:
    """How column `column` is headed for a reader of `lang` (default: the current language).

    Known ids get their meaning in front of the id in Chinese; anything else
    (an unknown id, a number, a tuple) is returned unchanged.

    Parameters
    ----------
    column : object
        A column label.
    lang : {"en", "zh"}, optional
        The reader's language; by default the session's.

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


def readable(table: Any, lang: str | None = None, *, codes: bool = True) -> Any:
    """`table` for a reader of `lang`: headed columns and axis names, named codes.

    Row labels are data (customer ids, regions) and stay as they are, unless every
    one of them is a known column id: then the table is a record of fields (a
    summary Series, a transposed table) and they are headers too. With `codes`,
    the values of coded columns (:data:`CODED`) and a coded index are named as well.
    Returns a relabelled copy for display (pandas copies lazily, so the data is not
    duplicated); the original keeps its ids. Tables that need no change, and
    objects that are not pandas tables, are returned as they are.

    Parameters
    ----------
    table : object
        A pandas DataFrame or Series; anything else is returned as it is.
    lang : {"en", "zh"}, optional
        The reader's language; by default the session's.
    codes : bool, default True
        Also name the values of coded columns and a coded index (``华东（east）``).

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"region": ["east"], "customers": [12]})
    >>> readable(table, lang="zh").to_dict("records")
    [{'地区（region）': '华东（east）', '客户数（customers）': 12}]
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
        for column in _coded_columns(table) if codes else []:
            out[column] = _named_codes(table[column], column, code)
        out.columns = _relabel(table.columns, code, always=True)
    else:
        if codes and table.name in CODED:
            out = _named_codes(out, table.name, code)
        out.name = header(table.name, code)
    out.index = _relabel(table.index, code, always=False)
    return out


def _coded_columns(frame: Any) -> list[str]:
    if frame.columns.nlevels > 1 or not frame.columns.is_unique:
        return []  # codes are named only where a column is one plain label
    return [c for c in frame.columns if isinstance(c, str) and c in CODED]


def _named_codes(values: Any, column: str, lang: str) -> Any:
    """A column of codes with each known code shown as ``名称（code）``."""
    if values.dtype.kind in "biufcmM":
        return values  # numbers, dates: not codes
    names = _codes(column, lang)
    return values.map(lambda v: names.get(v, v) if isinstance(v, str) else v)


def _relabel(axis: Any, lang: str, always: bool) -> Any:
    """`axis` with headed names, and headed labels if `always` or if all are known ids."""
    import pandas as pd

    known = _names(lang)
    if isinstance(axis, pd.MultiIndex):  # levels hold each label once, however long the axis
        levels = [_relabel(level, lang, always) for level in axis.levels]
        return axis.set_levels(levels).set_names([level.name for level in levels])
    if always or (len(axis) and all(isinstance(v, str) and v in known for v in axis)):
        axis = axis.map(lambda v: tuple(header(x, lang) for x in v) if isinstance(v, tuple)
                        else header(v, lang))
    if axis.name in CODED:  # e.g. a group-by region
        axis = pd.Index(_named_codes(axis.to_series(), axis.name, lang), name=axis.name)
    return axis.set_names([header(n, lang) for n in axis.names])


def _window(table: Any) -> Any:
    """The rows of `table` pandas may show: the first and last ``display.max_rows``.

    Long tables are cut before relabelling, so showing one costs the same at any
    length; the cut is still longer than ``max_rows``, so pandas truncates it as
    it would the whole table.
    """
    import pandas as pd

    limit = pd.get_option("display.max_rows")
    info = pd.get_option("display.large_repr") == "info"  # describes the whole table
    if info or not limit or len(table) <= 2 * limit:
        return table
    return pd.concat([table.iloc[:limit], table.iloc[-limit:]])


def _html(table: Any) -> str | None:
    """pandas' own notebook HTML of `table` (a Series as a one-column table), headed.

    In English a DataFrame is pandas' own and a Series has no HTML (pandas' text
    shows), as without the kit.
    """
    import pandas as pd

    lang = get_language()
    english = not _names(normalise_language(lang))
    if isinstance(table, pd.Series):
        if english:
            return None
        table = table.to_frame("" if table.name is None else table.name)
    if english:
        return table._repr_html_()
    shown = _window(table)
    html = readable(shown, lang)._repr_html_()
    if html is None or shown is table:
        return html
    cut = f"<p>{len(shown)} rows × "  # pandas' dimensions line counts the cut, not the table
    at = html.rfind(cut)
    return html if at < 0 else f"{html[:at]}<p>{len(table)} rows × {html[at + len(cut):]}"


def _text(series: Any, printer: Any, cycle: bool) -> None:
    """A Series as text (terminals, text exports): headed, aligned for Chinese characters.

    A long Series gets only its names headed, so its text costs the same at any length.
    """
    import pandas as pd

    lang = get_language()
    if len(series) > 2 * (pd.get_option("display.max_rows") or len(series)):
        series = series.rename(header(series.name, lang)).rename_axis(
            [header(n, lang) for n in series.index.names])
    else:
        series = readable(series, lang)
    with pd.option_context("display.unicode.east_asian_width", True):
        printer.text(repr(series))


def show_headers(enable: bool = True) -> None:
    """Show pandas tables in notebooks with the reader's headers (see the module notes).

    Does nothing outside IPython. The language is read each time a table is shown,
    so switching it later takes effect at once; tables shown before keep their look.
    In Chinese a Series is shown as a one-column table, whose columns line up in
    any font (Chinese characters are not exactly two letters wide on screen).

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
    for mime, kind, show in (("text/html", pd.DataFrame, _html), ("text/html", pd.Series, _html),
                             ("text/plain", pd.Series, _text)):
        if enable:
            formatters[mime].for_type(kind, show)
        else:
            formatters[mime].type_printers.pop(kind, None)
