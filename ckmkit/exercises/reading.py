"""How a grader reads an answer: blanks, shapes, spellings, and bilingual text.

These are the pieces the ready graders (:func:`~ckmkit.exercises.classification`,
:func:`~ckmkit.exercises.ordering`, ...) are built from; a chapter that needs a
grader of its own uses them too, so every grader treats ``...``, a pandas
Series or ``"  About "`` alike.

Two spelling rules, on purpose:

- :func:`caseless` is how graders compare an answer's labels and ids with the
  key's: case and surrounding spaces do not matter, everything inside does. Keys
  hold ids such as ``C-001``, ``order_id`` or ``co-created``, written once by the
  exercise's author, where a hyphen or an underscore may be the whole difference.
- :func:`fold_spelling` is for the names of ideas a student types in free text
  ("Data_collection", "knowledge-discovery", "organize"): it also makes spaces,
  underscores, hyphens and US ``-ize`` spellings irrelevant. A chapter uses it
  to map those names onto its ids *before* grading (see
  :func:`ckmkit.concepts.answers.canonical`), so the key's ids stay exact.

Examples
--------
>>> is_blank(...), is_blank(None), is_blank(0)
(True, True, False)
>>> local({"en": "name", "zh": "姓名"}, lang="zh")
'姓名'
>>> caseless("  Co-Created "), fold_spelling("  Co-Created ")
('co-created', 'co created')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Union

from ..i18n import get_language

__all__ = ["Text", "local", "names_of", "is_blank", "as_mapping", "as_sequence", "as_set",
           "caseless", "fold_spelling"]

#: Text shown to students: a plain string, or ``{"en": ..., "zh": ...}``.
Text = Union[str, Mapping[str, str]]


def local(text: Text | None, lang: str | None = None) -> str:
    """Pick the current language from a bilingual `text` (English as fallback).

    Parameters
    ----------
    text : str, mapping or None
        A plain string (the same in both languages) or ``{"en": ..., "zh": ...}``.
    lang : str, optional
        ``"en"`` or ``"zh"``; default the current language.

    Returns
    -------
    str
        The text in `lang`, else in English, else the first one given; ``""`` for None.

    Examples
    --------
    >>> local("same in both"), local({"en": "only English"}, lang="zh"), local(None)
    ('same in both', 'only English', '')
    """
    if text is None:
        return ""
    if isinstance(text, Mapping):
        code = lang or get_language()
        return str(text.get(code) or text.get("en") or next(iter(text.values()), ""))
    return str(text)


def names_of(text: Text | None) -> list[str]:
    """Every spelling of a shown name: one string, or one per language.

    Parameters
    ----------
    text : str, mapping or None
        A name as :func:`local` takes it.

    Returns
    -------
    list of str
        What a student may type for it in either language.

    Examples
    --------
    >>> names_of({"en": "Data", "zh": "数据"}), names_of("Data"), names_of(None)
    (['Data', '数据'], ['Data'], [])
    """
    if text is None:
        return []
    return [str(v) for v in text.values()] if isinstance(text, Mapping) else [str(text)]


def is_blank(answer: Any) -> bool:
    """True for the student stub ``...`` and for ``None``: "not answered yet".

    Parameters
    ----------
    answer : object
        The student's answer.

    Examples
    --------
    >>> is_blank(...), is_blank(None), is_blank(0), is_blank("")
    (True, True, False, False)
    """
    return answer is ... or answer is None


def as_mapping(answer: Any) -> dict | None:
    """A dict from a mapping, a pandas Series or a list of pairs; else None.

    Parameters
    ----------
    answer : object
        The student's answer.

    Returns
    -------
    dict or None
        None when the answer is not item → value pairs (the grader explains).

    Examples
    --------
    >>> as_mapping([("a", 1), ("b", 2)])
    {'a': 1, 'b': 2}
    >>> import pandas as pd
    >>> as_mapping(pd.Series({"name": "A"}))
    {'name': 'A'}
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

    Parameters
    ----------
    answer : object
        The student's answer.

    Returns
    -------
    list or None
        None when the answer has no order of its own.

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

    Parameters
    ----------
    answer : object
        The student's answer.

    Returns
    -------
    set or None
        None for text, a mapping, or values that cannot go into a set.

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


def caseless(label: Any) -> Any:
    """The form under which graders compare a label or id: case and surrounding spaces ignored.

    Everything inside the text counts, hyphens and underscores included (see the
    module notes for why this differs from :func:`fold_spelling`).

    Parameters
    ----------
    label : object
        A label or id from an answer or a key; values that are not text are unchanged.

    Examples
    --------
    >>> caseless("  Co-Created "), caseless("order_id"), caseless(3)
    ('co-created', 'order_id', 3)
    """
    return label.strip().casefold() if isinstance(label, str) else label


def fold_spelling(text: Any) -> Any:
    """The form two spellings of one idea share: case, spaces, ``_``, hyphens and ``-ize`` ignored.

    For names a student types in free text, mapped onto a key's ids before grading
    (see the module notes for why graders themselves use :func:`caseless`).

    Parameters
    ----------
    text : object
        A typed name; values that are not text are unchanged.

    Examples
    --------
    >>> fold_spelling("  Data_collection "), fold_spelling("co-created"), fold_spelling("Organize")
    ('data collection', 'co created', 'organise')
    >>> fold_spelling(3)
    3
    """
    if not isinstance(text, str):
        return text
    text = re.sub(r"[\s_\-‐–—]+", " ", text.strip().casefold())
    return re.sub(r"iz(e|ed|es|ing|ation)\b", r"is\1", text)
