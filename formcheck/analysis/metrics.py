"""Computing an exercise's metrics from landmark arrays, vectorised over frames.

`MetricBank` compiles the spec's metric definitions once (point names to landmark
indices) and evaluates them for a block of frames at a time: one frame in live
use, a whole track when replaying. Each metric yields a left and a right value
(identical for metrics that use no sided point) plus a confidence, the lowest
landmark confidence among the landmarks it reads.

A frame without world landmarks (2D keypoints from another pose tool) has its
world-space metrics measured in the picture instead, wherever a metric's kind
allows: angles, inclinations and heights from the image landmarks (one unit the
frame height in both directions, so the aspect ratio is corrected), distances
per torso length in pixels. The torso, and a segment whose inclination or
elevation is measured, are taken at the length they have shown lately when the
picture shows them shorter: they then point towards or away from the camera
(`formcheck.analysis.picture_depth`). What truly needs depth (`needs_depth`: a
sideways offset, a length in metres) stays NaN there, for the reason `NO_DEPTH`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from formcheck.analysis import geometry
from formcheck.analysis.picture_depth import LongestSeen, depth_extent, torso_at_least
from formcheck.pose.block import PoseBlock
from formcheck.pose.landmarks import Landmark
from formcheck.spec.language import (
    AngleMetric,
    AnyMetric,
    BendMetric,
    DistanceMetric,
    ElevationMetric,
    ExerciseSpec,
    InclinationMetric,
    OffsetMetric,
    SidewaysMetric,
)
from formcheck.spec.points import SIDES, resolve_point

# Landmarks whose visibility decides which body side faces the camera.
_SIDE_PROBES = {
    "left": [Landmark.LEFT_SHOULDER, Landmark.LEFT_ELBOW, Landmark.LEFT_HIP, Landmark.LEFT_KNEE,
             Landmark.LEFT_ANKLE],
    "right": [Landmark.RIGHT_SHOULDER, Landmark.RIGHT_ELBOW, Landmark.RIGHT_HIP,
              Landmark.RIGHT_KNEE, Landmark.RIGHT_ANKLE],
}
NO_DEPTH = "this track has no 3D landmarks"
"""Why a metric that needs depth is not measured on frames without world landmarks."""

LINE_SEEN = 0.5
"""Least visibility of both ends of a `square_to` line for the line to be used."""

_MID_SHOULDER = (int(Landmark.LEFT_SHOULDER), int(Landmark.RIGHT_SHOULDER))
_MID_HIP = (int(Landmark.LEFT_HIP), int(Landmark.RIGHT_HIP))


def side_visibility(block: PoseBlock) -> np.ndarray:
    """Shape (N, 2): mean visibility of the (left, right) body landmarks of each frame."""
    return np.stack(
        [block.visibility[:, _SIDE_PROBES[s]].mean(axis=1) for s in SIDES], axis=1
    )


def needs_depth(metric: AnyMetric) -> bool:
    """True when `metric` cannot be measured from the picture alone.

    A world-space sideways offset needs the depth axis, and a length kept in metres
    (``per = []``) has no counterpart in a picture of unknown scale.
    """
    if metric.space != "world":
        return False
    return isinstance(metric, SidewaysMetric) or (
        isinstance(metric, DistanceMetric) and metric.per == ())


def has_world(block: PoseBlock) -> np.ndarray:
    """Shape (T,), bool: True for frames with at least one world landmark."""
    return np.isfinite(block.world_xyz).any(axis=(1, 2))


def _world_or_picture(world: np.ndarray, image: np.ndarray, flat: np.ndarray) -> np.ndarray:
    """Shape (T, 33, 3): `world` landmarks (metres), but on the `flat` frames (T,) the
    `image` landmarks (T, 33, 2; frame heights) with depth 0."""
    picture = np.concatenate([image, np.zeros((*image.shape[:2], 1))], axis=2)
    return np.where(flat[:, None, None], picture, world)


@dataclass(frozen=True)
class _Compiled:
    name: str
    definition: AnyMetric
    indices: dict[str, tuple[tuple[int, ...], ...]]  # side -> landmark index tuples per point


def _point(coords: np.ndarray, idx: tuple[int, ...]) -> np.ndarray:
    if len(idx) == 1:
        return coords[:, idx[0]]
    return coords[:, list(idx)].mean(axis=1)


class MetricBank:
    """The compiled metrics of one exercise."""

    def __init__(self, spec: ExerciseSpec) -> None:
        self.names: tuple[str, ...] = tuple(spec.metrics)
        self._compiled = [
            _Compiled(
                name=name,
                definition=metric,
                indices={s: tuple(resolve_point(p, s) for p in metric.points()) for s in SIDES},
            )
            for name, metric in spec.metrics.items()
        ]

        self.depth_needed: frozenset[str] = frozenset(
            name for name, metric in spec.metrics.items() if needs_depth(metric))
        """Names of the metrics not measured on frames without world landmarks."""
        self._longest = LongestSeen()
        self._torso_spaces = {metric.space for metric in spec.metrics.values()
                              if _per_torso(metric)}

    def compute(self, block: PoseBlock) -> tuple[np.ndarray, np.ndarray]:
        """Evaluate every metric on every frame of `block`.

        Image-space metrics read image coordinates in units of the frame height
        (see `PoseBlock.image_xy_height_units`), world-space ones metres, or the
        picture on frames without world landmarks (module docstring); a
        landmark's confidence is `PoseBlock.confidence`.

        Returns:
            values: shape (N, M, 2), metric values for the (left, right) side in the
                metric's unit (degrees, or torso lengths for distances); NaN when
                a landmark is missing.
            confidence: shape (N, M, 2), the lowest landmark confidence among those read;
                0 where the value is NaN.
        """
        n = len(block)
        m = len(self._compiled)
        values = np.full((n, m, 2), np.nan)
        confidence = np.zeros((n, m, 2))
        flat = ~has_world(block)
        if flat.any():
            flat &= block.has_person  # 2D keypoints only (not frames with nobody)
        image = block.image_xy_height_units()
        spaces = {"image": image, "world": _world_or_picture(block.world_xyz, image, flat)
                  if flat.any() else block.world_xyz}
        torsos = {"image": _torso(image) if "image" in self._torso_spaces else None,
                  "world": self._world_torso(spaces["world"], flat, block.timestamp_ms)
                  if "world" in self._torso_spaces else None}
        landmark_conf = block.confidence
        picture_only = np.zeros(n, bool)  # image-space metrics: no frame is "flat" to them
        for j, compiled in enumerate(self._compiled):
            space = compiled.definition.space
            for k, side in enumerate(SIDES):
                values[:, j, k], confidence[:, j, k] = self._evaluate(
                    compiled, side, spaces[space], torsos[space], landmark_conf,
                    flat if space == "world" else picture_only, block.visibility,
                    self._picture_depth(compiled, side, flat, block.timestamp_ms)
                    if space == "world" else None)
            if compiled.name in self.depth_needed:
                values[flat, j], confidence[flat, j] = np.nan, 0.0
        return values, confidence

    def _world_torso(self, coords: np.ndarray, flat: np.ndarray, t_ms: np.ndarray
                     ) -> np.ndarray:
        """Torso length per frame, shape (T,): on frames without world landmarks, the
        longest the picture has shown it lately, directly or through the size of the
        other segments (`picture_depth.torso_at_least`): a torso leaning towards the
        camera looks short."""
        torso = _torso(coords)
        if not flat.any():
            return torso
        bound = torso_at_least(coords[flat], torso[flat])
        torso[flat] = self._longest.update("torso", t_ms[flat], bound)
        return torso

    def _picture_depth(self, compiled: _Compiled, side: str, flat: np.ndarray,
                       t_ms: np.ndarray) -> Callable[[np.ndarray, np.ndarray], np.ndarray] | None:
        """For an inclination or elevation measured on frames without world landmarks: a
        function giving the segment's end point with the depth its shortening implies
        (else None). Neither depends on the depth's unknown sign."""
        if not flat.any() or not isinstance(compiled.definition,
                                             InclinationMetric | ElevationMetric):
            return None

        def with_depth(start: np.ndarray, end: np.ndarray) -> np.ndarray:
            seen = np.linalg.norm(end - start, axis=-1)
            longest = self._longest.update((compiled.name, side), t_ms[flat], seen[flat])
            out = np.array(end, copy=True)
            out[flat, 2] += depth_extent(longest, seen[flat])
            return out

        return with_depth

    @staticmethod
    def _evaluate(
        compiled: _Compiled, side: str, coords: np.ndarray, torso: np.ndarray | None,
        landmark_conf: np.ndarray, flat: np.ndarray, visibility: np.ndarray,
        with_depth: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        metric = compiled.definition
        idx = compiled.indices[side]
        pts = [_point(coords, i) for i in idx]
        # The line a height is squared to only orients it: landmarks guessed there (feet
        # hidden behind the body) do not make the height itself unsure.
        measured = idx[:-2] if isinstance(metric, DistanceMetric) and metric.square_to else idx
        used = sorted({i for group in measured for i in group})
        conf = landmark_conf[:, used].min(axis=1)
        if isinstance(metric, AngleMetric):
            value = geometry.joint_angle(*pts)
        elif isinstance(metric, BendMetric):
            value = geometry.signed_bend(*pts)
            if metric.away_at_most is not None:
                value = np.where(flat & (value < -metric.away_at_most), -value, value)
        elif isinstance(metric, InclinationMetric):
            end = pts[1] if with_depth is None else with_depth(pts[0], pts[1])
            value = geometry.inclination(pts[0], end, metric.reference)
        elif isinstance(metric, ElevationMetric):
            end = pts[1] if with_depth is None else with_depth(pts[0], pts[1])
            value = geometry.signed_elevation(pts[0], end)
        elif isinstance(metric, OffsetMetric):
            value = geometry.line_offset(pts[0], pts[1], pts[2]) / torso
        elif isinstance(metric, SidewaysMetric):
            n, m = len(metric.point), len(metric.point) + len(metric.anchor)
            offset = np.mean(pts[:n], axis=0) - np.mean(pts[n:m], axis=0)
            along, across = pts[m + 1] - pts[m], pts[m + 3] - pts[m + 2]
            value = _sideways(offset, along, across) / torso
        else:
            value = _distance(metric, pts, _plain_vertical(compiled, side, flat, visibility))
            if metric.per is None:
                value = value / torso
            elif metric.per:
                value = value / _nonzero(geometry.distance(pts[2], pts[3]))
        # No value, no confidence, whatever the landmarks' visibility claims (e.g.
        # coordinates missing from converted data, or a segment of zero length).
        return value, np.where(np.isnan(value), 0.0, conf)


def _plain_vertical(compiled: _Compiled, side: str, flat: np.ndarray,
                    visibility: np.ndarray) -> np.ndarray:
    """Shape (T,), bool: the frames on which a height with `square_to` keeps the plain
    vertical. These are the `flat` frames (T,), pictures without depth, where a line
    running into the picture cannot be told from one running up it, and those on
    which an end of the line is hidden (`visibility` (T, 33) under `LINE_SEEN`; for a
    midpoint, its better-seen landmark): the pose model guesses a hidden landmark, and
    from the head end of a plank it guesses the toes moving with the body, turning
    the line through each rep."""
    metric = compiled.definition
    if not isinstance(metric, DistanceMetric) or metric.square_to is None:
        return flat
    line = compiled.indices[side][-2:]
    seen = np.min([visibility[:, list(group)].max(axis=1) for group in line], axis=0)
    return flat | ~(seen >= LINE_SEEN)


def _distance(metric: DistanceMetric, pts: list[np.ndarray], plain_vertical: np.ndarray
              ) -> np.ndarray:
    """`metric`'s raw distance, shape (N,), from its points `pts` (each (N, D)): with
    `square_to`, the height is taken square to that line except on the
    `plain_vertical` frames (N,; see `_plain_vertical`)."""
    value = geometry.distance(pts[0], pts[1], metric.axis)
    if metric.square_to is None:
        return value
    square = geometry.height_square_to(pts[0], pts[1], pts[-2], pts[-1])
    if metric.axis == "vertical_up":
        square = -square
    return np.where(plain_vertical, value, square)


def _per_torso(metric: AnyMetric) -> bool:
    """True when `metric`'s values are lengths in torso lengths."""
    return isinstance(metric, OffsetMetric | SidewaysMetric) or (
        isinstance(metric, DistanceMetric) and metric.per is None)


def _sideways(offset: np.ndarray, along: np.ndarray, across: np.ndarray) -> np.ndarray:
    """Signed horizontal component of `offset` square to `along`, shape (N,), metres.

    Args:
        offset, along, across: shape (N, 3), world vectors (metres, y down). The
            sideways unit vector is horizontal and perpendicular to `along`; its sign
            makes `across` point to the positive side. NaN when `along` is vertical.
    """
    sideways = np.cross(along, np.array([0.0, 1.0, 0.0]))
    sideways /= _nonzero(np.linalg.norm(sideways, axis=-1))[:, None]
    sign = np.sign(np.einsum("ni,ni->n", sideways, across))
    return sign * np.einsum("ni,ni->n", sideways, offset)


def _nonzero(length: np.ndarray) -> np.ndarray:
    """`length` with zeros (and anything not positive) replaced by NaN, for dividing by."""
    return np.where(length > 1e-9, length, np.nan)


def _torso(coords: np.ndarray) -> np.ndarray:
    """Torso length (shoulder midpoint to hip midpoint), shape (N,); NaN when zero."""
    return _nonzero(geometry.distance(_point(coords, _MID_SHOULDER), _point(coords, _MID_HIP)))
