"""The hold tracker on hand-made hold-metric samples, 100 ms apart.

Unless a test says otherwise the hold metric rises into position: in position
once it passes `enter` = 80, out once it falls back under `exit` = 70, and
between the two it stays as it was (hysteresis). A hold's clock adds the time
since the previous frame on every frame in position after the first.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pytest

from formcheck.analysis.holds import HoldTracker
from formcheck.analysis.results import Hold
from formcheck.spec.language import HoldSpec

RISING = HoldSpec(metric="m", enter=80, exit=70, min_s=0.5, bridge_s=0.3)


def run(tracker: HoldTracker, start_ms: float, values: Iterable[float | dict[str, float]],
        form_ok: bool = True, confidence: float = 1.0) -> list[tuple[float, Hold]]:
    """Frames 100 ms apart from `start_ms` (a number is the unsided 'both' value);
    the (time, hold) of each hold that ended."""
    ended = []
    for k, value in enumerate(values):
        t = start_ms + 100.0 * k
        sided = value if isinstance(value, dict) else {"both": value}
        hold = tracker.step(t, sided, confidence, form_ok)
        if hold is not None:
            ended.append((t, hold))
    return ended


def test_in_position_past_enter_and_out_only_past_exit() -> None:
    tracker = HoldTracker(RISING)
    assert run(tracker, 0, [75, 79]) == []  # between the thresholds, never entered
    assert not tracker.active
    run(tracker, 200, [81])
    assert tracker.active and tracker.current.start_ms == 200
    assert run(tracker, 300, [72, 78, 71, 75, 72, 79, 70, 73]) == []  # at or above exit: held
    assert tracker.active
    [(t, hold)] = run(tracker, 1100, [69, 60, 65, 66])
    # Out at 1100 ms; the hold ends there once it has stayed out for bridge_s (at 1400 ms).
    assert t == 1400
    assert (hold.start_ms, hold.end_ms) == (200, 1100)
    assert hold.in_position_s == pytest.approx(0.8)  # 200 -> 1000 ms
    assert not tracker.active


def test_a_falling_metric_is_in_position_below_enter() -> None:
    tracker = HoldTracker(HoldSpec(metric="m", enter=20, exit=30, min_s=0.0, bridge_s=0.0))
    run(tracker, 0, [25, 21])
    assert not tracker.active
    run(tracker, 200, [19, 29, 30])
    assert tracker.active
    [(t, hold)] = run(tracker, 500, [31])
    assert (t, hold.start_ms, hold.end_ms) == (500, 200, 500)
    assert hold.in_position_s == pytest.approx(0.2)


def test_the_good_form_clock_pauses_while_a_fault_is_active() -> None:
    tracker = HoldTracker(RISING)
    run(tracker, 0, [90] * 5)  # 0..400 ms, good form
    run(tracker, 500, [90] * 4, form_ok=False)  # 500..800 ms, a fault
    run(tracker, 900, [90] * 12)  # 900..2000 ms, good form again
    hold = tracker.finish(2000.0)
    assert hold is not None and (hold.start_ms, hold.end_ms) == (0, 2000)
    assert hold.in_position_s == pytest.approx(2.0)
    assert hold.good_form_s == pytest.approx(1.6)  # the four frames of the fault do not count


def test_a_short_gap_in_the_landmarks_is_bridged() -> None:
    tracker = HoldTracker(RISING)
    run(tracker, 0, [90] * 11)  # 0..1000 ms
    assert run(tracker, 1100, [math.nan] * 3) == []  # 300 ms unseen: not more than bridge_s
    assert tracker.active
    run(tracker, 1400, [90] * 6)  # 1400..1900 ms
    hold = tracker.finish(1900.0)
    assert hold is not None and (hold.start_ms, hold.end_ms) == (0, 1900)
    # The unseen stretch adds no time: 0 -> 1000 and 1300 -> 1900 ms.
    assert hold.in_position_s == pytest.approx(1.6)
    assert not hold.ended_by_gap


def test_a_long_gap_ends_the_hold_where_it_was_last_seen() -> None:
    tracker = HoldTracker(RISING)
    run(tracker, 0, [90] * 11)  # 0..1000 ms
    [(t, hold)] = run(tracker, 1100, [math.nan] * 4)  # unseen for 400 ms at 1400
    assert t == 1400
    assert (hold.start_ms, hold.end_ms, hold.ended_by_gap) == (0, 1000, True)
    assert hold.in_position_s == pytest.approx(1.0)
    run(tracker, 1500, [90])  # back in position: a new hold starts
    assert tracker.current.start_ms == 1500


def test_a_brief_exit_does_not_split_the_hold() -> None:
    tracker = HoldTracker(RISING)
    run(tracker, 0, [90] * 6)  # 0..500 ms
    assert run(tracker, 600, [50, 50]) == []  # out for 200 ms, less than bridge_s
    run(tracker, 800, [90] * 5)  # 800..1200 ms
    hold = tracker.finish(1200.0)
    assert hold is not None and (hold.start_ms, hold.end_ms) == (0, 1200)
    assert hold.in_position_s == pytest.approx(1.0)  # 0 -> 500 and 700 -> 1200 ms


def test_a_stay_shorter_than_min_s_is_not_a_hold() -> None:
    tracker = HoldTracker(RISING)
    assert run(tracker, 0, [90] * 5 + [50] * 4) == []  # 0.4 s in position
    long_enough = HoldTracker(RISING)
    [(_, hold)] = run(long_enough, 0, [90] * 7 + [50] * 4)  # 0.6 s
    assert hold.in_position_s == pytest.approx(0.6)
    assert HoldTracker(RISING).finish(0.0) is None
    unfinished = HoldTracker(RISING)
    run(unfinished, 0, [90] * 5)
    assert unfinished.finish(400.0) is None


def test_finish_during_a_brief_exit_ends_the_hold_where_it_left() -> None:
    tracker = HoldTracker(RISING)
    run(tracker, 0, [90] * 8 + [50, 50])  # in 0..700 ms, out from 800 ms
    hold = tracker.finish(900.0)
    assert hold is not None and hold.end_ms == 800


def test_each_side_is_tracked_and_the_hold_names_the_side_held() -> None:
    tracker = HoldTracker(RISING)
    run(tracker, 0, [{"left": 90, "right": 40}] * 6)  # 0..500 ms: left in position
    assert tracker.side == "left"
    run(tracker, 600, [{"left": 90, "right": 90}] * 3)  # 600..800 ms: both
    assert tracker.side == "both"
    [(t, hold)] = run(tracker, 900, [{"left": 60, "right": 40}] * 4)  # out from 900 ms
    assert (t, hold.end_ms) == (1200, 900)
    assert hold.sides_s == pytest.approx({"left": 0.5, "both": 0.3})
    assert hold.side == "left"


def test_one_side_unseen_keeps_the_other_sides_state() -> None:
    tracker = HoldTracker(RISING)
    run(tracker, 0, [{"left": 90, "right": 40}] * 3)
    run(tracker, 300, [{"left": 90, "right": math.nan}] * 3)
    assert tracker.side == "left"
    run(tracker, 600, [{"left": math.nan, "right": 40}] * 2)  # left unseen: still held
    assert tracker.side == "left" and tracker.active


def test_hold_confidence_is_the_mean_over_its_frames() -> None:
    tracker = HoldTracker(RISING)
    run(tracker, 0, [90, 90], confidence=0.5)  # the first frame only opens the hold
    run(tracker, 200, [90, 90], confidence=0.8)
    hold = tracker.finish(300.0)
    assert hold is None  # 0.3 s is under min_s
    tracker = HoldTracker(HoldSpec(metric="m", enter=80, exit=70, min_s=0.0))
    run(tracker, 0, [90, 90], confidence=0.5)
    run(tracker, 200, [90, 90], confidence=0.8)
    hold = tracker.finish(300.0)
    assert hold is not None and hold.confidence == pytest.approx((0.5 + 0.8 + 0.8) / 3)
