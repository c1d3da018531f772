"""The pictures of a flag card: its worst frame as a still, and a short looping clip of it.

Frames come from the source video when it is at hand (the recorded skeleton
drawn on them), else from the landmark track alone (the skeleton on a dark
backdrop). Clips are small animated WebP images (no video codec needed, they loop
by themselves in every browser): about two seconds around the worst frame at a
few frames per second, or the whole held stretch for a flag about a hold's time,
with its timer written on each frame.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from formcheck.pose.block import PoseBlock
from formcheck.report.drawing import backdrop, draw_caption, draw_skeleton
from formcheck.report.skeleton import MISSING, body_box, frame_at, view_height, view_points

CLIP_FPS = 6.0
HOLD_CLIP_FPS = 4.0
AROUND_S = 1.0
MAX_HOLD_CLIP_S = 8.0
CLIP_WIDTH_PX = 320
SKELETON_CLIP_PX = 200
STILL_WIDTH_PX = 480
VIDEO_WEBP = {"quality": 55, "method": 2}
"""Video frames: lossy, about 50 KiB for a 2 s clip 320 px wide."""
SKELETON_WEBP = {"lossless": True, "quality": 20, "method": 1}
"""Drawings of flat colours: lossless is both smaller (about 10 KiB) and faster to encode."""
JPEG_QUALITY = 70


@dataclass(frozen=True)
class ClipPlan:
    """Which moments a clip shows and what each frame says.

    Attributes:
        times_ms: shape (F,); times of the frames, milliseconds from the source's start.
        captions: F texts written on the frames (the clock, or a hold's timer).
        interval_ms: time each frame is shown, milliseconds.
    """

    times_ms: np.ndarray
    captions: tuple[str, ...]
    interval_ms: float


def around(t_ms: float, first_ms: float, last_ms: float,
           caption: Callable[[float], str]) -> ClipPlan:
    """About 2 s around `t_ms`, kept within the recording [`first_ms`, `last_ms`]."""
    step = 1000.0 / CLIP_FPS
    start = max(first_ms, min(t_ms - AROUND_S * 1000.0, last_ms - 2 * AROUND_S * 1000.0))
    end = min(last_ms, start + 2 * AROUND_S * 1000.0)
    times = np.arange(start, end + step / 2, step)
    return ClipPlan(times, tuple(caption(t) for t in times), step)


def held(start_ms: float, end_ms: float, target_s: float) -> ClipPlan:
    """A held stretch from `start_ms` to `end_ms` with its timer against `target_s` seconds."""
    step = 1000.0 / HOLD_CLIP_FPS
    end = min(end_ms, start_ms + MAX_HOLD_CLIP_S * 1000.0)
    times = np.arange(start_ms, end + step / 2, step)
    total = (end_ms - start_ms) / 1000.0
    captions = tuple(f"held {min((t - start_ms) / 1000.0, total):.1f} s of {target_s:g} s"
                     for t in times)
    return ClipPlan(times, captions, step)


class SkeletonFrames:
    """Frames drawn from the landmark track alone, framed on the body.

    Args:
        poses: the recorded landmarks.
        faulty: indices into `SKELETON_EDGES` drawn in the fault colour.
    """

    def __init__(self, poses: PoseBlock, faulty: Collection[int]) -> None:
        self.poses = poses
        self.faulty = faulty
        self.height = view_height(poses)

    def pictures(self, times_ms: Sequence[float], size_px: int) -> list[Image.Image]:
        """One square picture `size_px` wide per time."""
        pts = np.stack([view_points(self.poses, frame_at(self.poses, t), self.height)
                        for t in times_ms])
        x, y, w, _ = body_box(pts, self.height)
        out = []
        for p in pts:
            image = backdrop((size_px, size_px))
            seen = p[:, 0] != MISSING
            draw_skeleton(image, (p - [x, y]) * (size_px / w), seen, self.faulty)
            out.append(image)
        return out


class VideoFrames:
    """Frames of the source video, with the recorded skeleton drawn on them when known.

    Args:
        video: the video file.
        fps: its frame rate (to find a frame by time when no track is at hand).
        poses: the recorded landmarks, or None.
        faulty: indices into `SKELETON_EDGES` drawn in the fault colour.
    """

    def __init__(self, video: Path, fps: float, poses: PoseBlock | None,
                 faulty: Collection[int]) -> None:
        self.video = video
        self.fps = fps
        self.poses = poses
        self.faulty = faulty

    def pictures(self, times_ms: Sequence[float], size_px: int) -> list[Image.Image]:
        """One picture `size_px` wide per time (fewer when the video ends early)."""
        from formcheck.report.media import read_frames

        rows = [None if self.poses is None else frame_at(self.poses, t) for t in times_ms]
        indices = [round(t / 1000.0 * self.fps) if r is None else int(self.poses.frame_index[r])
                   for t, r in zip(times_ms, rows, strict=True)]
        decoded = read_frames(self.video, indices, size_px)
        out = []
        for index, row in zip(indices, rows, strict=True):
            if index not in decoded:
                continue
            image = Image.fromarray(decoded[index])
            if row is not None:
                xy = self.poses.image_xy[row] * [image.width, image.height]
                seen = np.isfinite(xy).all(axis=1) & (self.poses.visibility[row] >= 0.5)
                draw_skeleton(image, np.nan_to_num(xy), seen, self.faulty)
            out.append(image)
        return out


Frames = SkeletonFrames | VideoFrames


def clip_uri(frames: Frames, plan: ClipPlan) -> str | None:
    """The clip as a looping animated WebP ``data:`` URI; None when no frame could be made."""
    video = isinstance(frames, VideoFrames)
    pictures = frames.pictures(plan.times_ms, CLIP_WIDTH_PX if video else SKELETON_CLIP_PX)
    if not pictures:
        return None
    for image, text in zip(pictures, plan.captions, strict=False):
        draw_caption(image, text)
    buf = io.BytesIO()
    pictures[0].save(buf, format="WEBP", save_all=True, append_images=pictures[1:], loop=0,
                     duration=round(plan.interval_ms), **(VIDEO_WEBP if video else SKELETON_WEBP))
    return "data:image/webp;base64," + base64.b64encode(buf.getvalue()).decode()


def still_uri(frames: VideoFrames, t_ms: float) -> str | None:
    """The video frame at `t_ms` with its skeleton, as a JPEG ``data:`` URI (None: not decoded)."""
    pictures = frames.pictures([t_ms], STILL_WIDTH_PX)
    if not pictures:
        return None
    buf = io.BytesIO()
    pictures[0].save(buf, format="JPEG", quality=JPEG_QUALITY)
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode()
