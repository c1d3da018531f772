"""The demonstration's landmark track: read from a `.track.npz`, or found in a video.

A video's track is saved beside the learned file, so the exercise can be
learned again (other options, a corrected count) without running the model.
"""

from __future__ import annotations

from pathlib import Path

from formcheck.pose.block import PoseBlock
from formcheck.pose.track import TRACK_SUFFIX, Track, is_track_path, load_track, save_track
from formcheck.session.models import model_path
from formcheck.session.recording import track_meta


def track_path_for(output: Path) -> Path:
    """Where a video demonstration's track is saved: beside the learned file, same stem."""
    return output.with_name(output.name.removesuffix(".toml") + TRACK_SUFFIX)


def _video_track(video: Path, model: str) -> Track:
    """Run the pose model over every frame of `video` (imports OpenCV and MediaPipe)."""
    from formcheck.pose.mediapipe_backend import MediaPipePoseBackend
    from formcheck.session.sources import observe_video
    from formcheck.video import VideoReader

    with VideoReader(video) as reader, MediaPipePoseBackend(model_path(model)) as backend:
        poses = PoseBlock.from_frames(p for seen in observe_video(reader, backend)
                                      for p in seen.poses)
        info = reader.info
        meta = track_meta(str(video), model=model, fps=info.fps,
                          image_size=(info.width, info.height))
    return Track(poses, meta=meta)


def demo_track(demo: Path, model: str, save_to: Path) -> tuple[Track, Path | None]:
    """The demonstration's track, and where it was saved (None when `demo` is a track).

    Raises:
        UserError: the file is missing or not a readable video or track.
    """
    if is_track_path(demo):
        return load_track(demo), None
    track = _video_track(demo, model)
    save_track(track, save_to)
    return track, save_to
