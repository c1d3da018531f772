"""Turning an engine `Analysis` into a `Report`."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime

from formcheck import __version__
from formcheck.analysis.metrics import needs_depth
from formcheck.analysis.results import Analysis
from formcheck.report.document import (
    AnalysisInfo,
    CheckSummary,
    ExerciseInfo,
    FlagRecord,
    GapRecord,
    HoldRecord,
    MetricInfo,
    Report,
    RepRecord,
    SourceInfo,
    Timeline,
    ViewInfo,
)
from formcheck.spec.adjust import AppliedAdjustment
from formcheck.spec.language import Constraint, ExerciseSpec


def _num(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 3)


def _needs_depth(spec: ExerciseSpec, constraint: Constraint) -> bool:
    """True when `constraint` reads a metric that the picture alone cannot give."""
    metric = getattr(constraint, "metric", None)
    return metric is not None and needs_depth(spec.metrics[metric])


def build_report(
    analysis: Analysis,
    *,
    source: SourceInfo,
    spec_sha256: str,
    model: str | None,
    options: dict[str, str | int | float | bool | None],
    analysed: AnalysisInfo | None = None,
    adjustments: Sequence[AppliedAdjustment] = (),
) -> Report:
    """Assemble the report of one set.

    Args:
        analysis: what the engine found.
        source: where the frames came from.
        spec_sha256: digest of the exercise file used.
        model: pose model used (None for replayed tracks).
        options: the options that shaped the result (recorded for reruns).
        analysed: which frames the pose model ran on (videos), if known.
        adjustments: the patient's own limits the checks used.
    """
    spec = analysis.spec
    adjusted = {a.constraint: a for a in adjustments if not a.off}
    flags = [
        FlagRecord(
            index=i, constraint=f.constraint_id, severity=f.severity,  # type: ignore[arg-type]
            description=f.description, cue=f.cue, start_ms=round(f.start_ms, 1),
            end_ms=round(f.end_ms, 1), side=f.side, rep=None, hold=f.hold, metric=f.metric,
            worst=_num(f.worst), limit=_num(f.limit), confidence=round(f.confidence, 3),
        )
        for i, f in enumerate(analysis.flags)
    ]
    reps = []
    for i, a in enumerate(analysis.attempts):
        own = [j for j, f in enumerate(analysis.flags) if f.attempt == a.id]
        for j in own:
            flags[j].rep = i
        reps.append(RepRecord(
            index=i, side=a.side, status=a.status.value,  # type: ignore[union-attr]
            start_ms=round(a.start_ms, 1), end_ms=round(a.end_ms, 1), extreme=_num(a.extreme),
            extreme_ms=_num(a.extreme_ms), confidence=round(a.confidence, 3), reason=a.reason,
            flags=own, held_s=round(a.far_ms / 1000.0, 2), short_of=list(a.short_of),
        ))
    holds = [
        HoldRecord(
            index=i, side=h.side, start_ms=round(h.start_ms, 1), end_ms=round(h.end_ms, 1),
            in_position_s=round(h.in_position_s, 2), good_form_s=round(h.good_form_s, 2),
            confidence=round(h.confidence, 3), ended_by_gap=h.ended_by_gap,
            flags=[j for j, f in enumerate(analysis.flags) if f.hold == i],
        )
        for i, h in enumerate(analysis.holds)
    ]
    measurable = analysis.not_measurable is None
    rep_counts: dict[str, int] | None = None
    if measurable:
        rep_counts = {s: sum(1 for r in reps if r.side == s and r.status == "counted")
                      for s in analysis.rep_sides}
    return Report(
        formcheck_version=__version__,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        source=source,
        model=model,
        exercise=ExerciseInfo(
            id=spec.id, name=spec.name, spec_sha256=spec_sha256, views=list(spec.views),
            observability=spec.observability,
            driver=spec.rep.driver if spec.rep is not None else None,
            metrics={name: MetricInfo(label=spec.metric_label(name), unit=m.natural_unit(),
                                      signed=m.signed)
                     for name, m in spec.metrics.items()},
        ),
        options=options,
        view=ViewInfo(observed=analysis.view, yaw_deg=_num(analysis.yaw_deg),
                      supported=list(spec.views),
                      ok=analysis.view is None or analysis.view in spec.views),
        measurable=measurable,
        not_measurable_reason=analysis.not_measurable,
        rep_counts=rep_counts,
        reps=reps,
        holds=holds,
        flags=flags,
        gaps=[GapRecord(start_ms=round(g.start_ms, 1), end_ms=round(g.end_ms, 1), reason=g.reason)
              for g in analysis.gaps],
        checks=[
            CheckSummary(
                constraint=c.constraint.id, description=c.constraint.description,
                observability=c.constraint.observability,
                checked_s=round(c.checked_ms / 1000.0, 2),
                unmeasured_s=round(c.unmeasured_ms / 1000.0, 2),
                flags=sum(1 for f in analysis.flags if f.constraint_id == c.constraint.id),
                cue=c.constraint.cue, views=list(c.constraint.views or spec.views),
                adjustment=adjusted.get(c.constraint.id),
                needs_3d=_needs_depth(spec, c.constraint),
            )
            for c in analysis.evaluators
        ],
        timeline=Timeline(
            t_ms=[round(t, 1) for t in analysis.timeline_ms],
            metrics={k: [_num(v) for v in vs] for k, vs in analysis.timeline.items()},
        ),
        analysis=analysed,
        adjustments=list(adjustments),
    )
