"""Body dimensions from anthropometric proportions of standing height.

Segment lengths follow the proportions of Drillis & Contini as tabulated by
Winter (Biomechanics and Motor Control of Human Movement), adjusted to where
BlazePose puts its landmarks (joint centres for the limbs, a little outside the
hip joint centres for the hips).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

import numpy as np

# Segment length as a fraction of standing height.
_PROPORTIONS: dict[str, float] = {
    "shoulder_width": 0.220,  # between the shoulder landmarks
    "hip_width": 0.140,  # between the hip landmarks
    "trunk_length": 0.288,  # mid-hip to mid-shoulder (0.530 H to 0.818 H)
    "neck_length": 0.080,  # mid-shoulder to the head's pivot near C1
    "head_size": 0.100,  # scale of the face points around the head centre
    "upper_arm": 0.186,
    "forearm": 0.146,
    "hand": 0.070,  # wrist to the index landmark
    "thigh": 0.245,
    "shank": 0.246,
    "ankle_height": 0.039,
    "heel_back": 0.035,  # ankle to heel, along the foot
    "toe_forward": 0.110,  # ankle to the foot-index landmark, along the foot
}


@dataclass(frozen=True)
class BodyParams:
    """Dimensions of one synthetic body, all in metres.

    Attributes:
        height: standing height.
        shoulder_width, hip_width: distance between the left and right landmarks.
        trunk_length: mid-hip to mid-shoulder.
        neck_length: mid-shoulder to the head's pivot.
        head_size: scale of the head; the face points are placed in proportion.
        upper_arm, forearm: shoulder to elbow, elbow to wrist.
        hand: wrist to the index landmark.
        thigh, shank: hip to knee, knee to ankle.
        ankle_height: ankle landmark above the sole.
        heel_back, toe_forward: heel behind and foot index in front of the ankle.
    """

    height: float
    shoulder_width: float
    hip_width: float
    trunk_length: float
    neck_length: float
    head_size: float
    upper_arm: float
    forearm: float
    hand: float
    thigh: float
    shank: float
    ankle_height: float
    heel_back: float
    toe_forward: float

    @classmethod
    def from_height(cls, height: float) -> BodyParams:
        """A body with the average proportions for `height` (metres)."""
        if not 0.5 <= height <= 2.5:
            raise ValueError(f"height must be 0.5..2.5 metres, got {height}")
        return cls(height=height, **{k: v * height for k, v in _PROPORTIONS.items()})

    @classmethod
    def sample(
        cls,
        rng: np.random.Generator,
        height_range: tuple[float, float] = (1.50, 1.95),
        variation: float = 0.05,
    ) -> BodyParams:
        """A random body: height uniform in `height_range` (metres), each proportion
        scaled independently by a uniform factor in 1 +/- `variation`."""
        height = float(rng.uniform(*height_range))
        scale = rng.uniform(1.0 - variation, 1.0 + variation, size=len(_PROPORTIONS))
        values = {
            k: float(v * height * s) for (k, v), s in zip(_PROPORTIONS.items(), scale, strict=True)
        }
        return cls(height=height, **values)

    @property
    def arm_length(self) -> float:
        """Shoulder to wrist, arm straight (metres)."""
        return self.upper_arm + self.forearm

    @property
    def leg_length(self) -> float:
        """Hip to ankle, leg straight (metres)."""
        return self.thigh + self.shank

    def to_dict(self) -> dict[str, float]:
        """JSON-serializable dimensions, metres rounded to 0.1 mm."""
        return {k: round(v, 4) for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, float]) -> BodyParams:
        """Inverse of `to_dict`."""
        return cls(**{f.name: float(data[f.name]) for f in fields(cls)})
