"""The class roster: who the students are, and how the LMS knows them.

A roster is a CSV file with a header and one row per student. Only ``student`` is
required: the id the submissions folder uses for the student (``<student>/<file>.ipynb``)
and from which the student's variant is derived. The LMS exports take their identity
columns from the others when present:

==============  =========================================================
``name``        the name shown in the gradebook (Canvas: "Last, First")
``canvas_id``   Canvas' user id (the gradebook export's ``ID`` column)
``sis_user_id``, ``sis_login_id``, ``section``   Canvas' identity columns
``email``, ``idnumber``, ``username``            what Moodle can match users by
==============  =========================================================

Examples
--------
>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = pathlib.Path(tmp) / "roster.csv"
...     _ = path.write_text("student,name,email\\nalice,\\"Liddell, Alice\\",a@x.edu\\n")
...     read_roster(path)
[{'student': 'alice', 'name': 'Liddell, Alice', 'email': 'a@x.edu'}]
"""

from __future__ import annotations

import csv
from pathlib import Path

from ..i18n import t

__all__ = ["read_roster"]


def read_roster(path: str | Path) -> list[dict[str, str]]:
    """The roster's rows, in file order; each has at least a non-empty ``student``.

    Parameters
    ----------
    path : str or Path
        A UTF-8 CSV file (a byte-order mark is fine) with a ``student`` column.

    Raises
    ------
    ValueError
        When the file has no ``student`` column, a row has no student, or a student
        appears twice; the message names the row.
    """
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if "student" not in (reader.fieldnames or []):
            raise ValueError(t("exercises.roster.no_student_column", path=str(path)))
        rows, seen = [], set()
        for number, row in enumerate(reader, start=2):
            student = (row.get("student") or "").strip()
            if not student or student in seen:
                key = "duplicate" if student else "empty"
                raise ValueError(t(f"exercises.roster.{key}", path=str(path), row=number,
                                   student=student))
            seen.add(student)
            rows.append({k: (v or "").strip() for k, v in row.items() if k})
    return rows
