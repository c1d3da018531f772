"""Synthesized everyday exercises (lunge, split squat, glute bridge, sit-to-stand, hip hinge,
calf raise, front raise): ranges of motion, feet on the floor, rep ground truth, fault sizes.

Angles are measured on the exact (noise-free) lab positions with the product's own
geometry, the lab frame (x forward, y left, z up) turned into its y-down convention.
"""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.analysis import geometry
from formcheck.pose.landmarks import Landmark as L
from formcheck.synth import FaultSpec, NoiseConfig, synthesize
from formcheck.synth.kinematics import surface_offsets


def _exact(exercise: str, **kwargs):
    return synthesize(exercise, seed=kwargs.pop("seed", 5), noise=NoiseConfig.none(), **kwargs)


def _down(p: np.ndarray) -> np.ndarray:
    """Lab positions (..., 3) with z up as (x, -z, y): y pointing down."""
    return np.stack([p[..., 0], -p[..., 2], p[..., 1]], axis=-1)


def _mid(p: np.ndarray, a: L, b: L) -> np.ndarray:
    return (p[..., a, :] + p[..., b, :]) / 2


def _at(result, ms: float) -> int:
    return int(np.argmin(np.abs(result.t_ms - ms)))


def _peaks(result, positions=None) -> np.ndarray:
    """Positions (y down) at the start of each rep's hold at the target pose."""
    p = result.positions if positions is None else positions
    return _down(p[[_at(result, r.peak_start_ms) for r in result.reps]])


def _incl(p: np.ndarray, a: L, b: L) -> np.ndarray:
    return geometry.inclination(p[..., a, :], p[..., b, :], "vertical")


def _trunk(p: np.ndarray) -> np.ndarray:
    """Trunk (mid-hip to mid-shoulder) angle from vertical, degrees."""
    return geometry.inclination(_mid(p, L.LEFT_HIP, L.RIGHT_HIP),
                                _mid(p, L.LEFT_SHOULDER, L.RIGHT_SHOULDER), "vertical")


def _angle(p: np.ndarray, a: L, b: L, c: L) -> np.ndarray:
    return geometry.joint_angle(p[..., a, :], p[..., b, :], p[..., c, :])


def _leg(side: str) -> tuple[L, L, L]:
    return tuple(L[f"{side.upper()}_{n}"] for n in ("HIP", "KNEE", "ANKLE"))


def _feet_on_floor(result) -> None:
    """At every rep's target pose some foot point touches the floor and none is below it."""
    feet = [L.LEFT_HEEL, L.RIGHT_HEEL, L.LEFT_FOOT_INDEX, L.RIGHT_FOOT_INDEX]
    z = result.positions[[_at(result, r.peak_start_ms) for r in result.reps]][:, feet, 2]
    assert z.min(axis=1) == pytest.approx(0.0, abs=0.002)


def test_lunge_alternates_the_leading_leg_to_a_level_front_thigh() -> None:
    result = _exact("lunge", reps=2)
    assert [r.side for r in result.reps] == ["left", "right", "left", "right"]
    assert result.truth["reps_per_side"] == {"left": 2, "right": 2}
    for rep, p in zip(result.reps, _peaks(result), strict=True):
        hip, knee, ankle = _leg(rep.side)
        rear_hip, rear_knee, _ = _leg(rep.side.other)
        assert _incl(p, hip, knee) == pytest.approx(85.0, abs=6.0)
        assert _angle(p, hip, knee, ankle) == pytest.approx(80.0, abs=6.0)
        assert _incl(p, rear_hip, rear_knee) < 20.0
        # Both feet on the floor: the front sole and the ball of the rear foot.
        heel = L[f"{rep.side.upper()}_HEEL"]
        rear_toe = L[f"{rep.side.other.upper()}_FOOT_INDEX"]
        assert p[heel, 1] == pytest.approx(p[rear_toe, 1], abs=0.003)
    _feet_on_floor(result)
    start = _down(result.positions[0])
    assert _incl(start, L.LEFT_HIP, L.LEFT_KNEE) < 2.0


def test_lunge_faults_change_depth_shin_and_trunk_by_their_magnitudes() -> None:
    faults = [FaultSpec("shallow_depth", 34.0, reps=(0,)),
              FaultSpec("knee_forward", 25.0, reps=(1,)), FaultSpec("trunk_lean", 30.0, reps=(2,))]
    result = _exact("lunge", reps=2, faults=faults)
    p = _peaks(result)
    clean = _peaks(result, result.clean_positions)
    shallow, forward = result.reps[0], result.reps[1]
    hip, knee, ankle = _leg(shallow.side)
    assert _angle(p[0], hip, knee, ankle) == pytest.approx(180.0 - (100.0 - 34.0), abs=1.0)
    hip, knee, ankle = _leg(forward.side)
    assert _incl(p[1], ankle, knee) == pytest.approx(0.15 * 100.0 + 25.0, abs=5.5)
    assert _incl(p[1], hip, knee) == pytest.approx(85.0, abs=5.0)
    assert _trunk(p[2]) - _trunk(clean[2]) == pytest.approx(30.0, abs=1.0)


def test_split_squat_keeps_one_leg_forward_for_all_its_reps() -> None:
    result = _exact("split_squat", reps=3)
    assert [r.side for r in result.reps] == ["left"] * 3 + ["right"] * 3
    for rep in result.reps:
        hip, knee, _ = _leg(rep.side)
        before = _down(result.positions[_at(result, rep.start_ms)])
        assert 20.0 < _incl(before, hip, knee) < 35.0  # the split stance, not standing
    for frame in (0, -1):
        p = _down(result.positions[frame])
        assert _incl(p, L.LEFT_HIP, L.LEFT_KNEE) < 2.0
    _feet_on_floor(result)


def test_glute_bridge_lifts_the_hips_into_line_with_shoulders_and_feet_down() -> None:
    result = _exact("glute_bridge", reps=3, hold_s=2.0)
    lying = _down(result.positions[0])
    shoulder = _mid(lying, L.LEFT_SHOULDER, L.RIGHT_SHOULDER)
    hip = _mid(lying, L.LEFT_HIP, L.RIGHT_HIP)
    knee = _mid(lying, L.LEFT_KNEE, L.RIGHT_KNEE)
    assert geometry.signed_bend(shoulder, hip, knee, lying[L.NOSE]) == pytest.approx(50.0, abs=5)
    skin = surface_offsets(result.body)
    for frame in (_at(result, r.peak_start_ms) for r in result.reps):
        p = result.positions[frame]
        top = _down(p)
        bend = geometry.signed_bend(_mid(top, L.LEFT_SHOULDER, L.RIGHT_SHOULDER),
                                    _mid(top, L.LEFT_HIP, L.RIGHT_HIP),
                                    _mid(top, L.LEFT_KNEE, L.RIGHT_KNEE), top[L.NOSE])
        assert bend == pytest.approx(0.0, abs=1.0)
        assert p[L.LEFT_HIP, 2] - result.positions[0, L.LEFT_HIP, 2] > 0.15  # hips up
        for point in (L.LEFT_SHOULDER, L.LEFT_HEEL):
            assert p[point, 2] - skin[point] < 0.04  # still on the floor
        assert p[L.LEFT_HEEL, :2] == pytest.approx(result.positions[0, L.LEFT_HEEL, :2], abs=0.01)
    assert [h["duration_s"] for h in result.truth["holds"]] == pytest.approx([2.0] * 3, abs=0.35)


def test_glute_bridge_faults() -> None:
    faults = [FaultSpec("partial_bridge", 20.0, reps=(0,)), FaultSpec("knees_in", 8.0, reps=(1,)),
              FaultSpec("pelvis_drop", 12.0, reps=(2,)), FaultSpec("no_hold", 0.0, reps=(3,))]
    result = _exact("glute_bridge", reps=4, hold_s=2.0, faults=faults)
    p, clean = _peaks(result), _peaks(result, result.clean_positions)
    bend = geometry.signed_bend(_mid(p[0], L.LEFT_SHOULDER, L.RIGHT_SHOULDER),
                                _mid(p[0], L.LEFT_HIP, L.RIGHT_HIP),
                                _mid(p[0], L.LEFT_KNEE, L.RIGHT_KNEE), p[0][L.NOSE])
    assert bend == pytest.approx(20.0, abs=1.0)

    def gap(q, a, b):
        return np.linalg.norm(q[a] - q[b])

    assert gap(clean[1], L.LEFT_KNEE, L.RIGHT_KNEE) - gap(p[1], L.LEFT_KNEE, L.RIGHT_KNEE) \
        == pytest.approx(0.16, abs=0.01)
    assert gap(p[1], L.LEFT_ANKLE, L.RIGHT_ANKLE) == pytest.approx(
        gap(clean[1], L.LEFT_ANKLE, L.RIGHT_ANKLE), abs=0.005)
    tilt = geometry.signed_elevation(p[2][L.LEFT_HIP], p[2][L.RIGHT_HIP])
    assert abs(tilt) == pytest.approx(12.0, abs=2.0)
    assert result.reps[3].hold_ms == 0.0


def test_sit_to_stand_rises_from_the_chair_through_a_forward_lean() -> None:
    result = _exact("sit_to_stand", reps=2)
    seated = _down(result.positions[0])
    assert _incl(seated, L.LEFT_HIP, L.LEFT_KNEE) == pytest.approx(90.0, abs=1.0)
    for rep in result.reps:
        top = _down(result.positions[_at(result, rep.peak_start_ms)])
        assert _incl(top, L.LEFT_HIP, L.LEFT_KNEE) < 2.0
        assert _angle(top, L.LEFT_SHOULDER, L.LEFT_HIP, L.LEFT_KNEE) > 170.0
        halfway = _down(result.positions[_at(result, (rep.start_ms + rep.peak_start_ms) / 2)])
        assert _incl(halfway, L.LEFT_HIP, L.LEFT_KNEE) == pytest.approx(45.0, abs=1.0)
        assert _trunk(halfway) == pytest.approx(35.0, abs=1.0)
    feet = [L.LEFT_HEEL, L.RIGHT_FOOT_INDEX]
    assert np.ptp(result.positions[:, feet], axis=0).max() < 0.01  # feet planted


def test_sit_to_stand_faults() -> None:
    faults = [FaultSpec("partial_stand", 32.0, reps=(0,)), FaultSpec("knee_valgus", 8.0, reps=(1,))]
    result = _exact("sit_to_stand", reps=2, faults=faults)
    top = _down(result.positions[_at(result, result.reps[0].peak_start_ms)])
    # 180 - 32 degrees, less a little for the shoulders being wider than the hips
    assert _angle(top, L.LEFT_SHOULDER, L.LEFT_HIP, L.LEFT_KNEE) == pytest.approx(147.0, abs=1.5)
    rep = result.reps[1]
    halfway = result.positions[_at(result, (rep.start_ms + rep.peak_start_ms) / 2)]
    knees = halfway[L.LEFT_KNEE, 1] - halfway[L.RIGHT_KNEE, 1]
    ankles = halfway[L.LEFT_ANKLE, 1] - halfway[L.RIGHT_ANKLE, 1]
    start = result.positions[0]
    assert start[L.LEFT_KNEE, 1] - start[L.RIGHT_KNEE, 1] - knees == pytest.approx(0.16, abs=0.01)
    assert ankles == pytest.approx(start[L.LEFT_ANKLE, 1] - start[L.RIGHT_ANKLE, 1], abs=0.005)
    assert [f["kind"] for f in result.truth["faults"]] == ["partial_stand", "knee_valgus"]


def test_hip_hinge_tips_the_trunk_with_soft_knees_and_upright_shins() -> None:
    result = _exact("hip_hinge", reps=2)
    for p in _peaks(result):
        assert _trunk(p) == pytest.approx(70.0, abs=4.0)
        assert _angle(p, L.LEFT_HIP, L.LEFT_KNEE, L.LEFT_ANKLE) == pytest.approx(158.0, abs=2.0)
        assert _incl(p, L.LEFT_ANKLE, L.LEFT_KNEE) < 0.5
        assert p[L.LEFT_HIP, 0] < p[L.LEFT_HEEL, 0]  # hips back behind the heels


def test_hip_hinge_faults() -> None:
    faults = [FaultSpec("knees_locked", 22.0, reps=(0,)), FaultSpec("squatting", 40.0, reps=(1,)),
              FaultSpec("head_drop", 30.0, reps=(2,))]
    result = _exact("hip_hinge", reps=3, faults=faults)
    p, clean = _peaks(result), _peaks(result, result.clean_positions)

    def knee(q):
        return _angle(q, L.LEFT_HIP, L.LEFT_KNEE, L.LEFT_ANKLE)

    def head(q):
        return geometry.signed_bend(_mid(q, L.LEFT_HIP, L.RIGHT_HIP),
                                    _mid(q, L.LEFT_SHOULDER, L.RIGHT_SHOULDER),
                                    _mid(q, L.LEFT_EAR, L.RIGHT_EAR), q[L.NOSE])

    assert knee(p[0]) > 175.0
    assert knee(clean[1]) - knee(p[1]) == pytest.approx(40.0, abs=1.0)
    assert head(p[2]) - head(clean[2]) == pytest.approx(30.0, abs=5.0)


def test_calf_raise_lifts_the_heels_and_bounced_reps_are_quick() -> None:
    faults = [FaultSpec("partial_height", 15.0, reps=(1,)), FaultSpec("bouncing", 3.0, reps=(2,))]
    result = _exact("calf_raise", reps=4, hold_s=0.5, faults=faults)
    body = result.body
    foot = body.heel_back + body.toe_forward
    heel = result.positions[:, [L.LEFT_HEEL, L.RIGHT_HEEL], 2].mean(axis=1)
    rise = [heel[_at(result, r.peak_start_ms)] - heel[0] for r in result.reps]
    assert rise[0] == pytest.approx(foot * np.sin(np.radians(25.0)), rel=0.08)
    assert rise[1] == pytest.approx(foot * np.sin(np.radians(10.0)), rel=0.03)
    durations = [(r.end_ms - r.start_ms) / 1000.0 for r in result.reps]
    assert durations[2] < 0.3 * durations[0]
    assert result.reps[2].hold_ms == 0.0 and result.reps[0].hold_ms > 0.0
    toes = result.positions[:, [L.LEFT_FOOT_INDEX, L.RIGHT_FOOT_INDEX], 2]
    assert np.ptp(toes) < 0.01  # the toes stay on the floor


def test_front_raise_lifts_straight_arms_to_shoulder_height() -> None:
    faults = [FaultSpec("partial_raise", 22.0, reps=(1,)),
              FaultSpec("torso_swing", 12.0, reps=(2,))]
    result = _exact("front_raise", reps=3, faults=faults)
    p, clean = _peaks(result), _peaks(result, result.clean_positions)
    arm = _angle(p, L.LEFT_HIP, L.LEFT_SHOULDER, L.LEFT_ELBOW)
    assert arm[0] == pytest.approx(90.0, abs=6.0)
    assert arm[1] == pytest.approx(68.0, abs=1.5)
    assert _trunk(p[2]) == pytest.approx(12.0, abs=1.0)
    assert _trunk(clean[2]) < 1.0


def test_a_partial_bridge_too_bent_for_the_knees_keeps_the_feet_nearly_in_place() -> None:
    """This body's knees reach their limit before a bridge 21 degrees short of straight
    brings its feet back under it: it lifts as high as the knees allow."""
    result = _exact("glute_bridge", seed=500151, reps=2, hold_s=2.0,
                    faults=[FaultSpec("partial_bridge", 20.8, reps=(0,))])
    top = result.positions[_at(result, result.reps[0].peak_start_ms)]
    assert top[L.LEFT_HEEL, :2] == pytest.approx(result.positions[0, L.LEFT_HEEL, :2], abs=0.01)
    bend = geometry.signed_bend(*(_mid(_down(top), a, b) for a, b in (
        (L.LEFT_SHOULDER, L.RIGHT_SHOULDER), (L.LEFT_HIP, L.RIGHT_HIP),
        (L.LEFT_KNEE, L.RIGHT_KNEE))), _down(top)[L.NOSE])
    assert bend == pytest.approx(20.8, abs=1.0)
