"""The built course site: both languages, language switch, chapter index, no CDN."""

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
