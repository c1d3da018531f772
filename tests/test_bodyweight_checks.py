"""The bodyweight exercises' checks on synthesized motion: each fires on its fault, none
fires on clean sets, sets are counted right, and unsupported views are not measurable.

Exercises: pull-up, sit-up, crunch, jumping jack, shoulder shrug, side plank, cat-cow.
Every case runs over two or three bodies (seeds) and camera placements inside the views
the check is made from.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import Analysis, RepStatus
from formcheck.pose.block import PoseBlock
from formcheck.pose.frame import PoseFrame
from formcheck.session.pipeline import analyze
from formcheck.session.sources import observe_poses
from formcheck.spec import find_exercise, load_exercise
from formcheck.synth import Camera, FaultSpec, synthesize

SIDE = (Camera(azimuth_deg=90, height_m=0.7), Camera(azimuth_deg=-80, height_m=1.1))
OBLIQUE = (Camera(azimuth_deg=45, height_m=0.9), Camera(azimuth_deg=-50, height_m=0.6))
FRONT = (Camera(azimuth_deg=0, height_m=1.0), Camera(azimuth_deg=175, height_m=1.3))

# exercise file -> (options of a short set, cameras of its views)
EXERCISES: dict[str, tuple[dict[str, Any], tuple[Camera, ...]]] = {
    "pull_up": ({"reps": 3}, FRONT + SIDE[:1] + OBLIQUE[:1]),
    "sit_up": ({"reps": 3}, SIDE + OBLIQUE[:1]),
    "crunch": ({"reps": 3}, SIDE + OBLIQUE[:1]),
    "jumping_jack": ({"reps": 4}, FRONT + OBLIQUE[:1]),
    "shoulder_shrug": ({"reps": 3}, FRONT[:1] + SIDE),
    "side_plank": ({"reps": 1, "hold_s": 6.0}, FRONT),
    "cat_cow": ({"reps": 2}, SIDE + OBLIQUE[:1]),
}

# (exercise file, fault kind, magnitude, rep index, check id, cameras)
FAULTS = [
    ("pull_up", "kip", 50.0, 1, "no_kip", FRONT + SIDE[:1]),
    ("pull_up", "short_pull", 12.0, 1, "chin_over_bar", FRONT[:1] + SIDE),
    ("pull_up", "bent_hang", 60.0, 0, "full_hang", FRONT + SIDE[:1]),
    ("sit_up", "neck_pull", 45.0, 1, "neck_pull", SIDE + OBLIQUE[:1]),
    ("sit_up", "short_top", 60.0, 1, "reach_knees", SIDE),
    ("sit_up", "too_fast", 2.8, 1, "controlled", SIDE + OBLIQUE[:1]),
    ("crunch", "neck_pull", 45.0, 1, "neck_pull", SIDE + OBLIQUE[:1]),
    ("crunch", "sits_up", 58.0, 1, "low_back_down", SIDE + OBLIQUE[:1]),
    ("crunch", "too_fast", 2.8, 1, "controlled", SIDE + OBLIQUE[:1]),
    ("jumping_jack", "arms_low", 104.0, 1, "arms_overhead", FRONT + OBLIQUE[:1]),
    ("jumping_jack", "feet_narrow", 12.0, 1, "feet_apart", FRONT + OBLIQUE[:1]),
    ("shoulder_shrug", "elbows_bend", 50.0, 1, "arms_straight", FRONT[:1] + SIDE),
    ("shoulder_shrug", "roll", 6.0, 1, "no_roll", SIDE),
    ("shoulder_shrug", "head_poke", 25.0, 1, "head_still", SIDE),
    ("side_plank", "hip_sag", 20.0, 0, "hips_up", FRONT),
    ("side_plank", "hip_pike", 30.0, 0, "hips_pike", FRONT),
    ("cat_cow", "too_fast", 3.0, 1, "slow", SIDE + OBLIQUE[:1]),
    ("cat_cow", "shallow_cat", 28.0, 1, "full_cat", SIDE + OBLIQUE[:1]),
    ("cat_cow", "rock_back", 20.0, 1, "hips_over_knees", SIDE + OBLIQUE[:1]),
]


def _run(exercise: str, seed: int, camera: Camera, faults: list[FaultSpec],
         script: str | None = None) -> tuple[Analysis, dict[str, Any]]:
    options, _ = EXERCISES[script or exercise]
    result = synthesize(script or exercise, seed=seed, camera=camera, faults=faults, **options)
    analysis = analyze(observe_poses(result.block), Engine(load_exercise(find_exercise(exercise))))
    return analysis, result.truth


@pytest.mark.parametrize(("exercise", "kind", "magnitude", "rep", "check", "cameras"), FAULTS,
                         ids=[f"{f[0]}-{f[1]}" for f in FAULTS])
def test_each_fault_is_flagged_by_its_check_and_the_rep_still_counts(
    exercise: str, kind: str, magnitude: float, rep: int, check: str,
    cameras: tuple[Camera, ...],
) -> None:
    for seed, camera in enumerate(cameras, start=1):
        analysis, truth = _run(exercise, seed, camera, [FaultSpec(kind, magnitude, reps=(rep,))])
        where = f"seed {seed}, azimuth {camera.azimuth_deg}"
        [event] = truth["faults"]
        flags = [f for f in analysis.flags if f.constraint_id == check]
        assert any(f.start_ms <= event["end_ms"] and event["start_ms"] <= f.end_ms
                   for f in flags), f"{where}: {kind} not flagged by {check}"
        others = {f.constraint_id for f in analysis.flags if f.severity != "info"} - {check}
        assert not others, f"{where}: {kind} also set off {others}"
        if analysis.spec.rep is not None:
            counted = sum(a.status is RepStatus.COUNTED for a in analysis.attempts)
            assert counted == len(truth["reps"]), where
        else:
            assert len(analysis.holds) == len(truth["holds"]), where


@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_clean_sets_count_right_and_raise_no_flag(exercise: str) -> None:
    for seed, camera in enumerate(EXERCISES[exercise][1], start=1):
        analysis, truth = _run(exercise, seed, camera, [])
        where = f"seed {seed}, azimuth {camera.azimuth_deg}"
        assert analysis.not_measurable is None, where
        assert analysis.flags == [], (where, [f.constraint_id for f in analysis.flags])
        if analysis.spec.rep is not None:
            counted = sum(a.status is RepStatus.COUNTED for a in analysis.attempts)
            assert counted == len(truth["reps"]), where
        else:
            assert len(analysis.holds) == len(truth["holds"]), where


def test_the_side_plank_timer_stops_while_the_hips_sag() -> None:
    clean, _ = _run("side_plank", 1, FRONT[0], [])
    sagging, truth = _run("side_plank", 1, FRONT[0], [FaultSpec("hip_sag", 20.0, reps=(0,))])
    [event] = truth["faults"]
    sag_s = (event["full_end_ms"] - event["full_start_ms"]) / 1000.0
    [hold] = sagging.holds
    assert hold.good_form_s < clean.holds[0].good_form_s - 0.8 * sag_s


@pytest.mark.parametrize(("exercise", "camera"), [
    ("sit_up", Camera(azimuth_deg=5, height_m=0.9)),
    ("crunch", Camera(azimuth_deg=180, height_m=0.9)),
    ("cat_cow", Camera(azimuth_deg=5, height_m=0.9)),
    ("jumping_jack", Camera(azimuth_deg=90, height_m=1.0)),
    ("shoulder_shrug", Camera(azimuth_deg=45, height_m=1.0)),
])
def test_a_set_from_an_unsupported_view_is_not_measurable(exercise: str, camera: Camera) -> None:
    analysis, _ = _run(exercise, 5, camera, [])
    assert analysis.not_measurable is not None and "needs a" in analysis.not_measurable
    assert analysis.flags == []


def test_a_crunch_is_not_counted_as_sit_ups_and_a_sit_up_is_no_crunch() -> None:
    """One file each: a crunch never reaches the sit-up's far threshold, and a sit-up read as
    a crunch has left the floor with the low back on every rep."""
    crunches, _ = _run("sit_up", 2, SIDE[0], [], script="crunch")
    assert not [a for a in crunches.attempts if a.status is RepStatus.COUNTED]
    sit_ups, truth = _run("crunch", 2, SIDE[0], [], script="sit_up")
    flagged = {f.attempt for f in sit_ups.flags if f.constraint_id == "low_back_down"}
    assert len(flagged) == len(truth["reps"])


def _nobody(frame: PoseFrame) -> PoseFrame:
    """`frame` with no person found in it."""
    return dataclasses.replace(
        frame,
        image_xy=np.full_like(frame.image_xy, np.nan),
        image_z=np.full_like(frame.image_z, np.nan),
        world_xyz=np.full_like(frame.world_xyz, np.nan),
        visibility=np.zeros_like(frame.visibility),
        presence=np.zeros_like(frame.presence),
    )


@pytest.mark.parametrize(("exercise", "camera"),
                         [("crunch", SIDE[0]), ("shoulder_shrug", FRONT[0])])
@pytest.mark.parametrize("seed", [3, 4])
def test_a_set_whose_first_frame_shows_nobody_still_counts_right(
    exercise: str, camera: Camera, seed: int
) -> None:
    """Both count from a change against the person's start (a baseline driver), which stays
    unknown for `baseline_s`; with a first frame showing nobody that wait was read as
    nobody in view for over a second, and the start was measured again mid-rep. A half
    second at rest keeps the wait short of that."""
    result = synthesize(exercise, seed=seed, camera=camera, reps=4)
    poses = PoseBlock.from_frames([_nobody(result.frames[0]), *result.frames[1:]])
    analysis = analyze(observe_poses(poses), Engine(load_exercise(find_exercise(exercise))))
    assert sum(a.status is RepStatus.COUNTED for a in analysis.attempts) == 4
