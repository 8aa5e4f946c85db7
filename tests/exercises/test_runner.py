"""Running one notebook: cells that will not stop, and what a failed check is blamed on."""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

import ckmkit
from ckmkit.exercises.grading import _answer_problem, describe_error
from ckmkit.exercises.runner import run_notebook

SWALLOWS_INTERRUPTS = ("import time\nwhile True:\n    try:\n        time.sleep(0.05)\n"
                       "    except:\n        pass\n")


def _notebook(tmp_path, *cells):
    path = tmp_path / "submission.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell(c) for c in cells]), path)
    return path


@pytest.mark.slow
def test_a_cell_that_swallows_interrupts_is_restarted_and_the_rest_runs(tmp_path):
    path = _notebook(tmp_path, "from ckmkit.exercises import check\nx = 1",
                     SWALLOWS_INTERRUPTS, "y = x + 1",
                     'check("start.crm_origin", "a" if y == 2 else "b")')
    run = run_notebook(path, lang="en", cell_timeout=2, timeout=60)
    assert run.failure is None
    # only the loop failed: x was set again after the restart, so y and the check ran
    assert run.errors == [{"cell": 1, "ename": "CellTimeout", "evalue": "no result after 2 s",
                           "seconds": 2.0, "restarted": True}]
    assert [(e["exercise"], e["answer"]) for e in run.entries] == [("start.crm_origin", "a")]
    assert run.seconds < 30  # before: every later cell waited out its own timeout


@pytest.mark.slow
def test_an_interruptible_loop_is_stopped_without_a_restart(tmp_path):
    path = _notebook(tmp_path, "x = 1", "while True:\n    pass\n", "y = x + 1", "1 / 0")
    run = run_notebook(path, lang="en", cell_timeout=2, timeout=60)
    assert [(e["cell"], e["ename"], e.get("restarted")) for e in run.errors] == [
        (1, "CellTimeout", None), (3, "ZeroDivisionError", None)]


@pytest.mark.slow
def test_a_notebook_over_its_time_limit_is_killed(tmp_path):
    path = _notebook(tmp_path, "x = 1", "import time\ntime.sleep(60)")
    # The limit counts from the kernel's start, which alone can take about 4 s on a busy
    # 2-core machine: 12 s leaves the first cell time to finish, so the sleep is what is stopped.
    run = run_notebook(path, lang="en", cell_timeout=50, timeout=12)
    assert run.failure == ("The notebook was stopped after 12 seconds, in cell 2; "
                           "look for a loop that never ends.")
    assert run.seconds < 20


def test_a_timed_out_cell_is_described_in_the_students_language():
    stuck = {"cell": 4, "ename": "CellTimeout", "evalue": "no result after 8 s", "seconds": 8.0,
             "restarted": True}
    assert describe_error(stuck).startswith("Cell 5 was still running after 8 seconds and did "
                                            "not stop when interrupted")
    with ckmkit.language("zh"):
        assert describe_error(stuck).startswith("第 5 个单元格运行 8 秒后仍未结束，而且中断后也没有停下")
        assert describe_error({**stuck, "restarted": False}) == (
            "第 5 个单元格运行 8 秒后仍未结束，已被停止；请检查是否有永不结束的循环。")


SOURCES = ["import ckmkit", "", "totals = tx.sum()\ntop20_share = totals / 0",
           "share_pct = top20_share * 100", 'check("value.top20_share", top20_share)']
UNDEFINED = {"cell": 4, "ename": "NameError", "evalue": "name 'top20_share' is not defined"}


def test_a_failed_check_names_the_answer_cell_that_raised():
    errors = [{"cell": 2, "ename": "ZeroDivisionError", "evalue": "division by zero"},
              {"cell": 3, "ename": "NameError", "evalue": "name 'top20_share' is not defined"},
              UNDEFINED]
    assert _answer_problem(UNDEFINED, errors, SOURCES) == (
        "Your answer cell (cell 3) raised ZeroDivisionError: division by zero, so `top20_share` "
        "was never set. Fix that cell and run it again, then run the check.")
    with ckmkit.language("zh"):
        assert _answer_problem(UNDEFINED, errors, SOURCES) == (
            "你的作答单元格（第 3 个单元格）出错：ZeroDivisionError：division by zero，所以 "
            "`top20_share` 没有被赋值。请修正这个单元格并重新运行，然后再运行检查。")


def test_a_typo_or_a_stopped_loop_in_the_answer_cell_is_named():
    typo = ["top20_share = totals.sum(", 'check("value.top20_share", top20_share)']
    errors = [{"cell": 0, "ename": "SyntaxError", "evalue": "'(' was never closed"},
              {**UNDEFINED, "cell": 1}]
    assert "raised SyntaxError: '(' was never closed, so `top20_share`" in _answer_problem(
        errors[1], errors, typo)
    stopped = [{"cell": 0, "ename": "CellTimeout", "evalue": "", "seconds": 30.0}, errors[1]]
    assert _answer_problem(errors[1], stopped, typo) == (
        "Your answer cell (cell 1) was still running after 30 seconds and was stopped "
        "(a loop that never ends?), so `top20_share` was never set.")


def test_a_check_that_fails_on_its_own_keeps_its_own_error():
    # no earlier cell that assigns the name failed: the check's error is the real one
    ok_before = [{"cell": 3, "ename": "KeyError", "evalue": "'amount'"}, UNDEFINED]
    assert _answer_problem(UNDEFINED, ok_before, SOURCES) is None
    other = {"cell": 4, "ename": "TypeError", "evalue": "unsupported operand"}
    assert _answer_problem(other, [other], SOURCES) is None
