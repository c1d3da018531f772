"""The skeleton drawn on the HTML report's video stills (the renderer, and OpenCV, loaded lazily).

Kept apart from :mod:`formcheck.report.html` so the page itself never imports
OpenCV: only a report with a video and a track at hand draws on its stills.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from formcheck.pose.frame import PoseFrame
from formcheck.report.media import Media


def pose_drawer(media: Media, frames: Mapping[int, int]) -> Callable[[np.ndarray, int], None]:
    """A `draw(bgr, frame_index)` callback drawing the track's skeleton in the fault colour.

    Args:
        media: the report's media; its track gives the landmarks.
        frames: video frame index -> row of the track holding that frame.
    """
    track = media.track

    def draw(bgr: np.ndarray, frame_index: int) -> None:
        from formcheck.render.overlay import draw_skeleton

        i = frames[frame_index]
        draw_skeleton(bgr, PoseFrame(
            frame_index=int(track.frame_index[i]), timestamp_ms=float(track.timestamp_ms[i]),
            image_xy=track.image_xy[i], image_z=track.image_z[i],
            visibility=track.visibility[i], presence=track.presence[i],
            world_xyz=track.world_xyz[i], image_size=None,
        ), faulty=True)

    return draw
