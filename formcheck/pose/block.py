"""`PoseBlock`: the landmarks of consecutive frames as arrays, one row per frame.

The one container for poses in bulk: a recorded track holds one, the engine
computes metrics from one, and the pipeline moves frames in them (a few rows at
a time from a camera or video, slices of a track when replaying). Row ``i`` is
the :class:`~formcheck.pose.frame.PoseFrame` of one frame (``block[i]``);
``PoseBlock.from_frames`` stacks frames back into a block.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np

from formcheck.pose.frame import LANDMARK_SHAPES, PoseFrame, checked_array
from formcheck.pose.landmarks import NUM_LANDMARKS

_LANDMARK_FIELDS = tuple(LANDMARK_SHAPES)


def _frame_indices(values: object) -> np.ndarray:
    out = np.asarray(values)
    if out.ndim != 1:
        raise ValueError(
            f"PoseBlock.frame_index must have shape (T,), one entry per frame, got {out.shape}"
        )
    if out.size and out.dtype.kind not in "iu":
        raise ValueError(f"PoseBlock.frame_index must hold whole numbers, got {out.dtype} values")
    return checked_array("PoseBlock", "frame_index", out, out.shape, np.int64)


def _image_size(size: object) -> tuple[int, int] | None:
    if size is None:
        return None
    try:
        width, height = (int(v) for v in size)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        width = height = 0
    if width <= 0 or height <= 0:
        raise ValueError(f"PoseBlock.image_size must be (width, height) in pixels, got {size!r}")
    return width, height


@dataclass(frozen=True, eq=False)
class PoseBlock:
    """Landmarks of one person in T consecutive frames (T may be 0).

    Arrays are float64 (``frame_index`` int64), read-only, and checked against
    the shapes below when the block is made; a landmark that was not seen is
    NaN, never zero, with visibility and presence 0.

    Attributes:
        frame_index: shape (T,); index of each frame in its source (0-based).
        timestamp_ms: shape (T,); presentation time of each frame, milliseconds.
        image_xy: shape (T, 33, 2); normalized image coordinates, x right and y
            down, 0..1 across the (rotation-corrected) frame.
        image_z: shape (T, 33); MediaPipe's relative depth (same scale as x,
            smaller is nearer the camera).
        visibility: shape (T, 33); 0..1 likelihood the landmark is not occluded.
        presence: shape (T, 33); 0..1 likelihood the landmark is inside the frame.
        world_xyz: shape (T, 33, 3); metres, origin between the hips,
            camera-aligned axes (x right, y down, z away from the camera).
        image_size: (width, height) in pixels of the frames the landmarks refer
            to, or None when unknown (e.g. converted external data).
    """

    frame_index: np.ndarray
    timestamp_ms: np.ndarray
    image_xy: np.ndarray
    image_z: np.ndarray
    visibility: np.ndarray
    presence: np.ndarray
    world_xyz: np.ndarray
    image_size: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        index = _frame_indices(self.frame_index)
        n = index.shape[0]
        why = f" (one row per frame; frame_index has {n})"
        object.__setattr__(self, "frame_index", index)
        object.__setattr__(self, "timestamp_ms", checked_array(
            "PoseBlock", "timestamp_ms", self.timestamp_ms, (n,), why=why))
        for name, shape in LANDMARK_SHAPES.items():
            object.__setattr__(self, name, checked_array(
                "PoseBlock", name, getattr(self, name), (n, *shape), why=why))
        object.__setattr__(self, "image_size", _image_size(self.image_size))

    # -- making blocks --------------------------------------------------------------------

    @classmethod
    def empty(cls, image_size: tuple[int, int] | None = None) -> PoseBlock:
        """A block of no frames."""
        n = NUM_LANDMARKS
        return cls(
            frame_index=np.zeros(0, dtype=np.int64),
            timestamp_ms=np.zeros(0),
            image_xy=np.zeros((0, n, 2)),
            image_z=np.zeros((0, n)),
            visibility=np.zeros((0, n)),
            presence=np.zeros((0, n)),
            world_xyz=np.zeros((0, n, 3)),
            image_size=image_size,
        )

    @classmethod
    def from_frames(cls, frames: Iterable[PoseFrame]) -> PoseBlock:
        """Stack frames into a block, in the order given.

        The block's image size is the first frame's (frames of one source share it).
        """
        frames = list(frames)
        if not frames:
            return cls.empty()
        return cls(
            frame_index=np.array([f.frame_index for f in frames], dtype=np.int64),
            timestamp_ms=np.array([f.timestamp_ms for f in frames], dtype=np.float64),
            **{name: np.stack([getattr(f, name) for f in frames]) for name in _LANDMARK_FIELDS},
            image_size=frames[0].image_size,
        )

    @classmethod
    def concatenate(cls, blocks: Iterable[PoseBlock]) -> PoseBlock:
        """The frames of `blocks` one after another in one block (image size of the first)."""
        blocks = list(blocks)
        if not blocks:
            return cls.empty()
        return cls(
            **{name: np.concatenate([getattr(b, name) for b in blocks])
               for name in ("frame_index", "timestamp_ms", *_LANDMARK_FIELDS)},
            image_size=blocks[0].image_size,
        )

    # -- rows -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return int(self.frame_index.shape[0])

    @overload
    def __getitem__(self, index: int) -> PoseFrame: ...

    @overload
    def __getitem__(self, index: slice | Sequence[int] | np.ndarray) -> PoseBlock: ...

    def __getitem__(self, index: int | slice | Sequence[int] | np.ndarray) -> PoseFrame | PoseBlock:
        """Row `index` as a PoseFrame; a slice, index array or boolean mask as a PoseBlock."""
        if isinstance(index, int | np.integer):
            return PoseFrame(
                frame_index=int(self.frame_index[index]),
                timestamp_ms=float(self.timestamp_ms[index]),
                **{name: getattr(self, name)[index] for name in _LANDMARK_FIELDS},
                image_size=self.image_size,
            )
        if not isinstance(index, slice):
            index = np.asarray(index)
            if index.dtype.kind not in "iub" and index.size:
                raise TypeError(f"PoseBlock rows are chosen by position, got {index.dtype} values")
            index = index.astype(np.intp) if index.dtype.kind != "b" else index
        return PoseBlock(
            **{name: getattr(self, name)[index]
               for name in ("frame_index", "timestamp_ms", *_LANDMARK_FIELDS)},
            image_size=self.image_size,
        )

    def __iter__(self) -> Iterator[PoseFrame]:
        for i in range(len(self)):
            yield self[i]

    # -- derived arrays -------------------------------------------------------------------

    @property
    def has_person(self) -> np.ndarray:
        """Shape (T,), bool: True for frames in which at least one landmark was detected."""
        return np.isfinite(self.image_xy).any(axis=(1, 2))

    @property
    def confidence(self) -> np.ndarray:
        """Shape (T, 33), 0..1: the mean of visibility and presence of each landmark.

        MediaPipe's visibility alone runs low on clothed limbs that are plainly in
        view, while presence alone misses occlusion; their mean separates "in view"
        (>= ~0.5) from "out of frame" (< ~0.2) on our clips.
        """
        return (self.visibility + self.presence) / 2.0

    def image_xy_height_units(self) -> np.ndarray:
        """Shape (T, 33, 2): image coordinates with one unit the frame height, y down.

        x is scaled by width/height so that lengths compare in any direction;
        unchanged when the image size is unknown.
        """
        aspect = self.image_size[0] / self.image_size[1] if self.image_size else 1.0
        image = np.array(self.image_xy, dtype=np.float64, copy=True)
        image[..., 0] *= aspect
        return image
