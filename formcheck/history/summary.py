"""The few numbers kept per session for listing and trends, computed once at save time."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
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
        rom_label: the driver's short human name (e.g. "thigh angle"), "" when unknown.
        rom_unit: the driver's unit (see `formcheck.spec.units.Unit`); None when unknown.
        rom_left, rom_right: `rom` over the left / right side's reps only; None
            when the exercise is not sided or that side has no counted rep.
        rep_s: median duration of a counted rep, seconds; None without one.
        hold_s: median good-form time of a hold, seconds; for reps held at their far end
            (a prescription with a hold time, as bird dog), the median time held there;
            None otherwise.
    """

    reps: int | None
    flags: int
    duration_s: float
    adherence: float | None
    rom: float | None
    rom_metric: str
    origin: str
    rom_label: str = ""
    rom_unit: str | None = None
    rom_left: float | None = None
    rom_right: float | None = None
    rep_s: float | None = None
    hold_s: float | None = None


def _median(values: Iterable[float]) -> float | None:
    known = list(values)
    return round(statistics.median(known), 2) if known else None


def summarize_session(report: Report) -> SessionSummary:
    """Figures for one report; the exercise file gives the prescription and rep driver."""
    try:
        spec = load_exercise(find_exercise(report.exercise.id))
    except UserError:
        spec = None
    counted = [r for r in report.reps if r.status == "counted"]

    def far_points(side: str | None) -> list[float]:
        return [r.extreme for r in counted
                if r.extreme is not None and (side is None or r.side == side)]

    driver = report.exercise.driver or (spec.rep.driver if spec is not None and spec.rep else "")
    info = report.exercise.metrics.get(driver)
    return SessionSummary(
        reps=None if report.rep_counts is None else sum(report.rep_counts.values()),
        flags=len(report.flags),
        duration_s=report.source.duration_s,
        adherence=adherence(report, spec).fraction if spec is not None else None,
        rom=_median(far_points(None)),
        rom_metric=driver,
        origin="live" if report.source.kind == "camera" else "check",
        rom_label=report.exercise.metric_label(driver) if driver else "",
        rom_unit=info.unit if info is not None else (
            spec.metric_unit(driver) if spec is not None and driver else None),
        rom_left=_median(far_points("left")),
        rom_right=_median(far_points("right")),
        rep_s=_median((r.end_ms - r.start_ms) / 1000.0 for r in counted),
        hold_s=_median(h.good_form_s for h in report.holds) if report.holds else (
            _median(r.held_s for r in counted if r.held_s is not None)
            if spec is not None and spec.prescription.hold_s > 0 else None),
    )
