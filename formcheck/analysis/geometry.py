"""Vectorised geometry on landmark arrays.

All functions take arrays whose last axis holds coordinates (2 for image xy,
3 for world xyz) and broadcast over any leading axes, returning NaN wherever an
input is NaN. Angles are in degrees.
"""

from __future__ import annotations

import numpy as np


def joint_angle(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Angle ABC at vertex `b` in degrees (0..180).

    Args:
        a, b, c: points of shape (..., D).

    Returns:
        Shape (...); 180 for a straight limb, NaN when a segment has zero length.
    """
    u = a - b
    v = c - b
    nu = np.linalg.norm(u, axis=-1)
    nv = np.linalg.norm(v, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = np.einsum("...i,...i->...", u, v) / (nu * nv)
    return np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))


def signed_bend(a: np.ndarray, b: np.ndarray, c: np.ndarray, toward: np.ndarray) -> np.ndarray:
    """Signed bend at `b` in degrees: how far b->c turns from the line a->b (-180..180).

    0 when the three points lie in a straight line; positive when c turns toward
    the side of the line a->b on which `toward` lies, negative when away from it.
    Unlike `joint_angle` near 180, a bend that passes through straight is not
    folded back, so the jitter of a nearly straight chain averages out.

    Args:
        a, b, c, toward: points of shape (..., D).

    Returns:
        Shape (...); NaN when a segment has zero length.
    """
    side_c, side_toward = offsets_across(a, b, c, toward)
    sign = np.where(np.einsum("...i,...i->...", side_c, side_toward) < 0, -1.0, 1.0)
    return sign * (180.0 - joint_angle(a, b, c))


def offsets_across(a: np.ndarray, b: np.ndarray, *points: np.ndarray) -> list[np.ndarray]:
    """Each point's offset from `b` across the line a->b (its part along the line removed).

    Args:
        a, b, points: points of shape (..., D).

    Returns:
        One array of shape (..., D) per point; NaN where a->b has zero length.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        along = (b - a) / np.linalg.norm(b - a, axis=-1, keepdims=True)
    offsets = []
    for p in points:
        d = p - b
        offsets.append(d - np.einsum("...i,...i->...", d, along)[..., None] * along)
    return offsets


def inclination(start: np.ndarray, end: np.ndarray, reference: str) -> np.ndarray:
    """Unsigned angle in degrees between segment start->end and a reference direction.

    Coordinates have y pointing down (image and MediaPipe world frames alike).

    Args:
        start, end: points of shape (..., D), D = 2 or 3.
        reference: "vertical" (0 = upright or hanging straight down, 90 = level) or
            "horizontal" (0 = level, 90 = upright). The result is folded to 0..90 so
            that direction along the segment does not matter.

    Returns:
        Shape (...), degrees in 0..90.
    """
    d = end - start
    vertical = np.abs(d[..., 1])
    horizontal = np.linalg.norm(np.delete(d, 1, axis=-1), axis=-1)
    with np.errstate(invalid="ignore"):
        from_vertical = np.degrees(np.arctan2(horizontal, vertical))
    if reference == "vertical":
        return from_vertical
    if reference == "horizontal":
        return 90.0 - from_vertical
    raise ValueError(f"reference must be 'vertical' or 'horizontal', got {reference!r}")


def signed_elevation(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Signed angle in degrees of start->end above the horizontal (y down).

    Positive when `end` is higher than `start` (smaller y). Shape (...).
    """
    d = end - start
    horizontal = np.linalg.norm(np.delete(d, 1, axis=-1), axis=-1)
    with np.errstate(invalid="ignore"):
        return np.degrees(np.arctan2(-d[..., 1], horizontal))


def distance(a: np.ndarray, b: np.ndarray, axis: str = "any") -> np.ndarray:
    """Distance between points, in the units of the input.

    Args:
        a, b: shape (..., D).
        axis: "any" for Euclidean distance, "x" or "y" for the signed offset
            b - a along that axis, "vertical_up" for how far `b` is above `a`
            (positive up, y pointing down).

    Returns:
        Shape (...).
    """
    d = b - a
    if axis == "any":
        return np.linalg.norm(d, axis=-1)
    if axis == "x":
        return d[..., 0]
    if axis == "y":
        return d[..., 1]
    if axis == "vertical_up":
        return -d[..., 1]
    raise ValueError(f"axis must be 'any', 'x', 'y' or 'vertical_up', got {axis!r}")


def line_offset(point: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Signed distance of `point` from the line through `a` and `b`, positive above it.

    "Above" means towards smaller y (y points down). In 3D the offset is the
    length of the perpendicular, signed by its vertical component.

    Args:
        point, a, b: shape (..., D).

    Returns:
        Shape (...), in the input's units; NaN when a == b.
    """
    ab = b - a
    ap = point - a
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.einsum("...i,...i->...", ap, ab) / np.einsum("...i,...i->...", ab, ab)
    perpendicular = ap - t[..., None] * ab
    length = np.linalg.norm(perpendicular, axis=-1)
    return np.where(perpendicular[..., 1] > 0, -length, length)


def height_square_to(a: np.ndarray, b: np.ndarray, line_a: np.ndarray, line_b: np.ndarray,
                     steepest_deg: float = 45.0) -> np.ndarray:
    """How far `b` lies below `a` (y down) along the vertical taken square to a line.

    The vertical (0, 1, 0) has its component along the line `line_a`->`line_b`
    removed, so a move along the line does not change the result, whatever the
    camera's tilt; where the line is steeper than `steepest_deg` from horizontal
    the plain vertical is used (it is then no floor line), and likewise where the
    line is unknown (NaN).

    Args:
        a, b, line_a, line_b: points of shape (N, 3), world coordinates.

    Returns:
        Shape (N,), in the input's units; the same as ``distance(a, b, "y")`` for a
        level line.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        along = line_b - line_a
        along = along / np.linalg.norm(along, axis=-1, keepdims=True)
        down = np.zeros_like(along)
        down[..., 1] = 1.0
        slope = along[..., 1]
        square = down - slope[..., None] * along
        square = square / np.linalg.norm(square, axis=-1, keepdims=True)
        level = np.abs(slope) <= np.sin(np.radians(steepest_deg))
        vertical = np.where(level[..., None], square, down)
    return np.einsum("...i,...i->...", b - a, vertical)
