"""Gauges with target zones, and the live heads-up display drawn on a frame.

Zones come from the tests' own rules (``tests/exercises/side_squat.toml`` and
``plank_hips.toml``), not the shipped exercises.
"""

from __future__ import annotations

import numpy as np
from exercise_factory import exercise

from formcheck.render.gauges import Zone, gauges_for
from formcheck.render.live_hud import HudState, draw_hud
from formcheck.render.overlay import FAULT, ZONE_COLORS, draw_gauge, mirrored

SQUAT = exercise("side_squat")


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
    assert len(gauges_for(SQUAT, None)) == 3


def test_a_metric_with_two_range_checks_shows_both_fault_zones():
    plank = exercise("plank_hips")
    hips = next(g for g in gauges_for(plank, "side") if g.metric == "hip_line")
    assert [(z.kind, z.low, z.high) for z in hips.zones] == [
        ("fault", hips.low, -0.25), ("fault", 0.35, hips.high)]  # sagging and piking


def test_gauge_marks_the_value_inside_its_zone():
    gauge = gauges_for(SQUAT, "side")[0]
    frame = np.zeros((500, 1000, 3), np.uint8)
    height = draw_gauge(frame, gauge, {"thigh_angle": 80.0}, (0, 0), 500)
    bar = frame[:height]
    x_target = int((75 - gauge.low) / (gauge.high - gauge.low) * 500)
    x_rest = int((20 - gauge.low) / (gauge.high - gauge.low) * 500)
    assert (bar[:, x_target] == ZONE_COLORS["target"]).all(axis=1).any()
    assert (bar[:, x_rest] == ZONE_COLORS["rest"]).all(axis=1).any()
    x_value = int((80 - gauge.low) / (gauge.high - gauge.low) * 500)
    assert (bar[:, x_value] == (255, 255, 255)).all(axis=1).sum() > 10  # the marker


def test_hud_draws_cue_band_and_banner():
    frame = np.full((720, 1280, 3), 90, np.uint8)
    draw_hud(frame, HudState(title="Squat", set_line="Set 1 of 3", progress="2 of 10 reps",
                             counts={"both": 2}, cue="Keep your chest up",
                             banner="Turn side-on to the camera",
                             gauges=tuple(gauges_for(SQUAT, "side")),
                             values={"thigh_angle": 40.0, "trunk_lean": 20.0}))
    rows_red = np.flatnonzero((frame == FAULT).all(axis=2).mean(axis=1) > 0.5)
    rows_banner = np.flatnonzero((frame == (0, 200, 255)).all(axis=2).mean(axis=1) > 0.5)
    # full-width bands in the lower part of the picture: the cue above the banner
    assert rows_red.size > 40 and rows_banner.size > 20
    assert rows_red.min() > 720 * 0.6 and rows_red.max() < rows_banner.min()
    assert rows_banner.max() < 720 - 20  # the help line stays below
    plain = np.full((720, 1280, 3), 90, np.uint8)
    draw_hud(plain, HudState(title="Squat", set_line="Set 1 of 3", progress="0 of 10 reps"))
    assert not (plain == FAULT).all(axis=2).any()


def test_mirrored_is_contiguous_and_flipped():
    frame = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
    out = mirrored(frame)
    assert out.flags.c_contiguous
    assert (out[:, 0] == frame[:, 2]).all()
