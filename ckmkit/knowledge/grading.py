"""Grade the 19-item card sort with the course's rationales (thin wrapper on ckmkit.exercises).

Students may name items by number (``1``, ``"1"``) or by name in either
language (``"Customer name"``, ``"客户姓名"``), and types by id, code or any
name the course uses (``"about"``, ``"A"``, ``"About customers"``,
``"关于客户的知识"``, ``"关于客户"``, ``"关于"``). A list (or array) of 19
labels in item order works too, as does a list of ``(item, type)`` pairs. An
accepted alternative earns partial credit, and its feedback says why it is
accepted and why the key prefers another type; a wrong item gets a question
that does not give the type away.

Examples
--------
>>> from ckmkit.knowledge.grading import grade_card_sort, solution
>>> grade_card_sort(solution()).status
'correct'
>>> fb = grade_card_sort({**solution(), 3: "from"})
>>> fb.status, round(fb.fraction, 3)
('partial', 0.974)
>>> grade_card_sort(["about"] * 5).status
'malformed'
"""

from __future__ import annotations

import unicodedata
from typing import Any

from .. import content
from ..exercises import MALFORMED, PARTIAL, Detail, Feedback, classification
from ..exercises.reading import as_mapping, as_sequence, is_blank
from ..i18n import t
from ._classify import classify, sentences
from .content import answer_key, partial_credit

__all__ = ["type_aliases", "type_labels", "item_lookup", "grade_card_sort", "solution"]

_SHORT_ZH = {"about": "关于", "for": "用于", "from": "来自", "co-created": "共同创造"}


def type_aliases() -> dict[str, str]:
    """Every accepted spelling of the four types, mapped to the type id.

    Examples
    --------
    >>> a = type_aliases()
    >>> a["R"], a["来自客户的知识"], a["co-creation"]
    ('from', 'from', 'co-created')
    """
    aliases: dict[str, str] = {"cocreated": "co-created", "co created": "co-created",
                               "co-creation": "co-created"}
    for row in content.load("knowledge_types")["rows"]:
        kind = row["type"]
        aliases[row["code"]] = kind
        aliases[_SHORT_ZH[kind]] = kind
        aliases[_SHORT_ZH[kind] + "客户"] = kind  # 关于客户, as the feedback itself writes it
        aliases[_SHORT_ZH[kind] + "的知识"] = kind  # 共同创造的知识 (the 2006 paper's label)
        aliases[f"{kind} customers"] = kind  # "About customers", as the chapter's headings say
        aliases[f"knowledge {kind}"] = kind
        for name in row["name"].values():
            aliases[name] = kind
    aliases.update({"客户需要的知识": "for",  # the textbook's other label for F
                    "co-created with customers": "co-created", "与客户共同创造": "co-created",
                    "共同创造的客户知识": "co-created"})
    return aliases


def item_lookup() -> dict[str, int]:
    """Item number or name (either language, lower-case) → item id."""
    lookup: dict[str, int] = {}
    for row in content.load("card_sort")["rows"]:
        lookup[str(row["item_id"])] = row["item_id"]
        for name in row["item"].values():
            lookup[name.strip().lower()] = row["item_id"]
    return lookup


def solution() -> dict[int, str]:
    """The key as ``{item_id: type}`` (for instructors and tests)."""
    return {item: entry["key"] for item, entry in answer_key().items()}


def _as_item_dict(answer: Any) -> dict | None:
    """``{item_id: label}`` from a dict, Series or list of pairs, or a list/array of labels in
    item order (``None`` for an item not placed yet); None for any other shape."""
    pairs = as_mapping(answer)
    if pairs is None:
        labels = as_sequence(answer)
        if labels is None or not all(x is None or isinstance(x, str) for x in labels):
            return None
        pairs = dict(enumerate(labels, start=1))
    lookup = item_lookup()
    return {lookup.get(str(k).strip().lower(), k): v for k, v in pairs.items()}


def _counted_from_zero(answer: Any, n: int) -> bool:
    """A mapping or Series numbered 0..n-1: item numbers start at 1, so each label would land
    on the item before the one meant."""
    pairs = as_mapping(answer)
    return pairs is not None and sorted(map(str, pairs)) == sorted(map(str, range(n)))


def _shape_problem(answer: Any, n: int) -> str | None:
    """What is wrong with the answer's shape, before any grading (None if nothing)."""
    if _counted_from_zero(answer, n):
        return t("knowledge.counted_from_zero", n=n, last=n - 1, end=n + 1)
    labels = None if as_mapping(answer) is not None else as_sequence(answer)
    if labels is not None and all(x is None or isinstance(x, str) for x in labels) and len(labels) != n:
        return t("knowledge.wrong_length", given=len(labels), n=n)
    if _as_item_dict(answer) is None:
        return t("knowledge.not_card_sort", type=type(answer).__name__, n=n)
    return None


def type_labels() -> dict[str, dict[str, str]]:
    """``{type: {"en": name, "zh": name}}``: how each type is shown in feedback.

    Examples
    --------
    >>> type_labels()["from"]["zh"]
    '来自客户的知识'
    """
    return {row["type"]: dict(row["name"]) for row in content.load("knowledge_types")["rows"]}


def _malformed(message: str, points: float) -> Feedback:
    return Feedback("", 0.0, float(points), MALFORMED, message, (), "classification")


def _explain_partials(fb: Feedback, notes: dict[int, str], names: dict[int, str]) -> Feedback:
    by_name = {names[i]: notes[i] for i in notes if notes[i]}
    details = tuple(
        Detail(d.item, d.status, sentences(d.message, by_name[d.item]), d.given)
        if d.status == PARTIAL and d.item in by_name else d
        for d in fb.details
    )
    return Feedback(fb.exercise, fb.points, fb.max_points, fb.status, fb.message, details, fb.kind)


def _folded(answer: dict) -> dict:
    """Full-width letters and digits (Ｒ, １) read as their ASCII forms."""
    return {k: unicodedata.normalize("NFKC", v) if isinstance(v, str) else v for k, v in answer.items()}


def grade_card_sort(answer: Any, *, points: float = 1.0) -> Feedback:
    """Grade a card sort of the 19 items into the four customer-knowledge types.

    Parameters
    ----------
    answer : dict, Series, list or array
        ``{item: type}`` with items by number or name, a list of
        ``(item, type)`` pairs, or a list of 19 types in item order (``None``
        for an item not placed yet). ``...`` or ``None`` means not answered.
        Items are numbered from 1: a mapping numbered 0..18 is refused.
    points : float, default 1
        Points for a perfect sort; each item is worth ``points / 19``.

    Returns
    -------
    Feedback
        Per-item rationale in the current language; for an accepted
        alternative, the reason it is accepted and why the key prefers another.
    """
    if is_blank(answer):
        return classification(answer, solution(), points=points)
    n = len(answer_key())
    problem = _shape_problem(answer, n)
    if problem is not None:
        return _malformed(problem, points)
    rows = {r["item_id"]: r for r in content.load("card_sort")["rows"]}
    fb = classify(
        _folded(_as_item_dict(answer)),
        solution(),
        shown=type_labels(),
        accept={i: e["accept"] for i, e in answer_key().items()},
        rationale={i: r["rationale"] for i, r in rows.items()},
        hints={i: r["hint"] for i, r in rows.items()},
        items={i: {lang: f"{i}. {name}" for lang, name in r["item"].items()} for i, r in rows.items()},
        aliases=type_aliases(),
        partial=partial_credit(),
        points=points,
    )
    names = {i: f"{i}. {content.localise(r['item'])}" for i, r in rows.items()}
    notes = {i: content.localise(r["alternative_note"]) for i, r in rows.items()}
    return _explain_partials(fb, notes, names)
