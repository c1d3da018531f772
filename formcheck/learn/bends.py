"""Whether a demonstrated bend tells its side: which way the head (or a limb) turns.

A bend (`geometry.signed_bend`) is signed by a side test: its far segment's
offset from the first segment's line against the offset of the `toward` point
(the nose for the head). When the two offsets stand nearly at right angles in
3D (the head a little off the trunk's line, but sideways rather than toward the
chest or back), the sign is decided by the landmarks' jitter: a plank's head held
still in line reads -10° in one clip and +10° in the next, or flips within one.
Such a bend has no side to check, so no band is learned on it.
"""

from __future__ import annotations

import numpy as np

from formcheck.analysis.geometry import offsets_across
from formcheck.analysis.metrics import has_world
from formcheck.learn.bank import CANDIDATES
from formcheck.pose.block import PoseBlock
from formcheck.spec.language import BendMetric
from formcheck.spec.points import resolve_point

_SURE = 0.5  # median |cos| between the two offsets below this: the side is not told
_MIN_FRAMES = 5


def _point(xyz: np.ndarray, name: str, side: str) -> np.ndarray:
    return xyz[:, list(resolve_point(name, side))].mean(axis=1)


def _sureness(block: PoseBlock, metric: BendMetric, frames: np.ndarray) -> float:
    """Median |cosine| between the far segment's and the `toward` point's offsets from
    the first segment's line, over `frames` (shape (N,), bool) with world landmarks;
    1.0 (sure) when there are too few such frames: the picture tells a side exactly."""
    use = frames & has_world(block)
    xyz = block.world_xyz[use]
    a, b, c, toward = (_point(xyz, p, "left") for p in metric.points())
    v, w = offsets_across(a, b, c, toward)
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = np.einsum("ij,ij->i", v, w) / (np.linalg.norm(v, axis=-1)
                                              * np.linalg.norm(w, axis=-1))
    cos = np.abs(cos[np.isfinite(cos)])
    return float(np.median(cos)) if len(cos) >= _MIN_FRAMES else 1.0


def sideless_bends(block: PoseBlock, frames: np.ndarray) -> set[str]:
    """Names of the bend candidates whose side the demonstration does not tell over
    `frames` (shape (N,), bool: the reps or the hold)."""
    found = set()
    for candidate in CANDIDATES:
        metric = candidate.metric
        if isinstance(metric, BendMetric) and _sureness(block, metric, frames) < _SURE:
            found.add(candidate.name)
    return found
