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
    "same_code",
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


def same_code(source: str, translated: str) -> bool:
    """Whether a translated code cell is the same program as `source`.

    Course chapters keep one program in both languages; what a reader sees may be
    translated. So comments may differ freely, and a string literal may differ
    where the translated one contains Chinese (a printed label, a column title).
    Identifiers, numbers, operators and every other string (column names, ids,
    exercise ids) must match.

    Examples
    --------
    >>> same_code('print("customers:", n)  # count', 'print("客户数：", n)  # 计数')
    True
    >>> same_code('check("value.top20", x)', 'check("value.top", x)')
    False
    >>> same_code('x = 1', 'x = 2')
    False
    """
    import io
    import re
    import tokenize

    han = re.compile(r"[\u4e00-\u9fff]")
    text_kinds = {tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}
    skipped = {tokenize.COMMENT, tokenize.NL}

    def tokens(code: str) -> list[tokenize.TokenInfo] | None:
        try:
            return [tok for tok in tokenize.generate_tokens(io.StringIO(code).readline)
                    if tok.type not in skipped]
        except (tokenize.TokenError, SyntaxError, IndentationError):
            return None

    a, b = tokens(source), tokens(translated)
    if a is None or b is None:  # not plain Python (a magic, say): compare as text
        return source == translated
    return len(a) == len(b) and all(
        x.type == y.type and (x.string == y.string or (x.type in text_kinds
                                                        and han.search(y.string)))
        for x, y in zip(a, b))
