"""Where observed frames come from: recorded landmarks, or images through a pose backend.

Recorded landmarks are replayed as slices of their block (:func:`observe_poses`,
:func:`observe_track`), never split into frames and stacked again.
:func:`detect_pose` is the one place a frame's image meets the pose backend, for
recorded videos (:func:`observe_video`) and the live camera alike. OpenCV is
loaded only to turn BGR into RGB there, so replaying landmarks needs none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from formcheck.pose.backend import PoseBackend
from formcheck.pose.between import between
from formcheck.pose.block import PoseBlock
from formcheck.pose.frame import PoseFrame
from formcheck.pose.track import Track
from formcheck.session.pipeline import Observed
from formcheck.session.sampling import FrameSampling

if TYPE_CHECKING:
    from formcheck.analysis.schedule import AnalysisSchedule
    from formcheck.video import VideoFrame, VideoReader

T = TypeVar("T")

REPLAY_BLOCK = 512
"""Frames of a replayed track whose metrics are computed together."""


def observe_poses(
    poses: PoseBlock, sampling: FrameSampling | None = None, block_size: int = REPLAY_BLOCK
) -> Iterator[Observed]:
    """Recorded (or synthesized) landmarks, without images, as slices of their block.

    Args:
        poses: the landmarks, in time order.
        sampling: which frames to keep (default: every frame); the same frames as
            :meth:`FrameSampling.select` keeps of the frames one by one.
        block_size: frames per slice.
    """
    if sampling is not None and not sampling.every_frame:
        times = poses.timestamp_ms
        kept = sampling.select(range(len(poses)), lambda i: float(times[i]))
        poses = poses[np.fromiter(kept, dtype=np.intp)]
    for start in range(0, len(poses), block_size):
        yield Observed(poses[start:start + block_size])


def observe_scheduled(poses: PoseBlock, schedule: AnalysisSchedule) -> Iterator[Observed]:
    """Recorded landmarks replayed as a video is checked by `schedule`.

    Frames the schedule does not want are given the landmarks :func:`between` the
    analysed frames around them, as if the model had not been run on them (see
    :func:`scheduled`). Feed the blocks to
    :func:`~formcheck.session.pipeline.analyze` with the same `schedule`.
    """
    def stamp(i: int) -> tuple[int, float]:
        return int(poses.frame_index[i]), float(poses.timestamp_ms[i])

    for _, block in scheduled(range(len(poses)), stamp, poses.__getitem__, schedule):
        yield Observed(block)


def scheduled(
    frames: Iterable[T],
    stamp: Callable[[T], tuple[int, float]],
    detect: Callable[[T], PoseFrame],
    schedule: AnalysisSchedule,
) -> Iterator[tuple[list[T], PoseBlock]]:
    """`frames` in blocks that end with a frame the schedule wants analysed.

    Each block holds the frames the schedule passed over since the last analysed
    one, with landmarks :func:`between` it and the next analysed frame, then that
    frame with its own (`detect`). The first and last frames are always analysed,
    so the set starts and ends at its real times. The schedule is asked about a
    frame only once the block before it went through the engine (feed the
    blocks to :func:`~formcheck.session.pipeline.analyze` with `schedule`).

    Args:
        frames: the frames in time order (any kind: decoded images, row numbers).
        stamp: a frame's index in its source and presentation time (ms).
        detect: a frame's landmarks, from the pose model or a recording.
        schedule: decides which frames are analysed.

    Yields:
        (the block's frames, their landmarks), shape (len(frames),) rows.
    """
    before: PoseFrame | None = None
    waiting: list[T] = []
    for frame, last in _marking_last(frames):
        if before is not None and not last and not schedule.wants(stamp(frame)[1]):
            waiting.append(frame)
            continue
        pose = detect(frame)
        filled = [between(before, pose, *stamp(w)) for w in waiting] if before is not None else []
        yield [*waiting, frame], PoseBlock.from_frames([*filled, pose])
        before, waiting = pose, []


def observe_track(
    track: Track, sampling: FrameSampling | None = None, block_size: int = REPLAY_BLOCK
) -> Iterator[Observed]:
    """The poses of a recorded track, as :func:`observe_poses` gives them."""
    return observe_poses(track.poses, sampling, block_size)


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


@dataclass
class FrameCounts:
    """Frames of a video decoded and, of those, run through the pose model."""

    decoded: int = 0
    analysed: int = 0


def observe_video(
    reader: VideoReader,
    backend: PoseBackend,
    progress: Callable[[int], None] | None = None,
    sampling: FrameSampling | None = None,
    *,
    images: bool = True,
    block_size: int = 1,
    schedule: AnalysisSchedule | None = None,
    counts: FrameCounts | None = None,
) -> Iterator[Observed]:
    """The decoded frames with the backend's landmarks (empty when nobody is found), in blocks.

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
        block_size: frames per block (the last may be shorter).
        schedule: decides which frames the backend runs on, from the updates of the
            frames before (feed the blocks to
            :func:`~formcheck.session.pipeline.analyze` with it); every frame is
            passed on, each block ending with an analysed frame and the frames
            before it given landmarks between the analysed ones (see
            :func:`scheduled`). Overrides `sampling` and `block_size`.
        counts: filled in with the frames decoded and analysed as they go.
    """
    counts = counts if counts is not None else FrameCounts()
    decoded = _counting(reader, counts)
    if schedule is not None:
        yield from _observe_scheduled(reader, decoded, backend, schedule, progress, images,
                                      counts)
        return
    frames = decoded if sampling is None else sampling.select(decoded, _time_of)
    poses: list[PoseFrame] = []
    kept: list[np.ndarray] = []
    for frame in frames:
        counts.analysed += 1
        poses.append(detect_pose(backend, frame.bgr, frame.timestamp_ms, frame.index, frame.rgb))
        if progress is not None:
            progress(frame.index + 1)
        if images:
            kept.append(frame.bgr)
        else:
            reader.recycle(frame)
        if len(poses) == block_size:
            yield Observed(PoseBlock.from_frames(poses), kept if images else None)
            poses, kept = [], []
    if poses:
        yield Observed(PoseBlock.from_frames(poses), kept if images else None)


def _observe_scheduled(
    reader: VideoReader,
    frames: Iterable[VideoFrame],
    backend: PoseBackend,
    schedule: AnalysisSchedule,
    progress: Callable[[int], None] | None,
    images: bool,
    counts: FrameCounts,
) -> Iterator[Observed]:
    def detect(frame: VideoFrame) -> PoseFrame:
        if frame.bgr is None:  # the schedule said it would not want this frame
            raise RuntimeError(f"{reader.path}: frame {frame.index} was passed over, "
                               "then asked for by the schedule")
        counts.analysed += 1
        return detect_pose(backend, frame.bgr, frame.timestamp_ms, frame.index, frame.rgb)

    for block_frames, poses in scheduled(frames, _stamp, detect, schedule):
        if progress is not None:
            progress(block_frames[-1].index + 1)
        if images:
            yield Observed(poses, [frame.bgr for frame in block_frames])
            continue
        for frame in block_frames:
            reader.recycle(frame)
        yield Observed(poses)
        # The block went through the engine and the schedule: the frames it will
        # not want next are decoded without their images.
        reader.pass_over_until(schedule.passes_over_until_ms)


def _counting(frames: Iterable[T], counts: FrameCounts) -> Iterator[T]:
    for frame in frames:
        counts.decoded += 1
        yield frame


def _marking_last(frames: Iterable[T]) -> Iterator[tuple[T, bool]]:
    """Each item with whether it is the last (looking one item ahead)."""
    it = iter(frames)
    try:
        current = next(it)
    except StopIteration:
        return
    for following in it:
        yield current, False
        current = following
    yield current, True


def _time_of(frame: VideoFrame) -> float:
    return frame.timestamp_ms


def _stamp(frame: VideoFrame) -> tuple[int, float]:
    return frame.index, frame.timestamp_ms
