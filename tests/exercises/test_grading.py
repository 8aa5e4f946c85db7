"""Batch grading on a folder of realistic submissions.

Correct, partial, crashing, looping (interruptible and not), malformed JSON,
a Chinese file name and student name, and a notebook that tries the network.
Running single notebooks (restarts, time limits) is in test_runner.py.
"""

import csv
import http.server
import json
import re
import socket
import threading
from pathlib import Path

import nbformat
import pytest

from ckmkit.cli import main
from ckmkit.exercises.grading import find_submissions
from ckmkit.exercises.runner import network_isolation
from ckmkit.exercises.student import build

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = "00-start-here"
FULL = {"start.crm_origin": 1, "start.front_end": 2, "start.km_history": 2,
        "start.four_p_four_c": 2, "start.knowledge_types": 3, "start.cdnow_customers": 1,
        "start.cdnow_top20_share": 2, "start.cdnow_big_spenders": 2}
RIGHT = {
    "crm_origin": '"a"',
    "front_end": '{"a", "c", "d"}',
    "km_history": '["data collection", "information mining", "knowledge discovery"]',
    "four_c": '{"product": "customer value", "price": "cost", "place": "convenience", '
              '"promotion": "communication"}',
    "knowledge_types": '{"name": "A", "product manual": "F", "opinions": "R", "dialogue": "C", '
                       '"satisfaction": "R"}',
    "n_customers": 'cdnow["customer_id"].nunique()',
    "top20_share": '0.674',
    "big_spenders": 'cdnow.groupby("customer_id")["amount"].sum().pipe(lambda s: s[s > 1000]).index',
}

pytestmark = pytest.mark.slow


def _host_address():
    """A non-loopback IPv4 address of this machine, or None."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # no packet is sent for UDP connect
            address = s.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


def _answered(student_nb, answers, extra=None):
    """A copy of the student notebook with stubs replaced by `answers` (name -> code)."""
    nb = nbformat.from_dict(json.loads(json.dumps(student_nb)))
    for cell in nb.cells:
        for name, code in answers.items():
            stub = f"{name} = ...  # YOUR ANSWER HERE"
            if cell.cell_type == "code" and stub in cell.source:
                cell.source = cell.source.replace(stub, (extra or {}).get(name, "") +
                                                  f"{name} = {code}")
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("grading")
    build(ROOT / "exercises", tmp / "student")
    en = nbformat.read(tmp / "student" / "en" / f"{CHAPTER}.ipynb", 4)
    zh = nbformat.read(tmp / "student" / "zh" / f"{CHAPTER}.ipynb", 4)
    subs = tmp / "submissions"

    def put(student, name, nb):
        (subs / student).mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, subs / student / name)

    put("alice", f"{CHAPTER}.ipynb", _answered(en, RIGHT))
    partial = {**RIGHT, "km_history": '["information mining", "data collection", '
                                      '"knowledge discovery"]',
               "knowledge_types": '{"name": "A", "product manual": "F", "opinions": "R", '
                                  '"dialogue": "R", "satisfaction": "A"}',
               "front_end": '"a"', "top20_share": "67.4"}
    put("bob", f"{CHAPTER}.ipynb", _answered(en, partial))
    crash = {**RIGHT, "n_customers": 'cdnow["customer"].nunique()'}  # KeyError
    put("carol", f"{CHAPTER}.ipynb", _answered(en, crash))
    loop = {**RIGHT}
    put("dave", f"{CHAPTER}.ipynb", _answered(en, loop, extra={"four_c": "while True:\n    pass\n"}))
    stuck = "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\n"
    put("erin", f"{CHAPTER}.ipynb", _answered(en, RIGHT, extra={"n_customers": stuck}))
    (subs / "frank").mkdir()
    (subs / "frank" / f"{CHAPTER}.ipynb").write_text('{"cells": [{"cell_type": "code", ',
                                                      encoding="utf-8")
    put("张伟", "第0章 作业.ipynb", _answered(zh, {"crm_origin": '"a"', "km_history": RIGHT["km_history"],
                                                  "top20_share": "1 / 0"}))

    server = http.server.HTTPServer(("0.0.0.0", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = _host_address()
    probe = (f"import urllib.request\ntry:\n    urllib.request.urlopen('http://{host}:"
             f"{server.server_address[1]}/', timeout=5)\n    reached = True\n"
             "except Exception:\n    reached = False\n")
    put("gina", f"{CHAPTER}.ipynb", _answered(en, {**RIGHT, "crm_origin": '"b" if reached else "a"'},
                                               extra={"crm_origin": probe}))
    out = tmp / "grades"
    try:
        code = main(["grade", str(subs), "--out", str(out), "--src", str(ROOT / "exercises"),
                     "--chapter", CHAPTER, "--timeout", "60", "--cell-timeout", "8", "-j", "2"])
    finally:
        server.shutdown()
    assert code == 0
    with (out / "scores.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    scores = {(r["student"], r["exercise"]): r for r in rows}
    return {"out": out, "rows": rows, "scores": scores, "host": host}


#: Graded on each student's own world against the key pack (tests/exercises/test_key_pack.py);
#: these submissions leave it unanswered, and grading without keys scores it as such.
GRADED = {"start.graded_cost_ratio"}


def _points(graded, student):
    return {ex: float(r["points"]) for (s, ex), r in graded["scores"].items()
            if s == student and ex not in GRADED}


def test_every_student_gets_every_exercise(graded):
    students = {"alice", "bob", "carol", "dave", "erin", "frank", "gina", "张伟"}
    assert {r["student"] for r in graded["rows"]} == students
    for student in students:
        assert set(_points(graded, student)) == set(FULL), student
        for exercise in GRADED:
            row = graded["scores"][(student, exercise)]
            assert float(row["points"]) == 0.0 and row["status"] in {"not_answered", "malformed"}, student


def test_correct_submission_gets_full_marks(graded):
    assert _points(graded, "alice") == FULL


def test_partial_submission_gets_partial_credit_with_reasons(graded):
    bob = _points(graded, "bob")
    assert bob["start.km_history"] == pytest.approx(4 / 3, abs=1e-3)       # LCS 2 of 3
    assert bob["start.knowledge_types"] == pytest.approx(2.4, abs=1e-3)     # 3 right + 2 accepted halves
    assert bob["start.front_end"] == pytest.approx(2 / 3, abs=1e-3)
    assert bob["start.cdnow_top20_share"] == 0
    assert "percentage" in graded["scores"][("bob", "start.cdnow_top20_share")]["feedback"]
    assert sum(bob.values()) == pytest.approx(15 - 2 / 3 - 0.6 - 4 / 3 - 2, abs=0.01)


def test_a_crashing_cell_costs_only_its_exercise(graded):
    carol = _points(graded, "carol")
    assert carol == {**FULL, "start.cdnow_customers": 0}
    row = graded["scores"][("carol", "start.cdnow_customers")]
    # the answer cell's own error, not the check's NameError
    assert row["status"] == "malformed"
    assert re.fullmatch(r"Your answer cell \(cell \d+\) raised KeyError: 'customer', so "
                        r"`n_customers` was never set\. .*", row["feedback"])


def test_an_interruptible_loop_is_stopped_and_the_rest_graded(graded):
    dave = _points(graded, "dave")
    assert dave["start.four_p_four_c"] == 0
    assert sum(dave.values()) == 15 - 2
    assert "so `four_c` was never set" in graded["scores"][("dave", "start.four_p_four_c")]["feedback"]


def test_a_loop_that_ignores_interrupts_is_restarted_and_the_rest_graded(graded):
    assert _points(graded, "erin") == {**FULL, "start.cdnow_customers": 0}
    feedback = graded["scores"][("erin", "start.cdnow_customers")]["feedback"]
    assert re.fullmatch(r"Your answer cell \(cell \d+\) was still running after 8 seconds and "
                        r"was stopped \(a loop that never ends\?\), so `n_customers` was never "
                        r"set\.", feedback)


def test_malformed_json_scores_zero_with_a_clear_reason(graded):
    assert set(_points(graded, "frank").values()) == {0.0}
    assert "could not be read" in graded["scores"][("frank", "start.crm_origin")]["feedback"]


def test_chinese_names_and_chinese_feedback(graded):
    zhang = _points(graded, "张伟")
    assert zhang["start.crm_origin"] == 1 and zhang["start.km_history"] == 2
    assert "还没有作答" in graded["scores"][("张伟", "start.front_end")]["feedback"]
    assert re.fullmatch(r"你的作答单元格（第 \d+ 个单元格）出错：ZeroDivisionError：division by "
                        r"zero，所以 `top20_share` 没有被赋值。.*",
                        graded["scores"][("张伟", "start.cdnow_top20_share")]["feedback"])
    page = (graded["out"] / "feedback" / "张伟.html").read_text(encoding="utf-8")
    assert "张伟 的反馈" in page and "lang='zh-CN'" in page and "总分：3 / 17 分" in page


@pytest.mark.skipif(_host_address() is None, reason="no non-loopback address to test against")
def test_the_network_beyond_this_machine_is_unreachable(graded):
    assert _points(graded, "gina")["start.crm_origin"] == 1  # "a" only when the request failed


def test_feedback_pages_are_self_contained(graded):
    pages = sorted(p.name for p in (graded["out"] / "feedback").iterdir())
    assert len(pages) == 8 and "alice.html" in pages
    for page in (graded["out"] / "feedback").iterdir():
        text = page.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text and "<script" not in text
    erin = (graded["out"] / "feedback" / "erin.html").read_text(encoding="utf-8")
    assert "still running after 8 seconds and did not stop when interrupted" in erin
    dave = (graded["out"] / "feedback" / "dave.html").read_text(encoding="utf-8")
    assert "still running after 8 seconds and was stopped; look for a loop" in dave


def test_summary_totals(graded):
    with (graded["out"] / "summary.csv").open(encoding="utf-8-sig") as fh:
        totals = {r["student"]: float(r["points"]) for r in csv.DictReader(fh)}
    assert totals["alice"] == 15 and totals["frank"] == 0 and totals["张伟"] == 3


def test_submission_discovery_rules(tmp_path):
    (tmp_path / "s1" / ".ipynb_checkpoints").mkdir(parents=True)
    (tmp_path / "s1" / ".ipynb_checkpoints" / "x-checkpoint.ipynb").write_text("{}")
    (tmp_path / "s1" / "00-start-here.ipynb").write_text("{}")
    (tmp_path / "li_zh.ipynb").write_text("{}")
    subs = find_submissions(tmp_path, ROOT / "exercises")
    assert [(s.student, s.chapter, s.lang) for s in subs] == [
        ("li_zh", None, "zh"), ("s1", "00-start-here", "en")]


def test_network_isolation_is_available_here():
    # Documented fallback when unshare is not allowed: the sitecustomize guard.
    assert isinstance(network_isolation(), list)


def test_grading_without_the_sources_stops_with_a_clear_message(tmp_path, monkeypatch, capsys):
    (tmp_path / "submissions" / "alice").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)  # a class folder: no exercises/ here
    assert main(["grade", "submissions", "--out", "grades"]) == 2
    message = capsys.readouterr().err
    assert "No exercise sources in 'exercises'" in message and "--src" in message
    assert not (tmp_path / "grades").exists()  # no half-true scores written
