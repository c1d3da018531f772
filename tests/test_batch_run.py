"""Batch runs on landmark tracks: reports and summary, bad files, skipping, resuming."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_factory import write_squat_track, write_tracks
from exercise_factory import exercise_path

from formcheck.batch.executors import InProcessExecutor, ProcessExecutor
from formcheck.batch.inputs import expand_inputs
from formcheck.batch.runner import run_batch
from formcheck.batch.summary import COLUMNS
from formcheck.cli import main
from formcheck.report.write import read_report
from formcheck.session.options import CheckOptions

REPO = Path(__file__).resolve().parents[1]
# The tests' own squat rules: each track's 2 s squats to 100 degrees count, unflagged.
SIDE_SQUAT = str(exercise_path("side_squat"))
RESULT_COLUMNS = [c for c in COLUMNS if c not in ("status", "processing_s")]


def results(out_dir: Path) -> list[dict]:
    """Summary rows without the columns that differ between runs (status, timing)."""
    rows = json.loads((out_dir / "summary.json").read_text())
    return [{k: r[k] for k in RESULT_COLUMNS} for r in rows]


def statuses(out_dir: Path) -> list[str]:
    return [r["status"] for r in json.loads((out_dir / "summary.json").read_text())]


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """Three squat tracks (2 reps each) and a damaged one, ``bad.track.npz``."""
    folder = tmp_path / "in"
    folder.mkdir()
    write_tracks(folder, 3)
    (folder / "bad.track.npz").write_bytes(b"PK\x03\x04 not really a zip")
    return folder


def test_bad_file_is_reported_and_the_rest_are_checked(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_batch(
        expand_inputs([str(inputs)], SIDE_SQUAT),
        CheckOptions(),
        out,
        InProcessExecutor(),
        show_progress=False,
    )
    by_file = {Path(r.file).name: r for r in result.rows}
    assert by_file["bad.track.npz"].status == "error"
    assert "bad.track.npz" in by_file["bad.track.npz"].error
    assert result.errors == 1
    for i in range(3):
        row = by_file[f"squat_{i:02d}.track.npz"]
        assert (row.status, row.reps, row.flags, row.error) == ("ok", 2, 0, None)
        report = read_report(out / row.report)
        assert report.rep_counts == {"both": 2}
        assert report.options["stride"] == 1 and len(report.options["input_sha256"]) == 64
    assert sorted(p.name for p in out.glob("*.json")) == [
        "squat_00.side_squat.json",
        "squat_01.side_squat.json",
        "squat_02.side_squat.json",
        "summary.json",
    ]
    header = (out / "summary.csv").read_text().splitlines()[0]
    assert header.split(",") == list(COLUMNS)


def test_worker_processes_give_the_same_summary_and_exit_2_on_a_bad_file(
    inputs: Path, tmp_path: Path
) -> None:
    run_batch(
        expand_inputs([str(inputs)], SIDE_SQUAT),
        CheckOptions(),
        tmp_path / "one",
        InProcessExecutor(),
        show_progress=False,
    )
    code = main(
        [
            "check",
            str(inputs),
            "-e",
            SIDE_SQUAT,
            "--out-dir",
            str(tmp_path / "two"),
            "--workers",
            "2",
            "-q",
        ]
    )
    assert code == 2
    assert results(tmp_path / "two") == results(tmp_path / "one")


def test_rerun_skips_up_to_date_reports(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["check", str(inputs), "-e", SIDE_SQUAT, "--out-dir", str(out), "--workers", "1", "-q"]
    main(args)
    first = results(out)
    times = [r["processing_s"] for r in json.loads((out / "summary.json").read_text())]
    stamps = {p: p.stat().st_mtime_ns for p in out.glob("squat_*.json")}
    main(args)
    assert statuses(out) == ["error", "skipped", "skipped", "skipped"]  # bad file is retried
    assert results(out) == first
    assert [r["processing_s"] for r in json.loads((out / "summary.json").read_text())][1:] == times[
        1:
    ]
    assert {p: p.stat().st_mtime_ns for p in out.glob("squat_*.json")} == stamps


def test_rerun_redoes_what_changed(inputs: Path, tmp_path: Path) -> None:
    (inputs / "bad.track.npz").unlink()
    spec = tmp_path / "squat.toml"
    shutil.copy(SIDE_SQUAT, spec)
    out = tmp_path / "out"
    args = ["check", str(inputs), "-e", str(spec), "--out-dir", str(out), "--workers", "1", "-q"]
    assert main(args) == 0
    write_squat_track(inputs / "squat_01.track.npz", reps=3, seed=7)  # new content
    main(args)
    assert statuses(out) == ["skipped", "ok", "skipped"]
    assert results(out)[1]["reps"] == 3
    main([*args, "--stride", "2"])  # different options
    assert statuses(out) == ["ok", "ok", "ok"]
    spec.write_text(spec.read_text() + "\n# edited\n")  # different exercise definition
    main([*args, "--stride", "2"])
    assert statuses(out) == ["ok", "ok", "ok"]
    main([*args, "--stride", "2"])
    assert statuses(out) == ["skipped", "skipped", "skipped"]


def test_batch_refuses_single_file_outputs(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", str(inputs), "-e", SIDE_SQUAT, "-o", str(tmp_path / "r.json")])
    assert code == 2 and "--out-dir" in capsys.readouterr().err


def _cli(*args: str, new_session: bool = False) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "formcheck", "check", *args, "-q"],
        cwd=REPO,
        env=env,
        start_new_session=new_session,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_for_reports(out: Path, proc: subprocess.Popen, at_least: int) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        done = len(list(out.glob("squat_*.json")))
        if done >= at_least:
            return done
        time.sleep(0.005)
    pytest.fail("the batch finished or stalled before it could be interrupted")


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 squat tracks of 8 reps (540 frames each), so a batch lasts a few seconds."""
    folder = tmp_path_factory.mktemp("many")
    write_tracks(folder, 40, reps=8)
    return folder


@pytest.mark.slow
def test_killed_batch_resumes_to_the_same_summary(many: Path, tmp_path: Path) -> None:
    whole, resumed = tmp_path / "whole", tmp_path / "resumed"
    assert _cli(str(many), "-e", SIDE_SQUAT, "--out-dir", str(whole), "--workers", "1").wait() == 0
    proc = _cli(str(many), "-e", SIDE_SQUAT, "--out-dir", str(resumed), "--workers", "1")
    done = _wait_for_reports(resumed, proc, at_least=5)
    proc.kill()
    proc.wait()
    assert 5 <= done < 40
    interrupted = statuses(resumed)
    assert "pending" in interrupted and "ok" in interrupted
    assert (
        _cli(str(many), "-e", SIDE_SQUAT, "--out-dir", str(resumed), "--workers", "1").wait() == 0
    )
    assert statuses(resumed).count("skipped") >= interrupted.count("ok")
    assert results(resumed) == results(whole)


@pytest.mark.slow
def test_ctrl_c_leaves_only_complete_files(many: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = _cli(
        str(many), "-e", SIDE_SQUAT, "--out-dir", str(out), "--workers", "2", new_session=True
    )
    _wait_for_reports(out, proc, at_least=3)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    assert b"Traceback" not in err
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    for report in out.glob("squat_*.json"):
        read_report(report)
    json.loads((out / "summary.json").read_text())
    assert _cli(str(many), "-e", SIDE_SQUAT, "--out-dir", str(out), "--workers", "2").wait() == 0
    assert set(statuses(out)) <= {"ok", "skipped"}


def test_worker_count_must_be_positive() -> None:
    with pytest.raises(Exception, match="--workers must be at least 1"):
        ProcessExecutor(0)
