"""The review app in headless Debian Chromium, driven by Playwright.

Skipped when /usr/bin/chromium or the playwright package is absent
(install the browser with .ci/install-browser.sh).
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = Path(shutil.which("chromium") or "/usr/bin/chromium")
if not CHROMIUM.is_file():
    pytest.skip("chromium is not installed (see .ci/install-browser.sh)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
waitress = pytest.importorskip("waitress.server")

from report_factory import make_report  # noqa: E402

from formcheck.history import save_session  # noqa: E402
from formcheck.serve.app import create_app  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def app_url(tmp_path):
    """The app over a history with one patient and one flagged session, on a free port."""
    db = tmp_path / "h.db"
    save_session(make_report(reps=3, name="Sentadilla"), "Zoë", db)
    server = waitress.create_server(create_app(db), host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}/"
    server.close()
    thread.join(timeout=5)


@pytest.fixture
def page():
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_dismissed_flag_stays_dismissed_after_reload(app_url, page):
    page.goto(app_url)
    page.get_by_role("link", name="Zoë").click()
    page.locator("a[href^='/sessions/']").first.click()
    flag = page.locator("#flag-1")
    assert flag.locator("[data-decision]").get_attribute("data-decision") == "open"
    flag.get_by_label("note on flag 2").fill("knee hidden by the chair")
    flag.get_by_role("button", name="Dismiss").click()
    page.wait_for_load_state()
    page.reload()
    flag = page.locator("#flag-1")
    assert flag.locator("[data-decision]").get_attribute("data-decision") == "dismissed"
    assert "knee hidden by the chair" in flag.inner_text()
    assert page.locator("#flag-0 [data-decision]").get_attribute("data-decision") == "open"
    report = page.frame_locator("iframe").locator("#flag-1")
    assert "dismissed by the therapist" in report.inner_text()
