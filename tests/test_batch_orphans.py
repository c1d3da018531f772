"""A batch killed outright (SIGKILL) leaves no worker or helper process behind.

The end-to-end test runs a real two-worker batch on four push-up clips from
../shared/clips/push_up (copied into a temporary folder) with the lite model;
Linux only (reads /proc).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from multiprocessing import get_context
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from formcheck.batch.lifeline import Lifeline, exit_with_batch

CLIPS = ("calimiro_push-up_1.mp4", "calimiro_push-up_12.mp4", "calimiro_push-up_26.mp4",
         "calimiro_push-up_37.mp4")
GONE_WITHIN_S = 5.0


def stat(pid: int) -> tuple[str, int, int, int] | None:
    """(state, parent pid, session id, start time in clock ticks) of a process, or None."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return fields[0], int(fields[1]), int(fields[3]), int(fields[19])


def batch_processes(main_pid: int) -> dict[int, int]:
    """pid -> start time of `main_pid` and every process in its session or below it."""
    table = {int(p.name): stat(int(p.name)) for p in Path("/proc").iterdir() if p.name.isdigit()}
    table = {pid: s for pid, s in table.items() if s is not None}
    found = {pid for pid, s in table.items() if s[2] == main_pid} | {main_pid}
    grown = True
    while grown:
        children = {pid for pid, s in table.items() if s[1] in found} - found
        found |= children
        grown = bool(children)
    return {pid: table[pid][3] for pid in found if pid in table}


def alive(pid: int, started: int) -> bool:
    """True while the process recorded with that start time runs (a zombie is dead)."""
    s = stat(pid)
    return s is not None and s[3] == started and s[0] != "Z"


def reading_a_clip(pid: int, folder: Path) -> bool:
    """True when the process has one of the batch's input videos open."""
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False
    links = []
    for fd in fds:
        try:
            links.append(os.readlink(fd))
        except OSError:
            continue
    return any(link.startswith(str(folder)) and link.endswith(".mp4") for link in links)


def worker_that_never_finishes(lifeline: Connection) -> None:
    exit_with_batch(lifeline)
    time.sleep(60)


def test_a_worker_exits_when_the_lifeline_ends() -> None:
    context = get_context("spawn")
    lifeline = Lifeline(context)
    worker = context.Process(target=worker_that_never_finishes, args=(lifeline.worker_end,))
    worker.start()
    try:
        time.sleep(0.5)
        assert worker.is_alive()
        lifeline.close()  # what the batch dying does to the pipe
        worker.join(timeout=GONE_WITHIN_S)
        assert worker.exitcode == 1
    finally:
        if worker.is_alive():
            worker.kill()
            worker.join()


@pytest.fixture()
def clips(tmp_path: Path, lite_model: Path) -> Path:
    source = Path(__file__).resolve().parents[2] / "shared" / "clips" / "push_up"
    if not all((source / c).is_file() for c in CLIPS):
        pytest.skip(f"push-up clips not available in {source}")
    folder = tmp_path / "clips"
    folder.mkdir()
    for clip in CLIPS:
        shutil.copy(source / clip, folder / clip)
    return folder


@pytest.mark.e2e
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_sigkill_of_a_two_worker_batch_leaves_no_process_alive(
    clips: Path, tmp_path: Path
) -> None:
    command = [sys.executable, "-m", "formcheck", "check", str(clips), "-e", "push_up",
               "--model", "lite", "--workers", "2", "--out-dir", str(tmp_path / "out"), "-q"]
    log = (tmp_path / "batch.log").open("wb")
    main = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        busy: set[int] = set()
        while len(busy) < 2:
            assert main.poll() is None, (tmp_path / "batch.log").read_text()
            assert time.monotonic() < deadline, "the workers never started on a clip"
            busy = {pid for pid in batch_processes(main.pid)
                    if pid != main.pid and reading_a_clip(pid, clips)}
            time.sleep(0.1)
        processes = batch_processes(main.pid)
        assert len(processes) >= 4  # the batch, two workers, the resource tracker

        os.kill(main.pid, signal.SIGKILL)
        killed = time.monotonic()
        main.wait()
        while (left := [p for p, t in processes.items() if alive(p, t)]) \
                and time.monotonic() - killed < GONE_WITHIN_S:
            time.sleep(0.05)
        took = time.monotonic() - killed
        print(f"last process of the batch gone {took:.2f} s after SIGKILL")
        assert not left, f"still alive {took:.1f} s after SIGKILL: {left}"
    finally:
        if main.poll() is None:
            main.kill()
            main.wait()
        for pid, started in batch_processes(main.pid).items():
            if alive(pid, started):
                os.kill(pid, signal.SIGKILL)
        log.close()
