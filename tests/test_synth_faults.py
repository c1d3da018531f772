"""Every exercise and fault kind: the fault is injected where the ground truth says,
at the requested size."""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.pose.landmarks import Landmark as L
from formcheck.synth import EXERCISES, FaultSpec, NoiseConfig, synthesize

ALL_FAULTS = [(e.name, kind) for e in EXERCISES.values() for kind in e.faults]


def _exact(exercise: str, **kwargs):
    return synthesize(exercise, seed=kwargs.pop("seed", 7), noise=NoiseConfig.none(), **kwargs)


def _at(result, ms: float) -> int:
    return int(np.argmin(np.abs(result.t_ms - ms)))


def _mid(p: np.ndarray, a: L, b: L) -> np.ndarray:
    return (p[..., a, :] + p[..., b, :]) / 2


def _joint_angle(p: np.ndarray, a: L, b: L, c: L) -> float:
    """Angle ABC in degrees of one frame's landmarks `p` (shape (33, 3))."""
    u, v = p[a] - p[b], p[c] - p[b]
    return float(np.degrees(np.arccos(np.dot(u, v) / np.linalg.norm(u) / np.linalg.norm(v))))


def _elevation(v: np.ndarray) -> float:
    """Angle of `v` (shape (3,)) above the horizontal, degrees."""
    return float(np.degrees(np.arctan2(v[2], np.linalg.norm(v[:2]))))


@pytest.mark.parametrize(("exercise", "kind"), ALL_FAULTS)
def test_fault_is_injected_only_inside_its_interval(exercise: str, kind: str) -> None:
    result = _exact(exercise, reps=2, faults=[FaultSpec(kind, reps=(1,))])
    [event] = result.faults
    assert event.kind == kind and event.rep == 1
    assert 0 <= event.start_frame <= event.end_frame < len(result.t_ms)
    rep = result.reps[1]
    assert event.start_ms >= rep.start_ms - 1e-6 and event.end_ms <= rep.end_ms + 1e-6
    if EXERCISES[exercise].faults[kind].offsets is None:
        return  # scripted faults change the script itself, clean and faulted alike
    moved = np.abs(result.positions - result.clean_positions).max(axis=(1, 2))
    outside = np.ones(len(moved), dtype=bool)
    outside[event.start_frame : event.end_frame + 1] = False
    assert moved[outside].max() < 1e-9
    if kind != "back_arch":  # dead bug: a pelvic tilt that moves no landmark
        assert moved[_at(result, (event.full_start_ms + event.full_end_ms) / 2)] > 0.01


@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_every_exercise_synthesizes_on_the_floor(exercise: str) -> None:
    """Every body rests on the floor, except a hanging one, whose hands hold a bar."""
    result = _exact(exercise, reps=1)
    if EXERCISES[exercise].posture == "hanging":
        hands = result.clean_positions[:, [L.LEFT_WRIST, L.RIGHT_WRIST], 2]
        assert np.ptp(hands) < 1e-6 and hands.min() > 1.8
        assert result.clean_positions[..., 2].min() > 0.1
    else:
        lowest = result.clean_positions[..., 2].min(axis=1)
        assert lowest.min() > -0.06 and lowest.max() < 0.06
    assert np.isfinite(result.block.image_xy).all()
    assert len(result.reps) >= 1


@pytest.mark.parametrize(
    "exercise", ["band_row", "shoulder_press", "lateral_raise", "prone_press_up"]
)
def test_shrug_raises_the_shoulders_toward_the_ears(exercise: str) -> None:
    result = _exact(exercise, reps=1, faults=[FaultSpec("shrug", 8.0)])
    frame = _at(result, result.reps[0].peak_start_ms)
    gap = {}
    for name, p in (("clean", result.clean_positions), ("faulted", result.positions)):
        ears = _mid(p[frame], L.LEFT_EAR, L.RIGHT_EAR)
        shoulders = _mid(p[frame], L.LEFT_SHOULDER, L.RIGHT_SHOULDER)
        gap[name] = np.linalg.norm(ears - shoulders)
    assert gap["clean"] - gap["faulted"] == pytest.approx(0.08, abs=0.01)


def test_band_row_pulls_elbows_behind_the_torso_and_faults() -> None:
    result = _exact(
        "band_row",
        reps=3,
        faults=[
            FaultSpec("head_forward", 20.0, reps=(0,)),
            FaultSpec("lean_back", 12.0, reps=(1,)),
            FaultSpec("partial_range", 30.0, reps=(2,)),
        ],
    )
    p, c = result.positions, result.clean_positions
    peaks = [_at(result, r.peak_start_ms) for r in result.reps]
    # Elbows behind the shoulders (the body faces +x) at the end of a full pull.
    assert c[peaks[0], L.LEFT_ELBOW, 0] < c[peaks[0], L.LEFT_SHOULDER, 0] - 0.05
    ear_ahead = p[peaks[0], L.LEFT_EAR, 0] - c[peaks[0], L.LEFT_EAR, 0]
    assert ear_ahead > 0.02
    lean = _elevation(
        _mid(p[peaks[1]], L.LEFT_SHOULDER, L.RIGHT_SHOULDER)
        - _mid(p[peaks[1]], L.LEFT_HIP, L.RIGHT_HIP)
    )
    upright = _elevation(
        _mid(c[peaks[1]], L.LEFT_SHOULDER, L.RIGHT_SHOULDER)
        - _mid(c[peaks[1]], L.LEFT_HIP, L.RIGHT_HIP)
    )
    assert upright - lean == pytest.approx(12.0, abs=0.5)
    assert c[peaks[2], L.LEFT_ELBOW, 0] > c[peaks[0], L.LEFT_ELBOW, 0] + 0.1  # shorter pull


def test_dead_bug_marches_legs_then_arms_and_faults() -> None:
    result = _exact(
        "dead_bug",
        reps=1,
        faults=[FaultSpec("too_fast", 3.0, reps=(0,)), FaultSpec("two_limbs", 80.0, reps=(1,))],
    )
    labels = [(r.label, r.side) for r in result.reps]
    assert labels == [("leg", "left"), ("leg", "right"), ("arm", "left"), ("arm", "right")]
    moves = [r.peak_start_ms - r.start_ms for r in result.reps]
    assert moves[0] < 0.4 * moves[1]
    frame = _at(result, result.reps[1].peak_start_ms)  # right leg up, left arm moves too
    p, c = result.positions, result.clean_positions
    assert p[frame, L.LEFT_WRIST, 2] > c[frame, L.LEFT_WRIST, 2] + 0.3
    peak = _at(result, result.reps[0].peak_start_ms)
    assert c[peak, L.LEFT_KNEE, 2] > c[0, L.LEFT_KNEE, 2] + 0.05  # the leg rose to a tabletop


def test_prone_press_up_lifts_the_chest_keeps_hips_down() -> None:
    result = _exact(
        "prone_press_up",
        reps=2,
        faults=[
            FaultSpec("hips_lift", 8.0, reps=(0,)),
            FaultSpec("incomplete_press", 40.0, reps=(1,)),
        ],
    )
    p, c = result.positions, result.clean_positions
    first, second = (_at(result, r.peak_start_ms) for r in result.reps)
    assert c[first, L.LEFT_SHOULDER, 2] > c[0, L.LEFT_SHOULDER, 2] + 0.2
    assert c[first, L.LEFT_HIP, 2] == pytest.approx(c[0, L.LEFT_HIP, 2], abs=0.01)
    assert p[first, L.LEFT_HIP, 2] - c[first, L.LEFT_HIP, 2] == pytest.approx(0.08, abs=1e-6)
    assert abs(p[first, L.LEFT_KNEE, 2] - c[first, L.LEFT_KNEE, 2]) < 0.01
    assert c[second, L.LEFT_SHOULDER, 2] < c[first, L.LEFT_SHOULDER, 2] - 0.03
    elbow = [
        180.0 - _joint_angle(c[f], L.LEFT_SHOULDER, L.LEFT_ELBOW, L.LEFT_WRIST)
        for f in (first, second)
    ]
    assert elbow[0] == pytest.approx(15.0, abs=2.0)
    assert elbow[1] == pytest.approx(55.0, abs=2.0)


@pytest.mark.parametrize(
    ("exercise", "kind", "sign"),
    [
        ("push_up", "hip_sag", -1.0),
        ("push_up", "hip_pike", 1.0),
        ("plank", "hip_sag", -1.0),
    ],
)
def test_hip_sag_and_pike_bend_the_body_line(exercise: str, kind: str, sign: float) -> None:
    result = _exact(exercise, reps=1, faults=[FaultSpec(kind, 15.0)])
    rep = result.reps[0]
    frame = _at(result, (rep.peak_start_ms + rep.peak_end_ms) / 2)

    def bend(p: np.ndarray) -> float:
        """Signed hip angle from straight, degrees: + when the hips are above the line."""
        s, h, a = (
            _mid(p[frame], left, right)
            for left, right in (
                (L.LEFT_SHOULDER, L.RIGHT_SHOULDER),
                (L.LEFT_HIP, L.RIGHT_HIP),
                (L.LEFT_ANKLE, L.RIGHT_ANKLE),
            )
        )
        return _elevation(h - a) - _elevation(s - h)

    assert bend(result.positions) - bend(result.clean_positions) == pytest.approx(
        sign * 15.0, abs=0.5
    )
    shoulders = np.abs(
        result.positions[frame, L.LEFT_SHOULDER] - result.clean_positions[frame, L.LEFT_SHOULDER]
    )
    assert shoulders.max() < 0.03


def test_push_up_shallow_depth_leaves_the_elbows_less_bent() -> None:
    result = _exact("push_up", reps=2, faults=[FaultSpec("shallow_depth", 28.0, reps=(1,))])
    p = result.clean_positions
    frames = [_at(result, r.peak_start_ms) for r in result.reps]
    elbows = [_joint_angle(p[f], L.LEFT_SHOULDER, L.LEFT_ELBOW, L.LEFT_WRIST) for f in frames]
    assert 85.0 < elbows[0] < 97.0  # a full rep: elbows at about 90 degrees
    assert elbows[1] - elbows[0] == pytest.approx(28.0, abs=1.0)
    bottoms = [p[f, L.LEFT_SHOULDER, 2] for f in frames]
    assert bottoms[1] > bottoms[0] + 0.05  # the chest stays higher
    assert p[0, L.LEFT_SHOULDER, 2] > bottoms[0] + 0.25
    wrist = p[:, L.LEFT_WRIST]
    assert np.ptp(wrist[:, 0]) < 0.08  # the hands stay roughly in place


def test_push_up_reads_like_real_footage_at_the_top_and_the_bottom() -> None:
    # Real clips' landmarks: the shoulders 0.95-1.1 torso lengths over the hands at the top
    # and straight over them; at the bottom 0.2-0.35 torso lengths over them, 0.4-0.6 arm
    # lengths ahead, the elbows at 77-100 degrees.
    result = _exact("push_up", reps=1)
    p = result.clean_positions
    top, bottom = 0, _at(result, result.reps[0].peak_start_ms)

    def reading(frame: int) -> tuple[float, float, float]:
        shoulder = _mid(p[frame], L.LEFT_SHOULDER, L.RIGHT_SHOULDER)
        wrist = _mid(p[frame], L.LEFT_WRIST, L.RIGHT_WRIST)
        torso = np.linalg.norm(shoulder - _mid(p[frame], L.LEFT_HIP, L.RIGHT_HIP))
        arm = np.linalg.norm(p[frame, L.LEFT_SHOULDER] - p[frame, L.LEFT_ELBOW]) + np.linalg.norm(
            p[frame, L.LEFT_ELBOW] - p[frame, L.LEFT_WRIST])
        ahead = abs(shoulder[0] - wrist[0]) / arm  # along the body, arm lengths
        return (shoulder[2] - wrist[2]) / torso, ahead, _joint_angle(
            p[frame], L.LEFT_SHOULDER, L.LEFT_ELBOW, L.LEFT_WRIST)

    height, ahead, elbow = reading(top)
    assert 0.92 < height < 1.1 and ahead < 0.25 and elbow > 170.0
    height, ahead, elbow = reading(bottom)
    assert 0.15 < height < 0.35 and 0.35 < ahead < 0.65 and 80.0 < elbow < 100.0


def test_standing_back_extension_faults() -> None:
    result = _exact(
        "standing_back_extension",
        reps=3,
        faults=[
            FaultSpec("knees_bend", 20.0, reps=(0,)),
            FaultSpec("feet_move", 10.0, reps=(1,), side="right"),
            FaultSpec("head_back", 20.0, reps=(2,)),
        ],
    )
    p, c = result.positions, result.clean_positions
    peaks = [_at(result, r.peak_start_ms) for r in result.reps]
    trunk = _mid(c[peaks[0]], L.LEFT_SHOULDER, L.RIGHT_SHOULDER) - _mid(
        c[peaks[0]], L.LEFT_HIP, L.RIGHT_HIP
    )
    assert trunk[0] < -0.1  # leaning back
    assert c[peaks[0], L.LEFT_HIP, 2] - p[peaks[0], L.LEFT_HIP, 2] > 0.01  # knees bent: hips lower
    foot = p[peaks[1], L.RIGHT_FOOT_INDEX] - c[peaks[1], L.RIGHT_FOOT_INDEX]
    assert foot[0] == pytest.approx(0.10, abs=0.015)
    assert np.abs(p[peaks[1], L.LEFT_FOOT_INDEX] - c[peaks[1], L.LEFT_FOOT_INDEX]).max() < 1e-9
    nose = p[peaks[2], L.NOSE] - c[peaks[2], L.NOSE]
    assert nose[2] > 0.0 or nose[0] < -0.02


def test_bicep_curl_elbow_drift_and_swing() -> None:
    result = _exact(
        "bicep_curl",
        reps=2,
        faults=[
            FaultSpec("elbow_drift", 25.0, reps=(0,)),
            FaultSpec("torso_swing", 10.0, reps=(1,)),
        ],
    )
    p, c = result.positions, result.clean_positions
    first, second = (_at(result, r.peak_start_ms) for r in result.reps)
    assert p[first, L.LEFT_ELBOW, 0] - c[first, L.LEFT_ELBOW, 0] > 0.05
    assert p[second, L.LEFT_SHOULDER, 0] - c[second, L.LEFT_SHOULDER, 0] < -0.05
    elbow = _joint_angle(c[first], L.LEFT_SHOULDER, L.LEFT_ELBOW, L.LEFT_WRIST)
    assert 180.0 - elbow == pytest.approx(135.0, abs=135.0 * 0.05 + 0.5)


def test_overhead_and_lateral_raises_reach_their_targets() -> None:
    press = _exact("shoulder_press", reps=1)
    top = _at(press, press.reps[0].peak_start_ms)
    p = press.clean_positions
    assert p[top, L.LEFT_WRIST, 2] > p[top, L.LEFT_EAR, 2] + 0.2
    assert p[0, L.LEFT_WRIST, 2] > p[0, L.LEFT_ELBOW, 2] + 0.15  # forearms up at the start
    raise_ = _exact("lateral_raise", reps=1)
    top = _at(raise_, raise_.reps[0].peak_start_ms)
    q = raise_.clean_positions
    assert q[top, L.LEFT_WRIST, 2] == pytest.approx(q[top, L.LEFT_SHOULDER, 2], abs=0.1)
    assert q[top, L.LEFT_WRIST, 1] > q[top, L.LEFT_SHOULDER, 1] + 0.4


def test_seal_stretch_and_prone_holds() -> None:
    seal = _exact(
        "seal_stretch", reps=2, hold_s=8.0, faults=[FaultSpec("hips_lift", 5.0, reps=(1,))]
    )
    assert [h["duration_s"] for h in seal.truth["holds"]] == pytest.approx([8.0, 8.0], rel=0.06)
    frame = _at(seal, seal.reps[1].peak_start_ms + 1000)
    assert seal.positions[frame, L.LEFT_HIP, 2] - seal.clean_positions[
        frame, L.LEFT_HIP, 2
    ] == pytest.approx(0.05)
    elbows = _exact("prone_on_elbows", reps=1)
    frame = _at(elbows, elbows.reps[0].peak_start_ms)
    p = elbows.clean_positions[frame]
    assert p[L.LEFT_ELBOW, 2] < 0.06
    assert p[L.LEFT_SHOULDER, 2] > p[L.LEFT_ELBOW, 2] + 0.2
    lying = _exact("prone_lying", reps=1, hold_s=20.0)
    assert lying.truth["holds"][0]["duration_s"] == pytest.approx(20.0, rel=0.06)
