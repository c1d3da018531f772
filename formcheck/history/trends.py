"""Weekly trends per exercise from stored sessions."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from formcheck.history.store import SessionRow


@dataclass(frozen=True)
class WeekTrend:
    """One exercise over one ISO week (Monday to Sunday).

    Attributes:
        exercise: exercise id.
        week: ISO week, e.g. "2026-W02".
        sessions: sets recorded.
        reps: counted reps over the week's measurable sets.
        adherence: mean share of the prescribed set done, 0..1; None when unknown.
        rom: median of the sets' median far points, in `rom_metric`'s unit.
        rom_metric: the rep driver metric (e.g. "thigh_angle", degrees).
        flags_per_rep: form flags per counted rep; None without counted reps.
        pain_before: mean pain before, 0-10; None without check-ins.
        pain_after: mean pain after, 0-10.
        peripheralizing: check-ins reporting pain moving further into a limb.
        centralizing: check-ins reporting pain moving back toward the spine.
    """

    exercise: str
    week: str
    sessions: int
    reps: int
    adherence: float | None
    rom: float | None
    rom_metric: str
    flags_per_rep: float | None
    pain_before: float | None
    pain_after: float | None
    peripheralizing: int
    centralizing: int


def iso_week(timestamp: str) -> str:
    """ISO 8601 week ("YYYY-Www") of an ISO 8601 timestamp."""
    year, week, _ = datetime.fromisoformat(timestamp).isocalendar()
    return f"{year}-W{week:02d}"


def _mean(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(statistics.fmean(known), 3) if known else None


def weekly_trends(rows: Sequence[SessionRow]) -> list[WeekTrend]:
    """Group sessions by exercise and ISO week, in exercise then week order."""
    groups: dict[tuple[str, str], list[SessionRow]] = defaultdict(list)
    for row in rows:
        groups[(row.exercise, iso_week(row.created_at))].append(row)
    out = []
    for (exercise, week), group in sorted(groups.items()):
        reps = sum(r.reps or 0 for r in group)
        flags = sum(r.flags for r in group if r.reps)
        roms = [r.rom for r in group if r.rom is not None]
        out.append(WeekTrend(
            exercise=exercise,
            week=week,
            sessions=len(group),
            reps=reps,
            adherence=_mean(r.adherence for r in group),
            rom=round(statistics.median(roms), 2) if roms else None,
            rom_metric=next((r.rom_metric for r in group if r.rom_metric), ""),
            flags_per_rep=round(flags / reps, 3) if reps else None,
            pain_before=_mean(r.pain_before for r in group),
            pain_after=_mean(r.pain_after for r in group),
            peripheralizing=sum(r.direction == "peripheralizing" for r in group),
            centralizing=sum(r.direction == "centralizing" for r in group),
        ))
    return out
