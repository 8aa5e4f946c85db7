"""Chapter 3 widget: the 19-item card sort with Check, Reset and Show answer.

One dropdown per item; "Check" grades the sort with
:func:`ckmkit.knowledge.grading.grade_card_sort`, shows the score, colours each
item (green right, amber defensible, red not yet) and shows its rationale.
Only ipywidgets' own controls are used, so nothing loads from a CDN.

Examples
--------
>>> from ckmkit.widgets.knowledge import CardSort
>>> from ckmkit.knowledge.grading import solution
>>> sort = CardSort()
>>> for item, label in solution().items():
...     sort.dropdowns[item].value = label
>>> sort.check_button.click()
>>> sort.feedback.status, "19 of 19 right" in sort.score.value
('correct', True)
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..exercises import get
from ..i18n import t
from ..knowledge.content import TYPES, card_sort_items, type_names
from ..knowledge.grading import grade_card_sort, solution
from .static import StaticView

__all__ = ["CardSort", "card_sort", "STATUS_COLOURS"]

#: Colour of an item after Check, by feedback status (Okabe-Ito, colour-blind safe).
STATUS_COLOURS = {"correct": "#009E73", "partial": "#E69F00", "wrong": "#D55E00", "malformed": "#D55E00"}


class CardSort(StaticView, widgets.VBox):
    """Sort the 19 items of S4 into the four customer-knowledge types.

    Attributes
    ----------
    dropdowns : dict of int -> ipywidgets.Dropdown
        One per item, value ``None`` (unsorted) or a type id.
    labels, notes : dict of int -> ipywidgets.HTML
        The item's name (coloured after Check) and its rationale.
    check_button, reset_button, answer_button : ipywidgets.Button
    score : ipywidgets.HTML
        Headline after Check.
    feedback : Feedback or None
        The last result of Check.
    """

    def __init__(self) -> None:
        items = card_sort_items()
        names = type_names()
        options = [(t("knowledge.choose_type"), None)] + [(names[k], k) for k in TYPES]
        self.dropdowns = {int(i): widgets.Dropdown(options=options, value=None,
                                                   layout=widgets.Layout(width="16em"))
                          for i in items["item_id"]}
        self.labels = {int(i): widgets.HTML(self._label(i, name))
                       for i, name in zip(items["item_id"], items["item"])}
        self.notes = {i: widgets.HTML("") for i in self.dropdowns}
        self._names = dict(zip(items["item_id"].astype(int), items["item"]))
        self.check_button = widgets.Button(description=t("knowledge.check"), button_style="primary")
        self.reset_button = widgets.Button(description=t("knowledge.reset"))
        self.answer_button = widgets.Button(description=t("knowledge.show_answer"))
        self.score = widgets.HTML("")
        self.feedback = None
        self.check_button.on_click(lambda _: self.check())
        self.reset_button.on_click(lambda _: self.reset())
        self.answer_button.on_click(lambda _: self.show_answer())
        rows = [widgets.HBox([self.labels[i], self.dropdowns[i], self.notes[i]]) for i in self.dropdowns]
        buttons = widgets.HBox([self.check_button, self.reset_button, self.answer_button])
        super().__init__([widgets.HTML(f"<b>{html.escape(t('knowledge.card_sort_title'))}</b>"), *rows,
                          buttons, self.score])

    @staticmethod
    def _label(item: int, name: str, colour: str = "inherit") -> str:
        return (f"<div style='width:16em;color:{colour}'>{int(item)}. {html.escape(str(name))}</div>")

    def answer(self) -> dict[int, str]:
        """The current sort, leaving out items not yet placed."""
        return {i: d.value for i, d in self.dropdowns.items() if d.value is not None}

    def check(self):
        """Grade the current sort, colour the items and show rationales.

        Points are those of the exercise ``knowledge.card_sort``, so the widget and
        ``check("knowledge.card_sort", ...)`` report the same score.
        """
        answer = self.answer()
        points = get("knowledge.card_sort").points
        fb = grade_card_sort(answer if answer else ..., points=points)
        self.feedback = fb
        by_item = {int(d.item.split(".", 1)[0]): d for d in fb.details}
        for i, name in self._names.items():
            detail = by_item.get(i)
            placed = self.dropdowns[i].value is not None
            colour = STATUS_COLOURS.get(detail.status, "inherit") if detail and placed else "inherit"
            self.labels[i].value = self._label(i, name, colour)
            text = detail.message if detail and placed else ""
            self.notes[i].value = f"<span style='color:{colour}'>{html.escape(text)}</span>"
        if not answer:  # the notebook's "replace the ..." does not apply to dropdowns
            self.score.value = (f"<div class='ckmkit-feedback ckmkit-{fb.status}'>"
                                f"{html.escape(t('knowledge.widget_empty'))}</div>")
            return fb
        right = sum(d.status == "correct" for d in fb.details
                    if self.dropdowns[int(d.item.split('.')[0])].value)
        headline = t("knowledge.score", right=right, n=len(self.dropdowns),
                     points=f"{round(fb.points, 2):g}", max=f"{points:g}")
        self.score.value = (f"<div class='ckmkit-feedback ckmkit-{fb.status}'>"
                            f"<b>{html.escape(headline)}</b> — {html.escape(fb.message)}</div>")
        return fb

    def reset(self) -> None:
        """Clear every dropdown, colour and note."""
        for i, d in self.dropdowns.items():
            d.value = None
            self.labels[i].value = self._label(i, self._names[i])
            self.notes[i].value = ""
        self.score.value = ""
        self.feedback = None

    def show_answer(self) -> None:
        """Fill in the key and check it, so every rationale is shown."""
        for i, label in solution().items():
            self.dropdowns[i].value = label
        self.check()


def card_sort() -> CardSort:
    """A fresh :class:`CardSort` widget (display it as a cell's last expression)."""
    return CardSort()
