"""Exercises with instant, kind, bilingual feedback; student versions; grading.

Chapter modules declare exercises with :func:`exercise` (or
:func:`register`) using the ready graders; notebooks call :func:`check`, which
imports a section's module on first use (:data:`SECTIONS`). A grader of one's
own reads answers with :mod:`ckmkit.exercises.reading`.
See ``docs/EXERCISES.md`` for the authoring guide.

=========================  =====================================================
:func:`check`              check an answer by exercise id, get :class:`Feedback`
:func:`exercise`           decorator declaring an exercise (id, points, checker)
:func:`classification`     item → label, accepted alternatives, rationales
:func:`matching`           one-to-one pairs
:func:`ordering`           a sequence (longest-common-subsequence credit)
:func:`choice`             single or multiple answers
:func:`numeric`            a number within a tolerance
:func:`set_equal`          a set of ids or names (Jaccard credit)
:func:`graded`             declare a graded exercise: format feedback only, no answer
:func:`use_variant`        this student's own data (per-student variants)
=========================  =====================================================

Examples
--------
>>> from ckmkit.exercises import check
>>> print(check("start.km_history", ["data collection", "information mining",
...                                  "knowledge discovery"]))
[start.km_history] correct · 2/2 points
All 3 steps are in the right order.
  ✔ 1. data collection
  ✔ 2. information mining
  ✔ 3. knowledge discovery
"""

from __future__ import annotations

from .choice import choice
from .classify import classification, matching
from .feedback import (
    CORRECT,
    MALFORMED,
    NOT_ANSWERED,
    PARTIAL,
    PENDING,
    STATUSES,
    SUBMITTED,
    WRONG,
    Detail,
    Feedback,
)
from .formats import format_check, graded
from .numeric import numeric
from .registry import (
    LOG_ENV,
    SECTIONS,
    Exercise,
    check,
    exercise,
    exercises,
    get,
    register,
    session_results,
)
from .sequence import ordering, set_equal
from .variants import use_variant, variant_seed, variant_world

__all__ = [
    "CORRECT", "PARTIAL", "WRONG", "NOT_ANSWERED", "MALFORMED", "SUBMITTED", "PENDING", "STATUSES",
    "Detail", "Feedback", "Exercise", "LOG_ENV", "SECTIONS",
    "check", "exercise", "exercises", "get", "register", "session_results",
    "choice", "classification", "matching", "numeric", "ordering", "set_equal",
    "graded", "format_check", "use_variant", "variant_seed", "variant_world",
]
