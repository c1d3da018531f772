"""Standing leg exercises: lunge, split squat, sit-to-stand, calf raise.

Leg positions are built from lab angles in the body's sagittal plane (degrees from
vertical, forward positive) and turned into joint channels with the trunk's pitch.
"""

from __future__ import annotations

import numpy as np

from formcheck.synth.body import BodyParams
from formcheck.synth.channels import BOTH_SIDES, BodySide, Pose
from formcheck.synth.exercises import offsets
from formcheck.synth.exercises.base import (
    Jitter,
    Script,
    ScriptParams,
    SynthExercise,
    fault_table,
    one_side_at_a_time,
)
from formcheck.synth.exercises.postures import FEET, foot_flat_ankle, standing
from formcheck.synth.faults import FaultContext, FaultDef, FaultPlan
from formcheck.synth.keyframes import MotionBuilder
from formcheck.synth.reach import bisect, two_link_ik

LUNGE_KNEE_DEG = 100.0  # front knee flexion at the bottom of a full lunge
_SHIN_SHARE = 0.15  # the front shin leans forward by this share of the knee flexion
_REAR_THIGH_SHARE = 0.12  # the rear thigh points back by this share of it
_REAR_FOOT_DEG = 40.0  # the rear foot's angle to the floor, on the ball of the foot
_LUNGE_PITCH_DEG = 5.0  # forward lean of an upright trunk
_SPLIT_TOP_KNEE_DEG = 12.0  # front knee flexion at the top of a split squat


def _leg_pose(
    home: Pose, front: BodySide, pitch: float, front_legs: tuple[float, float],
    rear_legs: tuple[float, float],
) -> Pose:
    """Joint channels for a split stance.

    Args:
        home: the pose to start from (arms, head).
        front: the leading leg.
        pitch: trunk pitch, degrees forward.
        front_legs: (thigh angle from vertical, forward; knee flexion), degrees; foot flat.
        rear_legs: (thigh angle from vertical, backward; knee flexion), degrees; on the
            ball of the foot.
    """
    front_hip = front_legs[0] + pitch
    rear_hip = pitch - rear_legs[0]
    return (
        home.with_axial(pelvis_pitch=pitch)
        .with_limbs(
            front,
            hip_flexion=front_hip,
            knee_flexion=front_legs[1],
            ankle_dorsiflexion=foot_flat_ankle(pitch, front_hip, front_legs[1]),
        )
        .with_limbs(
            front.other,
            hip_flexion=rear_hip,
            knee_flexion=rear_legs[1],
            ankle_dorsiflexion=foot_flat_ankle(pitch, rear_hip, rear_legs[1]) - _REAR_FOOT_DEG,
        )
    )


def _ankles(body: BodyParams, front_legs: tuple[float, float], rear_legs: tuple[float, float]
            ) -> tuple[tuple[float, float], tuple[float, float]]:
    """(x, z) of the front and rear ankle from the hip joint, metres (x forward, z up)."""
    thigh, knee = np.radians(front_legs)
    front = (body.thigh * np.sin(thigh) + body.shank * np.sin(thigh - knee),
             -body.thigh * np.cos(thigh) - body.shank * np.cos(thigh - knee))
    thigh, knee = np.radians(rear_legs)
    rear = (-body.thigh * np.sin(thigh) - body.shank * np.sin(thigh + knee),
            -body.thigh * np.cos(thigh) - body.shank * np.cos(thigh + knee))
    return (float(front[0]), float(front[1])), (float(rear[0]), float(rear[1]))


def _rear_ankle_rise(body: BodyParams) -> float:
    """How much higher the rear ankle is than a flat front foot's ankle, metres."""
    tilt = np.radians(_REAR_FOOT_DEG)
    return float(body.toe_forward * np.sin(tilt) - body.ankle_height * (1.0 - np.cos(tilt)))


def _lunge_legs(body: BodyParams, knee: float, shin_extra: float
                ) -> tuple[tuple[float, float], tuple[float, float]]:
    """Front and rear leg angles (see `_leg_pose`) at the bottom of a lunge."""
    front_legs = (knee * (1.0 - _SHIN_SHARE), knee + shin_extra)
    rear_thigh = _REAR_THIGH_SHARE * knee
    (_, front_z), _ = _ankles(body, front_legs, (rear_thigh, 0.0))
    target_z = front_z + _rear_ankle_rise(body)
    cos_shin = (-target_z - body.thigh * np.cos(np.radians(rear_thigh))) / body.shank
    rear_knee = float(np.degrees(np.arccos(np.clip(cos_shin, -1.0, 1.0)))) - rear_thigh
    return front_legs, (rear_thigh, max(rear_knee, 0.0))


def lunge_bottom(body: BodyParams, home: Pose, front: BodySide, knee: float,
                 shin_extra: float = 0.0) -> Pose:
    """The bottom of a lunge with `knee` degrees of front knee flexion.

    The front shin leans forward by 15 % of the knee flexion, the rear thigh points
    back by 12 %; the rear knee bends until the ball of the rear foot is as low as the
    front sole. `shin_extra` degrees push the front knee on past the toes: the front
    knee bends that much more with the thigh where it was.
    """
    front_legs, rear_legs = _lunge_legs(body, knee, shin_extra)
    return _leg_pose(home, front, _LUNGE_PITCH_DEG, front_legs, rear_legs)


def split_stance(body: BodyParams, home: Pose, front: BodySide) -> Pose:
    """The top of a split squat: the feet where a full lunge puts them, the hips raised
    until the front knee is bent only 12 degrees."""
    (front_x, front_z), (rear_x, rear_z) = _ankles(body, *_lunge_legs(body, LUNGE_KNEE_DEG, 0.0))

    def front_knee(rise: float) -> float:
        return two_link_ik(body.thigh, body.shank, (front_x, front_z - rise), bend=-1.0)[1]

    rise = bisect(lambda r: front_knee(r) - _SPLIT_TOP_KNEE_DEG, 0.0, body.leg_length)
    front_thigh, knee = two_link_ik(body.thigh, body.shank, (front_x, front_z - rise), bend=-1.0)
    rear_thigh, rear_knee = two_link_ik(body.thigh, body.shank, (rear_x, rear_z - rise),
                                        bend=-1.0)
    return _leg_pose(home, front, _LUNGE_PITCH_DEG, (front_thigh, knee), (-rear_thigh, rear_knee))


def _lean_forward(ctx: FaultContext) -> Pose:
    # The trunk leans forward from the hips by the magnitude, the thighs unchanged.
    return (
        Pose.zero()
        .with_axial(pelvis_pitch=ctx.magnitude)
        .with_limbs(BOTH_SIDES, hip_flexion=ctx.magnitude)
    )


LUNGE_FAULTS = fault_table(
    FaultDef("shallow_depth", "deg", "front knee flexion left out of a 100-degree lunge", 34.0),
    FaultDef(
        "trunk_lean",
        "deg",
        "forward lean of the trunk from the hips at the bottom",
        30.0,
        offsets=_lean_forward,
    ),
    FaultDef(
        "knee_forward",
        "deg",
        "extra forward lean of the front shin, thigh unchanged (the knee pushed past the toes)",
        25.0,
    ),
)


def _lunge_target(body: BodyParams, home: Pose, side: BodySide, index: int, plan: FaultPlan,
                  jitter: Jitter) -> Pose:
    """The bottom of rep `index`: a full lunge, or a faulted one."""
    shallow = plan.magnitude("shallow_depth", index)
    knee = LUNGE_KNEE_DEG - shallow if shallow is not None else jitter(LUNGE_KNEE_DEG)
    shin = plan.magnitude("knee_forward", index) or 0.0
    return lunge_bottom(body, home, side, max(knee, 10.0), shin)


def lunge(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter) -> Script:
    """Forward or reverse lunges from standing, feet together between reps.

    The working side is the leading leg. A shallow lunge keeps 100 degrees minus the
    fault's magnitude of front knee flexion (not the rep's jittered depth), so its
    depth is known.
    """
    home = standing(body)
    b = MotionBuilder(home)
    b.hold(1000 * params.pause_s)
    for index, side in enumerate(one_side_at_a_time(params, "lunge")):
        b.rep(
            side,
            _lunge_target(body, home, side, index, plan, jitter),
            params.move_ms(jitter(1.3)),
            jitter(1000 * params.hold_s),
            params.move_ms(jitter(1.2)),
        )
        b.hold(params.move_ms(jitter(0.6)))
    b.hold(1000 * params.pause_s)
    return Script(b.build(), b.reps, support=FEET, anchor=FEET)


def split_squat(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter
                ) -> Script:
    """Split squats: every rep of one leg from a split stance, then a step to the other.

    The set starts and ends standing with the feet together; whatever the side
    order asked for, the reps of one leg come together (that is the exercise).
    """
    home = standing(body)
    first = one_side_at_a_time(params, "split_squat")[0]
    b = MotionBuilder(home)
    b.hold(1000 * params.pause_s)
    index = 0
    for side in (first, first.other):
        stance = split_stance(body, home, side)
        b.move(stance, params.move_ms(jitter(1.2)))
        b.hold(params.move_ms(jitter(0.6)))
        for _ in range(params.reps):
            b.rep(
                side,
                _lunge_target(body, home, side, index, plan, jitter),
                params.move_ms(jitter(1.3)),
                jitter(1000 * params.hold_s),
                params.move_ms(jitter(1.2)),
            )
            b.hold(params.move_ms(jitter(0.6)))
            index += 1
        b.move(home, params.move_ms(jitter(1.2)))
    b.hold(1000 * params.pause_s)
    return Script(b.build(), b.reps, support=FEET, anchor=FEET)


LUNGE = SynthExercise(
    name="lunge",
    posture="standing",
    view_azimuth_deg=90.0,
    one_sided=True,
    default_reps=3,
    default_hold_s=0.3,
    build=lunge,
    faults=LUNGE_FAULTS,
)

SPLIT_SQUAT = SynthExercise(
    name="split_squat",
    posture="standing",
    view_azimuth_deg=90.0,
    one_sided=True,
    default_reps=3,
    default_hold_s=0.3,
    build=split_squat,
    faults=LUNGE_FAULTS,
)


def _sit_pose(home: Pose, pitch: float, thigh: float, shin: float) -> Pose:
    """Both legs with the thighs `thigh` degrees forward of vertical and the shins `shin`
    degrees (negative: the knee ahead of the ankle), feet flat, the trunk pitched
    `pitch` degrees forward and the arms reaching 45 degrees forward."""
    hip = thigh + pitch
    knee = thigh - shin
    return home.with_axial(pelvis_pitch=pitch).with_limbs(
        BOTH_SIDES,
        hip_flexion=hip,
        knee_flexion=knee,
        ankle_dorsiflexion=foot_flat_ankle(pitch, hip, knee),
        shoulder_flexion=45.0 + pitch,
        elbow_flexion=20.0,
    )


def seated(home: Pose) -> Pose:
    """On a chair: thighs level, shins upright, trunk nearly upright."""
    return _sit_pose(home, pitch=5.0, thigh=90.0, shin=0.0)


def mid_rise(home: Pose) -> Pose:
    """Halfway up from a chair (or down to it): trunk leaning 35 degrees, thighs at 45,
    knees ahead of the ankles."""
    return _sit_pose(home, pitch=35.0, thigh=45.0, shin=-15.0)


STS_FAULTS = fault_table(
    FaultDef(
        "partial_stand",
        "deg",
        "hip flexion left at the top (the knees keep 80 % and the trunk 40 % of it)",
        32.0,
    ),
    FaultDef(
        "knee_valgus",
        "cm",
        "inward movement of each knee halfway up and halfway down, feet in place",
        8.0,
        phase="rep",
    ),
)


def sit_to_stand(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter
                 ) -> Script:
    """From sitting on a chair, stand up fully and sit back down, leaning the trunk
    forward halfway; arms reaching forward. A partial stand stops with the hips bent."""
    home = standing(body).with_limbs(BOTH_SIDES, shoulder_flexion=45.0, elbow_flexion=20.0)
    chair = seated(home)
    b = MotionBuilder(chair)
    b.hold(1000 * params.pause_s)
    for index in range(params.reps):
        short = plan.magnitude("partial_stand", index)
        top = home if short is None else _sit_pose(home, 0.4 * short, 0.6 * short, -0.2 * short)
        halfway = mid_rise(home)
        cave = plan.magnitude("knee_valgus", index)
        if cave is not None:
            halfway = halfway.plus(offsets.knees_in(body, halfway, cave, BOTH_SIDES))
        b.rep(
            None,
            top,
            params.move_ms(jitter(1.3)),
            jitter(1000 * params.hold_s),
            params.move_ms(jitter(1.5)),
            via=(halfway, halfway),
        )
        b.hold(params.move_ms(jitter(0.6)))
    b.hold(1000 * params.pause_s)
    return Script(b.build(), b.reps, support=FEET, anchor=FEET)


SIT_TO_STAND = SynthExercise(
    name="sit_to_stand",
    posture="seated",
    view_azimuth_deg=90.0,
    one_sided=False,
    default_reps=5,
    default_hold_s=0.3,
    build=sit_to_stand,
    faults=STS_FAULTS,
)

CALF_RAISE_DEG = 25.0  # ankle plantarflexion at the top of a full raise
_BOUNCE_TOUCH_MS = 200.0  # heels on the floor between bounced reps

CALF_RAISE_FAULTS = fault_table(
    FaultDef(
        "partial_height",
        "deg",
        f"ankle plantarflexion left out of a {CALF_RAISE_DEG:g}-degree raise",
        13.0,
    ),
    FaultDef(
        "bouncing",
        "x",
        "speed factor of the rep's movements, no pause at the top, a brief touch at the bottom",
        3.0,
        phase="rep",
    ),
)


def calf_raise(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter
               ) -> Script:
    """Standing, rise onto the balls of both feet, pause, and lower the heels to the floor.

    A bouncing rep goes up and down at the fault's speed factor without a pause at the
    top, the heels touching the floor only briefly after it; a partial one stops the
    fault's magnitude short of full height.
    """
    home = standing(body)
    b = MotionBuilder(home)
    b.hold(1000 * params.pause_s)
    for index in range(params.reps):
        short = plan.magnitude("partial_height", index)
        lift = CALF_RAISE_DEG - short if short is not None else jitter(CALF_RAISE_DEG)
        speed = plan.magnitude("bouncing", index) or 1.0
        bounce = speed > 1.0
        b.rep(
            None,
            home.with_limbs(BOTH_SIDES, ankle_dorsiflexion=-lift),
            params.move_ms(jitter(1.0)) / speed,
            0.0 if bounce else jitter(1000 * params.hold_s),
            params.move_ms(jitter(1.2)) / speed,
        )
        b.hold(_BOUNCE_TOUCH_MS if bounce else params.move_ms(jitter(0.5)))
    b.hold(1000 * params.pause_s)
    return Script(b.build(), b.reps, support=FEET, anchor=FEET)


CALF_RAISE = SynthExercise(
    name="calf_raise",
    posture="standing",
    view_azimuth_deg=90.0,
    one_sided=False,
    default_reps=8,
    default_hold_s=0.5,
    build=calf_raise,
    faults=CALF_RAISE_FAULTS,
)
