"""Pose offsets shared by the faults of several exercises.

Each function takes a `FaultContext` and returns the pose change at full
strength (a `Pose` used as a difference).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from formcheck.pose.landmarks import Landmark
from formcheck.synth.body import BodyParams
from formcheck.synth.channels import BOTH_SIDES, BodySide, Limb, Pose
from formcheck.synth.faults import FaultContext
from formcheck.synth.kinematics import pose_landmarks
from formcheck.synth.reach import bisect


def shrug(ctx: FaultContext) -> Pose:
    """Both shoulders rise toward the ears by the magnitude (cm)."""
    return Pose.zero().with_limbs(BOTH_SIDES, scapula_elevation=ctx.magnitude / 100.0)


def lean_back(ctx: FaultContext) -> Pose:
    """The trunk leans back from the hips by the magnitude (degrees), legs unchanged."""
    return (
        Pose.zero()
        .with_axial(pelvis_pitch=-ctx.magnitude)
        .with_limbs(BOTH_SIDES, hip_flexion=-ctx.magnitude)
    )


def head_forward(ctx: FaultContext) -> Pose:
    """The neck flexes by the magnitude (degrees) while the head tilts back to keep
    the eyes level: the head juts forward."""
    return Pose.zero().with_axial(neck_flexion=ctx.magnitude, head_flexion=-ctx.magnitude)


def head_back(ctx: FaultContext) -> Pose:
    """The neck extends by the magnitude (degrees) and the head tips back half as much."""
    return Pose.zero().with_axial(neck_flexion=-ctx.magnitude, head_flexion=-ctx.magnitude / 2)


def _body_line(ctx: FaultContext, direction: float) -> Pose:
    """Bend a straight shoulder-hip-ankle line at the hips by the magnitude (degrees).

    `direction` +1 lets the hips sag toward the floor, -1 pikes them up. The
    trunk and the legs share the bend in proportion to the other's length, so
    the shoulders and the feet stay near their places; the arms keep their
    direction in the room.
    """
    body = ctx.body
    leg = body.leg_length
    trunk_share = ctx.magnitude * leg / (leg + body.trunk_length)
    leg_share = ctx.magnitude - trunk_share
    drop = body.trunk_length * np.sin(np.radians(trunk_share))
    return (
        Pose.zero()
        .with_axial(root_z=-direction * drop, pelvis_pitch=-direction * trunk_share)
        .with_limbs(
            BOTH_SIDES,
            hip_flexion=-direction * (trunk_share + leg_share),
            shoulder_flexion=-direction * trunk_share,
        )
    )


def hip_sag(ctx: FaultContext) -> Pose:
    """In a plank-like posture the hips sag: hip extension of the magnitude (degrees)."""
    return _body_line(ctx, 1.0)


def hip_pike(ctx: FaultContext) -> Pose:
    """In a plank-like posture the hips pike up: hip flexion of the magnitude (degrees)."""
    return _body_line(ctx, -1.0)


def hips_off_floor(ctx: FaultContext) -> Pose:
    """Lying face down, the pelvis lifts by the magnitude (cm) while the knees stay down
    and the shins keep their direction."""
    lift = ctx.magnitude / 100.0
    delta = Pose.zero().with_axial(root_z=lift)
    for side in BOTH_SIDES:
        # Face down, a thigh flexed by f points down by sin(f) of its length.
        flexion = np.radians(ctx.peak.limb(Limb.HIP_FLEXION, side))
        target = min(np.sin(flexion) + lift / ctx.body.thigh, 1.0)
        extra = float(np.degrees(np.arcsin(target) - flexion))
        delta = delta.with_limbs(side, hip_flexion=extra, knee_flexion=extra)
    return delta


def knees_in(body: BodyParams, pose: Pose, cm: float, sides: Iterable[BodySide]) -> Pose:
    """Move each knee of `sides` toward the midline by `cm` (away from it when negative),
    the foot kept in its place on the floor.

    The hip adducts (abducts) by the angle that moves the knee that far, and turns in
    (out) until the ankle is back where it was in `pose`; the knee must be bent.
    """
    adduction = float(np.degrees(np.arcsin(np.clip(cm / 100.0 / body.thigh, -1.0, 1.0))))
    turn = 80.0 if cm >= 0 else -80.0
    delta = Pose.zero()
    for side in sides:
        ankle = Landmark.LEFT_ANKLE if side is BodySide.LEFT else Landmark.RIGHT_ANKLE
        clean_y = pose_landmarks(body, pose)[ankle, 1]

        def ankle_drift(rotation: float, side=side, ankle=ankle, clean_y=clean_y) -> float:
            moved = pose.plus(
                Pose.zero().with_limbs(side, hip_abduction=-adduction, hip_rotation=-rotation)
            )
            return float(pose_landmarks(body, moved)[ankle, 1] - clean_y)

        rotation = bisect(ankle_drift, 0.0, turn)
        delta = delta.with_limbs(side, hip_abduction=-adduction, hip_rotation=-rotation)
    return delta


def knee_valgus(ctx: FaultContext) -> Pose:
    """Both knees move toward the midline by the magnitude (cm) at the rep's peak, feet in
    place."""
    return knees_in(ctx.body, ctx.peak, ctx.magnitude, BOTH_SIDES)


def _knee_flexion(degrees: float) -> Pose:
    # Knees flex; thighs and shins share the tilt so the feet stay flat.
    half = degrees / 2
    return Pose.zero().with_limbs(
        BOTH_SIDES, hip_flexion=half, knee_flexion=degrees, ankle_dorsiflexion=half
    )


def knees_bend(ctx: FaultContext) -> Pose:
    """Both knees bend further by the magnitude (degrees), the feet flat."""
    return _knee_flexion(ctx.magnitude)


def knees_straighten(ctx: FaultContext) -> Pose:
    """Both knees straighten by the magnitude (degrees), the feet flat."""
    return _knee_flexion(-ctx.magnitude)
