"""Bilingual messages: one catalogue per language, one switch for the session.

Every string a reader sees (plot labels, widget captions, table headers,
error messages) is looked up here by key, so a single call to
:func:`set_language` turns the whole kit into English or Simplified Chinese.

Catalogues live in ``ckmkit/locales/<lang>/<section>.toml``; a key is
``"<section>.<name>"``. Values are :meth:`str.format` templates.

Examples
--------
>>> import ckmkit
>>> from ckmkit.i18n import t
>>> with ckmkit.language("zh"):
...     t("common.customer")
'客户'
>>> t("common.customer")
'customer'
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import tomllib
from collections.abc import Iterator
from functools import cache
from importlib import resources

__all__ = [
    "LANGUAGES",
    "get_language",
    "set_language",
    "normalise_language",
    "language",
    "t",
    "catalogue",
    "detect_language",
    "text",
]

#: Supported language codes, in the order they are offered to readers.
LANGUAGES: tuple[str, ...] = ("en", "zh")

_ALIASES = {
    "en": "en", "english": "en", "en-us": "en", "en-gb": "en", "en_us": "en",
    "zh": "zh", "chinese": "zh", "zh-cn": "zh", "zh_cn": "zh", "zh-hans": "zh",
    "中文": "zh", "简体中文": "zh",
}


def normalise_language(lang: str) -> str:
    """The language code for a common spelling; a bilingual ValueError for anything else.

    Parameters
    ----------
    lang : str
        ``"en"``, ``"zh"`` or a common spelling (``"English"``, ``"中文"``, ``"zh-CN"``, ...).

    Examples
    --------
    >>> normalise_language("中文"), normalise_language("EN")
    ('zh', 'en')
    """
    try:
        return _ALIASES[str(lang).strip().lower()]
    except KeyError:
        raise ValueError(
            f"Unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}. "
            f"未知语言 {lang!r}，请选择 {', '.join(LANGUAGES)}。"
        ) from None


# The session's language is a plain global: a Jupyter kernel (ipykernel 7) handles
# each message, such as a widget event, in its own copy of the context, so a
# context variable set by one widget would be lost to the next. Only the
# temporary `language()` block uses a context variable, so it stays local.
_session = normalise_language(os.environ.get("CKMKIT_LANG", "en") or "en")
_override: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "ckmkit_language", default=None)


def get_language() -> str:
    """Return the current language code (``"en"`` or ``"zh"``).

    Examples
    --------
    >>> import ckmkit
    >>> ckmkit.get_language()
    'en'
    >>> with ckmkit.language("zh"):
    ...     ckmkit.get_language()
    'zh'
    >>> ckmkit.get_language()               # restored after the block
    'en'
    """
    return _override.get() or _session


def set_language(lang: str) -> str:
    """Switch every user-facing string to `lang` for the rest of the session.

    Parameters
    ----------
    lang : {"en", "zh"}
        Language code; common spellings such as ``"zh-CN"`` or ``"中文"`` work too.

    Returns
    -------
    str
        The normalised code now in force.

    Examples
    --------
    >>> import ckmkit
    >>> ckmkit.set_language("zh-CN")
    'zh'
    >>> ckmkit.set_language("en")
    'en'
    """
    global _session
    code = _session = normalise_language(lang)
    if _override.get() is not None:  # inside a `language()` block: switch it too
        _override.set(code)
    return code


@contextlib.contextmanager
def language(lang: str) -> Iterator[str]:
    """Use `lang` inside a ``with`` block, then restore the previous language.

    Parameters
    ----------
    lang : str
        The language for the block, in any spelling :func:`normalise_language` reads.

    Examples
    --------
    >>> import ckmkit
    >>> with ckmkit.language("zh") as code:
    ...     code
    'zh'
    """
    token = _override.set(normalise_language(lang))
    try:
        yield get_language()
    finally:
        _override.reset(token)


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of one language as a flat ``{"section.key": text}`` dict."""
    code = normalise_language(lang)
    messages: dict[str, str] = {}
    folder = resources.files("ckmkit") / "locales" / code
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".toml"):
            continue
        section = entry.name[: -len(".toml")]
        _flatten(tomllib.loads(entry.read_text(encoding="utf-8")), section, messages)
    return messages


def _flatten(table: dict, prefix: str, out: dict[str, str]) -> None:
    for key, value in table.items():
        name = f"{prefix}.{key}"
        if isinstance(value, dict):
            _flatten(value, name, out)
        else:
            out[name] = str(value)


def t(key: str, /, lang: str | None = None, **values: object) -> str:
    """Translate `key` into the current (or given) language and fill in `values`.

    Parameters
    ----------
    key : str
        ``"section.name"``, e.g. ``"common.customer"``.
    lang : str, optional
        Override the current language for this one message.
    **values
        Substituted into the message with :meth:`str.format`. With ``n=1`` the
        singular form ``<key>_one`` is used where the language has one (English
        does; Chinese nouns do not change, so its catalogue has none).

    Raises
    ------
    KeyError
        If no catalogue defines `key` (a test keeps both catalogues complete).

    Examples
    --------
    >>> t("quality.missing_column", column="amount", available="date, id", lang="en")
    "Column 'amount' is missing; the table has: date, id."
    >>> t("quality.reason_return", n=1, lang="en"), t("quality.reason_return", n=2, lang="en")
    ('1 return (negative amount)', '2 returns (negative amount)')
    """
    messages = catalogue(lang or get_language())
    if values.get("n") == 1 and f"{key}_one" in messages:
        key = f"{key}_one"
    try:
        template = messages[key]
    except KeyError:
        raise KeyError(f"no message {key!r} in the {lang or get_language()!r} catalogue") from None
    return template.format(**values) if values else template


def detect_language(path: str | os.PathLike[str] | None = None) -> str:
    """Guess the reader's language: ``CKMKIT_LANG``, else the notebook's folder.

    Course notebooks live in ``notebooks/en`` and ``notebooks/zh`` and share
    identical code; a kernel starts in the notebook's folder, so the folder
    name tells which language the reader chose.

    Parameters
    ----------
    path : str or path-like, optional
        The folder to read; by default the current working directory.

    Examples
    --------
    >>> detect_language("/course/notebooks/zh")
    'zh'
    """
    env = os.environ.get("CKMKIT_LANG")
    if env:
        return normalise_language(env)
    parts = [p.lower() for p in os.path.normpath(os.fspath(path or os.getcwd())).split(os.sep)]
    for part in reversed(parts):
        if part in LANGUAGES:
            return part
    return get_language()


def text(en: str, zh: str, /, **values: object) -> str:
    """The reader's version of a sentence written in a notebook, filled in with `values`.

    Course chapters run the same code in both languages, so a line a chapter prints
    carries both versions and shows the one the reader chose.

    Parameters
    ----------
    en, zh : str
        The sentence in English and in Chinese, as :meth:`str.format` templates.
    **values
        Substituted into the chosen template.

    Examples
    --------
    >>> import ckmkit
    >>> text("{n:,} customers", "{n:,} 位客户", n=2357)
    '2,357 customers'
    >>> with ckmkit.language("zh"):
    ...     text("{n:,} customers", "{n:,} 位客户", n=2357)
    '2,357 位客户'
    """
    template = zh if get_language() == "zh" else en
    return template.format(**values) if values else template
