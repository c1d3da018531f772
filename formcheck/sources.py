"""Where observed frames come from: a recorded landmark track or a video through a backend."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import numpy as np

from formcheck.pipeline import Observed
from formcheck.pose.backend import PoseBackend
from formcheck.pose.block import PoseBlock
from formcheck.pose.frame import PoseFrame
from formcheck.pose.track import Track
from formcheck.sampling import FrameSampling

if TYPE_CHECKING:
    from formcheck.video import VideoFrame, VideoReader


REPLAY_BLOCK = 512
"""Frames of a replayed track whose metrics are computed together."""


def observe_track(
    track: Track, sampling: FrameSampling | None = None, block_size: int = REPLAY_BLOCK
) -> Iterator[Observed]:
    """The poses of a recorded track, without images, as slices of its block.

    Args:
        track: the track.
        sampling: which frames to keep (default: every frame); the same frames as
            :meth:`FrameSampling.select` keeps of the track's frames.
        block_size: frames per slice.
    """
    poses = track.poses
    if sampling is not None and not sampling.every_frame:
        times = poses.timestamp_ms
        kept = sampling.select(range(len(poses)), lambda i: float(times[i]))
        poses = poses[np.fromiter(kept, dtype=np.intp)]
    for start in range(0, len(poses), block_size):
        yield Observed(poses[start:start + block_size])


def observe_video(
    reader: VideoReader,
    backend: PoseBackend,
    progress: Callable[[int], None] | None = None,
    sampling: FrameSampling | None = None,
    *,
    images: bool = True,
    block_size: int = 1,
) -> Iterator[Observed]:
    """The decoded frames with the backend's landmarks (empty when nobody is found).

    Decoding runs on the reader's thread, overlapping inference; BGR is turned
    into RGB once, at the backend boundary: on the decode thread when the reader
    was opened with ``rgb=True`` (as batch checking does), else here.

    Args:
        reader: an open video reader, not yet iterated.
        backend: an open pose backend.
        progress: called with the number of source frames done after each frame.
        sampling: which frames to run the backend on (default: every frame).
        images: pass each BGR frame on with its landmarks; without images (when no
            sink draws on them) frames can be processed in blocks at no memory cost.
        block_size: frames per block (the last may be shorter).
    """
    import cv2

    size = (reader.info.width, reader.info.height)
    frames = iter(reader) if sampling is None else sampling.select(reader, _time_of)
    poses: list[PoseFrame] = []
    kept: list[np.ndarray] = []
    for frame in frames:
        rgb = frame.rgb if frame.rgb is not None else cv2.cvtColor(frame.bgr, cv2.COLOR_BGR2RGB)
        pose = backend.detect(rgb, frame.timestamp_ms, frame.index)
        if progress is not None:
            progress(frame.index + 1)
        poses.append(pose or PoseFrame.empty(frame.index, frame.timestamp_ms, size))
        if images:
            kept.append(frame.bgr)
        else:
            reader.recycle(frame)
        if len(poses) == block_size:
            yield Observed(PoseBlock.from_frames(poses), kept if images else None)
            poses, kept = [], []
    if poses:
        yield Observed(PoseBlock.from_frames(poses), kept if images else None)


def _time_of(frame: VideoFrame) -> float:
    return frame.timestamp_ms
