"""A report opened in Chromium from disk: Chinese renders, nothing is fetched, no console error."""

from __future__ import annotations

import pandas as pd
import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report_file(tmp_path_factory):
    from ckmkit.reports import build_report

    rng = __import__("numpy").random.default_rng(3)
    rows = []
    for i in range(60):
        name = ["王小明", "<script>alert(1)</script>", "Tom & \"Jerry\"", "😀 café"][i % 4] + f" {i}"
        for day in sorted(rng.choice(365, size=int(rng.integers(1, 8)), replace=False)):
            rows.append({"customer_id": name, "amount": round(float(rng.gamma(2.0, 30.0)), 2),
                         "date": pd.Timestamp("2023-01-01") + pd.Timedelta(days=int(day))})
    folder = tmp_path_factory.mktemp("report")
    build_report(pd.DataFrame(rows), lang="zh").save(folder)
    return folder / "report.html"


def test_report_renders_offline_in_chinese(browser, report_file, artifacts):
    page = browser.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    url = report_file.as_uri()
    page.goto(url)
    page.wait_for_load_state("load")
    text = page.inner_text("body")
    assert "数据质量" in text and "客户终身价值" in text
    assert "<script>alert(1)</script>" in text  # shown as text, never run
    width = page.evaluate("""() => { const s = document.createElement('span');
        s.textContent = '客'; document.body.appendChild(s); return s.getBoundingClientRect().width; }""")
    assert width > 0
    page.screenshot(path=str(artifacts / "report-zh.png"), full_page=True)
    outside = [u for u in requests if u != url and not u.startswith("data:")]
    assert outside == []
    assert errors == []
    page.close()
