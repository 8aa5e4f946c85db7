"""Multiple choice with one or several right answers.

With several right answers, the score is ``(right picks − wrong picks) /
number of right options``, never below zero, so ticking every box earns
nothing.

Examples
--------
>>> opts = {"a": "1980s", "b": "late 1990s", "c": "2010s"}
>>> choice("B", "b", options=opts).status
'correct'
>>> choice({"a", "b"}, {"a", "b", "c"}, options=opts, points=3).points
2.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..i18n import t
from ._common import listing, malformed, not_answered
from .feedback import CORRECT, PARTIAL, WRONG, Detail, Feedback
from .reading import Text, as_set, caseless, is_blank, local

__all__ = ["choice"]


def _pick(value: Any, options: Mapping[Any, Text], aliases: Mapping[Any, Any] | None) -> Any:
    by_form = {caseless(o): o for o in options}
    by_form.update({caseless(alias): o for alias, o in (aliases or {}).items()})
    try:
        return by_form.get(caseless(value))
    except TypeError:
        return None


def _as_picks(answer: Any, multiple: bool, options: Mapping, points: float) -> list | Feedback:
    """The values the student picked, or the feedback saying why there are none to read (yet)."""
    if is_blank(answer):
        return not_answered(points, "choice")
    if isinstance(answer, str) or not isinstance(answer, Iterable):
        return [answer]
    if not multiple:
        return malformed(points, "choice", "choice.one_only", example=next(iter(options)))
    picks = as_set(answer)
    if picks is None:  # a dict, say: not a collection of options
        return malformed(points, "choice", "choice.not_options", type=type(answer).__name__,
                         example=", ".join(map(repr, sorted(options, key=str)[:2])))
    return list(picks) if picks else not_answered(points, "choice")


def _explain(picked: Iterable[Any], correct: set, options: Mapping, explain: Mapping | None):
    return tuple(
        Detail(f"{o}: {local(options[o])}", CORRECT if o in correct else WRONG,
               local((explain or {}).get(o)))
        for o in sorted(picked, key=str)
    )


def choice(answer: Any, correct: Any, *, options: Mapping[Any, Text],
           explain: Mapping[Any, Text] | None = None, aliases: Mapping[Any, Any] | None = None,
           points: float = 1.0) -> Feedback:
    """Grade a multiple-choice answer.

    Parameters
    ----------
    answer : str or collection of str
        One option id, or several for a multiple-answer question.
    correct : str or collection of str
        The right option(s); a collection makes it a multiple-answer question.
    options : mapping
        Option id → text shown to students.
    explain : mapping, optional
        Option id → why it is right or wrong, shown for each option picked.
    aliases : mapping, optional
        Other accepted spellings → option id, e.g. ``{"否": "no", False: "no"}``.
    points : float, default 1
        Points for the right answer.

    Examples
    --------
    >>> opts = {"a": "x", "b": "y"}
    >>> choice("z", "a", options=opts).message
    "'z' is not one of the options (a, b)."
    >>> choice(["a", "b"], "a", options=opts).message
    'Pick exactly one option, e.g. "a".'
    >>> choice("甲", "a", options=opts, aliases={"甲": "a"}).status
    'correct'
    >>> choice({"a": 1}, {"a", "b"}, options=opts).message
    "Give the options you pick as a list or set, e.g. ['a', 'b'] or {'a'}, not a dict."
    """
    multiple = not isinstance(correct, str) and isinstance(correct, Iterable)
    right = set(correct) if multiple else {correct}
    picks_raw = _as_picks(answer, multiple, options, points)
    if isinstance(picks_raw, Feedback):
        return picks_raw
    picks = {_pick(v, options, aliases) for v in picks_raw}
    if None in picks:
        bad = [v for v in picks_raw if _pick(v, options, aliases) is None]
        return malformed(points, "choice", "choice.unknown", value=bad[0],
                         options=listing(options))
    score = max(0.0, (len(picks & right) - len(picks - right)) / len(right))
    status = CORRECT if score == 1.0 else PARTIAL if score > 0 else WRONG
    message = t(f"exercises.choice.{status}", n=len(right))
    return Feedback("", points * score, float(points), status, message,
                    _explain(picks, right, options, explain), "choice")
