"""The `sideways` metric: a horizontal slide square to the body's long axis, in torso lengths."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from formcheck.analysis.metrics import MetricBank
from formcheck.pose.block import PoseBlock
from formcheck.pose.landmarks import Landmark as L
from formcheck.spec.language import ExerciseSpec

# A body on hands and knees, world metres (x toward the head, y down, z toward its left):
# torso 0.5 m long, hips 0.25 m apart, knees 0.45 m under the hips, hands under the shoulders.
_QUADRUPED = {
    L.LEFT_HIP: (0.0, 0.0, 0.125), L.RIGHT_HIP: (0.0, 0.0, -0.125),
    L.LEFT_SHOULDER: (0.5, 0.0, 0.18), L.RIGHT_SHOULDER: (0.5, 0.0, -0.18),
    L.LEFT_KNEE: (0.0, 0.45, 0.125), L.RIGHT_KNEE: (0.0, 0.45, -0.125),
    L.LEFT_WRIST: (0.5, 0.55, 0.18), L.RIGHT_WRIST: (0.5, 0.55, -0.18),
}


def _spec(**metric: object) -> ExerciseSpec:
    shift = {"kind": "sideways", "point": "mid_hip", "anchor": "opposite_knee",
             "along": ["mid_hip", "mid_shoulder"], "across": ["opposite_hip", "hip"],
             "side": "each", **metric}
    return ExerciseSpec.model_validate({
        "id": "t", "name": "t", "views": ["oblique"], "metrics": {"shift": shift},
        "hold": {"metric": "shift", "enter": 1, "exit": 0},
    })


def _block(world: np.ndarray) -> PoseBlock:
    ones = np.ones((1, 33))
    return PoseBlock(frame_index=[0], timestamp_ms=[0.0], image_xy=np.zeros((1, 33, 2)),
                     image_z=np.zeros((1, 33)), visibility=ones, presence=ones,
                     world_xyz=world[None])


def _body(hip_shift_m: float = 0.0, pelvis_turn_deg: float = 0.0) -> np.ndarray:
    world = np.zeros((33, 3))
    for landmark, xyz in _QUADRUPED.items():
        world[landmark] = xyz
    turn = np.radians(pelvis_turn_deg)  # about the long (x) axis: the left hip rises
    for hip in (L.LEFT_HIP, L.RIGHT_HIP):
        z = world[hip, 2]
        world[hip] = (0.0, -np.sin(turn) * z, np.cos(turn) * z)
    for trunk in (L.LEFT_HIP, L.RIGHT_HIP, L.LEFT_SHOULDER, L.RIGHT_SHOULDER):
        world[trunk, 2] += hip_shift_m
    return world


def _left_right(spec: ExerciseSpec, world: np.ndarray) -> tuple[float, float]:
    values, _ = MetricBank(spec).compute(_block(world))
    return float(values[0, 0, 0]), float(values[0, 0, 1])


def test_a_slide_reads_in_torso_lengths_signed_toward_the_metrics_side() -> None:
    base = _left_right(_spec(), _body())
    moved = _left_right(_spec(), _body(hip_shift_m=-0.05))  # 5 cm toward the body's right
    assert moved[0] - base[0] == pytest.approx(-0.1, abs=1e-9)  # away from the left side
    assert moved[1] - base[1] == pytest.approx(0.1, abs=1e-9)  # toward the right side


def test_turning_the_pelvis_about_the_long_axis_does_not_read_as_a_slide() -> None:
    base = _left_right(_spec(), _body())
    turned = _left_right(_spec(), _body(pelvis_turn_deg=15.0))
    assert turned == pytest.approx(base, abs=1e-9)


def test_several_points_are_averaged() -> None:
    spec = _spec(point=["mid_hip", "mid_shoulder"], anchor=["opposite_knee", "wrist"])
    base = _left_right(spec, _body())
    moved = _left_right(spec, _body(hip_shift_m=0.05))
    assert moved[0] - base[0] == pytest.approx(0.1, abs=1e-9)


def test_the_picture_is_refused_because_it_has_no_depth() -> None:
    with pytest.raises(ValidationError, match="space = 'world'"):
        _spec(space="image")
