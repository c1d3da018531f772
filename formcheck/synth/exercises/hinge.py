"""The hip hinge (Romanian deadlift, good morning): hips back, trunk forward, knees soft."""

from __future__ import annotations

from formcheck.synth.body import BodyParams
from formcheck.synth.channels import BOTH_SIDES, Pose
from formcheck.synth.exercises import offsets
from formcheck.synth.exercises.base import Jitter, Script, ScriptParams, SynthExercise, fault_table
from formcheck.synth.exercises.postures import FEET, standing
from formcheck.synth.faults import FaultContext, FaultDef, FaultPlan
from formcheck.synth.keyframes import MotionBuilder

HINGE_TRUNK_DEG = 70.0  # trunk angle from upright at the bottom
SOFT_KNEE_DEG = 22.0  # knee flexion of the soft knees, shins upright


def hinged(home: Pose, trunk: float, knee: float) -> Pose:
    """The trunk `trunk` degrees forward, the knees bent `knee` degrees with the shins
    upright (so the hips sit back behind the heels), the arms hanging straight down."""
    hip = trunk + knee
    return home.with_axial(pelvis_pitch=trunk).with_limbs(
        BOTH_SIDES, hip_flexion=hip, knee_flexion=knee, ankle_dorsiflexion=0.0,
        shoulder_flexion=trunk, shoulder_abduction=4.0, elbow_flexion=5.0,
    )


def _head_drop(ctx: FaultContext) -> Pose:
    # The neck flexes and the head drops toward the chest (the upper back rounding).
    return Pose.zero().with_axial(neck_flexion=ctx.magnitude)


HIP_HINGE_FAULTS = fault_table(
    FaultDef(
        "knees_locked",
        "deg",
        "knee flexion taken out of the soft knees (straight, locked legs)",
        SOFT_KNEE_DEG,
        offsets=offsets.knees_straighten,
    ),
    FaultDef(
        "squatting",
        "deg",
        "extra knee flexion at the bottom, feet flat (squatting the hinge)",
        40.0,
        offsets=offsets.knees_bend,
    ),
    FaultDef(
        "head_drop",
        "deg",
        "neck flexion at the bottom, the head dropping toward the chest",
        30.0,
        offsets=_head_drop,
    ),
)


def hip_hinge(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter) -> Script:
    """From standing, hinge at the hips with soft knees until the trunk is about 70
    degrees forward, and stand back up."""
    del plan  # every hinge fault is a pose offset
    home = standing(body)
    b = MotionBuilder(home)
    b.hold(1000 * params.pause_s)
    for _ in range(params.reps):
        b.rep(
            None,
            hinged(home, jitter(HINGE_TRUNK_DEG), jitter(SOFT_KNEE_DEG)),
            params.move_ms(jitter(1.6)),
            jitter(1000 * params.hold_s),
            params.move_ms(jitter(1.4)),
        )
        b.hold(params.move_ms(jitter(0.6)))
    b.hold(1000 * params.pause_s)
    return Script(b.build(), b.reps, support=FEET, anchor=FEET)


HIP_HINGE = SynthExercise(
    name="hip_hinge",
    posture="standing",
    view_azimuth_deg=90.0,
    one_sided=False,
    default_reps=6,
    default_hold_s=0.3,
    build=hip_hinge,
    faults=HIP_HINGE_FAULTS,
)
