"""The review app in headless Debian Chromium, driven by Playwright, as a therapist uses it.

Skipped when /usr/bin/chromium or the playwright package is absent
(install the browser with .ci/install-browser.sh).
"""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = Path(shutil.which("chromium") or "/usr/bin/chromium")
if not CHROMIUM.is_file():
    pytest.skip("chromium is not installed (see .ci/install-browser.sh)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

from report_factory import make_report  # noqa: E402
from waitress import create_server  # noqa: E402

from formcheck.cli import main  # noqa: E402
from formcheck.history import save_session  # noqa: E402
from formcheck.history.location import ENV_VAR  # noqa: E402
from formcheck.history.store import open_history, sessions  # noqa: E402
from formcheck.serve.app import create_app  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
BIRD_DOG_FAULTS = Path(__file__).parent.parent / "samples" / "bird_dog_faults_side.track.npz"
LEG_CUE = "Reach your leg back, not up"


@pytest.fixture
def db(tmp_path, monkeypatch):
    """A history file, also the one `formcheck check --patient` saves into."""
    path = tmp_path / "h.db"
    monkeypatch.setenv(ENV_VAR, str(path))
    return path


def _serve(db: Path):
    server = create_server(create_app(db), host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture
def app_url(db):
    """The app over `db` on a free port; one patient with a flagged squat set."""
    save_session(make_report(reps=3, name="Sentadilla"), "Zoë", db)
    server, thread = _serve(db)
    yield f"http://127.0.0.1:{server.effective_port}/"
    server.close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module (starting it is the slow part)."""
    with sync_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser):
    """A fresh page with its own cookies and storage."""
    context = browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


def _open_first_session(page, app_url: str, patient: str) -> None:
    page.goto(app_url)
    page.get_by_role("link", name=patient).click()
    page.locator("a[href^='/sessions/']").first.click()


def _enter_checkin(page, location: str, direction: str) -> None:
    form = page.locator("form.checkin")
    form.get_by_label("pain before").select_option("6")
    form.get_by_label("pain after").select_option("3")
    form.get_by_label(location).check()
    form.get_by_label(direction).check()
    form.get_by_role("button", name="Save check-in").click()
    page.wait_for_load_state()


def test_a_flag_is_confirmed_another_dismissed_and_both_stay(app_url, page):
    _open_first_session(page, app_url, "Zoë")
    assert page.locator("#flag-1 [data-decision]").get_attribute("data-decision") == "open"
    page.locator("#flag-0").get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    flag = page.locator("#flag-1")
    flag.get_by_label("note on flag 2").fill("knee hidden by the chair")
    flag.get_by_role("button", name="Dismiss").click()
    page.wait_for_load_state()
    page.reload()
    assert page.locator("#flag-0 [data-decision]").get_attribute("data-decision") == "confirmed"
    flag = page.locator("#flag-1")
    assert flag.locator("[data-decision]").get_attribute("data-decision") == "dismissed"
    assert "knee hidden by the chair" in flag.inner_text()
    assert page.locator("#flag-2 [data-decision]").get_attribute("data-decision") == "open"
    report = page.frame_locator("iframe")
    assert "dismissed by the therapist" in report.locator("#flag-1").inner_text()
    assert "confirmed by the therapist" in report.locator("#flag-0").inner_text()


def test_centralized_pain_in_the_back_is_entered_and_shown_on_the_patient_page(app_url, page):
    _open_first_session(page, app_url, "Zoë")
    _enter_checkin(page, "back only", "centralizing (retreating toward the spine)")
    shown = page.locator("[data-checkin]").inner_text()
    assert "Pain 6 before, 3 after" in shown and "felt in the back only" in shown
    page.get_by_role("link", name="Zoë").click()
    row = page.locator("tr", has=page.locator("a[href^='/sessions/']")).first
    assert "6→3" in row.inner_text() and "back only, centralizing" in row.inner_text()
    assert page.locator("#peripheralizing").count() == 0


def test_peripheralizing_pain_is_a_warning_on_the_patient_page(app_url, page):
    _open_first_session(page, app_url, "Zoë")
    _enter_checkin(page, "below the knee", "peripheralizing (spreading further into the limb)")
    page.get_by_role("link", name="Zoë").click()
    warning = page.get_by_role("alert")
    assert warning.is_visible()
    text = warning.inner_text()
    assert "peripheralizing" in text and "felt below the knee" in text
    assert "programme needs a look" in text
    page.goto(app_url)
    assert "pain peripheralizing in 1 check-in" in page.get_by_role("row", name="Zoë").inner_text()


def _check(patient: str, tmp_path: Path, name: str) -> dict:
    """`formcheck check` of the bird-dog faults sample for `patient`: its JSON report."""
    out = tmp_path / f"{name}.json"
    assert main(["check", str(BIRD_DOG_FAULTS), "--exercise", "bird_dog", "-q",
                 "--patient", patient, "-o", str(out)]) == 0
    return json.loads(out.read_text())


def test_a_limit_set_from_a_flag_is_used_by_the_patients_next_check(db, tmp_path, page):
    first = _check("Ines", tmp_path, "first")
    leg = [f for f in first["flags"] if f["constraint"] == "leg_too_high"]
    assert leg and max(f["worst"] for f in leg) < 120  # the sample lifts the leg to about 116°
    server, thread = _serve(db)
    try:
        url = f"http://127.0.0.1:{server.effective_port}/"
        _open_first_session(page, url, "Ines")
        flag = page.locator(".flag", has_text=LEG_CUE).first
        flag.locator("summary").click()
        flag.get_by_label("new limit for flag").fill("120")
        flag.get_by_label("adjustment note for flag").fill("a higher leg is fine for her")
        flag.get_by_role("button", name="Set this limit for Ines").click()
        page.wait_for_load_state()
        adjusted = page.locator(".flag", has_text=LEG_CUE).first.locator("[data-adjusted]")
        assert "leg height at most 120°" in adjusted.inner_text()

        second = _check("Ines", tmp_path, "second")
        assert [f for f in second["flags"] if f["constraint"] == "leg_too_high"] == []
        assert {f["constraint"] for f in second["flags"]} == {
            f["constraint"] for f in first["flags"]} - {"leg_too_high"}
        assert second["adjustments"][0]["value"] == 120

        with open_history(db) as conn:
            newest = sessions(conn, "Ines")[-1].id
        page.goto(f"{url}sessions/{newest}")
        assert page.locator(".flag", has_text=LEG_CUE).count() == 0
        line = page.frame_locator("iframe").locator("#adjusted").inner_text()
        assert "leg height at most 120° — limit adjusted by the therapist on" in line
        exported = page.request.get(f"{url}sessions/{newest}/export.json").json()
        assert exported["adjustments"][0]["note"] == "a higher leg is fine for her"
    finally:
        server.close()
        thread.join(timeout=5)
