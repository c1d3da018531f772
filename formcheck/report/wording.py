"""Plain words for what the report page shows: a flag's value against its limit, a phase's name.

Values are written with the metric's label and unit from the report (see
:meth:`formcheck.report.document.ExerciseInfo.format_metric`); checks about time
(a hold, a rep's pace) are in seconds.
"""

from __future__ import annotations

from datetime import UTC, datetime

from formcheck.analysis.metrics import NO_DEPTH
from formcheck.report.document import CheckSummary, FlagRecord, Report
from formcheck.spec.language import VIEW_NAMES, ExerciseSpec

PHASES = {
    "always": "throughout",
    "rep": "during each rep",
    "far": "at the end of each movement",
    "rest": "between reps",
    "hold": "during the hold",
}
"""When a check applies (its `during`), in words."""

SEVERITIES = {"info": "note", "warn": "warning", "error": "error"}
"""How a check's severity is named for a person."""

_NOT_COUNTED = {
    "partial": "partial rep, not counted",
    "unfinished": "unfinished rep, not counted",
    "too_fast": "too fast, not counted",
    "not_measurable": "not measurable",
}
"""How a rep that was not counted is named, by its status."""

_SHORT_OF = {"far": "the target", "rest": "the start position"}
"""The ends of the prescribed range a partial-range rep fell short of, in words."""


def rep_status_words(status: str, short_of: list[str]) -> str:
    """A rep's status in words: "counted", "counted, partial range (short of the target)",
    "unfinished rep, not counted"..."""
    if status != "counted":
        return _NOT_COUNTED.get(status, "not counted")
    if not short_of:
        return "counted"
    return "counted, partial range (short of " + " and ".join(
        _SHORT_OF[end] for end in short_of) + ")"


_TIMED = {
    "rep_hold": ("held", "asked for"),
    "hold_duration": ("held with good form", "asked for"),
    "tempo": ("rep took", "at least"),
}


def side_words(side: str | None, named: bool = False) -> str:
    """The side a rep, hold or fault is on: "left", "right" ("left side", "right side"
    when `named`, as a sentence reads it) or "both sides"; "" when there is no side."""
    if side in (None, "none"):
        return ""
    if side == "both":
        return "both sides"
    return f"{side} side" if named else side


def constraint_kind(spec: ExerciseSpec | None, constraint: str) -> str | None:
    """The kind of check `constraint` is ("range", "rep_hold", ...), None when unknown."""
    if spec is None:
        return None
    return next((c.kind for c in spec.constraints if c.id == constraint), None)


def value_against_limit(report: Report, spec: ExerciseSpec | None, flag: FlagRecord) -> str | None:
    """The flag's worst value against its limit, e.g. "leg height 116° (limit 103°)".

    None when the flag carries no value.
    """
    if flag.worst is None:
        return None
    ex = report.exercise
    if flag.metric is not None:
        text = f"{ex.metric_label(flag.metric)} {ex.format_metric(flag.metric, flag.worst)}"
        if flag.limit is not None:
            text += f" (limit {ex.format_metric(flag.metric, flag.limit)})"
        return text
    did, asked = _TIMED.get(constraint_kind(spec, flag.constraint) or "", ("", "limit"))
    text = f"{did} {flag.worst:.1f} s".strip()
    if flag.limit is not None:
        text += f" ({asked} {flag.limit:g} s)"
    return text[0].upper() + text[1:]


def is_hold_time(spec: ExerciseSpec | None, flag: FlagRecord) -> bool:
    """True for a flag about how long a position was held (shown with the hold's timer)."""
    return constraint_kind(spec, flag.constraint) in ("rep_hold", "hold_duration")


def when_words(iso: str) -> str:
    """A moment stored as ISO 8601 ("2026-12-07T15:11:54+00:00") as a person reads it,
    to the minute in UTC: "2026-12-07 15:11 UTC"; the text itself when it is not one."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def severity_words(severity: str) -> str:
    """A check's severity in words: "note", "warning" or "error"."""
    return SEVERITIES.get(severity, severity)


def views_text(views: list[str] | tuple[str, ...]) -> str:
    """Camera views in words: "side", "side or three-quarter", "side, front or three-quarter"."""
    names = [VIEW_NAMES.get(v, v) for v in views]
    return " or ".join(filter(None, [", ".join(names[:-1]), *names[-1:]]))


def not_checked_reason(report: Report, check: CheckSummary) -> str:
    """Why a check judged nothing: no depth in a 2D track, "needs a three-quarter view", or
    the body parts not seen.

    Args:
        report: the checked set.
        check: the check, with the views it is judged from (empty: all the exercise's).
    """
    if check.needs_3d and not report.source.world_landmarks:
        return NO_DEPTH
    views = check.views or report.view.supported
    if not_this_view(report, views):
        return f"needs a {views_text(views)} view"
    return "the body parts it reads were not seen well enough"


def not_this_view(report: Report, views: list[str]) -> bool:
    """True when the camera view seen is not one a check with `views` (empty: all the
    exercise's) is judged from."""
    views = views or report.view.supported
    return report.view.observed is not None and report.view.observed not in views
