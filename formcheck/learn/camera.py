"""What the demonstration's camera saw: whether the body is in view, and from which side.

The view is the engine's own estimate (`formcheck.analysis.view`): the median
body yaw over the frames with a person, 0 degrees square-on, 90 side-on.
"""

from __future__ import annotations

import numpy as np

from formcheck.analysis.view import body_yaw_deg, classify
from formcheck.errors import UserError
from formcheck.pose.block import PoseBlock
from formcheck.pose.landmarks import Landmark, landmark_words

_TORSO = (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)
_MIN_SEEN = 0.5  # share of the frames the torso must be seen in

OBSERVABILITY = {
    "side": ("Learned from a side view: movements toward or away from the camera (knees "
             "caving in, hips shifting sideways, one side dropping) cannot be seen, and the "
             "far arm and leg are partly hidden, so their values are estimates."),
    "front": ("Learned from a front view: forward and backward movements (trunk lean, how far "
              "the hips go back, the head poking forward) point at the camera and are read "
              "from depth, which one camera measures least surely."),
    "oblique": ("Learned from a three-quarter view: both forward and sideways movements are "
                "seen, each only in part, and the far arm and leg are partly hidden."),
}
"""What one camera cannot see, by the demonstration's view."""


def require_body(block: PoseBlock, demo: str, floor: float) -> None:
    """Refuse a demonstration whose torso is not seen in most frames.

    Raises:
        UserError: nobody in view, or shoulders and hips out of view, naming them.
    """
    if not len(block) or not block.has_person.any():
        raise UserError(f"{demo}: nobody is in view in any frame")
    seen = block.confidence[:, list(_TORSO)] >= floor
    missing = [landmark_words(p)
               for p, share in zip(_TORSO, seen.mean(axis=0), strict=True) if share < _MIN_SEEN]
    if missing:
        raise UserError(f"{demo}: the body is not fully in view: the {', '.join(missing)} "
                        f"{'is' if len(missing) == 1 else 'are'} out of view in more than half "
                        "of the frames; film the whole body")


def demo_view(block: PoseBlock) -> tuple[str, float]:
    """The demonstration's view ("front", "side" or "oblique") and its median yaw, degrees."""
    yaw = body_yaw_deg(block.world_xyz)
    yaw = yaw[~np.isnan(yaw)]
    median = float(np.median(yaw)) if len(yaw) else float("nan")
    return classify(median) or "side", median
