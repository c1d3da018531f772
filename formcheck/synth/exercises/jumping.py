"""Jumping jack: arms swing overhead while the feet jump apart, then both come back.

The synthesized body does not leave the floor (the feet slide apart and back
while the lowest of them stays on the floor); a detector sees the same landmarks.
"""

from __future__ import annotations

from formcheck.synth.body import BodyParams
from formcheck.synth.channels import BOTH_SIDES, Pose
from formcheck.synth.exercises.base import Jitter, Script, ScriptParams, SynthExercise, fault_table
from formcheck.synth.exercises.postures import FEET, standing
from formcheck.synth.faults import FaultDef, FaultPlan
from formcheck.synth.keyframes import MotionBuilder

_ARMS_OVERHEAD = 155.0  # shoulder abduction at the top, degrees
_LEGS_APART = 14.0  # hip abduction of each leg at the top, degrees
_FEET_TOGETHER = -4.0  # hip abduction with the feet together (ankles touching), degrees


def feet_together(body: BodyParams) -> Pose:
    """Standing with the feet together and the arms by the sides."""
    return standing(body).with_limbs(BOTH_SIDES, hip_abduction=_FEET_TOGETHER)


def jumping_jack(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter) -> Script:
    """From feet together, arms down: jump the feet apart while the arms swing overhead
    (the elbows nearly straight), jump back; one rep per full cycle."""
    home = feet_together(body)
    b = MotionBuilder(home)
    b.hold(1000 * params.pause_s)
    for index in range(params.reps):
        arms = plan.magnitude("arms_low", index)
        narrow = plan.magnitude("feet_narrow", index)
        top = home.with_limbs(
            BOTH_SIDES,
            shoulder_abduction=jitter(_ARMS_OVERHEAD) if arms is None else arms,
            elbow_flexion=jitter(12.0),
            hip_abduction=jitter(_LEGS_APART) if narrow is None else _LEGS_APART - narrow,
            ankle_dorsiflexion=-5,
        )
        b.rep(
            None,
            top,
            params.move_ms(jitter(0.35)),
            jitter(1000 * params.hold_s),
            params.move_ms(jitter(0.35)),
        )
        b.hold(params.move_ms(jitter(0.2)))
    b.hold(1000 * params.pause_s)
    return Script(b.build(), b.reps, support=FEET, anchor=FEET)


JUMPING_JACK = SynthExercise(
    name="jumping_jack",
    posture="standing",
    view_azimuth_deg=0.0,
    one_sided=False,
    default_reps=10,
    default_hold_s=0.1,
    build=jumping_jack,
    faults=fault_table(
        FaultDef(
            "arms_low", "deg", "shoulder abduction the arms stop at (short of overhead)", 104.0
        ),
        FaultDef(
            "feet_narrow",
            "deg",
            f"hip abduction left out of the {_LEGS_APART:g}-degree jump apart",
            12.0,
        ),
    ),
)
