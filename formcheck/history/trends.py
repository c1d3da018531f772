"""Weekly trends per exercise from stored sessions, in the units a person reads."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from formcheck.history.store import SessionRow
from formcheck.spec.units import UNITS, display_number


@dataclass(frozen=True)
class WeekTrend:
    """One exercise over one ISO week (Monday to Sunday).

    Ranges are on the scale a person reads (degrees, or per cent for distances
    in torso lengths; see `rom_unit`).

    Attributes:
        exercise: exercise id.
        exercise_name: the exercise's name.
        week: ISO week, e.g. "2026-W02".
        sessions: sets recorded (one session is one set).
        reps: counted reps over the week's measurable sets.
        adherence: mean share of the prescribed set done, 0..1; None when unknown.
        flags_per_set: mean form flags per set.
        rom: median of the sets' median far points; None without counted reps.
        rom_left, rom_right: the same over each side's reps (sided exercises only).
        rom_label: what `rom` measures (e.g. "thigh angle").
        rom_unit: its unit (a `formcheck.spec.units.Unit`), None when unknown.
        rep_s: median seconds per counted rep; None without one.
        hold_s: median good-form seconds per hold; None without a hold.
        pain_before: mean pain before, 0-10; None without check-ins.
        pain_after: mean pain after, 0-10.
        peripheralizing: check-ins reporting pain spreading further into a limb.
        centralizing: check-ins reporting pain retreating toward the spine.
    """

    exercise: str
    exercise_name: str
    week: str
    sessions: int
    reps: int
    adherence: float | None
    flags_per_set: float
    rom: float | None
    rom_left: float | None
    rom_right: float | None
    rom_label: str
    rom_unit: str | None
    rep_s: float | None
    hold_s: float | None
    pain_before: float | None
    pain_after: float | None
    peripheralizing: int
    centralizing: int

    @property
    def sided(self) -> bool:
        """Left and right were both measured this week."""
        return self.rom_left is not None and self.rom_right is not None


def iso_week(timestamp: str) -> str:
    """ISO 8601 week ("YYYY-Www") of an ISO 8601 timestamp."""
    year, week, _ = datetime.fromisoformat(timestamp).isocalendar()
    return f"{year}-W{week:02d}"


def _mean(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(statistics.fmean(known), 3) if known else None


def _median(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(statistics.median(known), 2) if known else None


def _shown(value: float | None, unit: str | None) -> float | None:
    if value is None or unit not in UNITS:
        return value
    return round(display_number(value, unit), 2)  # type: ignore[arg-type]


def weekly_trends(rows: Sequence[SessionRow]) -> list[WeekTrend]:
    """Group sessions by exercise and ISO week, in exercise then week order."""
    groups: dict[tuple[str, str], list[SessionRow]] = defaultdict(list)
    for row in rows:
        groups[(row.exercise, iso_week(row.created_at))].append(row)
    out = []
    for (exercise, week), group in sorted(groups.items()):
        unit = next((r.rom_unit for r in group if r.rom_unit), None)
        out.append(WeekTrend(
            exercise=exercise,
            exercise_name=group[-1].exercise_name,
            week=week,
            sessions=len(group),
            reps=sum(r.reps or 0 for r in group),
            adherence=_mean(r.adherence for r in group),
            flags_per_set=round(statistics.fmean(r.flags for r in group), 2),
            rom=_shown(_median(r.rom for r in group), unit),
            rom_left=_shown(_median(r.rom_left for r in group), unit),
            rom_right=_shown(_median(r.rom_right for r in group), unit),
            rom_label=next((r.rom_label for r in group if r.rom_label), "")
            or next((r.rom_metric.replace("_", " ") for r in group if r.rom_metric), ""),
            rom_unit=unit,
            rep_s=_median(r.rep_s for r in group),
            hold_s=_median(r.hold_s for r in group),
            pain_before=_mean(r.pain_before for r in group),
            pain_after=_mean(r.pain_after for r in group),
            peripheralizing=sum(r.direction == "peripheralizing" for r in group),
            centralizing=sum(r.direction == "centralizing" for r in group),
        ))
    return out


@dataclass(frozen=True)
class PainWeek:
    """The check-ins of one ISO week, over every exercise.

    Attributes:
        week: ISO week, e.g. "2026-W02".
        checkins: sessions with a check-in that week.
        pain_before: mean pain before, 0-10; None when none was given.
        pain_after: mean pain after, 0-10; None when none was given.
        peripheralizing: check-ins reporting pain spreading further into a limb.
    """

    week: str
    checkins: int
    pain_before: float | None
    pain_after: float | None
    peripheralizing: int


def weekly_pain(rows: Sequence[SessionRow]) -> list[PainWeek]:
    """Pain before and after per ISO week (weeks without a check-in left out), oldest first."""
    groups: dict[str, list[SessionRow]] = defaultdict(list)
    for row in rows:
        if row.pain_before is not None or row.pain_after is not None or row.direction:
            groups[iso_week(row.created_at)].append(row)
    return [PainWeek(week=week, checkins=len(group),
                     pain_before=_mean(r.pain_before for r in group),
                     pain_after=_mean(r.pain_after for r in group),
                     peripheralizing=sum(r.direction == "peripheralizing" for r in group))
            for week, group in sorted(groups.items())]
