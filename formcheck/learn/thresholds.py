"""Counting thresholds from the demonstrated range.

The rest threshold lies 40 % of the way from the demonstrated rest level to the
reps' far level, the far threshold 60 % of the way: a rep counts once it
passes a little over half the demonstrated range, and ends once back within
40 % of it, so a person whose start position or range differs somewhat from
the demonstrator's still counts, while the band between the two keeps jitter
from counting twice. A set that moves less than 45 % of the range
is "not measurable" (`min_range`).
"""

from __future__ import annotations

import numpy as np

from formcheck.learn.driver import Driver
from formcheck.learn.sourced import Sourced, rounded, shown
from formcheck.spec.language import value_range

REST_SHARE = 0.4
FAR_SHARE = 0.6
MIN_RANGE_SHARE = 0.45


def rep_fields(driver: Driver, fps: float) -> dict[str, Sourced]:
    """The `[rep]` section's fields, each with its provenance."""
    candidate = driver.sides.candidate
    unit = candidate.unit
    readings = list(driver.sides.readings.values())
    rest = float(np.mean([r.rest for r in readings]))
    far = float(np.mean([r.far for r in readings]))
    span = far - rest
    reach = value_range(candidate.metric)
    rest_at = rounded(float(np.clip(rest + REST_SHARE * span, reach.low, reach.high)), unit)
    far_at = rounded(float(np.clip(rest + FAR_SHARE * span, reach.low, reach.high)), unit)
    least = rounded(MIN_RANGE_SHARE * abs(span), unit)
    quickest = min((e.end - e.start) / fps for r in readings for e in r.excursions)
    n = driver.count
    levels = (f"the demonstration's rest position ({shown(rest, unit)}, median at rest) and "
              f"the reps' far end ({shown(far, unit)}, median of the {n} reps' extremes)")
    return {
        "driver": Sourced(candidate.name, f"the {candidate.label} shows all {n} reps; of the "
                          "metrics that do, joint angles come first, then the trunk and legs "
                          "before the arms, then the one moving furthest"),
        "rest": Sourced(rest_at, f"rest at {shown(rest_at, unit)}: {REST_SHARE:.0%} of the way "
                        f"between {levels}"),
        "far": Sourced(far_at, f"far at {shown(far_at, unit)}: {FAR_SHARE:.0%} of the way "
                       "there: a rep counts once it passes a little over half the demonstrated "
                       "range"),
        "min_range": Sourced(least, f"{MIN_RANGE_SHARE:.0%} of the demonstrated range of "
                             f"{shown(abs(span), unit)}: a set moving less is 'not measurable'"),
        "min_rep_s": Sourced(0.3, f"the language's shortest plausible rep: the quickest "
                             f"demonstrated took {quickest:.1f} s, but a patient's pace is "
                             "their own"),
    }
