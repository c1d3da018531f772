"""Standing exercises: squat (more are added alongside)."""

from __future__ import annotations

import numpy as np

from formcheck.pose.landmarks import Landmark
from formcheck.synth.body import BodyParams
from formcheck.synth.channels import BOTH_SIDES, Pose
from formcheck.synth.exercises.base import Exercise, Jitter, Script, ScriptParams, fault_table
from formcheck.synth.exercises.postures import FEET, foot_flat_ankle, standing
from formcheck.synth.faults import FaultContext, FaultDef, FaultPlan
from formcheck.synth.keyframes import MotionBuilder
from formcheck.synth.kinematics import pose_landmarks
from formcheck.synth.reach import bisect


def squat_pose(home: Pose, knee_flexion: float) -> Pose:
    """A squat position with the given knee flexion (degrees), feet flat.

    The shins lean forward by 30 % of the knee flexion, the trunk by 35 %.
    """
    pitch = 0.35 * knee_flexion
    thigh = 0.7 * knee_flexion  # thigh angle from vertical
    hip = thigh + pitch
    return home.with_axial(pelvis_pitch=pitch, spine_flexion=0.05 * knee_flexion).with_limbs(
        BOTH_SIDES,
        hip_flexion=hip,
        knee_flexion=knee_flexion,
        ankle_dorsiflexion=foot_flat_ankle(pitch, hip, knee_flexion),
        shoulder_flexion=0.8 * knee_flexion,
        elbow_flexion=10,
    )


def _knee_valgus(ctx: FaultContext) -> Pose:
    # Each knee moves toward the midline by the magnitude (hip adduction); the
    # hip turns in until the ankle is back over its place on the floor.
    body = ctx.body
    adduction = float(np.degrees(np.arcsin(min(ctx.magnitude / 100.0 / body.thigh, 1.0))))
    delta = Pose.zero()
    for side in BOTH_SIDES:
        ankle = Landmark.LEFT_ANKLE if side.sign > 0 else Landmark.RIGHT_ANKLE
        clean_y = pose_landmarks(body, ctx.peak)[ankle, 1]

        def ankle_drift(rotation: float, side=side, ankle=ankle, clean_y=clean_y) -> float:
            moved = ctx.peak.plus(
                Pose.zero().with_limbs(side, hip_abduction=-adduction, hip_rotation=-rotation)
            )
            return float(pose_landmarks(body, moved)[ankle, 1] - clean_y)

        rotation = bisect(ankle_drift, 0.0, 80.0)
        delta = delta.with_limbs(side, hip_abduction=-adduction, hip_rotation=-rotation)
    return delta


SQUAT_FAULTS = fault_table(
    FaultDef("shallow_depth", "deg", "knee flexion missing at the bottom", 30.0),
    FaultDef(
        "knee_valgus",
        "cm",
        "inward movement of each knee at the bottom, feet in place",
        8.0,
        offsets=_knee_valgus,
    ),
)


def squat(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter) -> Script:
    """Bodyweight squat to about 100 degrees of knee flexion, arms forward for balance."""
    home = standing(body)
    b = MotionBuilder(home)
    b.hold(1000 * params.pause_s)
    for index in range(params.reps):
        depth = jitter(100.0)
        shallow = plan.magnitude("shallow_depth", index)
        if shallow is not None:
            depth = max(10.0, depth - shallow)
        b.rep(
            None,
            squat_pose(home, depth),
            params.move_ms(jitter(1.4)),
            1000 * params.hold_s,
            params.move_ms(jitter(1.1)),
        )
        b.hold(params.move_ms(jitter(0.5)))
    b.hold(1000 * params.pause_s)
    return Script(b.build(), b.reps, support=FEET, anchor=FEET)


SQUAT = Exercise(
    name="squat",
    posture="standing",
    view_azimuth_deg=45.0,
    one_sided=False,
    default_reps=8,
    default_hold_s=0.0,
    build=squat,
    faults=SQUAT_FAULTS,
)
