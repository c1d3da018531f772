"""The few numbers kept per session for listing and trends, computed once at save time."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from formcheck.errors import UserError
from formcheck.report.adherence import adherence
from formcheck.report.document import Report
from formcheck.spec import find_exercise, load_exercise


@dataclass(frozen=True)
class SessionSummary:
    """Per-session figures.

    Attributes:
        reps: counted reps over all sides; None when not measurable.
        flags: number of form flags.
        duration_s: length of the set, seconds.
        adherence: share of the prescribed set done, 0..1; None when unknown.
        rom: median far-point value of the counted reps, in the driver metric's unit
            (e.g. degrees of thigh angle); None without counted reps.
        rom_metric: name of the rep driver metric, or "" when unknown.
        origin: "live" for a camera session, "check" for a recorded one.
    """

    reps: int | None
    flags: int
    duration_s: float
    adherence: float | None
    rom: float | None
    rom_metric: str
    origin: str


def summarize_session(report: Report) -> SessionSummary:
    """Figures for one report; the exercise file gives the prescription and rep driver."""
    try:
        spec = load_exercise(find_exercise(report.exercise.id))
    except UserError:
        spec = None
    extremes = [r.extreme for r in report.reps if r.status == "counted" and r.extreme is not None]
    return SessionSummary(
        reps=None if report.rep_counts is None else sum(report.rep_counts.values()),
        flags=len(report.flags),
        duration_s=report.source.duration_s,
        adherence=adherence(report, spec).fraction if spec is not None else None,
        rom=round(statistics.median(extremes), 2) if extremes else None,
        rom_metric=spec.rep.driver if spec is not None and spec.rep is not None else "",
        origin="live" if report.source.kind == "camera" else "check",
    )
