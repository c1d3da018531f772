"""The front raise: straight arms lifted forward to shoulder height and lowered."""

from __future__ import annotations

from formcheck.synth.body import BodyParams
from formcheck.synth.channels import BOTH_SIDES
from formcheck.synth.exercises import offsets
from formcheck.synth.exercises.base import Jitter, Script, ScriptParams, SynthExercise, fault_table
from formcheck.synth.exercises.postures import FEET, standing
from formcheck.synth.faults import FaultDef, FaultPlan
from formcheck.synth.keyframes import MotionBuilder

FRONT_RAISE_DEG = 90.0  # shoulder flexion at the top: arms level with the shoulders

FRONT_RAISE_FAULTS = fault_table(
    FaultDef(
        "partial_raise",
        "deg",
        f"shoulder flexion left out of a {FRONT_RAISE_DEG:g}-degree raise",
        22.0,
    ),
    FaultDef(
        "torso_swing",
        "deg",
        "backward lean of the trunk from the hips during the raise",
        12.0,
        phase="rep",
        offsets=offsets.lean_back,
    ),
)


def front_raise(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter
                ) -> Script:
    """Standing, arms at the sides: raise both straight arms forward to shoulder height
    and lower them. A partial raise stops the fault's magnitude short of 90 degrees."""
    home = standing(body).with_limbs(BOTH_SIDES, shoulder_abduction=4.0, elbow_flexion=10.0)
    b = MotionBuilder(home)
    b.hold(1000 * params.pause_s)
    for index in range(params.reps):
        short = plan.magnitude("partial_raise", index)
        lift = FRONT_RAISE_DEG - short if short is not None else jitter(FRONT_RAISE_DEG)
        b.rep(
            None,
            home.with_limbs(BOTH_SIDES, shoulder_flexion=lift),
            params.move_ms(jitter(1.2)),
            jitter(1000 * params.hold_s),
            params.move_ms(jitter(1.6)),
        )
        b.hold(params.move_ms(jitter(0.4)))
    b.hold(1000 * params.pause_s)
    return Script(b.build(), b.reps, support=FEET, anchor=FEET)


FRONT_RAISE = SynthExercise(
    name="front_raise",
    posture="standing",
    view_azimuth_deg=90.0,
    one_sided=False,
    default_reps=8,
    default_hold_s=0.3,
    build=front_raise,
    faults=FRONT_RAISE_FAULTS,
)
