"""Small solvers the exercise scripts use to put hands and feet where they belong."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from formcheck.pose.landmarks import Landmark
from formcheck.synth.body import BodyParams
from formcheck.synth.channels import Axial, BodySide, Limb, Pose
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
    flex = float(np.radians(joint_flexion_for_span(upper, lower, float(np.hypot(x, z)))))
    aim = float(np.arctan2(x, -z))
    first = aim - bend * np.arctan2(lower * np.sin(flex), upper + lower * np.cos(flex))
    return float(np.degrees(first)), float(np.degrees(flex))


def joint_flexion_for_span(upper: float, lower: float, span: float) -> float:
    """Flexion (degrees, 0 = straight) of the joint between two segments of lengths
    `upper` and `lower` (metres) whose free ends lie `span` metres apart; 0 when the
    span is out of reach."""
    cos_bend = (span**2 - upper**2 - lower**2) / (2 * upper * lower)
    return float(np.degrees(np.arccos(np.clip(cos_bend, -1.0, 1.0))))


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


def place_wrist_3d(
    body: BodyParams,
    pose: Pose,
    side: BodySide,
    target: tuple[float, float, float],
    iterations: int = 12,
) -> Pose:
    """Set one arm's shoulder flexion, abduction and rotation and its elbow flexion so its
    wrist reaches a point off the trunk's sagittal plane (e.g. hands set wider than the
    shoulders), by damped least-squares steps from the arm's current angles (the
    smallest change of the angles that closes the gap, at most 15 degrees a step).

    Args:
        body: dimensions.
        pose: the pose to adjust; its arm angles are the first guess.
        side: which arm.
        target: lab (x, y, z) of the wrist with the root at the pose's ROOT channels (metres).
        iterations: steps at most (each costs five evaluations of the body's landmarks).

    Returns:
        `pose` with this arm's shoulder and elbow angles replaced; an unreachable
        target gives the straight arm pointing at it.
    """
    left = side is BodySide.LEFT
    wrist = Landmark.LEFT_WRIST if left else Landmark.RIGHT_WRIST
    channels = (Limb.SHOULDER_FLEXION, Limb.SHOULDER_ABDUCTION, Limb.SHOULDER_ROTATION,
                Limb.ELBOW_FLEXION)
    shoulder_mark = Landmark.LEFT_SHOULDER if left else Landmark.RIGHT_SHOULDER
    shoulder = pose_landmarks(body, pose)[shoulder_mark]
    goal = np.asarray(target, dtype=float)
    span = float(np.linalg.norm(goal - shoulder))
    if span > 0.99995 * body.arm_length:  # out of reach: the straight arm points at it
        goal = shoulder + (goal - shoulder) * (0.99995 * body.arm_length / span)

    def arm(angles: np.ndarray) -> Pose:
        flexion, abduction, rotation, elbow = (float(a) for a in angles)
        return pose.with_limbs(side, shoulder_flexion=flexion, shoulder_abduction=abduction,
                               shoulder_rotation=rotation, elbow_flexion=max(elbow, 0.0))

    def miss(angles: np.ndarray) -> np.ndarray:
        return pose_landmarks(body, arm(angles))[wrist] - goal

    angles = np.array([pose.limb(c, side) for c in channels], dtype=float)
    angles[3] = joint_flexion_for_span(body.upper_arm, body.forearm, min(span, body.arm_length))
    step = 0.5  # degrees, for the finite differences
    for _ in range(iterations):
        error = miss(angles)
        if np.linalg.norm(error) < 1e-4:
            break
        jacobian = np.column_stack(
            [(miss(angles + step * np.eye(4)[k]) - error) / step for k in range(4)]
        )
        change = np.linalg.lstsq(jacobian, -error, rcond=None)[0]
        angles = angles + change * min(1.0, 15.0 / float(np.abs(change).max()))
        angles[3] = max(angles[3], 0.0)
    return arm(angles)
