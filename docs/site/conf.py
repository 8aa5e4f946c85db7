"""Sphinx configuration of the course site (one build per language; see build.py).

A book layout (sphinx-book-theme: chapters in a sidebar, the page's contents beside it,
readable on a phone), offline by construction: the theme's scripts, styles and icon font
are copied into ``_static``; a local Chinese web font; no widget JavaScript from a CDN
(widgets are shown as still pictures); no analytics, no external search, no external links
in templates. ``CKMKIT_SITE_LANG`` chooses the language of this build, and with it the
language of the interface (Sphinx's and the theme's own translations, and ``ckmkit_site.UI``).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ckmkit_site import UI  # noqa: E402

from ckmkit.plotting import font_path  # noqa: E402

lang = os.environ.get("CKMKIT_SITE_LANG", "en")
ui = UI[lang]
project = "ckmkit" if lang == "en" else "ckmkit 课程"
author = ui["author"]
language = "zh_CN" if lang == "zh" else "en"
html_title = ui["title"]

extensions = ["myst_nb", "ckmkit_site"]
templates_path = ["_templates"]
# The plots' font (Noto Sans SC, SIL OFL) also serves the pages, as a web font the
# browser fetches from the site only when the reader's machine has no Chinese font.
html_static_path = ["_static", str(font_path())]
html_css_files = ["ckmkit.css"]
html_js_files = ["ckmkit-search.js"]
html_theme = "sphinx_book_theme"
html_logo = "_static/ckmkit.svg"
html_favicon = "_static/ckmkit.svg"
html_theme_options = {
    "search_bar_text": ui["search"],
    "toc_title": ui["contents"],
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    # The notebook download is ckmkit's own button (a labelled link to the .ipynb in the page's
    # language); the theme's is an unlabelled menu offering the page's source file.
    "use_download_button": False,
    "article_header_end": ["ckmkit-lang-switch.html", "ckmkit-download.html",
                           "article-header-buttons.html"],
    "footer_content_items": ["ckmkit-footer.html"],
    "primary_sidebar_end": [],
    "navbar_persistent": [],  # no top bar: the search box is in the chapter sidebar
    "logo": {"text": project},
}
html_use_index = False  # a course has a chapter index, not a term index
html_show_sourcelink = False
html_copy_source = False
html_show_sphinx = False
# Light pages: the chapters' figures and widget pictures have white backgrounds.
html_context = {"ckmkit_lang": lang, "default_mode": "light"}
exclude_patterns = ["_build", "**.ipynb_checkpoints"]

# Executed notebooks with outputs; a failing cell fails the build.
nb_execution_mode = "cache"    # re-run a notebook only when its code changed
nb_execution_cache_path = os.environ.get("CKMKIT_SITE_CACHE", "")
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_ipywidgets_js = {}          # never load widget JavaScript from a CDN
# A widget cannot be live on a static page: show its still picture (text/html, offered by
# ckmkit widgets when CKMKIT_STATIC_WIDGETS=1, which build.py sets) instead of its view.
nb_mime_priority_overrides = [("html", "application/vnd.jupyter.widget-view+json", None)]
# Local MathJax 2 (copied in by build.py from jupyter-server-mathjax, only when a page
# has math); never a CDN.
mathjax_path = "mathjax/MathJax.js?config=TeX-AMS_CHTML"
myst_enable_extensions = ["colon_fence"]
suppress_warnings = ["mystnb.unknown_mime_type"]
