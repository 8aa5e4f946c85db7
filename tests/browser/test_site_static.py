"""The built course site: both languages, language switch, chapter index, no CDN, the book theme's
interface in the page's language, a notebook to download, a footer with licence and citation."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site")]

EXTERNAL = re.compile(r"^(https?:)?//", re.I)


class _Resources(HTMLParser):
    """Collect every URL a page would load (scripts, styles, images, frames) and its links."""

    LOADS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src",
             "video": "src", "embed": "src", "object": "data", "link": "href"}

    def __init__(self):
        super().__init__()
        self.loads, self.links = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag in self.LOADS and attrs.get(self.LOADS[tag]):
            self.loads.append(attrs[self.LOADS[tag]])
        if "style" in attrs and "url(" in (attrs["style"] or ""):
            self.loads += re.findall(r"url\(['\"]?([^'\")]+)", attrs["style"])


def _parse(page: Path) -> _Resources:
    parser = _Resources()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_both_languages_and_the_chooser_exist(built_site):
    assert (built_site / "index.html").is_file()
    for lang in ("en", "zh"):
        assert (built_site / lang / "index.html").is_file()
        assert (built_site / lang / "00-start-here.html").is_file()


def test_nothing_is_loaded_from_another_host(built_site):
    pages = list(built_site.rglob("*.html"))
    assert len(pages) >= 7  # the chooser, and per language: index, search, chapter 0
    for page in pages:
        external = [u for u in _parse(page).loads if EXTERNAL.match(u)]
        assert not external, (page, external)
    for css in built_site.rglob("*.css"):
        text = re.sub(r"/\*.*?\*/", "", css.read_text(encoding="utf-8"), flags=re.S)
        remote = r"""(url\(\s*['"]?(https?:)?//|@import\s+['"]?(url\()?\s*['"]?(https?:)?//)"""
        assert not re.search(remote, text, re.I), css


def test_every_local_resource_and_link_exists(built_site):
    for page in built_site.rglob("*.html"):
        parsed = _parse(page)
        for url in parsed.loads + parsed.links:
            if EXTERNAL.match(url) or url.startswith(("#", "mailto:", "data:", "javascript:")):
                continue
            target = (page.parent / url.split("#")[0].split("?")[0]).resolve()
            assert target.exists(), (page, url)


def test_the_theme_and_its_fonts_come_from_the_site(built_site):
    """The book theme's scripts, styles and icon font are files of the site, not of a CDN."""
    page = built_site / "zh" / "00-start-here.html"
    loads = _parse(page).loads
    assert any("_static/styles/sphinx-book-theme.css" in u for u in loads)
    assert any("_static/scripts/pydata-sphinx-theme.js" in u for u in loads)
    for css in built_site.rglob("*.css"):
        text = re.sub(r"/\*.*?\*/", "", css.read_text(encoding="utf-8"), flags=re.S)
        for url in re.findall(r"""url\(\s*['"]?([^'")]+)""", text):
            if not url.startswith(("data:", "#")):
                assert (css.parent / url.split("#")[0].split("?")[0]).exists(), (css, url)
    assert list(built_site.glob("*/_static/vendor/fontawesome/webfonts/*.woff2"))


def test_language_switch_points_to_the_same_page(built_site):
    en = (built_site / "en" / "00-start-here.html").read_text(encoding="utf-8")
    zh = (built_site / "zh" / "00-start-here.html").read_text(encoding="utf-8")
    assert re.search(r'class="ckmkit-lang-switch"[^>]*\n?\s*href="\.\./zh/00-start-here\.html"', en)
    assert re.search(r'class="ckmkit-lang-switch"[^>]*\n?\s*href="\.\./en/00-start-here\.html"', zh)


def test_chinese_pages_are_chinese_and_executed(built_site):
    zh = (built_site / "zh" / "00-start-here.html").read_text(encoding="utf-8")
    assert 'lang="zh-CN"' in zh
    text = re.sub(r"<[^>]+>", "", zh)
    assert len(re.findall(r"[\u4e00-\u9fff]", text)) > 200
    assert "cell_output" in zh  # executed: outputs are on the page


def test_chapter_index_lists_the_chapter(built_site):
    for lang, word in (("en", "Chapters"), ("zh", "章节")):
        index = (built_site / lang / "index.html").read_text(encoding="utf-8")
        assert 'href="00-start-here.html"' in index and word in index


def test_widgets_appear_as_still_pictures(built_site):
    for lang, note in (("en", "still picture"), ("zh", "静态呈现")):
        page = (built_site / lang / "00-start-here.html").read_text(encoding="utf-8")
        widget = page[page.index('class="ckmkit-static-widget"'):]
        assert note in widget[:600]
        assert 'src="data:image/png;base64,' in widget
        assert "widget-view+json" not in page


def test_chapter_figures_are_on_the_page(built_site):
    """Plots drawn by a chapter appear as images, besides the widgets' still pictures."""
    for lang in ("en", "zh"):
        page = (built_site / lang / "00-start-here.html").read_text(encoding="utf-8")
        images = re.findall(r'<img[^>]*src="([^"]+)"', page)
        figures = [src for src in images if not src.startswith("data:")]
        assert figures, f"no chapter figure on the {lang} page"
        assert all((built_site / lang / src).exists() for src in figures)


def test_the_setup_cell_shows_no_output(built_site):
    """``ckmkit.setup()`` returns nothing, so no stray language code follows the first cell."""
    for lang in ("en", "zh"):
        page = (built_site / lang / "00-start-here.html").read_text(encoding="utf-8")
        first = page.split('<div class="cell docutils container">')[1]
        assert "setup" in first.split("</pre>")[0]  # the first cell is the setup cell
        assert "cell_output" not in first, lang


@pytest.mark.parametrize("lang, words", [
    ("en", ["Search the course", "Download notebook", "How to cite", "Contents"]),
    ("zh", ["搜索本课程", "下载笔记本", "引用方式", "本页目录", "搜索", "上一页"]),
])
def test_the_interface_is_in_the_pages_language(built_site, lang, words):
    page = (built_site / lang / "00-start-here.html").read_text(encoding="utf-8")
    for word in words:
        assert word in page, (lang, word)
    if lang == "zh":
        for english in ("Search the docs", "Search the course", "Download notebook", "How to cite"):
            assert english not in page, english
        # Tooltips and screen-reader labels around the chapter (not in it) are Chinese too,
        # the book theme's landmark names ("Main", "Page" in its templates) included.
        around = page.split('<article class="bd-article">')[0] + page.split("</article>")[-1]
        english = [label for label in re.findall(r'(?:title|aria-label|placeholder)="([^"]*)"', around)
                   if re.search(r"[A-Za-z]{3}", label) and not re.search(r"[\u4e00-\u9fff]", label)]
        assert english == [], english
        assert 'aria-label="章节"' in around and 'aria-label="本页目录"' in around


def test_each_chapter_offers_its_notebook_in_the_pages_language(built_site):
    for lang in ("en", "zh"):
        page = (built_site / lang / "00-start-here.html").read_text(encoding="utf-8")
        link = re.search(r'<a class="[^"]*ckmkit-download[^"]*" href="([^"]+)" download', page)
        assert link and link.group(1) == "notebooks/00-start-here.ipynb", lang
        notebook = json.loads((built_site / lang / link.group(1)).read_text(encoding="utf-8"))
        title = "".join(notebook["cells"][0]["source"])
        assert bool(re.search(r"[\u4e00-\u9fff]", title)) == (lang == "zh"), title
        assert all(not c.get("outputs") for c in notebook["cells"])  # the reader runs it
    index = (built_site / "en" / "index.html").read_text(encoding="utf-8")
    assert "ckmkit-download" not in index  # only chapters have a notebook


def test_the_footer_gives_the_licence_and_a_citation(built_site):
    for lang, cite in (("en", "How to cite:"), ("zh", "引用方式：")):
        page = (built_site / lang / "00-start-here.html").read_text(encoding="utf-8")
        footer = page[page.index('class="ckmkit-footer"'):]
        assert "MIT" in footer and cite in footer and "ckmkit contributors" in footer
        assert "©." not in page
