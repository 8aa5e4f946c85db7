"""Numbers with a tolerance, and a hint when the answer is off by a factor of 100.

Examples
--------
>>> numeric(0.8012, 0.8, abs_tol=0.01).status
'correct'
>>> numeric(80.1, 0.8, abs_tol=0.01).message
'Nearly: this looks like a percentage. Give it as a share between 0 and 1 (e.g. 0.25 for 25%).'
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any

from ..i18n import t
from ._common import malformed, not_answered
from .feedback import CORRECT, PARTIAL, WRONG, Feedback
from .reading import Text, is_blank, local

__all__ = ["numeric"]


def _as_number(answer: Any) -> float | None:
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        # numpy scalars register as numbers.Real; 0-d arrays expose .item()
        if hasattr(answer, "item") and getattr(answer, "size", 0) == 1:
            return _as_number(answer.item())
        return None
    return float(answer)


def _close(x: float, y: float, abs_tol: float, rel_tol: float) -> bool:
    return math.isclose(x, y, abs_tol=abs_tol, rel_tol=rel_tol)


def numeric(answer: Any, expected: float, *, abs_tol: float = 0.0, rel_tol: float = 1e-6,
            partial_tol: float | None = None, unit: Text | None = None,
            mistakes: Mapping[float, Text] | None = None, points: float = 1.0) -> Feedback:
    """Grade a number: full credit within tolerance, half within `partial_tol`.

    Parameters
    ----------
    answer : int, float or numpy scalar
        The student's number; ``...`` or ``None`` means not answered.
    expected : float
        The right value.
    abs_tol, rel_tol : float
        Absolute and relative tolerance for full credit, as in :func:`math.isclose`.
    partial_tol : float, optional
        Absolute distance that still earns half the points.
    unit : text, optional
        Shown in messages, e.g. ``{"en": "yuan", "zh": "元"}``.
    mistakes : mapping, optional
        Known wrong answers (matched with `abs_tol` and `rel_tol`) → what went
        wrong, for a more specific message than "too high" or "too low".
    points : float, default 1
        Points for a number within tolerance.

    Examples
    --------
    >>> numeric(102, 100, abs_tol=1, partial_tol=5, points=2).points
    1.0
    >>> numeric("0.8", 0.8).status
    'malformed'
    >>> numeric(float("nan"), 0.8).message
    'The answer is NaN (not a number); check the calculation for empty or missing values.'
    >>> numeric(0.8, 0.804, abs_tol=0.001, mistakes={0.8: "That is the rule of thumb."}).message
    'That is the rule of thumb.'
    """
    if is_blank(answer):
        return not_answered(points, "numeric")
    value = _as_number(answer)
    if value is None:
        key = "numeric.text" if isinstance(answer, str) else "numeric.not_number"
        return malformed(points, "numeric", key, type=type(answer).__name__, value=answer)
    if math.isnan(value):
        return malformed(points, "numeric", "numeric.nan")
    if _close(value, expected, abs_tol, rel_tol):
        shown = f"{value:g} {local(unit)}" if unit else f"{value:g}"
        return Feedback("", float(points), float(points), CORRECT,
                        t("exercises.numeric.right", value=shown), (), "numeric")
    return _not_right(value, expected, abs_tol, rel_tol, partial_tol, mistakes, points)


def _not_right(value: float, expected: float, abs_tol: float, rel_tol: float,
               partial_tol: float | None, mistakes: Mapping[float, Text] | None,
               points: float) -> Feedback:
    """Feedback on a number outside the tolerance: a known slip, nearly, a percentage, or too high/low."""
    for wrong, why in (mistakes or {}).items():
        if _close(value, wrong, abs_tol, rel_tol):
            return Feedback("", 0.0, float(points), WRONG, local(why), (), "numeric")
    if partial_tol is not None and abs(value - expected) <= partial_tol:
        return Feedback("", points / 2, float(points), PARTIAL,
                        t("exercises.numeric.close"), (), "numeric")
    # Right, but as a percentage: only a share (between 0 and 1) can be given as one.
    if 0 < abs(expected) <= 1 and _close(value / 100, expected, abs_tol, max(rel_tol, 1e-3)):
        return malformed(points, "numeric", "numeric.percent")
    hint = "numeric.too_high" if value > expected else "numeric.too_low"
    return Feedback("", 0.0, float(points), WRONG, t(f"exercises.{hint}"), (), "numeric")
