"""Camera geometry, MediaPipe-style depth and visibility of the synthetic views."""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.pose.landmarks import Landmark as L
from formcheck.synth import Camera, NoiseConfig, synthesize


def _standing(azimuth: float, **camera: float):
    return synthesize(
        "squat",
        seed=4,
        reps=1,
        camera=Camera(azimuth_deg=azimuth, **camera),
        noise=NoiseConfig.none(),
    )


def _shoulder_width_px(result) -> float:
    xy = result.block.image_xy[0]
    width = result.camera.image_size[0]
    return abs(xy[L.LEFT_SHOULDER, 0] - xy[L.RIGHT_SHOULDER, 0]) * width


def test_side_view_collapses_shoulder_width_front_view_shows_it() -> None:
    side, front = _standing(90.0), _standing(0.0)
    assert _shoulder_width_px(side) < 0.15 * _shoulder_width_px(front)
    assert _shoulder_width_px(front) > 50


def test_front_view_mirrors_left_and_right() -> None:
    xy = _standing(0.0).block.image_xy[0]
    # Facing the camera, the body's left appears on the image's right.
    assert xy[L.LEFT_SHOULDER, 0] > xy[L.RIGHT_SHOULDER, 0]
    assert xy[L.NOSE, 1] < xy[L.LEFT_HIP, 1] < xy[L.LEFT_ANKLE, 1]  # y grows downward


def test_auto_framing_keeps_everything_in_the_image() -> None:
    for azimuth in (0.0, 45.0, 90.0, -90.0, 180.0):
        xy = _standing(azimuth).block.image_xy
        assert np.nanmin(xy) > 0.0 and np.nanmax(xy) < 1.0


def test_explicit_distance_and_focal_length() -> None:
    near, far = _standing(0.0, distance_m=2.5), _standing(0.0, distance_m=5.0)
    ratio = _shoulder_width_px(near) / _shoulder_width_px(far)
    assert ratio == pytest.approx(2.0, rel=0.1)
    assert near.camera.focal_px == pytest.approx(640 / np.tan(np.radians(65 / 2)))


def test_image_z_is_relative_to_the_hips_and_smaller_when_nearer() -> None:
    side = _standing(90.0)
    z = side.block.image_z[0]
    assert (z[L.LEFT_HIP] + z[L.RIGHT_HIP]) / 2 == pytest.approx(0.0, abs=1e-9)
    assert z[L.LEFT_SHOULDER] < z[L.RIGHT_SHOULDER]  # the left side faces the camera
    # Same scale as x: the hip width in depth matches its width seen from the front.
    front_xy = _standing(0.0).block.image_xy[0]
    depth_span = z[L.RIGHT_HIP] - z[L.LEFT_HIP]
    x_span = front_xy[L.LEFT_HIP, 0] - front_xy[L.RIGHT_HIP, 0]
    assert depth_span / x_span == pytest.approx(
        _standing(0.0).camera.position[0] / side.camera.position[1], rel=0.35
    )


def test_world_landmarks_are_camera_aligned() -> None:
    side = _standing(90.0).block.world_xyz[0]
    # From the left side the left shoulder is nearer (smaller z) and the head is up (smaller y).
    assert side[L.LEFT_SHOULDER, 2] < side[L.RIGHT_SHOULDER, 2] - 0.2
    assert side[L.NOSE, 1] < -0.5


def test_far_side_landmarks_are_less_visible() -> None:
    side = synthesize("squat", seed=4, reps=1, camera=Camera(azimuth_deg=90.0))
    vis = side.block.visibility
    near = [L.LEFT_SHOULDER, L.LEFT_HIP, L.LEFT_ELBOW, L.LEFT_EAR]
    far = [L.RIGHT_SHOULDER, L.RIGHT_HIP, L.RIGHT_ELBOW, L.RIGHT_EAR]
    assert np.nanmean(vis[:, near]) > 0.9
    assert np.nanmean(vis[:, far]) < 0.6
    front = synthesize("squat", seed=4, reps=1, camera=Camera(azimuth_deg=0.0)).block.visibility
    assert np.nanmean(front[:, far]) > 0.9


def test_landmarks_outside_the_image_have_low_presence() -> None:
    tight = synthesize(
        "squat",
        seed=4,
        reps=1,
        camera=Camera(azimuth_deg=0.0, distance_m=1.2, height_m=1.0),
        noise=NoiseConfig(pixel_sigma=0.0, frame_dropout=0.0, landmark_dropout=0.0),
    )
    xy = tight.block.image_xy
    outside = np.any((xy < 0) | (xy > 1), axis=-1)
    assert outside.any()
    assert np.nanmax(tight.block.presence[outside]) < 0.5
    inside = ~outside & np.isfinite(xy[..., 0])
    assert np.median(tight.block.presence[inside]) > 0.9
