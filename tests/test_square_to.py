"""A height taken square to a floor line (`square_to`) is free of the camera's tilt.

The body is a plank worked out on paper (world metres, y down, z away from the
camera at its head): shoulders 0.5 m above the wrists, hips level with the
shoulders 0.5 m further away (torso 0.5 m), toes on the floor with the wrists
1.4 m away. A camera pitched down by `PITCH` degrees sees it turned about x.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from pose_factory import frame_from_world, world_points

from formcheck.analysis import geometry
from formcheck.analysis.metrics import LINE_SEEN, MetricBank
from formcheck.pose.block import PoseBlock
from formcheck.pose.frame import PoseFrame
from formcheck.pose.landmarks import NUM_LANDMARKS
from formcheck.pose.landmarks import Landmark as L
from formcheck.spec.language import ExerciseSpec

PITCH = 20.0
HEIGHT = {"kind": "distance", "from": "mid_shoulder", "to": "mid_wrist", "axis": "y",
          "square_to": ["mid_wrist", "mid_foot_index"]}


def plank(forward_m: float = 0.0, pitch_deg: float = PITCH) -> dict[L, tuple[float, ...]]:
    """The plank with the body (not the hands) `forward_m` metres toward the head,
    seen by a camera pitched down `pitch_deg` degrees."""
    body = {
        L.LEFT_SHOULDER: (0.2, -0.5, -forward_m), L.RIGHT_SHOULDER: (-0.2, -0.5, -forward_m),
        L.LEFT_HIP: (0.15, -0.5, 0.5 - forward_m), L.RIGHT_HIP: (-0.15, -0.5, 0.5 - forward_m),
        L.LEFT_WRIST: (0.25, 0.0, 0.0), L.RIGHT_WRIST: (-0.25, 0.0, 0.0),
        L.LEFT_FOOT_INDEX: (0.1, 0.0, 1.4 - forward_m),
        L.RIGHT_FOOT_INDEX: (-0.1, 0.0, 1.4 - forward_m),
    }
    c, s = math.cos(math.radians(pitch_deg)), math.sin(math.radians(pitch_deg))
    return {k: (x, y * c - z * s, y * s + z * c) for k, (x, y, z) in body.items()}


def height(metric: dict, frame: PoseFrame) -> float:
    spec = ExerciseSpec.model_validate({
        "id": "t", "name": "T", "views": ["side"], "metrics": {"m": metric},
        "hold": {"metric": "m", "enter": 1, "exit": 0},
    })
    values, _ = MetricBank(spec).compute(PoseBlock.from_frames([frame]))
    return float(values[0, 0, 0])


def seen_except(*hidden: L, visibility: float = 0.1) -> np.ndarray:
    """Per-landmark visibility: 1 everywhere but `hidden`."""
    out = np.ones(NUM_LANDMARKS)
    out[list(hidden)] = visibility
    return out


def test_travel_along_the_floor_line_is_not_height_whatever_the_tilt() -> None:
    for forward in (0.0, 0.2):
        frame = frame_from_world(world_points(plank(forward)))
        assert height(HEIGHT, frame) == pytest.approx(1.0, abs=1e-9)  # 0.5 m / 0.5 m
    # The plain vertical reads the tilt: 0.5 cos 20 = 0.47 m standing still, and the
    # shoulders 0.2 m forward read 0.2 sin 20 = 0.068 m lower.
    plain = {k: v for k, v in HEIGHT.items() if k != "square_to"}
    still, forward = (height(plain, frame_from_world(world_points(plank(f)))) for f in (0, 0.2))
    assert still == pytest.approx(0.5 * math.cos(math.radians(PITCH)) / 0.5, abs=1e-9)
    assert still - forward == pytest.approx(0.2 * math.sin(math.radians(PITCH)) / 0.5, abs=1e-9)


def test_a_level_line_gives_the_plain_vertical() -> None:
    a, b = np.array([[0.0, -0.5, 0.3]]), np.array([[0.1, 0.0, 0.0]])
    line_a, line_b = np.array([[0.0, 0.0, 0.0]]), np.array([[0.0, 0.0, 1.4]])
    assert geometry.height_square_to(a, b, line_a, line_b) == pytest.approx([0.5])


def test_a_steep_or_unknown_line_gives_the_plain_vertical() -> None:
    # Standing: the hands hang beside the hips and the line to the toes runs down.
    a, b = np.array([[0.0, -0.6, 0.0]]), np.array([[0.0, 0.0, 0.1]])
    steep = np.array([[0.0, 0.8, 0.2]])
    unknown = np.full((1, 3), np.nan)
    for end in (steep, unknown):
        assert geometry.height_square_to(a, b, np.zeros((1, 3)), end) == pytest.approx([0.6])


def test_a_hidden_end_of_the_line_gives_the_plain_vertical() -> None:
    tilted = world_points(plank())
    plain = 0.5 * math.cos(math.radians(PITCH)) / 0.5
    hidden_toes = seen_except(L.LEFT_FOOT_INDEX, L.RIGHT_FOOT_INDEX)
    assert height(HEIGHT, frame_from_world(tilted, visibility=hidden_toes)) == pytest.approx(
        plain, abs=1e-9)
    # One toe seen is enough for their midpoint (from the side the far foot is hidden).
    one_seen = seen_except(L.RIGHT_FOOT_INDEX, L.RIGHT_WRIST)
    assert height(HEIGHT, frame_from_world(tilted, visibility=one_seen)) == pytest.approx(
        1.0, abs=1e-9)
    just_seen = seen_except(L.LEFT_FOOT_INDEX, L.RIGHT_FOOT_INDEX, visibility=LINE_SEEN)
    assert height(HEIGHT, frame_from_world(tilted, visibility=just_seen)) == pytest.approx(
        1.0, abs=1e-9)


def test_a_picture_without_depth_keeps_its_own_vertical() -> None:
    # Hands on a bench, filmed from the side: the body runs across the picture,
    # rising 20 degrees, so the picture's line is no steeper than a floor line.
    side_on = {k: (z, y, x) for k, (x, y, z) in plank(pitch_deg=0.0).items()}
    c, s = math.cos(math.radians(20.0)), math.sin(math.radians(20.0))
    incline = {k: (x * c + y * s, y * c - x * s, z) for k, (x, y, z) in side_on.items()}
    frame = frame_from_world(world_points(incline))
    flat = dataclasses.replace(frame, world_xyz=np.full_like(frame.world_xyz, np.nan))
    plain = {k: v for k, v in HEIGHT.items() if k != "square_to"}
    assert height(HEIGHT, frame) == pytest.approx(1.0, abs=1e-9)
    assert height(plain, frame) < 0.95
    assert height(HEIGHT, flat) == pytest.approx(height(plain, flat), abs=1e-12)


def test_square_to_needs_a_height_in_world_space() -> None:
    with pytest.raises(ValueError, match="square_to"):
        ExerciseSpec.model_validate({
            "id": "t", "name": "T", "views": ["side"],
            "metrics": {"m": {**HEIGHT, "axis": "any"}},
            "hold": {"metric": "m", "enter": 1, "exit": 0},
        })
