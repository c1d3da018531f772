"""Where to put the camera for an exercise: the view it needs, how far, how high.

Distances assume a usual webcam (about 70 degrees across, 45 up and down): a
standing person of 1.8 m with some margin fits head to feet from about 3 m; a
body along the floor (about 2 m with margin) fits across the picture from about 2 m.
"""

from __future__ import annotations

from formcheck.spec.language import VIEW_NAMES, ExerciseSpec

_ON_THE_FLOOR = ("supine", "prone", "quadruped", "plank")

POSTURE_WORDS = {"standing": "standing", "seated": "sitting", "quadruped": "on hands and knees",
                 "supine": "lying on your back", "prone": "lying on your front",
                 "plank": "in a plank", "any": ""}
"""The start postures of the exercise language in everyday words."""

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


_PLACEMENT = {
    "floor": ("Camera about 2 m away, your whole body from head to feet in the picture",
              "Camera low, about 30 to 50 cm above the floor"),
    "seated": ("Camera about 2 m away, your head to your feet in the picture",
               "Camera at chest height when you sit, about 80 cm"),
    "standing": ("Camera about 3 m away, your head to your feet in the picture",
                 "Camera at waist height, about 1 m"),
}
"""By where the body is: how far the camera stands, and how high it is placed."""


def placement_lines(posture: str) -> tuple[str, str]:
    """How far and how high the camera goes for an exercise starting in `posture`."""
    if posture in _ON_THE_FLOOR:
        return _PLACEMENT["floor"]
    return _PLACEMENT["seated" if posture == "seated" else "standing"]


def start_line(posture: str) -> str:
    """What to do once in view: "Hold still on hands and knees"."""
    words = POSTURE_WORDS[posture]
    return "Hold still in the start position" + (f", {words}" if words else "")


def camera_setup(spec: ExerciseSpec) -> list[str]:
    """The set-up step's lines for `spec`: view, distance, height (from its views and posture)."""
    return [view_line(spec.views), *placement_lines(spec.start_posture)]
