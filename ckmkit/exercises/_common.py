"""Helpers shared by the graders: blanks, bilingual text, answer shapes.

Examples
--------
>>> is_blank(...), is_blank(None), is_blank(0)
(True, True, False)
>>> local({"en": "name", "zh": "姓名"}, lang="zh")
'姓名'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Union

from ..i18n import get_language, t
from .feedback import MALFORMED, NOT_ANSWERED, Feedback

#: Text shown to students: a plain string, or ``{"en": ..., "zh": ...}``.
Text = Union[str, Mapping[str, str]]


def local(text: Text | None, lang: str | None = None) -> str:
    """Pick the current language from a bilingual `text` (English as fallback).

    Examples
    --------
    >>> local("same in both"), local({"en": "only English"}, lang="zh")
    ('same in both', 'only English')
    """
    if text is None:
        return ""
    if isinstance(text, Mapping):
        code = lang or get_language()
        return str(text.get(code) or text.get("en") or next(iter(text.values()), ""))
    return str(text)


def is_blank(answer: Any) -> bool:
    """True for the student stub ``...`` and for ``None``."""
    return answer is ... or answer is None


def not_answered(points: float, kind: str) -> Feedback:
    """The kind "not answered yet" result."""
    return Feedback("", 0.0, float(points), NOT_ANSWERED, t("exercises.not_answered"), (), kind)


def malformed(points: float, kind: str, key: str, **values: Any) -> Feedback:
    """A zero-point result explaining what is wrong with the answer's shape."""
    return Feedback("", 0.0, float(points), MALFORMED, t(f"exercises.{key}", **values), (), kind)


def type_name(value: Any) -> str:
    """Short name of a value's type, for messages.

    Examples
    --------
    >>> type_name([1]), type_name("x")
    ('list', 'str')
    """
    return type(value).__name__


def as_mapping(answer: Any) -> dict | None:
    """A dict from a mapping, a pandas Series or a list of pairs; else None.

    Examples
    --------
    >>> as_mapping([("a", 1), ("b", 2)])
    {'a': 1, 'b': 2}
    >>> as_mapping("ab") is None
    True
    """
    if isinstance(answer, Mapping):
        return dict(answer)
    if hasattr(answer, "to_dict") and hasattr(answer, "index") and not hasattr(answer, "columns"):
        return dict(answer.to_dict())
    if isinstance(answer, (list, tuple)) and answer and all(
        isinstance(p, (list, tuple)) and len(p) == 2 for p in answer
    ):
        return {p[0]: p[1] for p in answer}
    return None


def as_sequence(answer: Any) -> list | None:
    """A list from a list, tuple, array or Series; None for text, sets, dicts.

    Examples
    --------
    >>> as_sequence(("a", "b")), as_sequence({"a"}), as_sequence("ab")
    (['a', 'b'], None, None)
    """
    if isinstance(answer, (str, bytes, Mapping, set, frozenset)):
        return None
    if isinstance(answer, (list, tuple)):
        return list(answer)
    if hasattr(answer, "tolist"):
        values = answer.tolist()
        return values if isinstance(values, list) else None
    return None


def as_set(answer: Any) -> set | None:
    """A set from any non-text iterable of hashable values; else None.

    Examples
    --------
    >>> sorted(as_set(["b", "a", "a"]))
    ['a', 'b']
    >>> as_set("ab") is None, as_set([["x"]]) is None
    (True, True)
    """
    if isinstance(answer, (str, bytes, Mapping)) or not isinstance(answer, Iterable):
        return None
    values = answer.tolist() if hasattr(answer, "tolist") else list(answer)
    try:
        return set(values)
    except TypeError:
        return None


def norm(label: Any) -> Any:
    """Case- and space-insensitive form of a text label; other values unchanged.

    Examples
    --------
    >>> norm("  Co-Created ")
    'co-created'
    """
    return label.strip().casefold() if isinstance(label, str) else label


def listing(values: Iterable[Any], limit: int = 8) -> str:
    """Comma-separated preview of `values` for a message.

    Examples
    --------
    >>> listing(["a", "b"]), listing(range(12), limit=3)
    ('a, b', '0, 1, 2, …')
    """
    values = list(values)
    text = ", ".join(str(v) for v in values[:limit])
    return text + (", …" if len(values) > limit else "")


def names_of(text: Text | None) -> list[str]:
    """Every spelling of a shown name: one string, or one per language.

    Examples
    --------
    >>> names_of({"en": "Data", "zh": "数据"}), names_of("Data"), names_of(None)
    (['Data', '数据'], ['Data'], [])
    """
    if text is None:
        return []
    return [str(v) for v in text.values()] if isinstance(text, Mapping) else [str(text)]
