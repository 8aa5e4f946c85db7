"""Self-contained feedback pages, one per student, in the submission's language.

No scripts, fonts or styles from elsewhere: the page opens offline and prints well.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

from ..i18n import language, t
from .feedback import format_points
from .records import GradedNotebook, describe_error

__all__ = ["safe_filename", "student_page", "write_feedback_pages"]

_STYLE = """body{font-family:system-ui,"Noto Sans SC","WenQuanYi Micro Hei",sans-serif;
max-width:60em;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em}
.problems{background:#fff3e0;border-left:4px solid #e65100;padding:.4em .8em}
.ckmkit-feedback table td,.ckmkit-feedback table th{padding:.15em .5em;text-align:left}"""


def safe_filename(name: str) -> str:
    """A file name for `name` that keeps Chinese characters but no path separators.

    Parameters
    ----------
    name : str
        A student's name or folder, as submitted.

    Examples
    --------
    >>> safe_filename("张伟/../x")
    '张伟_.._x'
    """
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name).strip(" .")
    return cleaned or "_"


def _section(g: GradedNotebook) -> str:
    esc = html.escape
    sub = g.submission
    total = t("exercises.grade.total", points=format_points(g.points), max=format_points(g.max_points))
    parts = [f"<h2>{esc(sub.path.name)} · {esc(total)}</h2>"]
    problems = []
    if g.run and g.run.failure:
        problems.append(esc(g.run.failure))
    for err in (g.run.errors if g.run else []):
        problems.append(esc(describe_error(err)))
    if problems:
        items = "".join(f"<li>{p}</li>" for p in problems)
        parts.append(f"<div class='problems'><strong>{esc(t('exercises.grade.run_problems'))}"
                     f"</strong><ul>{items}</ul></div>")
    parts += [fb._repr_html_() for fb in g.results]
    return "\n".join(parts)


def student_page(student: str, graded: Iterable[GradedNotebook]) -> str:
    """The HTML page for one student (language: that of their first submission).

    Parameters
    ----------
    student : str
        The student's name, shown in the title.
    graded : iterable of GradedNotebook
        The student's graded notebooks, one section each.

    Returns
    -------
    str
        A whole, self-contained HTML document.

    Examples
    --------
    >>> from pathlib import Path
    >>> from ckmkit.exercises import Feedback
    >>> from ckmkit.exercises.records import GradedNotebook, Submission
    >>> sub = Submission("王芳", Path("王芳/00-start-here.ipynb"), "00-start-here", "zh")
    >>> graded = GradedNotebook(sub, [Feedback("start.crm_origin", 1.0, 1.0, "correct", "")])
    >>> page = student_page("王芳", [graded])
    >>> page.startswith("<!DOCTYPE html>"), "<html lang='zh-CN'>" in page, "1/1" in page
    (True, True, True)
    """
    graded = list(graded)
    lang = graded[0].submission.lang if graded else "en"
    with language(lang):
        points = format_points(sum(g.points for g in graded))
        total = format_points(sum(g.max_points for g in graded))
        title = html.escape(t("exercises.grade.title", student=student))
        body = "\n".join(_section(g) for g in graded)
        summary = html.escape(t("exercises.grade.total", points=points, max=total))
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (f"<!DOCTYPE html>\n<html lang='{html_lang}'><head><meta charset='utf-8'>"
            f"<title>{title}</title><style>{_STYLE}</style></head><body>"
            f"<h1>{title}</h1><p><strong>{summary}</strong></p>{body}</body></html>\n")


def write_feedback_pages(graded: list[GradedNotebook], folder: Path) -> list[Path]:
    """Write ``<folder>/<student>.html`` for every student; return the paths.

    Parameters
    ----------
    graded : list of GradedNotebook
        Every graded notebook; a student's notebooks share one page.
    folder : Path
        Where the pages go (created if missing).

    Returns
    -------
    list of Path
        One page per student, sorted by student.

    Examples
    --------
    >>> import tempfile
    >>> from ckmkit.exercises.records import GradedNotebook, Submission
    >>> subs = [Submission(name, Path(f"{name}.ipynb"), None, "en") for name in ("li/x", "chen")]
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in write_feedback_pages([GradedNotebook(s) for s in subs], Path(tmp))]
    ['chen.html', 'li_x.html']
    """
    folder.mkdir(parents=True, exist_ok=True)
    by_student: dict[str, list[GradedNotebook]] = {}
    for g in graded:
        by_student.setdefault(g.submission.student, []).append(g)
    paths = []
    for student, items in sorted(by_student.items()):
        path = folder / f"{safe_filename(student)}.html"
        path.write_text(student_page(student, items), encoding="utf-8")
        paths.append(path)
    return paths
