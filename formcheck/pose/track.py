"""The landmark-track file: a recorded block of poses (a `PoseBlock`) and its metadata.

Format (version 1), documented in docs/track-format.md: a NumPy ``.npz`` archive
(file name ending ``.track.npz``) holding

- ``format``: the string ``"formcheck-track"``; ``version``: int 1;
- ``frame_index`` (N,) int64; ``timestamp_ms`` (N,) float64;
- ``image_xy`` (N, 33, 2), ``image_z`` (N, 33), ``visibility`` (N, 33),
  ``presence`` (N, 33), ``world_xyz`` (N, 33, 3), float32 on disk (float64 once
  loaded), NaN where missing;
- ``meta``: a JSON object as a string (source file, model, image size, fps, ...).

A frame with no person is stored with NaN landmarks and zero visibility, so the
timeline keeps its gaps.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from formcheck.atomic import atomic_output
from formcheck.errors import UserError
from formcheck.pose.block import PoseBlock
from formcheck.pose.frame import LANDMARK_SHAPES
from formcheck.pose.npz_archive import read_npz
from formcheck.pose.track_fields import check_frames, check_header, read_meta

TRACK_FORMAT = "formcheck-track"
TRACK_VERSION = 1
TRACK_SUFFIX = ".track.npz"


def is_track_path(path: Path) -> bool:
    """True when `path` names a landmark-track file by its suffix."""
    return path.name.endswith(TRACK_SUFFIX)


@dataclass
class Track:
    """An in-memory landmark track: the recorded poses and what they came from.

    Attributes:
        poses: every recorded frame, in time order.
        meta: the file's metadata (source file, model, image size, fps, ...). Its
            ``image_size`` is the track's: when given, the poses take it; when not,
            it is taken from the poses.
    """

    poses: PoseBlock
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.meta = dict(self.meta)
        if "image_size" in self.meta:
            size = self.meta["image_size"]
            self.poses = replace(self.poses, image_size=tuple(size) if size else None)
        elif self.poses.image_size is not None:
            self.meta["image_size"] = list(self.poses.image_size)

    def __len__(self) -> int:
        return len(self.poses)


def save_track(track: Track, path: Path) -> None:
    """Write `track` to `path` atomically (a temporary file renamed into place)."""
    path = Path(path)
    if not is_track_path(path):
        raise UserError(f"{path}: a landmark track file name must end in {TRACK_SUFFIX}")
    with atomic_output(path) as out:
        np.savez_compressed(
            out,
            format=np.array(TRACK_FORMAT),
            version=np.array(TRACK_VERSION),
            frame_index=track.poses.frame_index,
            timestamp_ms=track.poses.timestamp_ms,
            **{key: getattr(track.poses, key).astype(np.float32) for key in LANDMARK_SHAPES},
            meta=np.array(json.dumps(track.meta)),
        )


def load_track(path: Path) -> Track:
    """Read a landmark-track file, checking every field (see `formcheck.pose.track_fields`).

    Raises:
        UserError: the file is missing, damaged, or not a valid track; one line
            naming the file and what is wrong.
    """
    path = Path(path)
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    arrays = read_npz(path, "landmark track")
    check_header(path, arrays, TRACK_FORMAT, TRACK_VERSION)
    check_frames(path, arrays)
    meta = read_meta(path, arrays.get("meta"))
    poses = PoseBlock(
        frame_index=arrays["frame_index"].astype(np.int64),
        **{key: arrays[key].astype(np.float64) for key in ("timestamp_ms", *LANDMARK_SHAPES)},
    )
    return Track(poses, meta)
