"""Output "video": an annotated copy of a checked video (skeleton, key metric, counter, cue)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np

from formcheck.analysis.results import FrameUpdate
from formcheck.atomic import PendingFile, cannot_write
from formcheck.errors import UserError
from formcheck.pose.frame import PoseFrame
from formcheck.render.overlay import draw_skeleton, draw_status
from formcheck.report.document import Report
from formcheck.session.outputs.base import Output
from formcheck.stderr_capture import capture_stderr_fd, pass_on

if TYPE_CHECKING:
    from formcheck.session.recording import Recording


class AnnotatedVideo(Output):
    """Writes every frame with skeleton, key metric, counter and cue (.mp4, mp4v codec).

    The video is written to a temporary file, finished and checked when the
    session writes its outputs (:meth:`write`, the first of them), and renamed
    into place (mode 0644) when the outputs are closed without an error. So a
    run that is interrupted or fails (nobody in view, a full disk, another
    output that cannot be written) leaves no video behind. The key value shown
    is the exercise's rep driver or hold metric.

    Write failures: OpenCV reports a frame it could not write (a full disk) only
    through the return value of ``VideoWriter.write``, and one it could not
    finish at all (the index written on release) not at all. So every write is
    checked, the first failure stops the run with a :class:`UserError`, and on
    finishing the file is opened again and must hold every frame written.
    OpenCV's own warning for a failed frame is silenced while a frame is written
    (its log level is process-wide: other OpenCV warnings in that moment are too).

    Args:
        target: the output file; an existing pipe or device is refused.
        recording: a video recording (its frame rate and size are the output's).

    Raises:
        UserError: the video cannot be written at `target`.
    """

    watches_frames = True
    images = True

    @classmethod
    def check(cls, target: Path | None, kind: str) -> None:
        """Only a video has pictures to draw on."""
        if kind != "video":
            raise UserError("--annotate needs a video; a landmark track has no pictures")
        super().check(target, kind)

    def __init__(self, target: Path | None, recording: Recording) -> None:
        super().__init__(target, recording)
        video = recording.video
        assert target is not None and video is not None, "checked by AnnotatedVideo.check"
        self.path = Path(target)
        self.spec = spec = recording.exercise.spec
        key = spec.rep.driver if spec.rep is not None else spec.hold.metric  # type: ignore[union-attr]
        self._keys = tuple(k for k in (key, f"{key}.left", f"{key}.right"))
        self._pending = PendingFile(self.path)
        self._frames = 0
        self._finished = False
        self._writer = cv2.VideoWriter(str(self._pending.tmp), cv2.VideoWriter_fourcc(*"mp4v"),
                                       video.fps or 30.0, (video.width, video.height))
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

    def write(self, report: Report, written: Mapping[str, Path]) -> Path:
        """Finish the video: close the writer and check that it reads back whole.

        Raises:
            UserError: the file does not hold every frame written (e.g. the disk
                filled up while its index was written).
        """
        with capture_stderr_fd() as log:
            self._writer.release()
            capture = cv2.VideoCapture(str(self._pending.tmp), cv2.CAP_FFMPEG)
            readable = capture.isOpened()
            frames = capture.get(cv2.CAP_PROP_FRAME_COUNT) if readable else 0
            capture.release()
        if not (readable and int(frames) == self._frames):
            raise cannot_write(self.path, "the video could not be completed (the disk may "
                                          "be full)")
        pass_on(log.lines())
        self._finished = True
        return self.path

    def __exit__(self, exc_type: object, *rest: object) -> None:
        """Rename the finished video into place; after a failure, remove it."""
        if exc_type is None and self._finished:
            self._pending.commit()
            return
        self._writer.release()
        self._pending.discard()
