"""Exercises hanging from a bar: pull-up / chin-up.

The body hangs from its wrists: they are the support, held at the bar's height,
and the anchor, so bending the arms lifts the body and the hands stay on the bar.
The pull is modelled in the trunk's sagittal plane (a chin-up's path, elbows in
front, hands shoulder-width apart), so the hands keep their grip on the bar.
"""

from __future__ import annotations

from formcheck.pose.landmarks import Landmark
from formcheck.synth.body import BodyParams
from formcheck.synth.channels import BOTH_SIDES, Pose
from formcheck.synth.exercises.base import Jitter, Script, ScriptParams, SynthExercise, fault_table
from formcheck.synth.exercises.postures import FEET, WRISTS
from formcheck.synth.faults import FaultContext, FaultDef, FaultPlan
from formcheck.synth.keyframes import MotionBuilder
from formcheck.synth.kinematics import pose_landmarks
from formcheck.synth.reach import bisect

_FEET_ABOVE_FLOOR_M = 0.25  # the feet's clearance in a straight-arm hang
_BENT_HANG_REST_S = 1.2  # rest at the bottom after a rep that stops short of straight arms
_TOP = 0.01  # hands above the shoulders at the top of a full pull, torso lengths
_SHOULDERS = (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)


def dead_hang(body: BodyParams) -> Pose:
    """Hanging with straight arms overhead, hands shoulder-width apart, the shoulders
    drawn up toward the ears and the legs hanging nearly straight."""
    del body
    return Pose.zero().with_limbs(
        BOTH_SIDES,
        scapula_elevation=0.02,
        shoulder_flexion=180,
        elbow_flexion=4,
        hip_flexion=6,
        knee_flexion=10,
        ankle_dorsiflexion=-20,
    )


def _hands_above_shoulders(body: BodyParams, pose: Pose) -> float:
    """Height of the mid-wrist over the mid-shoulder, torso lengths."""
    p = pose_landmarks(body, pose)
    wrists = p[list(WRISTS), 2].mean()
    shoulders = p[list(_SHOULDERS), 2].mean()
    return float((wrists - shoulders) / body.trunk_length)


def pulled_up(body: BodyParams, hang: Pose, hands_above: float) -> Pose:
    """The body pulled up until the hands are `hands_above` torso lengths over the
    shoulders (0 = shoulders at the hands' height): the elbows come down in front, the
    forearms stay nearly vertical, the body leans back a little and the shoulders draw
    down from the ears."""

    def pose(shoulder_flexion: float) -> Pose:
        return hang.with_axial(pelvis_pitch=-8).with_limbs(
            BOTH_SIDES,
            scapula_elevation=0.0,
            shoulder_flexion=shoulder_flexion,
            elbow_flexion=172.0 - shoulder_flexion,
        )

    def gap(shoulder_flexion: float) -> float:
        return _hands_above_shoulders(body, pose(shoulder_flexion)) - hands_above

    return pose(bisect(gap, 0.0, 120.0))


def bent_hang(hang: Pose, elbow_flexion: float) -> Pose:
    """Hanging with the elbows still bent by `elbow_flexion` degrees: the upper arms
    tilt forward and the forearms back by half of it each, the hands above the head."""
    return hang.with_limbs(
        BOTH_SIDES, shoulder_flexion=180.0 - elbow_flexion / 2, elbow_flexion=elbow_flexion
    )


def bar_height(body: BodyParams, hang: Pose) -> float:
    """Height of the bar (metres) that leaves the feet of a straight-arm hang clear of the floor."""
    p = pose_landmarks(body, hang)
    return float(p[list(WRISTS), 2].mean() - p[list(FEET), 2].min() + _FEET_ABOVE_FLOOR_M)


def _kip(ctx: FaultContext) -> Pose:
    # The knees drive up to swing the body: hips and knees flex together.
    return Pose.zero().with_limbs(
        BOTH_SIDES, hip_flexion=ctx.magnitude, knee_flexion=ctx.magnitude / 2
    )


PULL_UP_FAULTS = fault_table(
    FaultDef(
        "kip",
        "deg",
        "hip flexion driving the knees up to swing the body during the pull",
        50.0,
        offsets=_kip,
    ),
    FaultDef("short_pull", "cm", "distance the shoulders stay below the hands at the top", 12.0),
    FaultDef(
        "bent_hang",
        "deg",
        "elbow flexion kept while hanging at the bottom after the rep (the arms never straighten)",
        60.0,
    ),
)


def pull_up(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter) -> Script:
    """From a dead hang, pull until the shoulders reach the hands' height (the chin over
    the bar), hold briefly, lower to straight arms, rest hanging."""
    hang = dead_hang(body)
    b = MotionBuilder(hang)
    b.hold(1000 * params.pause_s)
    for index in range(params.reps):
        short = plan.magnitude("short_pull", index)
        hands_above = jitter(_TOP) if short is None else short / 100.0 / body.trunk_length
        bent = plan.magnitude("bent_hang", index)
        b.rep(
            None,
            pulled_up(body, hang, hands_above),
            params.move_ms(jitter(1.0)),
            jitter(1000 * params.hold_s),
            params.move_ms(jitter(1.2)),
            back_to=hang if bent is None else bent_hang(hang, bent),
            settle_ms=0.0 if bent is None else 1000 * _BENT_HANG_REST_S,
        )
        if bent is None:
            b.hold(params.move_ms(jitter(0.8)))
    if b.pose is not hang:
        b.move(hang, params.move_ms(0.8))  # straighten the arms at the end of the set
    b.hold(1000 * params.pause_s)
    return Script(
        b.build(), b.reps, support=WRISTS, anchor=WRISTS, support_z=bar_height(body, hang)
    )


PULL_UP = SynthExercise(
    name="pull_up",
    posture="hanging",
    view_azimuth_deg=0.0,
    one_sided=False,
    default_reps=5,
    default_hold_s=0.3,
    build=pull_up,
    faults=PULL_UP_FAULTS,
)
