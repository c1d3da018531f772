"""Choosing the exerciser among several detected people, frame after frame.

Pure numpy on :class:`PoseFrame` candidates, so it is tested without a model.

Measured on a composite of the clinic knee-hug clip (patient supine on a table,
title card for the first ~6 s) with a standing person pasted beside it: one-pose
tracking, and two-pose tracking that simply follows the previous choice, both
stayed on the standing person for 100 % of the frames after the patient appeared,
because that person was the only one in view at the start. Scoring each person
over time, as below, fixes that.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from formcheck.pose.frame import PoseFrame
from formcheck.pose.landmarks import Landmark

_TORSO = [Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER, Landmark.LEFT_HIP, Landmark.RIGHT_HIP]
_SEEN = 0.5  # visibility above which a landmark counts as seen


def _pixels(frame: PoseFrame) -> np.ndarray:
    """Landmark xy in units of the image diagonal (so x and y share a scale), (33, 2)."""
    width, height = frame.image_size or (1, 1)
    return frame.image_xy * np.array([width, height]) / np.hypot(width, height)


def torso_center(frame: PoseFrame) -> np.ndarray:
    """Mean of the shoulders and hips, normalized image xy, shape (2,); NaN if unseen."""
    points = frame.image_xy[_TORSO]
    seen = np.isfinite(points).all(axis=1)
    return points[seen].mean(axis=0) if seen.any() else np.full(2, np.nan)


def body_extent(frame: PoseFrame) -> float:
    """Diagonal of the landmarks' bounding box clipped to the frame, in image diagonals."""
    xy = np.clip(frame.image_xy[np.isfinite(frame.image_xy).all(axis=1)], 0.0, 1.0)
    if xy.size == 0:
        return 0.0
    width, height = frame.image_size or (1, 1)
    span = (xy.max(axis=0) - xy.min(axis=0)) * np.array([width, height])
    return float(np.hypot(*span) / np.hypot(width, height))


def prominence(frame: PoseFrame) -> float:
    """Body extent (image diagonals) discounted by the torso's distance from the centre."""
    center = torso_center(frame)
    off = float(np.linalg.norm(center - 0.5)) if np.isfinite(center).all() else 0.71
    return body_extent(frame) * (1.0 - off)


@dataclass(eq=False)
class _Person:
    """One person followed across frames."""

    xy: np.ndarray  # (33, 2) last landmarks, image diagonals
    visible: np.ndarray  # (33,) bool
    extent: float  # image diagonals
    last_ms: float
    prominence: float  # smoothed
    activity: float = 0.0  # smoothed landmark speed, body extents per second

    def center(self) -> np.ndarray:
        points = self.xy[_TORSO]
        seen = np.isfinite(points).all(axis=1)
        return points[seen].mean(axis=0) if seen.any() else np.full(2, np.nan)

    @property
    def score(self) -> float:
        return self.prominence * (1.0 + self.activity)


class PersonChooser:
    """Picks the exerciser when the detector returns several people.

    Each person is followed across frames (nearest torso centre, within `max_jump`
    body extents). Each gets a score, smoothed over `time_constant_ms`:
    prominence (on-screen body size, discounted by distance from the image centre:
    the camera was set up for the exerciser) times (1 + activity), where activity
    is the median landmark speed in body extents per second (the exerciser moves;
    a watching coach mostly does not). The highest score wins; the current choice
    is only abandoned for someone scoring `switch_ratio` times higher, so the
    choice does not flicker between two similar people.

    Args:
        memory_ms: how long, in milliseconds, a person unseen is remembered.
        max_jump: largest torso-centre move between frames, in body extents.
        time_constant_ms: smoothing of prominence and activity, in milliseconds.
        switch_ratio: how much higher a challenger must score to take over.
    """

    def __init__(
        self,
        memory_ms: float = 1000.0,
        max_jump: float = 0.5,
        time_constant_ms: float = 2000.0,
        switch_ratio: float = 1.25,
    ) -> None:
        self.memory_ms = memory_ms
        self.max_jump = max_jump
        self.time_constant_ms = time_constant_ms
        self.switch_ratio = switch_ratio
        self._people: list[_Person] = []
        self._current: _Person | None = None

    def choose(self, people: list[PoseFrame], timestamp_ms: float) -> PoseFrame | None:
        """The exerciser among `people` (all from the frame at `timestamp_ms`), or None."""
        self._people = [p for p in self._people if timestamp_ms - p.last_ms <= self.memory_ms]
        if self._current not in self._people:
            self._current = None
        present = [(self._update(frame, timestamp_ms), frame) for frame in people]
        if not present:
            return None
        best, best_frame = max(present, key=lambda item: item[0].score)
        for person, frame in present:
            if person is self._current:
                if best.score <= self.switch_ratio * person.score:
                    return frame
                break
        self._current = best
        return best_frame

    def _update(self, frame: PoseFrame, timestamp_ms: float) -> _Person:
        xy = _pixels(frame)
        visible = (frame.visibility > _SEEN) & np.isfinite(xy).all(axis=1)
        extent = max(body_extent(frame), 1e-3)
        now = _Person(xy, visible, extent, timestamp_ms, prominence(frame))
        match = self._match(now)
        if match is None:
            self._people.append(now)
            return now
        dt = max(timestamp_ms - match.last_ms, 1e-3)
        both = visible & match.visible
        speed = 0.0
        if both.any():
            moved = np.linalg.norm(xy[both] - match.xy[both], axis=1)
            speed = float(np.median(moved)) / extent / (dt / 1000.0)
        weight = 1.0 - np.exp(-dt / self.time_constant_ms)
        match.prominence += weight * (now.prominence - match.prominence)
        match.activity += weight * (speed - match.activity)
        match.xy, match.visible, match.extent, match.last_ms = xy, visible, extent, timestamp_ms
        return match

    def _match(self, now: _Person) -> _Person | None:
        center = now.center()
        best, best_distance = None, np.inf
        for person in self._people:
            if person.last_ms == now.last_ms:
                continue  # already matched in this frame
            distance = float(np.linalg.norm(person.center() - center))
            if distance < best_distance and distance <= self.max_jump * person.extent:
                best, best_distance = person, distance
        return best
