"""Damaged or odd inputs: each gives one clear line (exit 2), never a traceback.

Each test reproduces one case of the hardening issue:

1. landmark tracks damaged on disk or inconsistent inside, through
   ``formcheck check``, ``formcheck report`` and the review app's report page;
2. a truncated video, whose decoding printed raw FFmpeg lines;
3. a still image (PNG, JPEG) given as a video, once taken as a one-frame video;
4. a track with nobody in it, which said "nobody was found" yet listed reps.

The tracks are a 3-rep squat set from ``pose_factory`` (300 frames) or, where the
issue named it, ``samples/squat_side.track.npz`` (509 frames, 5 reps).
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest
from cli_checks import assert_one_line_exit_2, run
from pose_factory import squat_set
from report_factory import make_report

from formcheck.cli import main
from formcheck.errors import UserError
from formcheck.pose.block import PoseBlock
from formcheck.pose.track import Track, load_track, save_track
from formcheck.stderr_capture import StderrSieve
from formcheck.video import VideoReader
from formcheck.video.container import cut_short

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "squat_side.track.npz"
LANDMARKS = ("image_xy", "image_z", "visibility", "presence", "world_xyz")
FRAMES = len(squat_set(3))


def assert_one_line(code: int, err: str, *needles: str) -> None:
    """Exit 2 and a single stderr line holding every needle, with no numpy advice."""
    assert_one_line_exit_2(code, err, *needles)
    assert "pickle" not in err


# --- 1. damaged and inconsistent landmark tracks --------------------------------------


def good_track(folder: Path, name: str = "set.track.npz") -> Path:
    path = folder / name
    save_track(Track(PoseBlock.from_frames(squat_set(3)), {"fps": 30.0, "image_size": [640, 480]}),
               path)
    return path


def arrays_of(path: Path) -> dict[str, np.ndarray]:
    with np.load(path) as data:
        return {key: data[key] for key in data.files}


def rewrite(path: Path, **changes: np.ndarray | None) -> None:
    """Save the track at `path` again with fields replaced (None drops the field)."""
    arrays = arrays_of(path)
    for key, value in changes.items():
        if value is None:
            del arrays[key]
        else:
            arrays[key] = value
    np.savez_compressed(path, **arrays)  # allow_pickle is on here: object arrays get written


def member_data_offset(data: bytes, member: str) -> tuple[int, int]:
    """(offset, length) of a zip member's compressed bytes inside the archive `data`."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    name_len = int.from_bytes(data[info.header_offset + 26: info.header_offset + 28], "little")
    extra_len = int.from_bytes(data[info.header_offset + 28: info.header_offset + 30], "little")
    return info.header_offset + 30 + name_len + extra_len, info.compress_size


def flipped(data: bytes, at: int) -> bytes:
    out = bytearray(data)
    out[at] ^= 0xFF
    out[at + 1] ^= 0x5A
    return bytes(out)


def flip_bytes_zlib_rejects(path: Path, member: str = "timestamp_ms.npy") -> None:
    """Flip two bytes inside `member` where the deflate stream itself breaks."""
    data = path.read_bytes()
    start, length = member_data_offset(data, member)
    for at in range(start, start + length - 1):
        try:
            zlib.decompressobj(-zlib.MAX_WBITS).decompress(flipped(data, at)[start:start + length])
        except zlib.error:
            path.write_bytes(flipped(data, at))
            return
    raise AssertionError("no flip breaks the deflate stream")


def world_without_image(path: Path) -> None:
    arrays = arrays_of(path)
    image = arrays["image_xy"].copy()
    image[10:20] = np.nan
    rewrite(path, image_xy=image)


def stalled_time(path: Path) -> None:
    times = arrays_of(path)["timestamp_ms"].copy()
    times[5] = times[4]
    rewrite(path, timestamp_ms=times)


def lost_time(path: Path) -> None:
    times = arrays_of(path)["timestamp_ms"].copy()
    times[5] = np.nan
    rewrite(path, timestamp_ms=times)


def field(key: str, change: Callable[[np.ndarray], np.ndarray]) -> Callable[[Path], None]:
    return lambda path: rewrite(path, **{key: change(arrays_of(path)[key])})


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "flipped bytes in a member": (flip_bytes_zlib_rejects, "field 'timestamp_ms' is damaged"),
    "truncated file": (lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size * 6 // 10]),
                       "not a complete .npz archive"),
    "random bytes": (lambda p: p.write_bytes(np.random.default_rng(0).bytes(5000)),
                     "not a complete .npz archive"),
    "missing member": (lambda p: rewrite(p, visibility=None), "field 'visibility' is missing"),
    "shorter timestamps": (field("timestamp_ms", lambda a: a[:-10]),
                           f"field 'timestamp_ms' has {FRAMES - 10} values for {FRAMES} frames"),
    "wrong landmark shape": (field("image_xy", lambda a: a[:, :20]),
                             f"field 'image_xy' has shape ({FRAMES}, 20, 2), "
                             f"expected ({FRAMES}, 33, 2)"),
    "frame numbers in 2-D": (field("frame_index", lambda a: a.reshape(-1, 1)),
                             f"field 'frame_index' has shape ({FRAMES}, 1)"),
    "landmarks as text": (field("image_xy", lambda a: a.astype(str)),
                          "field 'image_xy' holds text; expected numbers"),
    "complex landmarks": (field("world_xyz", lambda a: a.astype(np.complex64)),
                          "field 'world_xyz' holds complex numbers"),
    "decimal frame numbers": (field("frame_index", lambda a: a + 0.5),
                              "field 'frame_index' holds decimal numbers; expected whole numbers"),
    "repeated timestamp": (stalled_time, "field 'timestamp_ms' is not strictly increasing"),
    "missing timestamp": (lost_time, "field 'timestamp_ms' has no valid time at frame 5"),
    "object landmarks": (field("image_xy", lambda a: a.astype(object)),
                         "field 'image_xy' holds Python objects"),
    "object meta": (lambda p: rewrite(p, meta=np.array({"fps": 30}, dtype=object)),
                    "field 'meta' holds Python objects"),
    "version as text": (lambda p: rewrite(p, version=np.array("one")),
                        "field 'version' is missing or not a whole number"),
    "meta not an object": (lambda p: rewrite(p, meta=np.array("[1, 2]")),
                           "field 'meta' is not a JSON object"),
    "image size as text": (lambda p: rewrite(p, meta=np.array('{"image_size": "big"}')),
                           'field \'meta\' has image_size "big"'),
    "world landmarks without image ones": (
        world_without_image, "field 'world_xyz' has landmarks that field 'image_xy' lacks"),
}


@pytest.fixture(params=list(DAMAGE), ids=list(DAMAGE))
def damage(request: pytest.FixtureRequest) -> tuple[Callable[[Path], None], str]:
    return DAMAGE[request.param]


def test_check_names_the_file_and_the_problem(tmp_path, capsys, damage) -> None:
    spoil, problem = damage
    track = good_track(tmp_path)
    spoil(track)
    out = tmp_path / "r.json"
    code, _, err = run(capsys, "check", str(track), "--exercise", "squat", "-o", str(out))
    assert_one_line(code, err, str(track), problem)
    assert not out.exists()


def test_report_names_the_file_and_the_problem(tmp_path, capsys, damage) -> None:
    spoil, problem = damage
    track = good_track(tmp_path)
    report = tmp_path / "r.json"
    assert run(capsys, "check", str(track), "-e", "squat", "-o", str(report), "-q")[0] == 0
    spoil(track)
    page = tmp_path / "r.html"
    code, _, err = run(capsys, "report", str(report), "-o", str(page))
    assert_one_line(code, err, str(track), problem)
    assert not page.exists()


def test_flipped_bytes_anywhere_give_one_line_or_the_same_track(tmp_path) -> None:
    track = good_track(tmp_path)
    data = track.read_bytes()
    whole = load_track(track)
    with zipfile.ZipFile(track) as archive:
        members = [info.filename for info in archive.infolist()]
    spoilt = tmp_path / "spoilt.track.npz"
    for member in members:
        start, length = member_data_offset(data, member)
        for at in range(start, start + length - 1, max(1, length // 12)):
            spoilt.write_bytes(flipped(data, at))
            try:
                read = load_track(spoilt)
            except UserError as exc:
                assert "\n" not in str(exc) and str(spoilt) in str(exc)
                continue
            # A flip deflate can absorb (e.g. in an unused bit) leaves the same data.
            assert all(np.array_equal(getattr(read, key), getattr(whole, key), equal_nan=True)
                       for key in ("frame_index", "timestamp_ms", *LANDMARKS))


@pytest.mark.parametrize("name", ["flipped bytes in a member", "shorter timestamps",
                                  "random bytes", "object landmarks"])
def test_review_app_shows_the_reason_on_the_report_page(tmp_path, name) -> None:
    pytest.importorskip("flask")
    from formcheck.history import save_session
    from formcheck.serve.app import create_app

    clip = tmp_path / "clip.mp4"
    session = save_session(make_report(source_path=str(clip)), "Ann", tmp_path / "h.db")
    spoil, problem = DAMAGE[name]
    spoil(good_track(tmp_path, "clip.mp4.track.npz"))
    app = create_app(tmp_path / "h.db")
    page = app.test_client().get(f"/sessions/{session}/report.html",
                                 base_url="http://127.0.0.1:8765")
    assert page.status_code == 200
    text = page.get_data(as_text=True).replace("&#39;", "'")
    assert "clip.mp4.track.npz" in text and problem in text
    assert "Squat" in text  # the report itself is still there


# --- 2. a truncated video ---------------------------------------------------------------


def test_sieve_keeps_noise_back_and_passes_the_rest_on(capfd) -> None:
    with StderrSieve(lambda line: line.startswith("[h264 @")) as sieve:
        for _ in range(2):
            with sieve.call():
                os.write(2, b"[h264 @ 0x55d0] Invalid NAL unit size\n\r 45%|###  |\nkept\n")
        assert list(sieve.withheld) == ["[h264 @ 0x55d0] Invalid NAL unit size"] * 2
    assert capfd.readouterr().err == "\r 45%|###  |\nkept\n" * 2


def write_clip(path: Path, fourcc: str, frames: int = 60) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*fourcc), 10.0, (64, 48))
    for i in range(frames):
        image = np.zeros((48, 64, 3), np.uint8)
        image[-6:, :, 1] = (10 * i) % 250
        writer.write(image)
    writer.release()
    return path


def cut(path: Path, fraction: float, folder: Path) -> Path:
    data = path.read_bytes()
    out = folder / f"cut_{path.name}"
    out.write_bytes(data[: int(len(data) * fraction)])
    return out


@pytest.mark.parametrize("suffix, fourcc", [(".avi", "MJPG"), (".mp4", "mp4v")])
def test_cut_short_containers_are_told_from_whole_ones(tmp_path, suffix, fourcc) -> None:
    whole = write_clip(tmp_path / f"clip{suffix}", fourcc)
    assert not cut_short(whole)
    assert cut_short(cut(whole, 0.5, tmp_path))


def test_decoding_a_truncated_video_prints_no_ffmpeg_lines(tmp_path, capfd) -> None:
    truncated = cut(write_clip(tmp_path / "clip.avi", "MJPG"), 0.5, tmp_path)
    with VideoReader(truncated) as reader:
        frames = list(reader)
    assert 10 < len(frames) < 50 and reader.truncated
    assert " @ 0x" not in capfd.readouterr().err


@pytest.mark.e2e
def test_truncated_clip_is_said_to_be_truncated_once(clips_dir, lite_model, tmp_path,
                                                      capfd) -> None:
    clip = clips_dir / "push_up" / "calimiro_push-up_1.mp4"
    if not clip.is_file():
        pytest.skip(f"{clip} not available")
    truncated = cut(clip, 0.6, tmp_path)
    code = main(["check", str(truncated), "-e", "push_up", "--model", "lite",
                 "-o", str(tmp_path / "r.json")])
    out, err = capfd.readouterr()
    assert code == 0
    assert " @ 0x" not in err and "partial file" not in err
    assert (out + err).replace(str(tmp_path), "").count("truncated") == 1


# --- 3. a still image given as a video --------------------------------------------------


@pytest.mark.parametrize("written, given, kind", [
    (".png", "photo.png", "PNG"), (".png", "photo.mp4", "PNG"),
    (".jpg", "photo.jpg", "JPEG"), (".jpg", "photo.mov", "JPEG"),
])
def test_still_image_is_refused_as_an_image(tmp_path, capsys, written, given, kind) -> None:
    ok, encoded = cv2.imencode(written, np.full((240, 320, 3), 128, np.uint8))
    assert ok
    image = tmp_path / given
    image.write_bytes(encoded.tobytes())
    out = tmp_path / "r.json"
    code, _, err = run(capsys, "check", str(image), "-e", "squat", "--model", "lite",
                       "-o", str(out))
    assert_one_line(code, err, str(image), f"this is a {kind} image, not a video")
    assert not out.exists()
    with pytest.raises(UserError, match=f"{kind} image"):
        VideoReader(image)


# --- 4. a track with nobody in it ---------------------------------------------------------


def nobody_in(path: Path, keys: tuple[str, ...]) -> None:
    arrays = arrays_of(path)
    rewrite(path, **{key: np.full_like(arrays[key], np.nan) for key in keys})


def test_track_with_nobody_in_it_is_refused_as_a_video_is(tmp_path, capsys) -> None:
    track = tmp_path / "nobody.track.npz"
    shutil.copy(SAMPLE, track)
    nobody_in(track, ("image_xy", "image_z", "world_xyz"))
    rewrite(track, visibility=np.zeros((509, 33), np.float32),
            presence=np.zeros((509, 33), np.float32))
    out = tmp_path / "r.json"
    code, stdout, err = run(capsys, "check", str(track), "-e", "squat", "-o", str(out))
    assert_one_line(code, err, str(track), "no person was found in any of 509 frames")
    assert "rep" not in stdout and not out.exists()


def test_track_with_only_image_landmarks_missing_lists_no_reps(tmp_path, capsys) -> None:
    """The issue's case: every image landmark NaN said "nobody" yet counted 5 reps."""
    track = tmp_path / "no_image.track.npz"
    shutil.copy(SAMPLE, track)
    nobody_in(track, ("image_xy",))
    code, stdout, err = run(capsys, "check", str(track), "-e", "squat",
                            "-o", str(tmp_path / "r.json"))
    assert_one_line(code, err, str(track), "a landmark not seen is missing from both")
    assert "rep" not in stdout
