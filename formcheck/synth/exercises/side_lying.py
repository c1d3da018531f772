"""Exercises on one side: side plank.

Poses are built lying on the right side (pelvis obliquity near +90: the left hip
up, the head toward lab -y, the front of the body facing lab +x) and mirrored for
the left side. Each hold starts and ends sitting on the lower hip, propped up on
the straight lower arm with the knees drawn up (out of the plank position), lifts
into a forearm side plank, holds, and sits back down.
"""

from __future__ import annotations

from formcheck.pose.landmarks import Landmark
from formcheck.synth.body import BodyParams
from formcheck.synth.channels import BodySide, Pose
from formcheck.synth.exercises.base import Jitter, Script, ScriptParams, SynthExercise, fault_table
from formcheck.synth.exercises.postures import HIPS, LYING_SUPPORT
from formcheck.synth.faults import FaultContext, FaultDef, FaultPlan
from formcheck.synth.keyframes import MotionBuilder
from formcheck.synth.reach import bisect, clearance

L = Landmark
_R, _LEFT = BodySide.RIGHT, BodySide.LEFT
_FOREARM = (L.RIGHT_ELBOW, L.RIGHT_WRIST)
_LOWER_FOOT = (L.RIGHT_ANKLE, L.RIGHT_HEEL, L.RIGHT_FOOT_INDEX)


def _on_right_side(elevation: float) -> Pose:
    """Lying on the right side with the body straight, its head end `elevation`
    degrees above the floor, the upper hand resting on the hip."""
    return (
        Pose.zero()
        .with_axial(pelvis_obliquity=90.0 - elevation)
        .with_limbs(_LEFT, shoulder_abduction=8, elbow_flexion=25)
        .with_limbs((_LEFT, _R), knee_flexion=3, ankle_dorsiflexion=-10)
    )


def side_plank_pose(body: BodyParams) -> Pose:
    """Forearm side plank on the right side: upper arm vertical, forearm on the floor
    pointing forward, the body straight from the shoulders to the feet; its slope is
    solved so the forearm and the lower foot both touch the floor."""

    def pose(elevation: float) -> Pose:
        return _on_right_side(elevation).with_limbs(
            _R, shoulder_abduction=90.0 - elevation, elbow_flexion=90, wrist_flexion=0
        )

    def gap(elevation: float) -> float:
        candidate = pose(elevation)
        return clearance(body, candidate, _FOREARM) - clearance(body, candidate, _LOWER_FOOT)

    return pose(bisect(gap, 0.0, 45.0))


def tall_kneeling(body: BodyParams) -> Pose:
    """Kneeling upright facing forward, the thighs and trunk vertical, the arms by the
    sides, the tops of the feet on the floor."""
    del body
    return Pose.zero().with_limbs(
        (_LEFT, _R), shoulder_abduction=8, elbow_flexion=10, knee_flexion=90, ankle_dorsiflexion=-60
    )


def _on_side(pose: Pose, side: BodySide) -> Pose:
    return pose if side is _R else pose.mirrored()


def _hips_bend(ctx: FaultContext, direction: float) -> Pose:
    """Bend the straight side-plank line at the hips by the magnitude (degrees):
    `direction` +1 lets the hips sag toward the floor, -1 pikes them up. The trunk and
    the legs share the bend in proportion to the other's length, so the forearm and
    the feet stay near their places; the supporting upper arm stays vertical."""
    body = ctx.body
    leg = body.leg_length
    trunk_share = ctx.magnitude * leg / (leg + body.trunk_length)
    delta = (
        Pose.zero()
        .with_axial(pelvis_obliquity=-direction * trunk_share)
        .with_limbs(
            _R,
            shoulder_abduction=-direction * trunk_share,
            hip_abduction=-direction * ctx.magnitude,
        )
        .with_limbs(_LEFT, hip_abduction=direction * ctx.magnitude)
    )
    return _on_side(delta, ctx.side)


def _hip_sag(ctx: FaultContext) -> Pose:
    return _hips_bend(ctx, 1.0)


def _hip_pike(ctx: FaultContext) -> Pose:
    return _hips_bend(ctx, -1.0)


def side_plank(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter) -> Script:
    """Side plank holds on the right side (left with side_order "left_first"): from
    kneeling upright, get down into a forearm side plank, hold, come back up, rest."""
    del plan  # every side plank fault is a pose offset
    side = _LEFT if params.side_order == "left_first" else _R
    rest = _on_side(tall_kneeling(body), side)
    hold = _on_side(side_plank_pose(body), side)
    b = MotionBuilder(rest)
    b.hold(1000 * params.pause_s)
    for index in range(params.reps):
        if index:
            b.hold(params.move_ms(jitter(2.0)))
        b.rep(
            side,
            hold,
            params.move_ms(jitter(1.8)),
            jitter(1000 * params.hold_s),
            params.move_ms(jitter(1.8)),
        )
    b.hold(1000 * params.pause_s)
    return Script(b.build(), b.reps, support=LYING_SUPPORT, anchor=HIPS)


SIDE_PLANK = SynthExercise(
    name="side_plank",
    posture="side",
    view_azimuth_deg=0.0,
    one_sided=False,
    default_reps=1,
    default_hold_s=15.0,
    build=side_plank,
    faults=fault_table(
        FaultDef(
            "hip_sag",
            "deg",
            "bend of the shoulder-hip-ankle line at the hips, hips toward the floor",
            18.0,
            offsets=_hip_sag,
        ),
        FaultDef(
            "hip_pike",
            "deg",
            "bend of the shoulder-hip-ankle line at the hips, hips toward the ceiling",
            28.0,
            offsets=_hip_pike,
        ),
    ),
)
