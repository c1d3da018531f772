"""Synthesized bodyweight exercises (pull-up, sit-up, crunch, jumping jack, shoulder shrug,
side plank, cat-cow): ranges of motion, supports, rep and hold ground truth, fault sizes.

Every set is synthesized without detector noise, so the exact lab positions are checked.
"""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.pose.landmarks import Landmark as L
from formcheck.synth import FaultSpec, NoiseConfig, synthesize
from formcheck.synth.kinematics import surface_offsets


def _exact(exercise: str, **kwargs):
    return synthesize(exercise, seed=kwargs.pop("seed", 4), noise=NoiseConfig.none(), **kwargs)


def _at(result, ms: float) -> int:
    return int(np.argmin(np.abs(result.t_ms - ms)))


def _mid(p: np.ndarray, a: L, b: L) -> np.ndarray:
    return (p[..., a, :] + p[..., b, :]) / 2


def _angle(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> float:
    u, v = a - b, c - b
    return float(np.degrees(np.arccos(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))))


def _elevation(v: np.ndarray) -> float:
    """Angle of vector `v` (shape (3,)) above the horizontal, degrees."""
    return float(np.degrees(np.arctan2(v[2], np.linalg.norm(v[:2]))))


def _trunk_rise(p: np.ndarray) -> float:
    """Elevation of the mid-hip -> mid-shoulder line of one frame (33, 3), degrees."""
    return _elevation(_mid(p, L.LEFT_SHOULDER, L.RIGHT_SHOULDER) - _mid(p, L.LEFT_HIP, L.RIGHT_HIP))


def _hands_above_shoulders(result, frame: int) -> float:
    """Height of the mid-wrist over the mid-shoulder in one frame, torso lengths."""
    p = result.positions[frame]
    rise = _mid(p, L.LEFT_WRIST, L.RIGHT_WRIST)[2] - _mid(p, L.LEFT_SHOULDER, L.RIGHT_SHOULDER)[2]
    return float(rise / result.body.trunk_length)


# -- pull-up ---------------------------------------------------------------------------


def test_pull_up_hangs_from_fixed_hands_and_lifts_the_shoulders_to_them() -> None:
    result = _exact("pull_up", reps=3)
    p = result.positions
    for wrist in (L.LEFT_WRIST, L.RIGHT_WRIST):
        assert np.ptp(p[:, wrist], axis=0).max() < 1e-6  # the hands stay on the bar
    feet = [L.LEFT_HEEL, L.RIGHT_HEEL, L.LEFT_FOOT_INDEX, L.RIGHT_FOOT_INDEX]
    assert p[:, feet, 2].min() > 0.2  # hanging clear of the floor
    assert _hands_above_shoulders(result, 0) > 1.0  # straight arms overhead
    elbow = _angle(p[0, L.LEFT_SHOULDER], p[0, L.LEFT_ELBOW], p[0, L.LEFT_WRIST])
    assert elbow > 170
    for rep in result.reps:
        top = _at(result, rep.peak_start_ms)
        assert _hands_above_shoulders(result, top) == pytest.approx(0.01, abs=0.01)
        assert _hands_above_shoulders(result, _at(result, rep.end_ms)) > 1.0
    assert result.truth["reps_per_side"] == {"both": 3}


def test_pull_up_faults_kip_stop_short_and_stay_bent_at_the_bottom() -> None:
    result = _exact(
        "pull_up",
        reps=3,
        faults=[
            FaultSpec("kip", 50.0, reps=(0,)),
            FaultSpec("short_pull", 12.0, reps=(1,)),
            FaultSpec("bent_hang", 60.0, reps=(2,)),
        ],
    )
    p, clean = result.positions, result.clean_positions
    top = _at(result, result.reps[0].peak_start_ms)
    thigh = [_elevation(q[top, L.LEFT_KNEE] - q[top, L.LEFT_HIP]) for q in (clean, p)]
    assert thigh[1] - thigh[0] == pytest.approx(50.0, abs=1.0)
    short = _at(result, result.reps[1].peak_start_ms)
    below_m = -_hands_above_shoulders(result, short) * result.body.trunk_length
    assert below_m == pytest.approx(-0.12, abs=0.005)  # shoulders 12 cm below the hands
    bent = result.reps[2]
    rest = _at(result, bent.end_ms - 100)  # resting at the bottom, still inside the rep
    elbow = _angle(p[rest, L.LEFT_SHOULDER], p[rest, L.LEFT_ELBOW], p[rest, L.LEFT_WRIST])
    assert elbow == pytest.approx(120.0, abs=1.0)
    assert bent.end_ms - bent.peak_end_ms > 1000  # the bent rest belongs to the rep
    [event] = [f for f in result.truth["faults"] if f["kind"] == "bent_hang"]
    assert event["end_ms"] == pytest.approx(bent.end_ms)
    last = p[-1]
    straight = _angle(last[L.LEFT_SHOULDER], last[L.LEFT_ELBOW], last[L.LEFT_WRIST])
    assert straight > 170  # the set ends hanging straight


# -- sit-up and crunch -------------------------------------------------------------------


def test_sit_up_rises_to_the_knees_with_hips_and_feet_on_the_floor() -> None:
    result = _exact("sit_up", reps=2)
    p = result.positions
    assert abs(_trunk_rise(p[0])) < 8
    for rep in result.reps:
        assert _trunk_rise(p[_at(result, rep.peak_start_ms)]) == pytest.approx(80.0, abs=5.0)
    skin = surface_offsets(result.body)
    for lm in (L.LEFT_HIP, L.LEFT_HEEL):
        assert np.abs(p[:, lm, 2] - skin[lm]).max() < 0.03  # stays on the floor


def test_crunch_lifts_the_shoulders_while_the_pelvis_stays_down() -> None:
    result = _exact("crunch", reps=2, faults=[FaultSpec("sits_up", 55.0, reps=(1,))])
    p = result.positions
    crunch, sit = (p[_at(result, r.peak_start_ms)] for r in result.reps)
    assert _trunk_rise(crunch) - _trunk_rise(p[0]) == pytest.approx(24.0, abs=2.0)
    assert _trunk_rise(sit) - _trunk_rise(p[0]) == pytest.approx(55.0, abs=1.5)
    assert np.ptp(p[: _at(result, result.reps[1].start_ms), L.LEFT_HIP, 2]) < 0.01


def test_sit_up_faults_stop_short_pull_the_neck_and_hurry() -> None:
    result = _exact(
        "sit_up",
        reps=3,
        faults=[
            FaultSpec("short_top", 60.0, reps=(0,)),
            FaultSpec("neck_pull", 40.0, reps=(1,)),
            FaultSpec("too_fast", 3.0, reps=(2,)),
        ],
    )
    p, clean = result.positions, result.clean_positions
    assert _trunk_rise(p[_at(result, result.reps[0].peak_start_ms)]) == pytest.approx(60.0, abs=1)
    top = _at(result, result.reps[1].peak_start_ms)

    def neck(q: np.ndarray) -> float:
        shoulder = _mid(q, L.LEFT_SHOULDER, L.RIGHT_SHOULDER)
        hip, ear = _mid(q, L.LEFT_HIP, L.RIGHT_HIP), _mid(q, L.LEFT_EAR, L.RIGHT_EAR)
        return 180.0 - _angle(hip, shoulder, ear)

    assert neck(p[top]) - neck(clean[top]) > 35
    durations = [r.end_ms - r.start_ms for r in result.reps]
    assert durations[2] < durations[1] / 2.5


# -- jumping jack and shoulder shrug -------------------------------------------------------


def test_jumping_jack_opens_arms_overhead_and_feet_apart_then_closes() -> None:
    result = _exact("jumping_jack", reps=3, faults=[FaultSpec("arms_low", 104.0, reps=(1,)),
                                                    FaultSpec("feet_narrow", 12.0, reps=(2,))])
    p = result.positions
    trunk = result.body.trunk_length

    def arm(q: np.ndarray) -> float:
        return _angle(q[L.LEFT_HIP], q[L.LEFT_SHOULDER], q[L.LEFT_ELBOW])

    def feet(q: np.ndarray) -> float:
        return float(np.linalg.norm(q[L.LEFT_ANKLE] - q[L.RIGHT_ANKLE]) / trunk)

    assert arm(p[0]) < 25 and feet(p[0]) < 0.35
    tops = [p[_at(result, r.peak_start_ms)] for r in result.reps]
    assert arm(tops[0]) > 150 and feet(tops[0]) > 1.0
    assert arm(tops[1]) == pytest.approx(112.0, abs=8.0)  # abduction 104, plus the trunk's tilt
    assert feet(tops[2]) < 0.7
    assert feet(p[_at(result, result.reps[0].end_ms)]) < 0.35  # back together


def test_shoulder_shrug_lifts_the_shoulders_with_straight_arms_and_faults() -> None:
    result = _exact(
        "shoulder_shrug",
        reps=4,
        faults=[
            FaultSpec("roll", 6.0, reps=(1,)),
            FaultSpec("elbows_bend", 45.0, reps=(2,)),
            FaultSpec("head_poke", 20.0, reps=(3,)),
        ],
    )
    p, clean = result.positions, result.clean_positions
    first = _at(result, result.reps[0].peak_start_ms)
    rise = p[first, L.LEFT_SHOULDER, 2] - p[0, L.LEFT_SHOULDER, 2]
    assert rise / result.body.trunk_length == pytest.approx(0.155, rel=0.06)
    assert p[first, L.LEFT_EAR, 2] == pytest.approx(p[0, L.LEFT_EAR, 2], abs=1e-6)
    roll = _at(result, result.reps[1].peak_start_ms)
    forward = p[roll, L.LEFT_SHOULDER, 0] - clean[roll, L.LEFT_SHOULDER, 0]  # faces lab +x
    assert forward == pytest.approx(0.06, abs=1e-4)
    bent = _at(result, result.reps[2].peak_start_ms)
    elbow = _angle(p[bent, L.LEFT_SHOULDER], p[bent, L.LEFT_ELBOW], p[bent, L.LEFT_WRIST])
    assert elbow == pytest.approx(180 - 6 - 45, abs=1.0)
    poke = _at(result, result.reps[3].peak_start_ms)
    assert p[poke, L.NOSE, 0] - clean[poke, L.NOSE, 0] > 0.03  # the head juts forward


# -- side plank ----------------------------------------------------------------------------


@pytest.mark.parametrize(("side_order", "down"), [("right_first", "RIGHT"), ("left_first", "LEFT")])
def test_side_plank_rests_on_the_forearm_and_foot_with_a_straight_body(
    side_order: str, down: str
) -> None:
    result = _exact("side_plank", reps=1, hold_s=4.0, side_order=side_order)
    [hold] = result.truth["holds"]
    assert hold["duration_s"] == pytest.approx(4.0, rel=0.06)
    assert result.truth["reps"][0]["side"] == down.lower()
    rep = result.reps[0]
    p = result.positions[_at(result, (rep.peak_start_ms + rep.peak_end_ms) / 2)]
    skin = surface_offsets(result.body)
    for name in ("ELBOW", "ANKLE"):
        lm = L[f"{down}_{name}"]
        assert p[lm, 2] - skin[lm] == pytest.approx(0.0, abs=0.03)  # on the floor
    up = L["LEFT_HIP" if down == "RIGHT" else "RIGHT_HIP"]
    assert p[up, 2] > p[L[f"{down}_HIP"], 2] + 0.8 * result.body.hip_width  # hips stacked
    shoulder, hip = _mid(p, L.LEFT_SHOULDER, L.RIGHT_SHOULDER), _mid(p, L.LEFT_HIP, L.RIGHT_HIP)
    ankle = _mid(p, L.LEFT_ANKLE, L.RIGHT_ANKLE)
    assert _angle(shoulder, hip, ankle) > 176  # one straight line
    assert 10 < _elevation(shoulder - ankle) < 25
    start = result.positions[0]
    assert _trunk_rise(start) > 80  # kneeling upright between holds


def test_side_plank_hip_sag_drops_the_hips_and_keeps_forearm_and_feet() -> None:
    result = _exact("side_plank", reps=1, hold_s=4.0, faults=[FaultSpec("hip_sag", 18.0)])
    frame = _at(result, result.reps[0].peak_start_ms + 1000)
    p, clean = result.positions[frame], result.clean_positions[frame]
    for lm in (L.RIGHT_ELBOW, L.RIGHT_ANKLE):
        assert np.linalg.norm(p[lm] - clean[lm]) < 0.03
    drop = clean[L.RIGHT_HIP, 2] - p[L.RIGHT_HIP, 2]
    assert drop == pytest.approx(0.1, abs=0.03)  # an 18-degree sag lowers the hips ~10 cm


# -- cat-cow -------------------------------------------------------------------------------


def test_cat_cow_moves_the_head_and_not_the_trunk_landmarks() -> None:
    result = _exact("cat_cow", reps=2)
    p = result.positions
    still = [L.LEFT_HIP, L.RIGHT_SHOULDER, L.LEFT_WRIST, L.RIGHT_KNEE]
    assert np.ptp(p[:, still], axis=0).max() < 0.01  # no landmark on the spine moves
    cat = p[_at(result, result.reps[0].peak_start_ms)]
    cow = p[_at(result, result.reps[0].start_ms)]
    assert cat[L.NOSE, 2] < p[0, L.NOSE, 2] - 0.05 < cow[L.NOSE, 2] - 0.1  # tucked, lifted
    assert result.truth["reps_per_side"] == {"both": 2}


def test_cat_cow_rock_back_moves_the_trunk_over_fixed_hands_and_knees() -> None:
    result = _exact("cat_cow", reps=1, faults=[FaultSpec("rock_back", 15.0)])
    frame = _at(result, result.reps[0].peak_start_ms)
    p, clean = result.positions[frame], result.clean_positions[frame]
    assert p[L.LEFT_HIP, 0] - clean[L.LEFT_HIP, 0] == pytest.approx(-0.15, abs=0.01)
    for lm in (L.LEFT_WRIST, L.RIGHT_KNEE):
        assert np.linalg.norm(p[lm] - clean[lm]) < 0.02
