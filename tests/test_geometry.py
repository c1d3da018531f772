"""Geometry on landmark arrays: angles, inclinations, offsets, NaN handling."""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.analysis import geometry


def test_joint_angle_right_and_straight() -> None:
    a, b = np.array([1.0, 0.0]), np.array([0.0, 0.0])
    assert geometry.joint_angle(a, b, np.array([0.0, 1.0])) == pytest.approx(90.0)
    assert geometry.joint_angle(a, b, np.array([-2.0, 0.0])) == pytest.approx(180.0)


def test_joint_angle_broadcasts_and_propagates_nan() -> None:
    a = np.array([[1.0, 0.0, 0.0], [np.nan, 0.0, 0.0]])
    b = np.zeros((2, 3))
    c = np.array([[0.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
    out = geometry.joint_angle(a, b, c)
    assert out.shape == (2,)
    assert out[0] == pytest.approx(90.0)
    assert np.isnan(out[1])


def test_joint_angle_of_zero_length_segment_is_nan() -> None:
    p = np.array([1.0, 1.0])
    assert np.isnan(geometry.joint_angle(p, p, np.array([2.0, 1.0])))


def test_signed_bend_is_zero_straight_and_signed_by_the_toward_side() -> None:
    hip, shoulder, nose = np.array([0.0, 1.0]), np.zeros(2), np.array([0.3, -0.2])
    ahead, behind = np.array([0.1, -0.2]), np.array([-0.1, -0.2])  # ears, y down
    bend = np.degrees(np.arctan2(0.1, 0.2))
    assert geometry.signed_bend(hip, shoulder, np.array([0.0, -0.2]), nose) == pytest.approx(0.0)
    assert geometry.signed_bend(hip, shoulder, ahead, nose) == pytest.approx(bend)
    assert geometry.signed_bend(hip, shoulder, behind, nose) == pytest.approx(-bend)
    # Mirrored (the person faces the other way): the same forward bend, the same sign.
    mirror = np.array([-1.0, 1.0])
    assert geometry.signed_bend(hip * mirror, shoulder, behind, nose * mirror) == pytest.approx(
        bend)


def test_signed_bend_jitter_about_straight_averages_out_unlike_an_angle() -> None:
    rng = np.random.default_rng(0)
    ear = np.array([0.0, -0.2]) + 0.03 * rng.standard_normal((2000, 2))
    hip, shoulder, nose = np.array([0.0, 1.0]), np.zeros(2), np.array([0.3, -0.2])
    assert abs(np.mean(geometry.signed_bend(hip, shoulder, ear, nose))) < 0.5
    # The unsigned angle folds the same jitter back at straight: biased by degrees.
    assert 180.0 - np.mean(geometry.joint_angle(hip, shoulder, ear)) > 5.0


def test_signed_bend_in_3d_and_nan() -> None:
    hip, shoulder = np.array([0.0, 1.0, 0.0]), np.zeros(3)
    ear, nose = np.array([0.0, -0.2, 0.2]), np.array([0.0, -0.2, 0.3])
    assert geometry.signed_bend(hip, shoulder, ear, nose) == pytest.approx(45.0)
    assert np.isnan(geometry.signed_bend(hip, hip, ear, nose))


@pytest.mark.parametrize(
    ("end", "vertical", "horizontal"),
    [((0.0, -1.0), 0.0, 90.0), ((1.0, 0.0), 90.0, 0.0), ((1.0, -1.0), 45.0, 45.0),
     ((-1.0, 1.0), 45.0, 45.0)],
)
def test_inclination_is_direction_free(end, vertical, horizontal) -> None:
    start = np.zeros(2)
    assert geometry.inclination(start, np.array(end), "vertical") == pytest.approx(vertical)
    assert geometry.inclination(start, np.array(end), "horizontal") == pytest.approx(horizontal)


def test_inclination_rejects_unknown_reference() -> None:
    with pytest.raises(ValueError, match="reference"):
        geometry.inclination(np.zeros(2), np.ones(2), "diagonal")


def test_signed_elevation_is_positive_upwards() -> None:
    hip = np.zeros(2)
    assert geometry.signed_elevation(hip, np.array([1.0, -1.0])) == pytest.approx(45.0)
    assert geometry.signed_elevation(hip, np.array([1.0, 1.0])) == pytest.approx(-45.0)


def test_line_offset_sign_follows_height() -> None:
    a, b = np.array([0.0, 0.0]), np.array([2.0, 0.0])
    assert geometry.line_offset(np.array([1.0, -0.3]), a, b) == pytest.approx(0.3)
    assert geometry.line_offset(np.array([1.0, 0.2]), a, b) == pytest.approx(-0.2)


def test_distance_axes() -> None:
    a, b = np.array([0.0, 0.0]), np.array([3.0, -4.0])
    assert geometry.distance(a, b) == pytest.approx(5.0)
    assert geometry.distance(a, b, "x") == pytest.approx(3.0)
    assert geometry.distance(a, b, "vertical_up") == pytest.approx(4.0)
