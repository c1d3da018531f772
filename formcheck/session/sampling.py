"""Choosing which frames to check when speed matters more than every frame.

By default every frame is checked. A stride keeps every N-th frame; a maximum
rate keeps at most one frame per 1/max_fps seconds of source time. Both are
recorded in reports, because fewer frames can miss a short fault or blur a rep.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

# Timestamps of a 30 frames/s file are multiples of 33.33... ms; this slack keeps
# a frame that lands on a bucket edge up to rounding in the following bucket.
_EDGE_SLACK = 1e-6


@dataclass(frozen=True)
class FrameSampling:
    """Which frames of a source to check.

    Attributes:
        stride: keep frames 0, stride, 2*stride, ... of the source (>= 1).
        max_fps: keep at most one of the strided frames per 1/max_fps seconds of
            source time (frames/s, > 0), or None for no limit.
    """

    stride: int = 1
    max_fps: float | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.stride, int) or self.stride < 1:
            raise ValueError(f"stride must be an integer >= 1, got {self.stride!r}")
        if self.max_fps is not None and not (math.isfinite(self.max_fps) and self.max_fps > 0):
            raise ValueError(f"max_fps must be a positive number, got {self.max_fps!r}")

    @property
    def every_frame(self) -> bool:
        """True when nothing is skipped."""
        return self.stride == 1 and self.max_fps is None

    def select(self, frames: Iterable[T], timestamp_ms: Callable[[T], float]) -> Iterator[T]:
        """The kept frames of `frames`, lazily and in order.

        Args:
            frames: the source's frames in time order.
            timestamp_ms: gives a frame's time in milliseconds.
        """
        last_bucket: int | None = None
        for position, frame in enumerate(frames):
            if position % self.stride:
                continue
            if self.max_fps is not None:
                bucket = math.floor(timestamp_ms(frame) * self.max_fps / 1000.0 + _EDGE_SLACK)
                if bucket == last_bucket:
                    continue
                last_bucket = bucket
            yield frame
