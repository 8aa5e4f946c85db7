"""The public pieces graders are built from: answer shapes, bilingual text, spelling rules."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import ckmkit
from ckmkit.exercises import SECTIONS, Feedback, exercises
from ckmkit.exercises.feedback import format_points
from ckmkit.exercises.reading import (
    as_mapping,
    as_sequence,
    as_set,
    caseless,
    fold_spelling,
    is_blank,
    local,
    names_of,
)
from ckmkit.exercises.records import GradedNotebook, Submission, describe_error

ROOT = Path(__file__).resolve().parents[2]


def test_local_follows_the_language_and_falls_back_to_english():
    name = {"en": "customer name", "zh": "客户姓名"}
    assert local(name) == "customer name"
    with ckmkit.language("zh"):
        assert local(name) == "客户姓名"
        assert local({"en": "only English"}) == "only English"
    assert local(name, lang="zh") == "客户姓名" and local(None) == "" and local("plain") == "plain"
    assert names_of(name) == ["customer name", "客户姓名"] and names_of("Data") == ["Data"]


def test_answer_shapes():
    assert is_blank(...) and is_blank(None) and not is_blank(0) and not is_blank([])
    assert as_mapping(pd.Series({"C1": "A", "C2": "F"})) == {"C1": "A", "C2": "F"}
    assert as_mapping([("name", "A")]) == {"name": "A"} and as_mapping(["A", "F"]) is None
    assert as_mapping(pd.DataFrame({"x": [1]})) is None  # a table is not item -> label pairs
    assert as_sequence(np.array(["b", "a"])) == ["b", "a"] and as_sequence({"a": 1}) is None
    assert as_set(pd.Series(["C1", "C1", "C2"])) == {"C1", "C2"} and as_set({"a": 1}) is None


def test_the_two_spelling_rules_differ_only_inside_the_text():
    for typed in ("  Knowledge Discovery", "KNOWLEDGE DISCOVERY "):
        assert caseless(typed) == "knowledge discovery" == fold_spelling(typed)
    assert caseless("knowledge-discovery") == "knowledge-discovery"      # ids stay exact
    assert fold_spelling("knowledge-discovery") == "knowledge discovery"  # typed names fold
    assert fold_spelling("Knowledge_Discovery") == fold_spelling("knowledge  discovery")
    assert fold_spelling("organized") == "organised" and caseless("Organized") == "organized"
    assert caseless(7) == 7 and fold_spelling(None) is None


def test_points_are_shown_without_trailing_zeros():
    assert [format_points(x) for x in (2.0, 0.5, 2 / 3, 15.0)] == ["2", "0.5", "0.67", "15"]


def test_graded_notebook_sums_its_results_and_describes_cell_errors():
    sub = Submission("li_na", Path("li_na.ipynb"), "00-start-here", "zh")
    g = GradedNotebook(sub, [Feedback("start.crm_origin", 1.0, 1.0, "correct", ""),
                             Feedback("start.km_history", 4 / 3, 2.0, "partial", "")])
    assert (g.points, g.max_points) == (2.3333, 3.0)
    with ckmkit.language("zh"):
        text = describe_error({"cell": 0, "ename": "CellTimeout", "evalue": "", "seconds": 5.0})
    assert text.startswith("第 1 个单元格") and "5" in text


def test_every_section_module_declares_its_section():
    for section, module in SECTIONS.items():
        importlib.import_module(module)
        assert exercises(section), section


@pytest.mark.parametrize("code", [
    "import ckmkit.exercises as e; print(e.check('start.crm_origin', 'a').status)",
    "from ckmkit.exercises import check; print(check('network.most_ties', ...).status)",
])
def test_a_fresh_kernel_finds_a_section_by_its_id_alone(code):
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         check=True).stdout.strip()
    assert out == ("correct" if "crm_origin" in code else "not_answered")
