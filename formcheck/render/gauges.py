"""Which metrics the HUD shows, and their target zones, from an exercise file."""

from __future__ import annotations

from dataclasses import dataclass

from formcheck.spec.language import ExerciseSpec, RangeConstraint, RepExtremeConstraint

MAX_GAUGES = 2
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


def _check_marks(spec: ExerciseSpec, metric: str, view: str | None
                 ) -> list[tuple[float, bool, str]]:
    """Zones of the checks on `metric` that apply in `view`: range limits as fault zones,
    rep targets as target zones."""
    marks: list[tuple[float, bool, str]] = []
    for c in spec.constraints:
        if getattr(c, "metric", None) != metric:
            continue
        if view is not None and view not in (c.views or spec.views):
            continue
        if isinstance(c, RangeConstraint):
            if c.min is not None:
                marks.append((c.min, False, "fault"))
            if c.max is not None:
                marks.append((c.max, True, "fault"))
        elif isinstance(c, RepExtremeConstraint):
            target = c.reach_above if c.reach_above is not None else c.reach_below
            marks.append((float(target), c.reach_above is not None, "target"))  # type: ignore[arg-type]
    return marks


def _driver_gauge(spec: ExerciseSpec, view: str | None) -> Gauge:
    if spec.rep is not None:
        rep = spec.rep
        rises = not rep.falls
        marks = [(rep.rest, not rises, "rest"), (rep.far, rises, "far")]
        return _gauge(spec, rep.driver, marks + _check_marks(spec, rep.driver, view))
    hold = spec.hold
    assert hold is not None  # the spec validator requires [rep] or [hold]
    return _gauge(spec, hold.metric, [(hold.enter, not hold.falls, "target"),
                                      *_check_marks(spec, hold.metric, view)])


def gauges_for(spec: ExerciseSpec, view: str | None, focus: str | None = None) -> list[Gauge]:
    """The rep driver (or hold metric) and the one other metric that matters most now.

    Args:
        spec: the exercise.
        view: the current view ("front", "side", "oblique"), or None if unknown
            (then every check's metric may be shown).
        focus: the metric of the fault going on, if any: shown second.

    Returns:
        At most :data:`MAX_GAUGES` gauges, one per metric, the driver first, then
        `focus`, else the first metric with a rep target (e.g. a push-up's elbow
        angle), else the first range-checked one, that applies in `view`; a
        metric with several checks (e.g. hips sagging and piking) shows all their
        zones.
    """
    driver = _driver_gauge(spec, view)
    applies = [c for c in spec.constraints if view is None or view in (c.views or spec.views)]
    candidates = [focus] if focus is not None else []
    candidates += [c.metric for c in applies if isinstance(c, RepExtremeConstraint)]
    candidates += [c.metric for c in applies if isinstance(c, RangeConstraint)]
    others = [m for m in dict.fromkeys(candidates) if m != driver.metric and m in spec.metrics]
    gauges = [driver, *(_gauge(spec, m, _check_marks(spec, m, view)) for m in others)]
    return gauges[:MAX_GAUGES]
