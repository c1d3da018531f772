"""A pose backend wrapper that shrinks frames before inference."""

from __future__ import annotations

import dataclasses

import numpy as np

from formcheck.pose.backend import PoseBackend
from formcheck.pose.frame import PoseFrame


class ResizedInput:
    """Runs `backend` on frames scaled down to at most `width` pixels wide.

    The aspect ratio is kept, so normalized landmark coordinates mean the same in
    the original frame; results report the original image size. Frames already
    narrower than `width` are passed unchanged. MediaPipe resizes internally, so
    this mainly saves memory traffic on large frames; it is recorded in reports
    because it can change the landmarks slightly.

    Args:
        backend: an open pose backend; closed with this wrapper.
        width: largest frame width passed on, in pixels (>= 16).
    """

    def __init__(self, backend: PoseBackend, width: int) -> None:
        if width < 16:
            raise ValueError(f"resize width must be at least 16 pixels, got {width}")
        self.backend = backend
        self.width = width

    def detect(self, rgb: np.ndarray, timestamp_ms: float, frame_index: int) -> PoseFrame | None:
        """Landmarks of the exerciser in `rgb`, uint8 (height, width, 3) RGB."""
        import cv2

        height, width = rgb.shape[:2]
        if width <= self.width:
            return self.backend.detect(rgb, timestamp_ms, frame_index)
        new_height = max(1, round(height * self.width / width))
        small = cv2.resize(rgb, (self.width, new_height), interpolation=cv2.INTER_LINEAR)
        pose = self.backend.detect(small, timestamp_ms, frame_index)
        return None if pose is None else dataclasses.replace(pose, image_size=(width, height))

    def close(self) -> None:
        """Close the wrapped backend."""
        self.backend.close()

    def __enter__(self) -> ResizedInput:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
