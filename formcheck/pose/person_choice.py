"""Choosing the exerciser among several detected people, frame after frame.

Pure numpy on :class:`PoseFrame` candidates, so it is tested without a model.

Measured on a composite of the clinic knee-hug clip (patient supine on a table,
title card for the first ~6 s) with a standing person pasted beside it: one-pose
tracking, and two-pose tracking that simply follows the previous choice, both
stayed on the standing person for 100 % of the frames after the patient appeared,
because that person was the only one in view at the start. Scoring each person
over time, as below, fixes that.

The exerciser is told from a watching coach by how far their landmarks range
over the last seconds, not by their frame-to-frame speed: a still person's
landmarks jitter by a few thousandths of the frame from one frame to the next,
as fast as a squat moves them, but they never wander far.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from formcheck.pose.frame import PoseFrame
from formcheck.pose.landmarks import Landmark

_TORSO = [Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER, Landmark.LEFT_HIP, Landmark.RIGHT_HIP]
_SEEN = 0.5  # visibility above which a landmark counts as seen
MOTION_SCALE = 0.1
"""Landmark range about the body's centre (body extents, see `PersonChooser`) that
doubles a person's score: a squat or a curl ranges over ~0.15-0.3; MediaPipe's
landmarks of a still standing person range over ~0.05 in their first seconds
(the hands and feet settling), which must not outweigh a larger, slowly moving
patient."""
TRAVEL_SCALE = 0.25
"""Sideways range of the body's centre (body extents) that halves a person's score:
someone walking through the picture ranges over body lengths in seconds, while an
exerciser stays in place (a lunge steps ~0.1-0.2)."""


def _pixels(frame: PoseFrame) -> np.ndarray:
    """Landmark xy in units of the image diagonal (so x and y share a scale), (33, 2)."""
    width, height = frame.image_size or (1, 1)
    return frame.image_xy * np.array([width, height]) / np.hypot(width, height)


def _center_of(xy: np.ndarray) -> np.ndarray:
    """Mean of the seen shoulders and hips of landmarks `xy` (33, 2), shape (2,);
    NaN if none is seen."""
    points = xy[_TORSO]
    seen = np.isfinite(points).all(axis=1)
    return points[seen].mean(axis=0) if seen.any() else np.full(2, np.nan)


def torso_center(frame: PoseFrame) -> np.ndarray:
    """Mean of the shoulders and hips, normalized image xy, shape (2,); NaN if unseen."""
    return _center_of(frame.image_xy)


def body_extent(frame: PoseFrame) -> float:
    """Diagonal of the landmarks' bounding box clipped to the frame, in image diagonals."""
    xy = np.clip(frame.image_xy[np.isfinite(frame.image_xy).all(axis=1)], 0.0, 1.0)
    if xy.size == 0:
        return 0.0
    width, height = frame.image_size or (1, 1)
    span = (xy.max(axis=0) - xy.min(axis=0)) * np.array([width, height])
    return float(np.hypot(*span) / np.hypot(width, height))


DUPLICATE_OVERLAP = 0.6
"""Share of the smaller of two landmark boxes lying inside the other above which the
two detections are one person found twice (or a part of them found again)."""


def _box(frame: PoseFrame) -> np.ndarray | None:
    """(x0, y0, x1, y1) of the landmarks, normalized image coordinates; None if unseen."""
    xy = frame.image_xy[np.isfinite(frame.image_xy).all(axis=1)]
    return np.concatenate([xy.min(axis=0), xy.max(axis=0)]) if len(xy) else None


def _overlap(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the smaller of boxes `a` and `b` that lies inside the other (0..1)."""
    inner = np.clip(np.minimum(a[2:], b[2:]) - np.maximum(a[:2], b[:2]), 0.0, None).prod()
    smaller = min(np.prod(a[2:] - a[:2]), np.prod(b[2:] - b[:2]))
    return float(inner / smaller) if smaller > 0 else 1.0


def distinct_people(people: list[PoseFrame]) -> list[PoseFrame]:
    """`people` without repeats: a detection whose landmarks' box lies mostly
    (`DUPLICATE_OVERLAP`) inside an earlier one's, or holds it, is the same person.

    MediaPipe's two-pose landmarker often returns one person twice: with nearly the
    same box, or a second, smaller skeleton on part of the body (the torso of a
    sit-up, the legs of a pull-up). The ``auto`` policy's scout took these for a
    second person on 11 of our 55 one-person clips (``bench/person_policy.py
    --scout``). A bystander beside the exerciser overlaps little; one standing
    mostly inside the exerciser's outline would be dropped too.
    """
    kept: list[tuple[PoseFrame, np.ndarray | None]] = []
    for frame in people:
        box = _box(frame)
        if box is not None and any(other is not None and _overlap(box, other) >= DUPLICATE_OVERLAP
                                   for _, other in kept):
            continue
        kept.append((frame, box))
    return [frame for frame, _ in kept]


def prominence(frame: PoseFrame) -> float:
    """Body extent (image diagonals) discounted by the torso's distance from the centre."""
    center = torso_center(frame)
    off = float(np.linalg.norm(center - 0.5)) if np.isfinite(center).all() else 0.71
    return body_extent(frame) * (1.0 - off)


class _Spread:
    """Exponentially weighted mean and variance of points' positions.

    The variance is divided by the weight taken in so far, so that it is not
    underestimated while a point has been seen only briefly (someone who just came
    into view is judged by their first frames, not taken as still).

    Args:
        xy: shape (K, 2), the first positions (NaN: not seen yet).
    """

    def __init__(self, xy: np.ndarray) -> None:
        self.mean = np.array(xy, dtype=float, copy=True)
        self.variance = np.where(np.isfinite(xy).all(axis=1), 0.0, np.nan)
        self.taken = np.zeros(len(xy))  # share of the weight taken in, 0..1

    def add(self, xy: np.ndarray, seen: np.ndarray, weight: float) -> None:
        """Take in positions `xy` (K, 2) where `seen` (K,); `weight` 0..1 on the new one.
        A point seen for the first time (or again after being forgotten) starts afresh."""
        offset = np.sum((xy - self.mean) ** 2, axis=1)
        fresh = seen & ~np.isfinite(offset)
        going = seen & ~fresh
        self.mean[going] += weight * (xy[going] - self.mean[going])
        self.mean[fresh] = xy[fresh]
        self.variance[going] = (1.0 - weight) * (self.variance[going] + weight * offset[going])
        self.variance[fresh] = 0.0
        self.taken[going] = 1.0 - (1.0 - self.taken[going]) * (1.0 - weight)
        self.taken[fresh] = 0.0

    def deviation(self, points: np.ndarray, percentile: float) -> float:
        """The `percentile` of the standard deviations of `points` (bool mask or
        indices), in the positions' unit; 0 when none has one yet."""
        variance, taken = self.variance[points], self.taken[points]
        known = np.isfinite(variance) & (taken > 0)
        if not known.any():
            return 0.0
        return float(np.sqrt(np.percentile(variance[known] / taken[known], percentile)))


@dataclass(eq=False)
class _Person:
    """One person followed across frames."""

    xy: np.ndarray  # (33, 2) last landmarks, image diagonals
    visible: np.ndarray  # (33,) bool
    extent: float  # image diagonals
    last_ms: float
    prominence: float  # smoothed
    limbs: _Spread  # landmarks about the torso centre, image diagonals
    place: _Spread  # the torso centre's x (y is 0), image diagonals

    def center(self) -> np.ndarray:
        return _center_of(self.xy)

    @property
    def motion(self) -> float:
        """How far the body's parts move about its centre lately, in body extents:
        the 90th percentile over the seen landmarks (high, as an exercise may move
        only the hands: a curl moves ~8 of the 33 landmarks)."""
        return self.limbs.deviation(self.visible, 90) / self.extent

    @property
    def travel(self) -> float:
        """How far the body's centre wanders sideways lately, in body extents."""
        return self.place.deviation(np.array([0]), 50) / self.extent

    @property
    def score(self) -> float:
        return (self.prominence * (1.0 + self.motion / MOTION_SCALE)
                / (1.0 + self.travel / TRAVEL_SCALE))


class PersonChooser:
    """Picks the exerciser when the detector returns several people.

    Each person is followed across frames (nearest torso centre, within `max_jump`
    body extents). Each gets a score, smoothed over `time_constant_ms`:
    prominence (on-screen body size, discounted by distance from the image centre:
    the camera was set up for the exerciser) times (1 + motion / `MOTION_SCALE`)
    over (1 + travel / `TRAVEL_SCALE`). Motion is how far the landmarks range about
    the body's centre, travel how far that centre ranges sideways, both in body
    extents: the exerciser moves in place, a watching coach hardly moves, someone
    walking through travels. The highest score wins; the current choice
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
        present = list(zip(self._follow([self._observe(f, timestamp_ms) for f in people]),
                           people, strict=True))
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

    def _observe(self, frame: PoseFrame, timestamp_ms: float) -> _Person:
        """One frame's detection as a person seen once."""
        xy = _pixels(frame)
        visible = (frame.visibility > _SEEN) & np.isfinite(xy).all(axis=1)
        around = xy - _center_of(xy)
        return _Person(xy, visible, max(body_extent(frame), 1e-3), timestamp_ms,
                       prominence(frame), limbs=_Spread(np.where(visible[:, None], around,
                                                                 np.nan)),
                       place=_Spread(np.array([[_center_of(xy)[0], 0.0]])))

    def _follow(self, seen: list[_Person]) -> list[_Person]:
        """The people followed that this frame's detections `seen` are, in their order.

        Detections and people are paired closest first, by the mean distance of the
        landmarks both show (so two people crossing keep apart: their poses differ),
        among pairs whose torso centres are within `max_jump` body extents; a
        detection left over is someone new.
        """
        pairs = []
        for i, now in enumerate(seen):
            for person in self._people:
                jump = float(np.linalg.norm(person.center() - now.center()))
                if jump <= self.max_jump * person.extent:
                    pairs.append((_pose_distance(person, now), i, person))
        out: list[_Person | None] = [None] * len(seen)
        taken: set[int] = set()
        for _, i, person in sorted(pairs, key=lambda pair: pair[0]):
            if out[i] is None and id(person) not in taken:
                out[i] = self._merge(person, seen[i])
                taken.add(id(person))
        for i, now in enumerate(seen):
            if out[i] is None:
                self._people.append(now)
                out[i] = now
        return out  # type: ignore[return-value]

    def _merge(self, person: _Person, now: _Person) -> _Person:
        """`person` followed into the detection `now`."""
        dt = max(now.last_ms - person.last_ms, 1e-3)
        weight = 1.0 - np.exp(-dt / self.time_constant_ms)
        person.prominence += weight * (now.prominence - person.prominence)
        center = now.center()
        person.limbs.add(now.xy - center, now.visible & np.isfinite(center).all(), weight)
        person.place.add(np.array([[center[0], 0.0]]), np.isfinite(center[:1]), weight)
        person.xy, person.visible, person.extent = now.xy, now.visible, now.extent
        person.last_ms = now.last_ms
        return person


def _pose_distance(a: _Person, b: _Person) -> float:
    """Mean distance of the landmarks seen in both, image diagonals (inf if none)."""
    both = a.visible & b.visible
    if not both.any():
        return float(np.linalg.norm(a.center() - b.center()))
    return float(np.mean(np.linalg.norm(a.xy[both] - b.xy[both], axis=1)))
