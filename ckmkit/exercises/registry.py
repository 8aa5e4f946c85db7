"""Declare exercises once, check them from any notebook by id.

A chapter module declares its exercises with :func:`exercise`; a notebook
calls :func:`check` with the exercise id and the student's answer. Ids are
``"<section>.<name>"``; the first :func:`check` of a section imports the module
that declares it, named in :data:`SECTIONS`, so ``check("start.crm_origin", "a")``
works in a fresh kernel where nothing else was imported.

When the environment variable ``CKMKIT_EXERCISE_LOG`` names a file, every
check appends one JSON line with the answer and its feedback, which is how
batch grading and the exercise tests read a notebook's results.

Examples
--------
>>> from ckmkit.exercises import exercise, check, numeric
>>> @exercise("demo.answer", points=2)
... def _(answer):
...     return numeric(answer, 42)
>>> check("demo.answer", 42).points
2.0
>>> check("demo.answer", ...).status
'not_answered'
>>> check("demo.answr", 42).message
"There is no exercise 'demo.answr'. Did you mean 'demo.answer'?"
"""

from __future__ import annotations

import difflib
import importlib
import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..i18n import t
from .answers import Unsaveable, to_plain
from .feedback import MALFORMED, NOT_ANSWERED, SUBMITTED, Feedback
from .reading import Text, local

__all__ = ["Exercise", "exercise", "register", "get", "check", "exercises", "session_results",
           "LOG_ENV", "SECTIONS"]

#: Environment variable naming the JSON-lines file that records every check.
LOG_ENV = "CKMKIT_EXERCISE_LOG"

#: Section -> the module that declares its exercises, imported on the section's first use.
#: The one place the framework names the chapters: the areas build on the framework, so
#: it never imports them by name; a new chapter adds its line here.
SECTIONS: dict[str, str] = {
    "start": "ckmkit.concepts.start",           # chapter 0
    "concepts": "ckmkit.concepts.exercises",    # chapter 1
    "value": "ckmkit.value.exercises",          # chapter 2
    "knowledge": "ckmkit.knowledge.exercises",  # chapter 3
    "network": "ckmkit.network.exercises",      # chapter 4
    "engagement": "ckmkit.engagement.exercises",  # chapter 5
}

Checker = Callable[[Any], Feedback]


@dataclass(frozen=True)
class Exercise:
    """One auto-checked exercise.

    Parameters
    ----------
    id : str
        ``"<section>.<name>"``, unique across the course.
    points : float
        Points a fully correct answer earns (the checker's result is scaled).
    checker : callable
        ``checker(answer) -> Feedback``; usually one of the ready graders.
    title : text, optional
        Short name shown in grade reports (bilingual text allowed).
    hint : text, optional
        Shown with every answer that is not yet fully right.
    graded : str, optional
        For a graded exercise, the kind of answer its format check expects (``"share"``,
        ``"ids"``, ...; see :func:`ckmkit.exercises.graded`); None for a practice exercise,
        whose checker knows the answer.

    Examples
    --------
    >>> from ckmkit.exercises import numeric
    >>> ex = Exercise("demo.answer", 2.0, lambda a: numeric(a, 42, partial_tol=5),
    ...               hint="Six times seven.")
    >>> ex.section, ex.grade(42).points
    ('demo', 2.0)

    A near miss earns half the points, and the hint:

    >>> print(ex.grade(40))                 # doctest: +NORMALIZE_WHITESPACE
    [demo.answer] partial · 1/2 points
    Close, but not within the tolerance yet; check rounding and which rows you included.
    Hint: Six times seven.
    """

    id: str
    points: float
    checker: Checker
    title: Text | None = None
    hint: Text | None = None
    graded: str | None = None

    @property
    def section(self) -> str:
        """The part of the id before the first dot."""
        return self.id.split(".", 1)[0]

    def grade(self, answer: Any) -> Feedback:
        """Run the checker; never raises, whatever the answer is.

        Parameters
        ----------
        answer : object
            The student's answer, in any shape: the checker says what it expected.
        """
        try:
            fb = self.checker(answer)
        except Exception as exc:  # a checker must never show students a traceback
            fb = Feedback("", 0.0, 1.0, MALFORMED,
                          t("exercises.checker_error", error=f"{type(exc).__name__}: {exc}"))
        fb = fb.with_exercise(self.id, self.points)
        if self.hint and fb.status not in ("correct", NOT_ANSWERED, SUBMITTED):
            fb = Feedback(fb.exercise, fb.points, fb.max_points, fb.status,
                          t("exercises.with_hint", message=fb.message, hint=local(self.hint)),
                          fb.details, fb.kind)
        return fb


_REGISTRY: dict[str, Exercise] = {}
_SESSION: dict[str, Feedback] = {}
_LOADED: set[str] = set()
_LOADING = threading.RLock()


def register(id: str, points: float, checker: Checker, *, title: Text | None = None,
             hint: Text | None = None, graded: str | None = None) -> Exercise:
    """Add an exercise to the registry (re-registering an id replaces it).

    Parameters
    ----------
    id : str
        ``"<section>.<name>"``, unique across the course.
    points : float
        Points a fully correct answer earns (the checker's result is scaled).
    checker : callable
        ``checker(answer) -> Feedback``; usually one of the ready graders.
    title : text, optional
        Short name shown in grade reports (bilingual text allowed).
    hint : text, optional
        Shown with every answer that is not yet fully right.
    graded : str, optional
        The answer kind of a graded exercise, whose `checker` checks the format only
        (:func:`ckmkit.exercises.graded` passes it); None for practice.

    Examples
    --------
    >>> from ckmkit.exercises import set_equal
    >>> register("demo.ids", 1, lambda a: set_equal(a, {"C1"})).section
    'demo'
    """
    if "." not in id:
        raise ValueError(t("exercises.bad_id", id=id))
    ex = Exercise(id, float(points), checker, title, hint, graded)
    _REGISTRY[id] = ex
    return ex


def exercise(id: str, points: float = 1, *, title: Text | None = None,
             hint: Text | None = None) -> Callable[[Checker], Checker]:
    """Decorator form of :func:`register`; returns the checker unchanged.

    Parameters
    ----------
    id : str
        ``"<section>.<name>"``, unique across the course.
    points : float, default 1
        Points a fully correct answer earns (the checker's result is scaled).
    title : text, optional
        Short name shown in grade reports (bilingual text allowed).
    hint : text, optional
        Shown with every answer that is not yet fully right.

    Examples
    --------
    >>> from ckmkit.exercises import numeric
    >>> @exercise("demo.vat", points=2, hint="VAT is 13% of the 100-yuan net price.")
    ... def vat(answer):
    ...     return numeric(answer, 13)
    >>> vat(13).points                      # the checker itself, on a 1-point scale
    1.0
    >>> check("demo.vat", 13).points        # checked by id: scaled to the exercise's points
    2.0
    >>> print(check("demo.vat", 31).message)  # doctest: +NORMALIZE_WHITESPACE
    Not yet: your number is too high. Check which rows and columns you included.
    Hint: VAT is 13% of the 100-yuan net price.
    """

    def decorate(checker: Checker) -> Checker:
        register(id, points, checker, title=title, hint=hint)
        return checker

    return decorate


def _load_section(section: str) -> None:
    """Import the module declaring `section` (see :data:`SECTIONS`), once.

    A section that is not listed (``demo`` in the examples here) is one that its
    author registered directly.
    """
    # Batch grading checks from several threads: one imports the section while the others
    # wait, instead of finding it marked as loaded before its exercises are registered.
    with _LOADING:
        if section in _LOADED or section not in SECTIONS:
            return
        _LOADED.add(section)
        importlib.import_module(SECTIONS[section])


def get(exercise_id: str) -> Exercise:
    """The registered :class:`Exercise` for `exercise_id`.

    Parameters
    ----------
    exercise_id : str
        ``"<section>.<name>"``; the section's module is imported on first use.

    Raises
    ------
    KeyError
        With a "did you mean" suggestion when the id is unknown.

    Examples
    --------
    >>> ex = get("start.km_history")
    >>> ex.section, ex.points, ex.title["en"]
    ('start', 2.0, 'Three steps of KM history')
    >>> get("start.km_histroy")
    Traceback (most recent call last):
    ...
    KeyError: "There is no exercise 'start.km_histroy'. Did you mean 'start.km_history'?"
    """
    _load_section(exercise_id.split(".", 1)[0])
    try:
        return _REGISTRY[exercise_id]
    except KeyError:
        close = difflib.get_close_matches(exercise_id, list(_REGISTRY), n=1)
        key = "exercises.unknown_id_close" if close else "exercises.unknown_id"
        raise KeyError(t(key, id=exercise_id, close=close[0] if close else "")) from None


def exercises(section: str | None = None) -> list[Exercise]:
    """Registered exercises, optionally of one section, sorted by id.

    Parameters
    ----------
    section : str, optional
        Only the exercises of this section, e.g. ``"start"`` (loading it if needed);
        default every exercise registered so far.

    Examples
    --------
    >>> [e.id for e in exercises("start")][:3]
    ['start.cdnow_big_spenders', 'start.cdnow_customers', 'start.cdnow_top20_share']
    >>> sum(e.points for e in exercises("start"))   # points available in the chapter
    17.0
    """
    if section:
        _load_section(section)
    return sorted((e for e in _REGISTRY.values()
                   if section is None or e.section == section), key=lambda e: e.id)


def _record(fb: Feedback, answer: Any) -> None:
    _SESSION[fb.exercise] = fb
    path = os.environ.get(LOG_ENV)
    if not path:
        return
    try:
        plain = to_plain(answer)
    except Unsaveable as exc:
        plain = {"__unsaveable__": str(exc)}
    line = {"exercise": fb.exercise, "answer": plain, "feedback": fb.to_dict()}
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(line, ensure_ascii=False) + "\n")


def check(exercise_id: str, answer: Any = ..., /) -> Feedback:
    """Check `answer` to exercise `exercise_id` and return kind, specific feedback.

    Never raises: an unknown id, a checker that fails or an answer of the
    wrong shape all come back as a ``malformed`` :class:`Feedback` that says
    what to do. ``...`` (the stub in student notebooks) is "not answered yet".

    Parameters
    ----------
    exercise_id : str
        ``"<section>.<name>"``, as the notebook's check cell names it.
    answer : object, default ...
        The student's answer; ``...`` (the stub) means not answered yet.

    Examples
    --------
    >>> print(check("start.crm_origin", "b"))
    [start.crm_origin] not yet · 0/1 points
    Not yet; the notes below explain your pick.
      ✘ b: Philip Kotler, 1967: Kotler shaped marketing management, not the term CRM.
    >>> check("start.crm_origin", ...).status
    'not_answered'
    """
    try:
        ex = get(exercise_id)
    except Exception as exc:  # unknown id, or the declaring module failed to import
        msg = exc.args[0] if isinstance(exc, KeyError) else t(
            "exercises.load_error", id=exercise_id, error=f"{type(exc).__name__}: {exc}")
        return Feedback(str(exercise_id), 0.0, 0.0, MALFORMED, str(msg))
    fb = ex.grade(answer)
    _record(fb, answer)
    return fb


def session_results() -> dict[str, Feedback]:
    """The latest feedback per exercise checked in this Python session.

    Examples
    --------
    >>> from ckmkit.exercises import numeric
    >>> _ = register("demo.margin", 1, lambda a: numeric(a, 0.25))
    >>> check("demo.margin", 0.2).status, check("demo.margin", 0.25).status
    ('wrong', 'correct')
    >>> session_results()["demo.margin"].status   # only the latest check is kept
    'correct'
    """
    return dict(_SESSION)
