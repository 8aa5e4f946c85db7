"""Graded exercises without running notebooks: format checks, the key pack, variants,
manual scores, rosters and LMS rows. The runs (keys from the sources, grading a folder)
are in test_key_pack.py; the leak scan of the wheel and student notebooks in test_no_leak.py.
"""

import json
from pathlib import Path

import nbformat
import pytest

import ckmkit
from ckmkit.exercises import (
    PENDING,
    SUBMITTED,
    Feedback,
    check,
    format_check,
    get,
    graded,
    use_variant,
    variant_seed,
    variant_world,
)
from ckmkit.exercises.grading import chapter_open_answers
from ckmkit.exercises.keys import KeyPack, grade_graded, open_answer_cells, source_spec
from ckmkit.exercises.lms import lms_rows, write_lms
from ckmkit.exercises.manual import open_feedback, read_manual_scores
from ckmkit.exercises.records import GradedNotebook, Submission
from ckmkit.exercises.roster import read_roster
from ckmkit.exercises.student import student_notebook
from ckmkit.exercises.variants import current_variant, variant_token

ROOT = Path(__file__).resolve().parents[2]
GRADED = {"start.graded_cost_ratio": "number",
          "concepts.graded_ckm_goal": "choice", "value.graded_top20_share": "share",
          "knowledge.graded_top_kind": "choice", "network.graded_single_contact": "count"}


@pytest.fixture(autouse=True)
def _no_variant():
    use_variant(None)
    yield
    use_variant(None)


# -- format checks -----------------------------------------------------------------------------

@pytest.mark.parametrize("kind, good, bad", [
    ("share", 0.8272, 82.7), ("share", 1, -0.1), ("count", 140, 140.5), ("count", 7.0, -1),
    ("number", -3.5, "3.5"), ("ids", ["C00001", "C00007"], "C00001"), ("ids", {"C1"}, [1.5]),
    ("choice", "Repair", "fax"),
])
def test_format_check_judges_the_shape_only(kind, good, bad):
    options = ["chat", "repair", "visit"]
    ok = format_check(good, kind, options, points=2)
    assert (ok.status, ok.points, ok.max_points) == (SUBMITTED, 0.0, 2.0)
    assert "graded by your instructor" in ok.message
    assert format_check(bad, kind, options).status == "malformed"
    assert format_check(..., kind, options).status == "not_answered"


def test_numpy_numbers_are_numbers():
    import numpy as np

    assert format_check(np.float64(0.5), "share").status == SUBMITTED
    assert format_check(np.int64(12), "count").status == SUBMITTED
    assert format_check(np.bool_(True), "count").status == "malformed"


def test_graded_check_in_chinese_and_its_card():
    with ckmkit.language("zh"):
        fb = check("value.graded_top20_share", 0.8)
        assert fb.message == "你的答案是 0 到 1 之间的比例 ✓ —— 将由老师评分。"
        assert "本题 2 分，由老师评分" in str(fb)
        assert "已提交" in fb._repr_html_()
    assert check("value.graded_top20_share", 80).message.startswith("Give a share between 0 and 1")


def test_every_chapter_from_zero_to_four_has_a_graded_exercise():
    for ex_id, kind in GRADED.items():
        assert get(ex_id).graded == kind


def test_graded_rejects_an_unknown_kind():
    with pytest.raises(ValueError, match="kinds of answer"):
        graded("demo.bad", "essay")


def test_a_graded_exercise_gives_no_hint_on_its_value():
    ex = graded("demo.with_hint", "share", hint="It is 0.8.")
    assert "0.8" not in ex.grade(0.3).message


# -- the key pack ------------------------------------------------------------------------------

def _pack(tmp_path, students=None, grader=None, ex_id="value.graded_top20_share", reference=0.8272):
    key = {"format": "ckmkit-key", "version": 1, "id": ex_id, "chapter": "02-customer-value",
           "kind": get(ex_id).graded, "points": get(ex_id).points,
           "grader": grader or {"name": "numeric", "abs_tol": 0.002, "partial_tol": 0.02},
           "reference": reference, "students": students or {}}
    (tmp_path / f"{ex_id}.json").write_text(json.dumps(key), encoding="utf-8")
    return KeyPack(tmp_path)


def test_grading_with_the_key_pack_uses_each_students_reference(tmp_path):
    pack = _pack(tmp_path, students={"alice": 0.8508, "bob": 0.7850})
    ex = get("value.graded_top20_share")
    assert grade_graded(ex, 0.8508, "alice", pack).points == 2.0
    copied = grade_graded(ex, 0.8508, "bob", pack)  # alice's number in bob's notebook
    assert (copied.status, copied.points) == ("wrong", 0.0)
    assert grade_graded(ex, 0.795, "bob", pack).points == 1.0  # within the partial tolerance
    assert grade_graded(ex, 0.8272, "carol", pack).points == 2.0  # not in the roster: common data
    assert grade_graded(ex, "0.8", "alice", pack).status == "malformed"


def test_without_the_key_pack_graded_answers_are_pending(tmp_path):
    ex = get("value.graded_top20_share")
    fb = grade_graded(ex, 0.85, "alice", None)
    assert (fb.status, fb.points, fb.max_points) == (PENDING, 0.0, 2.0)
    assert fb.message == "Needs the key pack: run ckmkit grade with --keys DIR to grade this answer."
    with ckmkit.language("zh"):
        assert "需要答案包" in grade_graded(ex, 0.85, "alice", None).message
    missing = grade_graded(ex, 0.85, "alice", _pack(tmp_path, reference=None))
    assert missing.status == PENDING and "'alice'" in missing.message


def test_choice_and_count_keys(tmp_path):
    pack = _pack(tmp_path, ex_id="knowledge.graded_top_kind", grader={"name": "choice"},
                 reference="repair", students={"li": "visit"})
    ex = get("knowledge.graded_top_kind")
    assert grade_graded(ex, " Visit", "li", pack).points == 2.0
    assert grade_graded(ex, "repair", "li", pack).status == "wrong"
    pack = _pack(tmp_path, ex_id="network.graded_single_contact",
                 grader={"name": "numeric", "abs_tol": 0, "rel_tol": 0}, reference=140)
    ex = get("network.graded_single_contact")
    assert grade_graded(ex, 140, "li", pack).points == 2.0
    assert grade_graded(ex, 141, "li", pack).points == 0.0


def test_a_folder_without_keys_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="not a key pack folder"):
        KeyPack(tmp_path / "missing")


def test_source_spec_and_open_answers_come_from_the_sources():
    nb = nbformat.read(ROOT / "exercises" / "en" / "02-customer-value.ipynb", 4)
    spec = source_spec(nb)
    assert list(spec) == ["value.graded_top20_share"]
    assert spec["value.graded_top20_share"]["grader"] == {"name": "numeric", "abs_tol": 0.002,
                                                          "partial_tol": 0.02}
    assert source_spec(nbformat.read(ROOT / "exercises" / "en" / "04-customer-networks.ipynb", 4)) == {
        "network.graded_single_contact": {"kind": "count", "points": 2.0,
                                          "grader": {"name": "numeric", "abs_tol": 0.0, "rel_tol": 0.0}}}
    opens = chapter_open_answers(str(ROOT / "exercises"))
    assert opens == {"01-crm-vs-ckm": {"concepts.open_loyalty": 3.0},
                     "02-customer-value": {"value.open_8020": 3.0}}


# -- student versions and variants -------------------------------------------------------------

def test_student_version_keeps_the_open_answer_cell_but_not_the_grading_settings():
    for lang in ("en", "zh"):
        nb = nbformat.read(ROOT / "exercises" / lang / "02-customer-value.ipynb", 4)
        student = student_notebook(nb, lang, "02-customer-value", variant_token("li", "s"))
        text = json.dumps(student)
        assert '"grading"' not in text and "abs_tol" not in text
        cell = open_answer_cells(student)["value.open_8020"]
        prompt = {"en": "*Write your answer here.*", "zh": "*请在这里写下你的答案。*"}[lang]
        assert cell["text"] == prompt + "\n"
        assert f'use_variant("{variant_token("li", "s")}")' in student.cells[1].source


def test_variants_differ_between_students_and_repeat_for_one():
    tokens = {s: variant_token(s, "CKM-2026") for s in ("alice", "bob")}
    assert tokens["alice"] != tokens["bob"] and tokens["alice"] == variant_token("alice", "CKM-2026")
    assert variant_token("alice", "other salt") != tokens["alice"]
    shares = {}
    for student, token in tokens.items():
        use_variant(token)
        assert current_variant() == token and variant_seed() == int(token[:8], 16)
        tx = variant_world().transactions
        totals = tx.groupby("customer_id")["amount"].sum().sort_values(ascending=False)
        shares[student] = totals.iloc[: len(totals) // 5].sum() / totals.sum()
    assert abs(shares["alice"] - shares["bob"]) > 0.005
    use_variant(None)
    assert variant_seed() == 2024 and len(variant_world().customers) == 300


def test_a_bad_token_is_refused_in_the_students_language():
    with pytest.raises(ValueError, match="not a variant token"):
        use_variant("alice")
    with ckmkit.language("zh"), pytest.raises(ValueError, match="不是有效的变体标记"):
        use_variant("123")


# -- roster, manual scores, LMS ----------------------------------------------------------------

def test_roster_rows_and_errors(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("\ufeffstudent,name,sis_user_id\n张伟,\"Zhang, Wei\",S01\nli,Li Na,S02\n",
                    encoding="utf-8")
    assert [r["student"] for r in read_roster(path)] == ["张伟", "li"]
    path.write_text("student,name\nli,A\nli,B\n", encoding="utf-8")
    with pytest.raises(ValueError, match="Row 3 of the roster .* repeats the student 'li'"):
        read_roster(path)
    path.write_text("id,name\n1,A\n", encoding="utf-8")
    with pytest.raises(ValueError, match="needs a 'student' column"):
        read_roster(path)


EXPECTED = {"alice": {"value.open_8020": 3.0}, "bob": {"value.open_8020": 3.0}}


@pytest.mark.parametrize("row, message", [
    ("carol,value.open_8020,2,", r"Row 3 of the manual scores: 'carol' is not a student"),
    ("bob,value.open_why,2,", r"Row 3 of the manual scores: 'value.open_why' is not an open answer"),
    ("bob,value.open_8020,two,", r"Row 3 of the manual scores: the points 'two' are not a number"),
    ("bob,value.open_8020,3.5,", r"Row 3 of the manual scores: 3.5 points is more than the 3"),
])
def test_manual_scores_are_checked_row_by_row(tmp_path, row, message):
    path = tmp_path / "scores.csv"
    path.write_text(f"student,exercise,points,comment\nalice,value.open_8020,2,ok\n{row}\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_manual_scores(path, EXPECTED)


def test_manual_scores_merge_with_comments_and_skip_empty_rows(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text("student,exercise,max_points,points,comment\nalice,value.open_8020,3,\"2,5\","
                    "Clear.\nbob,value.open_8020,3,,\n", encoding="utf-8-sig")
    scores = read_manual_scores(path, EXPECTED)
    assert scores == {("alice", "value.open_8020"): (2.5, "Clear.")}
    with ckmkit.language("zh"):
        with pytest.raises(ValueError, match="人工评分表第 2 行"):
            path.write_text("student,exercise,points\nzz,value.open_8020,1\n", encoding="utf-8")
            read_manual_scores(path, EXPECTED)


def test_open_feedback_statuses():
    assert open_feedback("x.o", 3, "An answer", (3, "")).status == "correct"
    assert open_feedback("x.o", 3, "An answer", (0, "Off topic.")).message == "Off topic."
    assert open_feedback("x.o", 3, "An answer", None).status == PENDING
    assert open_feedback("x.o", 3, "*请在这里写下你的答案。*\n", None).status == "not_answered"


def _graded(student, chapter, points, maximum):
    fb = Feedback(f"{chapter}.x", points, maximum, "partial", "")
    return GradedNotebook(Submission(student, Path(f"{student}/{chapter}.ipynb"), chapter, "en"), [fb])


def test_lms_files_canvas_and_moodle(tmp_path):
    graded_ = [_graded("alice", "01-crm-vs-ckm", 14, 17), _graded("alice", "02-customer-value", 9.5, 14),
               _graded("bob", "02-customer-value", 4, 14)]
    roster = {"alice": {"student": "alice", "name": "Liddell, Alice", "canvas_id": "1001",
                        "sis_user_id": "S1", "sis_login_id": "alice", "section": "A",
                        "email": "alice@x.edu", "idnumber": "2026001"}}
    assert lms_rows(graded_, "canvas", roster) == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "01-crm-vs-ckm", "02-customer-value"],
        ["Points Possible", "", "", "", "", "17", "14"],
        ["Liddell, Alice", "1001", "S1", "alice", "A", "14", "9.5"],
        ["bob", "", "", "", "", "0", "4"]]
    path = write_lms(graded_, tmp_path, "moodle", roster)
    assert path.read_text(encoding="utf-8").splitlines() == [
        "ID number,Email address,Username,01-crm-vs-ckm,02-customer-value",
        "2026001,alice@x.edu,alice,14,9.5", ",,bob,0,4"]
    with pytest.raises(ValueError, match="no gradebook format 'blackboard'"):
        lms_rows(graded_, "blackboard", roster)


def test_cli_variants_need_a_good_roster(tmp_path, capsys):
    from ckmkit.cli import main

    src = str(ROOT / "exercises")
    assert main(["exercises", "build", "--src", src, "--out", str(tmp_path), "--variants"]) == 2
    assert "--variants needs --roster" in capsys.readouterr().err
    roster = tmp_path / "roster.csv"
    roster.write_text("student\nli\nli\n", encoding="utf-8")
    assert main(["exercises", "build", "--src", src, "--out", str(tmp_path), "--variants",
                 "--roster", str(roster)]) == 2
    assert "repeats the student 'li'" in capsys.readouterr().err
    roster.write_text("student\nli\nwang\n", encoding="utf-8")
    assert main(["exercises", "build", "--src", src, "--out", str(tmp_path / "s"), "--variants",
                 "--roster", str(roster), "--salt", "x"]) == 0
    assert sorted(p.parent.name for p in (tmp_path / "s" / "zh").rglob("02-*.ipynb")) == ["li", "wang"]
    li = (tmp_path / "s" / "en" / "li" / "02-customer-value.ipynb").read_text(encoding="utf-8")
    assert variant_token("li", "x") in li and variant_token("wang", "x") not in li


def test_cli_grade_refuses_a_missing_key_pack(tmp_path, capsys):
    from ckmkit.cli import main

    code = main(["grade", str(tmp_path), "--src", str(ROOT / "exercises"), "--keys",
                 str(tmp_path / "nokeys"), "--out", str(tmp_path / "g")])
    assert code == 2 and "is not a key pack folder" in capsys.readouterr().err
