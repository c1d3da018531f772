"""Outputs that cannot be written, special files, the annotated video and broken model bundles.

Every case is one line on stderr and exit code 2, never a traceback, and nothing
half-written left behind. A full disk and a read-only file system are simulated
by making the atomic writer's `open` fail with ENOSPC / EROFS (we run as root,
so permissions cannot make a folder unwritable); a folder in the way, a path
under a regular file, FIFOs and character devices are real. One annotated-video
test fills a real file-size limit (RLIMIT_FSIZE) in a subprocess, so OpenCV's
own write path fails as on a full disk.

Fixtures: `squat_track` is a synthetic three-squat track; `report_json` a
report checked from it; `blank_video` 20 black 64x48 frames (nobody in view).
"""

from __future__ import annotations

import errno
import functools
import io
import json
import os
import resource
import stat
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import cv2
import numpy as np
import pytest
from cli_checks import assert_one_line_exit_2
from pose_factory import squat_set

from formcheck import atomic
from formcheck.analysis.engine import Engine
from formcheck.cli import main
from formcheck.errors import UserError
from formcheck.pose.block import PoseBlock
from formcheck.pose.track import Track, save_track
from formcheck.session.exercise import ResolvedExercise
from formcheck.session.outputs import annotated_video
from formcheck.session.outputs.annotated_video import AnnotatedVideo
from formcheck.session.pipeline import Observed
from formcheck.session.recording import Recording
from formcheck.session.runner import run_set
from formcheck.video import VideoInfo
from formcheck.video.writer import H264Writer, VideoWriteError

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture()
def squat_track(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "squats.track.npz"
    path.parent.mkdir()
    save_track(Track(PoseBlock.from_frames(squat_set(3)), {"fps": 30.0}), path)
    return path


@pytest.fixture()
def report_json(squat_track: Path) -> Path:
    path = squat_track.parent / "squats.json"
    assert main(["check", str(squat_track), "-e", "squat", "-q", "-o", str(path)]) == 0
    return path


def write_video(path: Path, frames: list[np.ndarray], fps: float = 30.0) -> Path:
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), fps, (width, height))
    assert writer.isOpened()
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path


@pytest.fixture()
def blank_video(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "blank.mp4"
    path.parent.mkdir(exist_ok=True)
    return write_video(path, [np.zeros((48, 64, 3), np.uint8)] * 20)


def outputs(kind: str, inputs: Path, target: Path) -> list[str]:
    """The command line writing one output of `kind` to `target` (from the squat inputs)."""
    track, report = inputs / "squats.track.npz", inputs / "squats.json"
    scratch = inputs / "r.json"
    return {
        "check -o": ["check", str(track), "-e", "squat", "-q", "-o", str(target)],
        "check --save-track": ["check", str(track), "-e", "squat", "-q", "-o", str(scratch),
                               "--save-track", str(target)],
        "report -o": ["report", str(report), "-o", str(target)],
    }[kind]


KINDS = ("check -o", "check --save-track", "report -o")
SUFFIX = {"check -o": ".json", "check --save-track": ".track.npz", "report -o": ".html"}


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- 1. write errors ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_folder_as_the_target(capsys, report_json: Path, tmp_path: Path, kind: str) -> None:
    folder = tmp_path / f"out{SUFFIX[kind]}"
    folder.mkdir()
    code = main(outputs(kind, report_json.parent, folder))
    assert_one_line_exit_2(code, capsys.readouterr().err, f"cannot write {folder}: it is a folder")
    assert folder.is_dir() and listing(folder) == []


@pytest.mark.parametrize("kind", KINDS)
def test_a_path_under_a_regular_file(capsys, report_json: Path, tmp_path: Path, kind: str) -> None:
    plain = tmp_path / "file.txt"
    plain.write_text("keep me")
    target = plain / f"out{SUFFIX[kind]}"
    code = main(outputs(kind, report_json.parent, target))
    assert_one_line_exit_2(code, capsys.readouterr().err,
                           f"cannot write {target}: {plain} is a file, not a folder")
    assert plain.read_text() == "keep me"


@pytest.mark.parametrize("kind", KINDS)
def test_missing_folders_are_created(capsys, report_json: Path, tmp_path: Path, kind: str) -> None:
    target = tmp_path / "new" / "deeper" / f"out{SUFFIX[kind]}"
    assert main(outputs(kind, report_json.parent, target)) == 0
    assert target.is_file() and stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_folder_in_the_way_is_reported_before_the_check_runs(
    capsys, blank_video: Path, tmp_path: Path
) -> None:
    # A blank video would end in "no person was found"; the output is the first problem.
    folder = tmp_path / "r.json"
    folder.mkdir()
    code = main(["check", str(blank_video), "-e", "squat", "-q", "-o", str(folder)])
    assert_one_line_exit_2(code, capsys.readouterr().err, f"cannot write {folder}: it is a folder")


class FullDisk(io.FileIO):
    """A file whose every write fails as on a full disk."""

    def write(self, data) -> int:  # type: ignore[override]
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("kind", KINDS)
def test_a_full_disk(capsys, monkeypatch, report_json: Path, tmp_path: Path, kind: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / f"out{SUFFIX[kind]}"
    monkeypatch.setattr(atomic, "open", lambda name, mode: FullDisk(name, mode.replace("b", "")),
                        raising=False)
    code = main(outputs(kind, report_json.parent, target))
    assert_one_line_exit_2(code, capsys.readouterr().err,
                           f"cannot write {target}: no space left on device")
    assert listing(out) == []


def fail_with(number: int):
    def fail(*args, **kwargs):
        raise OSError(number, os.strerror(number))

    return fail


@pytest.mark.parametrize("kind", KINDS)
def test_a_read_only_file_system(
    capsys, monkeypatch, report_json: Path, tmp_path: Path, kind: str
) -> None:
    target = tmp_path / "out" / f"out{SUFFIX[kind]}"
    target.parent.mkdir()
    monkeypatch.setattr(atomic, "open", fail_with(errno.EROFS), raising=False)
    # On a read-only file system, removing even a file that is not there fails with EROFS.
    monkeypatch.setattr(os, "unlink", fail_with(errno.EROFS))
    code = main(outputs(kind, report_json.parent, target))
    monkeypatch.undo()
    assert_one_line_exit_2(code, capsys.readouterr().err,
                           f"cannot write {target}: read-only file system")
    assert listing(target.parent) == []


def test_a_full_disk_at_rename_leaves_no_temporary_file(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(atomic.os, "replace", fail_with(errno.ENOSPC))
    with pytest.raises(UserError, match="cannot write .*out.json: no space left on device"), \
            atomic.atomic_output(tmp_path / "out.json") as out:
        out.write(b"{}")
    assert listing(tmp_path) == []


# --- 2. special files --------------------------------------------------------------------------


def test_a_fifo_is_written_to_not_replaced(capsys, squat_track: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "r.json"
    os.mkfifo(fifo)
    received = bytearray()
    # A reader is there before formcheck opens the FIFO, so it never blocks; the
    # test's own writer end keeps the reader from seeing the end before formcheck wrote.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    os.set_blocking(reader, True)
    keeper = os.open(fifo, os.O_WRONLY)

    def drain() -> None:
        while block := os.read(reader, 1 << 16):
            received.extend(block)

    thread = threading.Thread(target=drain, daemon=True)
    thread.start()
    try:
        assert main(["check", str(squat_track), "-e", "squat", "-q", "-o", str(fifo)]) == 0
    finally:
        os.close(keeper)
        thread.join(timeout=10)
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert json.loads(received)["rep_counts"] == {"both": 3}
    assert listing(tmp_path) == ["in", "r.json"]


def test_a_character_device_is_written_to_not_replaced(squat_track: Path, tmp_path: Path) -> None:
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a copy of /dev/null
    except PermissionError:
        pytest.skip("making a device node needs root")
    assert main(["check", str(squat_track), "-e", "squat", "-q", "-o", str(null)]) == 0
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert listing(tmp_path) == ["in", "null"]


def test_a_symbolic_link_is_followed_and_kept(squat_track: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert main(["check", str(squat_track), "-e", "squat", "-q", "-o", str(link)]) == 0
    assert link.is_symlink()
    assert json.loads(real.read_text())["rep_counts"] == {"both": 3}


def test_an_annotated_video_is_not_written_over_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "ann.mp4"
    os.mkfifo(fifo)
    with pytest.raises(UserError, match="ann.mp4: it is a pipe or a device, not a regular file"):
        AnnotatedVideo(fifo, small_video())
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert listing(tmp_path) == ["ann.mp4"]


# --- 3. the annotated video --------------------------------------------------------------------


def small_video(frames: int = 10) -> Recording:
    """A recording of a 64x48, 30 frames/s squat video of `frames` frames."""
    info = VideoInfo(path=Path("squat.mp4"), width=64, height=48, fps=30.0,
                     frame_count=frames, duration_s=frames / 30.0, rotation_deg=0)
    return Recording(ResolvedExercise.resolve("squat"), path="squat.mp4", kind="video",
                     fps=30.0, image_size=(64, 48), model="lite", options={}, video=info)


def annotate(path: Path, frames: int = 10, **others: Path) -> None:
    """Run `frames` synthetic squat frames (on black 64x48 images) into an annotated video
    (and the `others` outputs, by name)."""
    recording = small_video(frames)
    poses = PoseBlock.from_frames(squat_set(1)[:frames])
    observed = [Observed(poses, [np.zeros((48, 64, 3), np.uint8)] * len(poses))]
    run_set(observed, Engine(recording.exercise.spec), recording, {"video": path, **others})


def test_the_annotated_video_is_readable_by_all(tmp_path: Path) -> None:
    path = tmp_path / "ann.mp4"
    annotate(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert listing(tmp_path) == ["ann.mp4"]


def test_an_output_failing_after_the_frames_keeps_no_annotated_video(tmp_path: Path) -> None:
    folder = tmp_path / "in the way.track.npz"
    folder.mkdir()
    with pytest.raises(UserError, match="in the way.track.npz: it is a folder"):
        annotate(tmp_path / "ann.mp4", track=folder)
    assert listing(tmp_path) == ["in the way.track.npz"]


class DiskFillingWriter(H264Writer):
    """The H.264 writer as on a disk that fills up.

    With `good_frames`, writes after that many fail; with `lose_end`, the file is
    cut by a quarter once closed, as when the last of it does not fit.
    """

    def __init__(self, path: Path, *args, good_frames: int | None = None,
                 lose_end: bool = False, **kwargs) -> None:
        super().__init__(path, *args, **kwargs)
        self._path = path
        self._good_frames = good_frames
        self._lose_end = lose_end

    def write(self, bgr: np.ndarray, time_s: float) -> None:
        if self._good_frames is not None and self.frames >= self._good_frames:
            raise VideoWriteError("No space left on device")
        super().write(bgr, time_s)

    def close(self) -> None:
        super().close()
        if self._lose_end:
            os.truncate(self._path, self._path.stat().st_size * 3 // 4)


def test_a_frame_that_cannot_be_written_stops_the_run(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(annotated_video, "H264Writer",
                        functools.partial(DiskFillingWriter, good_frames=2))
    with pytest.raises(UserError, match=r"cannot write .*ann.mp4: frame 3 of the video could not"):
        annotate(tmp_path / "ann.mp4")
    assert listing(tmp_path) == []


def test_a_video_that_cannot_be_finished_is_not_kept(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(annotated_video, "H264Writer",
                        functools.partial(DiskFillingWriter, lose_end=True))
    with pytest.raises(UserError, match=r"cannot write .*ann.mp4: the video could not be complet"):
        annotate(tmp_path / "ann.mp4")
    assert listing(tmp_path) == []


@pytest.fixture()
def needs_lite_model(lite_model: Path) -> None:
    """Skips unless mediapipe and the lite model (in $FORMCHECK_MODEL_DIR) are there."""
    pytest.importorskip("mediapipe")


def test_a_full_disk_under_the_annotated_video_is_one_line(
    needs_lite_model: None, tmp_path: Path
) -> None:
    rng = np.random.default_rng(0)
    # 40 frames: the H.264 encoder holds back about 20 before it writes any
    noise = [rng.integers(0, 256, (240, 320, 3), dtype=np.uint8) for _ in range(40)]
    video = write_video(tmp_path / "noise.mp4", noise)
    ann = tmp_path / "out" / "ann.mp4"
    ann.parent.mkdir()
    limit = 64 * 1024  # bytes a written file may grow to; writes past it fail (EFBIG)
    # Python ignores SIGXFSZ, so a write past the limit fails instead of killing it.
    done = subprocess.run(
        [sys.executable, "-m", "formcheck", "check", str(video), "-e", "squat", "-q",
         "--model", "lite", "-o", str(tmp_path / "r.json"), "--annotate", str(ann)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)),
    )
    # MediaPipe's graph threads may still log a warning of their own mid-video (a known
    # leak, see pose/mediapipe_backend.py); this test is about the video writer's lines.
    from formcheck.pose.mediapipe_backend import _is_noise

    err = "\n".join(line for line in done.stderr.splitlines()
                    if not (_is_noise(line) or "Input tensor memory is not aligned" in line))
    assert_one_line_exit_2(done.returncode, err, f"cannot write {ann}: frame ",
                           "the disk may be full")
    assert listing(ann.parent) == []


def test_a_failed_run_leaves_no_annotated_video(
    capsys, needs_lite_model: None, blank_video: Path, tmp_path: Path
) -> None:
    ann = tmp_path / "out" / "ann.mp4"
    code = main(["check", str(blank_video), "-e", "squat", "-q", "--model", "lite",
                 "-o", str(tmp_path / "r.json"), "--annotate", str(ann)])
    assert_one_line_exit_2(code, capsys.readouterr().err, "no person was found")
    assert not ann.parent.exists() or listing(ann.parent) == []
    assert not (tmp_path / "r.json").exists()


# --- 4. custom model bundles -------------------------------------------------------------------


def bundle(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize("members", [{"readme.txt": b"hello"}, {}], ids=["junk", "empty"])
def test_a_zip_that_is_not_a_pose_bundle(
    capsys, blank_video: Path, tmp_path: Path, members: dict[str, bytes]
) -> None:
    model = bundle(tmp_path / "mine.task", members)
    code = main(["check", str(blank_video), "-e", "squat", "-q", "--model", str(model),
                 "-o", str(tmp_path / "r.json")])
    assert_one_line_exit_2(code, capsys.readouterr().err,
                           f"{model}: not a pose landmarker bundle", "pose_detector.tflite")


def test_a_bundle_mediapipe_cannot_load(
    capsys, needs_lite_model: None, blank_video: Path, tmp_path: Path
) -> None:
    model = bundle(tmp_path / "mine.task", {"pose_detector.tflite": b"junk",
                                            "pose_landmarks_detector.tflite": b"junk"})
    code = main(["check", str(blank_video), "-e", "squat", "-q", "--model", str(model),
                 "-o", str(tmp_path / "r.json")])
    assert_one_line_exit_2(code, capsys.readouterr().err,
                           f"{model}: not a pose landmarker bundle MediaPipe can load")
