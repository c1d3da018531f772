"""The body segments drawn for a failing check: the HUD and the report mark the same limb."""

from formcheck.pose.landmarks import SKELETON_EDGES
from formcheck.pose.landmarks import Landmark as L
from formcheck.render.segments import metric_edges, metric_segments
from formcheck.spec.loader import find_exercise, load_exercise
from formcheck.spec.points import resolve_point


def _bones(edges: frozenset[int]) -> set[frozenset[L]]:
    return {frozenset(SKELETON_EDGES[e]) for e in edges}


def _bone(a: L, b: L) -> frozenset[L]:
    return frozenset((a, b))


def test_hip_line_is_drawn_shoulder_to_hip_to_ankle():
    """The push-up hip line bends at the hips: the trunk and both legs, not shoulder to ankle."""
    spec = load_exercise(find_exercise("push_up"))
    segments = metric_segments(spec, "hip_line", None)
    mid_shoulder = (int(L.LEFT_SHOULDER), int(L.RIGHT_SHOULDER))
    mid_hip = (int(L.LEFT_HIP), int(L.RIGHT_HIP))
    mid_ankle = (int(L.LEFT_ANKLE), int(L.RIGHT_ANKLE))
    assert segments == ((mid_shoulder, mid_hip), (mid_hip, mid_ankle))
    bones = _bones(metric_edges(spec, "hip_line", None))
    assert bones == {
        _bone(L.LEFT_SHOULDER, L.LEFT_HIP), _bone(L.RIGHT_SHOULDER, L.RIGHT_HIP),
        _bone(L.LEFT_HIP, L.LEFT_KNEE), _bone(L.RIGHT_HIP, L.RIGHT_KNEE),
        _bone(L.LEFT_KNEE, L.LEFT_ANKLE), _bone(L.RIGHT_KNEE, L.RIGHT_ANKLE),
    }


def test_a_sided_angle_on_the_flagged_side_only():
    """A fault found on the left draws the left limb; the right one stays its own colour."""
    spec = load_exercise(find_exercise("bicep_curl"))
    driver = spec.rep.driver
    bones = _bones(metric_edges(spec, driver, "left"))
    assert bones == {_bone(L.LEFT_SHOULDER, L.LEFT_ELBOW), _bone(L.LEFT_ELBOW, L.LEFT_WRIST)}
    assert {p for s in metric_segments(spec, driver, "left") for g in s for p in g} == {
        int(L.LEFT_SHOULDER), int(L.LEFT_ELBOW), int(L.LEFT_WRIST)}


def test_a_distance_draws_its_ends_not_its_unit():
    """A distance per the ankles' spacing (squat) marks what moved, not the ankles it is
    scaled by."""
    spec = load_exercise(find_exercise("squat"))
    name = next(n for n, m in spec.metrics.items() if getattr(m, "per", None))
    metric = spec.metrics[name]
    drawn = {p for s in metric_segments(spec, name, "left") for g in s for p in g}
    ends = {i for point in (metric.from_, metric.to) for i in resolve_point(point, "left")}
    assert drawn == ends
    ankles = {L.LEFT_ANKLE, L.RIGHT_ANKLE}
    bones = _bones(metric_edges(spec, name, None))
    assert bones and not any(bone & ankles for bone in bones)


def test_an_unknown_metric_reads_no_bones():
    spec = load_exercise(find_exercise("push_up"))
    assert metric_edges(spec, "no_such_metric", None) == frozenset()

