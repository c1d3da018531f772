"""The synthesizer's reach solvers: a joint's bend for a span, a wrist placed off the
trunk's sagittal plane."""

from __future__ import annotations

import math

import numpy as np
import pytest

from formcheck.pose.landmarks import Landmark as L
from formcheck.synth.body import BodyParams
from formcheck.synth.channels import BodySide, Limb, Pose
from formcheck.synth.kinematics import pose_landmarks
from formcheck.synth.reach import joint_flexion_for_span, place_wrist_3d


def test_a_joint_bends_90_degrees_when_its_ends_span_the_hypotenuse() -> None:
    assert joint_flexion_for_span(0.3, 0.4, 0.5) == pytest.approx(90.0)
    assert joint_flexion_for_span(0.3, 0.4, 0.7) == pytest.approx(0.0, abs=1e-4)
    assert joint_flexion_for_span(0.3, 0.4, 0.9) == 0.0  # out of reach: straight


def test_a_wrist_set_wide_of_the_shoulder_reaches_its_point() -> None:
    body = BodyParams.from_height(1.75)
    pose = Pose.zero()
    shoulder = pose_landmarks(body, pose)[L.LEFT_SHOULDER]
    # 30 cm out to the side, 25 cm ahead and 35 cm down from the shoulder.
    target = shoulder + np.array([0.25, 0.30, -0.35])
    placed = place_wrist_3d(body, pose, BodySide.LEFT, tuple(target))
    points = pose_landmarks(body, placed)
    assert np.linalg.norm(points[L.LEFT_WRIST] - target) < 1e-3
    span = math.dist(shoulder, target)
    assert placed.limb(Limb.ELBOW_FLEXION, BodySide.LEFT) == pytest.approx(
        joint_flexion_for_span(body.upper_arm, body.forearm, span), abs=0.5)
    assert np.allclose(points[L.RIGHT_WRIST], pose_landmarks(body, pose)[L.RIGHT_WRIST])


def test_an_unreachable_wrist_point_gets_the_straight_arm_pointing_at_it() -> None:
    body = BodyParams.from_height(1.75)
    pose = Pose.zero()
    shoulder = pose_landmarks(body, pose)[L.LEFT_SHOULDER]
    direction = np.array([0.6, 0.6, -0.52]) / np.linalg.norm([0.6, 0.6, -0.52])
    placed = place_wrist_3d(body, pose, BodySide.LEFT, tuple(shoulder + 2.0 * direction))
    # Aimed just inside reach (99.995 % of the arm's length): straight to within 3 degrees.
    assert placed.limb(Limb.ELBOW_FLEXION, BodySide.LEFT) < 3.0
    reach = pose_landmarks(body, placed)[L.LEFT_WRIST] - shoulder
    assert np.dot(reach / np.linalg.norm(reach), direction) > 0.999
