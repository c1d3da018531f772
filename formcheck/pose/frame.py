"""`PoseFrame`: one video frame's landmarks, with NaN for anything not seen.

A backend detects one frame at a time and gives a `PoseFrame`; consecutive
frames travel together as a :class:`~formcheck.pose.block.PoseBlock`, whose rows
are `PoseFrame`s.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from formcheck.pose.landmarks import NUM_LANDMARKS

LANDMARK_SHAPES = {
    "image_xy": (NUM_LANDMARKS, 2),
    "image_z": (NUM_LANDMARKS,),
    "visibility": (NUM_LANDMARKS,),
    "presence": (NUM_LANDMARKS,),
    "world_xyz": (NUM_LANDMARKS, 3),
}
"""Shape of each landmark array of one frame (a `PoseBlock` adds a row axis in front)."""


def checked_array(owner: str, name: str, array: ArrayLike, shape: tuple[int, ...],
                  dtype: type = np.float64, why: str = "") -> np.ndarray:
    """`array` as a read-only array of `dtype` and exactly `shape`.

    The result is a read-only view (of `array` itself when it already has
    `dtype`), so the caller's array stays writable.

    Args:
        owner: class name, for the error message.
        name: field name, for the error message.
        array: the values.
        shape: the shape required.
        dtype: the element type the values are converted to.
        why: appended to the shape error, e.g. where the expected size comes from.

    Raises:
        ValueError: `array` is not numeric or has another shape; the message names
            ``owner.name``, the shape wanted and the shape given.
    """
    try:
        out = np.asarray(array, dtype=dtype).view()
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{owner}.{name} must hold numbers ({exc})") from None
    if out.shape != shape:
        raise ValueError(f"{owner}.{name} must have shape {shape}{why}, got {out.shape}")
    out.setflags(write=False)
    return out


@dataclass(frozen=True, eq=False)
class PoseFrame:
    """Landmarks of one person in one frame (one row of a `PoseBlock`).

    Attributes:
        frame_index: index of the frame in its source (0-based).
        timestamp_ms: presentation time of the frame in milliseconds.
        image_xy: shape (33, 2); normalized image coordinates, x right and y down,
            0..1 across the (rotation-corrected) frame; NaN where missing.
        image_z: shape (33,); MediaPipe's relative depth (same scale as x,
            smaller is nearer the camera); NaN where missing.
        visibility: shape (33,); 0..1 likelihood the landmark is visible (not occluded).
        presence: shape (33,); 0..1 likelihood the landmark is inside the frame.
        world_xyz: shape (33, 3); metres, origin between the hips, camera-aligned axes
            (x right, y down, z away from the camera); NaN where missing.
        image_size: (width, height) in pixels of the frame the landmarks refer to,
            or None when unknown (e.g. converted external data).
    """

    frame_index: int
    timestamp_ms: float
    image_xy: np.ndarray
    image_z: np.ndarray
    visibility: np.ndarray
    presence: np.ndarray
    world_xyz: np.ndarray
    image_size: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        for name, shape in LANDMARK_SHAPES.items():
            object.__setattr__(
                self, name, checked_array("PoseFrame", name, getattr(self, name), shape)
            )

    @classmethod
    def empty(
        cls, frame_index: int, timestamp_ms: float, image_size: tuple[int, int] | None = None
    ) -> PoseFrame:
        """A frame in which no person was found: every landmark NaN, visibility 0."""
        n = NUM_LANDMARKS
        return cls(
            frame_index=frame_index,
            timestamp_ms=timestamp_ms,
            image_xy=np.full((n, 2), np.nan),
            image_z=np.full(n, np.nan),
            visibility=np.zeros(n),
            presence=np.zeros(n),
            world_xyz=np.full((n, 3), np.nan),
            image_size=image_size,
        )

    @property
    def has_person(self) -> bool:
        """True when at least one landmark was detected."""
        return bool(np.isfinite(self.image_xy).any())
