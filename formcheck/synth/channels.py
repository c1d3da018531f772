"""Pose channels: the joint angles and root offsets that drive the kinematic body.

A pose is a flat vector of `NUM_CHANNELS` numbers: the axial channels
(`Axial`) followed by the per-side limb channels (`Limb`) of the left, then the
right side. Angles are in degrees, translations in metres.

Sign conventions (body frame: x forward out of the belly, y to the body's left,
z up the spine, all at the pelvis):

- pelvis pitch: + tips the body forward (90 = lying face down / on all fours,
  -90 = lying on the back); pelvis obliquity: + raises the left hip;
  pelvis rotation (about the long axis): + turns the front toward the left.
- spine and neck flexion: + bends forward; lateral bend: + toward the left;
  rotation: + turns toward the left. Head flexion: + nods the chin down.
- shoulder and hip flexion: + swings the limb forward; abduction: + away from
  the midline; rotation: + external. Elbow and knee flexion: + bends the joint.
  Wrist flexion: + bends the hand toward the palm. Ankle dorsiflexion: + lifts
  the toes. Scapula elevation (metres): + raises the shoulder toward the ear;
  scapula protraction (metres): + draws the shoulder forward (rounding it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum, StrEnum

import numpy as np


class BodySide(StrEnum):
    """A body side."""

    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> BodySide:
        """The opposite side."""
        return BodySide.RIGHT if self is BodySide.LEFT else BodySide.LEFT

    @property
    def sign(self) -> float:
        """+1 for the left side, -1 for the right (the sign of the body y axis)."""
        return 1.0 if self is BodySide.LEFT else -1.0


BOTH_SIDES: tuple[BodySide, BodySide] = (BodySide.LEFT, BodySide.RIGHT)


class Axial(IntEnum):
    """Channels of the root, pelvis, spine, neck and head."""

    ROOT_X = 0
    ROOT_Y = 1
    ROOT_Z = 2
    PELVIS_HEADING = 3
    PELVIS_PITCH = 4
    PELVIS_OBLIQUITY = 5
    PELVIS_ROTATION = 6
    SPINE_FLEXION = 7
    SPINE_LATERAL_BEND = 8
    SPINE_ROTATION = 9
    NECK_FLEXION = 10
    NECK_ROTATION = 11
    HEAD_FLEXION = 12


class Limb(IntEnum):
    """Per-side channels of the arm and leg."""

    SCAPULA_ELEVATION = 0
    SHOULDER_FLEXION = 1
    SHOULDER_ABDUCTION = 2
    SHOULDER_ROTATION = 3
    ELBOW_FLEXION = 4
    WRIST_FLEXION = 5
    HIP_FLEXION = 6
    HIP_ABDUCTION = 7
    HIP_ROTATION = 8
    KNEE_FLEXION = 9
    ANKLE_DORSIFLEXION = 10
    SCAPULA_PROTRACTION = 11


NUM_CHANNELS = len(Axial) + 2 * len(Limb)

# Channels whose sign flips when the body is mirrored left <-> right.
_MIRROR_NEGATED = (
    Axial.ROOT_Y,
    Axial.PELVIS_HEADING,
    Axial.PELVIS_OBLIQUITY,
    Axial.PELVIS_ROTATION,
    Axial.SPINE_LATERAL_BEND,
    Axial.SPINE_ROTATION,
    Axial.NECK_ROTATION,
)


def limb_channel(limb: Limb, side: BodySide) -> int:
    """Index in the pose vector of `limb` on `side`."""
    return len(Axial) + (0 if side is BodySide.LEFT else len(Limb)) + int(limb)


def _sides(sides: BodySide | Iterable[BodySide]) -> tuple[BodySide, ...]:
    return (sides,) if isinstance(sides, BodySide) else tuple(sides)


@dataclass(frozen=True, eq=False)
class Pose:
    """An immutable pose vector, also used for pose differences (fault offsets).

    Attributes:
        values: shape (NUM_CHANNELS,); degrees for angles, metres for the root
            offsets and the scapula's elevation and protraction.
    """

    values: np.ndarray

    def __post_init__(self) -> None:
        values = np.array(self.values, dtype=np.float64)
        if values.shape != (NUM_CHANNELS,):
            raise ValueError(f"Pose.values must have shape ({NUM_CHANNELS},), got {values.shape}")
        values.setflags(write=False)
        object.__setattr__(self, "values", values)

    @classmethod
    def zero(cls) -> Pose:
        """Standing upright, arms hanging, every angle and offset 0."""
        return cls(np.zeros(NUM_CHANNELS))

    def axial(self, channel: Axial) -> float:
        """Value of an axial channel."""
        return float(self.values[channel])

    def limb(self, limb: Limb, side: BodySide) -> float:
        """Value of a limb channel on one side."""
        return float(self.values[limb_channel(limb, side)])

    def with_axial(self, **values: float) -> Pose:
        """A copy with axial channels set, by lower-case name (e.g. ``spine_flexion=10``)."""
        out = self.values.copy()
        for name, value in values.items():
            out[Axial[name.upper()]] = value
        return Pose(out)

    def with_limbs(self, sides: BodySide | Iterable[BodySide], **values: float) -> Pose:
        """A copy with limb channels set on `sides`, by lower-case name (``knee_flexion=90``)."""
        out = self.values.copy()
        for side in _sides(sides):
            for name, value in values.items():
                out[limb_channel(Limb[name.upper()], side)] = value
        return Pose(out)

    def plus(self, other: Pose, scale: float = 1.0) -> Pose:
        """This pose plus `scale` times `other`, channel by channel."""
        return Pose(self.values + scale * other.values)

    def mirrored(self) -> Pose:
        """The left-right mirror image: limb channels swapped, lateral channels negated."""
        out = self.values.copy()
        left = slice(len(Axial), len(Axial) + len(Limb))
        right = slice(len(Axial) + len(Limb), NUM_CHANNELS)
        out[left], out[right] = self.values[right], self.values[left]
        for channel in _MIRROR_NEGATED:
            out[channel] = -out[channel]
        return Pose(out)
