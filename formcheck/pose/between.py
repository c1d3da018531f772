"""Landmarks of a frame the pose model did not see, from the analysed frames either side.

When only some frames of a video are analysed (see
:class:`~formcheck.analysis.schedule.AnalysisSchedule`), the frames in between
still go through the engine, so that its smoothing, timers and counters advance
frame by frame in real video time as they do when every frame is analysed. Their
landmarks are drawn on a straight line between the two analysed frames around
them, at the frame's own time.
"""

from __future__ import annotations

from formcheck.pose.frame import LANDMARK_SHAPES, PoseFrame


def between(before: PoseFrame, after: PoseFrame, frame_index: int,
            timestamp_ms: float) -> PoseFrame:
    """The landmarks at `timestamp_ms` (ms), linearly between `before` and `after`.

    Every landmark array (image position and depth, visibility, presence, world
    position) is interpolated. When nobody was found in one of the two frames,
    the frame in between keeps `before`'s landmarks: when the person appeared or
    vanished in between is not known, and the earlier state is what was last seen.
    A landmark missing (NaN) at either end is missing in between.

    Args:
        before: the analysed frame before, at or before `timestamp_ms`.
        after: the analysed frame after, at or after `timestamp_ms`.
        frame_index: the index of the frame in between, in its source.
        timestamp_ms: its presentation time, ms.
    """
    span = after.timestamp_ms - before.timestamp_ms
    if before.has_person and after.has_person and span > 0:
        w = min(max((timestamp_ms - before.timestamp_ms) / span, 0.0), 1.0)
        arrays = {name: (1.0 - w) * getattr(before, name) + w * getattr(after, name)
                  for name in LANDMARK_SHAPES}
    else:
        arrays = {name: getattr(before, name) for name in LANDMARK_SHAPES}
    return PoseFrame(frame_index=frame_index, timestamp_ms=timestamp_ms,
                     image_size=before.image_size, **arrays)
