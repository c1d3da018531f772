"""A readable plain-text summary of a report, for the terminal."""

from __future__ import annotations

from formcheck.report.document import Report


def _clock(ms: float) -> str:
    seconds = ms / 1000.0
    return f"{int(seconds // 60)}:{seconds % 60:04.1f}"


def summarize(report: Report) -> str:
    """Multi-line summary: counts per side, holds, flags per rep with times and cues, gaps."""
    ex = report.exercise
    src = report.source
    lines = [
        f"{ex.name} — {src.path}",
        f"  {src.frames} frames, {src.duration_s:.1f} s, person seen in "
        f"{src.frames_with_person}/{src.frames} frames"
        + (" (file truncated: analysed what could be decoded)" if src.truncated else ""),
        f"  view: {report.view.observed or 'unknown'}"
        + (f" (yaw {report.view.yaw_deg:.0f}°)" if report.view.yaw_deg is not None else "")
        + f"; needs {' or '.join(report.view.supported)}",
    ]
    if not report.measurable:
        lines.append(f"  NOT MEASURABLE: {report.not_measurable_reason}")
    if report.rep_counts:
        counts = ", ".join(f"{side} {n}" for side, n in report.rep_counts.items())
        lines.append(f"  reps: {sum(report.rep_counts.values())} ({counts})")
    for rep in report.reps:
        if rep.status == "counted":
            span = f"{_clock(rep.start_ms)}–{_clock(rep.end_ms)}"
            head = f"    rep {rep.index + 1} [{rep.side}] {span}"
            lines.append(head + ("" if rep.flags else "  ok"))
        else:
            lines.append(f"    not counted [{rep.side}] {_clock(rep.start_ms)}–"
                         f"{_clock(rep.end_ms)}: {rep.status.replace('_', ' ')} — {rep.reason}")
        for j in rep.flags:
            f = report.flags[j]
            lines.append(f"      ! {_clock(f.start_ms)} {f.description}: \"{f.cue}\"")
    if report.holds:
        lines.append(f"  holds: {len(report.holds)}")
        for h in report.holds:
            lines.append(
                f"    hold {h.index + 1} [{h.side}] {_clock(h.start_ms)}–{_clock(h.end_ms)}: "
                f"{h.good_form_s:.1f} s good form of {h.in_position_s:.1f} s in position"
            )
            for j in h.flags:
                f = report.flags[j]
                lines.append(f"      ! {_clock(f.start_ms)} {f.description}: \"{f.cue}\"")
    loose = [f for f in report.flags if f.rep is None and f.hold is None]
    for f in loose:
        lines.append(f"  ! {_clock(f.start_ms)} {f.description}: \"{f.cue}\"")
    lines.append(f"  flags: {len(report.flags)}")
    for gap in report.gaps:
        lines.append(f"  not measurable {_clock(gap.start_ms)}–{_clock(gap.end_ms)}: {gap.reason}")
    unchecked = [c for c in report.checks if c.checked_s == 0]
    for c in unchecked:
        lines.append(f"  not checked: {c.description}"
                     + (f" ({c.observability})" if c.observability else ""))
    return "\n".join(lines)
