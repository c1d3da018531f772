"""Skeleton pictures and replays from a landmark track's poses, as SVG and compact data.

Coordinates are normalized image coordinates (0..1, y down) scaled into an SVG
view box 1000 units wide whose height follows the frame's aspect ratio.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from html import escape

import numpy as np

from formcheck.pose.block import PoseBlock
from formcheck.pose.landmarks import SKELETON_EDGES

VIEW_WIDTH = 1000
VISIBLE = 0.5
DEFAULT_ASPECT = 16 / 9
REPLAY_FPS = 10.0
MISSING = -1


@dataclass(frozen=True)
class Replay:
    """A rep's skeleton, sampled at a fixed rate for animation.

    Attributes:
        frames: one row per sample, shape (F, 33, 2); view-box units rounded to
            integers, `MISSING` where a landmark was not seen.
        interval_ms: time between samples, milliseconds.
        start_ms: time of the first sample, milliseconds from the start of the source.
        box: (x, y, width, height) of the view box framing the body, view-box units.
    """

    frames: np.ndarray
    interval_ms: float
    start_ms: float
    box: tuple[int, int, int, int]

    def to_json(self) -> dict:
        """Plain data for embedding: {"dt": ms, "t0": ms, "f": [[x0, y0, x1, y1, ...], ...]}."""
        flat = self.frames.reshape(self.frames.shape[0], -1).astype(int)
        return {"dt": self.interval_ms, "t0": self.start_ms, "box": list(self.box),
                "f": flat.tolist()}


def view_height(poses: PoseBlock | None) -> int:
    """Height of the SVG view box for the frame size of `poses` (16:9 when unknown)."""
    size = poses.image_size if poses is not None else None
    aspect = size[0] / size[1] if size else DEFAULT_ASPECT
    return int(round(VIEW_WIDTH / aspect))


def view_points(poses: PoseBlock, row: int, height: int) -> np.ndarray:
    """Landmarks of row `row` in view units, shape (33, 2) int; `MISSING` where not seen.

    Args:
        poses: the recorded landmarks.
        row: the row of `poses`.
        height: the view box height (see `view_height`).
    """
    out = np.rint(poses.image_xy[row] * np.array([VIEW_WIDTH, height])).astype(float)
    seen = np.isfinite(out).all(axis=1) & (poses.visibility[row] >= VISIBLE)
    out[~seen] = MISSING
    return out.astype(int)


def body_box(points: np.ndarray, height: int, pad: float = 0.15) -> tuple[int, int, int, int]:
    """A view box (x, y, w, h) around the seen points, shape (..., 2), padded on each side.

    Falls back to the whole frame when nothing was seen.
    """
    seen = points.reshape(-1, 2)
    seen = seen[seen[:, 0] != MISSING]
    if seen.size == 0:
        return 0, 0, VIEW_WIDTH, height
    lo, hi = seen.min(axis=0), seen.max(axis=0)
    side = max(float((hi - lo).max()) * (1 + 2 * pad), 100.0)
    centre = (lo + hi) / 2
    return (int(centre[0] - side / 2), int(centre[1] - side / 2), int(side), int(side))


def frame_at(poses: PoseBlock, t_ms: float) -> int:
    """Row of `poses` nearest in time to `t_ms` (milliseconds)."""
    times = poses.timestamp_ms
    i = int(np.searchsorted(times, t_ms))
    if i >= len(poses):
        return len(poses) - 1
    if i > 0 and t_ms - times[i - 1] < times[i] - t_ms:
        return i - 1
    return i


def skeleton_svg(poses: PoseBlock, t_ms: float, *, faulty: Collection[int], label: str) -> str:
    """A static SVG drawing of the skeleton nearest to `t_ms`.

    Args:
        poses: the recorded landmarks (a landmark track's poses).
        t_ms: moment to draw, milliseconds.
        faulty: indices into `SKELETON_EDGES` of the bones drawn in the fault colour.
        label: accessible name of the picture (escaped here).
    """
    height = view_height(poses)
    pts = view_points(poses, frame_at(poses, t_ms), height)
    lines = []
    for e in sorted(range(len(SKELETON_EDGES)), key=lambda e: e in faulty):  # faults on top
        a, b = SKELETON_EDGES[e]
        if pts[a, 0] == MISSING or pts[b, 0] == MISSING:
            continue
        cls = ' class="fault"' if e in faulty else ""
        lines.append(f'<line{cls} x1="{pts[a, 0]}" y1="{pts[a, 1]}" x2="{pts[b, 0]}" '
                     f'y2="{pts[b, 1]}"/>')
    x, y, w, h = body_box(pts, height)
    return (
        f'<svg class="skeleton" viewBox="{x} {y} {w} {h}" role="img" '
        f'aria-label="{escape(label)}"><rect x="{x}" y="{y}" width="{w}" height="{h}" '
        f'class="backdrop"/>'
        f'<g class="bones">{"".join(lines)}</g></svg>'
    )


def replay(poses: PoseBlock, start_ms: float, end_ms: float, fps: float = REPLAY_FPS) -> Replay:
    """Sample the skeleton of `poses` from `start_ms` to `end_ms` at `fps` samples per second."""
    interval = 1000.0 / fps
    times = np.arange(start_ms, max(end_ms, start_ms) + interval / 2, interval)
    height = view_height(poses)
    frames = np.stack([view_points(poses, frame_at(poses, t), height) for t in times])
    return Replay(frames=frames, interval_ms=interval, start_ms=float(start_ms),
                  box=body_box(frames, height))
