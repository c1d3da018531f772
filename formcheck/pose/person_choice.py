"""Choosing the exerciser among several detected people, frame after frame.

Pure numpy on :class:`PoseFrame` candidates, so it is tested without a model.
"""

from __future__ import annotations

import numpy as np

from formcheck.pose.frame import PoseFrame
from formcheck.pose.landmarks import Landmark

_TORSO = (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)


def torso_center(frame: PoseFrame) -> np.ndarray:
    """Mean of the shoulders and hips, normalized image xy, shape (2,); NaN if unseen."""
    points = frame.image_xy[list(_TORSO)]
    seen = np.isfinite(points).all(axis=1)
    return points[seen].mean(axis=0) if seen.any() else np.full(2, np.nan)


def body_extent(frame: PoseFrame) -> float:
    """Diagonal of the bounding box of all landmarks, clipped to the frame (normalized)."""
    xy = frame.image_xy[np.isfinite(frame.image_xy).all(axis=1)]
    if xy.size == 0:
        return 0.0
    lo = np.clip(xy.min(axis=0), 0.0, 1.0)
    hi = np.clip(xy.max(axis=0), 0.0, 1.0)
    return float(np.hypot(*(hi - lo)))


class PersonChooser:
    """Keeps to one person across frames when the detector returns several.

    Rule: while a person has been chosen recently (within `memory_ms`), take the
    candidate whose torso centre is nearest the last chosen one, as long as it is
    within `max_jump` body sizes of it. Otherwise (start, after a long gap, or when
    the nearest candidate is too far) take the candidate with the largest on-screen
    body extent, discounted by its distance from the image centre: the exerciser is
    normally the one the camera was set up for.

    Args:
        memory_ms: how long, in milliseconds, the last choice is remembered
            through frames with nobody found.
        max_jump: largest torso-centre move between choices, in body extents.
    """

    def __init__(self, memory_ms: float = 1000.0, max_jump: float = 0.5) -> None:
        self.memory_ms = memory_ms
        self.max_jump = max_jump
        self._last_center: np.ndarray | None = None
        self._last_extent = 0.0
        self._last_ms = -np.inf

    def choose(self, people: list[PoseFrame], timestamp_ms: float) -> PoseFrame | None:
        """The exerciser among `people` (all from the frame at `timestamp_ms`), or None."""
        if not people:
            return None
        chosen = self._continuing(people, timestamp_ms)
        if chosen is None:
            chosen = max(people, key=_prominence)
        center = torso_center(chosen)
        if np.isfinite(center).all():
            self._last_center = center
            self._last_extent = body_extent(chosen)
            self._last_ms = timestamp_ms
        return chosen

    def _continuing(self, people: list[PoseFrame], timestamp_ms: float) -> PoseFrame | None:
        if self._last_center is None or timestamp_ms - self._last_ms > self.memory_ms:
            return None
        distances = [float(np.linalg.norm(torso_center(p) - self._last_center)) for p in people]
        best = int(np.nanargmin(distances)) if np.isfinite(distances).any() else None
        if best is None or distances[best] > self.max_jump * max(self._last_extent, 1e-3):
            return None
        return people[best]


def _prominence(frame: PoseFrame) -> float:
    center = torso_center(frame)
    off_center = float(np.linalg.norm(center - 0.5)) if np.isfinite(center).all() else 0.71
    return body_extent(frame) * (1.0 - off_center)
