"""Capture on its own thread, handing the analysis only the newest frame.

A :class:`FrameSlot` holds at most one frame. Under the latest-frame policy a new
frame replaces one the consumer has not taken yet, and the replaced frame is
counted as dropped: inference never works on a stale frame. Under the lossless
policy the producer waits instead (a video checked frame for frame, as in batch).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class CapturedFrame:
    """One frame as the capture thread got it.

    Attributes:
        index: 0-based position in the source, counting frames later dropped.
        timestamp_ms: source time in ms, strictly increasing.
        bgr: the image, uint8, shape (height, width, 3), BGR, C-contiguous.
        captured_s: ``time.monotonic()`` when the frame became available, s.
    """

    index: int
    timestamp_ms: float
    bgr: np.ndarray
    captured_s: float


class FrameSlot:
    """A one-frame hand-over between the capture thread and the analysis.

    Args:
        lossless: when True, :meth:`put` waits for the consumer instead of
            replacing an untaken frame (nothing is dropped).
    """

    def __init__(self, lossless: bool = False) -> None:
        self.lossless = lossless
        self._cond = threading.Condition()
        self._frame: CapturedFrame | None = None
        self._closed = False
        self.produced = 0
        self.dropped = 0

    def put(self, frame: CapturedFrame) -> bool:
        """Offer a frame; returns False once the slot is closed (stop producing)."""
        with self._cond:
            if self.lossless:
                while self._frame is not None and not self._closed:
                    self._cond.wait()
            if self._closed:
                return False
            if self._frame is not None:
                self.dropped += 1
            self._frame = frame
            self.produced += 1
            self._cond.notify_all()
            return True

    def take(self, timeout_s: float | None = None) -> CapturedFrame | None:
        """The newest frame, waiting for one; None when the slot is closed and empty.

        Raises:
            TimeoutError: nothing arrived within `timeout_s` seconds.
        """
        with self._cond:
            if not self._cond.wait_for(lambda: self._frame is not None or self._closed,
                                       timeout_s):
                raise TimeoutError(f"no frame within {timeout_s} s")
            frame, self._frame = self._frame, None
            self._cond.notify_all()
            return frame

    def close(self) -> None:
        """No more frames: the source ended or the consumer stopped. Wakes all waiters."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()


class FrameGrabber(Protocol):
    """A source of frames read one at a time on the capture thread."""

    fps: float
    size: tuple[int, int]

    def read(self) -> tuple[float, np.ndarray] | None:
        """The next frame as (timestamp in ms, BGR image), or None when the source ended."""
        ...

    def close(self) -> None:
        """Release the source."""
        ...


class CaptureThread:
    """Reads a grabber on a daemon thread into a :class:`FrameSlot`.

    Use as a context manager; leaving it stops the thread and closes the grabber.
    After the source ends, :attr:`error` holds what the grabber raised, if anything.

    Args:
        grabber: an open frame source.
        slot: where frames go.
    """

    def __init__(self, grabber: FrameGrabber, slot: FrameSlot) -> None:
        self.grabber = grabber
        self.slot = slot
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="capture", daemon=True)

    def _run(self) -> None:
        index = 0
        try:
            while (item := self.grabber.read()) is not None:
                timestamp_ms, bgr = item
                frame = CapturedFrame(index, timestamp_ms, bgr, time.monotonic())
                if not self.slot.put(frame):
                    return
                index += 1
        except BaseException as exc:  # reported to the consumer, not swallowed
            self.error = exc
        finally:
            self.slot.close()

    def __enter__(self) -> CaptureThread:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.slot.close()
        self._thread.join()
        self.grabber.close()
