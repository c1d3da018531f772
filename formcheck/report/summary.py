"""A readable plain-text summary of a report, for the terminal.

One line per rep (side, time, the range reached, its flags), one line per flag
(the cue, the value against the limit with its unit, the severity), and one short
line per check that could not be judged, with its reason. Values are written with
each metric's label and unit; the checks' long descriptions and camera notes are
printed apart, by `explain`, only when asked.
"""

from __future__ import annotations

from formcheck.report.document import FlagRecord, Report
from formcheck.report.wording import (
    not_checked_reason,
    rep_status_words,
    severity_words,
    value_against_limit,
    views_text,
)
from formcheck.spec.language import VIEW_NAMES, ExerciseSpec
from formcheck.spec.units import format_clock


def _span(start_ms: float, end_ms: float) -> str:
    return f"{format_clock(start_ms)}–{format_clock(end_ms)}"


def _analysed(report: Report) -> str:
    """How many frames the pose model ran on, when it skipped some (in words)."""
    info = report.analysis
    if info is None or info.frames_analysed >= info.frames_decoded:
        return ""
    return (f"; the pose model ran on {info.frames_analysed} of them (every frame near a "
            "count or a check, fewer in between)" if info.schedule == "adaptive" else
            f"; the pose model ran on {info.frames_analysed} of them")


def _flag_line(report: Report, spec: ExerciseSpec | None, f: FlagRecord, indent: str) -> str:
    line = f'{indent}! {format_clock(f.start_ms)}  "{f.cue}"'
    value = value_against_limit(report, spec, f)
    if value is not None:
        line += f"  {value[0].lower()}{value[1:]}"
    return f"{line}  [{severity_words(f.severity)}]"


def summarize(report: Report, spec: ExerciseSpec | None = None) -> str:
    """The summary of a checked set as lines of text.

    Args:
        report: the checked set.
        spec: the exercise the report was checked against, for the words of a
            timed check's value ("held 3.2 s (asked for 5 s)"); without it such
            a value reads "3.2 s (limit 5 s)".
    """
    ex = report.exercise
    src = report.source
    seen = 100.0 * src.frames_with_person / src.frames if src.frames else 0.0
    view = VIEW_NAMES.get(report.view.observed or "", "unknown")
    lines = [
        f"{ex.name} — {src.path}",
        f"  {src.duration_s:.1f} s, person seen in {seen:.0f} % of {src.frames} frames"
        + _analysed(report)
        + ("; the file is truncated: what could be decoded was checked" if src.truncated else ""),
        f"  camera: {view} view"
        + (f" (body turned {report.view.yaw_deg:.0f}°)" if report.view.yaw_deg is not None else "")
        + f"; this exercise needs a {views_text(report.view.supported)} view",
    ]
    if not report.measurable:
        lines.append(f"  NOT MEASURABLE: {report.not_measurable_reason}")
    if report.rep_counts:
        counts = ", ".join(f"{side} {n}" for side, n in report.rep_counts.items() if side != "both")
        total = sum(report.rep_counts.values())
        lines.append(f"  reps: {total}" + (f" ({counts})" if counts else ""))
    for rep in report.reps:
        side = "" if rep.side == "both" else f" {rep.side}"
        span = _span(rep.start_ms, rep.end_ms)
        reached = ""
        if ex.driver is not None and rep.extreme is not None:
            value = ex.format_metric(ex.driver, rep.extreme)
            reached = f"  {ex.metric_label(ex.driver)} reached {value}"
        if rep.status == "counted":
            notes = []
            if rep.short_of:
                notes.append(rep_status_words(rep.status, rep.short_of).removeprefix("counted, "))
            if rep.flags:
                notes.append(f"{len(rep.flags)} flag{'s' * (len(rep.flags) != 1)}")
            tail = "  " + ", ".join(notes or ["ok"])
            lines.append(f"    rep {rep.index + 1}{side}  {span}{reached}{tail}")
        else:
            what = rep_status_words(rep.status, rep.short_of)
            lines.append(f"    {what}{side}  {span}{reached}: {rep.reason}")
        lines += [_flag_line(report, spec, report.flags[j], "      ") for j in rep.flags]
    if report.holds:
        lines.append(f"  holds: {len(report.holds)}")
        for h in report.holds:
            side = "" if h.side == "both" else f" {h.side}"
            lines.append(
                f"    hold {h.index + 1}{side}  {_span(h.start_ms, h.end_ms)}  "
                f"{h.good_form_s:.0f} s with good form of {h.in_position_s:.0f} s in position"
            )
            lines += [_flag_line(report, spec, report.flags[j], "      ") for j in h.flags]
    lines += [_flag_line(report, spec, f, "  ")
              for f in report.flags if f.rep is None and f.hold is None]
    lines.append(f"  flags: {len(report.flags)}")
    for gap in report.gaps:
        lines.append(f"  not measurable {_span(gap.start_ms, gap.end_ms)}: {gap.reason}")
    for c in report.checks:
        if c.checked_s == 0:
            name = f'"{c.cue}"' if c.cue else c.constraint.replace("_", " ")
            lines.append(f"  not checked: {name} — {not_checked_reason(report, c)}")
    return "\n".join(lines)


def explain(report: Report) -> str:
    """Each check's long description and what one camera cannot see of it, as text."""
    lines = ["What each check means:"]
    for c in report.checks:
        lines.append(f'  "{c.cue}": {c.description}' if c.cue else f"  {c.description}")
        if c.observability:
            lines.append(f"    camera: {c.observability}")
    return "\n".join(lines)
