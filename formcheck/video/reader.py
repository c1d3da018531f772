"""Reading video files (mp4, avi, mov, mkv, webm, animated GIF) with decoding on a thread.

Facts this module relies on (OpenCV 5.0 with its bundled FFmpeg, checked with
files whose track header carries a rotation matrix):

- ``CAP_PROP_ORIENTATION_AUTO`` is on by default: frames come out already rotated
  upright, and ``CAP_PROP_FRAME_WIDTH/HEIGHT`` report the rotated size. We ask for
  it explicitly and never rotate again ourselves, so rotation happens exactly once.
  The size in :class:`VideoInfo` is taken from the first decoded frame, so it is the
  size of the frames the caller actually gets.
- ``CAP_PROP_POS_MSEC`` read after each ``read()`` is the frame's presentation time
  (variable frame rate preserved). It can repeat or stall on odd files, so the
  reader forces strictly increasing timestamps (see :func:`_next_timestamp`).
- Animated GIFs decode through the same FFmpeg backend, with the GIF frame delays
  as timestamps.
- A truncated mp4 whose index (moov) sits at the front opens normally and its
  frames decode until the data ends; ``read()`` then fails. One whose index was
  cut off does not open at all.
- FFmpeg logs its complaints about damaged data on fd 2 as ``[h264 @ 0x...] ...``
  lines. Those logged while decoding are kept back (:class:`StderrSieve`): for a
  truncated file the caller says once that it was truncated instead; for a
  complete one they are news, and are shown when decoding ends.
- A still image (PNG, JPEG, ...) opens as a one-frame video; it is refused by its
  first bytes before FFmpeg sees it.
"""

from __future__ import annotations

import collections
import contextlib
import math
import os
import queue
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from formcheck.errors import UserError
from formcheck.stderr_capture import StderrSieve, capture_stderr_fd, pass_on
from formcheck.video.container import cut_short
from formcheck.video.still_image import still_image_format

QUEUE_BYTES = 48 * 2**20
"""How much decoded image (bytes) may wait for the caller by default: about 18 frames of
720p, 8 of 1080p. When only some frames are analysed, the caller takes several frames
for each one it runs the model on, faster than they are decoded; frames decoded ahead
while it analysed every frame near a decision carry it through those stretches."""
MIN_QUEUE_SIZE = 4
# A file counts as truncated when it decodes fewer frames than the container
# promises, beyond this slack (containers without a frame index estimate the count
# from duration x fps, which can be off by a frame or two).
_TRUNCATION_SLACK_FRAMES = 2
_TRUNCATION_SLACK_FRACTION = 0.02
_FALLBACK_FPS = 30.0
_FFMPEG_LINE = re.compile(r"^\[[^\]\s]+ @ (?:0x)?[0-9a-fA-F]+\] ")


class DecodePlacement(Protocol):
    """Where a reader's decoding runs (see :func:`formcheck.session.cores.decode_cores`)."""

    @property
    def threads(self) -> int:
        """Decoder threads to ask FFmpeg for."""
        ...

    def pin(self) -> None:
        """Pin the calling thread (the decode thread) to the decode cores."""
        ...

    def pinned(self) -> contextlib.AbstractContextManager[None]:
        """Run a block (opening the file) on the decode cores."""
        ...


@dataclass(frozen=True)
class VideoInfo:
    """What is known about a video before decoding it all.

    Attributes:
        path: the file.
        width: frame width in pixels, after rotation to upright.
        height: frame height in pixels, after rotation to upright.
        fps: nominal frames per second from the container (30 when it gives none).
        frame_count: number of frames the container promises (an estimate for
            formats without a frame index; 0 when unknown).
        duration_s: frame_count / fps, in seconds (an estimate).
        rotation_deg: rotation applied to make frames upright (0, 90, 180 or 270).
    """

    path: Path
    width: int
    height: int
    fps: float
    frame_count: int
    duration_s: float
    rotation_deg: int


@dataclass(frozen=True)
class VideoFrame:
    """One decoded frame.

    Attributes:
        index: 0-based position in decode order.
        timestamp_ms: presentation time in milliseconds; strictly increasing.
        bgr: the image, uint8, shape (height, width, 3), BGR, C-contiguous; None
            for a frame the caller said it would pass over
            (:meth:`VideoReader.pass_over_until`): decoded, but its picture not
            converted to an image.
        rgb: the same image in RGB order (same shape, C-contiguous) when the reader
            was asked for it, else None. Converted on the decode thread, so the
            caller's thread (running inference) does not spend time on it.
    """

    index: int
    timestamp_ms: float
    bgr: np.ndarray | None
    rgb: np.ndarray | None = None


@dataclass(frozen=True)
class _End:
    """Queue sentinel: decoding finished (`error` set when the decoder thread raised)."""

    error: BaseException | None = None


def _take(spares: collections.deque[np.ndarray], like: np.ndarray) -> np.ndarray | None:
    """A recycled array of `like`'s shape and type, or None (the decoder then allocates)."""
    while spares:
        array = spares.popleft()
        if array.shape == like.shape and array.dtype == like.dtype:
            return array
    return None


def _check_path(path: Path) -> None:
    if not path.exists():
        raise UserError(f"{path}: no such file")
    if not path.is_file():
        raise UserError(f"{path}: not a file")
    if not os.access(path, os.R_OK):
        raise UserError(f"{path}: permission denied")
    if path.stat().st_size == 0:
        raise UserError(f"{path}: the file is empty")
    image = still_image_format(path)
    if image is not None:
        raise UserError(f"{path}: this is a {image} image, not a video; formcheck checks "
                        "videos (mp4, mov, avi, mkv, webm, animated GIF) or landmark tracks")


def _is_ffmpeg_line(line: str) -> bool:
    """True for a line FFmpeg logs while decoding, e.g. ``[h264 @ 0x55d0...] ...``."""
    return bool(_FFMPEG_LINE.match(line))


def _last_message(lines: list[str]) -> str:
    for line in reversed(lines):
        text = line.split("]", 1)[-1].strip() if line.startswith("[") else line.strip()
        if text and "can't be used to capture by name" not in text:
            return text
    return ""


def _next_timestamp(reported_ms: float, previous_ms: float | None, frame_ms: float) -> float:
    """The timestamp to give a frame: the reported one, unless it fails to increase.

    Args:
        reported_ms: ``CAP_PROP_POS_MSEC`` after reading the frame.
        previous_ms: timestamp given to the previous frame (None for the first).
        frame_ms: nominal frame interval in ms, used when the reported time stalls.
    """
    if previous_ms is None:
        return max(reported_ms, 0.0) if np.isfinite(reported_ms) else 0.0
    if np.isfinite(reported_ms) and reported_ms > previous_ms:
        return reported_ms
    return previous_ms + frame_ms


class VideoReader:
    """Decodes a video file on a background thread, a few frames ahead of the caller.

    Opening checks the file and decodes the first frame, so a missing, unreadable,
    non-video or empty file raises :class:`UserError` (one line naming the file)
    before any work starts. Iterate once; close it (or use ``with``) when done.

    After iteration, :attr:`truncated` tells whether decoding stopped well before
    the number of frames the container promised (a cut-off download, say): the
    frames that decoded were all yielded, and the caller should report it.

    A caller that will not look at some frames' images says so with
    :meth:`pass_over_until`: those frames are still decoded (the codec needs
    every frame), and given in order with their index and time, but their
    pictures are not converted to images (about half the cost of decoding a
    frame, more at 1080p).

    Attributes:
        info: the video's :class:`VideoInfo`.
        frames_decoded: frames handed to the decode queue so far.
        truncated: set when iteration ends; True if the file ended early.

    Args:
        path: the video file.
        queue_size: how many decoded frames may wait for the caller (default: as
            many as fit in `QUEUE_BYTES`, in BGR and, with `rgb`, RGB; at least
            `MIN_QUEUE_SIZE`).
        rgb: also give each frame in RGB order (:attr:`VideoFrame.rgb`), converted
            on the decode thread.
        cores: where to open the file and run the decode thread (default: where
            the operating system puts them, with FFmpeg's own thread count).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        queue_size: int | None = None,
        rgb: bool = False,
        cores: DecodePlacement | None = None,
    ):
        if queue_size is not None and queue_size < 1:
            raise ValueError(f"queue_size must be >= 1, got {queue_size}")
        self.path = Path(path)
        self._rgb = rgb
        self._cores = cores
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        # Arrays handed back with recycle(), for the decoder to fill again.
        self._spare_bgr: collections.deque[np.ndarray] = collections.deque()
        self._spare_rgb: collections.deque[np.ndarray] = collections.deque()
        self._iterated = False
        self._pass_over_until_ms = -math.inf
        self.frames_decoded = 0
        self.truncated = False
        _check_path(self.path)
        self._capture, first = self._open()
        self._first = first
        self.info = self._probe(first)
        frame_bytes = first.nbytes * (2 if rgb else 1)
        self._queue_size = queue_size if queue_size is not None else max(
            MIN_QUEUE_SIZE, QUEUE_BYTES // max(frame_bytes, 1))

    def _open(self) -> tuple[cv2.VideoCapture, np.ndarray]:
        cores = self._cores
        # FFmpeg's frame threads log a damaged packet from their own thread, after
        # read() has returned, out of the sieve's reach: a file cut short (whose
        # last packets are damaged) is decoded on one thread, so every complaint
        # comes inside read().
        threads = 1 if cut_short(self.path) else None if cores is None else cores.threads
        self._params = [] if threads is None else [cv2.CAP_PROP_N_THREADS, threads]
        placed = contextlib.nullcontext() if cores is None else cores.pinned()
        with placed, capture_stderr_fd() as log:
            capture = self._new_capture()
            ok, first = (False, None)
            if capture.isOpened():
                ok, first = capture.read()
        if not capture.isOpened():
            detail = _last_message(log.lines())
            reason = f" ({detail})" if detail else ""
            raise UserError(f"{self.path}: not a readable video file{reason}")
        if not ok or first is None:
            capture.release()
            raise UserError(f"{self.path}: the video has no frames that can be decoded")
        return capture, first

    def _new_capture(self) -> cv2.VideoCapture:
        """The file opened for decoding, frames rotated upright (see the module's notes)."""
        capture = cv2.VideoCapture(str(self.path), cv2.CAP_FFMPEG, self._params)
        if capture.isOpened():
            capture.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)
        return capture

    def _probe(self, first: np.ndarray) -> VideoInfo:
        fps = self._capture.get(cv2.CAP_PROP_FPS)
        if not (np.isfinite(fps) and fps > 0):
            fps = _FALLBACK_FPS
        count = self._capture.get(cv2.CAP_PROP_FRAME_COUNT)
        frame_count = int(count) if np.isfinite(count) and count > 0 else 0
        rotation = self._capture.get(cv2.CAP_PROP_ORIENTATION_META)
        rotation_deg = int(rotation) % 360 if np.isfinite(rotation) else 0
        height, width = first.shape[:2]
        return VideoInfo(
            path=self.path,
            width=int(width),
            height=int(height),
            fps=float(fps),
            frame_count=frame_count,
            duration_s=frame_count / fps,
            rotation_deg=rotation_deg if rotation_deg in (90, 180, 270) else 0,
        )

    def __iter__(self) -> Iterator[VideoFrame]:
        return self.frames()

    def frames(self) -> Iterator[VideoFrame]:
        """Yield every decodable frame in order; may be called once.

        Raises:
            RuntimeError: when called a second time.
        """
        if self._iterated:
            raise RuntimeError(f"{self.path}: a VideoReader can be iterated only once")
        self._iterated = True
        frames: queue.Queue[VideoFrame | _End] = queue.Queue(maxsize=self._queue_size)
        self._thread = threading.Thread(
            target=self._decode, args=(frames,), name=f"decode {self.path.name}", daemon=True
        )
        self._thread.start()
        try:
            while True:
                item = frames.get()
                if isinstance(item, _End):
                    if item.error is not None:
                        raise item.error
                    return
                yield item
        finally:
            self._stop.set()
            self._drain(frames)

    def pass_over_until(self, t_ms: float) -> None:
        """Say that the images of frames before `t_ms` (ms) will not be looked at.

        Frames the decode thread reaches from now on, up to that time, come with
        ``bgr`` (and ``rgb``) None; frames it decoded ahead already keep their
        images. The last frame always comes with its image. Only ever moves
        forward: a time earlier than one given before changes nothing. Safe to
        call from the caller's thread while the frames are being decoded.
        """
        self._pass_over_until_ms = max(self._pass_over_until_ms, t_ms)

    def _decode(self, frames: queue.Queue[VideoFrame | _End]) -> None:
        """Decode every frame onto `frames`, in order, then put `_End`.

        A frame passed over (before `pass_over_until`) is held back until the
        frame after it decodes: only then is it known not to be the last, which
        is given with its image (decoded again, see `_decoded_again`).
        """
        if self._cores is not None:
            self._cores.pin()
        frame_ms = 1000.0 / self.info.fps
        previous: float | None = None
        index = 0
        image: np.ndarray | None = self._first
        like = self._first  # the shape and type of the frames, for recycled arrays
        self._first = None
        held: VideoFrame | None = None
        decoded = image is not None
        sieve = StderrSieve(_is_ffmpeg_line)
        try:
            while decoded and not self._stop.is_set():
                previous = _next_timestamp(
                    self._capture.get(cv2.CAP_PROP_POS_MSEC), previous, frame_ms
                )
                if image is None and previous >= self._pass_over_until_ms:
                    with sieve.call():
                        decoded, image = self._capture.retrieve(_take(self._spare_bgr, like))
                    if not decoded:
                        break
                if held is not None and not self._put(frames, held):
                    return
                held = None
                if image is None:
                    held = VideoFrame(index, previous, None)
                elif not self._put(frames, self._frame(index, previous, image)):
                    return
                index += 1
                self.frames_decoded = index - (held is not None)
                with sieve.call():
                    decoded, image = self._capture.grab(), None
            if held is not None and not self._stop.is_set():
                with sieve.call():
                    image = self._decoded_again(held.index)
                if not self._put(frames, self._frame(held.index, held.timestamp_ms, image)):
                    return
                self.frames_decoded = index
            expected = self.info.frame_count
            slack = max(_TRUNCATION_SLACK_FRAMES, _TRUNCATION_SLACK_FRACTION * expected)
            self.truncated = not self._stop.is_set() and index < expected - slack
            if not self.truncated:  # then FFmpeg's complaints are news: show them
                pass_on(list(sieve.withheld))
            self._put(frames, _End())
        except BaseException as exc:  # handed to the consumer thread, not swallowed
            self._put(frames, _End(exc))
        finally:
            sieve.close()

    def _frame(self, index: int, timestamp_ms: float, image: np.ndarray) -> VideoFrame:
        """A decoded frame with its image (and, when asked for, its RGB copy)."""
        bgr = np.ascontiguousarray(image)
        rgb = None
        if self._rgb:
            rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB, dst=_take(self._spare_rgb, bgr))
        return VideoFrame(index, timestamp_ms, bgr, rgb)

    def _decoded_again(self, index: int) -> np.ndarray:
        """The image of frame `index`, decoded again from the start of the file.

        For the last frame when it was passed over: that it is the last is
        known only once the frame after it failed to decode, and by then its
        picture is gone. Rare: a caller passes over frames well before the end
        the container promises; only a file shorter than it promises gets here.

        Raises:
            UserError: the file no longer decodes as it did (changed while read).
        """
        capture = self._new_capture()
        try:
            decoded = capture.isOpened()
            for _ in range(index + 1):
                decoded = decoded and capture.grab()
            ok, image = capture.retrieve() if decoded else (False, None)
        finally:
            capture.release()
        if not ok or image is None:
            raise UserError(f"{self.path}: frame {index + 1} no longer decodes "
                            "(was the file changed while it was read?)")
        return image

    def recycle(self, frame: VideoFrame) -> None:
        """Hand back a frame the caller is done with, so its arrays are filled again.

        Optional: it saves allocating (and the kernel zeroing) two fresh frame-sized
        arrays per frame, which costs ~1-2 ms per 1080p frame. Only recycle a frame
        nothing else still refers to; its arrays will be overwritten.
        """
        if frame.bgr is not None:
            self._spare_bgr.append(frame.bgr)
        if frame.rgb is not None:
            self._spare_rgb.append(frame.rgb)

    def _put(self, frames: queue.Queue[VideoFrame | _End], item: VideoFrame | _End) -> bool:
        """Put `item`, waiting for room unless the consumer stopped; False if it did."""
        while not self._stop.is_set():
            try:
                frames.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _drain(self, frames: queue.Queue[VideoFrame | _End]) -> None:
        while True:
            try:
                frames.get_nowait()
            except queue.Empty:
                break
        if self._thread is not None:
            self._thread.join()

    def close(self) -> None:
        """Stop decoding and release the file."""
        self._stop.set()
        if self._thread is not None and self._thread.is_alive():
            self._thread.join()
        self._capture.release()

    def __enter__(self) -> VideoReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
