"""VideoReader on small videos written with cv2.VideoWriter (no model needed).

Each generated clip is `N_FRAMES` frames of 64x48 at 10 frames/s: black, with a red
block in the top-left corner (to check orientation) and a bottom strip whose green
level encodes the frame number.
"""

from __future__ import annotations

import os
import struct
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from formcheck.errors import UserError
from formcheck.video import VideoReader
from formcheck.video.reader import QUEUE_BYTES

N_FRAMES = 20
WIDTH, HEIGHT = 64, 48
FPS = 10.0


def make_frame(i: int) -> np.ndarray:
    frame = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    frame[: HEIGHT // 4, : WIDTH // 4] = (0, 0, 255)
    frame[-6:, :, 1] = (10 * i) % 250
    return frame


def write_video(path: Path, fourcc: str, n: int = N_FRAMES) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*fourcc), FPS, (WIDTH, HEIGHT))
    assert writer.isOpened(), f"cannot write {path.suffix} with {fourcc}"
    for i in range(n):
        writer.write(make_frame(i))
    writer.release()
    return path


def with_rotation(src: Path, dst: Path, degrees: int) -> Path:
    """Copy an mp4, setting its track header's display matrix to rotate by `degrees`.

    The matrix is the one phones write: players turn the stored frame clockwise.
    """
    one = 1 << 16
    abcd = {90: (0, one, -one, 0), 180: (-one, 0, 0, -one), 270: (0, -one, one, 0)}[degrees]
    data = bytearray(src.read_bytes())
    tkhd = data.index(b"tkhd")
    assert data[tkhd + 4] == 0, "expects a version-0 track header"
    a, b, c, d = abcd
    # version/flags 4, times/ids/duration 20, reserved/layer/group/volume 16 bytes
    struct.pack_into(">9i", data, tkhd + 4 + 4 + 20 + 16, a, b, 0, c, d, 0, 0, 0, 1 << 30)
    dst.write_bytes(bytes(data))
    return dst


def red_corner(frame: np.ndarray) -> tuple[float, float]:
    """Centre (row, col) of the red block, as fractions of the frame's height and width."""
    rows, cols = np.nonzero((frame[:, :, 2] > 200) & (frame[:, :, 1] < 60))
    return rows.mean() / frame.shape[0], cols.mean() / frame.shape[1]


@pytest.mark.parametrize(
    ("suffix", "fourcc"),
    [(".mp4", "mp4v"), (".avi", "MJPG"), (".mov", "mp4v"), (".mkv", "XVID"), (".webm", "VP80")],
)
def test_reads_every_frame_in_order(tmp_path: Path, suffix: str, fourcc: str) -> None:
    path = write_video(tmp_path / f"clip{suffix}", fourcc)
    with VideoReader(path) as reader:
        frames = list(reader)
    assert reader.info.width == WIDTH and reader.info.height == HEIGHT
    assert reader.info.fps == pytest.approx(FPS, rel=0.01)
    assert len(frames) == N_FRAMES == reader.frames_decoded
    assert not reader.truncated
    assert [f.index for f in frames] == list(range(N_FRAMES))
    times = np.array([f.timestamp_ms for f in frames])
    assert np.all(np.diff(times) > 0)
    assert times[0] == pytest.approx(0.0, abs=1.0)
    assert np.diff(times) == pytest.approx(1000 / FPS, abs=1.5)
    for i, f in enumerate(frames):
        assert f.bgr.dtype == np.uint8 and f.bgr.shape == (HEIGHT, WIDTH, 3)
        assert f.bgr.flags.c_contiguous
        assert abs(int(f.bgr[-3, WIDTH // 2, 1]) - 10 * i) <= 8  # frame i, in order


def test_reads_an_animated_gif(tmp_path: Path) -> None:
    # OpenCV cannot write GIFs; Pillow (a matplotlib/mediapipe dependency) can.
    image_module = pytest.importorskip("PIL.Image")
    rgb = [image_module.fromarray(make_frame(i)[:, :, ::-1].copy()) for i in range(8)]
    path = tmp_path / "clip.gif"
    rgb[0].save(path, save_all=True, append_images=rgb[1:], duration=[100, 100, 300] + [50] * 5)
    with VideoReader(path) as reader:
        frames = list(reader)
    assert len(frames) == 8
    times = np.array([f.timestamp_ms for f in frames])
    assert np.diff(times) == pytest.approx([100, 100, 300, 50, 50, 50, 50], abs=1.0)


@pytest.mark.parametrize(
    ("degrees", "corner"),
    [(90, (0.0, 1.0)), (180, (1.0, 1.0)), (270, (1.0, 0.0))],
)
def test_rotated_phone_video_comes_out_upright_once(
    tmp_path: Path, degrees: int, corner: tuple[float, float]
) -> None:
    stored = write_video(tmp_path / "stored.mp4", "mp4v")
    path = with_rotation(stored, tmp_path / f"rot{degrees}.mp4", degrees)
    with VideoReader(path) as reader:
        frames = list(reader)
    size = (HEIGHT, WIDTH) if degrees in (90, 270) else (WIDTH, HEIGHT)
    assert (reader.info.width, reader.info.height) == size
    assert reader.info.rotation_deg == degrees
    assert frames[0].bgr.shape[:2] == (size[1], size[0])
    row, col = red_corner(frames[0].bgr)
    assert abs(row - corner[0]) < 0.3 and abs(col - corner[1]) < 0.3


def test_truncated_file_yields_decodable_frames_and_says_so(tmp_path: Path) -> None:
    path = write_video(tmp_path / "long.avi", "MJPG", n=60)
    data = path.read_bytes()
    cut = tmp_path / "cut.avi"
    cut.write_bytes(data[: len(data) // 2])
    with VideoReader(cut) as reader:
        frames = list(reader)
    assert 10 < len(frames) < 50
    assert reader.truncated
    assert np.all(np.diff([f.timestamp_ms for f in frames]) > 0)


def test_frames_are_decoded_ahead_up_to_a_memory_budget(tmp_path: Path) -> None:
    # Small frames: the whole clip fits in the budget, so the decoder runs to its end
    # while the caller still holds the first frame (a schedule that skips frames then
    # takes several at once); a frame's own size in bytes sets how many wait.
    path = write_video(tmp_path / "clip.avi", "MJPG", n=60)
    assert 60 * WIDTH * HEIGHT * 3 < QUEUE_BYTES
    with VideoReader(path) as reader:
        frames = iter(reader)
        next(frames)
        deadline = time.monotonic() + 10.0
        while reader.frames_decoded < 60 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert reader.frames_decoded == 60
    with VideoReader(path, queue_size=2) as reader:
        frames = iter(reader)
        next(frames)
        time.sleep(0.3)
        assert reader.frames_decoded <= 4  # the one taken, two waiting, one being put


def test_stopping_early_releases_the_decoder(tmp_path: Path) -> None:
    path = write_video(tmp_path / "clip.avi", "MJPG", n=60)
    reader = VideoReader(path, queue_size=2)
    for frame in reader:
        if frame.index == 3:
            break
    reader.close()
    assert reader._thread is not None and not reader._thread.is_alive()
    assert not reader.truncated
    with pytest.raises(RuntimeError, match="only once"):
        next(iter(reader))


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.mp4"
    with pytest.raises(UserError, match="absent.mp4: no such file"):
        VideoReader(path)


def test_directory_is_not_a_video(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=f"{tmp_path.name}: not a file"):
        VideoReader(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.mp4"
    path.touch()
    with pytest.raises(UserError, match="empty.mp4: the file is empty"):
        VideoReader(path)


@pytest.mark.parametrize(
    "content", [b"these are my exercise notes\n", bytes(range(256)) * 400], ids=["text", "binary"]
)
def test_non_video_renamed_mp4(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.mp4"
    path.write_bytes(content)
    with pytest.raises(UserError, match=r"notes.mp4: not a readable video file") as err:
        VideoReader(path)
    assert "\n" not in str(err.value)


def test_header_only_file(tmp_path: Path) -> None:
    whole = write_video(tmp_path / "whole.mp4", "mp4v").read_bytes()
    path = tmp_path / "head.mp4"
    path.write_bytes(whole[:40])
    with pytest.raises(UserError, match="head.mp4"):
        VideoReader(path)


def test_unreadable_file(tmp_path: Path) -> None:
    path = write_video(tmp_path / "locked.avi", "MJPG")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("file permissions are not enforced for this user (root)")
        with pytest.raises(UserError, match="locked.avi: permission denied"):
            VideoReader(path)
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize(("suffix", "fourcc"), [(".avi", "MJPG"), (".mp4", "mp4v")])
def test_video_with_zero_frames(tmp_path: Path, suffix: str, fourcc: str) -> None:
    path = write_video(tmp_path / f"none{suffix}", fourcc, n=0)
    with pytest.raises(UserError, match=f"none{suffix}: "):
        VideoReader(path)


def test_recycled_frames_are_filled_again_with_the_right_pictures(tmp_path: Path) -> None:
    path = write_video(tmp_path / "clip.avi", "MJPG")
    seen_arrays: set[int] = set()
    greens = []
    with VideoReader(path, rgb=True) as reader:
        for frame in reader:
            assert (frame.rgb == frame.bgr[:, :, ::-1]).all()
            greens.append(int(frame.bgr[-3, WIDTH // 2, 1]))
            seen_arrays.add(id(frame.bgr))
            reader.recycle(frame)
    assert len(greens) == N_FRAMES
    assert all(abs(g - 10 * i) <= 8 for i, g in enumerate(greens))  # frame i, in order
    assert len(seen_arrays) < N_FRAMES  # arrays were reused


def test_a_video_opened_ahead_is_handed_over_and_an_unused_one_closed(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from formcheck.session.prefetch import ReaderPrefetch

    first = write_video(tmp_path / "a.avi", "MJPG")
    second = write_video(tmp_path / "b.avi", "MJPG", n=5)
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"not a video at all")
    with ThreadPoolExecutor(max_workers=1) as pool:
        scheduled = []

        def schedule(*args, **kwargs):
            scheduled.append(pool.submit(*args, **kwargs))
            return scheduled[-1]

        readers = ReaderPrefetch(schedule)
        readers.expect(first, rgb=True)
        readers.start_expected()
        ahead = scheduled[-1].result()  # opened in the background
        with readers.open(first, rgb=True) as reader:
            assert reader is ahead and len(list(reader)) == N_FRAMES
        readers.expect(second, rgb=False)
        readers.start_expected()
        unused = scheduled[-1].result()
        with readers.open(first, rgb=False) as reader:  # not the one expected
            assert reader is not unused and len(list(reader)) == N_FRAMES
        assert not unused._capture.isOpened()  # the unused one was closed
        readers.expect(bad, rgb=True)
        readers.start_expected()
        with pytest.raises(UserError, match="bad.mp4"):
            readers.open(bad, rgb=True)
        readers.close()


def test_frames_passed_over_come_in_order_without_images_and_the_last_with_its_own(
    tmp_path: Path,
) -> None:
    """Frames before the time given to pass_over_until have no image; every frame still
    comes, in order, and the last one (here also passed over) has its own picture."""
    path = write_video(tmp_path / "clip.mp4", "mp4v")
    with VideoReader(path, queue_size=1, rgb=True) as reader:
        frames = []
        for frame in reader:
            frames.append(frame)
            if frame.index == 2:  # frames from index 3 on are decoded after this
                reader.pass_over_until(10_000.0)  # well past the end (2 s)
    assert [f.index for f in frames] == list(range(N_FRAMES))
    assert all(f.bgr is not None for f in frames[:3])
    middle = frames[6:-1]  # queue_size 1: at most a few frames were decoded ahead
    assert middle and all(f.bgr is None and f.rgb is None for f in middle)
    last = frames[-1]
    assert last.bgr is not None and last.rgb is not None
    assert abs(int(last.bgr[-3, WIDTH // 2, 1]) - 10 * (N_FRAMES - 1)) <= 8
