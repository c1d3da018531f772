"""The body segments a metric reads: the limb or trunk line a failing check is drawn on.

A metric reads a chain of body points (shoulder -> elbow -> wrist for an elbow
angle, shoulder -> hip -> ankle for a hip line). The HUD draws each link of the
chain as a straight segment between landmark groups (:func:`metric_segments`);
the report's still skeleton colours the bones on the shortest way between the
link's two points along the drawn skeleton (:func:`metric_edges`). Both read the
same chain, so the picture and the video mark the same part of the body.
"""

from __future__ import annotations

from collections import deque

from formcheck.pose.landmarks import SKELETON_EDGES
from formcheck.spec.language import (
    AngleMetric,
    AnyMetric,
    BendMetric,
    DistanceMetric,
    ExerciseSpec,
    OffsetMetric,
    SidewaysMetric,
)
from formcheck.spec.points import SIDES, resolve_point

Segment = tuple[tuple[int, ...], tuple[int, ...]]
"""A body segment as two groups of landmark indices; each end is its group's mean."""

_Graph = dict[int, list[tuple[int, int]]]


def _chain(metric: AnyMetric) -> tuple[str, ...]:
    """The metric's points in the order a line through them follows the body.

    An angle or bend: the two limbs meeting at the joint; an offset: the line
    bent through the point (e.g. shoulder, hip, ankle); a distance: its two ends
    (not the points of its unit); a sideways shift: the trunk it is measured
    square to; anything else: its first two points.
    """
    if isinstance(metric, AngleMetric | BendMetric):
        return metric.at
    if isinstance(metric, OffsetMetric):
        return (metric.line[0], metric.point, metric.line[1])
    if isinstance(metric, DistanceMetric):
        return (metric.from_, metric.to)
    if isinstance(metric, SidewaysMetric):
        return metric.along
    return metric.points()[:2]


def _sides(spec: ExerciseSpec, metric: str, side: str | None) -> tuple[str, ...]:
    """`side` when it names one, else the metric's own side, else both sides."""
    if side in SIDES:
        return (side,)  # type: ignore[return-value]
    own = spec.metrics[metric].side_mode
    return (own,) if own in SIDES else SIDES


def _links(spec: ExerciseSpec, metric: str, side: str | None) -> list[Segment]:
    """Consecutive point pairs of the metric's chain as landmark groups, per side drawn."""
    chain = _chain(spec.metrics[metric])
    links: list[Segment] = []
    for s in _sides(spec, metric, side):
        groups = [resolve_point(p, s) for p in chain]
        links.extend(zip(groups, groups[1:], strict=False))
    return list(dict.fromkeys(links))


def metric_segments(spec: ExerciseSpec, metric: str, side: str | None) -> tuple[Segment, ...]:
    """Straight segments between consecutive points of `metric`'s chain.

    Args:
        spec: the exercise.
        metric: a metric of `spec`.
        side: "left" or "right" for the side a fault was found on; anything else
            draws the metric's own side, or both sides when it has none.
    """
    return tuple(_links(spec, metric, side))


def _neighbours() -> _Graph:
    """Landmark -> [(neighbour landmark, edge index)] along `SKELETON_EDGES`."""
    out: _Graph = {}
    for e, (a, b) in enumerate(SKELETON_EDGES):
        out.setdefault(int(a), []).append((int(b), e))
        out.setdefault(int(b), []).append((int(a), e))
    return out


def _path(start: int, goals: set[int], graph: _Graph) -> list[int] | None:
    """Edge indices of a shortest way from landmark `start` to any of `goals`, or None."""
    came: dict[int, tuple[int, int] | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node in goals:
            edges = []
            while (step := came[node]) is not None:
                node, e = step
                edges.append(e)
            return edges
        for nxt, e in graph.get(node, ()):
            if nxt not in came:
                came[nxt] = (node, e)
                queue.append(nxt)
    return None


def _bones(link: Segment, graph: _Graph) -> set[int]:
    """Edges of the shortest ways between any landmark of one end and any of the other."""
    a, b = link
    ways = [w for w in (_path(x, set(b), graph) for x in a) if w is not None]
    if not ways:
        return set()
    shortest = min(len(w) for w in ways)
    return {e for w in ways if len(w) == shortest for e in w}


def metric_edges(spec: ExerciseSpec, metric: str, side: str | None) -> frozenset[int]:
    """Indices into `SKELETON_EDGES` of the bones `metric` reads on `side`.

    Args:
        spec: the exercise rules naming the metric.
        metric: metric name; an unknown name reads no bones.
        side: as for :func:`metric_segments`.
    """
    if metric not in spec.metrics:
        return frozenset()
    graph = _neighbours()
    edges: set[int] = set()
    for link in _links(spec, metric, side):
        edges |= _bones(link, graph)
    return frozenset(edges)
