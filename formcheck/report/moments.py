"""The moment worth showing for each flag: when the metric was furthest off."""

from __future__ import annotations

from formcheck.report.document import FlagRecord, Report


def _series(report: Report, metric: str, side: str | None) -> list[float | None] | None:
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
    values = _series(report, flag.metric, flag.side) if flag.metric else None
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
