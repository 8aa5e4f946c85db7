"""What batch grading produces: submissions, graded notebooks, and what went wrong in a cell.

:mod:`ckmkit.exercises.grading` fills these records and :mod:`ckmkit.exercises.report`
turns them into pages; both read them from here, so neither needs the other's module.

Examples
--------
>>> from pathlib import Path
>>> from ckmkit.exercises import Feedback
>>> sub = Submission("zhang_wei", Path("zhang_wei/00-start-here.ipynb"), "00-start-here", "zh")
>>> g = GradedNotebook(sub, [Feedback("start.crm_origin", 1.0, 1.0, "correct", "Right."),
...                          Feedback("start.front_end", 0.5, 2.0, "partial", "Nearly.")])
>>> g.points, g.max_points
(1.5, 3.0)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import t
from ._child import TIMEOUT
from .feedback import Feedback
from .runner import RunResult

__all__ = ["Submission", "GradedNotebook", "describe_error"]


@dataclass(frozen=True)
class Submission:
    """One submitted notebook: who, which file, which chapter, which language.

    Attributes
    ----------
    student : str
        The student's folder name (or the file's stem for a loose notebook).
    path : Path
        The notebook file.
    chapter : str or None
        The chapter it answers, e.g. ``"00-start-here"``; None when unknown.
    lang : str
        ``"en"`` or ``"zh"``: the language of its feedback.
    """

    student: str
    path: Path
    chapter: str | None
    lang: str


@dataclass
class GradedNotebook:
    """The grades of one submission, one :class:`~ckmkit.exercises.Feedback` per exercise.

    Attributes
    ----------
    submission : Submission
        The notebook graded.
    results : list of Feedback
        One per exercise, in the chapter's order.
    run : RunResult or None
        How the notebook ran (its failure and cell errors), if it was run.
    open_answers : dict of str to str
        Open answer id -> what the student wrote (for the manual-grading sheet).
    """

    submission: Submission
    results: list[Feedback] = field(default_factory=list)
    run: RunResult | None = None
    open_answers: dict[str, str] = field(default_factory=dict)

    @property
    def points(self) -> float:
        """Points earned, summed over the exercises."""
        return round(sum(fb.points for fb in self.results), 4)

    @property
    def max_points(self) -> float:
        """Points available, summed over the exercises."""
        return round(sum(fb.max_points for fb in self.results), 4)


def describe_error(err: dict) -> str:
    """What went wrong in one cell (an entry of ``RunResult.errors``), in the current language.

    Parameters
    ----------
    err : dict
        ``{"cell", "ename", "evalue"}``; a cell stopped after the cell timeout also
        has ``"seconds"`` and, when the kernel had to be restarted, ``"restarted"``.

    Returns
    -------
    str
        One sentence naming the cell as students count (from 1).

    Examples
    --------
    >>> describe_error({"cell": 2, "ename": "ZeroDivisionError", "evalue": "division by zero"})
    'Cell 3: ZeroDivisionError: division by zero'
    >>> describe_error({"cell": 2, "ename": "CellTimeout", "evalue": "", "seconds": 30.0})
    ... # doctest: +ELLIPSIS
    'Cell 3 was still running after ... and was stopped; look for a loop that never ends.'
    """
    if err["ename"] == TIMEOUT:
        key = "cell_restarted" if err.get("restarted") else "cell_timeout"
        return t(f"exercises.run.{key}", cell=err["cell"] + 1, seconds=f"{err.get('seconds', 0):g}")
    return t("exercises.grade.cell_problem", cell=err["cell"] + 1, ename=err["ename"],
             evalue=err["evalue"])
