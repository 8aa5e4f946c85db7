"""The card-sort widget, driven in-kernel by setting values and clicking."""

from __future__ import annotations

import ckmkit
from ckmkit.knowledge.grading import solution
from ckmkit.widgets.knowledge import STATUS_COLOURS, CardSort


def test_check_colours_items_and_shows_rationale():
    sort = CardSort()
    key = solution()
    for item, label in key.items():
        sort.dropdowns[item].value = label
    sort.dropdowns[17].value = "co-created"  # accepted alternative
    sort.dropdowns[4].value = "from"  # wrong
    sort.check_button.click()
    assert sort.feedback.status == "partial"
    assert "17 of 19 right" in sort.score.value
    assert STATUS_COLOURS["correct"] in sort.labels[1].value
    assert STATUS_COLOURS["partial"] in sort.labels[17].value
    assert STATUS_COLOURS["wrong"] in sort.labels[4].value
    assert "Prahalad" in sort.notes[17].value
    assert sort.notes[4].value and "Think again" in sort.notes[4].value


def test_unplaced_items_stay_neutral_and_empty_sort_is_not_answered():
    sort = CardSort()
    sort.check_button.click()
    assert sort.feedback.status == "not_answered"
    sort.dropdowns[1].value = "about"
    sort.check_button.click()
    assert STATUS_COLOURS["correct"] in sort.labels[1].value
    assert "inherit" in sort.labels[2].value and sort.notes[2].value.count(">") == 2


def test_reset_and_show_answer():
    sort = CardSort()
    sort.answer_button.click()
    assert sort.answer() == solution()
    assert sort.feedback.status == "correct"
    sort.reset_button.click()
    assert sort.answer() == {} and sort.score.value == "" and sort.feedback is None


def test_widget_speaks_chinese():
    with ckmkit.language("zh"):
        sort = CardSort()
        assert sort.check_button.description == "检查"
        assert "客户姓名" in sort.labels[1].value
        assert ("关于客户的知识", "about") in sort.dropdowns[1].options
