"""The instructor key pack: the references of graded exercises, kept off the students' side.

``ckmkit exercises keys --out DIR`` runs each exercise source that has graded
exercises (the instructor's own notebooks, through :func:`ckmkit.exercises.runner.run_notebook`)
and records what its solutions answer. ``--roster`` runs the sources that use
:func:`ckmkit.exercises.variant_world` once per student, with that student's variant.
The pack is plain JSON, one file per exercise (``DIR/<exercise id>.json``)::

    {"format": "ckmkit-key", "version": 1,
     "id": "value.graded_top20_share", "chapter": "02-customer-value",
     "kind": "share", "points": 2.0,
     "grader": {"name": "numeric", "abs_tol": 0.005, "partial_tol": 0.03},
     "reference": 0.61,                        # the common data (no variant)
     "students": {"alice": 0.58, "bob": 0.66}}   # per student, with --roster

An open answer (a markdown cell tagged ``open-answer``) is listed with ``"kind": "open"``,
its points and the model answer, for the manual-grading sheet.
Hidden tests (code between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS`` in a
source, dropped from the student version) go to ``DIR/hidden-<chapter>.json``::

    {"format": "ckmkit-hidden-tests", "version": 1, "chapter": "02-customer-value",
     "tests": {"value.top20_share": ["assert 0 < top20_share < 1\\n"]}}

``DIR/pack.json`` names the exercises. See ``docs/EXERCISES.md`` for the threat model.

Examples
--------
>>> default_grader("share")
{'name': 'numeric', 'abs_tol': 0.001, 'partial_tol': 0.01}
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from ..i18n import t
from .answers import from_plain
from .feedback import CORRECT, PENDING, SUBMITTED, WRONG, Feedback
from .numeric import numeric
from .reading import caseless
from .records import describe_error
from .registry import Exercise, get
from .sequence import set_equal
from .student import find_sources, hidden_blocks, solution_blocks
from .variants import variant_token

__all__ = ["OPEN_TAG", "KEY_FORMAT", "HIDDEN_FORMAT", "default_grader", "source_spec",
           "open_answer_cells", "hidden_tests", "build_keys", "KeyPack", "grade_graded"]

#: Cell tag of a markdown cell that holds an open answer (graded by hand).
OPEN_TAG = "open-answer"
KEY_FORMAT = "ckmkit-key"
HIDDEN_FORMAT = "ckmkit-hidden-tests"
_CHECK = re.compile(r"""check\(\s*["']([\w.]+)["']""")
_GRADERS: dict[str, dict[str, Any]] = {
    "share": {"name": "numeric", "abs_tol": 0.001, "partial_tol": 0.01},
    "number": {"name": "numeric", "rel_tol": 0.001},
    "count": {"name": "numeric", "abs_tol": 0.0, "rel_tol": 0.0},
    "ids": {"name": "set_equal"},
    "choice": {"name": "choice"},
}


def default_grader(kind: str) -> dict[str, Any]:
    """How a graded answer of `kind` is compared with its reference, unless the source says.

    Parameters
    ----------
    kind : str
        The exercise's answer kind (``"share"``, ``"count"``, ``"number"``, ``"ids"``, ``"choice"``).

    Examples
    --------
    >>> default_grader("count")
    {'name': 'numeric', 'abs_tol': 0.0, 'rel_tol': 0.0}
    """
    return dict(_GRADERS[kind])


def _meta(cell: Any) -> dict:
    return cell.get("metadata", {}).get("ckmkit", {}) or {}


def open_answer_cells(nb: Any) -> dict[str, dict[str, Any]]:
    """Open answers of a notebook: id -> ``{"points", "text"}``, from cells tagged ``open-answer``.

    The id and points are in the cell's metadata (``{"ckmkit": {"open_answer": {"id": ...,
    "points": ...}}}``); the text is the cell as it stands, the student's answer in a submission.

    Parameters
    ----------
    nb : nbformat.NotebookNode or dict
        A notebook read with ``nbformat`` or ``json``.

    Examples
    --------
    >>> cell = {"cell_type": "markdown", "source": "Because ...",
    ...         "metadata": {"tags": ["open-answer"],
    ...                      "ckmkit": {"open_answer": {"id": "value.open_8020", "points": 3}}}}
    >>> open_answer_cells({"cells": [cell]})
    {'value.open_8020': {'points': 3.0, 'text': 'Because ...'}}
    """
    found = {}
    for cell in nb.get("cells", []):
        spec = _meta(cell).get("open_answer")
        if cell.get("cell_type") == "markdown" and OPEN_TAG in cell.get("metadata", {}).get(
                "tags", []) and isinstance(spec, dict) and spec.get("id"):
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else str(source)
            found[str(spec["id"])] = {"points": float(spec.get("points", 1)), "text": text}
    return found


def source_spec(nb: Any) -> dict[str, dict[str, Any]]:
    """The graded exercises of a source: id -> ``{"kind", "points", "grader"}``.

    A check cell may override the grader in its metadata,
    ``{"ckmkit": {"grading": {"name": "numeric", "abs_tol": 0.005}}}``.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An exercise source.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     'check("value.graded_top20_share", my_share)')])
    >>> source_spec(nb)["value.graded_top20_share"]["grader"]["name"]
    'numeric'
    """
    spec = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for ex_id in _CHECK.findall(cell.source):
            ex = get(ex_id)
            if ex.graded:
                grader = _meta(cell).get("grading") or default_grader(ex.graded)
                spec[ex_id] = {"kind": ex.graded, "points": ex.points, "grader": dict(grader)}
    return spec


def hidden_tests(nb: Any, file: str = "") -> dict[str, list[str]]:
    """The hidden tests of a source: exercise id -> code blocks, in the order they appear.

    A block belongs to the exercise checked in its cell, else to the last one checked
    in an earlier cell (nbgrader's test cells follow their answer the same way).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An exercise source.
    file : str, default ""
        The source's name, for the error message.

    Raises
    ------
    ValueError
        A hidden-tests block before any check (the message names the file and cell).

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     'check("start.crm_origin", crm_origin)\\n### BEGIN HIDDEN TESTS\\n'
    ...     'assert crm_origin.islower()\\n### END HIDDEN TESTS')])
    >>> hidden_tests(nb)
    {'start.crm_origin': ['assert crm_origin.islower()\\n']}
    """
    tests: dict[str, list[str]] = {}
    current = None
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        current = ([current] + _CHECK.findall(cell.source))[-1]
        blocks = hidden_blocks(cell.source)
        if blocks and current is None:
            raise ValueError(t("exercises.keys.hidden_orphan", file=file, cell=number))
        if blocks:
            tests.setdefault(current, []).extend(blocks)
    return tests


def _with_variant(nb: Any, token: str | None) -> Any:
    """A copy of `nb` whose setup cell uses the variant `token` (as a student's notebook does)."""
    import copy

    out = copy.deepcopy(nb)
    if token:
        for cell in out.cells:
            if cell.cell_type == "code" and "ckmkit.setup(" in cell.source:
                cell.source += f'\nfrom ckmkit.exercises import use_variant\nuse_variant("{token}")'
                break
    return out


def _references(nb: Any, token: str | None, timeout: float) -> tuple[dict[str, Any], str | None]:
    """Run the source (with a variant) and return what its checks recorded, and any failure."""
    import tempfile

    import nbformat

    from .runner import run_notebook

    with tempfile.TemporaryDirectory(prefix="ckmkit-keys-") as tmp:
        path = Path(tmp) / "source.ipynb"
        nbformat.write(_with_variant(nb, token), path)
        run = run_notebook(path, timeout=timeout, cell_timeout=timeout)
    refs = {e["exercise"]: e["answer"] for e in run.entries}
    failure = run.failure or (describe_error(run.errors[0]) if run.errors else None)
    return refs, failure


def _open_keys(nb: Any, chapter: str) -> dict[str, dict[str, Any]]:
    keys = {}
    for ex_id, cell in open_answer_cells(nb).items():
        model = "".join(solution_blocks(cell["text"])).strip()
        keys[ex_id] = {"format": KEY_FORMAT, "version": 1, "id": ex_id, "chapter": chapter,
                       "kind": "open", "points": cell["points"], "model_answer": model}
    return keys


def _chapter_keys(path: Path, roster: Sequence[str], salt: str, jobs: int,
                  timeout: float) -> dict[str, dict[str, Any]]:
    """Key entries of one source: its graded references (per student) and its open answers."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    keys = _open_keys(nb, path.stem)
    spec = source_spec(nb)
    if not spec:
        return keys
    tokens: dict[str | None, str | None] = {None: None}
    if roster and any("variant_world(" in c.source for c in nb.cells if c.cell_type == "code"):
        tokens.update({s: variant_token(s, salt) for s in roster})
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        runs = dict(zip(tokens, pool.map(lambda tok: _references(nb, tok, timeout), tokens.values()),
                        strict=True))
    for student, (_, failure) in runs.items():
        if failure:  # a missing reference would only show up later, as "pending", when grading
            where = f"{path.name} ({student})" if student else path.name
            raise RuntimeError(t("exercises.keys.source_failed", error=f"{where}: {failure}"))
    common = runs.pop(None)[0]
    per_student = {student: refs for student, (refs, _) in runs.items()}
    for ex_id, entry in spec.items():
        keys[ex_id] = {"format": KEY_FORMAT, "version": 1, "id": ex_id, "chapter": path.stem,
                       **entry, "reference": common.get(ex_id),
                       "students": {s: refs.get(ex_id) for s, refs in per_student.items()}}
    return keys


def _hidden_key(path: Path) -> dict[str, dict[str, Any]]:
    """The hidden tests of one source as a key-pack entry named ``hidden-<chapter>`` (none: {})."""
    import nbformat

    tests = hidden_tests(nbformat.read(path, as_version=4), path.name)
    if not tests:
        return {}
    return {f"hidden-{path.stem}": {"format": HIDDEN_FORMAT, "version": 1, "chapter": path.stem,
                                    "tests": tests}}


def build_keys(src: str | Path = "exercises", out: str | Path = "keys", *,
               roster: Sequence[str] = (), salt: str = "", chapters: Sequence[str] = (),
               jobs: int = 1, timeout: float = 300.0) -> list[Path]:
    """Write the key pack: one JSON file per graded exercise and open answer, and ``pack.json``.

    Parameters
    ----------
    src : str or Path, default "exercises"
        The exercise sources (the English ones are run: code cells are the same in both).
    out : str or Path, default "keys"
        The key pack folder (keep it off the students' side).
    roster : sequence of str, default ()
        Student ids; with them, every source that uses ``variant_world`` is run once per
        student, with that student's variant, for per-student references.
    salt : str, default ""
        The course's salt; it must be the one the variant notebooks were built with.
    chapters : sequence of str, default ()
        Only these chapters (e.g. ``["02-customer-value"]``); default all.
    jobs : int, default 1
        Sources run at the same time.
    timeout : float, default 300
        How long, in seconds, one run of a source may take.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    RuntimeError
        When a source fails to run: its references would be missing.
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    keys: dict[str, dict[str, Any]] = {}
    for path in find_sources(src):
        if path.parent.name == "en" and (not chapters or path.stem in chapters):
            keys.update(_chapter_keys(path, list(roster), salt, jobs, timeout))
            keys.update(_hidden_key(path))
    written = []
    for name, key in sorted(keys.items()):
        target = folder / f"{name}.json"
        target.write_text(json.dumps(key, ensure_ascii=False, indent=1), encoding="utf-8")
        written.append(target)
    manifest = {"format": "ckmkit-key-pack", "version": 1,
                "exercises": sorted(k for k, v in keys.items() if v["format"] == KEY_FORMAT),
                "hidden_tests": sorted(v["chapter"] for v in keys.values() if v["format"] == HIDDEN_FORMAT),
                "students": sorted(roster)}
    (folder / "pack.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1),
                                      encoding="utf-8")
    return [*written, folder / "pack.json"]


class KeyPack:
    """A key pack read from its folder: references by exercise and student.

    Parameters
    ----------
    folder : str or Path
        The folder ``ckmkit exercises keys`` wrote.

    Examples
    --------
    >>> import json, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     key = {"format": "ckmkit-key", "id": "demo.share", "kind": "share", "points": 2,
    ...            "grader": {"name": "numeric", "abs_tol": 0.01}, "reference": 0.5,
    ...            "students": {"li": 0.7}}
    ...     _ = (Path(tmp) / "demo.share.json").write_text(json.dumps(key))
    ...     pack = KeyPack(tmp)
    >>> pack.reference("demo.share", "li"), pack.reference("demo.share", "wang")
    (0.7, 0.5)
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise ValueError(t("exercises.keys.no_pack", folder=str(folder)))
        self.keys: dict[str, dict[str, Any]] = {}
        self.hidden: dict[str, dict[str, list[str]]] = {}
        for path in sorted(self.folder.glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("format") == KEY_FORMAT:
                self.keys[data["id"]] = data
            elif isinstance(data, dict) and data.get("format") == HIDDEN_FORMAT:
                self.hidden[str(data["chapter"])] = dict(data.get("tests") or {})

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self.keys

    def reference(self, exercise_id: str, student: str) -> Any:
        """The reference for `student`: their variant's, else the common one (None if neither).

        Parameters
        ----------
        exercise_id : str
            A graded exercise's id.
        student : str
            The student, as the roster and the submissions name them.
        """
        key = self.keys[exercise_id]
        students = key.get("students") or {}
        return from_plain(students[student] if student in students else key.get("reference"))

    def hidden_tests(self, chapter: str | None) -> dict[str, list[str]]:
        """The hidden tests of `chapter`: exercise id -> code blocks ({} when it has none).

        Parameters
        ----------
        chapter : str or None
            The chapter (source name), e.g. ``"02-customer-value"``.
        """
        return dict(self.hidden.get(chapter or "", {}))

    def model_answer(self, exercise_id: str) -> str:
        """The model answer of an open answer ("" when there is none).

        Parameters
        ----------
        exercise_id : str
            The open answer's exercise id.
        """
        return str(self.keys.get(exercise_id, {}).get("model_answer", ""))


def _one_of(answer: Any, reference: Any) -> Feedback:
    """One option against the reference option, spelled case- and space-insensitively."""
    if caseless(answer) == caseless(reference):
        return Feedback("", 1.0, 1.0, CORRECT, t("exercises.choice.correct"), (), "choice")
    return Feedback("", 0.0, 1.0, WRONG, t("exercises.keys.wrong_choice"), (), "choice")


#: Grader name in a key -> how an answer is compared with the reference.
COMPARE: dict[str, Callable[..., Feedback]] = {"numeric": numeric, "set_equal": set_equal,
                                               "choice": _one_of}


def _compare(answer: Any, reference: Any, grader: dict[str, Any]) -> Feedback:
    options = {k: v for k, v in grader.items() if k != "name"}
    return COMPARE[grader["name"]](answer, reference, **options)


def grade_graded(ex: Exercise, answer: Any, student: str, keys: KeyPack | None) -> Feedback:
    """Grade a graded exercise's answer against `student`'s reference in the key pack.

    Parameters
    ----------
    ex : Exercise
        The graded exercise (its ``graded`` kind is set).
    answer : object
        The student's answer, as their notebook recorded it.
    student : str
        The student id, which picks their variant's reference.
    keys : KeyPack or None
        The key pack; without it (or without this exercise in it) the answer is ``pending``.

    Examples
    --------
    >>> from ckmkit.exercises import graded
    >>> ex = graded("demo.loyal_share", "share", points=2)
    >>> grade_graded(ex, 0.4, "li", None).message
    'Needs the key pack: run ckmkit grade with --keys DIR to grade this answer.'
    """
    fb = ex.grade(answer)
    if fb.status != SUBMITTED:
        return fb
    if keys is None or ex.id not in keys:
        return Feedback(ex.id, 0.0, ex.points, PENDING, t("exercises.keys.needs_pack"), (), fb.kind)
    reference = keys.reference(ex.id, student)
    if reference is None:
        return Feedback(ex.id, 0.0, ex.points, PENDING,
                        t("exercises.keys.no_reference", student=student), (), fb.kind)
    return _compare(answer, reference, keys.keys[ex.id]["grader"]).with_exercise(ex.id, ex.points)
