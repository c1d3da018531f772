"""The rep counter following the person's own range, the end of a recording and timed tests.

Hand-made driver signals sampled at 30 frames/s (`test_reps.run`). Every expectation can be checked
on paper: a moved line sits a quarter of the person's range (the median span of their
counted reps; the prescribed band |rest - far| before the first) inside their own start
position (rest line) or usual reach (far line), between the prescribed line and its
bound in the exercise file.
"""

from __future__ import annotations

import math

import pytest
from test_reps import run

from formcheck.analysis.reps import CounterState
from formcheck.analysis.results import RepStatus
from formcheck.spec.language import RepSpec

# An elbow angle (degrees): arms straight past 130 between curls, curled under 90 at the top;
# the rest line may follow the person down to 112, the far line up to 100.
CURL = RepSpec(driver="elbow", rest=130, far=90, rest_adapts_to=112, far_adapts_to=100)
# Hand height over the shoulders (torso lengths): lockout 0.6, down to 0.3; lines may move
# to 0.55 and 0.5.
PRESS = RepSpec(driver="hands", rest=0.6, far=0.3, rest_adapts_to=0.55, far_adapts_to=0.5)


def swing(start: float, end: float, n: int = 45) -> list[float]:
    """A smooth excursion from `start` to `end` and back, `n` samples."""
    return [start + (end - start) * math.sin(math.pi * k / n) ** 2 for k in range(n)]


def hold(value: float, n: int = 15) -> list[float]:
    return [value] * n


def test_a_curl_whose_elbow_opens_only_to_118_degrees_still_counts() -> None:
    # Rest line: 118 - 40 / 4 = 108 (then 118 - 58 / 4), held at the bound 112; the 130 line
    # is never crossed.
    curls = hold(118) + (swing(118, 60) + hold(118)) * 3
    counter, ended = run(curls, spec=CURL)
    assert counter.count == 3
    assert all(a.short_of == ("rest",) for a in ended)
    fixed = CURL.model_copy(update={"rest_adapts_to": None, "far_adapts_to": None})
    assert run(curls, spec=fixed)[0].count == 0


def test_a_full_range_curl_keeps_the_prescribed_lines() -> None:
    counter, ended = run(hold(165) + (swing(165, 60) + hold(165)) * 2, spec=CURL)
    assert counter.count == 2 and counter.far_line() == 90  # 60 + 105 / 4 is past 90
    assert all(a.short_of == () for a in ended)
    assert counter.rest_line() == 130


def test_a_press_bottoming_at_042_counts_as_short_of_the_bottom() -> None:
    # Far line: the bound 0.5 for the first press, then 0.42 + 0.38 / 4 = 0.515, held at 0.5.
    counter, ended = run(hold(0.8) + (swing(0.8, 0.42) + hold(0.8)) * 3, spec=PRESS)
    assert counter.count == 3
    assert all(a.short_of == ("far",) for a in ended)
    assert counter.far_line() == 0.5


def test_a_half_press_after_full_ones_is_partial() -> None:
    # Full presses to 0.2 move the far line to 0.2 + 0.6 / 4 = 0.35, so a later press to 0.4
    # is partial, not counted (it would count as a first press).
    counter, ended = run(hold(0.8) + (swing(0.8, 0.2) + hold(0.8)) * 2 + swing(0.8, 0.4)
                         + hold(0.8), spec=PRESS)
    assert counter.count == 2
    assert [a.status for a in ended] == [RepStatus.COUNTED] * 2 + [RepStatus.PARTIAL]


SQUAT = RepSpec(driver="thigh", rest=35, far=50)


def test_a_rep_cut_off_three_quarters_of_the_way_back_is_unfinished() -> None:
    # 10 -> 80 and back to 27.5 (three quarters of the way): inside the rest line (35) but
    # 25 % of the range from the start, more than end_within (20 %).
    down = [10 + 70 * k / 20 for k in range(21)]
    up = [80 - 52.5 * k / 20 for k in range(21)]
    counter, ended = run(hold(10) + down + up, spec=SQUAT)
    assert counter.count == 0
    assert [a.status for a in ended] == [RepStatus.UNFINISHED]


def test_a_rep_back_close_to_the_start_at_the_end_counts() -> None:
    down = [10 + 70 * k / 20 for k in range(21)]
    up = [80 - 63 * k / 20 for k in range(21)]  # back to 17: 10 % of the range from the start
    counter, ended = run(hold(10) + down + up, spec=SQUAT)
    assert counter.count == 1


def test_a_timed_test_stops_counting_at_its_limit() -> None:
    # Reps of 1.5 s plus 0.5 s seated: the 30 s clock starts with the first rep; a rep starting
    # at 28 s reaches the top in time and counts, later ones do not start.
    stands = hold(10, 15) + (swing(10, 80) + hold(10)) * 20
    counter, ended = run(stands, spec=SQUAT, time_limit_s=30)
    starts = [a.start_ms / 1000 for a in ended if a.status is RepStatus.COUNTED]
    assert counter.count == 15
    assert max(starts) < 30.5
    assert run(stands, spec=SQUAT)[0].count == 20


HINGE = RepSpec(driver="trunk", rest=25, far=45, start_either_end=True)


def test_a_set_that_opens_settled_at_the_far_end_counts_from_there() -> None:
    # A deadlift from the floor: trunk 60 degrees at the bottom, up to 10 and back, twice.
    counter, ended = run(hold(60) + (swing(60, 10) + hold(60)) * 2, spec=HINGE)
    assert counter.count == 2 and counter.reversed
    assert counter.zone is CounterState.FAR  # back on the floor: the file's far zone
    # The same lifts from standing: counted the usual way.
    counter, _ = run(hold(10) + (swing(10, 60) + hold(10)) * 2, spec=HINGE)
    assert counter.count == 2 and not counter.reversed


def test_a_set_opening_at_the_far_end_starts_there_only_after_start_far_s() -> None:
    # Past 45 degrees for 1 s at 30 frames/s: hold(60, 30).
    lifts = hold(60, 30) + (swing(60, 10) + hold(60)) * 2
    slow = HINGE.model_copy(update={"start_far_s": 1.5})
    counter, _ = run(lifts, spec=slow)
    # Not set up at the far end: counted from the first rest instead (one lift from there).
    assert not counter.reversed and counter.count == 1
    counter, _ = run(lifts, spec=HINGE.model_copy(update={"start_far_s": 0.8}))
    assert counter.reversed and counter.count == 2


def test_start_far_s_needs_start_either_end() -> None:
    with pytest.raises(ValueError, match="start_far_s needs start_either_end"):
        RepSpec(driver="trunk", rest=25, far=45, start_far_s=1.0)


# Shoulder height over the hands in a push-up (torso lengths): up past 0.78 between reps,
# down past 0.7; the rest line may follow the person's own top down to 0.73. No push-up
# spans less than 0.25.
PUSH_UP = RepSpec(driver="shoulders", rest=0.78, far=0.7, rest_adapts_to=0.73, min_range=0.25)


def ramp(start: float, end: float, n: int = 20) -> list[float]:
    return [start + (end - start) * k / (n - 1) for k in range(n)]


def test_before_the_first_rep_the_rest_line_keeps_a_quarter_of_the_least_range() -> None:
    """Short arms top out at 0.8 and come back only to 0.765 after the first push-up: the
    rest line sits 0.25 / 4 inside the top (0.7375), not 0.08 / 4 (0.78), so two reps."""
    values = hold(0.8) + ramp(0.8, 0.45) + ramp(0.45, 0.765) + hold(0.765, 10) \
        + ramp(0.765, 0.45) + ramp(0.45, 0.8) + hold(0.8)
    counter, ended = run(values, spec=PUSH_UP)
    assert counter.count == 2
    assert [a.status for a in ended] == [RepStatus.COUNTED, RepStatus.COUNTED]
