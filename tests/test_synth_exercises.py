"""Synthesized exercise scripts: ranges of motion, rep and hold ground truth, fault magnitudes."""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.pose.landmarks import Landmark as L
from formcheck.synth import EXERCISES, FaultSpec, NoiseConfig, synthesize


def _angle(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Angle ABC in degrees, shapes (T, 3) -> (T,)."""
    u, v = a - b, c - b
    cos = np.sum(u * v, axis=-1) / (np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1))
    return np.degrees(np.arccos(np.clip(cos, -1, 1)))


def _mid(p: np.ndarray, a: L, b: L) -> np.ndarray:
    return (p[:, a] + p[:, b]) / 2


def _exact(exercise: str, **kwargs):
    return synthesize(exercise, seed=kwargs.pop("seed", 3), noise=NoiseConfig.none(), **kwargs)


def _elevation(v: np.ndarray) -> float:
    """Angle of vector `v` (shape (3,)) above the horizontal, degrees."""
    return float(np.degrees(np.arctan2(v[2], np.linalg.norm(v[:2]))))


def _at(result, ms: float) -> int:
    return int(np.argmin(np.abs(result.t_ms - ms)))


def test_squat_knee_angle_follows_the_keyframes() -> None:
    result = _exact("squat", reps=4)
    p = result.positions
    knee = _angle(p[:, L.LEFT_HIP], p[:, L.LEFT_KNEE], p[:, L.LEFT_ANKLE])
    assert knee[0] == pytest.approx(180.0, abs=0.5)
    for rep in result.reps:
        bottom = _at(result, rep.peak_start_ms)
        assert 180.0 - knee[bottom] == pytest.approx(120.0, abs=120.0 * 0.05 + 0.5)
        window = knee[_at(result, rep.start_ms) : _at(result, rep.end_ms) + 1]
        assert window.min() == pytest.approx(knee[bottom], abs=0.5)
    assert result.truth["reps_per_side"] == {"both": 4}
    assert result.truth["holds"] == []


def test_squat_feet_stay_planted() -> None:
    p = _exact("squat", reps=2).positions
    for foot in (L.LEFT_HEEL, L.RIGHT_FOOT_INDEX):
        assert np.ptp(p[:, foot], axis=0).max() < 0.03


def _from_vertical(v: np.ndarray) -> float:
    """Angle of vector `v` (shape (3,)) from the vertical, degrees."""
    return float(np.degrees(np.arccos(v[2] / np.linalg.norm(v))))


def test_squat_trunk_stays_parallel_to_the_shins() -> None:
    result = _exact("squat", reps=2)
    p = result.positions
    for rep in result.reps:
        f = _at(result, rep.peak_start_ms)
        trunk = _from_vertical(_mid(p, L.LEFT_SHOULDER, L.RIGHT_SHOULDER)[f]
                               - _mid(p, L.LEFT_HIP, L.RIGHT_HIP)[f])
        shin = _from_vertical(p[f, L.LEFT_KNEE] - p[f, L.LEFT_ANKLE])
        assert trunk == pytest.approx(shin, abs=1.0)
        assert 33.0 < trunk < 40.0  # well inside the chest-up check's 50 degrees


def test_shallow_depth_reduces_knee_flexion_at_the_bottom() -> None:
    clean = _exact("squat", reps=3)
    faulted = _exact("squat", reps=3, faults=[FaultSpec("shallow_depth", 35.0, reps=(1,))])

    def bottom_flexion(result, i):
        p = result.positions
        knee = _angle(p[:, L.LEFT_HIP], p[:, L.LEFT_KNEE], p[:, L.LEFT_ANKLE])
        return 180.0 - knee[_at(result, result.reps[i].peak_start_ms)]

    assert bottom_flexion(clean, 1) - bottom_flexion(faulted, 1) == pytest.approx(35.0, abs=0.5)
    assert bottom_flexion(clean, 0) == pytest.approx(bottom_flexion(faulted, 0), abs=0.01)
    [event] = faulted.truth["faults"]
    assert event["kind"] == "shallow_depth" and event["rep"] == 1 and event["unit"] == "deg"


def test_knee_valgus_moves_knees_in_by_the_magnitude_feet_stay() -> None:
    result = _exact("squat", reps=2, faults=[FaultSpec("knee_valgus", 8.0, reps=(0,))])
    frame = _at(result, result.reps[0].peak_start_ms)
    clean, faulted = result.clean_positions[frame], result.positions[frame]
    knee_gap, ankle_gap = (
        [p[left, 1] - p[right, 1] for p in (clean, faulted)]
        for left, right in ((L.LEFT_KNEE, L.RIGHT_KNEE), (L.LEFT_ANKLE, L.RIGHT_ANKLE))
    )
    assert knee_gap[0] - knee_gap[1] == pytest.approx(0.16, abs=0.005)
    assert ankle_gap[0] - ankle_gap[1] == pytest.approx(0.0, abs=0.005)
    later = _at(result, result.reps[1].peak_start_ms)
    assert result.positions[later] == pytest.approx(result.clean_positions[later])


def test_bird_dog_alternates_sides_and_holds() -> None:
    result = _exact("bird_dog", reps=3, hold_s=4.0)
    truth = result.truth
    assert truth["reps_per_side"] == {"left": 3, "right": 3}
    assert [r["side"] for r in truth["reps"]] == ["left", "right"] * 3
    assert len(truth["holds"]) == 6
    for hold in truth["holds"]:
        assert hold["duration_s"] == pytest.approx(4.0, rel=0.051)
    p = result.positions
    rep = result.reps[0]  # left leg back, right arm forward
    peak = _at(result, (rep.peak_start_ms + rep.peak_end_ms) / 2)
    hip_height = p[peak, L.LEFT_HIP, 2]
    assert p[peak, L.LEFT_ANKLE, 2] == pytest.approx(hip_height, abs=0.12)
    assert p[peak, L.RIGHT_WRIST, 2] == pytest.approx(p[peak, L.RIGHT_SHOULDER, 2], abs=0.12)
    assert p[peak, L.RIGHT_KNEE, 2] < 0.06 and p[peak, L.LEFT_WRIST, 2] < 0.06


def _trunk_pitch(p: np.ndarray) -> np.ndarray:
    """Elevation of the mid-hip -> mid-shoulder line above horizontal, degrees, (T,)."""
    v = _mid(p, L.LEFT_SHOULDER, L.RIGHT_SHOULDER) - _mid(p, L.LEFT_HIP, L.RIGHT_HIP)
    return np.degrees(np.arctan2(v[:, 2], np.linalg.norm(v[:, :2], axis=-1)))


@pytest.mark.parametrize(("kind", "sign"), [("back_sag", 1.0), ("back_arch", -1.0)])
def test_bird_dog_back_faults_tilt_the_trunk_line(kind: str, sign: float) -> None:
    result = _exact("bird_dog", reps=2, faults=[FaultSpec(kind, 10.0, reps=(2,))])
    rep = result.reps[2]
    frame = _at(result, rep.peak_start_ms + 100)
    change = _trunk_pitch(result.positions)[frame] - _trunk_pitch(result.clean_positions)[frame]
    assert change == pytest.approx(sign * 10.0, abs=0.01)
    [event] = result.faults
    assert event.full_start_ms == pytest.approx(rep.peak_start_ms)
    assert event.full_end_ms == pytest.approx(rep.peak_end_ms)
    assert (
        event.start_frame == _at(result, rep.start_ms)
        or event.start_frame == _at(result, rep.start_ms) + 1
    )


def test_bird_dog_pelvis_hike_raises_the_working_hip() -> None:
    result = _exact("bird_dog", reps=1, faults=[FaultSpec("pelvis_hike", 10.0)])
    for rep in result.reps:
        frame = _at(result, rep.peak_start_ms)
        up, down = (L.LEFT_HIP, L.RIGHT_HIP) if rep.side == "left" else (L.RIGHT_HIP, L.LEFT_HIP)
        expected = result.body.hip_width * np.sin(np.radians(10.0)) * np.sin(np.radians(75))
        assert (result.positions[frame, up, 2] - result.positions[frame, down, 2]) - (
            result.clean_positions[frame, up, 2] - result.clean_positions[frame, down, 2]
        ) == pytest.approx(expected, rel=0.15)
        knee = L.RIGHT_KNEE if rep.side == "left" else L.LEFT_KNEE
        assert (
            np.linalg.norm(result.positions[frame, knee] - result.clean_positions[frame, knee])
            < 0.02
        )


def test_bird_dog_weight_shift_moves_the_trunk_not_the_supports() -> None:
    result = _exact("bird_dog", reps=1, faults=[FaultSpec("weight_shift", 6.0, reps=(0,))])
    rep = result.reps[0]  # left leg working: shift toward the right knee (-y)
    frame = _at(result, rep.peak_start_ms)
    shift = result.positions[frame] - result.clean_positions[frame]
    assert shift[L.LEFT_HIP, 1] == pytest.approx(-0.06, abs=1e-6)
    assert shift[L.LEFT_SHOULDER, 1] == pytest.approx(-0.06, abs=1e-6)
    assert np.abs(shift[L.RIGHT_KNEE]).max() < 0.01
    assert np.abs(shift[L.LEFT_WRIST]).max() < 0.01


def test_bird_dog_leg_too_high_and_short_hold() -> None:
    result = _exact(
        "bird_dog",
        reps=2,
        hold_s=5.0,
        faults=[
            FaultSpec("leg_too_high", 15.0, reps=(1,)),
            FaultSpec("hold_too_short", 3.0, reps=(3,)),
        ],
    )
    rep = result.reps[1]
    frame = _at(result, rep.peak_start_ms)
    before, after = (
        _elevation(p[frame, L.RIGHT_ANKLE] - p[frame, L.RIGHT_HIP])
        for p in (result.clean_positions, result.positions)
    )
    assert after - before == pytest.approx(15.0, abs=0.5)
    holds = [h["duration_s"] for h in result.truth["holds"]]
    assert holds[3] == pytest.approx(2.0, rel=0.06)
    assert min(holds[:3]) > 4.7
    kinds = [(f["kind"], f["rep"]) for f in result.truth["faults"]]
    assert kinds == [("leg_too_high", 1), ("hold_too_short", 3)]


def test_knee_hug_brings_the_knee_to_the_chest_and_faults() -> None:
    result = _exact(
        "knee_hug",
        reps=1,
        faults=[
            FaultSpec("head_lift", 20.0, reps=(0,)),
            FaultSpec("other_leg_lift", 25.0, reps=(1,)),
        ],
    )
    p, c = result.positions, result.clean_positions
    first = _at(result, result.reps[0].peak_start_ms)
    hip = _angle(c[:, L.LEFT_SHOULDER], c[:, L.LEFT_HIP], c[:, L.LEFT_KNEE])
    assert hip[first] < 75  # thigh folded toward the trunk
    assert np.linalg.norm(c[first, L.LEFT_WRIST] - c[first, L.LEFT_KNEE]) < 0.25
    assert _trunk_pitch(p)[first] - _trunk_pitch(c)[first] == pytest.approx(20.0, abs=0.01)
    second = _at(result, result.reps[1].peak_start_ms)  # right knee hugged, left leg lifts
    before, after = (_elevation(q[second, L.LEFT_KNEE] - q[second, L.LEFT_HIP]) for q in (c, p))
    assert after - before == pytest.approx(25.0, abs=0.5)


def test_unknown_fault_kind_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="valid kinds: .*knee_valgus"):
        synthesize("squat", seed=0, faults=[FaultSpec("shrug")])


def test_unknown_exercise_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="valid exercises: .*bird_dog"):
        synthesize("cartwheel", seed=0)


def test_every_exercise_has_a_view_and_faults() -> None:
    for exercise in EXERCISES.values():
        assert exercise.faults or exercise.name == "prone_lying", exercise.name
        assert exercise.view_azimuth_deg in (0.0, 45.0, 90.0)
