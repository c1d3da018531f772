"""Exercises on hands and knees: bird dog."""

from __future__ import annotations

import numpy as np

from formcheck.synth.body import BodyParams
from formcheck.synth.channels import BOTH_SIDES, Axial, Limb, Pose
from formcheck.synth.exercises.base import (
    Jitter,
    Script,
    ScriptParams,
    SynthExercise,
    fault_table,
    one_side_at_a_time,
)
from formcheck.synth.exercises.postures import ANKLES, FEET, HIPS, KNEES, WRISTS, quadruped
from formcheck.synth.faults import FaultContext, FaultDef, FaultPlan
from formcheck.synth.keyframes import MotionBuilder

_SUPPORT = (*KNEES, *WRISTS, *ANKLES, *FEET)


def _back_sag(ctx: FaultContext) -> Pose:
    # The arms keep their direction in the room as the trunk tilts.
    return (
        Pose.zero()
        .with_axial(spine_flexion=-ctx.magnitude)
        .with_limbs(BOTH_SIDES, shoulder_flexion=-ctx.magnitude)
    )


def _back_arch(ctx: FaultContext) -> Pose:
    return (
        Pose.zero()
        .with_axial(spine_flexion=ctx.magnitude)
        .with_limbs(BOTH_SIDES, shoulder_flexion=ctx.magnitude)
    )


def _pelvis_hike(ctx: FaultContext) -> Pose:
    # Rotating the pelvis about the long axis lifts the working leg's hip; the
    # root rises so the supporting hip does not sink, the spine turns back so
    # the trunk stays square, and the hips abduct so the thighs keep their
    # direction in the room.
    turn = ctx.side.sign * ctx.magnitude
    pitch = np.radians(ctx.peak.axial(Axial.PELVIS_PITCH))
    rise = ctx.body.hip_width / 2 * np.sin(np.radians(ctx.magnitude)) * np.sin(pitch)
    delta = Pose.zero().with_axial(root_z=rise, pelvis_rotation=turn, spine_rotation=-turn)
    for side in BOTH_SIDES:
        flexion = np.radians(ctx.peak.limb(Limb.HIP_FLEXION, side))
        delta = delta.with_limbs(side, hip_abduction=-side.sign * turn * np.sin(flexion))
    return delta


def _leg_too_high(ctx: FaultContext) -> Pose:
    return Pose.zero().with_limbs(ctx.side, hip_flexion=-ctx.magnitude)


def _weight_shift(ctx: FaultContext) -> Pose:
    # The trunk moves toward the supporting knee; hips and shoulders abduct so
    # the hands and knees stay where they are.
    shift = -ctx.side.sign * ctx.magnitude / 100.0
    delta = Pose.zero().with_axial(root_y=shift)
    body = ctx.body
    for side in BOTH_SIDES:
        delta = delta.with_limbs(
            side,
            hip_abduction=float(np.degrees(np.arcsin(-shift * side.sign / body.thigh))),
            shoulder_abduction=float(np.degrees(np.arcsin(-shift * side.sign / body.arm_length))),
        )
    return delta


BIRD_DOG_FAULTS = fault_table(
    FaultDef(
        "back_sag",
        "deg",
        "extension of the mid-hip to mid-shoulder line relative to the pelvis",
        12.0,
        offsets=_back_sag,
    ),
    FaultDef(
        "back_arch",
        "deg",
        "flexion of the mid-hip to mid-shoulder line relative to the pelvis",
        12.0,
        offsets=_back_arch,
    ),
    FaultDef(
        "pelvis_hike",
        "deg",
        "pelvis rotation about the spine's long axis, lifting the working leg's hip",
        12.0,
        offsets=_pelvis_hike,
    ),
    FaultDef(
        "leg_too_high",
        "deg",
        "extra hip extension of the working leg, lifting it above hip height",
        15.0,
        offsets=_leg_too_high,
    ),
    FaultDef(
        "weight_shift",
        "cm",
        "sideways shift of the pelvis and trunk toward the supporting knee",
        5.0,
        offsets=_weight_shift,
    ),
    FaultDef("hold_too_short", "s", "seconds cut from the hold", 2.0),
)


def bird_dog(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter) -> Script:
    """On hands and knees, reach one leg back and the opposite arm forward, hold, return.

    A rep's side is the side of the extending leg; the other side's arm reaches.
    """
    home = quadruped(body)
    pitch = home.axial(Axial.PELVIS_PITCH)
    b = MotionBuilder(home)
    b.hold(1000 * params.pause_s)
    for side in one_side_at_a_time(params, "bird_dog"):
        index = len(b.reps)
        target = home.with_limbs(
            side,
            hip_flexion=pitch - jitter(90.0),
            knee_flexion=jitter(6.0),
            ankle_dorsiflexion=-30,
        ).with_limbs(
            side.other,
            shoulder_flexion=pitch + jitter(90.0),
            elbow_flexion=jitter(6.0),
            wrist_flexion=0,
        )
        hold_ms = 1000 * params.hold_s
        cut = plan.magnitude("hold_too_short", index)
        if cut is not None:
            hold_ms = max(200.0, hold_ms - 1000 * cut)
        b.rep(
            side, target, params.move_ms(jitter(1.5)), jitter(hold_ms), params.move_ms(jitter(1.5))
        )
        b.hold(params.move_ms(jitter(0.6)))
    b.hold(1000 * params.pause_s)
    return Script(b.build(), b.reps, support=_SUPPORT, anchor=HIPS)


BIRD_DOG = SynthExercise(
    name="bird_dog",
    posture="quadruped",
    view_azimuth_deg=90.0,
    one_sided=True,
    default_reps=4,
    default_hold_s=3.0,
    build=bird_dog,
    faults=BIRD_DOG_FAULTS,
)
