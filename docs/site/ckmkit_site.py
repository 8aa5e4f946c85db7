"""Sphinx extension for the course site: the interface in the page's language.

Every page gets ``ckmkit_ui`` (the site's own interface text in the build's language: search
box, contents, download button, footer), ``ckmkit_other_url`` (the same page in the other
language; English and Chinese pages share file names) and, on a chapter page,
``ckmkit_notebook_url``: the chapter's notebook in the page's language, copied into the
site so it downloads offline. Widgets arrive as still pictures (see
``ckmkit.widgets.static``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ckmkit import __version__

#: Where each chapter's notebook is copied, inside one language's site.
NOTEBOOKS = "notebooks"

CITATION = (f"ckmkit contributors. ckmkit: CRM vs customer knowledge management, a bilingual course "
            f"and research kit (English / 简体中文). Version {__version__}.")

#: The site's own interface text; Sphinx and the theme translate theirs from ``language``.
UI = {
    "en": {
        "title": "CRM vs customer knowledge management: the course",
        "author": "ckmkit contributors",
        "search": "Search the course…",
        "contents": "Contents",
        "other_label": "中文",
        "other_title": "This page in Chinese",
        "download": "Download notebook",
        "download_title": "Download this chapter as a Jupyter notebook (.ipynb) to run it in JupyterLab",
        "licence": f"ckmkit {__version__} is released under the MIT licence; each bundled data set "
                   "keeps the licence in its data card (CDNOW: free for research and teaching); the "
                   "Chinese web font, Noto Sans SC, is under the SIL Open Font License.",
        "cite": "How to cite:",
        "citation": CITATION,
        "toggle_chapters": "Show or hide the chapters",
        "toggle_contents": "Show or hide this page's contents",
        "color_mode": "Light or dark",
        "system_mode": "Match the system",
        "nav_chapters": "Chapters",
        "print_contents": "This page's contents",
    },
    "zh": {
        "title": "客户关系管理与客户知识管理：课程",
        "author": "ckmkit 贡献者",
        "search": "搜索本课程…",
        "contents": "本页目录",
        "other_label": "English",
        "other_title": "本页的英文版",
        "download": "下载笔记本",
        "download_title": "将本章下载为 Jupyter 笔记本（.ipynb），在 JupyterLab 中运行",
        "licence": f"ckmkit {__version__} 版以 MIT 许可证发布；随附的各数据集沿用其数据卡中注明的许可"
                   "（CDNOW：可免费用于研究与教学）；中文网页字体 Noto Sans SC 采用 SIL 开放字体许可证。",
        "cite": "引用方式：",
        "citation": CITATION,
        "toggle_chapters": "显示或隐藏章节列表",
        "toggle_contents": "显示或隐藏本页目录",
        "color_mode": "浅色或深色",
        "system_mode": "跟随系统",
        "nav_chapters": "章节",
        "print_contents": "本页目录",
    },
}


def _page_context(app, pagename, templatename, context, doctree):
    """Give the templates the language switch, the notebook download and the interface text."""
    lang = app.config.html_context.get("ckmkit_lang", "en")
    other = "zh" if lang == "en" else "en"
    up = "../" * pagename.count("/")
    context["ckmkit_ui"] = UI[lang]
    context["ckmkit_other_lang"] = other
    context["ckmkit_other_label"] = UI[lang]["other_label"]
    context["ckmkit_other_url"] = f"{up}../{other}/{pagename}.html"
    if context.get("page_source_suffix") == ".ipynb":
        context["ckmkit_notebook_url"] = f"{up}{NOTEBOOKS}/{pagename}.ipynb"


def _copy_notebooks(app, exception):
    """Put each chapter's notebook (code and text, no outputs) next to its page."""
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / NOTEBOOKS
    target.mkdir(exist_ok=True)
    for docname in app.env.found_docs:
        source = Path(app.srcdir) / f"{docname}.ipynb"
        if source.is_file():
            copy = target / f"{docname}.ipynb"
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, copy)


def setup(app):
    """Register the page context and the notebook copies with Sphinx."""
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _copy_notebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
