"""Where observed frames come from: recorded landmarks, or images through a pose backend.

:func:`detect_pose` is the one place a frame's image meets the pose backend, for
recorded videos (:func:`observe_video`) and the live camera alike. OpenCV is
loaded only to turn BGR into RGB there, so replaying landmarks needs none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

import numpy as np

from formcheck.pose.backend import PoseBackend
from formcheck.pose.frame import PoseFrame
from formcheck.pose.track import Track
from formcheck.session.pipeline import Observed
from formcheck.session.sampling import FrameSampling

if TYPE_CHECKING:
    from formcheck.video import VideoFrame, VideoReader


def observe_poses(poses: Iterable[PoseFrame]) -> Iterator[Observed]:
    """Recorded (or synthesized) landmarks as pipeline frames, without images."""
    for pose in poses:
        yield Observed(pose)


def observe_track(track: Track) -> Iterator[Observed]:
    """The frames of a recorded track, without images."""
    return observe_poses(track.frames())


def detect_pose(
    backend: PoseBackend,
    bgr: np.ndarray,
    timestamp_ms: float,
    frame_index: int,
    rgb: np.ndarray | None = None,
) -> PoseFrame:
    """The exerciser's landmarks in one frame; an empty frame when nobody is found.

    BGR is turned into RGB once, here, unless the caller already has it.

    Args:
        backend: an open pose backend.
        bgr: the frame, uint8, shape (height, width, 3), BGR.
        timestamp_ms: the frame's time in milliseconds (strictly increasing).
        frame_index: the frame's position in its source.
        rgb: the same frame in RGB order, when it was converted elsewhere (e.g.
            on a decode thread).
    """
    if rgb is None:
        import cv2

        rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
    pose = backend.detect(rgb, timestamp_ms, frame_index)
    size = (bgr.shape[1], bgr.shape[0])
    return pose or PoseFrame.empty(frame_index, timestamp_ms, size)


def observe_video(
    reader: VideoReader,
    backend: PoseBackend,
    progress: Callable[[int], None] | None = None,
    sampling: FrameSampling | None = None,
    *,
    images: bool = True,
) -> Iterator[Observed]:
    """Each decoded frame with the backend's landmarks (empty when nobody is found).

    Decoding runs on the reader's thread, overlapping inference; RGB comes from
    the decode thread when the reader was opened with ``rgb=True`` (as batch
    checking does), else it is converted here.

    Args:
        reader: an open video reader, not yet iterated.
        backend: an open pose backend.
        progress: called with the number of source frames done after each frame.
        sampling: which frames to run the backend on (default: every frame).
        images: pass each BGR frame on with its landmarks; without images (when no
            sink draws on them) frames can be processed in blocks at no memory cost.
    """
    frames = iter(reader) if sampling is None else sampling.select(reader, _time_of)
    for frame in frames:
        pose = detect_pose(backend, frame.bgr, frame.timestamp_ms, frame.index, frame.rgb)
        if progress is not None:
            progress(frame.index + 1)
        observed = Observed(pose, frame.bgr if images else None)
        if not images:
            reader.recycle(frame)
        yield observed


def _time_of(frame: VideoFrame) -> float:
    return frame.timestamp_ms
