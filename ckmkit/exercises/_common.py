"""What the ready graders share and no chapter needs: the two early answers, and a preview.

Examples
--------
>>> listing(["a", "b"])
'a, b'
>>> not_answered(2, "numeric").status
'not_answered'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..i18n import t
from .feedback import MALFORMED, NOT_ANSWERED, Feedback


def not_answered(points: float, kind: str) -> Feedback:
    """The kind "not answered yet" result."""
    return Feedback("", 0.0, float(points), NOT_ANSWERED, t("exercises.not_answered"), (), kind)


def malformed(points: float, kind: str, key: str, **values: Any) -> Feedback:
    """A zero-point result explaining what is wrong with the answer's shape."""
    return Feedback("", 0.0, float(points), MALFORMED, t(f"exercises.{key}", **values), (), kind)


def listing(values: Iterable[Any], limit: int = 8) -> str:
    """Comma-separated preview of `values` for a message.

    Examples
    --------
    >>> listing(["a", "b"]), listing(range(12), limit=3)
    ('a, b', '0, 1, 2, …')
    """
    values = list(values)
    text = ", ".join(str(v) for v in values[:limit])
    return text + (", …" if len(values) > limit else "")
