"""The review app under hostile or mistaken input: ports, ids, body sizes, tokens, pictures.

CLI cases that used to bind a wrong port (and so would serve forever) run
`formcheck serve` in a subprocess with a timeout; one test runs the real waitress
server and watches its memory while it is sent 10 MB bodies.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("flask")
pytest.importorskip("waitress")

from report_factory import make_report  # noqa: E402

from formcheck.cli import main  # noqa: E402
from formcheck.history import save_session  # noqa: E402

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


def _client(db: Path, **options):
    from formcheck.serve.app import create_app

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
