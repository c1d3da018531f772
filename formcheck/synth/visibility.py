"""Landmark visibility and presence as a pose model would report them.

Self-occlusion: the body is approximated by capsules (torso, head, limb
segments); a landmark is occluded when the line of sight from the camera to it
passes through a capsule in front of it. Presence drops for landmarks outside
the image.
"""

from __future__ import annotations

import numpy as np

from formcheck.pose.landmarks import Landmark
from formcheck.synth.body import BodyParams
from formcheck.synth.camera import PlacedCamera

L = Landmark

# Capsules as (start landmarks, end landmarks, radius as a fraction of height,
# opacity); the start and end points are the means of their landmarks. Limbs
# are thin and only partly hide what is behind them.
_CAPSULES: tuple[tuple[tuple[Landmark, ...], tuple[Landmark, ...], float, float], ...] = (
    ((L.LEFT_HIP, L.RIGHT_HIP), (L.LEFT_SHOULDER, L.RIGHT_SHOULDER), 0.065, 1.0),
    ((L.LEFT_EAR, L.RIGHT_EAR), (L.LEFT_EAR, L.RIGHT_EAR), 0.055, 1.0),
    ((L.LEFT_HIP,), (L.LEFT_KNEE,), 0.035, 0.6),
    ((L.RIGHT_HIP,), (L.RIGHT_KNEE,), 0.035, 0.6),
    ((L.LEFT_KNEE,), (L.LEFT_ANKLE,), 0.025, 0.5),
    ((L.RIGHT_KNEE,), (L.RIGHT_ANKLE,), 0.025, 0.5),
    ((L.LEFT_SHOULDER,), (L.LEFT_ELBOW,), 0.025, 0.5),
    ((L.RIGHT_SHOULDER,), (L.RIGHT_ELBOW,), 0.025, 0.5),
    ((L.LEFT_ELBOW,), (L.LEFT_WRIST,), 0.02, 0.4),
    ((L.RIGHT_ELBOW,), (L.RIGHT_WRIST,), 0.02, 0.4),
)
_SAMPLES_PER_CAPSULE = 7


def _capsule_samples(
    positions: np.ndarray, body: BodyParams
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Points along each capsule's axis, shape (T, S, 3), their radii and opacities, (S,)."""
    s = np.linspace(0.0, 1.0, _SAMPLES_PER_CAPSULE)[None, :, None]
    points, radii, opacity = [], [], []
    for start, end, radius, alpha in _CAPSULES:
        a = positions[:, list(start)].mean(axis=1)[:, None, :]
        b = positions[:, list(end)].mean(axis=1)[:, None, :]
        points.append(a + s * (b - a))
        radii.append(np.full(_SAMPLES_PER_CAPSULE, radius * body.height))
        opacity.append(np.full(_SAMPLES_PER_CAPSULE, alpha))
    return np.concatenate(points, axis=1), np.concatenate(radii), np.concatenate(opacity)


def occlusion(positions: np.ndarray, body: BodyParams, camera: PlacedCamera) -> np.ndarray:
    """How much of each landmark is hidden behind the body, 0 (clear) .. 1 (hidden).

    Args:
        positions: shape (T, 33, 3), lab frame (metres).
        body: dimensions, for the capsule radii.
        camera: the viewing camera.

    Returns:
        Shape (T, 33).
    """
    # float32 is ample for a soft 0..1 score and halves the memory traffic.
    cam_points = (positions - camera.position).astype(np.float32)
    samples, radii, opacity = _capsule_samples(positions, body)
    cam_samples = (samples - camera.position).astype(np.float32)
    radii, opacity = radii.astype(np.float32), opacity.astype(np.float32)
    dist = np.linalg.norm(cam_points, axis=-1)  # (T, 33)
    rays = cam_points / dist[..., None]
    along = rays @ cam_samples.transpose(0, 2, 1)  # (T, 33, S)
    off_ray_sq = np.sum(cam_samples**2, axis=-1)[:, None, :] - along**2
    off_ray = np.sqrt(np.maximum(off_ray_sq, 0.0, out=off_ray_sq), out=off_ray_sq)
    cover = np.clip((radii - off_ray) / (0.5 * radii) + 0.5, 0.0, 1.0) * opacity
    cover[along >= dist[..., None] - radii] = 0.0
    return cover.max(axis=-1).astype(np.float64)


def outside_image(image_xy: np.ndarray, depth: np.ndarray) -> np.ndarray:
    """True where a landmark projects outside the image or behind the camera.

    Args:
        image_xy: shape (T, 33, 2), normalized image coordinates.
        depth: shape (T, 33), metres along the optical axis.

    Returns:
        Shape (T, 33), bool.
    """
    inside = np.all((image_xy >= 0.0) & (image_xy <= 1.0), axis=-1) & (depth > 0)
    return ~inside
