"""Graded exercises: the student's check looks at the answer's format, never at its value.

A practice exercise knows its answer and says at once whether it is right. A graded
exercise does not: the installed package holds only the *kind* of answer it expects
(a share, a count, a list of ids, one of some options), so a student who reads the
package learns nothing about the reference. The student's check says whether the
answer has the right shape; the instructor grades it later with the key pack
(:mod:`ckmkit.exercises.keys`), which ``ckmkit exercises keys`` writes from the
exercise sources. See ``docs/EXERCISES.md``, "Practice and graded exercises".

Examples
--------
>>> from ckmkit.exercises import check, graded
>>> _ = graded("demo.churn_share", "share", points=2)
>>> print(check("demo.churn_share", 0.31))
[demo.churn_share] submitted · worth 2 points, graded by your instructor
Your answer is a share between 0 and 1 ✓ — it will be graded by your instructor.
>>> check("demo.churn_share", 31).status
'malformed'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from ..i18n import t
from ..quality import is_real
from ._common import listing, malformed, not_answered
from .feedback import SUBMITTED, Feedback
from .reading import Text, as_set, caseless, is_blank
from .registry import Exercise, register

__all__ = ["KINDS", "graded", "format_check"]


def _number(answer: Any) -> float | None:
    """The answer as a float if it is one real number (NumPy scalars too), else None."""
    if hasattr(answer, "item") and getattr(answer, "size", 0) == 1:
        answer = answer.item()
    return float(answer) if is_real(answer) and math.isfinite(float(answer)) else None


def _share(answer: Any, options: Sequence[str]) -> tuple[str, dict] | None:
    x = _number(answer)
    return None if x is not None and 0 <= x <= 1 else ("bad_share", {"value": answer})


def _count(answer: Any, options: Sequence[str]) -> tuple[str, dict] | None:
    x = _number(answer)
    return None if x is not None and x >= 0 and x == int(x) else ("bad_count", {"value": answer})


def _real(answer: Any, options: Sequence[str]) -> tuple[str, dict] | None:
    return None if _number(answer) is not None else ("bad_number", {"type": type(answer).__name__})


def _ids(answer: Any, options: Sequence[str]) -> tuple[str, dict] | None:
    values = None if isinstance(answer, (str, bytes)) else as_set(answer)
    if not values or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in values):
        return "bad_ids", {"type": type(answer).__name__}
    return None


def _choice(answer: Any, options: Sequence[str]) -> tuple[str, dict] | None:
    allowed = {caseless(o) for o in options}
    if isinstance(answer, str) and caseless(answer) in allowed:
        return None
    return "bad_choice", {"value": answer, "options": listing(options)}


#: Kind of answer -> its format check (None when the shape is right, else a message key and values).
KINDS: dict[str, Callable[[Any, Sequence[str]], tuple[str, dict] | None]] = {
    "share": _share, "count": _count, "number": _real, "ids": _ids, "choice": _choice,
}


def format_check(answer: Any, kind: str, options: Sequence[str] = (), points: float = 1.0) -> Feedback:
    """Check only the shape of `answer` for a graded exercise of `kind`; never its value.

    Parameters
    ----------
    answer : object
        The student's answer; ``...`` or ``None`` means not answered yet.
    kind : {"share", "count", "number", "ids", "choice"}
        What the exercise asks for: a share between 0 and 1, a whole number, any number,
        a list or set of ids, or one of `options`.
    options : sequence of str, default ()
        The options of a ``"choice"`` exercise (they are no secret: the question lists them).
    points : float, default 1
        The points the answer is worth when graded.

    Returns
    -------
    Feedback
        ``submitted`` (no points yet) when the shape is right, ``malformed`` naming what is
        wrong, or ``not_answered``.

    Examples
    --------
    >>> format_check(["C00001", "C00007"], "ids").status
    'submitted'
    >>> print(format_check("b", "choice", options=["a", "b", "c"]).message)
    Your answer is one of the options ✓ — it will be graded by your instructor.
    >>> format_check(12.5, "count").message
    'Give a whole number of at least 0, not 12.5.'
    """
    if is_blank(answer):
        return not_answered(points, f"graded:{kind}")
    problem = KINDS[kind](answer, options)
    if problem:
        return malformed(points, f"graded:{kind}", f"graded.{problem[0]}", **problem[1])
    return Feedback("", 0.0, float(points), SUBMITTED, t(f"exercises.graded.ok_{kind}"), (),
                    f"graded:{kind}")


def graded(id: str, kind: str, points: float = 1, *, options: Sequence[str] = (),
           title: Text | None = None, hint: Text | None = None) -> Exercise:
    """Declare a graded exercise: the package knows the kind of answer, never the answer.

    The reference (and how closely an answer must match it) lives in the exercise
    source and, once ``ckmkit exercises keys`` has run, in the instructor's key pack.

    Parameters
    ----------
    id : str
        ``"<section>.<name>"``, unique across the course.
    kind : {"share", "count", "number", "ids", "choice"}
        The kind of answer; see :func:`format_check`.
    points : float, default 1
        Points a fully correct answer earns when the instructor grades it.
    options : sequence of str, default ()
        The options of a ``"choice"`` exercise.
    title : text, optional
        Short name shown in grade reports (bilingual text allowed).
    hint : text, optional
        Kept for the grade report; a graded check gives no hints on the value.

    Returns
    -------
    Exercise
        The registered exercise, with ``graded`` set to `kind`.

    Examples
    --------
    >>> ex = graded("demo.best_channel", "choice", 2, options=["email", "phone", "visit"])
    >>> ex.graded, ex.grade("Phone").status, ex.grade("fax").status
    ('choice', 'submitted', 'malformed')
    """
    if kind not in KINDS:
        raise ValueError(t("exercises.graded.unknown_kind", kind=kind, kinds=listing(KINDS)))
    options = tuple(options)
    return register(id, points, lambda answer: format_check(answer, kind, options),
                    title=title, hint=hint, graded=kind)
