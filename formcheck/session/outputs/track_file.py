"""Output "track": the session's landmark track (``.track.npz``), to re-check without the model."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from formcheck.analysis.results import FrameUpdate
from formcheck.errors import UserError
from formcheck.pose.block import PoseBlock
from formcheck.pose.frame import PoseFrame
from formcheck.pose.track import Track, is_track_path, save_track
from formcheck.report.document import Report
from formcheck.session.outputs.base import Output

if TYPE_CHECKING:
    from formcheck.session.recording import Recording


class TrackFile(Output):
    """Keeps every checked frame's landmarks and saves them as a track, atomically.

    A recording that is itself a track is saved unchanged (all its frames and
    metadata, whatever was sampled); otherwise the track holds the frames the
    session checked, with the recording's track metadata.
    """

    @classmethod
    def check(cls, target: Path | None, kind: str) -> None:
        """A track file's name must end in .track.npz."""
        if target is None or not is_track_path(target):
            raise UserError(f"--save-track {target}: the name must end in .track.npz")
        super().check(target, kind)

    def __init__(self, target: Path | None, recording: Recording) -> None:
        super().__init__(target, recording)
        self.watches_frames = recording.track is None
        self.poses: list[PoseFrame] = []

    def on_frame(self, pose: PoseFrame, image: np.ndarray | None, update: FrameUpdate) -> None:
        """Keep the frame's pose (only asked for when the recording is not a track)."""
        self.poses.append(pose)

    def write(self, report: Report, written: Mapping[str, Path]) -> Path:
        """Save the track."""
        assert self.target is not None, "checked by TrackFile.check"
        track = self.recording.track
        if track is None:
            track = Track(PoseBlock.from_frames(self.poses), self.recording.track_meta)
        save_track(track, self.target)
        return self.target
