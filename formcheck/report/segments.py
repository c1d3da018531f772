"""Which bones of the drawn skeleton a check reads: the segment drawn in the fault colour.

A metric reads a chain of body points (hip -> ankle, ankle -> hip -> other knee);
each link of the chain is drawn as the bones on the shortest way between its two
points along the skeleton (hip -> knee -> ankle), so the picture shows the limb
or trunk line the check judged.
"""

from __future__ import annotations

from collections import deque

from formcheck.pose.landmarks import SKELETON_EDGES
from formcheck.spec.language import ExerciseSpec
from formcheck.spec.points import SIDES, resolve_point


def _neighbours() -> dict[int, list[tuple[int, int]]]:
    """Landmark -> [(neighbour landmark, edge index)] along `SKELETON_EDGES`."""
    out: dict[int, list[tuple[int, int]]] = {}
    for e, (a, b) in enumerate(SKELETON_EDGES):
        out.setdefault(int(a), []).append((int(b), e))
        out.setdefault(int(b), []).append((int(a), e))
    return out


def _path(start: int, goals: set[int], graph: dict[int, list[tuple[int, int]]]) -> list[int] | None:
    """Edge indices of a shortest way from landmark `start` to any of `goals`, or None."""
    came: dict[int, tuple[int, int] | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node in goals:
            edges = []
            while came[node] is not None:
                node, e = came[node]  # type: ignore[misc]
                edges.append(e)
            return edges
        for nxt, e in graph.get(node, ()):
            if nxt not in came:
                came[nxt] = (node, e)
                queue.append(nxt)
    return None


def _chain(metric) -> tuple[str, ...]:
    """The body points whose connecting lines the metric measures, in order."""
    if metric.kind == "distance":
        return (metric.from_, metric.to)
    if metric.kind == "sideways":
        return tuple(metric.point)
    return metric.points()


def _link(a: tuple[int, ...], b: tuple[int, ...], graph) -> set[int]:
    """Edges of the shortest ways between any landmark of `a` and any of `b`."""
    ways = [w for w in (_path(x, set(b), graph) for x in a) if w is not None]
    if not ways:
        return set()
    shortest = min(len(w) for w in ways)
    return {e for w in ways if len(w) == shortest for e in w}


def metric_edges(spec: ExerciseSpec, metric: str, side: str | None) -> frozenset[int]:
    """Indices into `SKELETON_EDGES` of the bones metric `metric` reads on `side`.

    Args:
        spec: the exercise rules naming the metric.
        metric: metric name; an unknown name reads no bones.
        side: "left" or "right"; None for both sides (a metric not tied to one).
    """
    definition = spec.metrics.get(metric)
    if definition is None:
        return frozenset()
    graph = _neighbours()
    edges: set[int] = set()
    for s in (side,) if side in SIDES else SIDES:
        points = [resolve_point(p, s) for p in _chain(definition)]
        for a, b in zip(points, points[1:], strict=False):
            edges |= _link(a, b, graph)
    return frozenset(edges)
