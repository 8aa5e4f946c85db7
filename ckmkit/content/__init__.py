"""Course content as data: bilingual TOML tables shipped inside the package.

Each ``<name>.toml`` file in this folder holds one teaching table. It has a
``[meta]`` block (title, sources, column order) and a list of ``[[rows]]``.
A field that differs by language is an inline table ``{en = "...", zh = "..."}``;
every other field (ids, codes, numbers, lists of codes) is the same in both.

:func:`frame` turns a table into a :class:`pandas.DataFrame` in the current
language, so notebooks never hard-code course text.

Examples
--------
>>> from ckmkit import content, language
>>> "crm_vs_ckm" in content.names()
True
>>> with language("zh"):
...     content.frame("four_p_four_c").loc[0, "four_c"]
'客户价值（需求与解决方案）'
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from ..i18n import LANGUAGES, get_language, normalise_language

__all__ = ["names", "load", "frame", "title", "is_bilingual", "localise"]


@cache
def names() -> tuple[str, ...]:
    """Names of all content tables shipped with the kit (sorted)."""
    folder = resources.files(__name__)
    return tuple(sorted(e.name[:-5] for e in folder.iterdir() if e.name.endswith(".toml")))


@cache
def load(name: str) -> dict[str, Any]:
    """Raw content of table `name`: ``{"meta": {...}, "rows": [...]}``.

    Raises
    ------
    KeyError
        If no such table exists; the message lists the available ones.
    """
    if name not in names():
        raise KeyError(f"no content table {name!r}; available: {', '.join(names())}")
    text = (resources.files(__name__) / f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def is_bilingual(value: Any) -> bool:
    """True if `value` is a ``{"en": ..., "zh": ...}`` pair.

    Parameters
    ----------
    value : object
        A cell of a content table.

    Examples
    --------
    >>> is_bilingual({"en": "delight", "zh": "愉悦"}), is_bilingual({"en": "delight"})
    (True, False)
    """
    return isinstance(value, dict) and set(value) == set(LANGUAGES)


def localise(value: Any, lang: str | None = None) -> Any:
    """Pick the `lang` side of a bilingual pair; leave other values unchanged.

    Parameters
    ----------
    value : object
        A ``{"en": ..., "zh": ...}`` pair, or any other value.
    lang : {"en", "zh"}, optional
        The language; by default the session's.

    Examples
    --------
    >>> localise({"en": "delight", "zh": "愉悦"}, "zh")
    '愉悦'
    >>> localise(3)
    3
    """
    if is_bilingual(value):
        return value[normalise_language(lang) if lang else get_language()]
    return value


def title(name: str, lang: str | None = None) -> str:
    """The table's title in the current (or given) language.

    Parameters
    ----------
    name : str
        The content table, a file name in ``ckmkit/content/`` without ``.toml``.
    lang : {"en", "zh"}, optional
        The language; by default the session's.

    Examples
    --------
    >>> title("four_p_four_c", "en")
    'From the 4P to the 4C'
    """
    return localise(load(name)["meta"]["title"], lang)


def frame(name: str, lang: str | None = None):
    """Table `name` as a DataFrame in the current (or given) language.

    Column names stay English identifiers (they are code); the cells are
    localised. Columns follow ``meta.columns`` when the file gives an order.

    Parameters
    ----------
    name : str
        The content table, a file name in ``ckmkit/content/`` without ``.toml``.
    lang : {"en", "zh"}, optional
        The language of the cells; by default the session's.

    Examples
    --------
    >>> frame("four_p_four_c", lang="en")[["four_p", "four_c"]].iloc[1].tolist()
    ['Price', 'Cost to the customer']
    """
    import pandas as pd

    data = load(name)
    rows = [{k: localise(v, lang) for k, v in row.items()} for row in data["rows"]]
    columns = data["meta"].get("columns") or list(dict.fromkeys(k for r in rows for k in r))
    return pd.DataFrame(rows, columns=columns)
