"""Body-point names used in exercise files, resolved to landmark indices once at load.

A point name is one of:
- a sided name without a side ("knee"): resolved against the metric's side, so
  one metric definition serves the left and right limbs;
- ``opposite_<name>`` ("opposite_shoulder"): the other side's landmark, for
  cross-body movements such as bird dog (right arm with left leg);
- ``mid_<name>`` ("mid_hip"): the midpoint of the left and right landmarks;
- an explicit landmark ("left_knee", "nose").
"""

from __future__ import annotations

from formcheck.pose.landmarks import Landmark

SIDED = (
    "eye",
    "ear",
    "shoulder",
    "elbow",
    "wrist",
    "pinky",
    "index",
    "thumb",
    "hip",
    "knee",
    "ankle",
    "heel",
    "foot_index",
)
SIDES = ("left", "right")


def _landmark(side: str, name: str) -> Landmark:
    return Landmark[f"{side}_{name}".upper()]


def is_valid_point(name: str) -> bool:
    """True when `name` is a point name this module can resolve."""
    try:
        resolve_point(name, "left")
    except ValueError:
        return False
    return True


def uses_side(name: str) -> bool:
    """True when the point's landmarks depend on the metric's side."""
    return name in SIDED or name.startswith("opposite_")


def resolve_point(name: str, side: str) -> tuple[int, ...]:
    """Landmark indices whose mean is the point `name` for body side `side`.

    Args:
        name: a point name (see module docstring).
        side: "left" or "right".

    Raises:
        ValueError: unknown name, with the valid forms listed.
    """
    if side not in SIDES:
        raise ValueError(f"side must be 'left' or 'right', got {side!r}")
    other = "right" if side == "left" else "left"
    if name in SIDED:
        return (int(_landmark(side, name)),)
    if name.startswith("opposite_") and name[len("opposite_") :] in SIDED:
        return (int(_landmark(other, name[len("opposite_") :])),)
    if name.startswith("mid_") and name[len("mid_") :] in SIDED:
        base = name[len("mid_") :]
        return (int(_landmark("left", base)), int(_landmark("right", base)))
    if name.upper() in Landmark.__members__:
        return (int(Landmark[name.upper()]),)
    raise ValueError(
        f"unknown body point {name!r}; use a landmark name (e.g. 'left_knee', 'nose'), "
        f"a side-relative name ({', '.join(SIDED)}), or 'mid_'/'opposite_' + one of those"
    )
