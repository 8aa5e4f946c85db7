"""Sphinx configuration of the course site (one build per language; see build.py).

Offline by construction: a local theme (alabaster), a local Chinese web font, no widget
JavaScript from a CDN (widgets are shown as still pictures), no external links in
templates. ``CKMKIT_SITE_LANG`` chooses the language of this build.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ckmkit.plotting import font_path  # noqa: E402

lang = os.environ.get("CKMKIT_SITE_LANG", "en")
project = "ckmkit" if lang == "en" else "ckmkit 课程"
author = "ckmkit contributors"
language = "zh_CN" if lang == "zh" else "en"
html_title = ("CRM vs customer knowledge management: the course" if lang == "en"
              else "客户关系管理与客户知识管理：课程")

extensions = ["myst_nb", "ckmkit_site"]
templates_path = ["_templates"]
# The plots' font (Noto Sans SC, SIL OFL) also serves the pages, as a web font the
# browser fetches from the site only when the reader's machine has no Chinese font.
html_static_path = ["_static", str(font_path())]
html_css_files = ["ckmkit.css"]
html_js_files = ["ckmkit-search.js"]
html_theme = "alabaster"
html_theme_options = {"show_powered_by": False, "sidebar_collapse": True}
html_favicon = "_static/ckmkit.svg"
html_use_index = False  # a course has a chapter index, not a term index
html_show_sourcelink = False
html_copy_source = False
html_context = {"ckmkit_lang": lang}
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
