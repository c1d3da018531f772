"""Which metrics the live window shows, and their target zones, from an exercise file."""

from __future__ import annotations

from dataclasses import dataclass

from formcheck.spec.language import ExerciseSpec, RangeConstraint, RepExtremeConstraint

MAX_GAUGES = 3
_MARGIN = 0.25  # share of the thresholds' spread added on each side of a gauge


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
    """A gauge spanning 0 and `marks` (value, zone lies above it, kind), with some room."""
    values = [0.0, *(m[0] for m in marks)]
    spread = (max(values) - min(values)) or 1.0
    low, high = min(values) - _MARGIN * spread, max(values) + _MARGIN * spread
    zones = [_beyond(v, up, low, high, kind) for v, up, kind in marks]
    side = spec.metrics[metric].side_mode
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
        At most :data:`MAX_GAUGES` gauges, one per metric, the driver first; a
        metric with several range checks (e.g. hips sagging and piking) shows
        all their fault zones.
    """
    driver = _driver_gauge(spec)
    faults: dict[str, list[tuple[float, bool, str]]] = {}
    for c in spec.constraints:
        if not isinstance(c, RangeConstraint) or c.metric == driver.metric:
            continue
        if view is not None and view not in (c.views or spec.views):
            continue
        marks = faults.setdefault(c.metric, [])
        if c.min is not None:
            marks.append((c.min, False, "fault"))
        if c.max is not None:
            marks.append((c.max, True, "fault"))
    others = [_gauge(spec, metric, marks) for metric, marks in faults.items()]
    return [driver, *others][:MAX_GAUGES]
