"""Keypoints read from another pose tool's file, turned into a landmark track.

The CSV and JSON readers (`formcheck.pose.convert_csv`, `convert_json`) fill a
`KeypointTable`, which settles what the files leave open the same way for every
format (docs/track-format.md):

- coordinates in pixels (any beyond 1.5) are divided by the frame size, which
  then must be known; otherwise they are read as normalized (0..1);
- a point without a presence counts as present when it lies inside the frame
  (MediaPipe's presence is about 1.0 for in-frame points; visibility is not
  presence), absent outside it;
- a point without a visibility or score is taken as seen (1.0);
- frames without times are timed from their numbers and the frame rate;
- world coordinates are left NaN unless the file gives them, and the checks
  then measure in the picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from formcheck.errors import UserError
from formcheck.pose.block import PoseBlock
from formcheck.pose.landmarks import NUM_LANDMARKS, Landmark
from formcheck.pose.track import Track

PIXEL_THRESHOLD = 1.5
"""Coordinates beyond this are pixels, not fractions of the frame."""


@dataclass(frozen=True)
class ConvertOptions:
    """What the user says about a file that it may not say itself.

    Attributes:
        layout: keypoint order of numbered keypoints (`keypoint_layouts.LAYOUTS`).
        fps: frames per second, for frames without times.
        image_size: (width, height) of the frames in pixels.
    """

    layout: str = "blazepose33"
    fps: float | None = None
    image_size: tuple[int, int] | None = None


@dataclass
class _Frame:
    timestamp_ms: float
    xy: np.ndarray = field(default_factory=lambda: np.full((NUM_LANDMARKS, 2), np.nan))
    z: np.ndarray = field(default_factory=lambda: np.full(NUM_LANDMARKS, np.nan))
    visibility: np.ndarray = field(default_factory=lambda: np.full(NUM_LANDMARKS, np.nan))
    presence: np.ndarray = field(default_factory=lambda: np.full(NUM_LANDMARKS, np.nan))
    world: np.ndarray = field(default_factory=lambda: np.full((NUM_LANDMARKS, 3), np.nan))


class KeypointTable:
    """Keypoints of one person, frame by frame, as a reader finds them.

    Args:
        source: the file read (named in errors).
        image_size: (width, height) in pixels, from the file or the user, if known.
        fps: frame rate, from the file or the user, if known.
    """

    def __init__(self, source: Path, image_size: tuple[int, int] | None = None,
                 fps: float | None = None) -> None:
        self.source = source
        self.image_size = image_size
        self.fps = fps
        self._frames: dict[int, _Frame] = {}

    def frame(self, index: int, timestamp_ms: float = math.nan) -> None:
        """Note frame `index` (at `timestamp_ms`, NaN when the file gives no time)."""
        self._frames.setdefault(index, _Frame(timestamp_ms))

    def point(self, index: int, landmark: Landmark, x: float, y: float, *,
              visibility: float = math.nan, presence: float = math.nan, z: float = math.nan,
              world: tuple[float, float, float] = (math.nan, math.nan, math.nan)) -> None:
        """Set one landmark of frame `index` (noted first with `frame`); NaN = not given."""
        row, k = self._frames[index], int(landmark)
        row.xy[k] = (x, y)
        row.z[k], row.visibility[k], row.presence[k] = z, visibility, presence
        row.world[k] = world

    def track(self, converted_from: str) -> Track:
        """The track of the frames read (see the module docstring for what is settled).

        Raises:
            UserError: no frames, times missing without a frame rate, times not
                increasing, or pixel coordinates without a frame size.
        """
        if not self._frames:
            raise UserError(f"{self.source}: no keypoints found")
        order = sorted(self._frames)
        rows = [self._frames[i] for i in order]
        xy = np.stack([r.xy for r in rows])
        visibility = np.stack([r.visibility for r in rows])
        presence = np.stack([r.presence for r in rows])
        xy = self._normalized(xy)
        seen = np.isfinite(xy).all(axis=2)
        inside = seen & (xy >= 0.0).all(axis=2) & (xy <= 1.0).all(axis=2)
        presence = np.where(np.isnan(presence), inside.astype(float), presence)
        visibility = np.where(np.isnan(visibility), 1.0, visibility)
        xy[~seen] = np.nan
        poses = PoseBlock(
            frame_index=np.array(order, dtype=np.int64),
            timestamp_ms=self._times(order, [r.timestamp_ms for r in rows]),
            image_xy=xy,
            image_z=np.where(seen, np.stack([r.z for r in rows]), np.nan),
            visibility=np.where(seen, visibility, 0.0),
            presence=np.where(seen, presence, 0.0),
            world_xyz=np.stack([r.world for r in rows]),
        )
        meta: dict[str, object] = {"source": str(self.source), "converted_from": converted_from}
        if self.image_size is not None:
            meta["image_size"] = list(self.image_size)
        if self.fps is not None:
            meta["fps"] = self.fps
        return Track(poses, meta=meta)

    def _normalized(self, xy: np.ndarray) -> np.ndarray:
        largest = float(np.nanmax(np.abs(xy))) if np.isfinite(xy).any() else 0.0
        if largest <= PIXEL_THRESHOLD:
            return xy
        if self.image_size is None:
            raise UserError(f"{self.source}: coordinates are pixels (up to {largest:g}); "
                            "give the frame size with --image-size WIDTHxHEIGHT")
        return xy / np.array(self.image_size, dtype=float)

    def _times(self, order: list[int], times: list[float]) -> np.ndarray:
        given = np.array(times, dtype=float)
        if np.isnan(given).all():
            if self.fps is None:
                raise UserError(f"{self.source}: the frames have no times; give the frame "
                                "rate with --fps")
            given = np.array(order, dtype=float) * 1000.0 / self.fps
        elif np.isnan(given).any():
            frame = order[int(np.flatnonzero(np.isnan(given))[0])]
            raise UserError(f"{self.source}: frame {frame} has no timestamp_ms")
        if np.any(np.diff(given) <= 0):
            raise UserError(f"{self.source}: field 'timestamp_ms' must increase with the "
                            "frame number")
        return given


def number(raw: object, where: str, name: str) -> float:
    """`raw` (text or a JSON value) as a float; NaN when empty or null.

    Raises:
        UserError: naming `where`, the field `name` and the value.
    """
    if raw is None or raw == "":
        return math.nan
    if isinstance(raw, bool):
        raise UserError(f"{where}: field '{name}' is not a number: {raw!r}")
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise UserError(f"{where}: field '{name}' is not a number: {raw!r}") from None
    if math.isinf(value):
        raise UserError(f"{where}: field '{name}' is not a finite number: {raw!r}")
    return value
