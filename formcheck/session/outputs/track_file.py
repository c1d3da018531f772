"""Output "track": the session's landmark track (``.track.npz``), to re-check without the model."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from formcheck.analysis.results import FrameUpdate
from formcheck.errors import UserError
from formcheck.pose.frame import PoseFrame
from formcheck.pose.track import Track, is_track_path, save_track
from formcheck.report.document import Report
from formcheck.session.outputs.base import Output
from formcheck.session.pipeline import Observed

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

    def __init__(self, target: Path | None, recording: Recording) -> None:
        super().__init__(target, recording)
        self.poses: list[PoseFrame] = []

    def on_frame(self, observed: Observed, update: FrameUpdate) -> None:
        """Keep the frame's pose (unless the recording is a track already)."""
        if self.recording.track is None:
            self.poses.append(observed.pose)

    def write(self, report: Report, written: Mapping[str, Path]) -> Path:
        """Save the track."""
        assert self.target is not None, "checked by TrackFile.check"
        track = self.recording.track
        if track is None:
            track = Track.from_frames(self.poses, self.recording.track_meta)
        save_track(track, self.target)
        return self.target
