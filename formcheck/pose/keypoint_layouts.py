"""Keypoint layouts of other pose tools, mapped onto BlazePose's 33 landmarks.

A layout is the order in which a tool lists its keypoints. ``blazepose33`` is
MediaPipe's own (`Landmark`); ``coco17`` is the COCO keypoint order most other
pose tools write (OpenPifPaf, MMPose, Detectron2, YOLO pose, ...). Every COCO
point has a BlazePose namesake; the BlazePose points COCO lacks (inner and outer
eyes, mouth, hand points, heels, foot index) stay absent in a converted track.
"""

from __future__ import annotations

from formcheck.errors import UserError
from formcheck.pose.landmarks import Landmark

COCO17: tuple[Landmark, ...] = (
    Landmark.NOSE,
    Landmark.LEFT_EYE,
    Landmark.RIGHT_EYE,
    Landmark.LEFT_EAR,
    Landmark.RIGHT_EAR,
    Landmark.LEFT_SHOULDER,
    Landmark.RIGHT_SHOULDER,
    Landmark.LEFT_ELBOW,
    Landmark.RIGHT_ELBOW,
    Landmark.LEFT_WRIST,
    Landmark.RIGHT_WRIST,
    Landmark.LEFT_HIP,
    Landmark.RIGHT_HIP,
    Landmark.LEFT_KNEE,
    Landmark.RIGHT_KNEE,
    Landmark.LEFT_ANKLE,
    Landmark.RIGHT_ANKLE,
)
"""The BlazePose landmark of each COCO keypoint, in COCO's order."""

LAYOUTS: dict[str, tuple[Landmark, ...]] = {
    "blazepose33": tuple(Landmark),
    "coco17": COCO17,
}
"""Layout name -> the BlazePose landmark of each of its keypoints, in its order."""


def layout(name: str, where: str) -> tuple[Landmark, ...]:
    """The landmarks of layout `name`; `where` names the file or option in the error."""
    try:
        return LAYOUTS[name]
    except KeyError:
        raise UserError(f"{where}: layout {name!r} is not one of: {', '.join(LAYOUTS)}") from None


def layout_of_count(count: int, where: str) -> tuple[Landmark, ...]:
    """The layout with `count` keypoints per person (17: COCO, 33: BlazePose)."""
    for points in LAYOUTS.values():
        if len(points) == count:
            return points
    raise UserError(f"{where}: {count} keypoints per person; expected 17 (COCO) or 33 "
                    "(BlazePose)")


def landmark_named(value: str, points: tuple[Landmark, ...], where: str) -> Landmark:
    """The landmark a keypoint column names: a position in `points` or a name (`left_knee`)."""
    value = value.strip()
    if value.isdigit():
        if int(value) < len(points):
            return points[int(value)]
        raise UserError(f"{where}: keypoint number {value} is beyond the layout's "
                        f"{len(points)} points")
    try:
        return Landmark[value.upper()]
    except KeyError:
        raise UserError(f"{where}: unknown keypoint name {value!r}") from None
