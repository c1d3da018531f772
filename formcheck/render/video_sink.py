"""Writing an annotated copy of a checked video."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import cv2
import numpy as np

from formcheck.analysis.results import FrameUpdate
from formcheck.errors import UserError
from formcheck.pose.frame import PoseFrame
from formcheck.render.overlay import draw_skeleton, draw_status
from formcheck.spec.language import ExerciseSpec


class AnnotatedVideoWriter:
    """A pipeline sink writing frames with skeleton, key metric, counter and cue.

    The video is written to a temporary file and renamed into place only when
    the run completes, so an interrupted run leaves no half-written file.

    Args:
        path: output file (.mp4, mp4v codec).
        spec: the exercise (its rep driver / hold metric is the key value shown).
        fps: frames per second of the output.
        size: (width, height) in pixels.
    """

    def __init__(self, path: Path, spec: ExerciseSpec, fps: float, size: tuple[int, int]) -> None:
        self.path = Path(path)
        self.spec = spec
        key = spec.rep.driver if spec.rep is not None else spec.hold.metric  # type: ignore[union-attr]
        self._keys = tuple(k for k in (key, f"{key}.left", f"{key}.right"))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-", suffix=self.path.suffix)
        os.close(fd)
        self._tmp = Path(tmp)
        self._writer = cv2.VideoWriter(str(self._tmp), cv2.VideoWriter_fourcc(*"mp4v"),
                                       fps or 30.0, size)
        if not self._writer.isOpened():
            self._tmp.unlink(missing_ok=True)
            raise UserError(f"{self.path}: cannot write a video here (try a .mp4 name)")

    def on_frame(self, pose: PoseFrame, image: np.ndarray | None, update: FrameUpdate) -> None:
        """Draw on a copy of the frame and append it."""
        if image is None:
            return
        frame = image.copy()
        draw_skeleton(frame, pose, faulty=update.active_cue is not None)
        draw_status(frame, self.spec, update, self._keys)
        self._writer.write(frame)

    def __enter__(self) -> AnnotatedVideoWriter:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self._writer.release()
        if exc_type is None:
            os.replace(self._tmp, self.path)
        else:
            self._tmp.unlink(missing_ok=True)
