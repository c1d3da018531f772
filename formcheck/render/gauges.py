"""Which metrics the live window shows, and their target zones, from an exercise file."""

from __future__ import annotations

from dataclasses import dataclass

from formcheck.spec.model import ExerciseSpec, RangeConstraint, RepExtremeConstraint

MAX_GAUGES = 3
_MARGIN = 0.6  # share of the thresholds' spread added on each side of a gauge


@dataclass(frozen=True)
class Zone:
    """A stretch of a gauge, in the metric's unit.

    Attributes:
        low: lower end.
        high: upper end.
        kind: "rest" (start position), "far" (a rep's far position), "target"
            (where the exercise wants the value) or "fault" (flagged when held).
    """

    low: float
    high: float
    kind: str


@dataclass(frozen=True)
class Gauge:
    """One metric as a horizontal bar with zones.

    Attributes:
        metric: the metric's name in the exercise file.
        labels: the engine's value labels to mark (two for a metric kept per side).
        low: value at the bar's left end, in the metric's unit.
        high: value at the bar's right end.
        zones: zones to shade, in drawing order.
    """

    metric: str
    labels: tuple[str, ...]
    low: float
    high: float
    zones: tuple[Zone, ...]


def _beyond(value: float, upward: bool, low: float, high: float, kind: str) -> Zone:
    return Zone(value, high, kind) if upward else Zone(low, value, kind)


def _gauge(spec: ExerciseSpec, metric: str, marks: list[tuple[float, bool, str]]) -> Gauge:
    """A gauge spanning `marks` (value, zone lies above it, kind) with room on both sides."""
    values = [m[0] for m in marks]
    spread = max(max(values) - min(values), 10.0)
    low, high = min(values) - _MARGIN * spread, max(values) + _MARGIN * spread
    zones = [_beyond(v, up, low, high, kind) for v, up, kind in marks]
    side = spec.metrics[metric].side
    labels = (f"{metric}.left", f"{metric}.right") if side == "each" else (metric,)
    return Gauge(metric, labels, low, high, tuple(zones))


def _driver_gauge(spec: ExerciseSpec) -> Gauge:
    if spec.rep is not None:
        rep = spec.rep
        rises = not rep.falls
        marks = [(rep.rest, not rises, "rest"), (rep.far, rises, "far")]
        for c in spec.constraints:
            if isinstance(c, RepExtremeConstraint) and c.metric == rep.driver:
                target = c.reach_above if c.reach_above is not None else c.reach_below
                marks.append((float(target), c.reach_above is not None, "target"))  # type: ignore[arg-type]
        return _gauge(spec, rep.driver, marks)
    hold = spec.hold
    assert hold is not None  # the spec validator requires [rep] or [hold]
    return _gauge(spec, hold.metric, [(hold.enter, not hold.falls, "target")])


def gauges_for(spec: ExerciseSpec, view: str | None) -> list[Gauge]:
    """The rep driver (or hold metric) and the range-checked metrics that apply in `view`.

    Args:
        spec: the exercise.
        view: the current view ("front", "side", "oblique"), or None if unknown
            (then every range check's metric may be shown).

    Returns:
        At most :data:`MAX_GAUGES` gauges, one per metric, the driver first.
    """
    gauges = [_driver_gauge(spec)]
    for c in spec.constraints:
        if len(gauges) >= MAX_GAUGES:
            break
        if not isinstance(c, RangeConstraint) or any(g.metric == c.metric for g in gauges):
            continue
        views = c.views or spec.views
        if view is not None and view not in views:
            continue
        marks = []
        if c.min is not None:
            marks.append((c.min, False, "fault"))
        if c.max is not None:
            marks.append((c.max, True, "fault"))
        gauges.append(_gauge(spec, c.metric, marks))
    return gauges
