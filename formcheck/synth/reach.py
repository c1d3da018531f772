"""Small solvers the exercise scripts use to put hands and feet where they belong."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from formcheck.pose.landmarks import Landmark
from formcheck.synth.body import BodyParams
from formcheck.synth.channels import Axial, BodySide, Pose
from formcheck.synth.kinematics import pose_landmarks, surface_offsets


def two_link_ik(
    upper: float, lower: float, target: tuple[float, float], bend: float = 1.0
) -> tuple[float, float]:
    """Angles that put the end of a planar two-segment limb at `target`.

    The limb hangs along -z at zero angles; the first joint angle swings it
    toward +x (flexion), the second bends the lower segment further toward +x
    when `bend` is +1 (elbow) or back toward -x when `bend` is -1 (knee).

    Args:
        upper, lower: segment lengths (metres).
        target: (x, z) of the limb's end relative to its root joint (metres).
        bend: +1 or -1, the direction of the second joint.

    Returns:
        (first joint angle, second joint flexion >= 0) in degrees; an
        unreachable target gives the straight limb pointing at it.
    """
    x, z = target
    distance = float(np.hypot(x, z))
    cos_bend = (distance**2 - upper**2 - lower**2) / (2 * upper * lower)
    flex = float(np.arccos(np.clip(cos_bend, -1.0, 1.0)))
    aim = float(np.arctan2(x, -z))
    first = aim - bend * np.arctan2(lower * np.sin(flex), upper + lower * np.cos(flex))
    return float(np.degrees(first)), float(np.degrees(flex))


def clearance(body: BodyParams, pose: Pose, landmarks: Sequence[Landmark]) -> float:
    """Height of the lowest skin point of `landmarks`, root at the ROOT channels (metres)."""
    positions = pose_landmarks(body, pose)
    idx = [int(lm) for lm in landmarks]
    return float(np.min(positions[idx, 2] - surface_offsets(body)[idx]))


def bisect(fn: Callable[[float], float], lo: float, hi: float, iterations: int = 24) -> float:
    """A root of `fn` in [lo, hi], where `fn(lo)` and `fn(hi)` differ in sign.

    Raises:
        ValueError: when the signs at the ends agree.
    """
    f_lo = fn(lo)
    if f_lo * fn(hi) > 0:
        raise ValueError(f"no sign change of the function between {lo} and {hi}")
    for _ in range(iterations):
        mid = (lo + hi) / 2
        f_mid = fn(mid)
        if f_lo * f_mid <= 0:
            hi = mid
        else:
            lo, f_lo = mid, f_mid
    return (lo + hi) / 2


def place_wrist(body: BodyParams, pose: Pose, side: BodySide, target: tuple[float, float]) -> Pose:
    """Set one arm's shoulder and elbow flexion so its wrist reaches a point.

    The arm moves in the trunk's sagittal plane, so the pose must have a purely
    sagittal trunk (pelvis heading, obliquity and rotation and spine lateral
    bend and rotation all 0); the target's lateral position is not matched.

    Args:
        body: dimensions.
        pose: the pose to adjust.
        side: which arm.
        target: lab (x, z) of the wrist with the root at the pose's ROOT channels (metres).

    Returns:
        `pose` with this arm's shoulder and elbow flexion replaced.
    """
    positions = pose_landmarks(body, pose)
    left = side is BodySide.LEFT
    shoulder = positions[Landmark.LEFT_SHOULDER if left else Landmark.RIGHT_SHOULDER]
    pitch = np.radians(pose.axial(Axial.PELVIS_PITCH) + pose.axial(Axial.SPINE_FLEXION))
    dx, dz = target[0] - shoulder[0], target[1] - shoulder[2]
    # The trunk frame is the lab frame pitched about y; express the reach in it.
    local = (dx * np.cos(pitch) - dz * np.sin(pitch), dx * np.sin(pitch) + dz * np.cos(pitch))
    flexion, elbow = two_link_ik(body.upper_arm, body.forearm, local)
    return pose.with_limbs(side, shoulder_flexion=flexion, elbow_flexion=elbow)
