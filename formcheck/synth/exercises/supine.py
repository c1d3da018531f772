"""Exercises lying on the back: knee hug, dead bug, pelvic tilt."""

from __future__ import annotations

import numpy as np

from formcheck.pose.landmarks import Landmark
from formcheck.synth.body import BodyParams
from formcheck.synth.channels import BOTH_SIDES, BodySide, Limb, Pose
from formcheck.synth.exercises.base import (
    Jitter,
    Script,
    ScriptParams,
    SynthExercise,
    fault_table,
    one_side_at_a_time,
)
from formcheck.synth.exercises.postures import HIPS, LYING_SUPPORT, supine
from formcheck.synth.faults import FaultContext, FaultDef, FaultPlan
from formcheck.synth.keyframes import MotionBuilder
from formcheck.synth.kinematics import pose_landmarks
from formcheck.synth.reach import place_wrist


def _hands_on_shins(body: BodyParams, pose: Pose, legs: tuple[BodySide, ...]) -> Pose:
    """Put each hand on a shin just below the knee: its own side's shin when that
    leg is pulled in, otherwise the pulled-in leg's."""
    points = pose_landmarks(body, pose)
    for arm in BOTH_SIDES:
        leg = arm if arm in legs else legs[0]
        knee = points[Landmark.LEFT_KNEE if leg is BodySide.LEFT else Landmark.RIGHT_KNEE]
        ankle = points[Landmark.LEFT_ANKLE if leg is BodySide.LEFT else Landmark.RIGHT_ANKLE]
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


KNEE_HUG = SynthExercise(
    name="knee_hug",
    posture="supine",
    view_azimuth_deg=90.0,
    one_sided=True,
    default_reps=3,
    default_hold_s=5.0,
    build=knee_hug,
    faults=KNEE_HUG_FAULTS,
)


def _back_arch(ctx: FaultContext) -> Pose:
    # Anterior pelvic tilt with the trunk and thighs kept in place: the low back
    # lifts off the floor, but no hip, shoulder or knee landmark moves.
    return (
        Pose.zero()
        .with_axial(pelvis_pitch=ctx.magnitude, spine_flexion=-ctx.magnitude)
        .with_limbs(BOTH_SIDES, hip_flexion=ctx.magnitude)
    )


def _pelvis_rock(ctx: FaultContext) -> Pose:
    # Lying on the back, a negative rotation about the long axis lifts the left
    # hip; the lower hip stays on the floor, the trunk stays flat and the thighs
    # keep their direction in the room.
    turn = -ctx.side.sign * ctx.magnitude
    rise = ctx.body.hip_width / 2 * np.sin(np.radians(ctx.magnitude))
    delta = Pose.zero().with_axial(root_z=rise, pelvis_rotation=turn, spine_rotation=-turn)
    for side in BOTH_SIDES:
        flexion = np.radians(ctx.peak.limb(Limb.HIP_FLEXION, side))
        delta = delta.with_limbs(side, hip_abduction=-side.sign * turn * np.sin(flexion))
    return delta


def _two_limbs(ctx: FaultContext) -> Pose:
    # The limb that should rest moves as well: the opposite arm during a leg
    # rep, the opposite leg during an arm rep.
    if ctx.label == "leg":
        return Pose.zero().with_limbs(ctx.side.other, shoulder_flexion=ctx.magnitude)
    return Pose.zero().with_limbs(ctx.side.other, hip_flexion=ctx.magnitude)


def _hips_lift(ctx: FaultContext) -> Pose:
    # A bridge instead of a tilt: the pelvis rises while the shoulders and feet
    # stay down; the trunk and thighs rotate about them.
    lift = ctx.magnitude / 100.0
    body = ctx.body
    trunk = float(np.degrees(np.arcsin(min(lift / body.trunk_length, 1.0))))
    delta = Pose.zero().with_axial(root_z=lift, spine_flexion=-trunk)
    for side in BOTH_SIDES:
        elevation = np.radians(ctx.peak.limb(Limb.HIP_FLEXION, side))
        thigh = float(np.degrees(lift / (body.thigh * max(np.cos(elevation), 0.2))))
        delta = delta.with_limbs(side, hip_flexion=-thigh, knee_flexion=-thigh)
    return delta


DEAD_BUG_FAULTS = fault_table(
    FaultDef(
        "back_arch",
        "deg",
        "anterior pelvic tilt arching the low back (no landmark moves: not visible)",
        12.0,
        offsets=_back_arch,
    ),
    FaultDef(
        "pelvis_rock",
        "deg",
        "pelvis rotation about the long axis lifting the working side's hip",
        10.0,
        offsets=_pelvis_rock,
    ),
    FaultDef("too_fast", "x", "speed factor of the rep's movements", 2.5, phase="rep"),
    FaultDef(
        "two_limbs",
        "deg",
        "flexion of the opposite arm (leg reps) or leg (arm reps) that should rest",
        80.0,
        offsets=_two_limbs,
    ),
)


def dead_bug(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter) -> Script:
    """Lying on the back, knees bent and feet flat: march each leg up to a tabletop
    position and back, one at a time; then take each arm overhead in turn.

    Reps are labelled "leg" or "arm"; `params.reps` is per side and per limb.
    """
    home = supine(body, knees_bent=True)
    b = MotionBuilder(home)
    b.hold(1000 * params.pause_s)
    sides = one_side_at_a_time(params, "dead_bug")
    for label in ("leg", "arm"):
        for side in sides:
            if label == "leg":
                target = home.with_limbs(
                    side, hip_flexion=jitter(90.0), knee_flexion=jitter(90.0), ankle_dorsiflexion=0
                )
            else:
                target = home.with_limbs(side, shoulder_flexion=jitter(170.0), elbow_flexion=5)
            speed = plan.magnitude("too_fast", len(b.reps)) or 1.0
            b.rep(
                side,
                target,
                params.move_ms(jitter(1.5)) / speed,
                jitter(1000 * params.hold_s),
                params.move_ms(jitter(1.5)) / speed,
                label=label,
            )
            b.hold(params.move_ms(jitter(0.6)))
    b.hold(1000 * params.pause_s)
    return Script(b.build(), b.reps, support=LYING_SUPPORT, anchor=HIPS)


def pelvic_tilt(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter) -> Script:
    """Lying on the back, knees bent: tilt the pelvis back (flatten the low back), hold.

    The trunk and thighs stay put, so the hip, shoulder and knee landmarks do
    not move: the tilt itself is not visible in landmarks.
    """
    del plan  # every pelvic tilt fault is a pose offset
    home = supine(body, knees_bent=True)
    b = MotionBuilder(home)
    b.hold(1000 * params.pause_s)
    for _ in range(params.reps):
        tilt = jitter(10.0)
        target = home.plus(
            Pose.zero()
            .with_axial(pelvis_pitch=-tilt, spine_flexion=tilt)
            .with_limbs(BOTH_SIDES, hip_flexion=-tilt)
        )
        b.rep(
            None,
            target,
            params.move_ms(jitter(1.0)),
            jitter(1000 * params.hold_s),
            params.move_ms(jitter(1.0)),
        )
        b.hold(params.move_ms(jitter(1.0)))
    b.hold(1000 * params.pause_s)
    return Script(b.build(), b.reps, support=LYING_SUPPORT, anchor=HIPS)


DEAD_BUG = SynthExercise(
    name="dead_bug",
    posture="supine",
    view_azimuth_deg=90.0,
    one_sided=True,
    default_reps=3,
    default_hold_s=1.0,
    build=dead_bug,
    faults=DEAD_BUG_FAULTS,
)

PELVIC_TILT = SynthExercise(
    name="pelvic_tilt",
    posture="supine",
    view_azimuth_deg=90.0,
    one_sided=False,
    default_reps=6,
    default_hold_s=3.0,
    build=pelvic_tilt,
    faults=fault_table(
        FaultDef(
            "hips_lift",
            "cm",
            "rise of the pelvis off the floor (bridging instead of tilting)",
            6.0,
            offsets=_hips_lift,
        )
    ),
)
