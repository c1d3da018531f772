"""The review app through Flask's test client: pages, reviews, escaping and guards."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from report_factory import make_report

from formcheck.cli import main
from formcheck.errors import UserError
from formcheck.history import save_session
from formcheck.history.adjustments import adjustments_for
from formcheck.history.checkin import CheckIn
from formcheck.history.location import ENV_VAR
from formcheck.history.store import checkin, open_history, set_checkin
from formcheck.serve.app import create_app
from formcheck.serve.guard import check_bind

HOST = "http://127.0.0.1:8765"
BIRD_DOG_FAULTS = Path(__file__).parent.parent / "samples" / "bird_dog_faults_side.track.npz"


@pytest.fixture
def db(tmp_path):
    """A history with one patient ("<b>Zoë</b>", markup on purpose) and two sessions."""
    path = tmp_path / "h.db"
    sid = save_session(make_report(reps=3, cue="<img src=x onerror=alert(1)>"), "<b>Zoë</b>", path)
    save_session(make_report(reps=2, created_at="2026-01-13T10:00:00+00:00"), "<b>Zoë</b>", path)
    with open_history(path) as conn:
        set_checkin(conn, sid, CheckIn(pain_before=5, pain_after=3, location="buttock-thigh",
                                       direction="centralizing"))
    return path


def _client(db, **options):
    return create_app(db, **options).test_client()


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_patients_sessions_report_and_escaping(db):
    client = _client(db)
    home = client.get("/", base_url=HOST).get_data(as_text=True)
    assert "&lt;b&gt;Zoë&lt;/b&gt;" in home and "<b>Zoë</b>" not in home
    assert "peripheralizing" not in home  # the one check-in is centralizing
    patient = client.get("/patients/1", base_url=HOST).get_data(as_text=True)
    assert patient.count('href="/sessions/') == 2 and "<svg" in patient
    page = client.get("/sessions/1", base_url=HOST).get_data(as_text=True)
    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert "felt in the buttock or thigh; since the last session centralizing" in page
    report = client.get("/sessions/1/report.html", base_url=HOST)
    assert report.status_code == 200 and b"<!doctype html>" in report.data
    assert "default-src 'none'" in report.headers["Content-Security-Policy"]


def test_dismissing_a_flag_is_stored_shown_and_exported(db):
    client = _client(db)
    csrf = _csrf(client.get("/sessions/1", base_url=HOST).get_data(as_text=True))
    answer = client.post("/sessions/1/flags/1", base_url=HOST,
                         data={"csrf": csrf, "decision": "dismissed", "note": "<ok> from side"})
    assert answer.status_code == 303
    page = client.get("/sessions/1", base_url=HOST).get_data(as_text=True)
    assert 'data-decision="dismissed"' in page and "&lt;ok&gt; from side" in page
    exported = client.get("/sessions/1/export.json", base_url=HOST).get_json()
    assert exported["reviews"] == [{"flag": 1, "decision": "dismissed",
                                    "note": "<ok> from side",
                                    "reviewed_at": exported["reviews"][0]["reviewed_at"]}]
    report = client.get("/sessions/1/report.html", base_url=HOST).get_data(as_text=True)
    assert "dismissed by the therapist: &lt;ok&gt; from side" in report


def test_forged_or_bad_posts_are_refused(db):
    client = _client(db)
    csrf = _csrf(client.get("/sessions/1", base_url=HOST).get_data(as_text=True))
    assert client.post("/sessions/1/flags/0", base_url=HOST,
                       data={"decision": "dismissed"}).status_code == 400
    assert client.post("/sessions/1/flags/0", base_url=HOST, headers={"Origin": "http://evil"},
                       data={"csrf": csrf, "decision": "dismissed"}).status_code == 400
    assert client.post("/sessions/1/flags/0", base_url=HOST,
                       data={"csrf": csrf, "decision": "maybe"}).status_code == 400
    assert client.post("/sessions/1/flags/99", base_url=HOST,
                       data={"csrf": csrf, "decision": "dismissed"}).status_code == 404


@pytest.mark.parametrize("url", ["/sessions/..%2f..%2fetc%2fpasswd", "/sessions/../../etc/passwd",
                                 "/patients/-1", "/sessions/1/../../../etc/passwd",
                                 "/static/../../pyproject.toml", "/sessions/999"])
def test_no_path_reaches_the_disk(db, url):
    answer = _client(db).get(url, base_url=HOST)
    assert answer.status_code == 404
    assert b"root:" not in answer.data and b"[project]" not in answer.data


def test_foreign_host_names_are_refused_on_loopback(db):
    assert _client(db).get("/", base_url="http://attacker.example:8765").status_code == 421


def test_token_is_required_and_kept_in_a_cookie(db):
    client = _client(db, token="t" * 20, loopback_only=False)
    assert client.get("/", base_url="http://10.0.0.5:8765").status_code == 403
    assert client.get("/?token=wrong", base_url="http://10.0.0.5:8765").status_code == 403
    login = client.get(f"/?token={'t' * 20}", base_url="http://10.0.0.5:8765")
    assert login.status_code == 302
    assert client.get("/", base_url="http://10.0.0.5:8765").status_code == 200
    bearer = _client(db, token="t" * 20, loopback_only=False)
    assert bearer.get("/", base_url="http://10.0.0.5:8765",
                      headers={"Authorization": f"Bearer {'t' * 20}"}).status_code == 200


def test_other_addresses_need_a_token():
    check_bind("127.0.0.1", None)
    check_bind("::1", None)
    with pytest.raises(UserError, match="access token"):
        check_bind("0.0.0.0", None)
    with pytest.raises(UserError, match="at least"):
        check_bind("192.168.1.2", "short")
    check_bind("192.168.1.2", "a-long-enough-token")
    assert main(["serve", "--host", "0.0.0.0"]) == 2


def test_checkin_form_stores_mckenzie_words_and_refuses_bad_values(db):
    client = _client(db)
    csrf = _csrf(client.get("/sessions/2", base_url=HOST).get_data(as_text=True))
    bad = client.post("/sessions/2/checkin", base_url=HOST,
                      data={"csrf": csrf, "pain_before": "11", "location": "back"})
    assert bad.status_code == 400 and "pain before" in bad.get_data(as_text=True)
    assert client.post("/sessions/2/checkin", base_url=HOST,
                       data={"csrf": csrf, "location": "knee"}).status_code == 400
    empty = client.post("/sessions/2/checkin", base_url=HOST,
                        data={"csrf": csrf, "pain_before": "", "note": " "})
    assert empty.status_code == 400 and "empty" in empty.get_data(as_text=True)
    ok = client.post("/sessions/2/checkin", base_url=HOST,
                     data={"csrf": csrf, "pain_before": "4", "pain_after": "", "location": "back",
                           "direction": "centralizing", "note": "better"})
    assert ok.status_code == 303
    with open_history(db) as conn:
        found = checkin(conn, 2)
    assert (found.pain_before, found.pain_after, found.location, found.direction) == (
        4, None, "back", "centralizing")


def test_a_check_switched_off_or_reset_from_a_flag(db):
    client = _client(db)
    csrf = _csrf(client.get("/sessions/1", base_url=HOST).get_data(as_text=True))
    url = "/sessions/1/flags/0/adjust"
    assert client.post(url, base_url=HOST, data={"csrf": csrf, "action": "limit",
                                                 "value": "abc"}).status_code == 400
    assert client.post(url, base_url=HOST, data={"csrf": csrf, "action": "limit",
                                                 "value": "400"}).status_code == 400
    assert client.post(url, base_url=HOST, data={"csrf": csrf, "action": "off",
                                                 "note": "knee replaced"}).status_code == 303
    with open_history(db) as conn:
        [off] = adjustments_for(conn, 1, "squat")
    assert off.constraint == "depth" and off.off and off.note == "knee replaced"
    page = client.get("/sessions/1", base_url=HOST).get_data(as_text=True)
    assert 'data-adjusted="off"' in page and "switched off" in page
    patient = client.get("/patients/1", base_url=HOST).get_data(as_text=True)
    assert "switched off" in patient and "knee replaced" in patient
    assert client.post(url, base_url=HOST, data={"csrf": csrf, "action": "file"}).status_code == 303
    with open_history(db) as conn:
        assert adjustments_for(conn, 1, "squat") == []


def test_bird_dog_faults_show_one_review_form_per_rep_and_check(tmp_path, monkeypatch):
    """The sample's faulty reps, counted by hand: rep 1 flat back, rep 2 leg too high."""
    db = tmp_path / "h.db"
    monkeypatch.setenv(ENV_VAR, str(db))
    assert main(["check", str(BIRD_DOG_FAULTS), "--exercise", "bird_dog", "-q",
                 "--patient", "Ines", "-o", str(tmp_path / "r.json")]) == 0
    page = _client(db).get("/sessions/1", base_url=HOST).get_data(as_text=True)
    assert page.count('class="review"') == 2
    cards = re.findall(r'<div class="flag[^"]*" id="flag-\d+".*?(?=<div class="flag|<h2>Report)',
                       page, re.S)
    assert [("rep 1" in c, "rep 2" in c) for c in cards] == [(True, False), (False, True)]
    assert sum(c.count("/adjust") for c in cards) == 2
    assert "2 faults (one per rep and check)" in page
    assert "None" not in page and "leg_too_high" not in page
