"""No graded reference, and no code that computes one, is in the wheel or the student notebooks.

The references come from the key pack that ``ckmkit exercises keys`` writes by running the
sources; the wheel is built the way ``tests/test_packaging.py`` builds it. Each reference is
looked for in the forms a leak would take: its repr and rounded forms for a number (and as
a percentage), the assignment of the solution for a choice, and every line of the graded
exercises' solutions.
"""

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from ckmkit.exercises import get
from ckmkit.exercises.keys import build_keys
from ckmkit.exercises.student import build, find_sources, solution_blocks

ROOT = Path(__file__).resolve().parents[2]
CHECK = re.compile(r"""check\(\s*["']([\w.]+)["']""")

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("packaging")]


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """(name, text) of every file of the wheel and every student notebook, and the key pack."""
    tmp = tmp_path_factory.mktemp("leak")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "-w", str(tmp / "dist"), str(ROOT)], check=True)
    files = []
    with zipfile.ZipFile(next((tmp / "dist").glob("ckmkit-*.whl"))) as wheel:
        files += [(n, wheel.read(n).decode("utf-8", "ignore")) for n in wheel.namelist()]
    files += [(str(p), p.read_text(encoding="utf-8")) for p in build(ROOT / "exercises", tmp / "student")]
    build_keys(ROOT / "exercises", tmp / "keys")
    keys = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (tmp / "keys").glob("*.json")}
    return files, {k: v for k, v in keys.items() if k != "pack" and v["kind"] != "open"}


def _forms(reference):
    """How a number could be written down: repr, rounded, as a percentage."""
    x = float(reference)
    forms = {repr(reference), f"{x:.6f}", f"{x:.5f}", f"{x:.4f}"}
    if 0 < x < 1:
        forms |= {f"{x:.3f}", f"{x * 100:.2f}", f"{x * 100:.1f}%"}
    return forms


def _solution_lines():
    """Every line of every graded exercise's solution, in the sources."""
    lines = set()
    for path in find_sources(ROOT / "exercises"):
        cells = nbformat.read(path, 4).cells
        for i, cell in enumerate(cells):
            later = " ".join(c.source for c in cells[i + 1: i + 2])
            if any(get(ex).graded for ex in CHECK.findall(later)):
                lines |= {ln.strip() for b in solution_blocks(cell.source) for ln in b.splitlines()}
    return {ln for ln in lines if len(ln) > 6}


def test_every_graded_exercise_has_a_reference(shipped):
    _, keys = shipped
    assert set(keys) == {"start.graded_cost_ratio",
                         "concepts.graded_ckm_goal", "value.graded_top20_share",
                         "knowledge.graded_top_kind", "network.graded_single_contact"}
    assert all(key["reference"] is not None for key in keys.values())


def test_no_number_of_a_graded_reference_is_shipped(shipped):
    files, keys = shipped
    found = []
    for ex_id, key in keys.items():
        reference = key["reference"]
        if isinstance(reference, float):
            for name, text in files:
                data_file = name.endswith(".csv")  # bundled data: only the full-precision forms count
                for form in _forms(reference):
                    pattern = rf"(?<![\d.]){re.escape(form)}(?!\d)"
                    if (not data_file or len(form) > 8) and re.search(pattern, text):
                        found.append((ex_id, form, name))
        elif isinstance(reference, int):
            for name, text in files:
                declares = name.endswith(("exercises.py", ".ipynb"))  # where a key would sit
                if declares and re.search(rf"(?<![\w.]){reference}(?![\w.])", text):
                    found.append((ex_id, reference, name))
    assert found == []


def test_no_solution_of_a_graded_exercise_is_shipped(shipped):
    files, _ = shipped
    lines = _solution_lines()
    assert 'ckm_goal = "b"' in lines and len(lines) >= 7
    assert [(line, name) for name, text in files for line in lines if line in text] == []
