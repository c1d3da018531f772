"""`PoseFrame`: one video frame's landmarks, with NaN for anything not seen."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from formcheck.pose.landmarks import NUM_LANDMARKS


def _checked(name: str, array: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    out = np.asarray(array, dtype=np.float64)
    if out.shape != shape:
        raise ValueError(f"PoseFrame.{name} must have shape {shape}, got {out.shape}")
    out.setflags(write=False)
    return out


@dataclass(frozen=True, eq=False)
class PoseFrame:
    """Landmarks of one person in one frame.

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
        n = NUM_LANDMARKS
        object.__setattr__(self, "image_xy", _checked("image_xy", self.image_xy, (n, 2)))
        object.__setattr__(self, "image_z", _checked("image_z", self.image_z, (n,)))
        object.__setattr__(self, "visibility", _checked("visibility", self.visibility, (n,)))
        object.__setattr__(self, "presence", _checked("presence", self.presence, (n,)))
        object.__setattr__(self, "world_xyz", _checked("world_xyz", self.world_xyz, (n, 3)))

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
