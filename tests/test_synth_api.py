"""Public API: determinism, ground truth in Track.meta, track files, noise."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from formcheck.pose.track import load_track
from formcheck.synth import Camera, FaultSpec, NoiseConfig, synthesize, write_track


def test_same_seed_same_result_other_seed_differs() -> None:
    a = synthesize("bird_dog", seed=11, reps=1)
    b = synthesize("bird_dog", seed=11, reps=1)
    c = synthesize("bird_dog", seed=12, reps=1)
    np.testing.assert_array_equal(a.block.image_xy, b.block.image_xy)
    np.testing.assert_array_equal(a.block.visibility, b.block.visibility)
    assert a.truth == b.truth
    assert a.body != c.body
    assert not np.array_equal(a.block.image_xy, c.block.image_xy, equal_nan=True)


def test_truth_is_json_and_complete() -> None:
    result = synthesize(
        "bird_dog",
        seed=1,
        reps=2,
        camera=Camera(azimuth_deg=45.0),
        faults=[
            FaultSpec("back_sag", 10.0, reps=(1,)),
            FaultSpec("weight_shift", span_ms=(1000, 3000)),
        ],
    )
    meta = json.loads(json.dumps(result.track.meta))
    truth = meta["truth"]
    assert meta["exercise"] == "bird_dog" and meta["fps"] == 30.0
    assert truth["view"]["azimuth_deg"] == 45.0
    assert truth["reps_per_side"] == {"left": 2, "right": 2}
    assert truth["one_sided"] is True and truth["posture"] == "quadruped"
    assert truth["seed"] == 1 and truth["body"]["height"] == pytest.approx(
        result.body.height, abs=1e-4
    )
    assert len(truth["holds"]) == 4
    kinds = {f["kind"]: f for f in truth["faults"]}
    assert kinds["back_sag"]["rep"] == 1 and kinds["back_sag"]["magnitude"] == 10.0
    span = kinds["weight_shift"]
    assert span["rep"] is None and span["start_ms"] == 1000 and span["end_ms"] == 3000
    assert span["start_frame"] == 30 and span["end_frame"] == 90
    assert span["magnitude"] == 5.0  # the kind's default


def test_write_track_round_trips(tmp_path: Path) -> None:
    result = synthesize("knee_hug", seed=2, reps=1)
    path = write_track(result, tmp_path / "hug.track.npz")
    track = load_track(path)
    assert track.meta == json.loads(json.dumps(result.track.meta))
    np.testing.assert_allclose(track.poses.image_xy, result.block.image_xy, atol=1e-6)
    assert track.meta["image_size"] == [1280, 720]


def test_timestamps_follow_the_frame_rate() -> None:
    result = synthesize("squat", seed=0, reps=1, fps=25.0)
    assert np.diff(result.block.timestamp_ms) == pytest.approx(40.0)
    assert result.block.frame_index[-1] == len(result.track) - 1


def test_tempo_shortens_the_set() -> None:
    slow = synthesize("squat", seed=0, reps=3, tempo=1.0)
    fast = synthesize("squat", seed=0, reps=3, tempo=2.0)
    assert len(fast.track) < 0.75 * len(slow.track)


def test_noise_jitters_a_few_pixels_and_drops_frames() -> None:
    exact = synthesize("squat", seed=3, reps=4, noise=NoiseConfig.none())
    noisy = synthesize("squat", seed=3, reps=4, noise=NoiseConfig(frame_dropout=0.02))
    width, height = exact.camera.image_size
    error_px = (noisy.block.image_xy - exact.block.image_xy) * [width, height]
    visible = noisy.block.visibility > 0.9
    assert 1.0 < np.nanstd(error_px[visible]) < 4.0
    missing = ~np.isfinite(noisy.block.image_xy[..., 0]).any(axis=1)
    assert missing.any()
    assert (noisy.block.visibility[missing] == 0).all()
    assert np.isfinite(exact.block.image_xy).all()


def test_side_order_and_both() -> None:
    left_first = synthesize("knee_hug", seed=0, reps=2, side_order="left_first")
    assert [r["side"] for r in left_first.truth["reps"]] == ["left", "left", "right", "right"]
    both = synthesize("knee_hug", seed=0, reps=2, side_order="both")
    assert both.truth["reps_per_side"] == {"both": 2}
    with pytest.raises(ValueError, match="one side at a time"):
        synthesize("bird_dog", seed=0, side_order="both")


def test_bad_fault_timing_is_an_error() -> None:
    with pytest.raises(ValueError, match="out of range"):
        synthesize("squat", seed=0, reps=2, faults=[FaultSpec("knee_valgus", reps=(5,))])
    with pytest.raises(ValueError, match="give reps, not span_ms"):
        synthesize("squat", seed=0, faults=[FaultSpec("shallow_depth", span_ms=(0, 1000))])
