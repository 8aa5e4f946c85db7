"""Hidden tests: dropped from the student version, collected into the key pack, run when grading.

The course is a chapter-0 source of two exercises whose check cells carry hidden tests
(nbgrader's ``### BEGIN HIDDEN TESTS`` convention). Two students answer both questions
right as far as the visible checks go; one of them gives the front-end stages as a list
where the hidden test asks for a set, and loses that exercise's points with the key pack.
"""

import csv
import json

import nbformat
import pytest

from ckmkit.cli import main

CHAPTER = "00-start-here"
HIDDEN_SET = "assert isinstance(front_end, set), 'front_end should be a set'"
HIDDEN_STR = "assert crm_origin == crm_origin.strip()"

pytestmark = pytest.mark.slow


def _source() -> nbformat.NotebookNode:
    code = nbformat.v4.new_code_cell
    return nbformat.v4.new_notebook(cells=[
        code("import ckmkit\nfrom ckmkit.exercises import check\n\nckmkit.setup()"),
        nbformat.v4.new_markdown_cell("Where does the name CRM come from?"),
        code('### BEGIN SOLUTION\ncrm_origin = "a"\n### END SOLUTION'),
        code(f'check("start.crm_origin", crm_origin)\n### BEGIN HIDDEN TESTS\n{HIDDEN_STR}\n'
             "### END HIDDEN TESTS"),
        code('### BEGIN SOLUTION\nfront_end = {"a", "c", "d"}\n### END SOLUTION'),
        code('check("start.front_end", front_end)'),
        code(f"### BEGIN HIDDEN TESTS\n{HIDDEN_SET}\n### END HIDDEN TESTS"),
    ])


def _rows(path):
    with path.open(encoding="utf-8-sig") as fh:
        return {(r["student"], r["exercise"]): r for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hidden")
    src = tmp / "exercises"
    for lang in ("en", "zh"):
        (src / lang).mkdir(parents=True)
        nbformat.write(_source(), src / lang / f"{CHAPTER}.ipynb")
    assert main(["exercises", "build", "--src", str(src), "--out", str(tmp / "student")]) == 0
    assert main(["exercises", "keys", "--src", str(src), "--out", str(tmp / "keys")]) == 0
    student = nbformat.read(tmp / "student" / "en" / f"{CHAPTER}.ipynb", 4)
    for name, front_end in (("ann", '{"a", "c", "d"}'), ("ben", '["a", "c", "d"]')):
        nb = nbformat.from_dict(json.loads(json.dumps(student)))
        for cell in nb.cells:
            cell.source = (cell.source.replace("crm_origin = ...  # YOUR ANSWER HERE", 'crm_origin = "a"')
                           .replace("front_end = ...  # YOUR ANSWER HERE", f"front_end = {front_end}"))
        (tmp / "subs" / name).mkdir(parents=True)
        nbformat.write(nb, tmp / "subs" / name / f"{CHAPTER}.ipynb")
    return tmp


def test_student_version_has_no_hidden_test(course):
    for lang in ("en", "zh"):
        text = (course / "student" / lang / f"{CHAPTER}.ipynb").read_text(encoding="utf-8")
        assert "HIDDEN" not in text and "isinstance(front_end" not in text and ".strip()" not in text
        assert 'check(\\"start.front_end\\", front_end)' in text  # the visible check stays


def test_key_pack_holds_the_hidden_tests(course):
    pack = json.loads((course / "keys" / f"hidden-{CHAPTER}.json").read_text(encoding="utf-8"))
    assert pack["format"] == "ckmkit-hidden-tests" and pack["chapter"] == CHAPTER
    # The second block sits in a cell of its own: it belongs to the check before it.
    assert pack["tests"] == {"start.crm_origin": [HIDDEN_STR + "\n"],
                             "start.front_end": [HIDDEN_SET + "\n"]}
    manifest = json.loads((course / "keys" / "pack.json").read_text(encoding="utf-8"))
    assert manifest["hidden_tests"] == [CHAPTER] and manifest["exercises"] == []


def test_a_failing_hidden_test_lowers_the_grade(course):
    common = ["--src", str(course / "exercises"), "--chapter", CHAPTER, "--timeout", "120",
              "--cell-timeout", "60"]
    assert main(["grade", str(course / "subs"), "--out", str(course / "without"), *common]) == 0
    assert main(["grade", str(course / "subs"), "--out", str(course / "with"),
                 "--keys", str(course / "keys"), *common]) == 0
    without, with_keys = _rows(course / "without" / "scores.csv"), _rows(course / "with" / "scores.csv")
    front = ("ben", "start.front_end")
    assert float(without[front]["points"]) == float(without[front]["max_points"]) > 0
    assert float(with_keys[front]["points"]) == 0.0 and with_keys[front]["status"] == "wrong"
    assert "hidden test" in with_keys[front]["feedback"] and "front_end should be a set" in \
        with_keys[front]["feedback"]
    for key in (("ann", "start.front_end"), ("ann", "start.crm_origin"), ("ben", "start.crm_origin")):
        assert float(with_keys[key]["points"]) == float(with_keys[key]["max_points"]) > 0


def test_hidden_tests_before_any_check_are_refused(tmp_path, capsys):
    nb = _source()
    nb.cells.insert(1, nbformat.v4.new_code_cell("### BEGIN HIDDEN TESTS\nassert True\n### END HIDDEN TESTS"))
    (tmp_path / "en").mkdir()
    nbformat.write(nb, tmp_path / "en" / f"{CHAPTER}.ipynb")
    assert main(["exercises", "keys", "--src", str(tmp_path), "--out", str(tmp_path / "keys")]) == 2
    assert f"{CHAPTER}.ipynb, cell 2" in capsys.readouterr().err
