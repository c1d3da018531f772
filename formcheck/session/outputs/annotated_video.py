"""Output "video": an annotated copy of a checked video (skeleton, key metric, counter, cue)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import cv2

from formcheck.analysis.results import FrameUpdate
from formcheck.errors import UserError
from formcheck.render.overlay import draw_skeleton, draw_status
from formcheck.report.document import Report
from formcheck.session.outputs.base import Output
from formcheck.session.pipeline import Observed

if TYPE_CHECKING:
    from formcheck.session.recording import Recording


class AnnotatedVideo(Output):
    """Writes every frame with skeleton, key metric, counter and cue (.mp4, mp4v codec).

    The video is written to a temporary file and renamed into place when the
    frames end without an error, so an interrupted run leaves no half-written
    file. The key value shown is the exercise's rep driver or hold metric.

    Args:
        target: the output file.
        recording: a video recording (its frame rate and size are the output's).
    """

    images = True

    @classmethod
    def check(cls, target: Path | None, kind: str) -> None:
        """Only a video has pictures to draw on."""
        if kind != "video":
            raise UserError("--annotate needs a video; a landmark track has no pictures")

    def __init__(self, target: Path | None, recording: Recording) -> None:
        super().__init__(target, recording)
        video = recording.video
        assert target is not None and video is not None, "checked by AnnotatedVideo.check"
        self.path = Path(target)
        self.spec = spec = recording.exercise.spec
        key = spec.rep.driver if spec.rep is not None else spec.hold.metric  # type: ignore[union-attr]
        self._keys = tuple(k for k in (key, f"{key}.left", f"{key}.right"))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-", suffix=self.path.suffix)
        os.close(fd)
        self._tmp = Path(tmp)
        self._writer = cv2.VideoWriter(str(self._tmp), cv2.VideoWriter_fourcc(*"mp4v"),
                                       video.fps or 30.0, (video.width, video.height))
        if not self._writer.isOpened():
            self._tmp.unlink(missing_ok=True)
            raise UserError(f"{self.path}: cannot write a video here (try a .mp4 name)")

    def on_frame(self, observed: Observed, update: FrameUpdate) -> None:
        """Draw on a copy of the frame and append it."""
        if observed.image is None:
            return
        frame = observed.image.copy()
        draw_skeleton(frame, observed.pose, faulty=update.active_cue is not None)
        draw_status(frame, self.spec, update, self._keys)
        self._writer.write(frame)

    def write(self, report: Report, written: Mapping[str, Path]) -> Path:
        """The video was finished with the frames; nothing is left to write."""
        return self.path

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self._writer.release()
        if exc_type is None:
            os.replace(self._tmp, self.path)
        else:
            self._tmp.unlink(missing_ok=True)
