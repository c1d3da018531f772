"""The pose backend protocol: an image in, one person's landmarks out."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from formcheck.pose.frame import PoseFrame


@runtime_checkable
class PoseBackend(Protocol):
    """Detects the exerciser's landmarks in one frame.

    Implementations are context managers and must be closed. `detect` takes an
    RGB uint8 image of shape (height, width, 3) and a strictly increasing
    timestamp in milliseconds; it returns None when no person is found.
    """

    def detect(self, rgb: np.ndarray, timestamp_ms: int, frame_index: int) -> PoseFrame | None:
        """Landmarks of the exerciser in `rgb`, or None when nobody is in view."""
        ...

    def close(self) -> None:
        """Release the model."""
        ...

    def __enter__(self) -> PoseBackend: ...

    def __exit__(self, *exc_info: object) -> None: ...
