"""Classification (item → label) and matching (pairs) with partial credit.

Each item is worth ``points / len(key)``. The key label earns the full item
share, an accepted alternative earns ``partial`` of it. Malformed parts (an
unknown item, an unknown label) earn nothing and are explained, but the rest
of the answer is still graded, so one typo never costs the whole exercise.

Examples
--------
>>> key = {"name": "A", "manual": "F"}
>>> fb = classification({"name": "A", "manual": "R"}, key, labels=["A", "F", "R", "C"])
>>> fb.status, fb.points
('partial', 0.5)
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..i18n import t
from ._common import listing, malformed, not_answered
from .feedback import CORRECT, MALFORMED, PARTIAL, WRONG, Detail, Feedback
from .reading import Text, as_mapping, caseless, is_blank, local, names_of

__all__ = ["classification", "matching"]


def _resolver(labels: Iterable[Any], aliases: Mapping[str, Any] | None) -> dict[Any, Any]:
    """Map every accepted spelling (normalised) to its canonical label."""
    table = {caseless(label): label for label in labels}
    for alias, label in (aliases or {}).items():
        table[caseless(alias)] = label
    return table


def _item_names(key: Mapping, items: Mapping[Any, Text] | None) -> dict[Any, str]:
    return {item: local((items or {}).get(item)) or str(item) for item in key}


def _score_item(given: Any, expected: Any, accepted: Iterable[Any], partial: float) -> tuple[str, float]:
    if given == expected:
        return CORRECT, 1.0
    if given in set(accepted) and partial > 0:
        return PARTIAL, partial
    return WRONG, 0.0


def _item_message(status: str, why: str, hint: str) -> str:
    """The rationale once the item is (partly) right; before that only a `hint`, which must
    not name the answer (most rationales do)."""
    if status == CORRECT:
        return why
    lead, text = ("partial", why) if status == PARTIAL else ("wrong", hint)
    return t(f"exercises.item.{lead}", why=text) if text else t(f"exercises.item.{lead}_alone")


def _resolve_items(answer: dict, key: Mapping,
                   items: Mapping[Any, Text] | None = None) -> tuple[dict, list[str]]:
    """Match the student's items to the key's: by id or shown name, in either language."""
    by_form = {caseless(name): item for item in key for name in names_of((items or {}).get(item))}
    by_form.update({caseless(item): item for item in key})
    resolved: dict = {}
    unknown: list[str] = []
    for item, label in answer.items():
        target = by_form.get(caseless(item))
        if target is None:
            unknown.append(str(item))
        else:
            resolved[target] = label
    return resolved, unknown


def _sentences(texts: list[str]) -> str:
    """Sentences run together as the language writes them (a space in English, none in Chinese)."""
    return functools.reduce(lambda first, then: t("exercises.sentences", first=first, then=then),
                            texts)


def _headline(n_right: int, n: int, problems: list[str], score: float) -> tuple[str, str]:
    """Overall status and message."""
    if problems:
        return MALFORMED, _sentences(problems)
    if score >= 1.0:
        return CORRECT, t("exercises.class.all_right", n=n)
    if score > 0:
        return PARTIAL, t("exercises.class.some_right", right=n_right, n=n)
    return WRONG, t("exercises.class.none_right", n=n)


@dataclass(frozen=True)
class _Rules:
    """How each item of a classification is read and marked (the grader's options, resolved)."""

    labels: list  # every label a student may use, for messages
    resolve: dict  # any accepted spelling of a label -> the label
    names: dict  # item -> how it is shown
    accept: Mapping
    rationale: Mapping
    hints: Mapping
    partial: float


def _rules(key: Mapping, labels: Iterable[Any] | None, accept: Mapping | None,
           rationale: Mapping | None, hints: Mapping | None, items: Mapping | None,
           aliases: Mapping | None, partial: float) -> _Rules:
    accept = accept or {}
    shown = list(labels) if labels is not None else list(key.values())
    shown += [a for alts in accept.values() for a in alts if a not in shown]
    return _Rules(shown, _resolver(shown, aliases), _item_names(key, items), accept,
                  rationale or {}, hints or {}, partial)


def _as_labels(answer: Any, points: float, kind: str) -> dict | Feedback:
    """The answer as ``{item: label}``, or the feedback saying why it is not one (yet)."""
    if is_blank(answer):
        return not_answered(points, kind)
    given = as_mapping(answer)
    if given is None:
        return malformed(points, kind, "class.not_mapping", type=type(answer).__name__)
    return given if given else not_answered(points, kind)


def _mark(item: Any, expected: Any, given: dict, rules: _Rules) -> tuple[Detail, str | None, float]:
    """One item's detail, the problem with its label (if any) and the credit it earns."""
    name = rules.names[item]
    if item not in given:
        return Detail(name, WRONG, t("exercises.item.missing")), None, 0.0
    raw = given[item]
    label = rules.resolve.get(caseless(raw)) if isinstance(raw, (str, int)) else None
    if label is None:
        problem = t("exercises.class.unknown_label", label=raw, item=name, labels=listing(rules.labels))
        return Detail(name, MALFORMED, t("exercises.item.bad_label"), str(raw)), problem, 0.0
    status, credit = _score_item(label, expected, rules.accept.get(item, ()), rules.partial)
    why, hint = local(rules.rationale.get(item)), local(rules.hints.get(item))
    return Detail(name, status, _item_message(status, why, hint), str(label)), None, credit


def _grade(given: dict, key: Mapping, rules: _Rules, unknown: list[str], points: float,
           kind: str) -> Feedback:
    """Mark every item of the key and sum up (`unknown`: answer items the key does not have)."""
    marked = [_mark(item, expected, given, rules) for item, expected in key.items()]
    details = tuple(detail for detail, _, _ in marked)
    problems = [problem for _, problem, _ in marked if problem]
    if unknown:
        problems.insert(0, t("exercises.class.unknown_items", items=listing(unknown),
                             known=listing(key)))  # the ids: short, and what answers use
    score = sum(credit for _, _, credit in marked) / len(key)
    n_right = sum(d.status == CORRECT for d in details)
    status, message = _headline(n_right, len(key), problems, score)
    return Feedback("", points * score, float(points), status, message, details, kind)


def classification(
    answer: Any, key: Mapping[Any, Any], *, labels: Iterable[Any] | None = None,
    accept: Mapping[Any, Iterable[Any]] | None = None, rationale: Mapping[Any, Text] | None = None,
    hints: Mapping[Any, Text] | None = None, items: Mapping[Any, Text] | None = None,
    aliases: Mapping[str, Any] | None = None, partial: float = 0.5, points: float = 1.0,
    kind: str = "classification",
) -> Feedback:
    """Grade a dict ``{item: label}`` against `key`.

    Parameters
    ----------
    answer : mapping, pandas Series or list of pairs
        The student's labels; ``...`` or ``None`` means not answered.
    key : mapping
        The correct label of every item.
    labels : iterable, optional
        Every label a student may use (default: those in `key` and `accept`).
    accept : mapping, optional
        Debatable alternatives per item, worth `partial` of the item.
    rationale : mapping, optional
        One line per item explaining the key, shown once the item is right or
        partly right (a rationale usually names the answer).
    hints : mapping, optional
        One line per item shown while it is wrong; it must not give the answer away.
    items : mapping, optional
        How each item is shown to students (bilingual text allowed).
    aliases : mapping, optional
        Other spellings of labels, e.g. ``{"about": "A", "关于": "A"}``.
    partial : float, default 0.5
        Share of an item's credit for an accepted alternative.
    points : float, default 1
        Points for a fully correct answer.
    kind : str, default "classification"
        The kind of check the feedback reports (:func:`matching` passes ``"matching"``).

    Returns
    -------
    Feedback
        Per-item details carry the rationale (right items) or the hint (wrong ones);
        the expected label is not revealed.

    Examples
    --------
    >>> key = {"name": "A", "dialogue": "C"}
    >>> fb = classification({"name": "a", "dialogue": "R"}, key, labels="AFRC",
    ...                     accept={"dialogue": ["R"]}, points=2)
    >>> fb.status, fb.points
    ('partial', 1.5)
    >>> classification({"nmae": "A"}, key, labels="AFRC").status
    'malformed'
    >>> classification(["A", "C"], key).message
    'Give your answer as a dict {item: label}, not a list.'
    """
    given = _as_labels(answer, points, kind)
    if isinstance(given, Feedback):
        return given
    rules = _rules(key, labels, accept, rationale, hints, items, aliases, partial)
    given, unknown = _resolve_items(given, key, items)
    return _grade(given, key, rules, unknown, points, kind)


def matching(
    answer: Any,
    key: Mapping[Any, Any],
    *,
    right: Iterable[Any] | None = None,
    items: Mapping[Any, Text] | None = None,
    rationale: Mapping[Any, Text] | None = None,
    aliases: Mapping[str, Any] | None = None,
    points: float = 1.0,
) -> Feedback:
    """Grade pairs ``{left: right}`` against a one-to-one `key`.

    Each correct pair earns ``points / len(key)``. Using the same right-hand
    value twice is allowed but flagged, because in a one-to-one key at most
    one of those pairs can be right.

    Parameters
    ----------
    answer : mapping, pandas Series or list of pairs
        The student's pairs ``{left: right}``; ``...`` or ``None`` means not answered.
    key : mapping
        The right partner of every left-hand item, one-to-one.
    right : iterable, optional
        Every right-hand value a student may use (default: the values of `key`).
    items : mapping, optional
        How each left-hand item is shown to students (bilingual text allowed).
    rationale : mapping, optional
        One line per item explaining its pair, shown once the pair is right.
    aliases : mapping, optional
        Other spellings of right-hand values, e.g. ``{"成本": "cost"}``.
    points : float, default 1
        Points for a fully correct answer.

    Examples
    --------
    >>> key = {"product": "customer value", "price": "cost"}
    >>> print(matching({"product": "cost", "price": "cost"}, key).message)
    ... # doctest: +NORMALIZE_WHITESPACE
    1 of 2 right so far; the notes below help with the rest.
    You used 'cost' more than once; each partner belongs to exactly one item.
    >>> matching([("product", "customer value"), ("price", "cost")], key).status
    'correct'
    """
    fb = classification(answer, key, labels=right if right is not None else key.values(),
                        rationale=rationale, items=items, aliases=aliases, partial=0.0,
                        points=points, kind="matching")
    given = as_mapping(answer) or {}
    repeated = [r for r, c in Counter(map(caseless, given.values())).items() if c > 1 and r is not None]
    if not repeated or fb.status not in (WRONG, PARTIAL):
        return fb
    note = t("exercises.match.repeated", values=listing(map(repr, repeated)))
    return Feedback("", fb.points, fb.max_points, fb.status, f"{fb.message} {note}", fb.details,
                    fb.kind)
