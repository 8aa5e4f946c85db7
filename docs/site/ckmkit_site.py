"""Sphinx extension for the course site: language switch and static widget notes.

- every page gets ``ckmkit_other_url``, the same page in the other language
  (English and Chinese pages share file names);
- a widget output, which cannot be live on a static page, is replaced by a
  note in the page's language saying it is interactive in JupyterLab, while
  the widget's static outputs (figures, tables) stay.
"""

from __future__ import annotations

from docutils import nodes

WIDGET_NOTE = {
    "en": "Interactive control: open this chapter in JupyterLab (make lab) to use it.",
    "zh": "交互控件：请在 JupyterLab 中打开本章（make lab）使用。",
}


def _page_context(app, pagename, templatename, context, doctree):
    lang = app.config.html_context.get("ckmkit_lang", "en")
    other = "zh" if lang == "en" else "en"
    depth = pagename.count("/")
    context["ckmkit_other_lang"] = other
    context["ckmkit_other_label"] = "中文" if other == "zh" else "English"
    context["ckmkit_other_url"] = "../" * (depth + 1) + f"{other}/{pagename}.html"
    context["ckmkit_home_url"] = "../" * (depth + 1) + "index.html"


def _widget_notes(app, doctree, docname):
    lang = app.config.html_context.get("ckmkit_lang", "en")
    for node in list(doctree.findall(nodes.container)):
        if node.get("mime_type") == "application/vnd.jupyter.widget-view+json":
            note = nodes.note("", nodes.paragraph(text=WIDGET_NOTE[lang]))
            node.replace_self(note)


def setup(app):
    app.connect("html-page-context", _page_context)
    app.connect("doctree-resolved", _widget_notes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
