"""Grade the 19-item card sort with the course's rationales (thin wrapper on ckmkit.exercises).

Students may name items by number (``1``, ``"1"``) or by name in either
language (``"Customer name"``, ``"客户姓名"``), and types by id, code or name
(``"about"``, ``"A"``, ``"关于客户的知识"``, ``"关于"``). A list of 19 labels in
item order works too. An accepted alternative earns partial credit, and its
feedback says why it is accepted and why the key prefers another type.

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

from typing import Any

from .. import content
from ..exercises import MALFORMED, PARTIAL, Detail, Feedback, classification
from ..exercises._common import is_blank
from ..i18n import t
from .content import TYPES, answer_key, partial_credit

__all__ = ["type_aliases", "item_lookup", "grade_card_sort", "solution"]

_SHORT_ZH = {"about": "关于", "for": "用于", "from": "来自", "co-created": "共同创造"}


def type_aliases() -> dict[str, str]:
    """Every accepted spelling of the four types, mapped to the type id.

    Examples
    --------
    >>> a = type_aliases()
    >>> a["R"], a["来自客户的知识"], a["co-creation"]
    ('from', 'from', 'co-created')
    """
    aliases: dict[str, str] = {"cocreated": "co-created", "co created": "co-created", "co-creation": "co-created"}
    for row in content.load("knowledge_types")["rows"]:
        aliases[row["code"]] = row["type"]
        aliases[_SHORT_ZH[row["type"]]] = row["type"]
        for name in row["name"].values():
            aliases[name] = row["type"]
    aliases["客户需要的知识"] = "for"  # the textbook's other label for F
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
    """Turn a list of 19 labels into ``{1: label, ...}``; map item names to ids."""
    if isinstance(answer, (list, tuple)) and all(isinstance(x, str) for x in answer):
        return dict(enumerate(answer, start=1))
    if hasattr(answer, "items") and not isinstance(answer, str):
        lookup = item_lookup()
        return {lookup.get(str(k).strip().lower(), k): v for k, v in answer.items()}
    return None


def _malformed(message: str, points: float) -> Feedback:
    return Feedback("", 0.0, float(points), MALFORMED, message, (), "classification")


def _explain_partials(fb: Feedback, notes: dict[int, str], names: dict[int, str]) -> Feedback:
    by_name = {names[i]: notes[i] for i in notes if notes[i]}
    details = tuple(
        Detail(d.item, d.status, f"{d.message} {by_name[d.item]}".strip(), d.given)
        if d.status == PARTIAL and d.item in by_name else d
        for d in fb.details
    )
    return Feedback(fb.exercise, fb.points, fb.max_points, fb.status, fb.message, details, fb.kind)


def grade_card_sort(answer: Any, *, points: float = 1.0) -> Feedback:
    """Grade a card sort of the 19 items into the four customer-knowledge types.

    Parameters
    ----------
    answer : dict, Series or list
        ``{item: type}`` with items by number or name, or a list of 19 types in
        item order. ``...`` or ``None`` means not answered.
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
    if isinstance(answer, (list, tuple)) and all(isinstance(x, str) for x in answer) and len(answer) != n:
        return _malformed(t("knowledge.wrong_length", given=len(answer), n=n), points)
    given = _as_item_dict(answer)
    if given is None:
        return _malformed(t("knowledge.not_card_sort", type=type(answer).__name__, n=n), points)
    rows = {r["item_id"]: r for r in content.load("card_sort")["rows"]}
    fb = classification(
        given,
        solution(),
        labels=TYPES,
        accept={i: e["accept"] for i, e in answer_key().items()},
        rationale={i: r["rationale"] for i, r in rows.items()},
        items={i: {lang: f"{i}. {name}" for lang, name in r["item"].items()} for i, r in rows.items()},
        aliases=type_aliases(),
        partial=partial_credit(),
        points=points,
    )
    names = {i: f"{i}. {content.localise(r['item'])}" for i, r in rows.items()}
    notes = {i: content.localise(r["alternative_note"]) for i, r in rows.items()}
    return _explain_partials(fb, notes, names)
