"""Frame sources for the live mode: a camera, or a video file played as if it were one."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

from formcheck.errors import UserError
from formcheck.stderr_capture import capture_stderr_fd
from formcheck.video import VideoReader

# A camera that returns no frame for this long is taken to have gone away.
CAMERA_LOST_S = 2.0
_CAMERA_RETRY_S = 0.01


class CameraGrabber:
    """Frames from a camera, stamped with the time since opening in ms.

    Args:
        index: OpenCV camera index (0 is usually the built-in webcam).
        clock: monotonic time source in seconds (replaceable in tests).

    Raises:
        UserError: no camera could be opened at `index`, or it gave no frame.
    """

    def __init__(self, index: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.index = index
        self._clock = clock
        with capture_stderr_fd():  # OpenCV's own complaints; we raise one clear line
            self._capture = cv2.VideoCapture(index)
            ok, first = self._capture.read() if self._capture.isOpened() else (False, None)
        if not ok or first is None:
            self._capture.release()
            raise UserError(
                f"--camera {index}: no camera could be opened (is one connected and free? "
                "try another index, or --source FILE to play a video)"
            )
        self._pending: np.ndarray | None = first
        self._start_s = clock()
        self._last_ms = -1.0
        height, width = first.shape[:2]
        self.size = (int(width), int(height))
        fps = self._capture.get(cv2.CAP_PROP_FPS)
        self.fps = float(fps) if np.isfinite(fps) and fps > 0 else 30.0

    def read(self) -> tuple[float, np.ndarray] | None:
        """The next frame; None once the camera has given nothing for CAMERA_LOST_S."""
        image, waited_since = self._pending, self._clock()
        self._pending = None
        while image is None:
            ok, image = self._capture.read()
            if not ok:
                image = None
                if self._clock() - waited_since > CAMERA_LOST_S:
                    return None
                time.sleep(_CAMERA_RETRY_S)
        ms = (self._clock() - self._start_s) * 1000.0
        self._last_ms = ms = max(ms, self._last_ms + 1.0)
        return ms, np.ascontiguousarray(image)

    def close(self) -> None:
        """Release the camera."""
        self._capture.release()


class FileGrabber:
    """A video file played as a camera.

    In real-time pace each frame becomes available at its presentation time
    (the first frame at once), whatever the consumer does, so a slow consumer
    misses frames as it would with a camera. Otherwise frames come as fast as
    they are taken. Timestamps are the file's own, as `formcheck check` uses them.

    Args:
        path: the video file.
        realtime: play at the file's own pace.
        clock: monotonic time source in seconds (replaceable in tests).
        sleep: sleeping function in seconds (replaceable in tests).

    Raises:
        UserError: the file is missing or not a readable video.
    """

    def __init__(
        self,
        path: Path,
        realtime: bool = True,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.path = Path(path)
        self.realtime = realtime
        self._clock = clock
        self._sleep = sleep
        self._reader = VideoReader(self.path)
        info = self._reader.info
        self.fps = info.fps
        self.size = (info.width, info.height)
        self._frames = iter(self._reader)
        self._start: tuple[float, float] | None = None  # (wall s, video ms) of the first frame

    def read(self) -> tuple[float, np.ndarray] | None:
        """The next frame, at its presentation time in real-time pace; None at the end."""
        frame = next(self._frames, None)
        if frame is None:
            return None
        if self.realtime:
            if self._start is None:
                self._start = (self._clock(), frame.timestamp_ms)
            due = self._start[0] + (frame.timestamp_ms - self._start[1]) / 1000.0
            if (wait := due - self._clock()) > 0:
                self._sleep(wait)
        return frame.timestamp_ms, frame.bgr

    def close(self) -> None:
        """Stop decoding and release the file."""
        self._reader.close()
