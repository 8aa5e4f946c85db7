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
from ._common import listing, malformed, not_answered
from .feedback import CORRECT, PARTIAL, WRONG, Detail, Feedback
from .reading import Text, as_sequence, as_set, caseless, is_blank, local, names_of

__all__ = ["lcs_length", "lcs_members", "ordering", "set_equal"]


def lcs_length(a: list, b: list) -> int:
    """Length of the longest common subsequence of `a` and `b`.

    Parameters
    ----------
    a, b : list
        Two sequences of comparable values.

    Examples
    --------
    >>> lcs_length([1, 2, 3, 4], [2, 1, 3, 4])
    3
    """
    return len(lcs_members(a, b))


def lcs_members(a: list, b: list) -> set[int]:
    """Positions in `a` of one longest common subsequence of `a` and `b`.

    Parameters
    ----------
    a, b : list
        Two sequences of comparable values; positions are reported in `a`.

    Examples
    --------
    >>> sorted(lcs_members(["b", "c", "d", "a"], ["a", "b", "c", "d"]))
    [0, 1, 2]
    """
    n, m = len(a), len(b)
    table = [[0] * (m + 1) for _ in range(n + 1)]  # table[i][j]: LCS of a[i:] and b[j:]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            table[i][j] = (table[i + 1][j + 1] + 1 if a[i] == b[j]
                           else max(table[i + 1][j], table[i][j + 1]))
    members, i, j = set(), 0, 0
    while i < n and j < m:
        if a[i] == b[j]:
            members.add(i)
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return members


def _resolve(values: list, key: list,
             items: Mapping[Any, Text] | None = None) -> tuple[list, list]:
    """Map answers (ids, or shown names in either language) onto the key; collect unknowns."""
    by_form = {caseless(name): k for k in key for name in names_of((items or {}).get(k))}
    by_form.update({caseless(k): k for k in key})
    known, unknown = [], []
    for v in values:
        try:
            target = by_form.get(caseless(v))
        except TypeError:  # unhashable entry
            target = None
        (known.append(target) if target is not None else unknown.append(v))
    return known, unknown


def _shape_problem(seq: list, known: list, unknown: list, key: list) -> str | None:
    if unknown:
        return t("exercises.order.unknown", items=listing(unknown), known=listing(key))
    dupes = [k for k, c in Counter(known).items() if c > 1]
    if dupes:
        return t("exercises.order.duplicates", items=listing(dupes))
    if len(seq) != len(key):
        return t("exercises.order.length", given=len(seq), n=len(key))
    return None


def ordering(answer: Any, key: Iterable[Any], *, items: Mapping[Any, Text] | None = None,
             points: float = 1.0) -> Feedback:
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
    >>> print(ordering(["knowledge", "data"], key).message)  # doctest: +NORMALIZE_WHITESPACE
    Your list has 2 entries; it needs all 3, each exactly once.
    The steps in the right relative order still count.
    >>> ordering("data, information", key).status
    'malformed'

    Shown names in either language count as the item itself:

    >>> names = {"data": {"en": "Data", "zh": "数据"},
    ...          "information": {"en": "Information", "zh": "信息"},
    ...          "knowledge": {"en": "Knowledge", "zh": "知识"}}
    >>> ordering(["数据", "Information", "knowledge"], key, items=names).status
    'correct'
    """
    key = list(key)
    seq = _as_steps(answer, points)
    if isinstance(seq, Feedback):
        return seq
    known, unknown = _resolve(seq, key, items)
    in_order = lcs_members(known, key)  # the steps that count: they keep their relative order
    details = tuple(
        Detail(f"{i + 1}. {local((items or {}).get(k)) or k}", CORRECT if i in in_order else WRONG)
        for i, k in enumerate(known)
    )
    problem = _shape_problem(seq, known, unknown, key)
    if problem:  # the steps in the right relative order still count
        return Feedback("", points * len(in_order) / len(key), float(points), "malformed", problem,
                        details, "ordering")
    return _order_verdict(len(in_order), len(key), details, points)


def _as_steps(answer: Any, points: float) -> list | Feedback:
    """The answer as a list of steps, or the feedback saying why it is not one (yet)."""
    if is_blank(answer):
        return not_answered(points, "ordering")
    seq = as_sequence(answer)
    if seq is None:
        return malformed(points, "ordering", "order.not_sequence", type=type(answer).__name__)
    return seq if seq else not_answered(points, "ordering")


def _order_verdict(common: int, n: int, details: tuple[Detail, ...], points: float) -> Feedback:
    """Status, message and points when `common` of `n` steps keep their relative order.

    One step alone is always "in order", so it earns nothing.
    """
    status = CORRECT if common == n else PARTIAL if common > 1 else WRONG
    score = common / n if status != WRONG else 0.0
    message = {
        CORRECT: t("exercises.order.right", n=n),
        PARTIAL: t("exercises.order.partial", k=common, n=n),
        WRONG: t("exercises.order.wrong", n=n),
    }[status]
    return Feedback("", points * score, float(points), status, message, details, "ordering")


def set_equal(answer: Any, expected: Iterable[Any], *, points: float = 1.0,
              what: Text | None = None) -> Feedback:
    """Grade a set of values (ids, names) against `expected` (Jaccard credit).

    Missing items are counted but not named (that would give them away);
    extra items are named, since they are the student's own. Text matches
    regardless of case and surrounding spaces. A table counts as its row
    labels, a True/False Series as the labels where it is True, and any other
    Series as its values or its labels, whichever hold the expected kind.

    Parameters
    ----------
    answer : collection, pandas Series or DataFrame
        The student's values; ``...`` or ``None`` means not answered.
    expected : iterable
        The right values.
    points : float, default 1
        Points for exactly the right set.
    what : text, optional
        What the values are, for the message when the answer holds another kind
        (default "values").

    Examples
    --------
    >>> fb = set_equal(["C1", "C3"], {"C1", "C2"})
    >>> fb.status, round(fb.points, 4)
    ('partial', 0.3333)
    >>> print(fb.message)
    1 of your 2 are right; 1 should not be there (C3) and 1 still missing.
    >>> import pandas as pd
    >>> profit = pd.Series([5.0, -2.0, -1.0], index=["C1", "C2", "C3"])
    >>> set_equal(profit[profit < 0], {"C2", "C3"}).status
    'correct'
    >>> set_equal("C1", {"C1"}).status
    'malformed'
    """
    expected = set(expected)
    given = _as_members(answer, expected, points)
    if isinstance(given, Feedback):
        return given
    by_form = {caseless(v): v for v in expected}
    given = {by_form.get(caseless(v), v) for v in given}
    hits = given & expected
    if len(hits) == len(given) == len(expected):
        return Feedback("", float(points), float(points), CORRECT,
                        t("exercises.set.right", n=len(expected)), (), "set")
    if not hits and not _same_kind(given, expected):
        return malformed(points, "set", "set.other_kind", given=len(given),
                         examples=listing(sorted(map(str, given)), 3),
                         what=local(what) or t("exercises.set.values"))
    return Feedback("", points * len(hits) / len(given | expected), float(points),
                    PARTIAL if hits else WRONG, _set_message(given, expected), (), "set")


def _as_members(answer: Any, expected: set, points: float) -> set | Feedback:
    """The set the answer names, or the feedback saying why it names none (yet)."""
    if is_blank(answer):
        return not_answered(points, "set")
    given = _members(answer, expected)
    if given is None:
        return malformed(points, "set", "set.not_set", type=type(answer).__name__)
    return given if given else not_answered(points, "set")


def _set_message(given: set, expected: set) -> str:
    """How many are right, which extras to drop, and how many are still missing (not which)."""
    extra, missing = given - expected, expected - given
    parts = [t("exercises.set.extra", extra=len(extra), extras=listing(sorted(map(str, extra)), 5))
             ] if extra else []
    if missing:
        parts.append(t("exercises.set.missing", missing=len(missing)))
    return t("exercises.set.partial", hits=len(given & expected), given=len(given),
             rest=t("exercises.set.and").join(parts))


def _members(answer: Any, expected: set) -> set | None:
    """The set an answer names (see :func:`set_equal`); None if it is not a collection."""
    if hasattr(answer, "columns") and hasattr(answer, "index"):  # a table: one item per row
        return set(answer.index.tolist())
    if hasattr(answer, "index") and hasattr(answer, "dtype"):  # a Series
        if answer.dtype == bool:  # a mask: the labels where it is True
            return set(answer.index[answer.to_numpy()].tolist())
        values, labels = as_set(answer), set(answer.index.tolist())
        if values is None or len(labels & expected) > len(values & expected):
            return labels
        return values
    return as_set(answer)


def _same_kind(given: set, expected: set) -> bool:
    """Whether the answer holds the expected kind of value (text ids vs numbers vs flags)."""
    def kind(value: Any) -> str:
        return "flag" if isinstance(value, bool) else "text" if isinstance(value, str) else "other"

    return bool({kind(v) for v in given} & {kind(v) for v in expected})
