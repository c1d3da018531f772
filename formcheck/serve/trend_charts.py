"""A patient's weekly trends as a therapist reads them: one small panel per measure,
each on its own axis, weeks placed by date; a single week shown as values.

Adherence is on a fixed 0-100 % axis and pain on a fixed 0-10 axis, so a change
looks as large as it is; flags per set, range reached and tempo start at zero or
keep a least span, so a few degrees of noise do not fill the panel.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from matplotlib.figure import Figure

from formcheck.history.trends import PainWeek, WeekTrend
from formcheck.report.charts import figure_svg
from formcheck.spec.units import UNIT_NAMES, UNITS, Unit, with_unit

LEAST_RANGE_SPAN = 10.0
"""Least height of the range-reached axis, in its unit on a person's scale (degrees, %)."""
LEFT, RIGHT, ONE, AFTER = "#1565c0", "#ef6c00", "#37474f", "#2e7d32"


@dataclass(frozen=True)
class Tile:
    """One figure shown as a value: "Adherence" "80 %" ("2 sets")."""

    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class TrendView:
    """What the patient page shows for one exercise (or for pain): a chart over
    several weeks, or tiles for a single week.

    Attributes:
        title: the exercise's name, or "Pain".
        period: the weeks covered, in words.
        svg: the chart (several weeks), else None.
        tiles: the week's values (a single week), else empty.
    """

    title: str
    period: str
    svg: str | None
    tiles: tuple[Tile, ...]


def monday(week: str) -> date:
    """The Monday of an ISO week "YYYY-Www"."""
    year, number = week.split("-W")
    return date.fromisocalendar(int(year), int(number), 1)


def _day(d: date) -> str:
    return f"{d.day} {d:%b}"


def _period(weeks: Sequence[WeekTrend | PainWeek], count: int, noun: str) -> str:
    first = monday(weeks[0].week)
    span = "week of " + _day(first) if len(weeks) == 1 else (
        f"weeks of {_day(first)} to {_day(monday(weeks[-1].week))} {monday(weeks[-1].week).year}")
    return f"{span} · {count} {noun}{'s' if count != 1 else ''}"


def _sets(weeks: Sequence[WeekTrend]) -> str:
    return _period(weeks, sum(w.sessions for w in weeks), "set")


def _unit(week: WeekTrend) -> Unit | None:
    return week.rom_unit if week.rom_unit in UNITS else None  # type: ignore[return-value]


def _number(value: float, unit: Unit | None) -> str:
    return f"{value:.0f}" if unit is None else with_unit(f"{value:.0f}", unit)


def _exercise_tiles(w: WeekTrend) -> tuple[Tile, ...]:
    tiles = []
    if w.adherence is not None:
        tiles.append(Tile("Adherence", f"{100 * w.adherence:.0f} %",
                          "of the prescribed set, mean"))
    tiles.append(Tile("Flags per set", f"{w.flags_per_set:.1f}"))
    unit = _unit(w)
    if w.sided:
        gap = abs(w.rom_left - w.rom_right)  # type: ignore[operator]
        tiles.append(Tile(f"Range reached, {w.rom_label}",
                          f"L {_number(w.rom_left, unit)} · R {_number(w.rom_right, unit)}",
                          f"left and right differ by {_number(gap, unit)}"))
    elif w.rom is not None:
        tiles.append(Tile(f"Range reached, {w.rom_label}", _number(w.rom, unit),
                          "median far point of the reps"))
    if w.rep_s is not None:
        tiles.append(Tile("Time per rep", f"{w.rep_s:.1f} s", "median"))
    if w.hold_s is not None:
        tiles.append(Tile("Time held", f"{w.hold_s:.1f} s", "median, with good form"))
    return tuple(tiles)


Panel = Callable[[object, list[float], Sequence[WeekTrend]], None]


def _series(ax, x: list[float], values: Sequence[float | None], colour: str, name: str) -> None:
    y = [math.nan if v is None else v for v in values]
    ax.plot(x, y, marker="o", ms=4, lw=1.4, color=colour, label=name)


def _adherence(ax, x, weeks) -> None:
    _series(ax, x, [None if w.adherence is None else 100 * w.adherence for w in weeks], ONE,
            "adherence")
    ax.set_ylim(0, 105)
    ax.set_yticks([0, 50, 100])
    ax.set_ylabel("adherence, %")


def _flags(ax, x, weeks) -> None:
    values = [w.flags_per_set for w in weeks]
    _series(ax, x, values, "#c62828", "flags per set")
    ax.set_ylim(0, max(1.0, max(values)) * 1.15)
    ax.set_ylabel("flags per set")


def _range(ax, x, weeks) -> None:
    unit = _unit(weeks[-1])
    if any(w.sided for w in weeks):
        _series(ax, x, [w.rom_left for w in weeks], LEFT, "left")
        _series(ax, x, [w.rom_right for w in weeks], RIGHT, "right")
        ax.legend(fontsize=7, loc="best")
        known = [v for w in weeks for v in (w.rom_left, w.rom_right) if v is not None]
    else:
        _series(ax, x, [w.rom for w in weeks], ONE, "range")
        known = [w.rom for w in weeks if w.rom is not None]
    low, high = min(known), max(known)
    if high - low < LEAST_RANGE_SPAN:
        middle = (low + high) / 2
        low, high = middle - LEAST_RANGE_SPAN / 2, middle + LEAST_RANGE_SPAN / 2
    pad = 0.1 * (high - low)
    ax.set_ylim(low - pad, high + pad)
    ax.set_ylabel(weeks[-1].rom_label + ("" if unit is None else f", {UNIT_NAMES[unit]}"))


def _tempo(ax, x, weeks) -> None:
    shown = []
    if any(w.rep_s is not None for w in weeks):
        _series(ax, x, [w.rep_s for w in weeks], ONE, "seconds per rep")
        shown += [w.rep_s for w in weeks if w.rep_s is not None]
    if any(w.hold_s is not None for w in weeks):
        _series(ax, x, [w.hold_s for w in weeks], AFTER, "time held")
        shown += [w.hold_s for w in weeks if w.hold_s is not None]
    ax.set_ylim(0, max(1.0, max(shown)) * 1.15)
    ax.set_ylabel("tempo, s")
    ax.legend(fontsize=7, loc="best")


def _pain(ax, x, weeks) -> None:
    _series(ax, x, [w.pain_before for w in weeks], "#6a1b9a", "before")
    _series(ax, x, [w.pain_after for w in weeks], AFTER, "after")
    ax.set_ylim(0, 10)
    ax.set_yticks([0, 2, 4, 6, 8, 10])
    ax.set_ylabel("pain, 0–10")
    ax.legend(fontsize=7, loc="best")


def _chart(weeks: Sequence[WeekTrend] | Sequence[PainWeek],
           panels: Sequence[tuple[str, Panel]]) -> str:
    """Panels stacked over one shared axis of weeks (placed by date, gaps kept)."""
    first = monday(weeks[0].week)
    x = [(monday(w.week) - first).days / 7 for w in weeks]
    fig = Figure(figsize=(6.4, max(2.4, 0.4 + 1.45 * len(panels))))
    axes = fig.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0]
    for ax, (title, draw) in zip(axes, panels, strict=True):
        draw(ax, x, weeks)
        ax.set_title(title, fontsize=8, loc="left")
        ax.grid(alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
    every = max(1, math.ceil(len(x) / 12))
    axes[-1].set_xticks(x[::every], [_day(monday(w.week)) for w in weeks][::every],
                        rotation=30, ha="right", fontsize=7)
    axes[-1].set_xlabel("week starting")
    axes[-1].set_xlim(min(x) - 0.5, max(x) + 0.5)
    fig.tight_layout(h_pad=0.6)
    return figure_svg(fig)


def exercise_view(weeks: Sequence[WeekTrend]) -> TrendView:
    """One exercise's weeks (oldest first, all of the same exercise)."""
    title = weeks[-1].exercise_name
    if len(weeks) == 1:
        return TrendView(title, _sets(weeks), None, _exercise_tiles(weeks[0]))
    panels: list[tuple[str, Panel]] = []
    if any(w.adherence is not None for w in weeks):
        panels.append(("Adherence to the prescribed set", _adherence))
    panels.append(("Form flags per set", _flags))
    if any(w.rom is not None or w.sided for w in weeks):
        sided = any(w.sided for w in weeks)
        panels.append(("Range reached, left and right" if sided else "Range reached", _range))
    tempo = [name for name, known in (
        ("seconds per rep", any(w.rep_s is not None for w in weeks)),
        ("time held", any(w.hold_s is not None for w in weeks))) if known]
    if tempo:
        panels.append(("Tempo: " + " and ".join(tempo), _tempo))
    return TrendView(title, _sets(weeks), _chart(weeks, panels), ())


def pain_view(weeks: Sequence[PainWeek]) -> TrendView | None:
    """Pain before and after, weekly means over every exercise; None without check-ins."""
    known = [w for w in weeks if w.pain_before is not None or w.pain_after is not None]
    if not known:
        return None
    period = _period(known, sum(w.checkins for w in known), "check-in")
    if len(known) == 1:
        w = known[0]
        before = "–" if w.pain_before is None else f"{w.pain_before:.1f}"
        after = "–" if w.pain_after is None else f"{w.pain_after:.1f}"
        return TrendView("Pain", period, None,
                         (Tile("Pain before → after", f"{before} → {after}",
                               "on a 0–10 scale, mean of the week"),))
    return TrendView("Pain", period,
                     _chart(known, [("Pain before and after, 0–10 (weekly mean)", _pain)]), ())


def trend_views(weeks: Sequence[WeekTrend], pain: Sequence[PainWeek]) -> list[TrendView]:
    """Every exercise's view (by name), then pain's when there are check-ins."""
    views = []
    for exercise in sorted({w.exercise for w in weeks}):
        views.append(exercise_view([w for w in weeks if w.exercise == exercise]))
    views.sort(key=lambda v: v.title)
    shown = pain_view(pain)
    return views + ([shown] if shown is not None else [])
