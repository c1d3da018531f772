"""`PoseBlock`: shape checks, rows as PoseFrames, stacking, slicing, and track files.

Blocks here come from `pose_factory.squat_set` (side-view squats, 640x480, every
landmark seen) with some frames nobody is in, or from `_random_block`: seeded
random landmarks already rounded to float32 (the precision of track files), with
a few landmarks and one whole frame missing (NaN, visibility and presence 0).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from pose_factory import side_squat_frame, squat_set

from formcheck.errors import UserError
from formcheck.pose.block import PoseBlock
from formcheck.pose.frame import PoseFrame
from formcheck.pose.track import Track, load_track, save_track
from formcheck.session.pipeline import Observed
from formcheck.session.sampling import FrameSampling
from formcheck.session.sources import observe_track

FIELDS = ("image_xy", "image_z", "visibility", "presence", "world_xyz")


def _random_block(n: int = 12, seed: int = 0) -> PoseBlock:
    rng = np.random.default_rng(seed)

    def f32(*shape: int, low: float = 0.0) -> np.ndarray:
        return (low + rng.random(shape)).astype(np.float32).astype(np.float64)

    image_xy, image_z, world = f32(n, 33, 2), f32(n, 33), f32(n, 33, 3, low=-0.5)
    visibility, presence = f32(n, 33), f32(n, 33)
    for frame, landmark in ((1, 27), (4, 0), (4, 32)):
        image_xy[frame, landmark] = image_z[frame, landmark] = world[frame, landmark] = np.nan
        visibility[frame, landmark] = presence[frame, landmark] = 0.0
    image_xy[7] = image_z[7] = world[7] = np.nan
    visibility[7] = presence[7] = 0.0
    return PoseBlock(frame_index=np.arange(n) * 2, timestamp_ms=np.arange(n) * 66.5 + 10.0,
                     image_xy=image_xy, image_z=image_z, visibility=visibility,
                     presence=presence, world_xyz=world, image_size=(1280, 720))


def assert_same_block(a: PoseBlock, b: PoseBlock) -> None:
    assert a.image_size == b.image_size
    np.testing.assert_array_equal(a.frame_index, b.frame_index)
    np.testing.assert_array_equal(a.timestamp_ms, b.timestamp_ms)
    for name in FIELDS:
        assert np.array_equal(getattr(a, name), getattr(b, name), equal_nan=True), name


def assert_same_frame(a: PoseFrame, b: PoseFrame) -> None:
    assert (a.frame_index, a.timestamp_ms, a.image_size) == (
        b.frame_index, b.timestamp_ms, b.image_size)
    for name in FIELDS:
        assert np.array_equal(getattr(a, name), getattr(b, name), equal_nan=True), name


def _arrays(n: int) -> dict[str, np.ndarray]:
    return {"frame_index": np.arange(n), "timestamp_ms": np.arange(n) * 33.0,
            "image_xy": np.zeros((n, 33, 2)), "image_z": np.zeros((n, 33)),
            "visibility": np.ones((n, 33)), "presence": np.ones((n, 33)),
            "world_xyz": np.zeros((n, 33, 3))}


ROWS = r" \(one row per frame; frame_index has 3\)"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("image_xy", np.zeros((3, 33)), r"PoseBlock.image_xy must have shape \(3, 33, 2\)" + ROWS
     + r", got \(3, 33\)"),
    ("world_xyz", np.zeros((3, 33, 2)), r"PoseBlock.world_xyz must have shape \(3, 33, 3\)"
     + ROWS + r", got \(3, 33, 2\)"),
    ("visibility", np.ones((4, 33)), r"PoseBlock.visibility must have shape \(3, 33\)" + ROWS
     + r", got \(4, 33\)"),
    ("presence", np.ones((3, 17)), r"PoseBlock.presence must have shape \(3, 33\)" + ROWS
     + r", got \(3, 17\)"),
    ("timestamp_ms", np.zeros(2), r"PoseBlock.timestamp_ms must have shape \(3,\)" + ROWS
     + r", got \(2,\)"),
    ("image_z", np.full((3, 33), "x"), r"PoseBlock.image_z must hold numbers"),
    ("frame_index", np.zeros((3, 1), dtype=int),
     r"PoseBlock.frame_index must have shape \(T,\), one entry per frame, got \(3, 1\)"),
    ("frame_index", np.array([0.0, 1.5, 2.0]), r"PoseBlock.frame_index must hold whole numbers"),
    ("image_size", (640, 0), r"PoseBlock.image_size must be \(width, height\) in pixels"),
    ("image_size", (640,), r"PoseBlock.image_size must be \(width, height\) in pixels"),
])
def test_bad_shapes_and_types_are_refused_naming_the_field(field, value, message) -> None:
    with pytest.raises(ValueError, match=message):
        PoseBlock(**{**_arrays(3), field: value})


def test_arrays_are_float64_read_only_views_leaving_the_callers_arrays_alone() -> None:
    arrays = _arrays(3)
    arrays["visibility"] = arrays["visibility"].astype(np.float32)
    block = PoseBlock(**arrays)
    assert block.frame_index.dtype == np.int64 and block.visibility.dtype == np.float64
    with pytest.raises(ValueError, match="read-only"):
        block.image_xy[0, 0, 0] = 1.0
    arrays["image_xy"][0, 0, 0] = 0.25  # the caller's own array is still writable
    assert len(block) == 3


def test_empty_has_no_rows_and_the_right_shapes() -> None:
    block = PoseBlock.empty((640, 480))
    assert len(block) == 0 and block.image_size == (640, 480)
    assert block.image_xy.shape == (0, 33, 2) and block.world_xyz.shape == (0, 33, 3)
    assert PoseBlock.from_frames([]).image_xy.shape == (0, 33, 2)
    assert len(PoseBlock.concatenate([])) == 0


def test_each_row_equals_the_frame_it_was_stacked_from() -> None:
    frames = squat_set(1)
    frames[5] = side_squat_frame(0.0, frames[5].timestamp_ms, index=5, present=False)
    block = PoseBlock.from_frames(frames)
    assert len(block) == len(frames) and block.image_size == (640, 480)
    for frame, row in zip(frames, block, strict=True):
        assert isinstance(row, PoseFrame)
        assert_same_frame(row, frame)
    assert_same_frame(block[-1], frames[-1])
    assert block.has_person.tolist() == [f.has_person for f in frames]
    assert not block.has_person[5]


def test_rows_stack_back_into_the_same_block() -> None:
    block = _random_block()
    assert_same_block(PoseBlock.from_frames(list(block)), block)
    assert_same_block(PoseBlock.concatenate([block[:5], block[5:9], block[9:]]), block)


def test_slices_index_arrays_and_masks_pick_those_rows() -> None:
    block = _random_block()
    rows = [0, 3, 4, 11]
    picked = block[np.array(rows)]
    assert picked.frame_index.tolist() == [2 * r for r in rows]
    assert_same_block(picked, PoseBlock.from_frames([block[r] for r in rows]))
    assert_same_block(block[block.has_person], block[[r for r in range(12) if r != 7]])
    assert block[2:6].timestamp_ms.tolist() == block.timestamp_ms[2:6].tolist()
    assert len(block[[]]) == 0
    with pytest.raises(TypeError, match="chosen by position"):
        block[np.array([0.5])]


def test_a_saved_and_loaded_track_keeps_the_block_nan_included(tmp_path: Path) -> None:
    block = _random_block()
    path = tmp_path / "t.track.npz"
    save_track(Track(block, {"fps": 15.0}), path)
    loaded = load_track(path)
    assert_same_block(loaded.poses, block)
    assert loaded.meta == {"fps": 15.0, "image_size": [1280, 720]}
    assert np.isnan(loaded.poses.image_xy[7]).all()
    assert np.isnan(loaded.poses.world_xyz[4, 0]).all()


def test_a_tracks_metadata_image_size_is_the_one_its_poses_carry() -> None:
    block = _random_block()
    assert Track(block, {"image_size": [640, 480]}).poses.image_size == (640, 480)
    assert Track(dataclasses.replace(block, image_size=None)).meta == {}


def test_a_track_with_a_bad_image_size_is_refused_naming_the_field(tmp_path: Path) -> None:
    path = tmp_path / "t.track.npz"
    save_track(Track(_random_block()), path)
    with np.load(path) as data:
        arrays = dict(data)
    arrays["meta"] = np.array(json.dumps({"image_size": [1280]}))
    np.savez_compressed(path, **arrays)
    with pytest.raises(UserError, match=r"field 'meta' has image_size \[1280\]"):
        load_track(path)


@pytest.mark.parametrize("sampling", [FrameSampling(stride=3), FrameSampling(max_fps=7.0),
                                      FrameSampling(stride=2, max_fps=5.0)])
def test_replaying_a_track_with_sampling_keeps_the_frames_select_keeps(sampling) -> None:
    block = _random_block(n=90)
    kept = [f.frame_index for f in sampling.select(block, lambda f: f.timestamp_ms)]
    replayed = list(observe_track(Track(block), sampling, block_size=8))
    assert all(len(o.poses) <= 8 and o.images is None for o in replayed)
    assert np.concatenate([o.poses.frame_index for o in replayed]).tolist() == kept
    assert len(kept) < 90


def test_observed_images_must_match_the_rows() -> None:
    block = _random_block()[:2]
    image = np.zeros((4, 4, 3), dtype=np.uint8)
    assert len(Observed(block, [image, image]).images) == 2
    with pytest.raises(ValueError, match="2 poses but 1 images"):
        Observed(block, [image])
