"""Exercises lying on the back: knee hug (more are added alongside)."""

from __future__ import annotations

from formcheck.pose.landmarks import Landmark
from formcheck.synth.body import BodyParams
from formcheck.synth.channels import BOTH_SIDES, Pose, Side
from formcheck.synth.exercises.base import Exercise, Jitter, Script, ScriptParams, fault_table
from formcheck.synth.exercises.postures import HIPS, LYING_SUPPORT, supine
from formcheck.synth.faults import FaultContext, FaultDef, FaultPlan
from formcheck.synth.keyframes import MotionBuilder
from formcheck.synth.kinematics import pose_landmarks
from formcheck.synth.reach import place_wrist


def _hands_on_shins(body: BodyParams, pose: Pose, legs: tuple[Side, ...]) -> Pose:
    """Put each hand on a shin just below the knee: its own side's shin when that
    leg is pulled in, otherwise the pulled-in leg's."""
    points = pose_landmarks(body, pose)
    for arm in BOTH_SIDES:
        leg = arm if arm in legs else legs[0]
        knee = points[Landmark.LEFT_KNEE if leg is Side.LEFT else Landmark.RIGHT_KNEE]
        ankle = points[Landmark.LEFT_ANKLE if leg is Side.LEFT else Landmark.RIGHT_ANKLE]
        grip = knee + 0.25 * (ankle - knee)
        pose = place_wrist(body, pose, arm, (float(grip[0]), float(grip[2])))
    return pose


def _head_lift(ctx: FaultContext) -> Pose:
    return Pose.zero().with_axial(spine_flexion=ctx.magnitude, neck_flexion=ctx.magnitude / 2)


def _other_leg_lift(ctx: FaultContext) -> Pose:
    return Pose.zero().with_limbs(ctx.side.other, hip_flexion=ctx.magnitude)


KNEE_HUG_FAULTS = fault_table(
    FaultDef(
        "head_lift",
        "deg",
        "trunk flexion lifting the head and shoulders off the floor",
        20.0,
        offsets=_head_lift,
    ),
    FaultDef(
        "other_leg_lift",
        "deg",
        "hip flexion of the leg that should stay on the floor",
        25.0,
        offsets=_other_leg_lift,
    ),
)


def knee_hug(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter) -> Script:
    """Lying on the back with straight legs, pull one knee (or both) to the chest and hold."""
    del plan  # every knee hug fault is a pose offset
    home = supine(body, knees_bent=False)
    b = MotionBuilder(home)
    b.hold(1000 * params.pause_s)
    for side in params.sides():
        legs = BOTH_SIDES if side is None else (side,)
        target = home.with_limbs(
            legs, hip_flexion=jitter(118.0), knee_flexion=jitter(125.0), ankle_dorsiflexion=-10
        )
        target = _hands_on_shins(body, target, legs)
        b.rep(
            side,
            target,
            params.move_ms(jitter(1.5)),
            jitter(1000 * params.hold_s),
            params.move_ms(jitter(1.5)),
        )
        b.hold(params.move_ms(jitter(0.8)))
    b.hold(1000 * params.pause_s)
    return Script(b.build(), b.reps, support=LYING_SUPPORT, anchor=HIPS)


KNEE_HUG = Exercise(
    name="knee_hug",
    posture="supine",
    view_azimuth_deg=90.0,
    one_sided=True,
    default_reps=3,
    default_hold_s=5.0,
    build=knee_hug,
    faults=KNEE_HUG_FAULTS,
)
