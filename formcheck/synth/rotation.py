"""Vectorized rotation matrices about the coordinate axes.

All functions take angles in degrees as an array of any shape S and return
rotation matrices of shape S + (3, 3) that rotate column vectors (right-handed,
counter-clockwise for a positive angle when looking down the axis).
"""

from __future__ import annotations

import numpy as np


def _rotation(angles_deg: np.ndarray, axis: int) -> np.ndarray:
    rad = np.radians(np.asarray(angles_deg, dtype=np.float64))
    c, s = np.cos(rad), np.sin(rad)
    out = np.zeros((*rad.shape, 3, 3))
    i, j = [(1, 2), (2, 0), (0, 1)][axis]
    out[..., axis, axis] = 1.0
    out[..., i, i] = c
    out[..., j, j] = c
    out[..., i, j] = -s
    out[..., j, i] = s
    return out


def rot_x(angles_deg: np.ndarray) -> np.ndarray:
    """Rotations about the x axis; shape S + (3, 3) for angles of shape S (degrees)."""
    return _rotation(angles_deg, 0)


def rot_y(angles_deg: np.ndarray) -> np.ndarray:
    """Rotations about the y axis; shape S + (3, 3) for angles of shape S (degrees)."""
    return _rotation(angles_deg, 1)


def rot_z(angles_deg: np.ndarray) -> np.ndarray:
    """Rotations about the z axis; shape S + (3, 3) for angles of shape S (degrees)."""
    return _rotation(angles_deg, 2)


def chain(*matrices: np.ndarray) -> np.ndarray:
    """Product of rotation matrices, left to right; shapes broadcast as in `np.matmul`."""
    out = matrices[0]
    for m in matrices[1:]:
        out = out @ m
    return out


def apply(matrices: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Rotate `vector` (shape (3,) or S + (3,)) by `matrices` (S + (3, 3)); shape S + (3,)."""
    return np.einsum("...ij,...j->...i", matrices, vector)
