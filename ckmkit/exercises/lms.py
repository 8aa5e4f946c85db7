"""Gradebook files for learning-management systems: one column per chapter, one row per student.

``ckmkit grade ... --lms canvas`` writes ``lms-canvas.csv`` for Canvas' gradebook import
(Grades → Import): the identity columns ``Student, ID, SIS User ID, SIS Login ID, Section``,
then one column per assignment, and a ``Points Possible`` row under the header, as in
the file Canvas' own gradebook export gives. Canvas matches a student by ``ID``, ``SIS
User ID`` or ``SIS Login ID``; a column whose name is not an assignment yet becomes a new
assignment.

``--lms moodle`` writes ``lms-moodle.csv`` for Moodle's grade import (Grades → Import →
CSV file): identifier columns (``ID number``, ``Email address``, ``Username``) and one
column per grade item; on import, "Identify user by" maps one identifier column onto
the matching user field and each grade column onto a grade item.

Identity values come from the roster (:mod:`ckmkit.exercises.roster`); without one, or
for a student not in it, the student id fills ``Student`` / ``Username``. Each chapter's
points are the sum of its exercises (pending ones count 0 until graded).

Examples
--------
>>> from ckmkit.exercises.records import GradedNotebook, Submission
>>> from ckmkit.exercises import Feedback
>>> g = GradedNotebook(Submission("li", Path("li/02.ipynb"), "02-customer-value", "zh"),
...                    [Feedback("value.top20_share", 2.0, 2.0, "correct", "")])
>>> header, possible, li = lms_rows([g], "canvas", {})
>>> header
['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', '02-customer-value']
>>> possible, li
(['Points Possible', '', '', '', '', '2'], ['li', '', '', '', '', '2'])
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

from ..i18n import t
from .feedback import format_points
from .records import GradedNotebook

__all__ = ["LMS", "lms_rows", "write_lms"]

#: LMS name -> (identity column headers, the roster column each one comes from).
LMS: dict[str, list[tuple[str, str]]] = {
    "canvas": [("Student", "name"), ("ID", "canvas_id"), ("SIS User ID", "sis_user_id"),
               ("SIS Login ID", "sis_login_id"), ("Section", "section")],
    "moodle": [("ID number", "idnumber"), ("Email address", "email"), ("Username", "username")],
}
_FALLBACK = {"canvas": "name", "moodle": "username"}  # filled with the student id if missing


def _totals(graded: list[GradedNotebook]) -> tuple[list[str], dict[str, dict[str, float]],
                                                  dict[str, float]]:
    """Chapters in order, points per student and chapter, and each chapter's maximum."""
    chapters: list[str] = []
    points: dict[str, dict[str, float]] = {}
    maximum: dict[str, float] = {}
    for g in graded:
        chapter = g.submission.chapter
        if not chapter:
            continue
        if chapter not in chapters:
            chapters.append(chapter)
        mine = points.setdefault(g.submission.student, {})
        mine[chapter] = max(mine.get(chapter, 0.0), g.points)  # a resubmission: the better one
        maximum[chapter] = max(maximum.get(chapter, 0.0), g.max_points)
    return sorted(chapters), points, maximum


def lms_rows(graded: list[GradedNotebook], lms: str, roster: Mapping[str, Mapping[str, str]]
             ) -> list[list[str]]:
    """The rows of the gradebook file for `lms`, header first.

    Parameters
    ----------
    graded : list of GradedNotebook
        Every graded notebook.
    lms : {"canvas", "moodle"}
        Which import format.
    roster : mapping
        Student id -> roster row (identity columns); may be empty.

    Raises
    ------
    ValueError
        For an LMS not in :data:`LMS`.
    """
    if lms not in LMS:
        raise ValueError(t("exercises.lms.unknown", lms=lms, known=", ".join(LMS)))
    chapters, points, maximum = _totals(graded)
    columns = LMS[lms]
    rows = [[header for header, _ in columns] + chapters]
    if lms == "canvas":
        rows.append(["Points Possible"] + [""] * (len(columns) - 1)
                    + [format_points(maximum[c]) for c in chapters])
    for student in sorted(points):
        known = dict(roster.get(student, {}))
        known[_FALLBACK[lms]] = known.get(_FALLBACK[lms]) or student
        rows.append([known.get(field, "") for _, field in columns]
                    + [format_points(points[student].get(c, 0.0)) for c in chapters])
    return rows


def write_lms(graded: list[GradedNotebook], out: str | Path, lms: str,
              roster: Mapping[str, Mapping[str, str]] | None = None) -> Path:
    """Write ``<out>/lms-<lms>.csv`` (UTF-8) and return its path.

    Parameters
    ----------
    graded : list of GradedNotebook
        Every graded notebook.
    out : str or Path
        The grading output folder.
    lms : {"canvas", "moodle"}
        Which import format.
    roster : mapping, optional
        Student id -> roster row, for the identity columns.
    """
    path = Path(out) / f"lms-{lms}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(lms_rows(graded, lms, roster or {}))
    return path
