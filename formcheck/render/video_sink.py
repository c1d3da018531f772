"""Writing an annotated copy of a checked video."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from formcheck.analysis.results import FrameUpdate
from formcheck.atomic import PendingFile, cannot_write
from formcheck.pose.frame import PoseFrame
from formcheck.render.overlay import draw_skeleton, draw_status
from formcheck.spec.language import ExerciseSpec
from formcheck.stderr_capture import capture_stderr_fd, pass_on


class AnnotatedVideoWriter:
    """A pipeline sink writing frames with skeleton, key metric, counter and cue.

    The video is written to a temporary file and renamed into place (mode 0644)
    only when the run completes without an error, so an interrupted or failed
    run (nobody in view, a full disk) leaves no video behind.

    Write failures: OpenCV reports a frame it could not write (a full disk) only
    through the return value of ``VideoWriter.write``, and one it could not
    finish at all (the index written on release) not at all. So every write is
    checked, the first failure stops the run with a :class:`UserError`, and on
    close the file is opened again and must hold every frame written. OpenCV's
    own warning for a failed frame is silenced while a frame is written (its
    log level is process-wide: other OpenCV warnings in that moment are too).

    Args:
        path: output file (.mp4, mp4v codec); an existing pipe or device is refused.
        spec: the exercise (its rep driver / hold metric is the key value shown).
        fps: frames per second of the output.
        size: (width, height) in pixels.

    Raises:
        UserError: the video cannot be written at `path`.
    """

    def __init__(self, path: Path, spec: ExerciseSpec, fps: float, size: tuple[int, int]) -> None:
        self.path = Path(path)
        self.spec = spec
        key = spec.rep.driver if spec.rep is not None else spec.hold.metric  # type: ignore[union-attr]
        self._keys = tuple(k for k in (key, f"{key}.left", f"{key}.right"))
        self._pending = PendingFile(self.path)
        self._frames = 0
        self._writer = cv2.VideoWriter(str(self._pending.tmp), cv2.VideoWriter_fourcc(*"mp4v"),
                                       fps or 30.0, size)
        if not self._writer.isOpened():
            self._pending.discard()
            raise cannot_write(self.path, "no video can be written here (try a .mp4 name)")

    def on_frame(self, pose: PoseFrame, image: np.ndarray | None, update: FrameUpdate) -> None:
        """Draw on a copy of the frame and append it.

        Raises:
            UserError: the frame could not be written (e.g. the disk is full).
        """
        if image is None:
            return
        frame = image.copy()
        draw_skeleton(frame, pose, faulty=update.active_cue is not None)
        draw_status(frame, self.spec, update, self._keys)
        if not self._quietly_write(frame):
            raise cannot_write(self.path, f"frame {self._frames + 1} of the video could not "
                                          "be written (the disk may be full)")
        self._frames += 1

    def _quietly_write(self, frame: np.ndarray) -> bool:
        level = cv2.utils.logging.getLogLevel()
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
        try:
            return bool(self._writer.write(frame))
        finally:
            cv2.utils.logging.setLogLevel(level)

    def _finish(self) -> bool:
        """Close the writer; True when the file reads back with every frame written."""
        with capture_stderr_fd() as log:
            self._writer.release()
            capture = cv2.VideoCapture(str(self._pending.tmp), cv2.CAP_FFMPEG)
            readable = capture.isOpened()
            frames = capture.get(cv2.CAP_PROP_FRAME_COUNT) if readable else 0
            capture.release()
        complete = readable and int(frames) == self._frames
        if complete:
            pass_on(log.lines())
        return complete

    def __enter__(self) -> AnnotatedVideoWriter:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is not None:
            self._writer.release()
            self._pending.discard()
            return
        if not self._finish():
            self._pending.discard()
            raise cannot_write(self.path, "the video could not be completed (the disk may "
                                          "be full)")
        self._pending.commit()
