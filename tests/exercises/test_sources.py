"""Every exercise source in exercises/{en,zh}/, found automatically.

- the source (with solutions) runs cleanly and every check is fully correct (a graded
  exercise's check only says "submitted": its reference is in the key pack, not the package);
- its student version runs top to bottom and every check says "not answered yet";
- no solution line appears anywhere in the student version;
- English and Chinese sources have identical code cells;
- every exercise declared for a section used by the sources is checked somewhere.
"""

import re
from pathlib import Path

import nbformat
import pytest

from ckmkit.exercises import CORRECT, NOT_ANSWERED, SUBMITTED, exercises, get
from ckmkit.exercises.runner import run_notebook
from ckmkit.exercises.student import BEGIN, END, build, find_sources, solution_blocks

ROOT = Path(__file__).resolve().parents[2]
SOURCES = find_sources(ROOT / "exercises")
IDS = [p.relative_to(ROOT / "exercises").as_posix() for p in SOURCES]
CHECK = re.compile(r"""check\(\s*["']([\w.]+)["']""")

pytestmark = pytest.mark.slow


def _code(path):
    return [c.source for c in nbformat.read(path, 4).cells if c.cell_type == "code"]


def _checked(path):
    return [m for src in _code(path) for m in CHECK.findall(src)]


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    build(ROOT / "exercises", out)
    return out


def test_sources_exist_in_both_languages():
    assert "en/00-start-here.ipynb" in IDS
    en = {p.name for p in SOURCES if p.parent.name == "en"}
    zh = {p.name for p in SOURCES if p.parent.name == "zh"}
    assert en == zh


@pytest.mark.parametrize("path", SOURCES, ids=IDS)
def test_english_and_chinese_code_cells_match(path):
    other = path.parents[1] / ("zh" if path.parent.name == "en" else "en") / path.name
    assert _code(path) == _code(other)


@pytest.mark.parametrize("path", SOURCES, ids=IDS)
def test_every_solution_passes_its_check(path):
    run = run_notebook(path, timeout=240, cell_timeout=120)
    assert run.ok, (run.failure, run.errors)
    got = {e["exercise"]: e["feedback"] for e in run.entries}
    assert list(got) == list(dict.fromkeys(_checked(path)))
    wrong = {k: fb["message"] for k, fb in got.items()
             if fb["status"] != (SUBMITTED if get(k).graded else CORRECT)}
    assert not wrong
    assert all(fb["points"] == fb["max_points"] > 0 for k, fb in got.items() if not get(k).graded)
    assert all(fb["points"] == 0 < fb["max_points"] for k, fb in got.items() if get(k).graded)


@pytest.mark.parametrize("path", SOURCES, ids=IDS)
def test_student_version_runs_and_every_check_is_not_answered(path, student_dir):
    student = student_dir / path.parent.name / path.name
    run = run_notebook(student, timeout=240, cell_timeout=120)
    assert run.ok, (run.failure, run.errors)
    assert [e["exercise"] for e in run.entries] == _checked(path)
    assert {e["feedback"]["status"] for e in run.entries} == {NOT_ANSWERED}
    lang_word = "not answered" if path.parent.name == "en" else "还没有作答"
    assert all(lang_word.lower() in e["feedback"]["message"].lower() for e in run.entries)


@pytest.mark.parametrize("path", SOURCES, ids=IDS)
def test_no_solution_text_leaks_into_the_student_version(path, student_dir):
    student = nbformat.read(student_dir / path.parent.name / path.name, 4)
    text = "\n".join(c.source for c in student.cells)
    markers = re.compile(rf"^\s*({BEGIN}|{END}|### (BEGIN|END) HIDDEN TESTS)", re.M)
    assert markers.search("\n".join(c.source for c in nbformat.read(path, 4).cells))
    assert not markers.search(text)
    assert all(not c.get("outputs") for c in student.cells)
    for cell in nbformat.read(path, 4).cells:
        for block in solution_blocks(cell.source):
            for line in block.splitlines():
                line = line.strip()
                if len(line) >= 4 and not re.fullmatch(r"[\w.]+ = \.\.\.", line) and \
                        line not in ("}", "]", ")", "else:"):
                    assert line not in text, f"solution line leaked: {line!r}"


def test_every_declared_exercise_is_checked_in_some_source():
    checked = {ex for p in SOURCES for ex in _checked(p)}
    sections = {ex.split(".", 1)[0] for ex in checked}
    declared = {ex.id for s in sections for ex in exercises(s)}
    assert declared - checked == set()
