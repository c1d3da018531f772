"""The skeleton drawn on the HTML report's video stills (the renderer, and OpenCV, loaded lazily).

Kept apart from :mod:`formcheck.report.html` so the page itself never imports
OpenCV: only a report with a video and a track at hand draws on its stills.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from formcheck.pose.block import PoseBlock


def pose_drawer(poses: PoseBlock, rows: Mapping[int, int]) -> Callable[[np.ndarray, int], None]:
    """A `draw(bgr, frame_index)` callback drawing a recorded skeleton in the fault colour.

    Args:
        poses: the landmarks of the report's track.
        rows: video frame index -> row of `poses` holding that frame.
    """

    def draw(bgr: np.ndarray, frame_index: int) -> None:
        from formcheck.render.overlay import draw_skeleton

        draw_skeleton(bgr, poses[rows[frame_index]], faulty=True)

    return draw
