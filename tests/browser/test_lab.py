"""Every chapter in both languages, in JupyterLab in headless Chromium.

Run all cells: no cell error, no console error, no request to a host other
than 127.0.0.1. Every widget control responds as a student would expect: each
dropdown, slider, checkbox and toggle changes the output; a full set of answers
followed by Check is graded (correct, partial or wrong, never "not answered");
each further button (Reset, Show answer, ...) changes it again; the language switch changes
the language of the widget's text.
Screenshots and the list of operated controls go to build/test-artifacts/browser/.
"""

from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

CHAPTERS = sorted(p.name for p in (ROOT / "notebooks" / "en").glob("[0-9][0-9]-*.ipynb"))

CELLS_JS = """() => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  return nb.widgets.filter(c => c.model.type === 'code').map((c, i) => ({
    count: c.model.executionCount,
    errors: c.model.outputs.toJSON().filter(o => o.output_type === 'error')
             .map(o => o.ename + ': ' + o.evalue)}));
}"""
IDLE_JS = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle';
}"""


def _watch(page):
    seen = {"console": [], "foreign": []}
    page.on("console", lambda m: m.type == "error" and seen["console"].append(m.text))
    page.on("pageerror", lambda e: seen["console"].append(str(e)))

    def request(req):
        url = urlparse(req.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname != "127.0.0.1":
            seen["foreign"].append(req.url)

    page.on("request", request)
    return seen


def _run_all(page):
    page.wait_for_function(IDLE_JS, timeout=60_000)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(
        f"() => ({IDLE_JS})() && ({CELLS_JS})().every(c => c.count !== null)",
        timeout=120_000, polling=500)
    return page.evaluate(CELLS_JS)


# What a widget shows (output areas, HTML panes), not its controls, whose own
# rendering changes the moment they are touched.
SHOWN_JS = """el => Array.from(
  el.querySelectorAll('.widget-output, .widget-html, .widget-htmlmath'))
  .map(e => e.innerHTML).join('\\n')"""
# Feedback that grades the answers (not "not answered yet", not "malformed").
GRADED_JS = """el => Array.from(el.querySelectorAll('.ckmkit-feedback')).some(f =>
  ['ckmkit-correct', 'ckmkit-partial', 'ckmkit-wrong'].some(c => f.classList.contains(c)))"""
CJK_JS = "el => (el.textContent.match(/[\\u4e00-\\u9fff]/g) || []).length"
LANGUAGES = {"English": "en", "简体中文": "zh"}
# Every language picker on the page shows the same language.
PICKERS_AGREE_JS = """() => new Set(Array.from(document.querySelectorAll(
  '.widget-toggle-buttons button.mod-active')).map(b => b.textContent.trim())
  .filter(t => t === 'English' || t === '简体中文')).size <= 1"""


def _controls(area):
    """The visible controls of one widget output area, as (kind, handle)."""
    found = []
    for selector, kind in ((".widget-dropdown select", "select"),
                           (".widget-slider .noUi-handle", "slider"),
                           (".widget-checkbox input", "checkbox"),
                           (".widget-radio-box input:not(:checked)", "radio"),
                           (".widget-toggle-buttons button:not(.mod-active)", "toggle"),
                           ("button.jupyter-button:not(.widget-toggle-button)", "button")):
        handles = [h for h in area.query_selector_all(selector) if h.is_visible()]
        found += [(kind, h) for h in (handles[:1] if kind == "radio" else handles)]
    return found


def _operate(kind, handle, position: int = 0):
    """Change one control the way a student would.

    The `position`-th dropdown of a widget picks a different option from its
    neighbours, so that an ordering or matching gets distinct answers.
    """
    if kind == "select":
        options = handle.eval_on_selector_all("option", "os => os.map(o => o.value)")
        others = [o for o in options[1:] if o != handle.input_value()] or options[:1]
        handle.select_option(others[position % len(others)])
    elif kind == "slider":  # the keyboard moves a noUiSlider handle to an end
        at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        handle.focus()
        handle.press("Home" if at_max else "End")
    else:
        handle.click()


def _changes(page, area, step, measure=SHOWN_JS, moved="(now, before) => now !== before"):
    """Operate the controls of one step; did ``measure`` of the widget move as expected?"""
    before = area.evaluate(measure)
    for position, (kind, handle) in enumerate(step):
        _operate(kind, handle, position)
    try:
        page.wait_for_function(f"([el, b]) => ({moved})(({measure})(el), b)", arg=[area, before],
                               timeout=10_000)
    except Exception:
        return False
    page.wait_for_function(IDLE_JS, timeout=60_000)
    return True


def _switch_language(page, area, name) -> list[str]:
    """Press the other language; the widget's text follows, and so do all other pickers."""
    try:  # a switch in an earlier widget reaches this one's picker asynchronously
        page.wait_for_function(PICKERS_AGREE_JS, timeout=10_000)
    except Exception:
        return [f"{name}: the language pickers on the page disagree"]
    handle = next(h for h in area.query_selector_all(
        ".widget-toggle-buttons button:not(.mod-active)") if h.text_content() in LANGUAGES)
    target = LANGUAGES[handle.text_content()]
    if not _changes(page, area, [("toggle", handle)], CJK_JS,
                    f"(now, before) => now {'>' if target == 'zh' else '<'} before"):
        return [f"{name}: switching to {target} did not change the widget's text "
                f"({area.evaluate(CJK_JS)} Chinese characters)"]
    try:
        page.wait_for_function(PICKERS_AGREE_JS, timeout=10_000)
    except Exception:
        return [f"{name}: switching to {target} left other widgets in the old language"]
    return []


def _exercise_widget(page, area, name, operated) -> list[str]:
    """Operate every control of one widget; return what did not respond as expected.

    Without buttons each control alone must change the output. With buttons
    (Check, Reset, ...) the answers are chosen first and each press must change
    it. A language switch must change the language of the widget's own text.
    """
    problems = []
    controls = _controls(area)
    switches = [(k, h) for k, h in controls if k == "toggle" and h.text_content() in LANGUAGES]
    buttons = [(k, h) for k, h in controls if k == "button"]
    inputs = [(k, h) for k, h in controls if k != "button" and (k, h) not in switches]
    steps = [[c] for c in inputs] if not buttons else [inputs + buttons[:1]] + [[b] for b in
                                                                               buttons[1:]]
    for i, step in enumerate(steps):
        operated += [k for k, _ in step]
        if not _changes(page, area, step):
            problems.append(f"{name}: no change after {', '.join(k for k, _ in step)}")
        elif buttons and i == 0 and not area.evaluate(GRADED_JS):
            problems.append(f"{name}: Check gave no graded feedback on a full set of answers")
    if switches:
        operated.append("language")
        problems += _switch_language(page, area, name)
    return problems


def _shut_down_kernels(lab):
    """Free the kernel (and its memory) before the next chapter opens."""
    import json
    import urllib.request

    api = f"{lab['url']}/api/sessions"
    headers = {"Authorization": f"token {lab['token']}"}
    with urllib.request.urlopen(urllib.request.Request(api, headers=headers)) as r:
        sessions = json.load(r)
    for s in sessions:
        urllib.request.urlopen(urllib.request.Request(f"{api}/{s['id']}", method="DELETE",
                                                      headers=headers))


@pytest.fixture
def page(browser, lab):
    """A fresh page; afterwards it is closed and the chapter's kernel shut down."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    yield page
    page.close()
    _shut_down_kernels(lab)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_runs_and_widgets_respond(page, lab, artifacts, chapter, lang):
    seen = _watch(page)
    workspace = f"{lang}-{chapter[:2]}"  # a workspace of its own: no tabs from other chapters
    page.goto(f"{lab['url']}/lab/workspaces/{workspace}/tree/{lang}/{chapter}"
              f"?reset&token={lab['token']}")
    cells = _run_all(page)
    errors = [e for c in cells for e in c["errors"]]
    assert not errors, errors
    areas = page.query_selector_all(".jp-Cell-outputArea:has(.jupyter-widgets)")
    operated, problems = [], []
    for i, area in enumerate(areas):
        area.scroll_into_view_if_needed()
        problems += _exercise_widget(page, area, f"widget {i + 1}", operated)
    page.wait_for_function(IDLE_JS, timeout=60_000)
    stem = Path(chapter).stem
    page.screenshot(path=str(artifacts / f"{lang}-{stem}.png"))
    (artifacts / f"{lang}-{stem}.controls.txt").write_text("\n".join(operated), encoding="utf-8")
    assert not seen["foreign"], seen["foreign"]
    assert not seen["console"], seen["console"]
    assert operated or not areas, "widgets rendered but none could be operated"
    assert not problems, problems
