"""A pinhole camera placed around the body, and projection to MediaPipe-style landmarks.

Azimuth is measured in the lab frame about the vertical: 0 puts the camera on
the lab +x axis (in front of a standing body, at the head of a body lying head
first along +x), 90 on the +y axis (a standing body's left side), -90 on its
right. The camera looks at the centre of the body's motion, level or tilted as
its height requires, with no roll.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from formcheck.pose.landmarks import Landmark


@dataclass(frozen=True)
class Camera:
    """Where the camera stands and what it sees.

    Attributes:
        azimuth_deg: direction from the body to the camera, degrees (0 front, 90 left side).
        distance_m: horizontal distance from the aim point, metres; None frames
            the whole motion so it fills `fill` of the image.
        height_m: lens height above the floor, metres; None puts it 0.15 m above
            the aim point (at least 0.4 m).
        fov_deg: horizontal field of view, degrees.
        image_size: (width, height) in pixels.
        fill: for automatic distance, the largest fraction of the half-width and
            half-height any landmark may reach (0..1).
    """

    azimuth_deg: float = 90.0
    distance_m: float | None = None
    height_m: float | None = None
    fov_deg: float = 65.0
    image_size: tuple[int, int] = (1280, 720)
    fill: float = 0.85

    def __post_init__(self) -> None:
        if not 10.0 <= self.fov_deg <= 150.0:
            raise ValueError(f"fov_deg must be 10..150 degrees, got {self.fov_deg}")
        if self.distance_m is not None and self.distance_m <= 0.3:
            raise ValueError(f"distance_m must be > 0.3 metres, got {self.distance_m}")
        if not 0.1 <= self.fill <= 1.0:
            raise ValueError(f"fill must be 0.1..1, got {self.fill}")
        if min(self.image_size) <= 0:
            raise ValueError(f"image_size must be positive, got {self.image_size}")

    def place(self, positions: np.ndarray) -> PlacedCamera:
        """Aim at the motion and resolve the automatic distance and height.

        Args:
            positions: shape (T, 33, 3), lab-frame landmarks of the whole motion (metres).
        """
        points = positions.reshape(-1, 3)
        points = points[np.isfinite(points).all(axis=1)]
        target = (points.min(axis=0) + points.max(axis=0)) / 2
        height = self.height_m if self.height_m is not None else max(0.4, target[2] + 0.15)
        if self.distance_m is not None:
            return self._at(target, self.distance_m, height)
        sample = points[:: max(1, len(points) // 3000)]
        near, far = 0.5, 50.0
        for _ in range(40):
            mid = (near + far) / 2
            xy, depth = self._at(target, mid, height).project_points(sample)
            fits = (depth > 0.1).all() and (np.abs(xy - 0.5).max() <= self.fill / 2)
            near, far = (near, mid) if fits else (mid, far)
        return self._at(target, far, height)

    def _at(self, target: np.ndarray, distance: float, height: float) -> PlacedCamera:
        az = np.radians(self.azimuth_deg)
        position = np.array(
            [target[0] + distance * np.cos(az), target[1] + distance * np.sin(az), height]
        )
        forward = target - position
        forward /= np.linalg.norm(forward)
        right = np.cross(forward, [0.0, 0.0, 1.0])
        right /= np.linalg.norm(right)
        down = np.cross(forward, right)
        width = self.image_size[0]
        focal = (width / 2) / np.tan(np.radians(self.fov_deg) / 2)
        return PlacedCamera(
            position=position,
            rotation=np.stack([right, down, forward]),
            focal_px=float(focal),
            image_size=self.image_size,
            azimuth_deg=self.azimuth_deg,
        )


@dataclass(frozen=True, eq=False)
class PlacedCamera:
    """A camera at a fixed place.

    Attributes:
        position: shape (3,), lens centre in the lab frame (metres).
        rotation: shape (3, 3), rows are the camera's right, down and forward
            axes in lab coordinates.
        focal_px: focal length in pixels.
        image_size: (width, height) in pixels.
        azimuth_deg: direction from the body to the camera, degrees.
    """

    position: np.ndarray
    rotation: np.ndarray
    focal_px: float
    image_size: tuple[int, int]
    azimuth_deg: float

    def to_camera(self, points: np.ndarray) -> np.ndarray:
        """Lab points (shape (..., 3), metres) in camera axes (x right, y down, z forward)."""
        return (points - self.position) @ self.rotation.T

    def project_points(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pinhole projection of lab points (shape (..., 3), metres).

        Returns:
            Normalized image coordinates, shape (..., 2) (x right, y down, 0..1
            inside the image), and depth along the optical axis, shape (...,) metres.
        """
        cam = self.to_camera(points)
        depth = cam[..., 2]
        width, height = self.image_size
        safe = np.where(np.abs(depth) < 1e-6, 1e-6, depth)
        x = 0.5 + self.focal_px * cam[..., 0] / safe / width
        y = 0.5 + self.focal_px * cam[..., 1] / safe / height
        return np.stack([x, y], axis=-1), depth

    def landmarks(self, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """MediaPipe-style landmarks of lab-frame positions.

        Args:
            positions: shape (T, 33, 3), lab frame (metres).

        Returns:
            image_xy: shape (T, 33, 2), normalized image coordinates.
            image_z: shape (T, 33), depth relative to the mid-hip point, scaled
                like image x (smaller is nearer the camera).
            world_xyz: shape (T, 33, 3), metres in camera axes, origin between the hips.
        """
        image_xy, depth = self.project_points(positions)
        mid_hip = (positions[:, Landmark.LEFT_HIP] + positions[:, Landmark.RIGHT_HIP]) / 2
        _, hip_depth = self.project_points(mid_hip)
        scale = self.focal_px / (self.image_size[0] * hip_depth)
        image_z = (depth - hip_depth[:, None]) * scale[:, None]
        world = (positions - mid_hip[:, None, :]) @ self.rotation.T
        return image_xy, image_z, world

    def to_dict(self) -> dict[str, object]:
        """JSON-serializable description (metres, degrees, pixels)."""
        width = self.image_size[0]
        return {
            "azimuth_deg": float(self.azimuth_deg),
            "position_m": [round(float(v), 4) for v in self.position],
            "forward": [round(float(v), 5) for v in self.rotation[2]],
            "focal_px": round(self.focal_px, 3),
            "fov_deg": round(float(np.degrees(2 * np.arctan(width / 2 / self.focal_px))), 3),
            "image_size": list(self.image_size),
        }
