"""Running a pose backend over a whole video file: its poses, or its landmark track.

For the benchmarks and track extraction (``extract_tracks.py``); the package
itself checks videos through :mod:`formcheck.session.runner`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from formcheck.pose.backend import PoseBackend
from formcheck.pose.block import PoseBlock
from formcheck.pose.frame import PoseFrame
from formcheck.pose.track import Track
from formcheck.session.recording import track_meta
from formcheck.session.sources import observe_video
from formcheck.video import VideoReader


def poses_from_video(reader: VideoReader, backend: PoseBackend) -> Iterator[PoseFrame]:
    """The backend's landmarks for every frame `reader` decodes, in order.

    The poses of :func:`formcheck.session.sources.observe_video`: a frame with
    nobody found gives :meth:`PoseFrame.empty`, so the timeline keeps its gaps.

    Args:
        reader: an open, not yet iterated video reader.
        backend: an open pose backend (the caller closes it).
    """
    for observed in observe_video(reader, backend):
        yield from observed.poses


def video_to_track(
    path: str | os.PathLike[str], backend: PoseBackend, *, model: str, **meta: Any
) -> Track:
    """Run `backend` over the video at `path` and collect a landmark Track.

    Args:
        path: the video file.
        backend: an open pose backend; a fresh one per video (VIDEO mode tracks
            across frames and needs increasing timestamps).
        model: the pose model variant the backend runs.
        **meta: extra metadata to store, e.g. ``person_policy="auto"``.

    Returns:
        The track; ``meta["truncated"]`` is True when the file ended early.

    Raises:
        UserError: the file is missing, unreadable or not a video.
    """
    with VideoReader(path) as reader:
        poses = PoseBlock.from_frames(poses_from_video(reader, backend))
        info = reader.info
        return Track(poses, meta=track_meta(
            str(info.path), model=model, fps=info.fps, image_size=(info.width, info.height),
            rotation_deg=info.rotation_deg, frames_decoded=reader.frames_decoded,
            truncated=reader.truncated, **meta,
        ))
