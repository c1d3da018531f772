"""The real MediaPipe model on real clips (end-to-end; needs mediapipe and a model).

Run with ``FORMCHECK_MODEL_DIR=../shared/models``. Clips come from
``../shared/clips``: a side-view squat (calimiro_squat_11, one person, 144 frames
of 1280x720) and a phone-portrait curl (gym_curl_front, 464x848).
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from formcheck.pose.block import PoseBlock
from formcheck.pose.frame import PoseFrame
from formcheck.pose.landmarks import Landmark
from formcheck.pose.person_policy import PersonPolicy
from formcheck.session.sources import observe_video
from formcheck.video import VideoReader

pytestmark = pytest.mark.e2e
pytest.importorskip("mediapipe")

from formcheck.pose.mediapipe_backend import MediaPipePoseBackend  # noqa: E402

CLIPS = Path(__file__).resolve().parents[2] / "shared" / "clips"
SQUAT = CLIPS / "squat" / "calimiro_squat_11.mp4"
CURL = CLIPS / "bicep_curl" / "gym_curl_front.mp4"


@pytest.fixture(scope="module")
def model_path(lite_model: Path) -> Path:
    return lite_model


@pytest.fixture(scope="module")
def squat_rgb() -> list[np.ndarray]:
    if not SQUAT.is_file():
        pytest.skip(f"{SQUAT} not available")
    with VideoReader(SQUAT) as reader:
        return [cv2.cvtColor(f.bgr, cv2.COLOR_BGR2RGB) for f in reader]


def plausible_standing_person(pose: PoseFrame) -> None:
    """Landmarks in range, head above hips above ankles, a human-sized body in metres."""
    assert np.all(np.isfinite(pose.image_xy)) and np.all(np.isfinite(pose.world_xyz))
    assert np.all((pose.visibility >= 0) & (pose.visibility <= 1))
    y = pose.image_xy[:, 1]
    hip_y = y[[Landmark.LEFT_HIP, Landmark.RIGHT_HIP]].mean()
    assert y[Landmark.NOSE] < hip_y < y[[Landmark.LEFT_ANKLE, Landmark.RIGHT_ANKLE]].mean()
    shoulder_width = np.linalg.norm(
        pose.world_xyz[Landmark.LEFT_SHOULDER] - pose.world_xyz[Landmark.RIGHT_SHOULDER]
    )
    assert 0.15 < shoulder_width < 0.6  # metres


def test_real_clip_has_a_person_in_most_frames(model_path: Path) -> None:
    if not SQUAT.is_file():
        pytest.skip(f"{SQUAT} not available")
    with VideoReader(SQUAT) as reader, MediaPipePoseBackend(model_path) as backend:
        poses = PoseBlock.concatenate(observed.poses for observed in observe_video(
            reader, backend, images=False, block_size=16))
        assert not reader.truncated
    assert len(poses) == 144
    assert np.all(np.diff(poses.timestamp_ms) > 0)
    assert poses.has_person.mean() > 0.9
    plausible_standing_person(poses[0])
    assert poses.image_size == (1280, 720)


def test_mirrored_and_cropped_views_still_find_the_person(
    model_path: Path, squat_rgb: list[np.ndarray]
) -> None:
    rgb = squat_rgb[0]
    views = {"mirrored": rgb[:, ::-1], "cropped": rgb[:, 200:1100]}
    for name, view in views.items():
        assert not view.flags.c_contiguous
        with MediaPipePoseBackend(model_path) as backend:
            pose = backend.detect(view, 0.0, 0)
        assert pose is not None, f"no person in the {name} view"
        plausible_standing_person(pose)
        assert pose.image_size == (view.shape[1], view.shape[0])


def test_mirroring_moves_the_person_to_the_other_side(
    model_path: Path, squat_rgb: list[np.ndarray]
) -> None:
    rgb = squat_rgb[0]
    with MediaPipePoseBackend(model_path) as backend:
        plain = backend.detect(rgb, 0.0, 0)
    with MediaPipePoseBackend(model_path) as backend:
        mirrored = backend.detect(rgb[:, ::-1], 0.0, 0)
    assert plain is not None and mirrored is not None
    nose_x = plain.image_xy[Landmark.NOSE, 0]
    assert mirrored.image_xy[Landmark.NOSE, 0] == pytest.approx(1 - nose_x, abs=0.03)


def test_portrait_clip_and_progress(model_path: Path) -> None:
    if not CURL.is_file():
        pytest.skip(f"{CURL} not available")
    calls: list[int] = []
    with VideoReader(CURL) as reader, MediaPipePoseBackend(model_path) as backend:
        poses = []
        for observed in observe_video(reader, backend, calls.append):
            poses.extend(observed.poses)
            if len(poses) == 30:
                break
        assert reader.info.frame_count == 284
    assert calls[-1] == 30
    assert all(p.image_size == (464, 848) for p in poses)
    assert sum(p.has_person for p in poses) >= 27


def test_nobody_in_a_blank_frame_and_repeated_timestamps(model_path: Path) -> None:
    blank = np.zeros((360, 640, 3), np.uint8)
    with MediaPipePoseBackend(model_path) as backend:
        assert backend.detect(blank, 5.0, 0) is None
        assert backend.detect(blank, 5.0, 1) is None  # same time: nudged, not an error


def test_choose_policy_returns_one_person(model_path: Path, squat_rgb: list[np.ndarray]) -> None:
    with MediaPipePoseBackend(model_path, person_policy=PersonPolicy.CHOOSE) as backend:
        poses = [backend.detect(rgb, i * 41.7, i) for i, rgb in enumerate(squat_rgb[:10])]
    assert all(p is not None for p in poses)
    plausible_standing_person(poses[0])


def test_bad_inputs_and_closed_backend(model_path: Path) -> None:
    backend = MediaPipePoseBackend(model_path)
    with pytest.raises(ValueError, match="uint8"):
        backend.detect(np.zeros((10, 10, 3), np.float32), 0.0, 0)
    with pytest.raises(ValueError, match="shape"):
        backend.detect(np.zeros((10, 10), np.uint8), 0.0, 0)
    backend.close()
    backend.close()
    with pytest.raises(RuntimeError, match="closed"):
        backend.detect(np.zeros((10, 10, 3), np.uint8), 0.0, 0)
    with pytest.raises(ValueError, match="person_policy 'crowd'"):
        MediaPipePoseBackend(model_path, person_policy="crowd")


def test_auto_policy_finds_the_bystander_and_keeps_to_the_patient(
    model_path: Path, squat_rgb: list[np.ndarray]
) -> None:
    """A standing lifter (pasted on the right) is alone for 10 frames; then a supine
    patient (clinic knee hug, from 12 s) appears on the left, as after a title card."""
    clip = CLIPS / "knee_hug" / "clinic_knee_to_chest.mp4"
    if not clip.is_file():
        pytest.skip(f"{clip} not available")
    bystander = squat_rgb[0][:, 380:880]
    patient = []
    with VideoReader(clip) as reader:
        for frame in reader:
            if frame.timestamp_ms >= 12000:
                patient.append(cv2.cvtColor(frame.bgr, cv2.COLOR_BGR2RGB))
            if len(patient) == 50:
                break
    patient[:10] = [np.zeros_like(p) for p in patient[:10]]
    with MediaPipePoseBackend(model_path, person_policy=PersonPolicy.AUTO) as backend:
        poses = [
            backend.detect(np.hstack([p, bystander]), 33.4 * i, i) for i, p in enumerate(patient)
        ]
        assert backend.crowded
    split = 1280 / (1280 + bystander.shape[1])
    on_patient = [p is not None and p.image_xy[Landmark.LEFT_HIP, 0] < split for p in poses]
    assert not any(on_patient[:10])
    assert sum(on_patient[20:]) >= 27


def test_the_libraries_log_chatter_stays_off_stderr(
    model_path: Path, squat_rgb: list[np.ndarray], capfd: pytest.CaptureFixture[str]
) -> None:
    capfd.readouterr()
    with MediaPipePoseBackend(model_path) as backend:
        for index, rgb in enumerate(squat_rgb[:5]):
            backend.detect(rgb, 33.0 * index, index)
    err = capfd.readouterr().err
    assert "INFO:" not in err and "WARNING:" not in err and "W0000" not in err, err
