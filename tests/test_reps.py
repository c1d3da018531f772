"""The hysteresis rep counter on hand-made driver signals (thigh angle in degrees)."""

from __future__ import annotations

import itertools
import math

from formcheck.analysis.reps import RepCounter
from formcheck.analysis.results import RepStatus
from formcheck.spec.language import RepSpec

SPEC = RepSpec(driver="thigh", rest=35, far=50, min_rest_s=0.15, min_rep_s=0.3, max_gap_s=0.6)


def run(values: list[float], fps: float = 30.0, spec: RepSpec = SPEC,
        time_limit_s: float | None = None):
    """Feed `values` at `fps`; the counter and every attempt that ended, in order."""
    counter = RepCounter(spec, "both", itertools.count(), time_limit_s)
    ended = []
    for i, v in enumerate(values):
        attempt = counter.step(i * 1000.0 / fps, v, 1.0)
        if attempt is not None:
            ended.append(attempt)
    last = counter.finish((len(values) - 1) * 1000.0 / fps)
    if last is not None:
        ended.append(last)
    return counter, ended


def rep(depth: float = 80.0, n: int = 45) -> list[float]:
    return [10 + (depth - 10) * math.sin(math.pi * k / n) ** 2 for k in range(n)]


STAND = [10.0] * 15


def test_counts_full_reps() -> None:
    counter, ended = run(STAND + rep() + STAND + rep() + STAND)
    assert counter.count == 2
    assert [a.status for a in ended] == [RepStatus.COUNTED, RepStatus.COUNTED]
    assert ended[0].extreme > 79


def test_jitter_at_a_threshold_counts_nothing_extra() -> None:
    down = [10 + 40 * k / 20 for k in range(20)]
    at_far = [49.5, 50.5] * 20
    at_rest = [34.5, 35.5] * 20
    counter, ended = run(STAND + down + at_far + down[::-1] + STAND + at_rest + STAND)
    assert counter.count == 1
    assert [a.status for a in ended] == [RepStatus.COUNTED]


def test_partial_rep_is_reported_not_counted() -> None:
    counter, ended = run(STAND + rep(depth=46) + STAND)
    assert counter.count == 0
    assert [a.status for a in ended] == [RepStatus.PARTIAL]


def test_tiny_wobble_is_not_even_a_partial() -> None:
    counter, ended = run(STAND + rep(depth=38) + STAND)
    assert counter.count == 0 and ended == []


def test_opening_half_rep_is_not_counted() -> None:
    # The clip opens at the bottom and rises: only the later full rep counts.
    opening = [80 - 70 * k / 30 for k in range(30)]
    counter, _ = run(opening + STAND + rep() + STAND)
    assert counter.count == 1


def test_rep_cut_off_by_the_end_is_unfinished() -> None:
    counter, ended = run(STAND + rep()[:25])
    assert counter.count == 0
    assert ended[-1].status is RepStatus.UNFINISHED


def test_long_gap_makes_the_rep_not_measurable() -> None:
    values = STAND + rep()[:20] + [math.nan] * 30 + rep()[20:] + STAND
    counter, ended = run(values)
    assert counter.count == 0
    assert ended[0].status is RepStatus.NOT_MEASURABLE


def test_short_gap_is_bridged() -> None:
    values = STAND + rep()[:20] + [math.nan] * 5 + rep()[25:] + STAND
    counter, _ = run(values)
    assert counter.count == 1


def test_glitch_through_rest_does_not_split_a_rep() -> None:
    # Two frames at 'standing' in the middle of the bottom position (a tracking flip).
    bottom = [80.0] * 20
    values = STAND + rep()[:22] + bottom + [12.0, 12.0] + bottom + rep()[22:] + STAND
    counter, _ = run(values)
    assert counter.count == 1


def test_too_fast_rep_is_not_counted() -> None:
    counter, ended = run(STAND + rep(n=6) + STAND)
    assert counter.count == 0
    assert ended[0].status is RepStatus.TOO_FAST


def test_falling_driver() -> None:
    spec = RepSpec(driver="knee", rest=150, far=110)
    knee = [170.0] * 15 + [170 - 90 * math.sin(math.pi * k / 45) ** 2 for k in range(45)] + [
        170.0] * 15
    counter, _ = run(knee, spec=spec)
    assert counter.count == 1
