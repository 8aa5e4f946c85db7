"""Every chapter exists in both languages as one program (text translated), without outputs."""

import json
import re
from pathlib import Path

import pytest

from ckmkit.i18n import same_code

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
def test_code_cells_are_the_same_program(name):
    en, zh = _cells("en", name, "code"), _cells("zh", name, "code")
    assert len(en) == len(zh)
    for i, (a, b) in enumerate(zip(en, zh)):
        assert same_code(a, b), f"code cell {i} differs beyond translated text:\n{a}\n---\n{b}"


def test_same_code_allows_only_translated_text():
    assert same_code('print("repeat buyers:", n)', 'print("再次购买的客户：", n)')
    assert not same_code('print("repeat buyers:", n)', 'print("buyers:", n)')  # not a translation
    assert same_code('df["revenue"]', 'df["收入"]')  # allowed; running the notebook would catch it
    assert not same_code("x = f(1)", "x = f(2)")


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
