"""The report's HTML: one self-contained page, every value from the data escaped.

No script, no stylesheet or font from elsewhere: figures are inline PNG, the style is
inline CSS, so the page opens offline and requests nothing from any host.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from typing import Any

from ..i18n import t
from ..plotting import figure_png
from ..tables import readable

# The Chinese fonts first on each system (Noto on Linux, YaHei on Windows, PingFang on macOS).
FONTS = '"Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
CSS = f"""
body {{ font-family: {FONTS}; max-width: 1100px; margin: 2em auto; padding: 0 1em;
       color: #333333; line-height: 1.5; }}
h1 {{ font-size: 1.6em; }} h2 {{ border-bottom: 2px solid #0072B2; padding-bottom: .2em; }}
p.how {{ background: #f3f7fb; border-left: 4px solid #0072B2; padding: .5em .8em; }}
p.chapter {{ color: #666666; font-size: .9em; }} p.note {{ color: #D55E00; }}
table {{ border-collapse: collapse; margin: .8em 0; font-size: .9em; }}
th, td {{ border: 1px solid #dddddd; padding: .25em .6em; text-align: right; }}
th {{ background: #f5f5f5; }} td:first-child, th:first-child {{ text-align: left; }}
img {{ max-width: 100%; height: auto; }} ul.lines {{ list-style: none; padding-left: 0; }}
"""
#: The notebook of each chapter, named in each section's "taught in" line.
NOTEBOOKS = {0: "00-start-here.ipynb", 2: "02-customer-value.ipynb", 4: "04-customer-networks.ipynb"}


@dataclass
class Section:
    """One section of the report: a heading, how to read it, its chapter and its body (HTML)."""

    key: str
    chapter: int
    body: str
    how_values: dict[str, str] | None = None

    def html(self, lang: str) -> str:
        """The section as HTML; its body is already escaped where it holds data."""
        notebook = f"notebooks/{lang}/{NOTEBOOKS[self.chapter]}"
        learn = t("report.learn_in", chapter=t(f"report.chapter_{self.chapter}"), notebook=notebook)
        how = t(f"report.how_{self.key}", **(self.how_values or {}))
        return (f'<section id="{self.key}">\n<h2>{escape(t(f"report.section_{self.key}"))}</h2>\n'
                f'<p class="how">{escape(how)}</p>\n<p class="chapter">{escape(learn)}</p>\n'
                f"{self.body}\n</section>")


def escape(value: Any) -> str:
    """Any value as HTML text: ``<``, ``>``, ``&`` and both quotes escaped."""
    return html.escape(str(value), quote=True)


def paragraph(text: str, kind: str = "") -> str:
    """A paragraph of escaped text; `kind` is its CSS class (``note`` for a warning)."""
    attribute = f' class="{kind}"' if kind else ""
    return f"<p{attribute}>{escape(text)}</p>"


def lines(items: list[str]) -> str:
    """Lines of escaped text as a plain list."""
    return '<ul class="lines">' + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def table(frame: Any, *, index: bool = True, digits: int = 2) -> str:
    """A DataFrame as an HTML table: headers in the reader's language, every cell escaped.

    Cells, index labels and headers go through :func:`escape` (quotes too) before pandas
    writes the table, which then escapes nothing twice.
    """
    shown = readable(frame)
    cells = shown.map(lambda value: _cell(value, digits))
    cells.columns = _escaped(shown.columns)
    cells.index = _escaped(shown.index)
    return cells.to_html(escape=False, index=index, border=0)


def _cell(value: Any, digits: int) -> str:
    """One cell as HTML text: numbers with separators, a dash when missing."""
    from ..quality import is_missing, is_real

    if is_missing(value):
        return "—"
    if is_real(value) and not float(value).is_integer():
        return f"{value:,.{digits}f}"
    return escape(value)


def _escaped(labels: Any) -> Any:
    """Index or column labels (one level or several) and their names, escaped."""
    import pandas as pd

    names = [None if name is None else escape(name) for name in labels.names]
    if isinstance(labels, pd.MultiIndex):
        return pd.MultiIndex.from_tuples([tuple(escape(v) for v in row) for row in labels], names=names)
    return pd.Index([escape(v) for v in labels], name=names[0])


def figure(fig: Any, alt: str) -> str:
    """A matplotlib figure as an inline PNG image (no file beside the page)."""
    data = base64.b64encode(figure_png(fig)).decode("ascii")
    return f'<img alt="{escape(alt)}" src="data:image/png;base64,{data}">'


def page(title: str, intro: list[str], sections: list[Section], lang: str) -> str:
    """The whole document: head with charset and style, contents, then each section."""
    code = "zh-CN" if lang == "zh" else "en"
    contents = "".join(f'<li><a href="#{s.key}">{escape(t(f"report.section_{s.key}"))}</a></li>'
                       for s in sections)
    body = "\n".join(s.html(lang) for s in sections)
    return (f'<!DOCTYPE html>\n<html lang="{code}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            f"<h1>{escape(title)}</h1>\n{lines(intro)}\n"
            f"<nav><h2>{escape(t('report.contents'))}</h2><ol>{contents}</ol></nav>\n"
            f"{body}\n<footer>{paragraph(t('report.made_by'))}</footer>\n</body>\n</html>\n")
