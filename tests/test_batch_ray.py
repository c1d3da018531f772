"""Distributed batches on a Ray head started on 127.0.0.1 (skipped without ray)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from batch_factory import write_tracks

from formcheck.batch.executors import InProcessExecutor, RayExecutor
from formcheck.batch.inputs import expand_inputs
from formcheck.batch.runner import run_batch
from formcheck.session.options import CheckOptions

pytest.importorskip("ray")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def ray_address() -> Iterator[str]:
    """A Ray head with 2 CPUs on loopback, run for this module and stopped by its pid.

    Token authentication is turned off for this throw-away loopback cluster (head
    and driver alike), so a token left in the user's Ray folder cannot interfere.
    """
    ray_bin = Path(sys.executable).with_name("ray")
    saved_mode = os.environ.get("RAY_AUTH_MODE")
    os.environ["RAY_AUTH_MODE"] = "disabled"
    port = _free_port()
    temp = Path(tempfile.mkdtemp(prefix="ray", dir="/tmp"))
    head = subprocess.Popen(
        [str(ray_bin), "start", "--head", "--block", "--node-ip-address=127.0.0.1",
         f"--port={port}", "--num-cpus=2", "--include-dashboard=false",
         "--disable-usage-stats", f"--temp-dir={temp}"],
        start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    address = f"127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if head.poll() is not None:
                pytest.skip("the Ray head did not start")
            time.sleep(0.2)
        else:
            pytest.skip("the Ray head did not open its port in 60 s")
        yield address
    finally:
        os.killpg(head.pid, signal.SIGTERM)
        try:
            head.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(head.pid, signal.SIGKILL)
        shutil.rmtree(temp, ignore_errors=True)
        if saved_mode is None:
            os.environ.pop("RAY_AUTH_MODE", None)
        else:
            os.environ["RAY_AUTH_MODE"] = saved_mode


@pytest.mark.slow
def test_ray_batch_gives_the_same_summary_as_local(ray_address: str, tmp_path: Path) -> None:
    write_tracks(tmp_path / "in", 4)
    (tmp_path / "in" / "bad.track.npz").write_bytes(b"garbage")
    jobs = expand_inputs([str(tmp_path / "in")], "squat")
    local = run_batch(jobs, CheckOptions(), tmp_path / "local", InProcessExecutor(),
                      show_progress=False)
    distributed = run_batch(jobs, CheckOptions(), tmp_path / "ray", RayExecutor(ray_address),
                            show_progress=False)

    def results(rows: list) -> list[tuple]:
        return [(r.file, r.status, r.reps, r.flags, r.not_measurable_share, r.duration_s,
                 r.report, r.error) for r in rows]

    assert results(distributed.rows) == results(local.rows)
    assert [r.status for r in distributed.rows] == ["error", "ok", "ok", "ok", "ok"]
    for name in ("squat_00.squat.json", "squat_03.squat.json"):
        assert (tmp_path / "ray" / name).read_text().split('"options"')[1] == \
            (tmp_path / "local" / name).read_text().split('"options"')[1]
