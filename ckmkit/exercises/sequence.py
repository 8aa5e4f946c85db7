"""Ordering (a sequence) and set equality, with partial credit.

Ordering is scored by the **longest common subsequence** (LCS) of the answer
and the key, divided by the key's length. LCS rewards every item that sits in
the right order relative to the others, so one step put in the wrong place
costs one step, not every step after it (which is what counting correct
positions would do). Sets are scored by the Jaccard index
``|answer ∩ key| / |answer ∪ key|``, so both missing and extra items cost.

Examples
--------
>>> key = ["collect", "organise", "disseminate", "apply"]
>>> ordering(["organise", "collect", "disseminate", "apply"], key).points
0.75
>>> round(set_equal({"C1", "C2", "C9"}, {"C1", "C2"}).points, 4)
0.6667
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from ..i18n import t
from ._common import (
    Text, as_sequence, as_set, is_blank, listing, local, malformed, norm, not_answered,
)
from .feedback import CORRECT, PARTIAL, WRONG, Detail, Feedback

__all__ = ["lcs_length", "ordering", "set_equal"]


def lcs_length(a: list, b: list) -> int:
    """Length of the longest common subsequence of `a` and `b`.

    Examples
    --------
    >>> lcs_length([1, 2, 3, 4], [2, 1, 3, 4])
    3
    """
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def _resolve(values: list, key: list,
             items: Mapping[Any, Text] | None = None) -> tuple[list, list]:
    """Map answers (ids, or shown names in either language) onto the key; collect unknowns."""
    by_norm = {norm(name): k for k in key for name in _names((items or {}).get(k))}
    by_norm.update({norm(k): k for k in key})
    known, unknown = [], []
    for v in values:
        try:
            target = by_norm.get(norm(v))
        except TypeError:  # unhashable entry
            target = None
        (known.append(target) if target is not None else unknown.append(v))
    return known, unknown


def _names(text: Text | None) -> list[str]:
    """Every spelling of an item's shown name: one string, or one per language."""
    if text is None:
        return []
    return [str(v) for v in text.values()] if isinstance(text, Mapping) else [str(text)]


def _shape_problem(seq: list, known: list, unknown: list, key: list) -> str | None:
    if unknown:
        return t("exercises.order.unknown", items=listing(unknown), known=listing(key))
    dupes = [k for k, c in Counter(known).items() if c > 1]
    if dupes:
        return t("exercises.order.duplicates", items=listing(dupes))
    if len(seq) != len(key):
        return t("exercises.order.length", given=len(seq), n=len(key))
    return None


def ordering(
    answer: Any,
    key: Iterable[Any],
    *,
    items: Mapping[Any, Text] | None = None,
    points: float = 1.0,
) -> Feedback:
    """Grade a sequence against the correct order `key` (LCS partial credit).

    Parameters
    ----------
    answer : list, tuple, array or Series
        The student's order; ``...`` or ``None`` means not answered.
    key : iterable
        The correct order.
    items : mapping, optional
        How each item is shown (bilingual text allowed).
    points : float, default 1
        Points for the exact order.

    Examples
    --------
    >>> key = ["data", "information", "knowledge"]
    >>> ordering(["data", "information", "knowledge"], key).status
    'correct'
    >>> ordering(["knowledge", "data"], key).message
    'Your list has 2 entries; it needs all 3, each exactly once. The steps in the right relative order still count.'
    >>> ordering("data, information", key).status
    'malformed'

    Shown names in either language count as the item itself:

    >>> names = {"data": {"en": "Data", "zh": "数据"}, "information": {"en": "Information", "zh": "信息"},
    ...          "knowledge": {"en": "Knowledge", "zh": "知识"}}
    >>> ordering(["数据", "Information", "knowledge"], key, items=names).status
    'correct'
    """
    key = list(key)
    if is_blank(answer):
        return not_answered(points, "ordering")
    seq = as_sequence(answer)
    if seq is None:
        return malformed(points, "ordering", "order.not_sequence", type=type(answer).__name__)
    if not seq:
        return not_answered(points, "ordering")
    known, unknown = _resolve(seq, key, items)
    common = lcs_length(known, key)
    score = common / len(key)
    details = tuple(
        Detail(f"{i + 1}. {local((items or {}).get(k)) or k}",
               CORRECT if i < len(key) and key[i] == k else WRONG)
        for i, k in enumerate(known)
    )
    problem = _shape_problem(seq, known, unknown, key)
    if problem:
        return Feedback("", points * score, float(points), "malformed", problem,
                        details, "ordering")
    status = CORRECT if common == len(key) else PARTIAL if common > 1 else WRONG
    score = score if status != WRONG else 0.0
    message = {
        CORRECT: t("exercises.order.right", n=len(key)),
        PARTIAL: t("exercises.order.partial", k=common, n=len(key)),
        WRONG: t("exercises.order.wrong", n=len(key)),
    }[status]
    return Feedback("", points * score, float(points), status, message, details,
                    "ordering")


def set_equal(
    answer: Any,
    expected: Iterable[Any],
    *,
    points: float = 1.0,
    what: Text | None = None,
) -> Feedback:
    """Grade a set of values (ids, names) against `expected` (Jaccard credit).

    Missing items are counted but not named (that would give them away);
    extra items are named, since they are the student's own.

    Examples
    --------
    >>> fb = set_equal(["C1", "C3"], {"C1", "C2"})
    >>> fb.status, round(fb.points, 4)
    ('partial', 0.3333)
    >>> print(fb.message)
    1 of your 2 are right; 1 should not be there (C3) and 1 are missing.
    >>> set_equal("C1", {"C1"}).status
    'malformed'
    """
    expected = set(expected)
    if is_blank(answer):
        return not_answered(points, "set")
    given = as_set(answer)
    if given is None:
        return malformed(points, "set", "set.not_set", type=type(answer).__name__)
    hits, extra, missing = given & expected, given - expected, expected - given
    union = given | expected
    score = len(hits) / len(union) if union else 1.0
    if score == 1.0:
        return Feedback("", float(points), float(points), CORRECT,
                        t("exercises.set.right", n=len(expected)), (), "set")
    status = PARTIAL if hits else WRONG
    message = t("exercises.set.partial", hits=len(hits), given=len(given), extra=len(extra),
                extras=listing(sorted(map(str, extra)), 5), missing=len(missing))
    return Feedback("", points * score, float(points), status, message, (), "set")
