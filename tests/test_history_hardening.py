"""The history database under stress: first writers racing on a new file, read-only and
damaged files, a lock held by another process, checks made before a long analysis,
and control characters in stored text.

Fixtures: `db` is a history file holding two squat sessions (ids 1 and 2) of
patient "P1"; `track` is a three-rep side-view squat landmark track; both live in
the test's tmp folder, and ``$FORMCHECK_HISTORY_DB`` points `check --patient` at `db`.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_checks import assert_one_line_exit_2, run
from pose_factory import squat_set
from report_factory import make_report

from formcheck.cli import main
from formcheck.cli.printable import printable
from formcheck.history import database, save_session
from formcheck.history.location import ENV_VAR
from formcheck.history.schema import SCHEMA_VERSION
from formcheck.history.store import open_history, sessions
from formcheck.pose.block import PoseBlock
from formcheck.pose.track import Track, save_track

COMMANDS = ("check --patient", "history checkin", "history list", "history trends",
            "history export")
WRITING = ("check --patient", "history checkin")


@pytest.fixture()
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "history.sqlite3"
    for _ in range(2):
        save_session(make_report(), "P1", path)
    monkeypatch.setenv(ENV_VAR, str(path))
    return path


@pytest.fixture()
def track(tmp_path: Path) -> Path:
    path = tmp_path / "squats.track.npz"
    save_track(Track(PoseBlock.from_frames(squat_set(3)), {"fps": 30.0}), path)
    return path


def argv(command: str, db: Path, track: Path) -> list[str]:
    """The command line of one of `COMMANDS` on `db` (`check` finds it through the
    environment, as a user's setting would)."""
    out = track.parent
    return {
        "check --patient": ["check", str(track), "-e", "squat", "-q", "-o", str(out / "r.json"),
                            "--patient", "P1"],
        "history checkin": ["history", "--db", str(db), "checkin", "1", "--pain-before", "3"],
        "history list": ["history", "--db", str(db), "list"],
        "history trends": ["history", "--db", str(db), "--patient", "P1", "trends"],
        "history export": ["history", "--db", str(db), "export", "1", "-o", str(out / "e.json")],
    }[command]


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make `path` a file the kernel will not open for writing, even for root.

    File modes do not stop root, so as root the immutable attribute is set
    (``chattr +i``, ext2/3/4): opening for writing then fails with EPERM, SQLite
    falls back to a read-only open, and a write fails with SQLite's own
    "attempt to write a readonly database", as for a non-root user's 0444 file
    or a file on a read-only mount. Skips where the attribute cannot be set.
    """
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
        return
    if shutil.which("chattr") is None or subprocess.run(
            ["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("cannot make a file immutable here (chattr +i)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def damage_root_page(path: Path, btree: str) -> None:
    """Overwrite the head of `btree`'s root page (never page 1) with 0xFF bytes,
    as a failing disk or a half-copied file would."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                            (btree,)).fetchone()[0]
    assert root > 1
    with path.open("r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\xff" * 64)


# 1. Creation race --------------------------------------------------------------------


def _first_writer(db: str, patient: str, start: threading.Barrier,
                  results: multiprocessing.Queue) -> None:
    report = make_report()
    start.wait(timeout=60)
    try:
        save_session(report, patient, db)
        results.put("")
    except Exception as exc:  # reported to the test, which shows it
        results.put(f"{patient}: {type(exc).__name__}: {exc}")


def _race(folder: Path, writers: int) -> tuple[int, list[str]]:
    """`writers` processes, released together, each saving one session to a new file."""
    ctx = multiprocessing.get_context("fork")
    path = folder / "new.sqlite3"
    start, results = ctx.Barrier(writers), ctx.Queue()
    procs = [ctx.Process(target=_first_writer, args=(str(path), f"P{i}", start, results))
             for i in range(writers)]
    for proc in procs:
        proc.start()
    errors = [e for e in (results.get(timeout=60) for _ in procs) if e]
    for proc in procs:
        proc.join(timeout=60)
    with open_history(path) as conn:
        return len(sessions(conn)), errors


@pytest.mark.parametrize("rounds", [3, pytest.param(10, marks=pytest.mark.slow)])
def test_first_writers_to_a_new_database_all_save(tmp_path, rounds):
    saved = []
    for i in range(rounds):
        folder = tmp_path / f"round{i}"
        folder.mkdir()
        count, errors = _race(folder, 20)
        assert not errors, errors
        saved.append(count)
    assert saved == [20] * rounds


def test_a_writer_waits_for_another_writers_lock(db):
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.5, holder.execute, ("COMMIT",))
    release.start()
    started = time.perf_counter()
    try:
        session = save_session(make_report(), "P2", db)
    finally:
        release.join()
        holder.close()
    assert session == 3
    assert time.perf_counter() - started >= 0.4


# 2. Read-only and damaged files ------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_read_only_database(capsys, db, track, command):
    with read_only(db):
        code, _, err = run(capsys, *argv(command, db, track))
    if command in WRITING:
        assert_one_line_exit_2(code, err, str(db), "read-only")
    else:  # reading a read-only history is fine
        assert code == 0, err


@pytest.mark.parametrize("command", COMMANDS)
def test_damaged_page(capsys, db, track, command):
    damage_root_page(db, "sessions")
    code, _, err = run(capsys, *argv(command, db, track))
    assert_one_line_exit_2(code, err, str(db), "damaged")


def test_a_folder_is_not_a_database(capsys, tmp_path):
    code, _, err = run(capsys, *["history", "--db", str(tmp_path), "list"])
    assert_one_line_exit_2(code, err, str(tmp_path), "is a folder")


@pytest.mark.parametrize("btree", ["patients", "sqlite_autoindex_patients_1", "checkins"])
@pytest.mark.parametrize("command", COMMANDS)
def test_damage_elsewhere_is_one_line_or_harmless(capsys, db, track, command, btree):
    damage_root_page(db, btree)
    code, _, err = run(capsys, *argv(command, db, track))
    if code != 0:
        assert_one_line_exit_2(code, err, str(db), "damaged")


def test_damaged_report_text_is_one_line(capsys, db, track):
    data = bytearray(db.read_bytes())
    at = data.index(b'"exercise"')  # inside the first stored report, past page 1
    assert at > 4096
    data[at:at + 10] = b"#" * 10
    db.write_bytes(bytes(data))
    code, _, err = run(capsys, *argv("history export", db, track))
    assert_one_line_exit_2(code, err, str(db), "damaged", "report of session 1")


# 3. A lock held by another process ---------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_locked_database_is_reported_as_busy(capsys, monkeypatch, db, track, command):
    monkeypatch.setattr(database, "BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, _, err = run(capsys, *argv(command, db, track))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert_one_line_exit_2(code, err, str(db), "busy", "try again")
    assert "not a usable" not in err


# 4. `check --patient` validates before the analysis ----------------------------------


def _newer(db: Path) -> None:
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 1,))


@pytest.mark.parametrize(("label", "spoil", "needle"), [
    ("   ", None, "patient label is blank"),
    ("", None, "patient label is blank"),
    ("P1", _newer, "newer formcheck"),
    ("P1", lambda db: damage_root_page(db, "checkins"), "damaged"),
    ("P1", "read-only", "read-only"),
])
def test_check_refuses_before_analysing(capsys, monkeypatch, db, track, label, spoil, needle):
    def analysis(*args, **kwargs):
        raise AssertionError("the analysis ran")

    monkeypatch.setattr("formcheck.session.runner.run_recording", analysis)
    args = ["check", str(track), "-e", "squat", "-q", "-o", str(track.parent / "r.json"),
            "--patient", label]
    with read_only(db) if spoil == "read-only" else contextlib.nullcontext():
        if callable(spoil):
            spoil(db)
        code, _, err = run(capsys, *args)
    assert_one_line_exit_2(code, err, needle)
    assert not (track.parent / "r.json").exists()


def test_check_with_a_usable_database_does_analyse(capsys, monkeypatch, db, track):
    def analysis(*args, **kwargs):
        raise AssertionError("the analysis ran")

    monkeypatch.setattr("formcheck.session.runner.run_recording", analysis)
    with pytest.raises(AssertionError, match="the analysis ran"):
        main(["check", str(track), "-e", "squat", "-q", "--patient", "P1"])


# 5. Control characters in stored text ------------------------------------------------


def test_escape_sequences_in_a_label_are_not_printed_raw(capsys, db):
    save_session(make_report(), "Red\x1b[31mAlert", db)
    code, out, _ = run(capsys, *["history", "--db", str(db), "list"])
    assert code == 0
    assert "\x1b" not in out
    assert "Red\\x1b[31mAlert" in out


def test_printable_escapes_only_control_characters():
    assert printable("Zoë Ångström 👩‍⚕️ 李") == "Zoë Ångström 👩‍⚕️ 李"
    assert printable("a\nb\tc\x7f\x9b") == "a\\x0ab\\x09c\\x7f\\x9b"
    assert printable("abc\u202edef") == "abc\\u202edef"
