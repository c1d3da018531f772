"""Standing exercises: squat, band row, back extension, curl, shoulder press, lateral raise."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from formcheck.synth.body import BodyParams
from formcheck.synth.channels import BOTH_SIDES, Pose
from formcheck.synth.exercises import offsets
from formcheck.synth.exercises.base import Jitter, Script, ScriptParams, SynthExercise, fault_table
from formcheck.synth.exercises.postures import FEET, foot_flat_ankle, standing
from formcheck.synth.faults import FaultContext, FaultDef, FaultPlan
from formcheck.synth.keyframes import MotionBuilder


def squat_pose(home: Pose, knee_flexion: float) -> Pose:
    """A squat position with the given knee flexion (degrees), feet flat.

    The shins lean forward by 30 % of the knee flexion, the trunk as much: the pelvis
    pitches by 25 % and the spine flexes by 5 %, so the trunk stays about parallel to the
    shins (at the 120-degree bottom, about 36 degrees; clean real squats lean 25-45).
    """
    pitch = 0.25 * knee_flexion
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


SQUAT_FAULTS = fault_table(
    FaultDef("shallow_depth", "deg", "knee flexion missing at the bottom", 30.0),
    FaultDef(
        "knee_valgus",
        "cm",
        "inward movement of each knee at the bottom, feet in place",
        8.0,
        offsets=offsets.knee_valgus,
    ),
)


def squat(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter) -> Script:
    """Bodyweight squat to about 120 degrees of knee flexion (thighs about 84 degrees from
    vertical, clearly past a 70-degree depth line), arms forward for balance."""
    home = standing(body)
    b = MotionBuilder(home)
    b.hold(1000 * params.pause_s)
    for index in range(params.reps):
        depth = jitter(120.0)
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


SQUAT = SynthExercise(
    name="squat",
    posture="standing",
    view_azimuth_deg=45.0,
    one_sided=False,
    default_reps=8,
    default_hold_s=0.0,
    build=squat,
    faults=SQUAT_FAULTS,
)


def _foot_moves(ctx: FaultContext) -> Pose:
    # One foot slides forward by the magnitude and back, sole kept level.
    swing = float(np.degrees(np.arcsin(min(ctx.magnitude / 100.0 / ctx.body.leg_length, 1.0))))
    return Pose.zero().with_limbs(ctx.side, hip_flexion=swing, ankle_dorsiflexion=-swing)


def _elbow_drift(ctx: FaultContext) -> Pose:
    return Pose.zero().with_limbs(BOTH_SIDES, shoulder_flexion=ctx.magnitude)


def _repeat(
    body: BodyParams,
    params: ScriptParams,
    jitter: Jitter,
    home: Pose,
    target: Callable[[int], Pose],
    out_s: float,
    back_s: float,
    rest_s: float,
) -> MotionBuilder:
    """Two-sided reps from `home` to `target(rep index)` and back, with holds and rests."""
    del body
    b = MotionBuilder(home)
    b.hold(1000 * params.pause_s)
    for index in range(params.reps):
        b.rep(
            None,
            target(index),
            params.move_ms(jitter(out_s)),
            jitter(1000 * params.hold_s),
            params.move_ms(jitter(back_s)),
        )
        b.hold(params.move_ms(jitter(rest_s)))
    b.hold(1000 * params.pause_s)
    return b


def band_row(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter) -> Script:
    """Standing, arms forward holding a band; pull the elbows back past the torso."""
    home = standing(body).with_limbs(
        BOTH_SIDES, shoulder_flexion=75, shoulder_abduction=8, elbow_flexion=5
    )

    def pulled(index: int) -> Pose:
        short = plan.magnitude("partial_range", index) or 0.0
        extension = max(0.0, jitter(35.0) - short)
        return home.with_limbs(
            BOTH_SIDES,
            shoulder_flexion=-extension,
            shoulder_abduction=15,
            elbow_flexion=max(5.0, jitter(110.0) - short),
        )

    b = _repeat(body, params, jitter, home, pulled, 1.2, 1.5, 0.4)
    return Script(b.build(), b.reps, support=FEET, anchor=FEET)


def standing_back_extension(
    body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter
) -> Script:
    """Standing, hands on the low back; lean the trunk back over the hips, return."""
    del plan  # every fault of this exercise is a pose offset
    home = standing(body).with_limbs(
        BOTH_SIDES,
        shoulder_flexion=-30,
        shoulder_abduction=35,
        shoulder_rotation=-80,
        elbow_flexion=100,
    )

    def leaning(index: int) -> Pose:
        del index
        lean = jitter(8.0)
        return home.with_axial(
            pelvis_pitch=-lean, spine_flexion=-jitter(22.0), head_flexion=-8
        ).with_limbs(BOTH_SIDES, hip_flexion=-lean)

    b = _repeat(body, params, jitter, home, leaning, 1.5, 1.5, 0.6)
    return Script(b.build(), b.reps, support=FEET, anchor=FEET)


def bicep_curl(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter) -> Script:
    """Standing, arms at the sides; curl both forearms up and lower them."""
    del plan
    home = standing(body).with_limbs(BOTH_SIDES, shoulder_abduction=5, elbow_flexion=8)

    def curled(index: int) -> Pose:
        del index
        return home.with_limbs(BOTH_SIDES, elbow_flexion=jitter(135.0))

    b = _repeat(body, params, jitter, home, curled, 1.0, 1.5, 0.3)
    return Script(b.build(), b.reps, support=FEET, anchor=FEET)


def shoulder_press(
    body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter
) -> Script:
    """Standing, the weights at the shoulders; press overhead and lower them back.

    At the bottom the elbows sit about 16 cm below the shoulders with the forearms
    vertical, the hands 0.14-0.23 torso lengths above the shoulders (on real front-view
    footage: 0.18-0.27). The shoulder blades turn up with the arms, lifting the
    shoulders about 3 cm at lockout (0.06 torso lengths on real footage); a shrug is a
    rise beyond that.
    """
    del plan
    home = standing(body).with_limbs(
        BOTH_SIDES, shoulder_abduction=62, shoulder_rotation=90, elbow_flexion=118
    )

    def pressed(index: int) -> Pose:
        del index
        return home.with_limbs(BOTH_SIDES, shoulder_abduction=jitter(165.0), elbow_flexion=10,
                               scapula_elevation=jitter(0.03))

    b = _repeat(body, params, jitter, home, pressed, 1.2, 1.5, 0.3)
    return Script(b.build(), b.reps, support=FEET, anchor=FEET)


def lateral_raise(
    body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter
) -> Script:
    """Standing, arms at the sides; raise them sideways to shoulder height.

    The shoulder blades rotate up as the arms rise, lifting the shoulders about 6 cm at
    shoulder height (on real front-view footage a clean raise brings the shoulders 0.15
    torso lengths closer to the ears); a shrug is a rise beyond that.
    """
    del plan
    home = standing(body).with_limbs(BOTH_SIDES, shoulder_abduction=8, elbow_flexion=15)

    def raised(index: int) -> Pose:
        del index
        return home.with_limbs(
            BOTH_SIDES, shoulder_abduction=jitter(85.0), scapula_elevation=jitter(0.06)
        )

    b = _repeat(body, params, jitter, home, raised, 1.2, 1.6, 0.3)
    return Script(b.build(), b.reps, support=FEET, anchor=FEET)


_SHRUG = FaultDef(
    "shrug", "cm", "rise of both shoulders toward the ears", 6.0, offsets=offsets.shrug
)

BAND_ROW = SynthExercise(
    name="band_row",
    posture="standing",
    view_azimuth_deg=90.0,
    one_sided=False,
    default_reps=8,
    default_hold_s=1.0,
    build=band_row,
    faults=fault_table(
        _SHRUG,
        FaultDef(
            "head_forward",
            "deg",
            "neck flexion with the eyes kept level, craning the head forward",
            20.0,
            offsets=offsets.head_forward,
        ),
        FaultDef(
            "lean_back",
            "deg",
            "backward lean of the trunk from the hips",
            12.0,
            offsets=offsets.lean_back,
        ),
        FaultDef(
            "partial_range",
            "deg",
            "elbow flexion and shoulder extension left out of the pull",
            30.0,
        ),
    ),
)

STANDING_BACK_EXTENSION = SynthExercise(
    name="standing_back_extension",
    posture="standing",
    view_azimuth_deg=90.0,
    one_sided=False,
    default_reps=6,
    default_hold_s=1.0,
    build=standing_back_extension,
    faults=fault_table(
        FaultDef(
            "knees_bend", "deg", "knee flexion with the feet flat", 20.0, offsets=offsets.knees_bend
        ),
        FaultDef(
            "head_back",
            "deg",
            "neck extension beyond the trunk's lean (the head tips back half as much again)",
            20.0,
            offsets=offsets.head_back,
        ),
        FaultDef(
            "feet_move",
            "cm",
            "forward slide of one foot (the fault's side)",
            10.0,
            phase="rep",
            offsets=_foot_moves,
        ),
    ),
)

BICEP_CURL = SynthExercise(
    name="bicep_curl",
    posture="standing",
    view_azimuth_deg=90.0,
    one_sided=False,
    default_reps=10,
    default_hold_s=0.0,
    build=bicep_curl,
    faults=fault_table(
        FaultDef(
            "elbow_drift",
            "deg",
            "shoulder flexion moving the elbows forward",
            25.0,
            offsets=_elbow_drift,
        ),
        FaultDef(
            "torso_swing",
            "deg",
            "backward lean of the trunk from the hips, heaving the weight up and kept until "
            "it is lowered",
            12.0,
            phase="rep",
            offsets=offsets.lean_back,
        ),
    ),
)

SHOULDER_PRESS = SynthExercise(
    name="shoulder_press",
    posture="standing",
    view_azimuth_deg=0.0,
    one_sided=False,
    default_reps=8,
    default_hold_s=0.0,
    build=shoulder_press,
    faults=fault_table(_SHRUG),
)

LATERAL_RAISE = SynthExercise(
    name="lateral_raise",
    posture="standing",
    view_azimuth_deg=0.0,
    one_sided=False,
    default_reps=10,
    default_hold_s=0.0,
    build=lateral_raise,
    faults=fault_table(_SHRUG),
)
