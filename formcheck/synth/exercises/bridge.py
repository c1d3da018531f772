"""The glute bridge: lying on the back, knees bent, lift the hips into a line with the
shoulders and knees, hold, and lower."""

from __future__ import annotations

from formcheck.synth.body import BodyParams
from formcheck.synth.channels import BOTH_SIDES, Pose
from formcheck.synth.exercises import offsets
from formcheck.synth.exercises.base import Jitter, Script, ScriptParams, SynthExercise, fault_table
from formcheck.synth.exercises.postures import (
    FEET,
    LYING_SUPPORT,
    SHOULDERS,
    foot_flat_ankle,
    supine,
)
from formcheck.synth.faults import FaultContext, FaultDef, FaultPlan
from formcheck.synth.keyframes import MotionBuilder
from formcheck.synth.kinematics import pose_landmarks
from formcheck.synth.reach import bisect, clearance

_KNEE_MAX = 110.0  # knee flexion beyond which the shins would point back under the hips


def _bridged(home: Pose, lift: float, hip_flexion: float, knee: float) -> Pose:
    """The trunk sloping down to the shoulders by `lift` degrees, the hips flexed
    `hip_flexion` degrees from its line, the knees bent `knee` degrees, feet flat; the
    neck bends as much as the trunk slopes, so the head lies on the floor."""
    pitch = -90.0 - lift
    return home.with_axial(pelvis_pitch=pitch, neck_flexion=lift).with_limbs(
        BOTH_SIDES,
        hip_flexion=hip_flexion,
        knee_flexion=knee,
        ankle_dorsiflexion=foot_flat_ankle(pitch, hip_flexion, knee),
    )


def bridge_top(body: BodyParams, home: Pose, hip_flexion: float) -> Pose:
    """The top of a bridge with the hips `hip_flexion` degrees short of a straight
    shoulder-hip-knee line (0 = full extension).

    The shoulders and the soles stay on the floor and the feet stay where they were
    in `home` (their distance from the shoulders along the floor is kept). A body
    whose knees reach their limit first (hips left well bent) lifts as
    high as the knees allow, its feet a few millimetres further out.
    """
    def reach(pose: Pose) -> float:
        points = pose_landmarks(body, pose)
        return float(points[list(FEET), 0].mean() - points[list(SHOULDERS), 0].mean())

    span = reach(home)

    def gap(lift: float, knee: float) -> float:
        pose = _bridged(home, lift, hip_flexion, knee)
        return clearance(body, pose, FEET) - clearance(body, pose, SHOULDERS)

    def planted(lift: float) -> Pose:
        # The knee bend that puts the soles on the floor, shins pointing to the feet.
        return _bridged(home, lift, hip_flexion, bisect(lambda k: gap(lift, k), 0.0, _KNEE_MAX))

    top = bisect(lambda lift: gap(lift, _KNEE_MAX), 0.0, 60.0) - 0.5
    if reach(planted(top)) >= span:  # the knees at their limit, the feet not yet back
        return planted(top)
    return planted(bisect(lambda lift: reach(planted(lift)) - span, 0.5, top))


def _pelvis_drop(ctx: FaultContext) -> Pose:
    # The pelvis turns about its long axis (one hip drops), the trunk stays flat.
    turn = ctx.side.sign * ctx.magnitude
    return Pose.zero().with_axial(pelvis_rotation=turn, spine_rotation=-turn)


def _knees_in(ctx: FaultContext) -> Pose:
    return offsets.knees_in(ctx.body, ctx.peak, ctx.magnitude, BOTH_SIDES)


def _knees_out(ctx: FaultContext) -> Pose:
    return offsets.knees_in(ctx.body, ctx.peak, -ctx.magnitude, BOTH_SIDES)


GLUTE_BRIDGE_FAULTS = fault_table(
    FaultDef("partial_bridge", "deg", "hip flexion left at the top of the bridge", 18.0),
    FaultDef(
        "pelvis_drop",
        "deg",
        "turn of the pelvis about the body's long axis at the top (one hip drops)",
        12.0,
        offsets=_pelvis_drop,
    ),
    FaultDef("knees_in", "cm", "inward movement of each knee at the top, feet in place", 8.0,
             offsets=_knees_in),
    FaultDef("knees_out", "cm", "outward movement of each knee at the top, feet in place", 8.0,
             offsets=_knees_out),
    FaultDef("no_hold", "s", "seconds held at the top instead of the prescribed hold", 0.0),
)


def glute_bridge(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter
                 ) -> Script:
    """Lying on the back, knees bent and feet flat: lift the hips until the shoulders,
    hips and knees form a line, hold, lower. A partial bridge stops with the hips
    still bent; a rep without a hold lowers almost at once."""
    home = supine(body, knees_bent=True)
    full = bridge_top(body, home, 0.0)
    b = MotionBuilder(home)
    b.hold(1000 * params.pause_s)
    for index in range(params.reps):
        short = plan.magnitude("partial_bridge", index)
        top = full if short is None else bridge_top(body, home, short)
        held = plan.magnitude("no_hold", index)
        b.rep(
            None,
            top,
            params.move_ms(jitter(1.3)),
            1000 * (held if held is not None else jitter(params.hold_s)),
            params.move_ms(jitter(1.3)),
        )
        b.hold(params.move_ms(jitter(0.8)))
    b.hold(1000 * params.pause_s)
    return Script(b.build(), b.reps, support=LYING_SUPPORT, anchor=SHOULDERS + FEET)


GLUTE_BRIDGE = SynthExercise(
    name="glute_bridge",
    posture="supine",
    view_azimuth_deg=90.0,
    one_sided=False,
    default_reps=5,
    default_hold_s=2.0,
    build=glute_bridge,
    faults=GLUTE_BRIDGE_FAULTS,
)
