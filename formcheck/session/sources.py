"""Where observed frames come from: a recorded landmark track or a video through a backend."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from formcheck.pose.backend import PoseBackend
from formcheck.pose.frame import PoseFrame
from formcheck.pose.track import Track
from formcheck.session.pipeline import Observed
from formcheck.session.sampling import FrameSampling

if TYPE_CHECKING:
    from formcheck.video import VideoFrame, VideoReader


def observe_track(track: Track) -> Iterator[Observed]:
    """The frames of a recorded track, without images."""
    for pose in track.frames():
        yield Observed(pose)


def observe_video(
    reader: VideoReader,
    backend: PoseBackend,
    progress: Callable[[int], None] | None = None,
    sampling: FrameSampling | None = None,
    *,
    images: bool = True,
) -> Iterator[Observed]:
    """Each decoded frame with the backend's landmarks (empty when nobody is found).

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
    """
    import cv2

    size = (reader.info.width, reader.info.height)
    frames = iter(reader) if sampling is None else sampling.select(reader, _time_of)
    for frame in frames:
        rgb = frame.rgb if frame.rgb is not None else cv2.cvtColor(frame.bgr, cv2.COLOR_BGR2RGB)
        pose = backend.detect(rgb, frame.timestamp_ms, frame.index)
        if progress is not None:
            progress(frame.index + 1)
        observed = Observed(pose or PoseFrame.empty(frame.index, frame.timestamp_ms, size),
                            frame.bgr if images else None)
        if not images:
            reader.recycle(frame)
        yield observed


def _time_of(frame: VideoFrame) -> float:
    return frame.timestamp_ms
