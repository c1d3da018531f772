"""Factories for the live-mode tests (no model needed).

- `ReplayBackend(track)`: a pose backend that answers `detect` with the track's
  frame of the same frame index (None for a frame the track has nobody in), so
  the live loop can run over a real clip with the landmarks a model once gave.
- `write_video(path, n, fps)`: an mp4 of `n` 64x48 frames whose green level
  encodes the frame number.
- `update(...)`: a `FrameUpdate` with only the fields a test sets.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from formcheck.analysis.results import FrameUpdate
from formcheck.pose.frame import PoseFrame
from formcheck.pose.track import Track

WIDTH, HEIGHT = 64, 48


class ReplayBackend:
    """Landmarks from a recorded track, looked up by frame index."""

    def __init__(self, track: Track) -> None:
        self.frames = {f.frame_index: f for f in track.poses}
        self.calls: list[tuple[int, float]] = []

    def detect(self, rgb: np.ndarray, timestamp_ms: float, frame_index: int) -> PoseFrame | None:
        self.calls.append((frame_index, timestamp_ms))
        pose = self.frames.get(frame_index)
        return pose if pose is not None and pose.has_person else None

    def close(self) -> None:
        pass

    def __enter__(self) -> ReplayBackend:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def write_video(path: Path, n: int, fps: float = 30.0) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), fps, (WIDTH, HEIGHT))
    assert writer.isOpened()
    for i in range(n):
        frame = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
        frame[:, :, 1] = (10 * i) % 250
        writer.write(frame)
    writer.release()
    return path


def update(t_ms: float = 0.0, *, counts: dict[str, int] | None = None, phase: str = "rest",
           guidance: str | None = None, view: str | None = None,
           values: dict[str, float] | None = None, active_cue: str | None = None,
           new_flags: list | None = None, ended: list | None = None) -> FrameUpdate:
    return FrameUpdate(
        frame_index=int(t_ms // 33), timestamp_ms=t_ms, values=values or {},
        counts={"both": 0} if counts is None else counts, new_flags=new_flags or [],
        ended=ended or [], active_cue=active_cue, hold_s=0.0, guidance=guidance, view=view,
        phase=phase,
    )
