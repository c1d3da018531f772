"""Shoulder shrug: standing, arms hanging straight, shoulders up toward the ears and down."""

from __future__ import annotations

from formcheck.synth.body import BodyParams
from formcheck.synth.channels import BOTH_SIDES, Pose
from formcheck.synth.exercises import offsets
from formcheck.synth.exercises.base import Jitter, Script, ScriptParams, SynthExercise, fault_table
from formcheck.synth.exercises.postures import FEET, standing
from formcheck.synth.faults import FaultContext, FaultDef, FaultPlan
from formcheck.synth.keyframes import MotionBuilder

_SHRUG = 0.155  # rise of the shoulders at the top of a full shrug, torso lengths (8 cm for 1.75 m)


def _elbows_bend(ctx: FaultContext) -> Pose:
    return Pose.zero().with_limbs(BOTH_SIDES, elbow_flexion=ctx.magnitude)


def _roll(ctx: FaultContext) -> Pose:
    # The shoulders circle: drawn forward (rounded) as they rise.
    return Pose.zero().with_limbs(BOTH_SIDES, scapula_protraction=ctx.magnitude / 100.0)


def shoulder_shrug(
    body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter
) -> Script:
    """Standing tall, arms straight by the sides (as if holding weights): lift both
    shoulders toward the ears (about 8 cm for a body of 1.75 m), hold, lower."""
    del plan  # every shrug fault is a pose offset
    home = standing(body).with_limbs(BOTH_SIDES, shoulder_abduction=4, elbow_flexion=6)
    b = MotionBuilder(home)
    b.hold(1000 * params.pause_s)
    for _ in range(params.reps):
        b.rep(
            None,
            home.with_limbs(BOTH_SIDES, scapula_elevation=jitter(_SHRUG * body.trunk_length)),
            params.move_ms(jitter(0.8)),
            jitter(1000 * params.hold_s),
            params.move_ms(jitter(0.9)),
        )
        b.hold(params.move_ms(jitter(0.5)))
    b.hold(1000 * params.pause_s)
    return Script(b.build(), b.reps, support=FEET, anchor=FEET)


SHOULDER_SHRUG = SynthExercise(
    name="shoulder_shrug",
    posture="standing",
    view_azimuth_deg=0.0,
    one_sided=False,
    default_reps=10,
    default_hold_s=1.0,
    build=shoulder_shrug,
    faults=fault_table(
        FaultDef("elbows_bend", "deg", "elbow flexion while shrugging", 45.0, offsets=_elbows_bend),
        FaultDef(
            "roll",
            "cm",
            "forward draw of the shoulders as they rise (rolling them)",
            6.0,
            offsets=_roll,
        ),
        FaultDef(
            "head_poke",
            "deg",
            "neck flexion with the eyes kept level, poking the head forward",
            20.0,
            offsets=offsets.head_forward,
        ),
    ),
)
