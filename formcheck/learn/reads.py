"""From which views a candidate metric reads, for a body standing or on the floor.

A joint angle or a limb's or the trunk's inclination is read from the 3D
landmarks: a standing body shows it from every view; on the floor the trunk and
legs show it from the side and three-quarter views, where they lie across the
image (seen from the head or the feet they run along the camera's axis, and the
depth the model guesses there is its least sure reading), the arms from every
view (under the shoulders or raised, they stand across the image seen head-on
too). A height, distance, offset or bend is read in the image and changes with
the camera's angle: it reads from the view it was measured from only.
"""

from __future__ import annotations

import numpy as np

from formcheck.learn.bank import BankReading, Candidate
from formcheck.learn.channels import channel

_UPRIGHT_DEG = 30.0  # a trunk within this of upright at rest: a standing exercise
_EVERY_VIEW_KINDS = ("angle", "inclination")  # read from 3D landmarks: any standing view


def angular(candidate: Candidate) -> bool:
    """True for a joint angle or an inclination (read from 3D landmarks)."""
    return candidate.fields["kind"] in _EVERY_VIEW_KINDS


def reading_views(candidate: Candidate, posture: str) -> tuple[str, ...]:
    """The views an angular `candidate` reads from (see the module); () for any other."""
    if not angular(candidate):
        return ()
    if posture == "standing" or candidate.region == "arms":
        return ("side", "front", "oblique")
    return ("side", "oblique")


def reads_from(candidate: Candidate, view: str, posture: str) -> bool:
    """True when `candidate` reads from `view` (an image measure: the view it was measured in)."""
    return not angular(candidate) or view in reading_views(candidate, posture)


def posture(reading: BankReading, judged: np.ndarray) -> str:
    """"standing" when the trunk is within 30° of upright at rest (outside the `judged`
    frames, shape (N,) bool), else "any" (on the floor, or not told)."""
    trunk = channel(reading, "trunk_lean", "both").smoothed[~judged]
    trunk = trunk[~np.isnan(trunk)]
    upright = len(trunk) and float(np.median(trunk)) < _UPRIGHT_DEG
    return "standing" if upright else "any"
