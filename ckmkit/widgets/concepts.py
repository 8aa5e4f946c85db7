"""Chapter 1 widgets: a reusable quiz (choice / matching / ordering) and a CRM ↔ CKM explorer.

Examples
--------
>>> from ckmkit.widgets.concepts import Quiz, ComparisonExplorer
>>> quiz = Quiz("concepts.customer_role")
>>> quiz.controls[0].value = "b"
>>> quiz.check_button.click()
>>> quiz.feedback.status
'correct'
>>> explorer = ComparisonExplorer()
>>> explorer.dimension.value = "customer_role"
>>> "partner" in explorer.view.value
True
"""

from __future__ import annotations

import html
import random
from dataclasses import replace
from functools import reduce

import ipywidgets as widgets

from .. import concepts
from ..concepts.exercises import quiz_spec
from ..content import localise
from ..exercises import check
from ..exercises.feedback import MALFORMED, NOT_ANSWERED, Detail
from ..i18n import t
from .static import StaticView

__all__ = ["Quiz", "quiz", "ComparisonExplorer", "comparison_explorer"]


class Quiz(StaticView, widgets.VBox):
    """One question from :data:`ckmkit.concepts.exercises.QUIZZES`, graded by ``check``.

    Parameters
    ----------
    exercise_id : str
        E.g. ``"concepts.four_p_four_c"`` (matching), ``"concepts.order_apqc"``
        (ordering) or ``"concepts.customer_role"`` (multiple choice).
    seed : int, default 0
        Order in which choices are offered (shuffled, deterministic).
    spec : dict, optional
        A question of another chapter, in the same shape as the entries of
        ``QUIZZES`` (``kind``, ``prompt`` and ``options`` / ``left`` + ``right`` /
        ``steps``); by default it is looked up in ``QUIZZES``.

    Attributes
    ----------
    controls : list of widgets
        Radio buttons (choice), one dropdown per left item (matching) or one
        dropdown per position (ordering).
    check_button, reset_button : ipywidgets.Button
    result : ipywidgets.HTML
        The feedback card after Check.
    feedback : Feedback or None
    """

    def __init__(self, exercise_id: str, seed: int = 0, spec: dict | None = None) -> None:
        self.exercise_id = exercise_id
        self.spec = quiz_spec(exercise_id) if spec is None else spec
        self._rng = random.Random(seed)
        self.controls = getattr(self, f"_build_{self.spec['kind']}")()
        self.check_button = widgets.Button(description=t("concepts.check"), button_style="primary")
        self.reset_button = widgets.Button(description=t("concepts.reset"))
        self.result = widgets.HTML("")
        self.feedback = None
        self.check_button.on_click(lambda _: self.check())
        self.reset_button.on_click(lambda _: self.reset())
        prompt = widgets.HTML(f"<b>{html.escape(localise(self.spec['prompt']))}</b>")
        super().__init__([prompt, *self._rows(), widgets.HBox([self.check_button, self.reset_button]),
                          self.result])

    def _shuffled(self, mapping: dict) -> list[tuple[str, str]]:
        pairs = [(localise(text), key) for key, text in mapping.items()]
        self._rng.shuffle(pairs)
        return pairs

    def _build_choice(self) -> list:
        return [widgets.RadioButtons(options=self._shuffled(self.spec["options"]), value=None,
                                     layout=widgets.Layout(width="auto"))]

    def _build_matching(self) -> list:
        options = [(t("concepts.choose"), None), *self._shuffled(self.spec["right"])]
        return [widgets.Dropdown(options=options, value=None, description=localise(text),
                                 style={"description_width": "10em"}) for text in self.spec["left"].values()]

    def _build_ordering(self) -> list:
        options = [(t("concepts.choose"), None), *self._shuffled(self.spec["steps"])]
        return [widgets.Dropdown(options=options, value=None, description=f"{k + 1}.")
                for k in range(len(self.spec["steps"]))]

    def _rows(self) -> list:
        return self.controls

    def answer(self):
        """The current answer in the shape the exercise expects (``...`` if nothing chosen)."""
        values = [c.value for c in self.controls]
        if all(v is None for v in values):
            return ...
        if self.spec["kind"] == "choice":
            return values[0]
        if self.spec["kind"] == "matching":
            return {k: v for k, v in zip(self.spec["left"], values, strict=True) if v is not None}
        return [v for v in values if v is not None]

    def check(self):
        """Grade the current answer and show the feedback card.

        A widget has no cell to edit, so an empty answer, an empty ordering slot or a
        step chosen twice get a message about the controls, with slot numbers kept.
        """
        answer = self.answer()
        feedback = check(self.exercise_id, answer)
        if answer is ...:
            feedback = replace(feedback, message=t("concepts.quiz_nothing_chosen"))
        elif self.spec["kind"] == "ordering":
            feedback = self._slot_problems(feedback)
        self.feedback = feedback
        self.result.value = feedback._repr_html_()
        return feedback

    def _slot_problems(self, feedback):
        """Feedback naming empty and repeated slots by their own numbers (1-based)."""
        values = [c.value for c in self.controls]
        empty = [str(i + 1) for i, v in enumerate(values) if v is None]
        repeated = sorted({v for v in values if v is not None and values.count(v) > 1}, key=values.index)
        if not empty and not repeated:
            return feedback
        names = {key: localise(text) for key, text in self.spec["steps"].items()}
        sep = t("concepts.quiz_slot_separator")
        problems = [t("concepts.quiz_empty_slots", slots=sep.join(empty), n=len(empty))] if empty else []
        problems += [t("concepts.quiz_repeated_step", step=names[v],
                       slots=sep.join(str(i + 1) for i, w in enumerate(values) if w == v))
                     for v in repeated]
        details = tuple(Detail(f"{i + 1}.", NOT_ANSWERED, t("concepts.quiz_slot_empty")) if v is None
                        else Detail(f"{i + 1}. {names[v]}", "")  # not graded until every slot is filled
                        for i, v in enumerate(values))
        message = reduce(lambda a, b: t("exercises.sentences", first=a, then=b), problems)
        return replace(feedback, status=MALFORMED, message=message, details=details)

    def reset(self) -> None:
        """Clear every control and the feedback."""
        for control in self.controls:
            control.value = None
        self.result.value = ""
        self.feedback = None


def quiz(exercise_id: str, seed: int = 0, spec: dict | None = None) -> Quiz:
    """A :class:`Quiz` for `exercise_id`: one question, checked in place.

    Parameters
    ----------
    exercise_id : str
        E.g. ``"concepts.customer_role"``; see :class:`Quiz`.
    seed : int, default 0
        Order in which choices are offered (shuffled, deterministic).
    spec : dict, optional
        A question of another chapter, in the shape of :class:`Quiz`'s `spec`.

    Examples
    --------
    >>> q = quiz("concepts.customer_role")
    >>> q.answer() is ...
    True
    """
    return Quiz(exercise_id, seed=seed, spec=spec)


class ComparisonExplorer(StaticView, widgets.VBox):
    """Pick a dimension of the CRM-vs-CKM comparison and see both sides and an example.

    Attributes
    ----------
    dimension : ipywidgets.ToggleButtons
        Value is a ``dimension_id`` from :func:`ckmkit.concepts.crm_vs_ckm`.
    view : ipywidgets.HTML
    """

    def __init__(self) -> None:
        table = concepts.crm_vs_ckm()
        self.dimension = widgets.ToggleButtons(options=list(zip(table["dimension"], table["dimension_id"])),
                                               value=table["dimension_id"].iloc[0])
        self.view = widgets.HTML("")
        self.dimension.observe(lambda change: self._show(change["new"]), names="value")
        self._show(self.dimension.value)
        super().__init__([widgets.HTML(f"<b>{html.escape(t('concepts.explorer_title'))}</b>"),
                          self.dimension, self.view])

    def _show(self, dimension_id: str) -> None:
        side = concepts.compare(dimension_id)
        esc = html.escape
        cell = "style='vertical-align:top;padding:.4em .8em;width:50%'"
        self.view.value = (
            f"<table style='border-collapse:collapse;width:100%'>"
            f"<tr><th {cell}>{esc(t('concepts.crm'))}</th><th {cell}>{esc(t('concepts.ckm'))}</th></tr>"
            f"<tr><td {cell}>{esc(side['crm'])}</td><td {cell}>{esc(side['ckm'])}</td></tr></table>"
            f"<p><i>{esc(t('concepts.example'))}:</i> {esc(side['example'])}</p>"
        )


def comparison_explorer() -> ComparisonExplorer:
    """A fresh :class:`ComparisonExplorer`."""
    return ComparisonExplorer()
