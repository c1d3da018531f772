"""The moment worth showing for a flag (when its metric was furthest off, or the hold it
timed), and the range a rep went through."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from formcheck.report.document import FlagRecord, Report, RepRecord
from formcheck.spec.language import ExerciseSpec


def series(report: Report, metric: str, side: str | None) -> list[float | None] | None:
    """Timeline values of `metric` (its `side` when kept per side), or None if not recorded."""
    metrics = report.timeline.metrics
    if side is not None and f"{metric}.{side}" in metrics:
        return metrics[f"{metric}.{side}"]
    return metrics.get(metric)


def worst_moment_ms(report: Report, flag: FlagRecord) -> float:
    """Time (ms) within the flag where its metric was furthest past the limit.

    Uses the rep's far point for a flag on a rep's extreme, the timeline otherwise;
    falls back to the flag's start when neither tells.
    """
    if flag.rep is not None and flag.worst is not None:
        rep = report.reps[flag.rep]
        if rep.extreme_ms is not None and rep.extreme == flag.worst:
            return rep.extreme_ms
    values = series(report, flag.metric, flag.side) if flag.metric else None
    if values is None or flag.limit is None or flag.worst is None:
        return flag.start_ms
    above = flag.worst > flag.limit
    best: tuple[float, float] | None = None
    for t, v in zip(report.timeline.t_ms, values, strict=True):
        if v is None or not flag.start_ms <= t <= flag.end_ms:
            continue
        excess = v - flag.limit if above else flag.limit - v
        if best is None or excess > best[0]:
            best = (excess, t)
    return best[1] if best is not None else flag.start_ms


def held_stretch(report: Report, spec: ExerciseSpec, rep: RepRecord) -> tuple[float, float]:
    """When the rep's driver was past its far threshold (ms): the stretch a hold timer times.

    Falls back to the whole rep when the timeline does not tell.
    """
    values = series(report, spec.rep.driver, rep.side) if spec.rep is not None else None
    if values is None:
        return rep.start_ms, rep.end_ms
    past = [t for t, v in zip(report.timeline.t_ms, values, strict=True)
            if v is not None and rep.start_ms <= t <= rep.end_ms
            and (v <= spec.rep.far if spec.rep.falls else v >= spec.rep.far)]
    return (past[0], past[-1]) if past else (rep.start_ms, rep.end_ms)


def range_reached(report: Report, rep: RepRecord) -> tuple[float, float] | None:
    """Lowest and highest driver value within the rep (its unit), or None if not recorded."""
    driver = report.exercise.driver
    values = series(report, driver, rep.side) if driver is not None else None
    if values is None:
        return None
    times = report.timeline.t_ms
    inside = [v for v in values[bisect_left(times, rep.start_ms):bisect_right(times, rep.end_ms)]
              if v is not None]
    return (min(inside), max(inside)) if inside else None
