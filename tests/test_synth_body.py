"""Kinematic body: proportions, segment lengths, sign conventions, grounding."""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.pose.landmarks import Landmark as L
from formcheck.synth import BodyParams, NoiseConfig, synthesize
from formcheck.synth.channels import BOTH_SIDES, BodySide, Pose
from formcheck.synth.kinematics import pose_landmarks

SEGMENTS = {
    "upper_arm": [(L.LEFT_SHOULDER, L.LEFT_ELBOW), (L.RIGHT_SHOULDER, L.RIGHT_ELBOW)],
    "forearm": [(L.LEFT_ELBOW, L.LEFT_WRIST), (L.RIGHT_ELBOW, L.RIGHT_WRIST)],
    "thigh": [(L.LEFT_HIP, L.LEFT_KNEE), (L.RIGHT_HIP, L.RIGHT_KNEE)],
    "shank": [(L.LEFT_KNEE, L.LEFT_ANKLE), (L.RIGHT_KNEE, L.RIGHT_ANKLE)],
    "hip_width": [(L.LEFT_HIP, L.RIGHT_HIP)],
}


def test_sampled_bodies_stay_in_range() -> None:
    rng = np.random.default_rng(0)
    for _ in range(50):
        body = BodyParams.sample(rng)
        assert 1.5 <= body.height <= 1.95
        ratio = body.thigh / body.height
        assert 0.245 * 0.95 <= ratio <= 0.245 * 1.05


def test_body_round_trips_through_dict() -> None:
    body = BodyParams.sample(np.random.default_rng(3))
    again = BodyParams.from_dict(body.to_dict())
    assert again.thigh == pytest.approx(body.thigh, abs=1e-4)


@pytest.mark.parametrize("exercise", ["squat", "bird_dog", "knee_hug"])
def test_segment_lengths_are_preserved_across_frames(exercise: str) -> None:
    result = synthesize(exercise, seed=5, reps=2, noise=NoiseConfig.none())
    p = result.positions
    for name, pairs in SEGMENTS.items():
        for a, b in pairs:
            lengths = np.linalg.norm(p[:, a] - p[:, b], axis=-1)
            assert lengths == pytest.approx(getattr(result.body, name), abs=1e-9), name


def test_world_landmarks_keep_segment_lengths_and_hip_origin() -> None:
    result = synthesize("squat", seed=2, reps=2, noise=NoiseConfig.none())
    world = result.block.world_xyz
    mid_hip = (world[:, L.LEFT_HIP] + world[:, L.RIGHT_HIP]) / 2
    assert np.abs(mid_hip).max() < 1e-9
    thigh = np.linalg.norm(world[:, L.LEFT_HIP] - world[:, L.LEFT_KNEE], axis=-1)
    assert thigh == pytest.approx(result.body.thigh, abs=1e-9)


def test_sign_conventions() -> None:
    body = BodyParams.from_height(1.75)
    zero = pose_landmarks(body, Pose.zero())
    assert zero[L.LEFT_SHOULDER, 1] > 0 > zero[L.RIGHT_SHOULDER, 1]  # left is +y
    assert zero[L.NOSE, 0] > zero[L.LEFT_EAR, 0]  # facing +x
    flexed = pose_landmarks(body, Pose.zero().with_limbs(BOTH_SIDES, hip_flexion=90))
    assert flexed[L.LEFT_KNEE, 0] == pytest.approx(body.thigh)  # thigh forward
    knee = pose_landmarks(body, Pose.zero().with_limbs(BodySide.LEFT, knee_flexion=90))
    assert knee[L.LEFT_ANKLE, 0] == pytest.approx(-body.shank)  # shank backward
    mirrored = pose_landmarks(
        body, Pose.zero().with_limbs(BodySide.LEFT, shoulder_abduction=40).mirrored()
    )
    assert mirrored[L.RIGHT_WRIST, 1] < zero[L.RIGHT_WRIST, 1]


@pytest.mark.parametrize("exercise", ["squat", "bird_dog", "knee_hug"])
def test_body_rests_on_the_floor(exercise: str) -> None:
    result = synthesize(exercise, seed=1, reps=1, noise=NoiseConfig.none())
    lowest = result.clean_positions[..., 2].min(axis=1)
    assert lowest.max() < 0.05
    assert lowest.min() > -0.05
