"""Running a pose backend over a video file: one PoseFrame per decoded frame."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

from formcheck.pose.backend import PoseBackend
from formcheck.pose.block import PoseBlock
from formcheck.pose.frame import PoseFrame
from formcheck.pose.track import Track
from formcheck.sources import observe_video
from formcheck.video import VideoInfo, VideoReader

Progress = Callable[[int, int], None]
"""Called after each frame with (frames done, frames expected; 0 when unknown)."""


def poses_from_video(
    reader: VideoReader, backend: PoseBackend, progress: Progress | None = None
) -> Iterator[PoseFrame]:
    """Yield the backend's landmarks for every frame `reader` decodes, in order.

    The poses of :func:`formcheck.sources.observe_video`, without the images: a
    frame with nobody found gives :meth:`PoseFrame.empty`, so the timeline keeps its gaps.

    Args:
        reader: an open, not yet iterated video reader.
        backend: an open pose backend (the caller closes it).
        progress: optional callback, see :data:`Progress`.
    """
    done = None if progress is None else (lambda n: progress(n, reader.info.frame_count))
    for observed in observe_video(reader, backend, done):
        yield from observed.poses


def track_meta(info: VideoInfo, **extra: Any) -> dict[str, Any]:
    """Track metadata describing the source video (plus `extra` items, e.g. the model)."""
    return {
        "source": str(info.path),
        "fps": info.fps,
        "image_size": [info.width, info.height],
        "rotation_deg": info.rotation_deg,
        **extra,
    }


def video_to_track(
    path: str | os.PathLike[str],
    backend: PoseBackend,
    progress: Progress | None = None,
    **meta: Any,
) -> Track:
    """Run `backend` over the video at `path` and collect a landmark Track.

    Args:
        path: the video file.
        backend: an open pose backend; a fresh one per video (VIDEO mode tracks
            across frames and needs increasing timestamps).
        progress: optional callback, see :data:`Progress`.
        **meta: extra metadata to store, e.g. ``model="full"``.

    Returns:
        The track; ``meta["truncated"]`` is True when the file ended early.

    Raises:
        UserError: the file is missing, unreadable or not a video.
    """
    with VideoReader(path) as reader:
        return Track(
            PoseBlock.from_frames(poses_from_video(reader, backend, progress)),
            meta=track_meta(
                reader.info,
                frames_decoded=reader.frames_decoded,
                truncated=reader.truncated,
                **meta,
            ),
        )
