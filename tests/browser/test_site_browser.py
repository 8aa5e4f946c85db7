"""The built course site in headless Chromium, served from 127.0.0.1.

Every page loads with its images and no console error or request to another
host; Chinese pages show Chinese drawn with a Chinese font (asked of the
browser's own layout engine, not guessed from CSS) and a Chinese interface; the
language switch goes to the same chapter in the other language and back; the
notebook downloads; on a phone's width the page never scrolls sideways, wide
tables scroll inside their own box.
"""

import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

CJK = re.compile(r"[\u4e00-\u9fff]")
# Families that cover simplified Chinese: those the CSS names, and Chromium's usual fallbacks.
CJK_FAMILIES = re.compile(r"Noto Sans (SC|CJK)|WenQuanYi|ckmkit Chinese|Droid Sans Fallback|"
                          r"AR PL|Source Han|Microsoft YaHei|PingFang", re.I)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTICLE = "article.bd-article"  # the chapter's text in the book theme


@pytest.fixture(scope="module")
def site_url(built_site):
    """Serve the built site over HTTP on 127.0.0.1 (web fonts do not load from file://)."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.seen = {"console": [], "foreign": [], "failed": []}
    page.on("console", lambda m: m.type == "error" and page.seen["console"].append(m.text))
    page.on("pageerror", lambda e: page.seen["console"].append(str(e)))
    page.on("request", lambda r: urlparse(r.url).hostname not in (None, "127.0.0.1")
            and page.seen["foreign"].append(r.url))
    page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED"  # left the page
            and page.seen["failed"].append(r.url))
    page.on("response", lambda r: r.status >= 400 and page.seen["failed"].append(r.url))
    yield page
    page.close()


def _fonts_drawing(page, selector: str) -> dict[str, int]:
    """Glyphs per font family that Chromium used to draw the first element matching `selector`."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return {f["familyName"]: f["glyphCount"] for f in fonts}


def _pages(built_site: Path) -> list[str]:
    return sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
                  if "_static" not in p.parts)


def test_every_page_loads_offline_with_its_images(built_site, site_url, page):
    pages = _pages(built_site)
    assert {"index.html", "en/index.html", "zh/index.html"} <= set(pages)
    for path in pages:
        response = page.goto(f"{site_url}/{path}", wait_until="load")
        assert response.status == 200, path
        broken = page.evaluate("() => Array.from(document.images)"
                               ".filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
        assert not broken, (path, broken)
    assert not page.seen["foreign"], page.seen["foreign"]
    assert not page.seen["failed"], page.seen["failed"]
    assert not page.seen["console"], page.seen["console"]


def test_chinese_pages_are_drawn_with_a_chinese_font(built_site, site_url, page, artifacts):
    for path in [p for p in _pages(built_site) if p.startswith("zh/") and p != "zh/search.html"]:
        page.goto(f"{site_url}/{path}", wait_until="load")
        page.evaluate("document.fonts.ready")
        assert page.get_attribute("html", "lang") == "zh-CN", path
        assert len(CJK.findall(page.inner_text(ARTICLE))) > 30, path
        fonts = _fonts_drawing(page, f"{ARTICLE} h1")
        chinese = sum(n for family, n in fonts.items() if CJK_FAMILIES.search(family))
        assert chinese >= len(CJK.findall(page.inner_text(f"{ARTICLE} h1"))) > 0, (path, fonts)
    # The bundled web font (for readers without a Chinese font) loads and parses.
    assert page.evaluate("""() => document.fonts.load('1em "ckmkit Chinese"', '客户')
                            .then(faces => faces.map(f => f.status))""") == ["loaded"]
    page.screenshot(path=str(artifacts / "site-zh-chapter.png"))
    assert not page.seen["foreign"], page.seen["foreign"]


def test_language_switch_goes_to_the_same_chapter_and_back(built_site, site_url, page):
    chapter = sorted(p.name for p in (built_site / "en").glob("[0-9][0-9]-*.html"))[0]
    page.goto(f"{site_url}/en/{chapter}", wait_until="load")
    page.click("a.ckmkit-lang-switch")
    page.wait_for_url(f"**/zh/{chapter}")
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert CJK.search(page.inner_text(f"{ARTICLE} h1"))
    page.click("a.ckmkit-lang-switch")
    page.wait_for_url(f"**/en/{chapter}")
    assert page.get_attribute("html", "lang") == "en"
    assert not page.seen["foreign"] and not page.seen["console"], page.seen


@pytest.mark.parametrize("lang, word", [("en", "customer"), ("zh", "客户")])
def test_search_finds_the_chapter(site_url, page, lang, word):
    page.goto(f"{site_url}/{lang}/search.html?q={word}", wait_until="load")
    page.wait_for_selector("#search-results ul.search li", timeout=15_000)
    assert page.locator("#search-results ul.search li a").count() >= 1
    assert not page.seen["console"], page.seen["console"]


def test_chinese_pages_show_a_chinese_interface(site_url, page):
    """The theme's and the site's own controls speak the page's language, not English."""
    page.goto(f"{site_url}/zh/00-start-here.html", wait_until="load")
    chrome = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.bd-sidebar-primary, .bd-header-article, .bd-sidebar-secondary, .prev-next-area, footer'))
        .map(e => e.innerText).join('\\n')""")
    for word in ("搜索", "章节", "下载笔记本", "本页目录", "上一页", "引用方式", "许可证"):
        assert word in chrome, word
    for english in ("Search", "Download", "Contents", "previous", "How to cite", "licence"):
        assert english not in chrome, english
    page.goto(f"{site_url}/zh/search.html", wait_until="load")
    assert page.get_attribute(".bd-search-container input[name=q]", "placeholder") == "搜索本课程…"
    assert not page.seen["console"] and not page.seen["foreign"], page.seen


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_chapter_notebook_downloads(site_url, page, lang):
    page.goto(f"{site_url}/{lang}/00-start-here.html", wait_until="load")
    with page.expect_download() as download:
        page.click("a.ckmkit-download")
    assert download.value.suggested_filename == "00-start-here.ipynb"
    assert '"nbformat"' in Path(download.value.path()).read_text(encoding="utf-8")


# Tables wider than the screen: each must sit in a box that scrolls sideways (overflow-x auto or
# scroll) and fits the screen. Throws for a wide table without such a box; counts those scrolling.
_TABLES_SCROLLING_IN_A_BOX = """() => Array.from(document.querySelectorAll('article table'))
    .filter(t => t.offsetWidth > window.innerWidth)
    .map(t => {
        let box = t.parentElement;
        while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) {
            box = box.parentElement;
        }
        if (!box || box.clientWidth > window.innerWidth) throw new Error('table overflows the page');
        return box.scrollWidth > box.clientWidth;
    })
    .filter(Boolean).length"""


def test_chapters_read_on_a_phone(built_site, site_url, browser, artifacts):
    """At a phone's width (390 px) the page never scrolls sideways; a wide table scrolls in its box."""
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        wide = 0
        for path in [p for p in _pages(built_site) if p != "index.html"]:
            phone.goto(f"{site_url}/{path}", wait_until="load")
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390, path
            wide += phone.evaluate(_TABLES_SCROLLING_IN_A_BOX)
        assert wide, "no wide table met on a phone: the check saw nothing to scroll"
        phone.goto(f"{site_url}/zh/00-start-here.html", wait_until="load")
        phone.screenshot(path=str(artifacts / "site-zh-phone.png"), full_page=True)
    finally:
        phone.close()
