"""Open answers graded by hand: the sheet to read and fill in, and merging the scores back.

``ckmkit grade`` writes, next to ``scores.csv``,

- ``manual.html``: every student's open answers, escaped, with the model answer from the
  key pack when it is given, to read;
- ``manual.csv``: one row per student × open answer (``student, exercise, max_points,
  points, comment``), the points empty, to fill in with any spreadsheet program.

A second run with ``--manual manual.csv`` checks the file (unknown student or exercise,
points that are not a number or above the maximum: an error naming the row) and merges
the points and comments into ``scores.csv``, the totals and the feedback pages.

Examples
--------
>>> fb = open_feedback("value.open_8020", 3.0, "Because ...", (2.5, "Clear; say why."))
>>> fb.status, fb.points, fb.message
('partial', 2.5, 'Clear; say why.')
"""

from __future__ import annotations

import csv
import html
from collections.abc import Mapping
from pathlib import Path

from ..i18n import language, t
from .feedback import CORRECT, NOT_ANSWERED, PARTIAL, PENDING, WRONG, Feedback, format_points
from .records import GradedNotebook

__all__ = ["MANUAL_COLUMNS", "open_feedback", "write_manual_sheet", "read_manual_scores"]

MANUAL_COLUMNS = ["student", "exercise", "max_points", "points", "comment"]
_STYLE = """body{font-family:system-ui,"Noto Sans SC",sans-serif;max-width:60em;margin:2em auto;
padding:0 1em;color:#222}h2{margin-top:2em}.answer{white-space:pre-wrap;border-left:4px solid #1565c0;
padding:.4em .8em;background:#f5f9ff}.model{white-space:pre-wrap;color:#555}"""


def is_unanswered(text: str) -> bool:
    """True when an open-answer cell still holds only the prompt (in either language), or nothing."""
    prompts = {t("exercises.student.write_here", lang=lang).strip() for lang in ("en", "zh")}
    return not text.strip() or text.strip() in prompts


def open_feedback(exercise: str, max_points: float, text: str,
                  score: tuple[float, str] | None) -> Feedback:
    """The result of one open answer: its manual score, else pending (or not answered).

    Parameters
    ----------
    exercise : str
        The open answer's id.
    max_points : float
        Its points.
    text : str
        What the student wrote.
    score : (points, comment) or None
        The manual score, if the instructor gave one.
    """
    if score is not None:
        points, comment = score
        status = CORRECT if points >= max_points else PARTIAL if points > 0 else WRONG
        return Feedback(exercise, points, max_points, status,
                        comment or t("exercises.manual.scored"), (), "open")
    if is_unanswered(text):
        return Feedback(exercise, 0.0, max_points, NOT_ANSWERED, t("exercises.manual.empty"), (),
                        "open")
    return Feedback(exercise, 0.0, max_points, PENDING, t("exercises.manual.pending"), (), "open")


def _sheet_rows(graded: list[GradedNotebook]) -> list[tuple[GradedNotebook, Feedback, str]]:
    rows = []
    for g in graded:
        for fb in g.results:
            if fb.kind == "open":
                rows.append((g, fb, g.open_answers.get(fb.exercise, "")))
    return rows


def _sheet_html(rows: list[tuple[GradedNotebook, Feedback, str]], model: Mapping[str, str]) -> str:
    esc = html.escape
    parts = []
    for g, fb, text in rows:
        answer = esc(text) if not is_unanswered(text) else f"<em>{esc(t('exercises.manual.empty'))}</em>"
        parts.append(f"<h2>{esc(g.submission.student)} · <code>{esc(fb.exercise)}</code> · "
                     f"{esc(format_points(fb.max_points))}</h2><div class='answer'>{answer}</div>")
        if model.get(fb.exercise):
            parts.append(f"<p><strong>{esc(t('exercises.manual.model'))}</strong></p>"
                         f"<div class='model'>{esc(model[fb.exercise])}</div>")
    title = esc(t("exercises.manual.title"))
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
            f"<style>{_STYLE}</style></head><body><h1>{title}</h1>{''.join(parts)}</body></html>\n")


def write_manual_sheet(graded: list[GradedNotebook], out: Path,
                       model: Mapping[str, str] | None = None) -> list[Path]:
    """Write ``manual.html`` and ``manual.csv`` into `out` when any open answer was asked for.

    Parameters
    ----------
    graded : list of GradedNotebook
        The graded notebooks; their ``open`` results and texts fill the sheet.
    out : Path
        The grading output folder.
    model : mapping, optional
        Open answer id -> model answer (from the key pack), shown under each answer.

    Returns
    -------
    list of Path
        The two files, or none when no chapter asks for an open answer.
    """
    rows = _sheet_rows(graded)
    if not rows:
        return []
    out.mkdir(parents=True, exist_ok=True)
    with language("en"):
        (out / "manual.html").write_text(_sheet_html(rows, model or {}), encoding="utf-8")
    with (out / "manual.csv").open("w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(MANUAL_COLUMNS)
        for g, fb, _ in rows:
            scored = fb.status not in (PENDING, NOT_ANSWERED)
            w.writerow([g.submission.student, fb.exercise, format_points(fb.max_points),
                        format_points(fb.points) if scored else "", fb.message if scored else ""])
    return [out / "manual.html", out / "manual.csv"]


def _score(row: dict, number: int, expected: Mapping[str, Mapping[str, float]]) -> float:
    """The points of one filled-in row, checked against the students and open answers known."""
    student, exercise = row.get("student", "").strip(), row.get("exercise", "").strip()
    if student not in expected:
        raise ValueError(t("exercises.manual.unknown_student", row=number, student=student))
    if exercise not in expected[student]:
        raise ValueError(t("exercises.manual.unknown_exercise", row=number, exercise=exercise,
                           student=student))
    text = row.get("points", "").strip().replace(",", ".")
    try:
        points = float(text)
    except ValueError:
        raise ValueError(t("exercises.manual.not_number", row=number, value=text)) from None
    maximum = expected[student][exercise]
    if not 0 <= points <= maximum:
        raise ValueError(t("exercises.manual.out_of_range", row=number, value=text,
                           max=format_points(maximum)))
    return points


def read_manual_scores(path: str | Path, expected: Mapping[str, Mapping[str, float]]
                       ) -> dict[tuple[str, str], tuple[float, str]]:
    """Read a filled-in ``manual.csv``: (student, exercise) -> (points, comment).

    Rows whose points are still empty are skipped (not graded yet).

    Parameters
    ----------
    path : str or Path
        The CSV file, with the columns of :data:`MANUAL_COLUMNS` (``max_points`` optional).
    expected : mapping
        Student -> {open answer id -> its points}: what may be scored.

    Raises
    ------
    ValueError
        Naming the row (as a spreadsheet numbers it) of an unknown student or exercise,
        points that are not a number, or points below 0 or above the maximum.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = Path(tmp) / "scores.csv"
    ...     _ = p.write_text("student,exercise,points,comment\\nli,value.open_8020,4,\\n")
    ...     read_manual_scores(p, {"li": {"value.open_8020": 3.0}})
    Traceback (most recent call last):
    ...
    ValueError: Row 2 of the manual scores: 4 points is more than the 3 the exercise is worth (or below 0).
    """
    scores = {}
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        for number, row in enumerate(csv.DictReader(fh), start=2):
            row = {k: (v or "") for k, v in row.items() if k}
            if not row.get("points", "").strip():
                continue
            points = _score(row, number, expected)
            scores[(row["student"].strip(), row["exercise"].strip())] = (
                points, row.get("comment", "").strip())
    return scores
