"""Which way the body faces the camera, from the landmarks themselves.

The body's yaw against the camera is read from the left-to-right shoulder and
hip lines: seen square-on (front or back) they run across the picture; seen
side-on they point along the camera axis, so their width in the picture shrinks
against the torso's length. Yaw 0 degrees = front/back view, 90 = side view.

With world landmarks the lines' depth gives the yaw directly (`body_yaw_deg`);
without them (2D keypoints from another tool) it is read from the lines' width
in the picture against the torso's length (`picture_yaw_deg`).
`estimate_yaw_deg` takes whichever a frame has.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from formcheck.pose.block import PoseBlock
from formcheck.pose.landmarks import Landmark

FRONT_MAX_DEG = 30.0
SIDE_MIN_DEG = 60.0

# Shoulder width plus hip-joint width over torso length, in the picture, of an
# adult seen square-on: about 0.65 + 0.45 (the world landmarks of our clips give
# 0.6-0.77 and 0.38-0.54; the picture of standing people seen within 20 degrees of
# square-on gives a median of 1.07).
_SQUARE_ON_WIDTH_RATIO = 1.1

_LS, _RS = int(Landmark.LEFT_SHOULDER), int(Landmark.RIGHT_SHOULDER)
_LH, _RH = int(Landmark.LEFT_HIP), int(Landmark.RIGHT_HIP)


# Below this, the camera looks nearly straight down on a lying body (cosine of the
# angle between the line of sight and the floor's normal above ~0.95) and the
# body's yaw is not defined.
_MIN_FLOOR_SIGHT = 0.3


def body_yaw_deg(world_xyz: np.ndarray, lying: bool = False) -> np.ndarray:
    """Yaw of the body against the camera in degrees (0 = square-on, 90 = side-on).

    The yaw is the angle between the body's left-right line (shoulders and hips)
    and the picture plane. For a body lying down (`lying`), the camera usually
    looks down at it from a table or shelf, and that pitch alone would tilt the
    line towards the picture: a side view from above would read as three-quarter
    and a three-quarter view as front. So the angle is taken in the floor's plane
    instead: the floor's normal is the body's front-back axis (square to its long
    axis and its left-right line), and the line of sight is projected onto the
    floor before comparing.

    Args:
        world_xyz: shape (N, 33, 3), metres in camera-aligned axes.
        lying: the body lies on its back or front (torso along the floor).

    Returns:
        Shape (N,); NaN where the shoulders or hips are missing, or (lying) where
        the camera looks almost straight down.
    """
    shoulders = world_xyz[:, _RS] - world_xyz[:, _LS]
    hips = world_xyz[:, _RH] - world_xyz[:, _LH]
    across = shoulders + hips
    with np.errstate(invalid="ignore", divide="ignore"):
        if not lying:
            return np.degrees(
                np.arctan2(np.abs(across[:, 2]), np.hypot(across[:, 0], across[:, 1]))
            )
        long_axis = (world_xyz[:, _LS] + world_xyz[:, _RS] - world_xyz[:, _LH]
                     - world_xyz[:, _RH])
        normal = np.cross(long_axis, across)
        normal /= np.linalg.norm(normal, axis=1, keepdims=True)
        sight = np.array([0.0, 0.0, 1.0])
        along_floor = sight - (normal @ sight)[:, None] * normal
        floor_sight = np.linalg.norm(along_floor, axis=1)
        across_unit = across / np.linalg.norm(across, axis=1, keepdims=True)
        sine = np.abs(np.sum(across_unit * along_floor, axis=1)) / floor_sight
        yaw = np.degrees(np.arcsin(np.clip(sine, 0.0, 1.0)))
        return np.where(floor_sight >= _MIN_FLOOR_SIGHT, yaw, np.nan)


def picture_yaw_deg(image_xy: np.ndarray) -> np.ndarray:
    """Yaw of the body from the picture alone, degrees (0 = square-on, 90 = side-on).

    The shoulder and hip lines shorten in the picture as the body turns: their
    summed width is ``cos(yaw)`` times its square-on size, 1.1 torso lengths. A
    torso that leans towards or away from the camera (a push-up seen from the
    front) shortens too, which makes the ratio larger; it is capped at square-on.

    Args:
        image_xy: shape (N, 33, 2), image coordinates with one unit the same
            length across and down (`PoseBlock.image_xy_height_units`).

    Returns:
        Shape (N,); NaN where the shoulders or hips are missing.
    """
    across = image_xy[:, _RS] - image_xy[:, _LS] + image_xy[:, _RH] - image_xy[:, _LH]
    torso = (image_xy[:, _LS] + image_xy[:, _RS] - image_xy[:, _LH] - image_xy[:, _RH]) / 2.0
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.linalg.norm(across, axis=1) / np.linalg.norm(torso, axis=1)
        return np.degrees(np.arccos(np.clip(ratio / _SQUARE_ON_WIDTH_RATIO, 0.0, 1.0)))


def estimate_yaw_deg(block: PoseBlock, lying: bool = False) -> np.ndarray:
    """Yaw of the body in each frame of `block`, degrees (0 = square-on, 90 = side-on).

    From the world landmarks where a frame has them (`body_yaw_deg`), otherwise
    from the picture (`picture_yaw_deg`).

    Args:
        block: T frames.
        lying: the body lies on its back or front (see `body_yaw_deg`).

    Returns:
        Shape (T,); NaN where neither can be read.
    """
    world = body_yaw_deg(block.world_xyz, lying=lying)
    has_world = np.isfinite(block.world_xyz).any(axis=(1, 2))
    return np.where(has_world, world, picture_yaw_deg(block.image_xy_height_units()))


def classify(yaw_deg: float) -> str | None:
    """'front', 'oblique' or 'side' for a yaw in degrees; None when yaw is NaN."""
    if np.isnan(yaw_deg):
        return None
    if yaw_deg < FRONT_MAX_DEG:
        return "front"
    if yaw_deg < SIDE_MIN_DEG:
        return "oblique"
    return "side"


class ViewTracker:
    """Running view estimate: the median yaw over a recent window and over the set.

    The current view is re-estimated every `refresh` measured frames (the view
    changes over seconds, not frames), keeping the per-frame cost low.

    Args:
        window: number of recent frames for the current-view estimate.
        refresh: measured frames between re-estimates of the current view.
    """

    def __init__(self, window: int = 45, refresh: int = 10) -> None:
        self._recent: deque[float] = deque(maxlen=window)
        self._all: list[float] = []
        self._refresh = refresh
        self._current: str | None = None

    def add(self, yaw_deg: float) -> None:
        """Record one frame's yaw (degrees; NaN is ignored)."""
        if np.isnan(yaw_deg):
            return
        self._recent.append(yaw_deg)
        self._all.append(yaw_deg)
        if self._current is None or len(self._all) % self._refresh == 0:
            self._current = classify(float(np.median(self._recent)))

    @property
    def current(self) -> str | None:
        """View over the recent window, or None before any measurement."""
        return self._current

    @property
    def overall_yaw_deg(self) -> float:
        """Median yaw over every measured frame so far (degrees; NaN if none)."""
        return float(np.median(self._all)) if self._all else float("nan")

    @property
    def overall(self) -> str | None:
        """View over the whole set so far."""
        return classify(self.overall_yaw_deg)
