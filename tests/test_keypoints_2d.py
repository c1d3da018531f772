"""2D keypoints from other pose tools: conversion, and checking without world landmarks.

Inputs are synthesized sets (`formcheck.synth`), whose true rep count and camera
azimuth are known, written out as the files another tool would give: COCO-17
keypoints in pixels (JSON, and a one-row-per-frame CSV), or the same track with
its world landmarks removed.
"""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from formcheck.analysis.engine import Engine
from formcheck.analysis.metrics import NO_DEPTH
from formcheck.analysis.results import RepStatus
from formcheck.pose.keypoint_layouts import COCO17
from formcheck.pose.landmarks import Landmark
from formcheck.pose.track import Track, load_track, save_track
from formcheck.session.exercise import ResolvedExercise
from formcheck.session.pipeline import analyze
from formcheck.session.sources import observe_track
from formcheck.spec.language import ExerciseSpec
from formcheck.synth import Camera, synthesize
from tests.cli_checks import assert_one_line_exit_2, run
from tests.exercise_factory import exercise


def _flat(track: Track) -> Track:
    poses = dataclasses.replace(track.poses, world_xyz=np.full_like(track.poses.world_xyz, np.nan))
    return Track(poses, track.meta)


def _counted(track: Track, spec: ExerciseSpec) -> tuple[int, str | None, str | None]:
    """(counted reps, view, why not measurable) of checking `track`."""
    analysis = analyze(observe_track(track), Engine(spec), [])
    counted = sum(a.status is RepStatus.COUNTED for a in analysis.attempts)
    return counted, analysis.view, analysis.not_measurable


@pytest.fixture(scope="module")
def side_squat() -> Track:
    return synthesize("squat", seed=3, reps=4, camera=Camera(azimuth_deg=90.0)).track


def _coco_file(track: Track) -> dict:
    """The track's image landmarks as a COCO keypoint file (pixels, visibility flags)."""
    width, height = track.meta["image_size"]
    poses = track.poses
    images, annotations = [], []
    for k, frame in enumerate(poses.frame_index):
        images.append({"id": 1000 + int(frame), "frame_id": int(frame), "width": width,
                       "height": height})
        keypoints = []
        for landmark in COCO17:
            x, y = poses.image_xy[k, int(landmark)]
            keypoints += [0, 0, 0] if np.isnan(x) else [x * width, y * height, 2]
        annotations.append({"image_id": 1000 + int(frame), "keypoints": keypoints,
                            "score": 0.9})
        # A smaller, less certain second detection in the corner is not kept.
        annotations.append({"image_id": 1000 + int(frame), "score": 0.3,
                            "keypoints": [10, 10, 2] * 17})
    return {"images": images, "annotations": annotations}


def test_coco_json_converts_and_counts_like_the_full_track(capsys, tmp_path, side_squat) -> None:
    source = tmp_path / "squat.json"
    source.write_text(json.dumps(_coco_file(side_squat)))
    target = tmp_path / "squat.track.npz"
    code, out, err = run(capsys, "track", "convert", str(source), str(target), "--fps", "30")
    assert code == 0, err
    converted = load_track(target)
    poses = converted.poses
    assert converted.meta["image_size"] == side_squat.meta["image_size"]
    np.testing.assert_allclose(poses.timestamp_ms, side_squat.poses.timestamp_ms, atol=0.5)
    knee = int(Landmark.LEFT_KNEE)
    np.testing.assert_allclose(poses.image_xy[:, knee], side_squat.poses.image_xy[:, knee],
                               atol=1e-5)
    # COCO has no heels or hand points: absent, not guessed.
    for missing in (Landmark.LEFT_HEEL, Landmark.RIGHT_FOOT_INDEX, Landmark.LEFT_PINKY):
        assert np.isnan(poses.image_xy[:, int(missing)]).all()
        assert (poses.presence[:, int(missing)] == 0).all()
    # In-frame points are present; visibility comes from the COCO flag (2 = visible).
    seen = np.isfinite(poses.image_xy[:, knee, 0])
    assert (poses.presence[seen, knee] == 1.0).all() and (poses.visibility[seen, knee] == 1).all()
    assert np.isnan(poses.world_xyz).all()
    spec = exercise("side_squat")
    assert _counted(converted, spec)[0] == _counted(side_squat, spec)[0] == 4


def test_wide_csv_points_outside_the_frame_are_absent_by_presence(capsys, tmp_path) -> None:
    names = [lm.name.lower() for lm in COCO17]
    header = "frame," + ",".join(f"{n}_x,{n}_y,{n}_score" for n in names)
    rows = []
    for frame in range(3):
        values = [f"{100 + 10 * i},{50 + 20 * i},0.8" for i in range(17)]
        values[15] = "700,300,0.6"  # left ankle beyond the 640-pixel width
        rows.append(f"{frame}," + ",".join(values))
    source = tmp_path / "wide.csv"
    source.write_text("\n".join([header, *rows]) + "\n")
    target = tmp_path / "wide.track.npz"
    code, _, err = run(capsys, "track", "convert", str(source), str(target),
                       "--fps", "25", "--image-size", "640x480")
    assert code == 0, err
    poses = load_track(target).poses
    ankle, knee = int(Landmark.LEFT_ANKLE), int(Landmark.RIGHT_KNEE)
    assert poses.presence[0, ankle] == 0.0 and poses.visibility[0, ankle] == pytest.approx(0.6)
    assert poses.presence[0, knee] == 1.0
    assert poses.image_xy[0, knee] == pytest.approx(((100 + 140) / 640, (50 + 280) / 480))
    assert poses.timestamp_ms.tolist() == [0.0, 40.0, 80.0]


def test_long_csv_numbers_keypoints_in_the_coco_layout(capsys, tmp_path) -> None:
    source = tmp_path / "long.csv"
    source.write_text("frame,timestamp_ms,landmark,x,y\n0,0,13,0.4,0.6\n1,33,13,0.41,0.6\n")
    target = tmp_path / "long.track.npz"
    code, _, err = run(capsys, "track", "convert", str(source), str(target), "--layout", "coco17")
    assert code == 0, err
    poses = load_track(target).poses
    assert np.isfinite(poses.image_xy[:, int(Landmark.LEFT_KNEE)]).all()  # COCO 13
    assert poses.presence[0, int(Landmark.LEFT_KNEE)] == 1.0


@pytest.mark.parametrize(("name", "text", "options", "needles"), [
    ("px.json", json.dumps({"frames": [{"keypoints": [[300, 200, 0.9]] * 17}]}), ["--fps", "30"],
     ["px.json", "pixels", "--image-size"]),
    ("count.json", json.dumps({"frames": [{"keypoints": [0.5, 0.5, 1] * 12}]}), [],
     ["count.json", "'keypoints'", "36 numbers"]),
    ("flag.json", json.dumps({"fps": 30, "frames": [{"keypoints": [[0.5, 0.5, 3]] * 17}]}), [],
     ["flag.json", "frames[0]", "flag 3"]),
    ("times.json", json.dumps({"frames": [{"keypoints": [[0.5, 0.5, 1]] * 17}]}), [],
     ["times.json", "--fps"]),
    ("half.csv", "frame,nose_x,left_knee_x,left_knee_y\n0,0.1,0.2,0.3\n", ["--fps", "30"],
     ["half.csv", "'nose_x'", "'nose_y'"]),
    ("word.csv", "frame,landmark,x,y\n0,left_knee,0.5,high\n", ["--fps", "30"],
     ["word.csv:2", "'y'", "high"]),
    ("bad.json", "{not json", [], ["bad.json", "not valid JSON"]),
])
def test_bad_keypoint_files_give_one_line(capsys, tmp_path, name, text, options, needles) -> None:
    source = tmp_path / name
    source.write_text(text)
    code, _, err = run(capsys, "track", "convert", str(source), str(tmp_path / "o.track.npz"),
                       *options)
    assert_one_line_exit_2(code, err, *needles)


@pytest.mark.parametrize(("name", "azimuth", "view"), [
    ("squat", 90.0, "side"), ("bicep_curl", 0.0, "front"), ("lateral_raise", 0.0, "front"),
    ("push_up", 90.0, "side"),
    # Movement towards the camera: the thighs and the torso are foreshortened.
    ("squat", 0.0, "front"), ("push_up", 0.0, "front"),
])
def test_without_world_landmarks_counts_and_view_come_from_the_picture(name, azimuth,
                                                                       view) -> None:
    synth = synthesize(name, seed=5, reps=3, camera=Camera(azimuth_deg=azimuth))
    spec = ResolvedExercise.resolve(name).spec
    counted, seen_from, why = _counted(_flat(synth.track), spec)
    assert why is None
    assert counted == 3
    assert seen_from == view


def test_a_driver_that_needs_depth_says_the_track_has_no_3d_landmarks(side_squat) -> None:
    sideways = {"kind": "sideways", "point": "mid_hip", "anchor": "mid_ankle",
                "along": ["mid_hip", "mid_shoulder"], "across": ["left_hip", "right_hip"]}
    spec = exercise("side_squat", metrics={"shift": sideways},
                    rep={"driver": "shift", "rest": 0.1, "far": 0.3}, constraints=[])
    _, _, why = _counted(_flat(side_squat), spec)
    assert why is not None and why.endswith(NO_DEPTH)
    _, _, why_full = _counted(side_squat, spec)
    assert why_full is None or NO_DEPTH not in why_full


def test_a_check_that_needs_depth_is_listed_as_such(capsys, tmp_path) -> None:
    """The bird dog's weight-shift check reads a sideways (depth) offset: on a 2D track
    the summary says why it was not made; the reps are still counted in the picture."""
    synth = synthesize("bird_dog", seed=1, reps=1, camera=Camera(azimuth_deg=60.0))
    path = tmp_path / "bird_dog_2d.track.npz"
    save_track(_flat(synth.track), path)
    code, out, err = run(capsys, "check", str(path), "-e", "bird_dog",
                         "-o", str(tmp_path / "r.json"))
    assert code == 0, err
    assert "reps: 2" in out
    lines = [line for line in out.splitlines() if "not checked" in line]
    assert any("weight centred" in line and NO_DEPTH in line for line in lines), out
    assert all(NO_DEPTH not in line for line in lines if "weight centred" not in line), out
