"""Every chapter exists in both languages with identical code, committed without outputs."""

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
CHAPTERS = sorted(p.name for p in (NOTEBOOKS / "en").glob("*.ipynb"))
HAN = re.compile(r"[\u4e00-\u9fff]")


def _cells(lang: str, name: str, kind: str) -> list[str]:
    cells = json.loads((NOTEBOOKS / lang / name).read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]).strip() for c in cells if c["cell_type"] == kind]


def test_the_same_chapters_exist_in_both_languages():
    assert CHAPTERS and CHAPTERS[0] == "00-start-here.ipynb"
    assert CHAPTERS == sorted(p.name for p in (NOTEBOOKS / "zh").glob("*.ipynb"))


@pytest.mark.parametrize("name", CHAPTERS)
def test_code_cells_are_identical(name):
    # What a cell prints is translated with ckmkit.text(en, zh), never by changing the code.
    assert _cells("en", name, "code") == _cells("zh", name, "code")


@pytest.mark.parametrize("name", CHAPTERS)
def test_first_code_cell_sets_up_the_language(name):
    assert "ckmkit.setup()" in _cells("en", name, "code")[0]


@pytest.mark.parametrize("name", CHAPTERS)
def test_prose_is_written_in_each_language(name):
    zh, en = _cells("zh", name, "markdown"), _cells("en", name, "markdown")
    assert len(zh) == len(en)
    assert all(HAN.search(text) for text in zh), "a Chinese markdown cell has no Chinese"
    assert sum(bool(HAN.search(text)) for text in en) <= len(en) // 3


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", CHAPTERS)
def test_committed_without_outputs(lang, name):
    cells = json.loads((NOTEBOOKS / lang / name).read_text(encoding="utf-8"))["cells"]
    assert not any(c.get("outputs") for c in cells if c["cell_type"] == "code")
