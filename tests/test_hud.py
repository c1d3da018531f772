"""The HUD: gauges with target zones, the state made from frame updates, and the drawing.

Zones come from the tests' own rules (``tests/exercises/side_squat.toml`` and
``plank_hips.toml``); the feed's tests use the shipped bird dog, whose leg-height
angle is read at the reaching leg's hip (ankle, hip, opposite knee).
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
from exercise_factory import exercise

from formcheck.analysis.results import Attempt, Flag, FrameUpdate, RepStatus
from formcheck.pose.landmarks import Landmark
from formcheck.render.gauges import Zone, gauges_for
from formcheck.render.hud import HoldClock, HudState, RepMark, draw_hud, hold_text
from formcheck.render.hud_feed import END_FAULT_S, REP_MARK_S, HudFeed
from formcheck.render.overlay import FAULT, PARTIAL, ZONE_COLORS, draw_gauge, mirrored
from formcheck.session.exercise import ResolvedExercise

SQUAT = exercise("side_squat")
BIRD_DOG = ResolvedExercise.resolve("bird_dog").spec


def test_squat_gauges_follow_the_view():
    side = gauges_for(SQUAT, "side")
    assert [g.metric for g in side] == ["thigh_angle", "trunk_lean"]
    thigh = side[0]
    # thigh angle rises during a squat: rest below 30, far above 45, depth target above 70
    assert thigh.zones == (Zone(thigh.low, 30, "rest"), Zone(45, thigh.high, "far"),
                           Zone(70, thigh.high, "target"))
    assert thigh.low < 30 and thigh.high > 70
    assert side[1].zones == (Zone(45, side[1].high, "fault"),)
    assert [g.metric for g in gauges_for(SQUAT, "front")] == ["thigh_angle", "knee_width"]


def test_the_metric_of_the_fault_going_on_is_shown_second():
    assert [g.metric for g in gauges_for(SQUAT, None)] == ["thigh_angle", "knee_width"]
    assert [g.metric for g in gauges_for(SQUAT, None, focus="trunk_lean")] == [
        "thigh_angle", "trunk_lean"]


def test_a_metric_with_two_range_checks_shows_both_fault_zones():
    plank = exercise("plank_hips")
    hips = next(g for g in gauges_for(plank, "side") if g.metric == "hip_line")
    assert [(z.kind, z.low, z.high) for z in hips.zones] == [
        ("fault", hips.low, -0.25), ("fault", 0.35, hips.high)]  # sagging and piking


def test_gauge_marks_the_value_inside_its_zone():
    gauge = gauges_for(SQUAT, "side")[0]
    frame = np.zeros((500, 1000, 3), np.uint8)
    height = draw_gauge(frame, gauge, (80.0,), (0, 0), 500)
    bar = frame[:height]
    x_target = int((75 - gauge.low) / (gauge.high - gauge.low) * 500)
    x_rest = int((20 - gauge.low) / (gauge.high - gauge.low) * 500)
    assert (bar[:, x_target] == ZONE_COLORS["target"]).all(axis=1).any()
    assert (bar[:, x_rest] == ZONE_COLORS["rest"]).all(axis=1).any()
    x_value = int((80 - gauge.low) / (gauge.high - gauge.low) * 500)
    assert (bar[:, x_value] == (255, 255, 255)).all(axis=1).sum() > 10  # the marker


def _rows_of(frame: np.ndarray, color: tuple[int, int, int]) -> np.ndarray:
    """Rows more than half covered by `color`."""
    return np.flatnonzero((frame == color).all(axis=2).mean(axis=1) > 0.5)


def test_hud_draws_cue_band_above_the_banner():
    frame = np.full((720, 1280, 3), 90, np.uint8)
    draw_hud(frame, HudState(title="Squat", progress="Set 1 of 3 · 2 of 10 reps",
                             cue="Keep your chest up", banner="Turn side-on to the camera",
                             help_line="q quit"))
    rows_red, rows_banner = _rows_of(frame, FAULT), _rows_of(frame, (0, 200, 255))
    # full-width bands in the lower part of the picture: the cue above the banner
    assert rows_red.size > 40 and rows_banner.size > 20
    assert rows_red.min() > 720 * 0.6 and rows_red.max() < rows_banner.min()
    assert rows_banner.max() < 720 - 20  # the help line stays below
    plain = np.full((720, 1280, 3), 90, np.uint8)
    draw_hud(plain, HudState(title="Squat", progress="0 of 10 reps"))
    assert not (plain == FAULT).all(axis=2).any()


def _ink_height(frame: np.ndarray, rows: slice) -> int:
    """Height in pixels of the white ink in `rows` of a black frame."""
    ink = np.flatnonzero((frame[rows] > 200).all(axis=2).any(axis=1))
    return int(ink.max() - ink.min() + 1)


def test_text_on_a_small_frame_stays_readable():
    """A 560 px frame gets capitals at least 11 px high (OpenCV's old HUD gave 8 px text);
    a 1080 p frame gets proportionally larger ones."""
    heights = []
    for h, w in ((560, 560), (1080, 1920)):
        frame = np.zeros((h, w, 3), np.uint8)
        draw_hud(frame, HudState(progress="HELLO"))
        heights.append(_ink_height(frame, slice(0, h // 4)))
    assert heights[0] >= 11
    assert heights[1] >= 1.8 * heights[0]


def test_debugging_figures_show_only_when_asked():
    hidden, shown = np.zeros((720, 1280, 3), np.uint8), np.zeros((720, 1280, 3), np.uint8)
    state = HudState(debug=("10 fps analysed 34%",))
    draw_hud(hidden, state)
    draw_hud(shown, HudState(debug=state.debug, show_debug=True))
    assert not hidden[:, 640:].any()
    assert shown[:60, 900:].any()


def test_hold_text_counts_down_and_says_when_it_is_paused():
    assert hold_text(HoldClock(7.2, 20.0, running=True)) == "Hold 13 s left"
    assert hold_text(HoldClock(7.2, 20.0, running=False)) == "Hold paused: 13 s left"
    assert hold_text(HoldClock(20.5, 20.0, running=True)) == "Hold done"
    assert hold_text(HoldClock(4.4, 0.0, running=True)) == "Hold 4 s"


# -- the feed -------------------------------------------------------------------------------


def _update(t_ms: float, *, flags: list[Flag] = (), ended: list[Attempt] = (),
            cue: str | None = None, counts: dict[str, int] | None = None,
            phase: str = "rest") -> FrameUpdate:
    return FrameUpdate(frame_index=int(t_ms / 40), timestamp_ms=t_ms,
                       values={"leg_height.left": 95.0, "leg_height.right": math.nan},
                       counts=counts or {"left": 0, "right": 0}, new_flags=list(flags),
                       ended=list(ended), active_cue=cue, hold_s=0.0, guidance=None,
                       view="side", phase=phase)


def _flag(metric: str | None, side: str, start_ms: float, end_ms: float, cue: str) -> Flag:
    return Flag(constraint_id="x", severity="warn", description="", cue=cue, start_ms=start_ms,
                end_ms=end_ms, side=side, attempt=1, hold=None, metric=metric, worst=None,
                limit=None, confidence=1.0)


def test_a_fault_judged_at_a_reps_end_stays_on_screen_for_a_while():
    feed = HudFeed(BIRD_DOG)
    flag = _flag("leg_height", "right", 1000.0, 2000.0, "Leg lower")
    raised = feed.state(_update(2000.0, flags=[flag]))
    assert raised.cue == "Leg lower"
    lh = (int(Landmark.RIGHT_ANKLE),), (int(Landmark.RIGHT_HIP),)
    hk = (int(Landmark.RIGHT_HIP),), (int(Landmark.LEFT_KNEE),)
    assert raised.fault_segments == (lh, hk)
    assert raised.readings[1].label == "leg height"  # the fault's metric, with its label
    assert raised.readings[1].text == "left 95°  right not seen"
    assert feed.state(_update(2000.0 + END_FAULT_S * 1000 - 50)).cue == "Leg lower"
    gone = feed.state(_update(2000.0 + END_FAULT_S * 1000 + 50))
    assert gone.cue is None and gone.fault_segments == ()


def test_a_fault_going_on_is_shown_until_it_ends():
    feed = HudFeed(BIRD_DOG)
    flag = _flag("back_line", "left", 1000.0, math.nan, "Back flat")
    assert feed.state(_update(1300.0, flags=[flag], cue="Back flat")).fault_segments
    assert feed.state(_update(5000.0, cue="Back flat")).cue == "Back flat"
    flag.end_ms = 5100.0  # the engine closes the flag it raised
    ended = feed.state(_update(5120.0))
    assert ended.cue is None and ended.fault_segments == ()


def test_a_fault_raised_while_the_hud_is_not_drawn_shows_once_it_is():
    """Live: a fault raised under the set-up panel still has its red segments afterwards."""
    feed = HudFeed(BIRD_DOG)
    flag = _flag("back_line", "left", 1000.0, math.nan, "Back flat")
    feed.observe(_update(1000.0, flags=[flag], cue="Back flat"))  # set-up panel on screen
    later = _update(1300.0, cue="Back flat")
    feed.observe(later)
    shown = feed.state(later)
    assert shown.cue == "Back flat" and shown.fault_segments


def test_a_gauge_measured_from_the_start_says_it_waits_for_the_start_position():
    """A bird dog opening mid-reach: the back line is seen but has no start to be measured
    from yet; the gauge says so instead of "not seen"."""
    update = FrameUpdate(frame_index=0, timestamp_ms=0.0,
                         values={"back_line": math.nan, "leg_line.left": -3.0,
                                 "leg_line.right": -38.0},
                         counts={"left": 0, "right": 0}, new_flags=[], ended=[],
                         active_cue=None, hold_s=0.0, guidance=None, view="side",
                         phase="far", awaiting_start=("back_line",))
    readings = {r.label: r.text for r in HudFeed(BIRD_DOG).state(update).readings}
    assert readings["back line"] == "waits for your start position"
    unseen = replace(update, awaiting_start=())
    assert {r.label: r.text for r in HudFeed(BIRD_DOG).state(unseen).readings}[
        "back line"] == "not seen"


def test_rep_marks_say_counted_or_partial_for_a_moment():
    feed = HudFeed(BIRD_DOG)
    counted = Attempt(id=1, side="left", start_ms=0.0, end_ms=900.0, status=RepStatus.COUNTED)
    mark = feed.state(_update(1000.0, ended=[counted], counts={"left": 1, "right": 0})).rep_mark
    assert mark is not None and mark.counted and mark.text == "Left rep 1 counted"
    assert feed.state(_update(1000.0 + REP_MARK_S * 1000 + 50)).rep_mark is None
    partial = Attempt(id=2, side="right", start_ms=0.0, end_ms=2900.0, status=RepStatus.PARTIAL)
    mark = feed.state(_update(3000.0, ended=[partial])).rep_mark
    assert mark is not None and not mark.counted and mark.text == "Partial rep: go further"


def test_the_far_position_hold_counts_only_while_form_is_right():
    """Bird dog asks each rep to be held at the far position; a fault stops the clock."""
    feed = HudFeed(BIRD_DOG)
    assert feed.state(_update(0.0, phase="far")).hold == HoldClock(0.0, 5.0, True)
    feed.state(_update(500.0, phase="far"))
    paused = feed.state(_update(1000.0, phase="far", cue="Back flat")).hold
    running = feed.state(_update(1500.0, phase="far")).hold
    assert paused is not None and not paused.running and paused.done_s == 0.5
    assert running is not None and running.running and running.done_s == 1.0
    assert feed.state(_update(2000.0, phase="rest")).hold is None


def test_mirrored_is_contiguous_and_flipped():
    frame = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
    out = mirrored(frame)
    assert out.flags.c_contiguous
    assert (out[:, 0] == frame[:, 2]).all()


def test_on_the_floor_the_bands_go_on_top_above_the_panel():
    frame = np.zeros((720, 1280, 3), np.uint8)
    draw_hud(frame, HudState(title="Prone press-up", progress="Reps 3", cue="Hips down",
                             banner="Turn side-on", bands_on_top=True))
    rows_red, rows_banner = _rows_of(frame, FAULT), _rows_of(frame, (0, 200, 255))
    assert rows_red.min() == 0 and rows_red.max() < rows_banner.min() < 200
    panel = np.flatnonzero(frame[:, 5].any(axis=1) & ~(frame[:, 5] == FAULT).all(axis=1)
                           & ~(frame[:, 5] == (0, 200, 255)).all(axis=1))
    assert panel.min() > rows_banner.max()  # the panel starts below the bands
    assert HudFeed(ResolvedExercise.resolve("prone_press_up").spec).state(
        _update(0.0)).bands_on_top
    assert not HudFeed(SQUAT).state(_update(0.0)).bands_on_top


def test_on_a_narrow_frame_the_rep_mark_goes_under_the_panel():
    """A 464 px portrait frame has no room beside the panel: the mark must not cover it."""
    frame = np.zeros((848, 464, 3), np.uint8)
    draw_hud(frame, HudState(title="Biceps curl", progress="Set 2 of 3 · 7 of 10 each side",
                             rep_mark=RepMark("Partial rep: go further", counted=False)))
    amber = np.flatnonzero((frame == PARTIAL).all(axis=2).any(axis=1))
    shaded = np.flatnonzero((frame[:, 2] > 0).any(axis=1))  # the panel's left edge
    assert amber.size and amber.min() > shaded.max()

