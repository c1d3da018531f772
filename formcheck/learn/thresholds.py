"""Counting lines from the demonstrated range, following the person's own range.

Positions are shares of the demonstrated excursion, 0 at the demonstration's
rest level and 1 at its reps' far end:

- prescribed rest line at 30 %, far line at 70 %: a rep of the demonstrated
  movement goes out past seven tenths of the therapist's excursion and comes
  back within three tenths of the start. That leaves room for the camera's
  reading and the person's build without calling a short rep full;
- the lines follow the person's own range (`rest_adapts_to`, `far_adapts_to`)
  toward the middle of the movement, no further than 45 % and 55 %: a patient
  with a smaller range (stiff knees, a sore back) or a shifted start still
  counts as long as they move past the middle of the demonstrated excursion,
  and such a rep is flagged as partial range by the `full_range` check, so it
  is counted, shown and never lost. The bounds keep a tenth of the excursion
  between the lines, so jitter cannot count twice;
- a set moving less than 45 % of the excursion is "not measurable" (`min_range`);
- a set may start at either end (`start_either_end`): one that stays at the far
  end from its start longer than a demonstrated rep stays out there on its turn
  (`start_far_s`, the median over the reps) is set up there, at rest (a deadlift
  from the floor, where the demonstration started standing), and is counted from
  there; one passing through the far end as it opens (arms coming down from a
  jumping jack, a squat rising from half-way down) stays no longer than a rep's
  turn and is not.

The start position is not flagged: people's neutral stance differs (elbows that
never quite straighten, a hip that stays a little bent) more than their reach.
"""

from __future__ import annotations

import math

import numpy as np

from formcheck.learn.driver import Driver
from formcheck.learn.sourced import Sourced, rounded, shown
from formcheck.spec.language import RepSpec, ValueRange, value_range
from formcheck.spec.units import Unit

REST_SHARE = 0.3
FAR_SHARE = 0.7
REST_BOUND_SHARE = 0.45
FAR_BOUND_SHARE = 0.55
MIN_RANGE_SHARE = 0.45


def _line(share: float, rest: float, far: float, unit: Unit, reach: ValueRange) -> float:
    """The line `share` of the way from `rest` to `far`, kept where the metric can go."""
    return rounded(float(np.clip(rest + share * (far - rest), reach.low, reach.high)), unit)


def _far_turn_s(driver: Driver, line: float, fps: float) -> float:
    """How long a demonstrated rep stays past `line` on its way to the far end and back
    (the median over the reps), s."""
    stays = [n for r in driver.sides.readings.values() for n in r.far_stays(line)]
    return float(np.median(stays)) / fps


def rep_fields(driver: Driver, fps: float) -> dict[str, Sourced]:
    """The `[rep]` section's fields, each with its provenance."""
    candidate = driver.sides.candidate
    unit = candidate.unit
    readings = list(driver.sides.readings.values())
    rest = float(np.mean([r.rest for r in readings]))
    far = float(np.mean([r.far for r in readings]))
    reach = value_range(candidate.metric)
    rest_at, far_at, rest_bound, far_bound = (
        _line(share, rest, far, unit, reach)
        for share in (REST_SHARE, FAR_SHARE, REST_BOUND_SHARE, FAR_BOUND_SHARE))
    least = rounded(MIN_RANGE_SHARE * abs(far - rest), unit)
    quickest = min((e.end - e.start) / fps for r in readings for e in r.excursions)
    turn = _far_turn_s(driver, far_bound, fps)
    start_far = max(RepSpec.model_fields["min_rest_s"].default, math.ceil(turn * 10.0) / 10.0)
    n = driver.count
    levels = (f"the demonstration's rest position ({shown(rest, unit)}, median at rest) and "
              f"the reps' far end ({shown(far, unit)}, median of the {n} reps' extremes)")
    return {
        "driver": Sourced(candidate.name, f"the {candidate.label} shows all {n} reps; of the "
                          "metrics that do and read from this view, joint angles come first, "
                          "then the trunk and legs before the arms, then the one moving "
                          "furthest"),
        "rest": Sourced(rest_at, f"rest at {shown(rest_at, unit)}: {REST_SHARE:.0%} of the way "
                        f"between {levels}"),
        "far": Sourced(far_at, f"far at {shown(far_at, unit)}: {FAR_SHARE:.0%} of the way "
                       "there: a full rep goes out past seven tenths of the demonstrated "
                       "range"),
        "rest_adapts_to": Sourced(rest_bound, f"the lines follow the person's own range: the "
                                  f"rest line up to {shown(rest_bound, unit)} "
                                  f"({REST_BOUND_SHARE:.0%} of the way), for a start position "
                                  "shifted from the demonstrator's"),
        "far_adapts_to": Sourced(far_bound, f"the far line back to {shown(far_bound, unit)} "
                                 f"({FAR_BOUND_SHARE:.0%} of the way), for a smaller range: "
                                 "such a rep still counts and is flagged as partial range"),
        "min_range": Sourced(least, f"{MIN_RANGE_SHARE:.0%} of the demonstrated range of "
                             f"{shown(abs(far - rest), unit)}: a set moving less is 'not "
                             "measurable'"),
        "min_rep_s": Sourced(0.3, f"the language's shortest plausible rep: the quickest "
                             f"demonstrated took {quickest:.1f} s, but a patient's pace is "
                             "their own"),
        "start_either_end": Sourced(True, "a set that stays at the far end from its start is "
                                    "counted from there (set up at the far end, as a deadlift "
                                    "from the floor)"),
        "start_far_s": Sourced(start_far, f"for {start_far:g} s or more: a demonstrated rep "
                               f"stays past {shown(far_bound, unit)} for {turn:.1f} s (median "
                               "over the reps), so a set opening out there for longer is set "
                               "up there, not turning in a rep"),
    }


def full_range_fields(driver: Driver, far_at: float) -> dict[str, Sourced]:
    """The `full_range` check's fields: a counted rep short of the prescribed far line."""
    candidate = driver.sides.candidate
    reached = shown(far_at, candidate.unit)
    return {
        "id": Sourced("full_range"),
        "kind": Sourced("full_range"),
        "end": Sourced("far", "a rep counted only because the far line followed the "
                       "person's smaller range"),
        "description": Sourced(f"Partial range: a full rep takes the {candidate.label} to "
                               f"{reached} ({100 * FAR_SHARE:.0f} % of the demonstrated "
                               "movement)"),
        "cue": Sourced("Go a little further, as far as in the demonstration"),
        "severity": Sourced("info", "a partial rep is still counted; this only tells"),
    }
