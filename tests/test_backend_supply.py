"""Landmarkers built ahead for a run of videos (needs mediapipe and a model).

Run with ``FORMCHECK_MODEL_DIR=../shared/models``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from formcheck.video import VideoReader

pytestmark = pytest.mark.e2e
pytest.importorskip("mediapipe")

from formcheck.pose.mediapipe_backend import MediaPipePoseBackend  # noqa: E402
from formcheck.session.supply import BackendSupply  # noqa: E402

SQUAT = Path(__file__).resolve().parents[2] / "shared" / "clips" / "squat" / "calimiro_squat_11.mp4"


@pytest.fixture(scope="module")
def model_path(lite_model: Path) -> Path:
    return lite_model


@pytest.fixture(scope="module")
def frames() -> list[np.ndarray]:
    if not SQUAT.is_file():
        pytest.skip(f"{SQUAT} not available")
    with VideoReader(SQUAT, rgb=True) as reader:
        return [frame.rgb for frame in reader][:40]


def landmarks(backend: MediaPipePoseBackend, frames: list[np.ndarray]) -> np.ndarray:
    """Image landmarks for each frame, shape (frames, 33, 2); NaN where nobody was found."""
    out = np.full((len(frames), 33, 2), np.nan)
    for index, rgb in enumerate(frames):
        pose = backend.detect(rgb, 33.0 * index, index)
        if pose is not None:
            out[index] = pose.image_xy
    return out


def test_each_video_gets_a_fresh_landmarker_that_tracks_like_a_new_one(
    model_path: Path, frames: list[np.ndarray]
) -> None:
    with MediaPipePoseBackend(model_path, person_policy="single") as fresh:
        expected = landmarks(fresh, frames)
    supply = BackendSupply()
    try:
        first = supply.take(model_path, "single")
        landmarks(first, frames)  # the first video
        second = supply.take(model_path, "single")  # built while the first ran
        assert second is not first
        got = landmarks(second, frames)  # same frames again, from timestamp 0
        supply.retire(first)
        supply.retire(second)
    finally:
        supply.close()
    np.testing.assert_array_equal(got, expected)


def test_a_different_policy_is_not_served_from_the_spare(model_path: Path) -> None:
    supply = BackendSupply()
    try:
        first = supply.take(model_path, "single")
        first.close()
        other = supply.take(model_path, "choose")
        assert other.person_policy.value == "choose"
        supply.retire(other)
    finally:
        supply.close()
