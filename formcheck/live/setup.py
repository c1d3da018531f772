"""Where to put the camera for an exercise: the view it needs, how far, how high.

Distances assume a usual webcam (about 70 degrees across, 45 up and down): a
standing person of 1.8 m with some margin fits head to feet from about 3 m; a
body along the floor (about 2 m with margin) fits across the picture from about 2 m.
"""

from __future__ import annotations

from formcheck.spec.language import VIEW_NAMES, ExerciseSpec

_ON_THE_FLOOR = ("supine", "prone", "quadruped", "plank")

_FACING = {"side": "side-on to the camera", "front": "facing the camera",
           "oblique": "half-way turned towards the camera"}


def view_line(views: tuple[str, ...]) -> str:
    """How to be turned to the camera: the first listed view, and the others that also work.

    >>> view_line(("side", "oblique"))
    'Side-on to the camera (a three-quarter view also works)'
    """
    first = _FACING[views[0]]
    others = [VIEW_NAMES[v] for v in views[1:]]
    also = f" (a {' or '.join(others)} view also works)" if others else ""
    return first[0].upper() + first[1:] + also


def distance_line(posture: str) -> str:
    """How far the camera stands, so the whole body is in the picture."""
    if posture in _ON_THE_FLOOR:
        return "Camera about 2 m away, your whole body from head to feet in the picture"
    if posture == "seated":
        return "Camera about 2 m away, your head to your feet in the picture"
    return "Camera about 3 m away, your head to your feet in the picture"


def height_line(posture: str) -> str:
    """How high the camera is placed."""
    if posture in _ON_THE_FLOOR:
        return "Camera low, about 30 to 50 cm above the floor"
    if posture == "seated":
        return "Camera at chest height when you sit, about 80 cm"
    return "Camera at waist height, about 1 m"


def camera_setup(spec: ExerciseSpec) -> list[str]:
    """The set-up step's lines for `spec`: view, distance, height (from its views and posture)."""
    return [view_line(spec.views), distance_line(spec.start_posture),
            height_line(spec.start_posture)]
