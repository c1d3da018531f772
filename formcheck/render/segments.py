"""The body segments a metric reads, as landmark groups to draw in the fault colour."""

from __future__ import annotations

from formcheck.render.overlay import Segment
from formcheck.spec.language import (
    AngleMetric,
    AnyMetric,
    BendMetric,
    ExerciseSpec,
    OffsetMetric,
    SidewaysMetric,
)
from formcheck.spec.points import SIDES, resolve_point


def _chain(metric: AnyMetric) -> tuple[str, ...]:
    """The metric's points in the order a line through them follows the body.

    An angle or bend: the two limbs meeting at the joint; an offset: the line
    bent through the point (e.g. shoulder, hip, ankle); a sideways shift: the
    trunk it is measured square to; anything else: its first two points.
    """
    if isinstance(metric, AngleMetric | BendMetric):
        return metric.at
    if isinstance(metric, OffsetMetric):
        return (metric.line[0], metric.point, metric.line[1])
    if isinstance(metric, SidewaysMetric):
        return metric.along
    return metric.points()[:2]


def metric_segments(spec: ExerciseSpec, metric: str, side: str | None) -> tuple[Segment, ...]:
    """Segments between consecutive points of `metric`'s chain, on `side` or on both sides.

    Args:
        spec: the exercise.
        metric: a metric of `spec`.
        side: "left" or "right" for the side a fault was found on; anything else
            draws the metric's own side, or both sides when it has none.
    """
    definition = spec.metrics[metric]
    if side in SIDES:
        sides: tuple[str, ...] = (side,)  # type: ignore[assignment]
    elif definition.side_mode in SIDES:
        sides = (definition.side_mode,)
    else:
        sides = SIDES
    chain = _chain(definition)
    segments = []
    for s in sides:
        groups = [resolve_point(p, s) for p in chain]
        segments.extend(zip(groups, groups[1:], strict=False))
    return tuple(dict.fromkeys(segments))
