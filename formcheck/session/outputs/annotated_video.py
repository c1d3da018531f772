"""Output "video": an annotated copy of a checked recording, with the same HUD as the live window.

A video is drawn on; a landmark track, which has no pictures, is drawn as its
skeleton on a plain background of the recorded frame size.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from formcheck.analysis.results import FrameUpdate
from formcheck.atomic import PendingFile, cannot_write
from formcheck.errors import UserError
from formcheck.pose.frame import PoseFrame
from formcheck.render.hud import draw_hud
from formcheck.render.hud_feed import HudFeed
from formcheck.report.document import Report
from formcheck.session.outputs.base import Output
from formcheck.video.writer import H264Writer, VideoWriteError, video_codec

if TYPE_CHECKING:
    from formcheck.session.recording import Recording

TRACK_SIZE = (1280, 720)
"""(width, height) of the picture a track is drawn on when it does not record its own."""
BACKGROUND = (48, 42, 36)
"""BGR colour of the plain background under a track's skeleton."""
_DEFAULT_FPS = 30.0
VIDEO_SUFFIXES = (".mp4", ".m4v")
"""Names the annotated video may have (it is always MP4)."""


class AnnotatedVideo(Output):
    """Writes every frame with the HUD: skeleton, counts, key metrics, cues (H.264 MP4).

    The file plays in a browser (see :mod:`formcheck.video.writer`) and keeps the
    source's audio. It is written to a temporary file, finished and checked when
    the session writes its outputs (:meth:`write`, the first of them), and
    renamed into place (mode 0644) when the outputs are closed without an error.
    So a run that is interrupted or fails (nobody in view, a full disk, another
    output that cannot be written) leaves no video behind.

    Args:
        target: the output file; an existing pipe or device is refused.
        recording: a video (its frame rate and size are the output's) or a
            landmark track.

    Raises:
        UserError: the video cannot be written at `target`.
    """

    watches_frames = True
    images = True
    show_debug = False
    """Draw the debugging figures (view, phase, frame) too."""

    @classmethod
    def check(cls, target: Path | None, kind: str) -> None:
        """The file is MP4, so its name must say so."""
        if target is None or target.suffix.lower() not in VIDEO_SUFFIXES:
            raise UserError(f"--annotate {target}: the name must end in .mp4 (the video is "
                            "H.264 in MP4)")
        super().check(target, kind)

    def __init__(self, target: Path | None, recording: Recording) -> None:
        super().__init__(target, recording)
        assert target is not None, "the video output always has a target"
        self.path = Path(target)
        video = recording.video
        if video is not None:
            size, fps, audio = (video.width, video.height), video.fps, Path(recording.path)
        else:
            size, fps, audio = recording.image_size or TRACK_SIZE, recording.fps, None
        self._fps = fps or _DEFAULT_FPS
        self._background = None if video is not None else np.full(
            (size[1], size[0], 3), BACKGROUND, np.uint8)
        self._feed = HudFeed(recording.exercise.spec)
        self._first_ms: float | None = None
        self._pending = PendingFile(self.path)
        self._finished = False
        try:
            self._writer = H264Writer(self._pending.tmp, size[0], size[1], self._fps,
                                      audio_from=audio)
        except VideoWriteError:
            self._pending.discard()
            raise cannot_write(self.path, "no video can be written here") from None

    def _time_s(self, update: FrameUpdate) -> float:
        """When the frame is shown: by its count in a video (frames not analysed repeat
        the last update), by its recorded time in a track."""
        if self._background is None:
            return self._writer.frames / self._fps
        if self._first_ms is None:
            self._first_ms = update.timestamp_ms
        return (update.timestamp_ms - self._first_ms) / 1000.0

    def on_frame(self, pose: PoseFrame, image: np.ndarray | None, update: FrameUpdate) -> None:
        """Draw the HUD on a copy of the frame (or on the background) and append it.

        Raises:
            UserError: the frame could not be written (e.g. the disk is full).
        """
        if image is None and self._background is None:
            return
        frame = (image if image is not None else self._background).copy()
        draw_hud(frame, self._feed.state(update, show_debug=self.show_debug), pose)
        try:
            self._writer.write(frame, self._time_s(update))
        except VideoWriteError:
            raise cannot_write(self.path, f"frame {self._writer.frames + 1} of the video could "
                                          "not be written (the disk may be full)") from None

    def write(self, report: Report, written: Mapping[str, Path]) -> Path:
        """Finish the video and check that it reads back whole, in H.264.

        Raises:
            UserError: the file could not be finished or does not hold every frame
                written (e.g. the disk filled up while its index was written).
        """
        try:
            self._writer.close()
            codec, frames = video_codec(self._pending.tmp)
        except VideoWriteError:
            codec, frames = "", -1
        if codec != "h264" or frames != self._writer.frames:
            raise cannot_write(self.path, "the video could not be completed (the disk may "
                                          "be full)")
        self._finished = True
        return self.path

    def __exit__(self, exc_type: object, *rest: object) -> None:
        """Rename the finished video into place; after a failure, remove it."""
        if exc_type is None and self._finished:
            self._pending.commit()
            return
        self._writer.abandon()
        self._pending.discard()


class DebugAnnotatedVideo(AnnotatedVideo):
    """The annotated video with the debugging figures shown (``--debug-hud``)."""

    show_debug = True
