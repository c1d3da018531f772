"""Session plan and state machine: position, sets, rests, keys."""

from __future__ import annotations

import pytest
from exercise_factory import exercise
from live_factory import update

from formcheck.analysis.results import Hold
from formcheck.errors import UserError
from formcheck.live.plan import SessionPlan
from formcheck.live.session import Session, Stage


def plan(**kw) -> SessionPlan:
    base = dict(sets=2, reps=3, hold_s=0.0, rest_s=10.0, sides="both", counts_reps=True)
    return SessionPlan(**{**base, **kw})


def test_plan_takes_the_prescription_and_overrides():
    squat = exercise("side_squat")  # 2 sets of 8 reps prescribed, no hold
    assert SessionPlan.from_spec(squat) == SessionPlan(2, 8, 0.0, 60.0, "both", True)
    assert SessionPlan.from_spec(squat, sets=1, reps=5, rest_s=30).reps == 5
    with pytest.raises(UserError, match=r"--sets must be at least 1, got 0"):
        SessionPlan.from_spec(squat, sets=0)


def test_set_complete_per_counter_layout():
    assert plan().set_complete({"both": 3}, 0)
    assert not plan().set_complete({"both": 2}, 0)
    assert not plan(reps=0).set_complete({"both": 99}, 0)  # no target: runs until stopped
    per_side = plan(sides="alternate")
    assert not per_side.set_complete({"both": 5}, 0)  # one counter: 3 per side = 6 in all
    assert per_side.set_complete({"both": 6}, 0)
    assert not per_side.set_complete({"left": 3, "right": 2}, 0)
    assert per_side.set_complete({"left": 3, "right": 3}, 0)
    assert per_side.progress({"left": 3, "right": 2}, 0) == "2 of 3 reps each side"
    assert plan().progress({"both": 2}, 0) == "2 of 3 reps"


def test_hold_only_plan_counts_holds_that_lasted():
    holds_plan = plan(counts_reps=False, reps=0, hold_s=30.0)
    holds = [Hold(0, 12000, in_position_s=12.0, good_form_s=12.0),
             Hold(20000, 60000, in_position_s=40.0, good_form_s=31.0)]
    assert holds_plan.holds_target == 1
    assert holds_plan.good_holds(holds) == 1
    assert holds_plan.set_complete({}, 1)
    assert holds_plan.progress({}, 0) == "0 of 1 holds"


def test_set_starts_after_the_start_posture_is_held():
    s = Session(plan(), settle_s=1.0)
    for t in (0, 300, 600):
        s.observe(update(t), ready=False, good_holds=0)
    for t in (700, 1200, 1600):
        s.observe(update(t), ready=True, good_holds=0)
    assert s.stage is Stage.POSITION  # ready for 0.9 s only
    s.observe(update(1700), ready=True, good_holds=0)
    assert s.stage is Stage.SET


def test_a_rep_already_under_way_starts_the_set():
    s = Session(plan())
    s.observe(update(0, phase="far"), ready=False, good_holds=0)
    assert s.stage is Stage.SET


def test_target_ends_the_set_then_rest_then_next_set():
    s = Session(plan())
    s.observe(update(0, phase="rep"), ready=False, good_holds=0)
    s.observe(update(500, counts={"both": 3}), ready=True, good_holds=0)
    assert not s.in_set
    s.end_set(source_ended=False)
    assert s.stage is Stage.REST and s.rest_left_s == 10.0
    s.tick(100.0)
    s.tick(104.0)
    assert s.rest_left_s == pytest.approx(6.0)
    s.press(" ")
    s.tick(200.0)  # paused: the countdown stands still
    assert s.rest_left_s == pytest.approx(6.0)
    s.press(" ")
    s.tick(206.5)
    assert (s.stage, s.set_number) == (Stage.POSITION, 2) and s.in_set
    s.observe(update(0, counts={"both": 3}, phase="far"), ready=False, good_holds=0)
    s.end_set(source_ended=False)
    assert s.stage is Stage.DONE  # that was the last set


def test_keys_next_recalibrate_quit():
    s = Session(plan(sets=3))
    s.observe(update(0, phase="rep"), ready=False, good_holds=0)
    s.press("r")
    assert s.recalibrate_requested and s.stage is Stage.POSITION
    s.press("n")
    assert not s.in_set
    s.end_set(source_ended=False)
    assert s.stage is Stage.REST
    s.press("n")  # skip the rest
    assert (s.stage, s.set_number) == (Stage.POSITION, 2)
    s.press("q")
    assert not s.in_set
    s.end_set(source_ended=False)
    assert s.stage is Stage.DONE


def test_source_end_finishes_the_session():
    s = Session(plan(sets=3))
    s.end_set(source_ended=True)
    assert s.stage is Stage.DONE


def test_moving_during_the_rest_starts_the_next_set_at_once():
    s = Session(plan())
    s.observe(update(0, phase="rep"), ready=False, good_holds=0)
    s.observe(update(900, counts={"both": 3}), ready=True, good_holds=0)
    assert s.worth_keeping
    s.end_set(source_ended=False)
    assert (s.stage, s.set_number) == (Stage.REST, 2) and s.in_set  # the rest is analysed
    s.observe(update(1000), ready=True, good_holds=0)
    assert s.stage is Stage.REST and s.rest_left_s == 10.0
    s.observe(update(3000, phase="rep"), ready=False, good_holds=0)  # a rep under way
    assert s.stage is Stage.SET and s.started


def test_a_rest_nobody_used_is_not_worth_keeping():
    s = Session(plan(sets=3))
    s.observe(update(0, phase="rep"), ready=False, good_holds=0)
    s.end_set(source_ended=False)
    s.observe(update(1000), ready=True, good_holds=0)
    s.press("q")  # quit during the rest
    assert not s.in_set and not s.worth_keeping
    s.end_set(source_ended=False)
    assert s.stage is Stage.DONE


def test_the_rest_runs_out_into_getting_into_position():
    s = Session(plan(rest_s=2.0))
    s.observe(update(0, phase="rep"), ready=False, good_holds=0)
    s.end_set(source_ended=False)
    s.observe(update(5000), ready=False, good_holds=0)
    s.observe(update(7100), ready=False, good_holds=0)
    assert s.stage is Stage.POSITION and not s.started
    s.observe(update(7500), ready=True, good_holds=0)
    s.observe(update(8600), ready=True, good_holds=0)
    assert s.stage is Stage.SET
