"""The result of checking one answer: points, a status and a kind message.

A :class:`Feedback` renders as a coloured card in a notebook
(``_repr_html_``) and as plain text everywhere else (``str``). Messages are
already translated into the language that was current when the answer was
checked.

Examples
--------
>>> fb = Feedback("demo.q1", points=1.0, max_points=2.0, status=PARTIAL,
...               message="Half right.")
>>> print(fb)
[demo.q1] partial · 1/2 points
Half right.
>>> fb.fraction
0.5
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from ..i18n import t

__all__ = [
    "CORRECT",
    "PARTIAL",
    "WRONG",
    "NOT_ANSWERED",
    "MALFORMED",
    "SUBMITTED",
    "PENDING",
    "STATUSES",
    "Detail",
    "Feedback",
    "format_points",
]

CORRECT = "correct"
PARTIAL = "partial"
WRONG = "wrong"
NOT_ANSWERED = "not_answered"
MALFORMED = "malformed"
#: A graded exercise's answer has the right format; the instructor grades it with the key pack.
SUBMITTED = "submitted"
#: Batch grading could not score it yet: a graded exercise without the key pack, an open answer
#: without a manual score.
PENDING = "pending"
#: Every status a check can report, best first.
STATUSES: tuple[str, ...] = (CORRECT, PARTIAL, WRONG, NOT_ANSWERED, MALFORMED, SUBMITTED, PENDING)

_COLOURS = {
    CORRECT: ("#e8f5e9", "#2e7d32"),
    PARTIAL: ("#fff8e1", "#b26a00"),
    WRONG: ("#ffebee", "#c62828"),
    NOT_ANSWERED: ("#e3f2fd", "#1565c0"),
    MALFORMED: ("#f3e5f5", "#6a1b9a"),
    SUBMITTED: ("#e0f2f1", "#00695c"),
    PENDING: ("#eceff1", "#455a64"),
}
_ICONS = {CORRECT: "✔", PARTIAL: "◐", WRONG: "✘", NOT_ANSWERED: "✎", MALFORMED: "⚠", SUBMITTED: "✉",
          PENDING: "⏳"}


def format_points(x: float) -> str:
    """Points as students see them: rounded to hundredths, without trailing zeros.

    Parameters
    ----------
    x : float
        A number of points.

    Returns
    -------
    str
        ``"1"`` for 1.0, ``"0.25"`` for 0.25, ``"0.33"`` for 1/3.

    Examples
    --------
    >>> format_points(1.0), format_points(0.25), format_points(1 / 3), format_points(12.5)
    ('1', '0.25', '0.33', '12.5')
    """
    return f"{round(x, 2):g}"


@dataclass(frozen=True)
class Detail:
    """Feedback on one item of an answer (one row of a classification, ...).

    Parameters
    ----------
    item : str
        The item as the student sees it (already translated).
    status : str
        One of :data:`STATUSES`.
    message : str
        What to say about this item (a rationale, a hint).
    given : str, optional
        The student's answer for this item, as text.

    Examples
    --------
    >>> name = Detail("customer name", CORRECT, "A fact about the customer.", given="A")
    >>> talk = Detail("dialogue", WRONG, "Knowledge made together.", given="R")
    >>> print(Feedback("demo.types", 1.0, 2.0, PARTIAL, "One of two right.", (name, talk)))
    [demo.types] partial · 1/2 points
    One of two right.
      ✔ customer name (A): A fact about the customer.
      ✘ dialogue (R): Knowledge made together.
    >>> talk.to_dict()
    {'item': 'dialogue', 'status': 'wrong', 'message': 'Knowledge made together.', 'given': 'R'}
    """

    item: str
    status: str
    message: str = ""
    given: str = ""

    def to_dict(self) -> dict[str, str]:
        """Plain-JSON form."""
        return {"item": self.item, "status": self.status, "message": self.message,
                "given": self.given}


@dataclass(frozen=True)
class Feedback:
    """Points and a specific, kind message for one checked answer.

    Parameters
    ----------
    exercise : str
        Exercise id, e.g. ``"value.top20_share"``.
    points, max_points : float
        Points earned and available.
    status : str
        ``correct``, ``partial``, ``wrong``, ``not_answered``, ``malformed``, ``submitted``
        (a graded exercise in the right format) or ``pending`` (not scored yet).
    message : str
        The headline message, in the reader's language.
    details : tuple of Detail
        Per-item feedback, possibly empty.
    kind : str
        The kind of check (``classification``, ``numeric``, ...).

    Examples
    --------
    >>> import ckmkit
    >>> fb = Feedback("demo.q2", points=0.0, max_points=1.0, status=WRONG, message="Not quite.")
    >>> fb.correct, fb.fraction, fb.status_label()
    (False, 0.0, 'not yet')
    >>> with ckmkit.language("zh"):
    ...     fb.status_label()
    '还不对'
    """

    exercise: str
    points: float
    max_points: float
    status: str
    message: str
    details: tuple[Detail, ...] = field(default_factory=tuple)
    kind: str = ""

    @property
    def fraction(self) -> float:
        """Share of the available points earned, between 0 and 1."""
        return self.points / self.max_points if self.max_points else 0.0

    @property
    def correct(self) -> bool:
        """True when every point was earned."""
        return self.status == CORRECT

    def with_exercise(self, exercise: str, max_points: float) -> Feedback:
        """Return a copy scaled to `max_points` and labelled with `exercise`.

        Parameters
        ----------
        exercise : str
            The exercise id, ``"<section>.<name>"``.
        max_points : float
            The exercise's points; the feedback's share of its own maximum is kept.

        Examples
        --------
        >>> Feedback("", 0.5, 1.0, PARTIAL, "m").with_exercise("x.y", 4).points
        2.0
        """
        scale = max_points / self.max_points if self.max_points else 0.0
        return Feedback(exercise, round(self.points * scale, 4), float(max_points),
                        self.status, self.message, self.details, self.kind)

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form, used by batch grading."""
        return {
            "exercise": self.exercise, "points": self.points, "max_points": self.max_points,
            "status": self.status, "kind": self.kind, "message": self.message,
            "details": [d.to_dict() for d in self.details],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Feedback:
        """Inverse of :meth:`to_dict`.

        Examples
        --------
        >>> fb = Feedback("a.b", 1.0, 1.0, CORRECT, "ok", (Detail("x", CORRECT),))
        >>> Feedback.from_dict(fb.to_dict()) == fb
        True
        """
        details = tuple(Detail(**d) for d in data.get("details", ()))
        return cls(data["exercise"], float(data["points"]), float(data["max_points"]),
                   data["status"], data["message"], details, data.get("kind", ""))

    def _points_text(self) -> str:
        if self.status in (SUBMITTED, PENDING):  # no points yet: say what the answer is worth
            return t("exercises.points_later", max=format_points(self.max_points))
        return t("exercises.points", points=format_points(self.points),
                 max=format_points(self.max_points))

    def status_label(self) -> str:
        """The status in the current language."""
        return t(f"exercises.status.{self.status}")

    def __str__(self) -> str:
        lines = [f"[{self.exercise}] {self.status_label()} · {self._points_text()}", self.message]
        for d in self.details:
            given = f" ({d.given})" if d.given else ""
            lines.append(f"  {_ICONS.get(d.status, '·')} {d.item}{given}: {d.message}".rstrip(": "))
        return "\n".join(line for line in lines if line)

    def _repr_html_(self) -> str:
        bg, fg = _COLOURS.get(self.status, ("#eeeeee", "#333333"))
        esc = html.escape
        rows = "".join(
            f"<tr><td style='color:{_COLOURS.get(d.status, (bg, fg))[1]}'>"
            f"{_ICONS.get(d.status, '·')}</td><td>{esc(d.item)}</td>"
            f"<td>{esc(d.given)}</td><td>{esc(d.message)}</td></tr>"
            for d in self.details
        )
        table = (
            f"<table style='margin-top:.4em;border-collapse:collapse'>"
            f"<tr><th></th><th>{esc(t('exercises.col.item'))}</th>"
            f"<th>{esc(t('exercises.col.given'))}</th>"
            f"<th>{esc(t('exercises.col.feedback'))}</th></tr>{rows}</table>"
            if rows else ""
        )
        points = self._points_text()
        return (
            f"<div class='ckmkit-feedback ckmkit-{self.status}' style='background:{bg};"
            f"border-left:4px solid {fg};padding:.5em .8em;margin:.3em 0'>"
            f"<strong style='color:{fg}'>{_ICONS.get(self.status, '')} "
            f"{esc(self.status_label())}</strong> · {esc(points)} "
            f"<code>{esc(self.exercise)}</code><div>{esc(self.message)}</div>{table}</div>"
        )
