"""Graded work end to end: per-student notebooks, the key pack, grading with and without it,
manual scores for open answers, and the Canvas and Moodle gradebook files.

The submissions are the students' own variant notebooks (``exercises build --variants``),
answered the way students answer: alice computes on her data, bob copies alice's number,
张伟 works in Chinese, dave (not on the roster) hands in the common version.
"""

import csv
import json
from pathlib import Path

import nbformat
import pytest

from ckmkit.cli import main

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = "02-customer-value"
GRADED = "value.graded_top20_share"
OPEN = "value.open_8020"
SALT = "CKM-2026-test"
STUB = "my_top20_share = ...  # YOUR ANSWER HERE"
COMPUTE = ('my_totals = my_world.transactions.groupby("customer_id")["amount"].sum()'
           '.sort_values(ascending=False)\n'
           'my_top20_share = my_totals.iloc[: len(my_totals) // 5].sum() / my_totals.sum()')

pytestmark = pytest.mark.slow


def _answer(nb, share_code, open_text=None):
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in nb.cells:
        if cell.cell_type == "code" and STUB in cell.source:
            cell.source = cell.source.replace(STUB, share_code)
        if open_text is not None and "open-answer" in cell.metadata.get("tags", []):
            cell.source = open_text
    return nb


def _rows(path):
    with path.open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def _grade(folder, out, *extra):
    args = ["grade", str(folder), "--out", str(out), "--src", str(ROOT / "exercises"),
            "--chapter", CHAPTER, "--timeout", "120", "--cell-timeout", "60", "-j", "2", *extra]
    assert main(args) == 0
    return {(r["student"], r["exercise"]): r for r in _rows(out / "scores.csv")}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("graded")
    roster = tmp / "roster.csv"
    roster.write_text("student,name,email,idnumber,canvas_id,sis_user_id,sis_login_id,section\n"
                      "alice,\"Liddell, Alice\",alice@uni.edu,2026001,501,S1,alice,A\n"
                      "bob,\"Builder, Bob\",bob@uni.edu,2026002,502,S2,bob,A\n"
                      "张伟,\"Zhang, Wei\",zw@uni.edu,2026003,503,S3,zhangwei,B\n", encoding="utf-8")
    student, keys = tmp / "student", tmp / "keys"
    assert main(["exercises", "build", "--src", str(ROOT / "exercises"), "--out", str(student),
                 "--variants", "--roster", str(roster), "--salt", SALT]) == 0
    assert main(["exercises", "build", "--src", str(ROOT / "exercises"), "--out",
                 str(tmp / "common")]) == 0
    assert main(["exercises", "keys", "--src", str(ROOT / "exercises"), "--out", str(keys),
                 "--roster", str(roster), "--salt", SALT, "--chapter", CHAPTER]) == 0
    key = json.loads((keys / f"{GRADED}.json").read_text(encoding="utf-8"))
    subs = tmp / "submissions"

    def put(name, nb):
        (subs / name).mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, subs / name / f"{CHAPTER}.ipynb")

    own = {s: nbformat.read(student / lang / s / f"{CHAPTER}.ipynb", 4)
           for s, lang in (("alice", "en"), ("bob", "en"), ("张伟", "zh"))}
    put("alice", _answer(own["alice"], COMPUTE, "Protect the top <script>alert(1)</script> fifth."))
    put("bob", _answer(own["bob"], f"my_top20_share = {key['students']['alice']!r}"))
    put("张伟", _answer(own["张伟"], COMPUTE, "前五分之一的客户贡献了大部分收入。"))
    put("dave", _answer(nbformat.read(tmp / "common" / "en" / f"{CHAPTER}.ipynb", 4), COMPUTE))
    return {"tmp": tmp, "roster": roster, "keys": keys, "key": key, "subs": subs,
            "student": student, "common": tmp / "common"}


@pytest.fixture(scope="module")
def without_keys(course):
    return _grade(course["subs"], course["tmp"] / "plain")


@pytest.fixture(scope="module")
def with_keys(course):
    return _grade(course["subs"], course["tmp"] / "keyed", "--keys", str(course["keys"]),
                  "--lms", "canvas", "--lms", "moodle", "--roster", str(course["roster"]))


def test_the_key_pack_holds_each_students_reference(course):
    key = course["key"]
    assert key["kind"] == "share" and key["points"] == 2 and key["grader"]["name"] == "numeric"
    refs = [key["reference"], *key["students"].values()]
    assert set(key["students"]) == {"alice", "bob", "张伟"}
    assert len({round(r, 4) for r in refs}) == 4, "every student's data differs"
    assert all(0 < r < 1 for r in refs)
    manifest = json.loads((course["keys"] / "pack.json").read_text(encoding="utf-8"))
    assert manifest["exercises"] == [GRADED, OPEN]
    assert json.loads((course["keys"] / f"{OPEN}.json").read_text())["model_answer"].startswith("A share")


def test_variant_notebooks_hold_no_reference(course):
    key = course["key"]
    for student, reference in key["students"].items():
        lang = "zh" if student == "张伟" else "en"
        text = (course["student"] / lang / student / f"{CHAPTER}.ipynb").read_text(encoding="utf-8")
        for form in (repr(reference), f"{reference:.4f}", f"{reference:.3f}", f"{reference * 100:.1f}"):
            assert form not in text, (student, form)


def test_without_the_key_pack_graded_items_wait_for_it(without_keys):
    for student in ("alice", "bob", "张伟", "dave"):
        row = without_keys[(student, GRADED)]
        assert (row["status"], row["points"], row["max_points"]) == ("pending", "0", "2")
    assert "Needs the key pack" in without_keys[("alice", GRADED)]["feedback"]
    assert "需要答案包" in without_keys[("张伟", GRADED)]["feedback"]


def test_the_manual_sheet_lists_every_open_answer_escaped(course, without_keys):
    out = course["tmp"] / "plain"
    rows = _rows(out / "manual.csv")
    assert [(r["student"], r["exercise"], r["max_points"], r["points"]) for r in rows] == [
        ("alice", OPEN, "3", ""), ("bob", OPEN, "3", ""), ("dave", OPEN, "3", ""), ("张伟", OPEN, "3", "")]
    page = (out / "manual.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "前五分之一的客户贡献了大部分收入。" in page
    assert without_keys[("alice", OPEN)]["status"] == "pending"
    assert without_keys[("bob", OPEN)]["status"] == "not_answered"


def test_with_the_key_pack_each_student_is_graded_on_their_own_data(with_keys):
    points = {s: float(with_keys[(s, GRADED)]["points"]) for s in ("alice", "bob", "张伟", "dave")}
    assert points == {"alice": 2, "bob": 0, "张伟": 2, "dave": 2}  # bob copied alice's number
    assert with_keys[("bob", GRADED)]["status"] == "wrong"
    assert with_keys[("张伟", GRADED)]["feedback"].startswith("正确")


def test_lms_exports(course, with_keys):
    out = course["tmp"] / "keyed"
    with (out / "lms-canvas.csv").open(encoding="utf-8") as fh:
        canvas = list(csv.reader(fh))
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", CHAPTER]
    assert canvas[1] == ["Points Possible", "", "", "", "", "27"]
    assert canvas[2:] == [["Liddell, Alice", "501", "S1", "alice", "A", "2"],
                          ["Builder, Bob", "502", "S2", "bob", "A", "0"],
                          ["dave", "", "", "", "", "2"],
                          ["Zhang, Wei", "503", "S3", "zhangwei", "B", "2"]]
    with (out / "lms-moodle.csv").open(encoding="utf-8") as fh:
        moodle = list(csv.reader(fh))
    assert moodle[0] == ["ID number", "Email address", "Username", CHAPTER]
    assert ["2026003", "zw@uni.edu", "张伟", "2"] in moodle and ["", "", "dave", "2"] in moodle


def test_manual_scores_merge_into_totals_pages_and_lms(course, with_keys):
    scores = course["tmp"] / "scores.csv"
    scores.write_text("student,exercise,max_points,points,comment\n"
                      f"alice,{OPEN},3,2.5,Clear; name the MGC <b>too</b>.\n"
                      f"张伟,{OPEN},3,3,很好。\nbob,{OPEN},3,,\n", encoding="utf-8-sig")
    out = course["tmp"] / "merged"
    merged = _grade(course["subs"], out, "--keys", str(course["keys"]), "--manual", str(scores),
                    "--lms", "canvas", "--roster", str(course["roster"]))
    assert merged[("alice", OPEN)]["points"] == "2.5" and merged[("alice", OPEN)]["status"] == "partial"
    assert merged[("张伟", OPEN)]["status"] == "correct"
    summary = {r["student"]: r["points"] for r in _rows(out / "summary.csv")}
    assert summary == {"alice": "4.5", "bob": "0", "dave": "2", "张伟": "5"}
    page = (out / "feedback" / "alice.html").read_text(encoding="utf-8")
    assert "Clear; name the MGC &lt;b&gt;too&lt;/b&gt;." in page and "4.5 of 17" not in page
    assert "Total: 4.5 of 27 points" in page
    assert [r["points"] for r in _rows(out / "manual.csv")] == ["2.5", "", "", "3"]
    with (out / "lms-canvas.csv").open(encoding="utf-8") as fh:
        assert ["Liddell, Alice", "501", "S1", "alice", "A", "4.5"] in list(csv.reader(fh))


def test_a_bad_manual_file_stops_before_grading(course, capsys):
    bad = course["tmp"] / "bad.csv"
    bad.write_text(f"student,exercise,points,comment\nalice,{OPEN},9,\n", encoding="utf-8")
    args = ["grade", str(course["subs"]), "--out", str(course["tmp"] / "bad"), "--src",
            str(ROOT / "exercises"), "--manual", str(bad)]
    assert main(args) == 2
    assert "Row 2 of the manual scores: 9 points is more than the 3" in capsys.readouterr().err
    assert not (course["tmp"] / "bad").exists()


def test_a_source_that_fails_writes_no_key_pack(tmp_path, capsys):
    src = tmp_path / "exercises"
    (src / "en").mkdir(parents=True)
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import ckmkit\nfrom ckmkit.exercises import check\n\nckmkit.setup()"),
        nbformat.v4.new_code_cell("### BEGIN SOLUTION\nmy_top20_share = 1 / 0\n### END SOLUTION"),
        nbformat.v4.new_code_cell(f'check("{GRADED}", my_top20_share)')])
    nbformat.write(nb, src / "en" / f"{CHAPTER}.ipynb")
    assert main(["exercises", "keys", "--src", str(src), "--out", str(tmp_path / "keys")]) == 2
    err = capsys.readouterr().err
    assert "did not run cleanly" in err and "ZeroDivisionError" in err
    assert not (tmp_path / "keys" / f"{GRADED}.json").exists()
