"""The review app under hostile or mistaken input: ports, ids, body sizes, tokens, pictures.

CLI cases that used to bind a wrong port (and so would serve forever) run
`formcheck serve` in a subprocess with a timeout; one test runs the real waitress
server and watches its memory while it is sent 10 MB bodies.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import os
import re
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from report_factory import make_report

from formcheck.cli import main
from formcheck.errors import UserError
from formcheck.history import save_session
from formcheck.serve.app import create_app, listen, listening_port
from formcheck.serve.guard import TOKEN_COOKIE

REPO = Path(__file__).resolve().parents[1]
HOST = "http://127.0.0.1:8765"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A history with one patient and one session (id 1) with three flagged reps."""
    path = tmp_path / "h.db"
    save_session(make_report(reps=3), "P1", path)
    return path


def _serve(*args: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    """`formcheck serve ARGS` in a subprocess; a server that starts is killed at `timeout`."""
    return subprocess.run(
        [sys.executable, "-m", "formcheck", "serve", *args], cwd=REPO, timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True,
    )


def test_a_port_in_use_is_one_line_naming_it(db, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve", "--db", str(db), "--port", str(port)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and f"--port {port}" in err and "in use" in err


@pytest.mark.parametrize("port", ["70000", "65536", "-1"])
def test_ports_outside_1_to_65535_are_refused(db, port):
    done = _serve("--db", str(db), "--port", port)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and f"--port {port}" in done.stderr
    assert "1 to 65535" in done.stderr and done.stdout == ""


def test_the_port_taken_is_read_from_one_or_several_listening_sockets(db):
    server = listen(create_app(db), "127.0.0.1", 0)
    try:
        assert listening_port(server) == server.socket.getsockname()[1] != 0
    finally:
        server.close()
    several = SimpleNamespace(effective_listen=[("127.0.0.1", 40001), ("::1", 40002)])
    assert listening_port(several) == 40001  # "localhost" on a machine with IPv4 and IPv6


def _client(db: Path, **options):
    return create_app(db, **options).test_client()


def _csrf(client) -> str:
    page = client.get("/sessions/1", base_url=HOST).get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


HUGE = "99999999999999999999999999"


@pytest.mark.parametrize("method, url", [
    ("GET", f"/patients/{HUGE}"), ("GET", f"/sessions/{HUGE}"),
    ("GET", f"/sessions/{HUGE}/report.html"), ("GET", f"/sessions/{HUGE}/export.json"),
    ("POST", f"/sessions/{HUGE}/flags/0"), ("POST", f"/sessions/1/flags/{HUGE}"),
    ("GET", f"/sessions/{2**63}"), ("GET", f"/sessions/{2**63 - 1}"),
])
def test_ids_too_large_for_the_database_are_not_found(db, method, url):
    client = _client(db)
    data = {"csrf": _csrf(client), "decision": "dismissed"} if method == "POST" else None
    assert client.open(url, method=method, base_url=HOST, data=data).status_code == 404


TEN_MB = 10 * 1024 * 1024


@pytest.mark.parametrize("forged", [True, False])
def test_a_10_mb_post_answers_413_forged_or_not(db, forged):
    client = _client(db)
    fields = {"decision": "dismissed", "note": "x" * TEN_MB}
    if not forged:
        fields["csrf"] = _csrf(client)
    answer = client.post("/sessions/1/flags/0", base_url=HOST, data=fields)
    assert answer.status_code == 413


def _rss_kib(pid: int, field: str) -> int:
    """`field` ("VmRSS" now, "VmHWM" peak) of process `pid`, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} for process {pid}")


def _post_body(port: int, size: int) -> int:
    """POST `size` bytes of form to a flag (as a forger would: no anti-forgery value).

    The server may answer and close before the body is sent; the answer is read anyway.
    """
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.putrequest("POST", "/sessions/1/flags/0")
        connection.putheader("Content-Type", "application/x-www-form-urlencoded")
        connection.putheader("Content-Length", str(size))
        connection.endheaders()
        chunk = b"note=" + b"x" * (64 * 1024 - 5)
        with contextlib.suppress(OSError):  # refused early: the server stops reading
            for _ in range(size // len(chunk)):
                connection.send(chunk)
            connection.send(b"x" * (size % len(chunk)))
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs /proc for memory")
def test_the_real_server_refuses_10_mb_posts_with_flat_memory(db):
    server = subprocess.Popen(
        [sys.executable, "-m", "formcheck", "serve", "--db", str(db), "--port", "0"], cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        port = int(re.fullmatch(r"review app: http://127\.0\.0\.1:(\d+)/\n", line).group(1))
        assert port != 0
        page = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        page.request("GET", "/sessions/1")
        assert page.getresponse().status == 200
        page.close()
        rss, peak = _rss_kib(server.pid, "VmRSS"), _rss_kib(server.pid, "VmHWM")
        assert [_post_body(port, TEN_MB) for _ in range(5)] == [413] * 5
        grown = _rss_kib(server.pid, "VmRSS") - rss
        peak_grown = _rss_kib(server.pid, "VmHWM") - peak
        assert grown < 20 * 1024 and peak_grown < 20 * 1024, (grown, peak_grown)
    finally:
        server.terminate()
        server.wait(timeout=10)


TOKEN = "a-token-of-22-letters!"
REMOTE = "http://10.0.0.5:8765"


@pytest.fixture
def no_server(monkeypatch):
    """Make starting a real server fail at once, so a check that lets it through cannot hang."""
    import waitress

    def refuse(*_args, **_kwargs):
        raise AssertionError("the server was started")

    monkeypatch.setattr(waitress, "create_server", refuse)


@pytest.mark.parametrize("token", [" " * 16, "\t" * 20, "sixteen chars ok", "x" * 15, ""])
def test_blank_spaced_or_short_tokens_are_refused(db, token, capsys, no_server):
    for host in ("0.0.0.0", "127.0.0.1"):
        assert main(["serve", "--db", str(db), "--host", host, "--token", token]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and ("--token" in err or "--host" in err)
    if token:
        with pytest.raises(UserError, match="--token"):
            _client(db, token=token, loopback_only=False)


def test_only_the_whole_token_opens_the_app(db):
    client = _client(db, token=TOKEN, loopback_only=False)
    for wrong in (TOKEN[:-1], TOKEN + "x", " " * len(TOKEN), TOKEN.upper()):
        assert client.get("/", base_url=REMOTE,
                          headers={"Authorization": f"Bearer {wrong}"}).status_code == 403
    assert client.get("/", base_url=REMOTE,
                      headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_a_query_token_beside_a_valid_cookie_is_checked_before_it_is_stored(db):
    client = _client(db, token=TOKEN, loopback_only=False)
    assert client.get(f"/?token={TOKEN}", base_url=REMOTE).status_code == 302
    forged = client.get("/?token=not-the-token-at-all", base_url=REMOTE)
    assert forged.status_code == 403 and "Set-Cookie" not in forged.headers
    assert client.get("/", base_url=REMOTE).status_code == 200


def test_a_sign_in_link_replaces_a_stale_cookie(db):
    client = _client(db, token=TOKEN, loopback_only=False)
    client.set_cookie(TOKEN_COOKIE, "an-old-token-from-last-week", domain="10.0.0.5")
    assert client.get("/", base_url=REMOTE).status_code == 403
    assert client.get(f"/?token={TOKEN}", base_url=REMOTE).status_code == 302
    assert client.get("/", base_url=REMOTE).status_code == 200


def _solid_png(path: Path, bgr: tuple[int, int, int]) -> Path:
    import cv2

    assert cv2.imwrite(str(path), np.full((48, 64, 3), bgr, np.uint8))
    return path


def _solid_video(path: Path, bgr: tuple[int, int, int], frames: int = 200) -> Path:
    """`frames` frames (25 per second, 64x48) of one colour."""
    import cv2

    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 25.0, (64, 48))
    for _ in range(frames):
        writer.write(np.full((48, 64, 3), bgr, np.uint8))
    writer.release()
    return path


def _edited_report(tmp_path: Path, picture: Path) -> Path:
    """A report file edited to name `picture` as its video, with every moment at frame 0."""
    report = make_report(reps=3, source_path=str(picture))
    report = report.model_copy(update={"source": report.source.model_copy(update={"fps": 0.01})})
    path = tmp_path / "edited.json"
    path.write_text(report.model_dump_json())
    return path


def _stills(db: Path, session_id: int) -> list[np.ndarray]:
    """The pictures the app embeds in a session's report page, decoded (BGR)."""
    import cv2

    page = _client(db).get(f"/sessions/{session_id}/report.html", base_url=HOST)
    assert page.status_code == 200
    found = re.findall(r"data:image/jpeg;base64,([A-Za-z0-9+/=]+)", page.get_data(as_text=True))
    return [cv2.imdecode(np.frombuffer(base64.b64decode(b), np.uint8), cv2.IMREAD_COLOR)
            for b in found]


RED, GREEN = (0, 0, 255), (0, 255, 0)


def test_an_edited_report_cannot_make_the_app_show_a_picture_from_disk(tmp_path):
    secret = _solid_png(tmp_path / "secret.png", RED)
    db = tmp_path / "h.db"
    assert main(["history", "add", str(_edited_report(tmp_path, secret)), "--patient", "P",
                 "--db", str(db)]) == 0
    assert _stills(db, 1) == []
    page = _client(db).get("/sessions/1/report.html", base_url=HOST).get_data(as_text=True)
    assert "The video is not at hand" in page


def test_pictures_come_only_from_the_video_recorded_with_the_session(tmp_path):
    secret = _solid_png(tmp_path / "secret.png", RED)
    video = _solid_video(tmp_path / "set.mp4", GREEN)
    db = tmp_path / "h.db"
    assert main(["history", "add", str(_edited_report(tmp_path, secret)), "--patient", "P",
                 "--db", str(db), "--video", str(video)]) == 0
    stills = _stills(db, 1)
    assert stills, "the recorded video gave no pictures"
    for still in stills:
        blue, green, red = still.reshape(-1, 3).mean(axis=0)
        assert green > 200 and red < 60, (blue, green, red)


def test_a_video_given_to_history_add_must_exist(tmp_path, capsys):
    report = _edited_report(tmp_path, tmp_path / "x.mp4")
    assert main(["history", "add", str(report), "--patient", "P", "--db",
                 str(tmp_path / "h.db"), "--video", str(tmp_path / "gone.mp4")]) == 2
    assert "--video" in capsys.readouterr().err


def test_sessions_stored_before_videos_were_recorded_show_no_video_pictures(tmp_path):
    from formcheck.history.schema import migrate
    from formcheck.history.store import open_history, session_video
    from formcheck.history.summary import summarize_session

    video = _solid_video(tmp_path / "set.mp4", GREEN)
    report = make_report(reps=3, source_path=str(video))
    s = summarize_session(report)
    db = tmp_path / "h.db"
    with contextlib.closing(sqlite3.connect(db, isolation_level=None)) as conn:
        migrate(conn, upto=2)
        conn.execute("INSERT INTO patients (label) VALUES ('P')")
        conn.execute("INSERT INTO sessions VALUES (1, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (report.exercise.id, report.exercise.name, report.created_at, s.origin,
                      s.reps, s.flags, s.duration_s, s.adherence, s.rom, s.rom_metric,
                      report.model_dump_json()))
    with open_history(db) as conn:
        assert session_video(conn, 1) is None
    assert _stills(db, 1) == []


def test_checking_a_track_records_the_video_it_names(tmp_path, monkeypatch):
    from pose_factory import squat_set

    from formcheck.history.store import open_history, session_video
    from formcheck.pose.block import PoseBlock
    from formcheck.pose.track import Track, save_track

    video = _solid_video(tmp_path / "set.mp4", GREEN)
    track = tmp_path / "set.track.npz"
    meta = {"fps": 30.0, "source": str(video)}
    save_track(Track(PoseBlock.from_frames(squat_set(3)), meta), track)
    db = tmp_path / "h.db"
    monkeypatch.setenv("FORMCHECK_HISTORY_DB", str(db))
    assert main(["check", str(track), "-e", "squat", "-o", str(tmp_path / "r.json"), "-q",
                 "--patient", "P"]) == 0
    with open_history(db) as conn:
        assert session_video(conn, 1) == video.resolve()
