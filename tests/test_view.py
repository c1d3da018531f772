"""The body's yaw against the camera (formcheck.analysis.view), on landmarks placed by hand."""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.analysis.view import body_yaw_deg, classify
from formcheck.pose.landmarks import Landmark


def lying_body(azimuth_deg: float, pitch_deg: float) -> np.ndarray:
    """World landmarks, shape (1, 33, 3), of a body lying along the floor, as a camera sees it.

    The body lies along the floor's x axis (head at +x), its left-right line along
    the floor's z axis, the floor's normal pointing up (-y, image y grows down).
    The camera circles the body by `azimuth_deg` (0 = looking along the left-right
    line, a side view; 90 = from the head) and looks down at it by `pitch_deg`.
    """
    points = np.zeros((33, 3))
    half_width = 0.18
    points[Landmark.LEFT_SHOULDER] = (0.5, 0.0, -half_width)
    points[Landmark.RIGHT_SHOULDER] = (0.5, 0.0, half_width)
    points[Landmark.LEFT_HIP] = (0.0, 0.0, -0.8 * half_width)
    points[Landmark.RIGHT_HIP] = (0.0, 0.0, 0.8 * half_width)
    a, p = np.radians(azimuth_deg), np.radians(pitch_deg)
    turn = np.array([[np.cos(a), 0, -np.sin(a)], [0, 1, 0], [np.sin(a), 0, np.cos(a)]])
    tilt = np.array([[1, 0, 0], [0, np.cos(p), -np.sin(p)], [0, np.sin(p), np.cos(p)]])
    return (points @ turn.T @ tilt.T)[None]


@pytest.mark.parametrize(("azimuth", "view"), [(0, "side"), (45, "oblique"), (90, "front")])
@pytest.mark.parametrize("pitch", [0, 30, 50])
def test_a_lying_body_is_seen_from_the_same_side_whatever_the_camera_height(
    azimuth: float, view: str, pitch: float
) -> None:
    yaw = float(body_yaw_deg(lying_body(azimuth, pitch), lying=True)[0])
    assert yaw == pytest.approx(90 - azimuth, abs=1e-6)
    assert classify(yaw) == view


def test_read_as_upright_a_raised_camera_turns_a_lying_side_view_towards_the_front() -> None:
    yaw = float(body_yaw_deg(lying_body(45, 50))[0])
    assert classify(yaw) == "front"  # what the lying-aware estimate corrects


def test_a_camera_straight_above_gives_no_yaw() -> None:
    assert np.isnan(body_yaw_deg(lying_body(0, 88), lying=True)[0])
