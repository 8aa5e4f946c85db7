"""Student versions: solution blocks become stubs, hidden parts vanish, prompts appear."""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from ckmkit.exercises.student import (
    build,
    find_sources,
    solution_blocks,
    strip_code,
    strip_markdown,
    student_notebook,
)


def test_stub_only_for_names_read_elsewhere():
    src = ("### BEGIN SOLUTION\ntotals = tx.sum()\nshare = totals / 2\n### END SOLUTION\n")
    assert strip_code(src, used={"share", "check"}) == "share = ...  # YOUR ANSWER HERE\n"
    both = strip_code(src, used=None)
    assert both.splitlines() == ["totals = ...  # YOUR ANSWER HERE", "share = ...  # YOUR ANSWER HERE"]


def test_unused_names_fall_back_to_the_last_assignment():
    src = "### BEGIN SOLUTION\na = 1\nb = 2\n### END SOLUTION"
    assert strip_code(src, used=set()) == "b = ...  # YOUR ANSWER HERE"


def test_indented_block_inside_a_function_keeps_indentation():
    src = ("def top(x):\n    ### BEGIN SOLUTION\n    return sorted(x)[-1]\n"
           "    ### END SOLUTION\n\nresult = top([1, 2])\n")
    out = strip_code(src, used={"result"})
    assert out == "def top(x):\n    return ...  # YOUR ANSWER HERE\n\nresult = top([1, 2])\n"
    compile(out, "<cell>", "exec")


def test_hidden_tests_and_several_blocks():
    src = ("### BEGIN SOLUTION\nx = 1\n### END SOLUTION\nprint(x)\n"
           "### BEGIN HIDDEN TESTS\nassert x == 1\n### END HIDDEN TESTS\n"
           "### BEGIN SOLUTION\ny = 2\n### END SOLUTION\n")
    out = strip_code(src, used={"x", "y"})
    assert out == "x = ...  # YOUR ANSWER HERE\nprint(x)\ny = ...  # YOUR ANSWER HERE\n"
    assert solution_blocks(src) == ["x = 1\n", "y = 2\n"]


def test_markdown_solution_becomes_a_prompt_in_the_language():
    src = "Why?\n\n### BEGIN SOLUTION\nBecause knowledge flows.\n### END SOLUTION\n"
    assert "Because" not in strip_markdown(src, "zh")
    assert "请在这里写下你的答案" in strip_markdown(src, "zh")


def test_student_notebook_drops_instructor_cells_and_outputs():
    solution = new_code_cell("### BEGIN SOLUTION\nans = 42\n### END SOLUTION",
                             outputs=[nbformat.v4.new_output("stream", text="42")],
                             execution_count=3)
    notes = new_markdown_cell("Answer key: 42", metadata={"tags": ["instructor"]})
    nb = new_notebook(cells=[notes, solution, new_code_cell("check('x.y', ans)")])
    out = student_notebook(nb, "en", "99-demo")
    assert [c.source for c in out.cells] == ["ans = ...  # YOUR ANSWER HERE", "check('x.y', ans)"]
    assert out.cells[0].outputs == [] and out.cells[0].execution_count is None
    assert out.metadata["ckmkit"] == {"chapter": "99-demo", "lang": "en", "version": "student"}
    assert nb.cells[1].source.startswith("### BEGIN")  # the source is left alone


def test_build_writes_both_languages(tmp_path):
    for lang in ("en", "zh"):
        (tmp_path / "src" / lang).mkdir(parents=True)
        nb = new_notebook(cells=[new_code_cell("### BEGIN SOLUTION\nv = 1\n### END SOLUTION")])
        nbformat.write(nb, tmp_path / "src" / lang / "05-demo.ipynb")
    written = build(tmp_path / "src", tmp_path / "out")
    assert [p.relative_to(tmp_path / "out").as_posix() for p in written] == [
        "en/05-demo.ipynb", "zh/05-demo.ipynb"]
    assert nbformat.read(written[1], 4).metadata["ckmkit"]["lang"] == "zh"
    assert len(find_sources(tmp_path / "src")) == 2


@pytest.mark.parametrize("bad", ["### BEGIN SOLUTION\nx = (\n### END SOLUTION"])
def test_unparseable_solution_still_gets_a_stub(bad):
    assert strip_code(bad) == "...  # YOUR ANSWER HERE"


def test_a_student_copy_keeps_its_language_in_any_folder(tmp_path):
    import os
    import subprocess
    import sys

    nb = new_notebook(cells=[new_code_cell("import ckmkit\nckmkit.setup()"),
                             new_code_cell("### BEGIN SOLUTION\nv = 1\n### END SOLUTION")])
    setup = student_notebook(nb, "zh", "05-demo").cells[0].source
    assert setup == 'import ckmkit\nckmkit.setup("zh")'
    elsewhere = tmp_path / "Downloads"  # no "zh" anywhere in the path
    elsewhere.mkdir()
    script = setup + "\nprint(ckmkit.get_language())"
    env = {k: v for k, v in os.environ.items() if k != "CKMKIT_LANG"}
    ran = subprocess.run([sys.executable, "-c", script], cwd=elsewhere, env=env,
                         capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "zh"
