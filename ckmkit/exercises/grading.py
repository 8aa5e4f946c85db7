"""Batch grading: run every submitted notebook, re-check its answers, write reports.

``grade_folder(SUBMISSIONS, OUT)`` finds the notebooks (``<student>/<file>.ipynb``
or ``<student>.ipynb``), runs each in a fresh offline kernel
(:func:`~ckmkit.exercises.runner.run_notebook`), re-runs every checker here on
the answers the notebook recorded, and writes

- ``scores.csv``: one row per student × exercise (student, file, chapter,
  exercise, points, max_points, status, feedback), UTF-8 with a byte-order mark
  so spreadsheet programs show Chinese correctly;
- ``summary.csv``: points per student;
- ``feedback/<student>.html``: a self-contained page per student, in the
  language of the submission;
- ``manual.html`` and ``manual.csv`` when a chapter asks for open answers
  (:mod:`ckmkit.exercises.manual`), and the LMS gradebook files asked for
  (:mod:`ckmkit.exercises.lms`).

Graded exercises are scored with the instructor's key pack
(:mod:`ckmkit.exercises.keys`); without it they are reported as "needs the key pack".

A notebook that cannot be read, crashes or runs too long costs only the
exercises it did not check, each with the reason.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any

from ..i18n import language, t
from ._child import TIMEOUT
from .answers import from_plain
from .feedback import MALFORMED, NOT_ANSWERED, WRONG, Feedback
from .keys import KeyPack, grade_graded, open_answer_cells
from .lms import write_lms
from .manual import open_feedback, read_manual_scores, write_manual_sheet
from .records import GradedNotebook, Submission, describe_error
from .registry import get
from .report import write_feedback_pages
from .runner import RunResult, run_notebook
from .student import find_sources

__all__ = ["Submission", "GradedNotebook", "find_submissions", "grade_submission", "grade_folder",
           "describe_error"]

_CHECK = re.compile(r"""check\(\s*["']([\w.]+)["']""")
_CHAPTER = re.compile(r"^(\d{2})[-_ ]")
_UNDEFINED = re.compile(r"name '(\w+)' is not defined")


@cache
def chapter_exercises(source_root: str = "exercises") -> dict[str, list[str]]:
    """Exercise ids per chapter, in order, read from the sources' ``check("...")`` calls."""
    import nbformat

    chapters: dict[str, list[str]] = {}
    for path in find_sources(source_root):
        nb = nbformat.read(path, as_version=4)
        ids = [m for c in nb.cells if c.cell_type == "code" for m in _CHECK.findall(c.source)]
        chapters.setdefault(path.stem, list(dict.fromkeys(ids)))
    return chapters


@cache
def chapter_open_answers(source_root: str = "exercises") -> dict[str, dict[str, float]]:
    """Open answers per chapter (id -> points), from the sources' cells tagged ``open-answer``.

    Parameters
    ----------
    source_root : str, default "exercises"
        The exercise sources.

    Examples
    --------
    >>> chapter_open_answers("/nonexistent")
    {}
    """
    import nbformat

    chapters: dict[str, dict[str, float]] = {}
    for path in find_sources(source_root):
        cells = open_answer_cells(nbformat.read(path, as_version=4))
        chapters.setdefault(path.stem, {k: v["points"] for k, v in cells.items()})
    return {chapter: ids for chapter, ids in chapters.items() if ids}


def _metadata(path: Path) -> dict:
    import json

    try:
        return json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("ckmkit", {})
    except (OSError, ValueError, AttributeError):
        return {}


def _chapter_of(path: Path, meta: dict, chapters: Iterable[str]) -> str | None:
    if meta.get("chapter") in chapters:
        return meta["chapter"]
    number = _CHAPTER.match(path.name)
    for chapter in chapters:
        if chapter in path.stem or (number and chapter.startswith(number.group(1))):
            return chapter
    return None


def _lang_of(path: Path, meta: dict, default: str) -> str:
    if meta.get("lang") in ("en", "zh"):
        return meta["lang"]
    for part in reversed(path.parts[:-1]):
        if part in ("en", "zh"):
            return part
    return "zh" if re.search(r"[\u4e00-\u9fff]|[-_.]zh\b", path.name) else default


def find_submissions(root: str | Path, source_root: str | Path = "exercises",
                     default_lang: str = "en", chapter: str | None = None) -> list[Submission]:
    """Every ``*.ipynb`` under `root`; the student is its top folder (or the file stem).

    The chapter comes from the notebook's metadata, else its file name, else
    `chapter` (give it when grading one assignment, so even an unreadable
    file is scored against the right exercises).

    Parameters
    ----------
    root : str or Path
        The folder of submissions: ``<student>/<file>.ipynb`` or ``<student>.ipynb``.
    source_root : str or Path, default "exercises"
        The exercise sources, which tell the chapters and their exercises.
    default_lang : {"en", "zh"}, default "en"
        Language of a submission whose metadata, folders and file name do not tell.
    chapter : str, optional
        The chapter of a file that does not say, e.g. ``"00-start-here"``.

    Examples
    --------
    >>> find_submissions("/nonexistent")
    []
    """
    root, chapters = Path(root), chapter_exercises(str(source_root))
    found = []
    for path in sorted(root.rglob("*.ipynb")):
        rel = path.relative_to(root)
        if any(p.startswith(".") for p in rel.parts):
            continue  # .ipynb_checkpoints and hidden folders
        student = rel.parts[0] if len(rel.parts) > 1 else path.stem
        meta = _metadata(path)
        found.append(Submission(student, path, _chapter_of(path, meta, chapters) or chapter,
                                _lang_of(rel, meta, default_lang)))
    return found


def _regrade(entry: dict, student: str, keys: KeyPack | None) -> Feedback:
    answer = entry.get("answer")
    ex = get(entry["exercise"])
    if isinstance(answer, dict) and "__unsaveable__" in answer:
        return Feedback(ex.id, 0.0, ex.points, MALFORMED,
                        t("exercises.grade.unsaveable", type=answer["__unsaveable__"]))
    if ex.graded:  # the package holds no reference: the key pack has the student's own
        return grade_graded(ex, from_plain(answer), student, keys)
    return ex.grade(from_plain(answer))


def _cell_sources(path: Path) -> list[str]:
    """The source of every cell of the submitted notebook ("" for markdown), by index."""
    import json

    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    sources = []
    for cell in cells:
        source = cell.get("source", "") if cell.get("cell_type") == "code" else ""
        sources.append("".join(source) if isinstance(source, list) else str(source))
    return sources


def _check_cells(sources: list[str]) -> dict[str, int]:
    """Exercise id → index of the cell that checks it."""
    where: dict[str, int] = {}
    for i, source in enumerate(sources):
        for ex in _CHECK.findall(source):
            where.setdefault(ex, i)
    return where


def _answer_problem(check: dict, errors: list[dict], sources: list[str]) -> str | None:
    """Why a check cell's name was never set: the earlier cell meant to set it failed.

    `check` is the check cell's own error; only a ``NameError`` is explained, by
    the nearest earlier failing cell that assigns the name (cells that failed
    with the same ``NameError`` are skipped: they are victims too).

    Examples
    --------
    >>> _answer_problem({"cell": 1, "ename": "NameError", "evalue": "name 'x' is not defined"},
    ...                 [{"cell": 0, "ename": "ZeroDivisionError", "evalue": "division by zero"}],
    ...                 ["x = 1 / 0", "check('start.crm_origin', x)"])  # doctest: +ELLIPSIS
    'Your answer cell (cell 1) raised ZeroDivisionError: division by zero, so `x` was never set...'
    """
    missing = _UNDEFINED.search(check["evalue"]) if check["ename"] == "NameError" else None
    if not missing:
        return None
    name = missing.group(1)
    assigns = re.compile(rf"(?<![\w.]){re.escape(name)}\b[^=\n]*(?<![=!<>])=(?!=)")
    for err in sorted(errors, key=lambda e: e["cell"], reverse=True):
        if err["cell"] >= check["cell"] or err["cell"] >= len(sources):
            continue
        victim = err["ename"] == "NameError" and name in _UNDEFINED.findall(err["evalue"])
        if not victim and assigns.search(sources[err["cell"]]):
            if err["ename"] == TIMEOUT:
                return t("exercises.grade.answer_stopped", cell=err["cell"] + 1, name=name,
                         seconds=f"{err.get('seconds', 0):g}")
            return t("exercises.grade.answer_error", cell=err["cell"] + 1, name=name,
                     ename=err["ename"], evalue=err["evalue"])
    return None


def _missing_reason(ex_id: str, run: RunResult, sources: list[str]) -> tuple[str, str]:
    """Status and reason for an exercise the notebook never checked."""
    where = _check_cells(sources)
    if run.failure and (ex_id not in where or run.last_cell is None
                        or where[ex_id] >= run.last_cell):
        return MALFORMED, run.failure
    if ex_id not in where:
        return NOT_ANSWERED, t("exercises.grade.no_check", id=ex_id)
    for err in run.errors:
        if err["cell"] == where[ex_id] and err["ename"] == TIMEOUT:
            return MALFORMED, describe_error(err)
        if err["cell"] == where[ex_id]:  # blame the answer cell if the check only felt its error
            return MALFORMED, (_answer_problem(err, run.errors, sources) or
                               t("exercises.grade.cell_error", cell=err["cell"] + 1,
                                 ename=err["ename"], evalue=err["evalue"]))
    return MALFORMED, t("exercises.grade.not_run", cell=where[ex_id] + 1)


def _missing(ex_id: str, status_reason: tuple[str, str]) -> Feedback:
    try:
        points = get(ex_id).points
    except KeyError:
        points = 0.0
    return Feedback(ex_id, 0.0, points, *status_reason)


def _submitted_open_answers(path: Path) -> dict[str, str]:
    """Open answer id -> the text of its cell in the submitted notebook (read, never run)."""
    import json

    try:
        return {k: v["text"] for k, v in open_answer_cells(
            json.loads(path.read_text(encoding="utf-8"))).items()}
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


def _checked_results(sub: Submission, run: RunResult, keys: KeyPack | None) -> dict[str, Feedback]:
    """Each exercise the notebook checked, re-graded here from the answer it recorded."""
    latest: dict[str, dict] = {}
    for entry in run.entries:
        latest[entry.get("exercise", "")] = entry
    results = {}
    for ex_id, entry in latest.items():
        try:
            results[ex_id] = _regrade(entry, sub.student, keys)
        except KeyError:
            continue  # a check of an unknown id: already told to the student
    return results


def grade_submission(sub: Submission, *, timeout: float = 120.0, cell_timeout: float = 30.0,
                     source_root: str | Path = "exercises", keys: KeyPack | None = None,
                     manual: dict[tuple[str, str], tuple[float, str]] | None = None) -> GradedNotebook:
    """Run and grade one submission; never raises for anything the notebook does.

    Parameters
    ----------
    sub : Submission
        The notebook, its student, chapter and language.
    timeout : float, default 120
        How long, in seconds, the whole notebook may run before it is stopped.
    cell_timeout : float, default 30
        How long, in seconds, one cell may run before it is interrupted.
    source_root : str or Path, default "exercises"
        The exercise sources, which list the chapter's exercises (and so its maximum).
    keys : KeyPack, optional
        The instructor's key pack, which grades the graded exercises; without it they
        are ``pending`` ("needs the key pack").
    manual : dict, optional
        (student, open answer id) -> (points, comment), from ``--manual``.

    Returns
    -------
    GradedNotebook
        One feedback per exercise of the submission's chapter (a reason instead of
        points for each one it did not check), in the chapter's order, then its open answers.
    """
    expected = chapter_exercises(str(source_root)).get(sub.chapter or "", [])
    hidden = keys.hidden_tests(sub.chapter) if keys is not None else {}
    run, hidden_cells = _run_with_hidden(sub, hidden, timeout, cell_timeout)
    with language(sub.lang):
        results = _checked_results(sub, run, keys)
        _apply_hidden(results, hidden_cells, run)
        sources = _cell_sources(sub.path)
        for ex_id in expected:
            if ex_id not in results:
                results[ex_id] = _missing(ex_id, _missing_reason(ex_id, run, sources))
        order = {ex: i for i, ex in enumerate(expected)}
        ordered = sorted(results.values(), key=lambda fb: (order.get(fb.exercise, 1e9), fb.exercise))
        texts = _submitted_open_answers(sub.path)
        opens = chapter_open_answers(str(source_root)).get(sub.chapter or "", {})
        ordered += [open_feedback(ex_id, points, texts.get(ex_id, ""),
                                  (manual or {}).get((sub.student, ex_id)))
                    for ex_id, points in opens.items()]
    return GradedNotebook(sub, ordered, run, {k: texts.get(k, "") for k in opens})


def _run_with_hidden(sub: Submission, hidden: Mapping[str, list[str]], timeout: float,
                     cell_timeout: float) -> tuple[RunResult, dict[str, int]]:
    """Run the submission with the chapter's hidden tests appended, one cell per exercise.

    Appended after the student's cells, so that every cell the feedback names keeps its
    number; returns the run and the index of each exercise's hidden-test cell.
    """
    import tempfile

    import nbformat

    try:
        nb = nbformat.read(sub.path, as_version=4) if hidden else None
    except Exception:  # unreadable: run_notebook says so in the student's language
        nb = None
    if nb is None:
        return run_notebook(sub.path, lang=sub.lang, timeout=timeout, cell_timeout=cell_timeout), {}
    cells = {ex_id: len(nb.cells) + k for k, ex_id in enumerate(hidden)}
    nb.cells += [nbformat.v4.new_code_cell("\n".join(blocks)) for blocks in hidden.values()]
    with tempfile.TemporaryDirectory(prefix="ckmkit-hidden-") as tmp:
        copy = Path(tmp) / sub.path.name
        nbformat.write(nb, copy)
        run = run_notebook(copy, lang=sub.lang, timeout=timeout, cell_timeout=cell_timeout,
                           cwd=sub.path.parent.resolve())
    return run, cells


def _apply_hidden(results: dict[str, Feedback], cells: Mapping[str, int], run: RunResult) -> None:
    """An answer whose hidden tests failed, or could not run, scores 0 with the reason.

    An answer that is missing or malformed keeps its own, more useful, reason.
    """
    errors = {err["cell"]: err for err in run.errors}
    for ex_id, cell in cells.items():
        fb = results.get(ex_id)
        if fb is None or fb.status in (NOT_ANSWERED, MALFORMED):
            continue
        if cell in errors and errors[cell]["ename"] != TIMEOUT:
            message = t("exercises.keys.hidden_failed", ename=errors[cell]["ename"],
                        evalue=errors[cell]["evalue"])
        elif cell in errors or (run.failure and (run.last_cell is None or run.last_cell <= cell)):
            reason = describe_error(errors[cell]) if cell in errors else run.failure
            message = t("exercises.keys.hidden_not_run", reason=reason)
        else:
            continue
        results[ex_id] = Feedback(ex_id, 0.0, fb.max_points, WRONG, message, (), fb.kind)


def _feedback_text(fb: Feedback) -> str:
    notes = "; ".join(f"{d.item}: {d.message}" for d in fb.details if d.message and d.status != "correct")
    return f"{fb.message} {notes}".strip() if notes else fb.message


def write_scores(graded: list[GradedNotebook], out: Path) -> Path:
    """Write ``scores.csv`` and ``summary.csv`` into `out`; return the scores path."""
    out.mkdir(parents=True, exist_ok=True)
    scores = out / "scores.csv"
    with scores.open("w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(["student", "file", "chapter", "exercise", "points", "max_points", "status",
                    "feedback"])
        for g in graded:
            for fb in g.results:
                w.writerow([g.submission.student, g.submission.path.name, g.submission.chapter or "",
                            fb.exercise, f"{fb.points:g}", f"{fb.max_points:g}", fb.status,
                            _feedback_text(fb)])
            if not g.results:
                w.writerow([g.submission.student, g.submission.path.name, "", "", "0", "0",
                            MALFORMED, (g.run.failure if g.run else "") or
                            t("exercises.grade.unknown_chapter", lang=g.submission.lang)])
    totals: dict[str, list[float]] = {}
    for g in graded:
        pair = totals.setdefault(g.submission.student, [0.0, 0.0])
        pair[0] += g.points
        pair[1] += g.max_points
    with (out / "summary.csv").open("w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(["student", "points", "max_points"])
        for student, (p, m) in sorted(totals.items()):
            w.writerow([student, f"{round(p, 4):g}", f"{round(m, 4):g}"])
    return scores


def _manual_scores(manual: str | Path | None, subs: list[Submission],
                   source_root: str | Path) -> dict[tuple[str, str], tuple[float, str]]:
    """The instructor's manual scores, checked against the open answers these submissions have."""
    if manual is None:
        return {}
    opens = chapter_open_answers(str(source_root))
    expected: dict[str, dict[str, float]] = {}
    for sub in subs:
        expected.setdefault(sub.student, {}).update(opens.get(sub.chapter or "", {}))
    return read_manual_scores(manual, expected)


def grade_folder(submissions: str | Path, out: str | Path = "grades", *, timeout: float = 120.0,
                 cell_timeout: float = 30.0, jobs: int = 1, source_root: str | Path = "exercises",
                 default_lang: str = "en", chapter: str | None = None,
                 progress: Callable[[GradedNotebook], Any] | None = None, keys: str | Path | None = None,
                 manual: str | Path | None = None, lms: Sequence[str] = (),
                 roster: Sequence[Mapping[str, str]] = ()) -> list[GradedNotebook]:
    """Grade every notebook under `submissions`; write CSVs and feedback pages to `out`.

    Parameters
    ----------
    submissions : str or Path
        The folder of submissions: ``<student>/<file>.ipynb`` or ``<student>.ipynb``.
    out : str or Path, default "grades"
        Where ``scores.csv``, ``summary.csv``, ``feedback/``, ``manual.*`` and ``lms-*`` go.
    timeout : float, default 120
        How long, in seconds, a whole notebook may run before it is stopped.
    cell_timeout : float, default 30
        How long, in seconds, one cell may run before it is interrupted.
    jobs : int, default 1
        Notebooks run at the same time (each in its own kernel).
    source_root : str or Path, default "exercises"
        The exercise sources, which list each chapter's exercises.
    default_lang : {"en", "zh"}, default "en"
        Language of a submission that does not tell.
    chapter : str, optional
        The chapter of a file that does not say, e.g. ``"00-start-here"``.
    progress : callable, optional
        Called with each graded notebook (a ``GradedNotebook``) as soon as it is graded.
    keys : str or Path, optional
        The key pack folder; without it graded exercises "need the key pack".
    manual : str or Path, optional
        A filled-in ``manual.csv``: its points and comments are merged in.
    lms : sequence of {"canvas", "moodle"}, default ()
        Gradebook import files to write.
    roster : sequence of mapping, default ()
        Roster rows (:func:`ckmkit.exercises.roster.read_roster`) for the LMS files.

    Raises
    ------
    ValueError
        No exercise sources under `source_root` (they give each chapter's maximum);
        no key pack in `keys`; a bad row in `manual` (the message names it).
    """
    if not chapter_exercises(str(source_root)):  # without them every maximum would be a guess
        raise ValueError(t("exercises.grade.no_sources", src=str(source_root)))
    pack = KeyPack(keys) if keys is not None else None
    subs = find_submissions(submissions, source_root, default_lang, chapter)
    scores = _manual_scores(manual, subs, source_root)  # a bad file stops us before any run

    def one(sub: Submission) -> GradedNotebook:
        g = grade_submission(sub, timeout=timeout, cell_timeout=cell_timeout,
                             source_root=source_root, keys=pack, manual=scores)
        if progress:
            progress(g)
        return g

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        graded = list(pool.map(one, subs))
    _write_outputs(graded, Path(out), pack, lms, roster)
    return graded


def _write_outputs(graded: list[GradedNotebook], out: Path, pack: KeyPack | None,
                   lms: Sequence[str], roster: Sequence[Mapping[str, str]]) -> None:
    """Scores, feedback pages, the manual-grading sheet and the LMS files asked for."""
    write_scores(graded, out)
    write_feedback_pages(graded, out / "feedback")
    write_manual_sheet(graded, out, {k: pack.model_answer(k) for k in pack.keys} if pack else None)
    for name in lms:
        write_lms(graded, out, name, {row["student"]: row for row in roster})
