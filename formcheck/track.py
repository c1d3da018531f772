"""The landmark-track file: a recorded sequence of PoseFrames.

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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from formcheck.atomic import atomic_output
from formcheck.errors import UserError
from formcheck.npz_archive import read_npz
from formcheck.pose.frame import PoseFrame
from formcheck.pose.landmarks import NUM_LANDMARKS
from formcheck.track_fields import check_frames, check_header, read_meta

TRACK_FORMAT = "formcheck-track"
TRACK_VERSION = 1
TRACK_SUFFIX = ".track.npz"


def is_track_path(path: Path) -> bool:
    """True when `path` names a landmark-track file by its suffix."""
    return path.name.endswith(TRACK_SUFFIX)


@dataclass
class Track:
    """An in-memory landmark track; arrays are stacked along the first axis (N frames)."""

    frame_index: np.ndarray
    timestamp_ms: np.ndarray
    image_xy: np.ndarray
    image_z: np.ndarray
    visibility: np.ndarray
    presence: np.ndarray
    world_xyz: np.ndarray
    meta: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return int(self.frame_index.shape[0])

    @classmethod
    def from_frames(cls, frames: Iterable[PoseFrame], meta: dict[str, Any] | None = None) -> Track:
        """Stack frames into a track."""
        frames = list(frames)
        n = NUM_LANDMARKS

        def stack(attr: str, shape: tuple[int, ...]) -> np.ndarray:
            if not frames:
                return np.zeros((0, *shape))
            return np.stack([getattr(f, attr) for f in frames])

        meta = dict(meta or {})
        if frames and frames[0].image_size is not None:
            meta.setdefault("image_size", list(frames[0].image_size))
        return cls(
            frame_index=np.array([f.frame_index for f in frames], dtype=np.int64),
            timestamp_ms=np.array([f.timestamp_ms for f in frames], dtype=np.float64),
            image_xy=stack("image_xy", (n, 2)),
            image_z=stack("image_z", (n,)),
            visibility=stack("visibility", (n,)),
            presence=stack("presence", (n,)),
            world_xyz=stack("world_xyz", (n, 3)),
            meta=meta,
        )

    def frames(self) -> Iterator[PoseFrame]:
        """Yield the track's frames in order."""
        size = self.meta.get("image_size")
        image_size = (int(size[0]), int(size[1])) if size else None
        for i in range(len(self)):
            yield PoseFrame(
                frame_index=int(self.frame_index[i]),
                timestamp_ms=float(self.timestamp_ms[i]),
                image_xy=self.image_xy[i],
                image_z=self.image_z[i],
                visibility=self.visibility[i],
                presence=self.presence[i],
                world_xyz=self.world_xyz[i],
                image_size=image_size,
            )


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
            frame_index=track.frame_index,
            timestamp_ms=track.timestamp_ms,
            image_xy=track.image_xy.astype(np.float32),
            image_z=track.image_z.astype(np.float32),
            visibility=track.visibility.astype(np.float32),
            presence=track.presence.astype(np.float32),
            world_xyz=track.world_xyz.astype(np.float32),
            meta=np.array(json.dumps(track.meta)),
        )


def load_track(path: Path) -> Track:
    """Read a landmark-track file, checking every field (see `formcheck.track_fields`).

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
    return Track(
        frame_index=arrays["frame_index"].astype(np.int64),
        timestamp_ms=arrays["timestamp_ms"].astype(np.float64),
        image_xy=arrays["image_xy"].astype(np.float64),
        image_z=arrays["image_z"].astype(np.float64),
        visibility=arrays["visibility"].astype(np.float64),
        presence=arrays["presence"].astype(np.float64),
        world_xyz=arrays["world_xyz"].astype(np.float64),
        meta=meta,
    )
