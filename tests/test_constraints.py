"""Each constraint evaluator on hand-made frames, reps and holds.

Frames come 100 ms apart. Every value, time and limit below is chosen by hand, so
each expectation can be checked on paper against the rule it tests.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from types import SimpleNamespace

import pytest
from pydantic import TypeAdapter

from formcheck.analysis.constraints import ConstraintEvaluator, FrameContext, make_evaluator
from formcheck.analysis.results import Attempt, Flag, Hold
from formcheck.spec.language import Constraint

FLOOR = 0.4
_CONSTRAINT = TypeAdapter(Constraint)


def evaluator(exercise_views: tuple[str, ...] = ("side",), **fields: object
              ) -> ConstraintEvaluator:
    """The evaluator of a constraint with `fields`, in an exercise seen from `exercise_views`."""
    c = _CONSTRAINT.validate_python({"id": "c", "description": "What is checked",
                                     "cue": "Fix it", **fields})
    return make_evaluator(c, exercise_views)


def lean(**fields: object) -> ConstraintEvaluator:
    """A range check: metric 'lean' at most 10, flagged after 0.3 s outside."""
    return evaluator(**{"kind": "range", "metric": "lean", "max": 10, "for_s": 0.3, **fields})


def ctx(t_ms: float, value: float, conf: float = 1.0, phases: Iterable[str] = ("always",),
        view: str | None = "side", side: str | None = None, attempt: int | None = None,
        hold: int | None = None, hold_side: str | None = None,
        on: dict[str, float] | None = None) -> FrameContext:
    """A frame at `t_ms` where every metric reads `value` (or `on[side]` on that side)."""
    return FrameContext(
        t_ms=t_ms, phases=frozenset(phases), view=view,
        value_of=lambda metric: (value, conf), side=side, attempt=attempt, hold=hold,
        floor=FLOOR, hold_side=hold_side,
        value_on=lambda metric, s: ((on or {}).get(s, value), conf),
    )


def feed(ev: ConstraintEvaluator, start_ms: float, values: Iterable[float],
         **frame: object) -> list[tuple[float, Flag]]:
    """Frames 100 ms apart from `start_ms`; the (time, flag) of each flag raised."""
    raised = []
    for k, value in enumerate(values):
        t = start_ms + 100.0 * k
        flag = ev.on_frame(ctx(t, value, **frame))  # type: ignore[arg-type]
        if flag is not None:
            raised.append((t, flag))
    return raised


# -- range ---------------------------------------------------------------------------------


def test_range_flags_once_the_value_has_been_outside_for_for_s() -> None:
    ev = lean()
    assert feed(ev, 0, [15, 15, 15]) == []  # 0..200 ms: outside for 0.2 s
    [(t, flag)] = feed(ev, 300, [15, 18, 12])  # the 0.3 s is reached at 300 ms
    assert t == 300
    assert (flag.start_ms, flag.limit, flag.constraint_id, flag.cue) == (0, 10, "c", "Fix it")
    assert math.isnan(flag.end_ms)
    assert ev.active is flag
    assert flag.worst == 18  # the flag follows the worst value while it lasts
    assert feed(ev, 600, [9]) == []  # back inside: the fault ends here
    assert (flag.end_ms, ev.active) == (600, None)
    assert ev.checked_ms == 600 and ev.unmeasured_ms == 0


def test_range_below_min_names_min_as_the_limit() -> None:
    ev = evaluator(kind="range", metric="knee", min=150, for_s=0.2)
    [(t, flag)] = feed(ev, 0, [140, 130, 145])
    assert (t, flag.start_ms, flag.worst, flag.limit) == (200, 0, 130, 150)


def test_range_timer_restarts_after_a_dip_back_inside() -> None:
    ev = lean()
    assert feed(ev, 0, [15, 15, 15, 10]) == []  # 10 is inside (at the max)
    assert not ev.outside
    assert feed(ev, 400, [15, 15, 15]) == []
    assert ev.outside  # outside, not yet for 0.3 s
    [(t, flag)] = feed(ev, 700, [15])
    assert (t, flag.start_ms) == (700, 400)


def test_range_flag_confidence_is_the_lowest_seen_while_outside() -> None:
    ev = lean(for_s=0.0)
    [(_, flag)] = feed(ev, 0, [15], conf=0.9)
    feed(ev, 100, [15], conf=0.6)
    feed(ev, 200, [15], conf=0.8)
    assert flag.confidence == 0.6


def test_range_judges_only_during_its_phase() -> None:
    ev = lean(during="far")
    assert feed(ev, 0, [15, 15, 15, 15], phases=("always", "rep")) == []
    [(t, flag)] = feed(ev, 400, [15, 15, 15, 15], phases=("always", "rep", "far"))
    assert (t, flag.start_ms) == (700, 400)  # timed from entering 'far', not from 0 ms
    feed(ev, 800, [15], phases=("always", "rep"))  # leaving the phase ends the fault
    assert (flag.end_ms, ev.active) == (800, None)


def test_range_flag_carries_the_rep_and_side_in_progress() -> None:
    ev = lean(for_s=0.0)
    [(_, flag)] = feed(ev, 0, [15], side="left", attempt=4)
    assert (flag.side, flag.attempt, flag.hold) == ("left", 4, None)
    ev = lean(for_s=0.0, during="hold")
    [(_, flag)] = feed(ev, 0, [15], phases=("always", "hold"), hold=2)
    assert (flag.side, flag.attempt, flag.hold) == (None, None, 2)


@pytest.mark.parametrize("view", ["front", None])
def test_outside_its_views_a_range_check_counts_unmeasured_time_not_flags(view) -> None:
    ev = lean()
    assert feed(ev, 0, [50] * 11, view=view) == []
    assert (ev.unmeasured_ms, ev.checked_ms) == (1000, 0)


def test_a_constraints_own_views_replace_the_exercises() -> None:
    ev = lean(views=("front",))  # the exercise is seen from the side
    assert ev.views == ("front",)
    assert feed(ev, 0, [50] * 6, view="side") == []
    assert (ev.unmeasured_ms, ev.checked_ms) == (500, 0)
    assert len(feed(ev, 600, [50] * 4, view="front")) == 1


def test_below_the_confidence_floor_a_range_check_counts_unmeasured_time() -> None:
    ev = lean()
    assert feed(ev, 0, [50] * 11, conf=FLOOR - 0.01) == []
    assert (ev.unmeasured_ms, ev.checked_ms) == (1000, 0)
    at_floor = lean()
    [(t, flag)] = feed(at_floor, 0, [50] * 4, conf=FLOOR)
    assert (t, flag.confidence) == (300, FLOOR)


def test_a_missing_frame_is_unmeasured_and_does_not_restart_the_timer() -> None:
    ev = lean()
    # Outside from 0 ms; the frame at 300 ms is missing, so the 0.3 s are seen whole at 400.
    [(t, flag)] = feed(ev, 0, [15, 15, 15, math.nan, 15])
    assert (t, flag.start_ms) == (400, 0)
    assert (ev.unmeasured_ms, ev.checked_ms) == (100, 300)


def test_a_gap_longer_than_a_quarter_second_restarts_the_timer() -> None:
    ev = lean()
    # Unseen from 100 to 400 ms (300 ms > 250): the stretch outside starts again at 500.
    [(t, flag)] = feed(ev, 0, [15, math.nan, math.nan, math.nan, math.nan, 15, 15, 15, 15])
    assert (t, flag.start_ms) == (800, 500)


def test_an_unmeasured_stretch_ends_an_open_fault() -> None:
    ev = lean(for_s=0.0)
    [(_, flag)] = feed(ev, 0, [15, 15])
    feed(ev, 200, [15], view="front")
    assert flag.end_ms == 200 and ev.active is None


def test_on_the_other_side_the_check_reads_the_side_not_working() -> None:
    ev = evaluator(kind="range", metric="foot", max=0.3, on_side="other", for_s=0.2,
                   during="hold")
    phases = ("always", "hold")
    # Left knee hugged: its own foot is up (0.9) but only the right foot counts.
    assert feed(ev, 0, [0.0] * 3, phases=phases, hold_side="left",
                on={"left": 0.9, "right": 0.1}) == []
    [(t, flag)] = feed(ev, 300, [0.0] * 3, phases=phases, hold_side="left",
                       on={"left": 0.9, "right": 0.5})
    assert (t, flag.start_ms, flag.worst) == (500, 300, 0.5)


def test_on_the_other_side_nothing_is_judged_while_both_sides_work() -> None:
    ev = evaluator(kind="range", metric="foot", max=0.3, on_side="other", for_s=0.0,
                   during="hold")
    assert feed(ev, 0, [0.9] * 5, phases=("always", "hold"), hold_side="both") == []
    assert (ev.checked_ms, ev.unmeasured_ms) == (0, 0)


def test_close_ends_a_fault_still_open() -> None:
    ev = lean(for_s=0.0)
    [(_, flag)] = feed(ev, 0, [15, 15])
    ev.close(150.0)
    assert flag.end_ms == 150.0 and ev.active is None


def test_rejudge_judges_the_frames_again_with_revised_values() -> None:
    ev = lean(during="rep")
    ev.replayable = True
    # Inside at 8 for 0.5 s, outside from 500 ms on for 0.2 s (too short to flag).
    assert feed(ev, 0, [8, 8, 8, 8, 8, 12, 12, 12], phases=("rep",), attempt=2) == []
    feed(ev, 800, [5], phases=("rest",))  # out of the check's phase: not judged
    # Against a revised reference every value reads 3 higher: 11 from the start.
    revised = {100.0 * k: v + 3 for k, v in enumerate([8, 8, 8, 8, 8, 12, 12, 12, 5])}
    [flag] = ev.rejudge(revised, end_ms=900.0)
    assert (flag.start_ms, flag.end_ms, flag.worst, flag.attempt) == (0, 800, 15, 2)
    assert ev.checked_ms == 700 and ev.active is None


def test_rejudge_keeps_the_value_of_a_frame_with_no_revised_one() -> None:
    ev = lean()
    ev.replayable = True
    feed(ev, 0, [15, 15, 15, 15])
    [flag] = ev.rejudge({}, end_ms=400.0)
    assert (flag.start_ms, flag.end_ms) == (0, 400)


# -- per rep -------------------------------------------------------------------------------


def rep(start_ms: float = 1000.0, end_ms: float = 3000.0, far_ms: float = 0.0) -> Attempt:
    return Attempt(id=3, side="left", start_ms=start_ms, end_ms=end_ms, far_ms=far_ms,
                   confidence_sum=1.8, samples=2)


def test_rep_extreme_flags_a_rep_that_fell_short_of_its_target() -> None:
    ev = evaluator(kind="rep_extreme", metric="thigh", reach_above=70)
    flag = ev.on_rep(rep(), {"thigh": (5.0, 60.0)}, "side")
    assert flag is not None
    assert (flag.worst, flag.limit, flag.start_ms, flag.end_ms) == (60.0, 70, 1000.0, 3000.0)
    assert (flag.attempt, flag.side, flag.confidence) == (3, "left", 0.9)
    assert ev.on_rep(rep(), {"thigh": (5.0, 70.0)}, "side") is None  # reaching it is enough
    assert ev.checked_ms == 4000


def test_rep_extreme_reach_below_judges_the_lowest_value() -> None:
    ev = evaluator(kind="rep_extreme", metric="knee", reach_below=100)
    flag = ev.on_rep(rep(), {"knee": (105.0, 170.0)}, "side")
    assert flag is not None and (flag.worst, flag.limit) == (105.0, 100)
    assert ev.on_rep(rep(), {"knee": (100.0, 170.0)}, "side") is None
    assert ev.on_rep(rep(), {"knee": (90.0, 95.0)}, "side") is None  # the high end is free


def test_rep_extreme_outside_its_views_or_unseen_is_unmeasured() -> None:
    ev = evaluator(kind="rep_extreme", metric="thigh", reach_above=70)
    assert ev.on_rep(rep(), {"thigh": (5.0, 20.0)}, "front") is None
    assert ev.on_rep(rep(), {}, "side") is None  # the metric was never seen in the rep
    assert (ev.unmeasured_ms, ev.checked_ms) == (4000, 0)


def test_rep_extreme_for_s_needs_the_target_held_not_one_frame() -> None:
    # Elbows at 120 degrees, one frame at 100, back to 120: a glitch, not depth.
    ev = evaluator(kind="rep_extreme", metric="elbow", reach_below=110, for_s=0.2)
    feed(ev, 1000, [170, 140, 120, 100, 120, 140, 170], attempt=3)
    flag = ev.on_rep(rep(), {"elbow": (100.0, 170.0)}, "side")
    assert flag is not None and (flag.worst, flag.limit) == (120.0, 110)
    # Held at 105 or less for 0.2 s (three frames 100 ms apart): the target is reached.
    ev = evaluator(kind="rep_extreme", metric="elbow", reach_below=110, for_s=0.2)
    feed(ev, 1000, [170, 130, 105, 95, 100, 130, 170], attempt=3)
    assert ev.on_rep(rep(), {"elbow": (95.0, 170.0)}, "side") is None


def test_rep_extreme_for_s_starts_again_with_each_rep() -> None:
    ev = evaluator(kind="rep_extreme", metric="thigh", reach_above=70, for_s=0.2)
    feed(ev, 0, [10, 80, 80, 80, 10], attempt=2)  # an earlier rep held the target
    feed(ev, 1000, [10, 50, 75, 50, 10], attempt=3)
    flag = ev.on_rep(rep(), {"thigh": (10.0, 75.0)}, "side")
    assert flag is not None and (flag.worst, flag.attempt) == (50.0, 3)


def test_tempo_flags_a_rep_faster_than_min_rep_s() -> None:
    ev = evaluator(kind="tempo", min_rep_s=2.0)
    flag = ev.on_rep(rep(1000.0, 2500.0), {}, "side")
    assert flag is not None and (flag.worst, flag.limit) == (1.5, 2.0)
    assert ev.on_rep(rep(1000.0, 3000.0), {}, "side") is None
    assert ev.checked_ms == 3500


def test_rep_hold_flags_a_rep_that_left_the_far_position_too_soon() -> None:
    ev = evaluator(kind="rep_hold", min_s=5)
    flag = ev.on_rep(rep(0.0, 9000.0, far_ms=4000.0), {}, "side")
    assert flag is not None and (flag.worst, flag.limit, flag.end_ms) == (4.0, 5, 9000.0)
    assert ev.on_rep(rep(0.0, 9000.0, far_ms=5000.0), {}, "side") is None


def test_per_rep_checks_raise_nothing_on_frames_or_holds() -> None:
    for fields in ({"kind": "rep_extreme", "metric": "m", "reach_above": 1},
                   {"kind": "tempo", "min_rep_s": 9.0}, {"kind": "rep_hold", "min_s": 9.0}):
        ev = evaluator(**fields)
        assert feed(ev, 0, [-100.0] * 5) == []
        assert ev.on_hold(Hold(0.0, 100.0), 0) is None


# -- per hold ------------------------------------------------------------------------------


def test_hold_duration_flags_a_hold_with_too_little_good_form_time() -> None:
    ev = evaluator(kind="hold_duration", min_s=10)
    short = Hold(start_ms=0.0, end_ms=12000.0, in_position_s=12.0, good_form_s=8.0,
                 sides_s={"right": 12.0}, confidence_sum=4.5, samples=5)
    flag = ev.on_hold(short, 2)
    assert flag is not None
    assert (flag.worst, flag.limit, flag.hold, flag.side) == (8.0, 10, 2, "right")
    assert (flag.start_ms, flag.end_ms, flag.confidence) == (0.0, 12000.0, 0.9)
    enough = Hold(start_ms=0.0, end_ms=12000.0, in_position_s=12.0, good_form_s=10.0)
    assert ev.on_hold(enough, 3) is None
    assert ev.on_rep(rep(), {}, "side") is None


def test_an_unknown_kind_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match="'wobble'; known: range, rep_extreme"):
        unknown = SimpleNamespace(kind="wobble", views=None)
        make_evaluator(unknown, ("side",))  # type: ignore[arg-type]


def test_full_range_flags_a_counted_rep_short_of_the_prescribed_line() -> None:
    from formcheck.spec.language import RepSpec

    rep = RepSpec(driver="elbow", rest=130, far=90, rest_adapts_to=112, far_adapts_to=100)
    c = _CONSTRAINT.validate_python({"id": "top", "kind": "full_range", "end": "far",
                                     "description": "Partial range: curl to the shoulder",
                                     "cue": "Curl all the way up"})
    ev = make_evaluator(c, ("side",), rep)
    full = Attempt(1, "both", 0.0, 1500.0, extreme=70.0, start_value=150.0)
    assert ev.on_rep(full, {}, "side") is None
    short = Attempt(2, "both", 2000.0, 3500.0, extreme=96.0, start_value=150.0, short_of=("far",))
    flag = ev.on_rep(short, {}, "side")
    assert (flag.metric, flag.worst, flag.limit, flag.attempt) == ("elbow", 96.0, 90, 2)
    assert ev.on_rep(short, {}, "front") is None  # not a view of this exercise's checks
