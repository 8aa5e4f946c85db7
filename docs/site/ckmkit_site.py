"""Sphinx extension for the course site: the language switch.

Every page gets ``ckmkit_other_url``, the same page in the other language
(English and Chinese pages share file names). Widgets arrive as still pictures
(see ``ckmkit.widgets.static``).
"""

from __future__ import annotations


def _page_context(app, pagename, templatename, context, doctree):
    lang = app.config.html_context.get("ckmkit_lang", "en")
    other = "zh" if lang == "en" else "en"
    depth = pagename.count("/")
    context["ckmkit_other_lang"] = other
    context["ckmkit_other_label"] = "中文" if other == "zh" else "English"
    context["ckmkit_other_url"] = "../" * (depth + 1) + f"{other}/{pagename}.html"
    context["ckmkit_home_url"] = "../" * (depth + 1) + "index.html"


def setup(app):
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
