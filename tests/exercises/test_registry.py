"""Declaring exercises, checking them by id, recording answers, rendering feedback."""

import json

import pandas as pd
import pytest

import ckmkit
from ckmkit.exercises import (
    CORRECT,
    MALFORMED,
    NOT_ANSWERED,
    Feedback,
    check,
    exercise,
    exercises,
    numeric,
    register,
)
from ckmkit.exercises.answers import from_plain, to_plain


@exercise("testing.answer", points=3, hint={"en": "Think of Douglas Adams.", "zh": "想想道格拉斯·亚当斯。"})
def _answer(answer):
    return numeric(answer, 42, partial_tol=2)


def _boom(answer):
    raise RuntimeError("bad key table")


register("testing.broken", 1, _boom)


def test_check_scales_points_and_adds_the_hint_when_not_right():
    assert check("testing.answer", 42).points == 3.0
    partial = check("testing.answer", 41)
    assert partial.points == 1.5
    assert partial.message.endswith("Hint: Think of Douglas Adams.")
    assert "Hint" not in check("testing.answer", ...).message


def test_check_without_an_answer_is_not_answered():
    assert check("testing.answer").status == NOT_ANSWERED


def test_unknown_id_suggests_the_closest_and_never_raises():
    fb = check("testing.answr", 42)
    assert fb.status == MALFORMED and "testing.answer" in fb.message
    assert check("nosuchsection.x", 1).status == MALFORMED


def test_a_failing_checker_becomes_malformed_feedback():
    fb = check("testing.broken", 1)
    assert fb.status == MALFORMED and "bad key table" in fb.message


def test_bad_id_needs_a_section():
    with pytest.raises(ValueError, match="section"):
        register("nosection", 1, _boom)


def test_sections_load_lazily_from_the_bank():
    ids = [e.id for e in exercises("start")]
    assert "start.km_history" in ids and all(i.startswith("start.") for i in ids)


def test_checks_are_logged_as_json_lines(tmp_path, monkeypatch):
    log = tmp_path / "log.jsonl"
    monkeypatch.setenv("CKMKIT_EXERCISE_LOG", str(log))
    check("testing.answer", 42)
    check("testing.answer", ...)
    check("testing.answer", lambda: 1)  # an answer that cannot be saved
    lines = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines()]
    assert [x["feedback"]["status"] for x in lines] == [CORRECT, NOT_ANSWERED, MALFORMED]
    assert lines[0]["answer"] == 42 and lines[1]["answer"] == {"__blank__": True}
    assert lines[2]["answer"] == {"__unsaveable__": "function"}


@pytest.mark.parametrize("value", [
    {"a": 1, "b": [1, 2]}, {1: "x", 2: "y"}, {"C1", "C2"}, ["x", None, 2.5],
    {("a", 1), ("b", 2)}, float("inf"),
])
def test_answers_round_trip_through_plain_json(value):
    assert from_plain(json.loads(json.dumps(to_plain(value)))) == value


def test_pandas_answers_round_trip():
    s = pd.Series([0.5, 0.25], index=["C1", "C2"], name="share")
    back = from_plain(json.loads(json.dumps(to_plain(s))))
    pd.testing.assert_series_equal(back, s)
    df = pd.DataFrame({"id": ["C1"], "x": [1]})
    pd.testing.assert_frame_equal(from_plain(json.loads(json.dumps(to_plain(df)))), df)


def test_html_rendering_escapes_and_shows_status_in_the_language():
    fb = check("start.knowledge_types", {"name": "<b>A</b>"})
    html = fb._repr_html_()
    assert "<b>A</b>" not in html and "&lt;b&gt;A&lt;/b&gt;" in html
    with ckmkit.language("zh"):
        zh = check("start.knowledge_types", {"name": "A"})
        assert "部分正确" in zh._repr_html_()
        assert "客户姓名" in str(zh)


def test_feedback_json_round_trip():
    fb = check("start.knowledge_types", {"name": "A", "dialogue": "R"})
    assert Feedback.from_dict(json.loads(json.dumps(fb.to_dict()))) == fb
