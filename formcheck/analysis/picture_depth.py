"""Depth a picture hides, recovered from the lengths a body segment has shown.

A segment of fixed length (a thigh, the torso) looks shorter in the picture the
more it points towards or away from the camera: seen at its longest it lies
square to the camera, and at any other moment its depth extent is
``sqrt(longest**2 - seen**2)``. The longest length seen lately stands for the
segment's own length; it fades slowly (`FADE_PER_S`) so that a person who steps
back from the camera, or one bad detection, does not set it for good. The sign of
the depth (towards or away) stays unknown, which is why only measures that do not
depend on it (a segment's inclination, a length) use this.
"""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np

from formcheck.pose.landmarks import Landmark as L

FADE_PER_S = 0.03
"""Share of the longest length forgotten per second (3 %: 26 % after 10 s)."""


# Segment length over torso length (shoulder midpoint to hip midpoint), the
# largest of any person in our clips' world landmarks (the medians are 0.68, 0.45,
# 0.48, 0.47, 0.81 and 0.76). A segment seen at any angle is at most its own
# length, so its length over its largest share is at most the torso's.
_TORSO_PER_SEGMENT = {
    (L.LEFT_SHOULDER, L.RIGHT_SHOULDER): 0.87,
    (L.LEFT_HIP, L.RIGHT_HIP): 0.55,
    (L.LEFT_SHOULDER, L.LEFT_ELBOW): 0.61, (L.RIGHT_SHOULDER, L.RIGHT_ELBOW): 0.61,
    (L.LEFT_ELBOW, L.LEFT_WRIST): 0.69, (L.RIGHT_ELBOW, L.RIGHT_WRIST): 0.69,
    (L.LEFT_HIP, L.LEFT_KNEE): 0.92, (L.RIGHT_HIP, L.RIGHT_KNEE): 0.92,
    (L.LEFT_KNEE, L.LEFT_ANKLE): 0.99, (L.RIGHT_KNEE, L.RIGHT_ANKLE): 0.99,
}


def torso_at_least(coords: np.ndarray, torso: np.ndarray) -> np.ndarray:
    """The torso's length as the picture bounds it from below, shape (T,).

    The largest of the torso seen (`torso`, shape (T,)) and each segment's length
    over its share of a torso (shoulders, hips, arms, legs): a torso that leans
    towards the camera (a push-up seen from the front) looks short, but the arms or
    shoulders then show how big the body is.

    Args:
        coords: shape (T, 33, D), landmark coordinates.
        torso: shape (T,), the torso's length seen, in the units of `coords`.
    """
    bounds = [np.linalg.norm(coords[:, int(b)] - coords[:, int(a)], axis=-1) / share
              for (a, b), share in _TORSO_PER_SEGMENT.items()]
    return np.fmax.reduce([torso, *bounds])


class LongestSeen:
    """The longest length each segment has shown lately, frame by frame."""

    def __init__(self) -> None:
        self._longest: dict[Hashable, tuple[float, float]] = {}  # key -> (length, t_ms)

    def update(self, key: Hashable, t_ms: np.ndarray, length: np.ndarray) -> np.ndarray:
        """The longest length of segment `key` up to each frame, shape (T,).

        Args:
            key: names the segment (e.g. metric and side).
            t_ms: shape (T,), increasing frame times in milliseconds.
            length: shape (T,), the segment's length seen in each frame (NaN: unseen).

        Returns:
            Shape (T,), in the units of `length`; NaN until it was first seen.
        """
        out = np.empty(len(length))
        best, last = self._longest.get(key, (np.nan, np.nan))
        for i, (t, seen) in enumerate(zip(t_ms, length, strict=True)):
            if not np.isnan(best):
                best *= (1.0 - FADE_PER_S) ** (max(t - last, 0.0) / 1000.0)
            last = t
            if not np.isnan(seen) and not seen <= best:
                best = seen
            out[i] = best
        self._longest[key] = (best, last)
        return out


def depth_extent(longest: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """How far a segment reaches in depth, given its longest and its present length.

    Shape of the inputs; 0 where the segment is seen at its longest.
    """
    with np.errstate(invalid="ignore"):
        return np.sqrt(np.clip(longest**2 - seen**2, 0.0, None))
