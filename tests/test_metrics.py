"""Each metric kind on hand-placed bodies, against values worked out on paper.

The bodies are built with `pose_factory.frame_from_world` (world metres, y down;
the picture is world x/y times 0.4 plus 0.5, in a 640x480 frame, so one metre
across is 0.4 * 640/480 = 0.533 frame heights and one metre down 0.4).

`STANDING` faces the camera: shoulders 0.3 m apart 0.5 m above hips 0.2 m apart
(torso 0.5 m), nose 0.7 m above the hip midpoint. The left thigh points 45
degrees forward (toward the camera) with the shin vertical below it, so the left
knee is bent to 135 degrees; the right thigh hangs straight down with the shin
straight back, a 90 degree knee.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from pose_factory import frame_from_world, world_points

from formcheck.analysis.metrics import MetricBank
from formcheck.pose.block import PoseBlock
from formcheck.pose.frame import PoseFrame
from formcheck.pose.landmarks import Landmark as L
from formcheck.spec.language import ExerciseSpec

STANDING = {
    L.LEFT_SHOULDER: (0.15, -0.5, 0.0), L.RIGHT_SHOULDER: (-0.15, -0.5, 0.0),
    L.LEFT_HIP: (0.1, 0.0, 0.0), L.RIGHT_HIP: (-0.1, 0.0, 0.0),
    L.LEFT_KNEE: (0.1, 0.3, -0.3), L.LEFT_ANKLE: (0.1, 0.6, -0.3),
    L.RIGHT_KNEE: (-0.1, 0.5, 0.0), L.RIGHT_ANKLE: (-0.1, 0.5, 0.5),
    L.NOSE: (0.0, -0.7, 0.0),
}


def compute(metric: dict, *frames: PoseFrame) -> tuple[np.ndarray, np.ndarray]:
    """Values and confidences of one metric, shape (frames, 2) for the (left, right) side."""
    spec = ExerciseSpec.model_validate({
        "id": "t", "name": "T", "views": ["side"], "metrics": {"m": metric},
        "hold": {"metric": "m", "enter": 1, "exit": 0},
    })
    values, confidence = MetricBank(spec).compute(PoseBlock.from_frames(list(frames)))
    return values[:, 0], confidence[:, 0]


def standing(**moved: tuple[float, float, float]) -> PoseFrame:
    """`STANDING`, with landmarks named in lower case (``left_knee=...``) moved."""
    points = {**STANDING, **{L[name.upper()]: xyz for name, xyz in moved.items()}}
    return frame_from_world(world_points(points))


def left_right(metric: dict, frame: PoseFrame | None = None) -> tuple[float, float]:
    values, _ = compute(metric, frame or standing())
    return float(values[0, 0]), float(values[0, 1])


KNEE_ANGLE = {"kind": "angle", "at": ["hip", "knee", "ankle"], "side": "each"}


def test_angle_at_the_middle_point_on_each_side() -> None:
    assert left_right(KNEE_ANGLE) == pytest.approx((135.0, 90.0), abs=1e-9)


def test_opposite_points_come_from_the_other_side() -> None:
    # Left: at the left hip, from the left knee (45 degrees forward) to the right knee
    # (straight down, 0.2 m to the side): vectors (0, .3, -.3) and (-.2, .5, 0).
    between_knees = {"kind": "angle", "at": ["knee", "hip", "opposite_knee"], "side": "each"}
    left = math.degrees(math.acos(0.15 / (math.sqrt(0.18) * math.sqrt(0.29))))
    # Right: at the right hip, from the right knee (0, .5, 0) to the left knee (.2, .3, -.3).
    right = math.degrees(math.acos(0.15 / (0.5 * math.sqrt(0.22))))
    assert left_right(between_knees) == pytest.approx((left, right), abs=1e-9)


def test_inclination_against_vertical_and_horizontal() -> None:
    thigh = {"kind": "inclination", "from": "hip", "to": "knee", "side": "each"}
    assert left_right({**thigh, "reference": "vertical"}) == pytest.approx((45.0, 0.0), abs=1e-9)
    assert left_right({**thigh, "reference": "horizontal"}) == pytest.approx((45.0, 90.0),
                                                                             abs=1e-9)


def test_elevation_is_signed_above_the_horizontal() -> None:
    hip_to_ankle = {"kind": "elevation", "from": "hip", "to": "ankle", "side": "each"}
    # Left ankle 0.6 m below and 0.3 m ahead of the hip; right 0.5 m below and 0.5 m behind.
    assert left_right(hip_to_ankle) == pytest.approx(
        (-math.degrees(math.atan2(0.6, 0.3)), -45.0), abs=1e-9)
    raised = standing(right_ankle=(-0.1, -0.5, 0.5))  # kicked up and back, 45 degrees
    assert left_right(hip_to_ankle, raised)[1] == pytest.approx(45.0, abs=1e-9)


def test_distances_are_in_torso_lengths_unless_told_otherwise() -> None:
    hip_to_nose = {"kind": "distance", "from": "mid_hip", "to": "nose"}
    assert left_right(hip_to_nose) == pytest.approx((1.4, 1.4), abs=1e-9)  # 0.7 m / 0.5 m
    assert left_right({**hip_to_nose, "axis": "vertical_up"})[0] == pytest.approx(1.4, abs=1e-9)
    assert left_right({**hip_to_nose, "axis": "y"})[0] == pytest.approx(-1.4, abs=1e-9)
    assert left_right({**hip_to_nose, "per": []})[0] == pytest.approx(0.7, abs=1e-9)  # metres
    hips = {"kind": "distance", "from": "left_hip", "to": "right_hip"}
    assert left_right({**hips, "axis": "x"})[0] == pytest.approx(-0.4, abs=1e-9)  # -0.2 m
    shoulders_per_hips = {"kind": "distance", "from": "left_shoulder", "to": "right_shoulder",
                          "per": ["left_hip", "right_hip"]}
    assert left_right(shoulders_per_hips)[0] == pytest.approx(1.5, abs=1e-9)  # 0.3 m / 0.2 m


def test_the_picture_stretches_x_by_the_frame_aspect() -> None:
    hips = {"kind": "distance", "from": "left_hip", "to": "right_hip"}
    # World: 0.2 m across / 0.5 m torso. Picture: 0.2 * 0.533 across / 0.5 * 0.4 down.
    assert left_right(hips)[0] == pytest.approx(0.4, abs=1e-9)
    assert left_right({**hips, "space": "image"})[0] == pytest.approx(0.2 * 0.4 * 4 / 3 / 0.2,
                                                                       abs=1e-9)
    # A ratio of two lengths across the picture does not depend on the aspect.
    shoulders_per_hips = {"kind": "distance", "from": "left_shoulder", "to": "right_shoulder",
                          "per": ["left_hip", "right_hip"], "space": "image"}
    assert left_right(shoulders_per_hips)[0] == pytest.approx(1.5, abs=1e-9)


def test_image_space_sees_only_the_picture_plane() -> None:
    thigh = {"kind": "inclination", "from": "hip", "to": "knee", "reference": "vertical",
             "side": "each", "space": "image"}
    # The left thigh points at the camera: straight down in the picture, 45 degrees in 3D.
    assert left_right(thigh)[0] == pytest.approx(0.0, abs=1e-9)
    # A thigh 45 degrees forward across the picture: 0.3 m across and down each, so
    # tan = (0.3 * 0.533) / (0.3 * 0.4) = 4/3 in a 640x480 frame, 1 with no frame size.
    across = world_points({**STANDING, L.LEFT_KNEE: (0.4, 0.3, 0.0)})
    assert left_right(thigh, frame_from_world(across))[0] == pytest.approx(
        math.degrees(math.atan(4 / 3)), abs=1e-9)
    square = frame_from_world(across, image_size=None)
    assert left_right(thigh, square)[0] == pytest.approx(45.0, abs=1e-9)
    # The right shin runs straight back, hidden behind the knee: no angle in the picture.
    knee = {**KNEE_ANGLE, "space": "image"}
    left, right = left_right(knee)
    assert left == pytest.approx(180.0, abs=1e-4) and math.isnan(right)


def _side_view_head(ear_forward_deg: float) -> PoseFrame:
    """Side-on: hips at the origin, shoulders 0.5 m above, the ears 0.2 m from the
    shoulders tilted `ear_forward_deg` from straight up toward the nose (at +x)."""
    a = math.radians(ear_forward_deg)
    ear = (0.2 * math.sin(a), -0.5 - 0.2 * math.cos(a))
    return frame_from_world(world_points({
        L.LEFT_HIP: (0.0, 0.0, -0.1), L.RIGHT_HIP: (0.0, 0.0, 0.1),
        L.LEFT_SHOULDER: (0.0, -0.5, -0.1), L.RIGHT_SHOULDER: (0.0, -0.5, 0.1),
        L.LEFT_EAR: (*ear, -0.1), L.RIGHT_EAR: (*ear, 0.1), L.NOSE: (0.1, -0.72, 0.0),
    }))


def test_bend_is_signed_toward_the_named_point() -> None:
    head = {"kind": "bend", "at": ["hip", "shoulder", "ear"], "toward": "nose", "side": "each"}
    values, _ = compute(head, _side_view_head(30.0), _side_view_head(-30.0),
                        _side_view_head(0.0))
    assert values[:, 0] == pytest.approx([30.0, -30.0, 0.0], abs=1e-9)
    assert values[:, 1] == pytest.approx([30.0, -30.0, 0.0], abs=1e-9)


def test_a_bend_beyond_the_joints_reach_away_is_read_toward_on_a_flat_picture() -> None:
    # A body facing the camera, the left thigh swung out across the picture to +x with
    # the nose a little to -x of the trunk's line: the picture says "away from the nose".
    thigh = {"kind": "bend", "at": ["shoulder", "hip", "knee"], "toward": "nose",
             "side": "left", "away_at_most": 40}

    def frame(knee_x: float, knee_y: float) -> PoseFrame:
        return standing(left_shoulder=(0.0, -0.5, 0.0), left_hip=(0.0, 0.0, 0.0),
                        left_knee=(knee_x, knee_y, 0.0), nose=(-0.1, -0.7, 0.0))

    far, near = frame(0.4, 0.3), frame(0.2, 0.4)
    flat = [dataclasses.replace(f, world_xyz=np.full_like(f.world_xyz, np.nan))
            for f in (far, near)]
    world, _ = compute(thigh, far, near)
    picture, _ = compute(thigh, *flat)
    # In 3D the sign is trusted: 53.1 and 26.6 degrees away.
    assert world[:, 0] == pytest.approx([-math.degrees(math.atan2(0.4, 0.3)),
                                         -math.degrees(math.atan2(0.2, 0.4))], abs=1e-9)
    # In the picture (one metre across 0.533 frame heights, down 0.4) the far swing,
    # 60.6 degrees away, is beyond a hip's reach behind the trunk: it is read forward;
    # the near one, 33.7 degrees, is a hip extending and keeps its sign.
    assert picture[:, 0] == pytest.approx([math.degrees(math.atan2(0.4 * 0.533, 0.3 * 0.4)),
                                           -math.degrees(math.atan2(0.2 * 0.533, 0.4 * 0.4))],
                                          abs=0.1)


def _plank(hip_height_m: float) -> PoseFrame:
    """Side-on plank along x: shoulders at 0, hips 0.5 m along (raised `hip_height_m`),
    ankles 1.5 m along, all at floor level y = 0 otherwise."""
    return frame_from_world(world_points({
        L.LEFT_SHOULDER: (0.0, 0.0, -0.15), L.RIGHT_SHOULDER: (0.0, 0.0, 0.15),
        L.LEFT_HIP: (0.5, -hip_height_m, -0.1), L.RIGHT_HIP: (0.5, -hip_height_m, 0.1),
        L.LEFT_ANKLE: (1.5, 0.0, -0.1), L.RIGHT_ANKLE: (1.5, 0.0, 0.1),
    }))


def test_offset_from_a_line_is_signed_up_in_torso_lengths() -> None:
    hips = {"kind": "offset", "point": "mid_hip", "line": ["mid_shoulder", "mid_ankle"]}
    values, _ = compute(hips, _plank(0.1), _plank(-0.1), _plank(0.0))
    torso = math.sqrt(0.5**2 + 0.1**2)  # shoulder midpoint to the raised hip midpoint
    assert values[:, 0] == pytest.approx([0.1 / torso, -0.1 / torso, 0.0], abs=1e-9)


def test_sideways_keeps_only_the_horizontal_slide_square_to_the_trunk() -> None:
    # Trunk along x (hips at 0, shoulders 0.5 m ahead); knees 0.45 m below the hips and
    # 5 cm toward the body's left (+z): the hips sit 0.05 m right of the knees.
    body = frame_from_world(world_points({
        L.LEFT_HIP: (0.0, 0.0, 0.1), L.RIGHT_HIP: (0.0, 0.0, -0.1),
        L.LEFT_SHOULDER: (0.5, 0.0, 0.15), L.RIGHT_SHOULDER: (0.5, 0.0, -0.15),
        L.LEFT_KNEE: (0.0, 0.45, 0.15), L.RIGHT_KNEE: (0.0, 0.45, -0.05),
    }))
    shift = {"kind": "sideways", "point": "mid_hip", "anchor": "mid_knee",
             "along": ["mid_hip", "mid_shoulder"], "across": ["opposite_hip", "hip"],
             "side": "each"}
    # -0.05 m / 0.5 m torso, positive toward the metric's own side.
    assert left_right(shift, body) == pytest.approx((-0.1, 0.1), abs=1e-9)


def test_confidence_is_the_least_mean_of_visibility_and_presence_of_the_points_read() -> None:
    frame = standing()
    visibility, presence = frame.visibility.copy(), frame.presence.copy()
    visibility[L.LEFT_KNEE], presence[L.LEFT_KNEE] = 0.3, 0.9
    visibility[L.RIGHT_ANKLE], presence[L.RIGHT_ANKLE] = 0.8, 0.7
    visibility[L.NOSE] = presence[L.NOSE] = 0.1  # not read by the knee angle
    frame = dataclasses.replace(frame, visibility=visibility, presence=presence)
    values, confidence = compute(KNEE_ANGLE, frame)
    assert confidence[0] == pytest.approx([0.6, 0.75], abs=1e-12)
    assert values[0] == pytest.approx([135.0, 90.0], abs=1e-9)


def test_a_missing_landmark_gives_nan_with_zero_confidence() -> None:
    frame = standing(left_ankle=(math.nan, math.nan, math.nan))
    for space in ("world", "image"):
        values, confidence = compute({**KNEE_ANGLE, "space": space}, frame)
        assert math.isnan(values[0, 0]) and confidence[0, 0] == 0.0, space
    values, confidence = compute(KNEE_ANGLE, frame)
    assert values[0, 1] == pytest.approx(90.0, abs=1e-9)  # the right leg is unaffected
    assert confidence[0, 1] == 1.0


def test_missing_coordinates_have_zero_confidence_whatever_the_visibility() -> None:
    # Converted data can lack a landmark's coordinates while giving its visibility.
    frame = standing()
    world, image = frame.world_xyz.copy(), frame.image_xy.copy()
    world[L.LEFT_ANKLE] = image[L.LEFT_ANKLE] = math.nan
    frame = dataclasses.replace(frame, world_xyz=world, image_xy=image)
    values, confidence = compute(KNEE_ANGLE, frame)
    assert math.isnan(values[0, 0]) and confidence[0, 0] == 0.0
    assert confidence[0, 1] == 1.0
    # The right shin hidden behind the knee in the picture: no angle, so no confidence.
    _, image_confidence = compute({**KNEE_ANGLE, "space": "image"}, standing())
    assert image_confidence[0].tolist() == [1.0, 0.0]


def test_a_missing_torso_makes_normalised_distances_nan() -> None:
    frame = standing(left_shoulder=(math.nan,) * 3)
    values, _ = compute({"kind": "distance", "from": "mid_hip", "to": "nose"}, frame)
    assert np.isnan(values).all()
