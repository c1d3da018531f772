"""Trunk curls lying on the back, knees bent: sit-up and crunch.

The kinematic trunk is one straight segment, so the upper back's rounding is
modelled where the landmarks see it: as spine flexion lifting the shoulders (the
whole hip-to-shoulder line) and as neck flexion carrying the head forward. A
crunch rounds the trunk off the floor while the pelvis stays down; a sit-up also
rolls the pelvis up over the hips (hip flexion) until the chest nears the knees.
The thighs keep their direction in the room and the feet stay flat.
"""

from __future__ import annotations

from collections.abc import Callable

from formcheck.synth.body import BodyParams
from formcheck.synth.channels import BOTH_SIDES, Axial, Limb, Pose
from formcheck.synth.exercises.base import Jitter, Script, ScriptParams, SynthExercise, fault_table
from formcheck.synth.exercises.postures import HIPS, LYING_SUPPORT, supine
from formcheck.synth.faults import FaultContext, FaultDef, FaultPlan
from formcheck.synth.keyframes import MotionBuilder

_SIT_UP_CURL = 30.0  # spine flexion at the top of a sit-up, degrees
_SIT_UP_TOP = 80.0  # trunk angle from the floor at the top of a sit-up, degrees
_CRUNCH_CURL = 24.0  # trunk rise of a crunch, degrees
_CURL_NECK = 22.0  # neck flexion of a clean curl: the chin tucks, degrees


def arms_crossed(home: Pose) -> Pose:
    """Lying on the back with the forearms crossed on the chest."""
    return home.with_limbs(
        BOTH_SIDES, shoulder_flexion=40, shoulder_abduction=-10, elbow_flexion=125
    )


def curled(home: Pose, trunk_rise: float, spine_flexion: float, neck_flexion: float) -> Pose:
    """The trunk raised `trunk_rise` degrees off the floor, of which `spine_flexion` is
    the trunk's own curl and the rest the pelvis rolling up over the hips; the thighs
    keep their direction in the room."""
    roll = max(0.0, trunk_rise - spine_flexion)
    pitch = home.axial(Axial.PELVIS_PITCH) + roll
    hip = home.limb(Limb.HIP_FLEXION, BOTH_SIDES[0]) + roll
    return home.with_axial(
        pelvis_pitch=pitch, spine_flexion=min(spine_flexion, trunk_rise), neck_flexion=neck_flexion
    ).with_limbs(BOTH_SIDES, hip_flexion=hip)


def _neck_pull(ctx: FaultContext) -> Pose:
    # The hands pull the head onto the chest: the neck flexes further, the head nods.
    return Pose.zero().with_axial(neck_flexion=ctx.magnitude, head_flexion=ctx.magnitude / 4)


_NECK_PULL = FaultDef(
    "neck_pull",
    "deg",
    "extra neck flexion pulling the head toward the chest during the curl",
    40.0,
    offsets=_neck_pull,
)
_TOO_FAST = FaultDef("too_fast", "x", "speed factor of the rep's movements", 3.0, phase="rep")


def _curl_set(
    home: Pose,
    params: ScriptParams,
    plan: FaultPlan,
    jitter: Jitter,
    top: Callable[[int], Pose],
    up_s: float,
    down_s: float,
    rest_s: float,
) -> MotionBuilder:
    """Reps from `home` to `top(rep index)` and back, with the too-fast fault."""
    b = MotionBuilder(home)
    b.hold(1000 * params.pause_s)
    for index in range(params.reps):
        speed = plan.magnitude("too_fast", index) or 1.0
        b.rep(
            None,
            top(index),
            params.move_ms(jitter(up_s)) / speed,
            jitter(1000 * params.hold_s),
            params.move_ms(jitter(down_s)) / speed,
        )
        b.hold(params.move_ms(jitter(rest_s)))
    b.hold(1000 * params.pause_s)
    return b


def sit_up(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter) -> Script:
    """Lying on the back, knees bent and arms crossed on the chest: curl all the way up
    until the trunk stands about 80 degrees off the floor, roll back down."""
    home = arms_crossed(supine(body, knees_bent=True))

    def top(index: int) -> Pose:
        short = plan.magnitude("short_top", index)
        rise = jitter(_SIT_UP_TOP) if short is None else short
        return curled(home, rise, jitter(_SIT_UP_CURL), jitter(_CURL_NECK))

    b = _curl_set(home, params, plan, jitter, top, 1.2, 1.3, 0.5)
    return Script(b.build(), b.reps, support=LYING_SUPPORT, anchor=HIPS)


def crunch(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter) -> Script:
    """Lying on the back, knees bent and arms crossed on the chest: curl the head and
    shoulders off the floor (the trunk rises about 24 degrees, the pelvis stays down),
    lower again. A `sits_up` fault turns the rep into a sit-up's rise."""
    home = arms_crossed(supine(body, knees_bent=True))

    def top(index: int) -> Pose:
        curl = jitter(_CRUNCH_CURL)
        rise = plan.magnitude("sits_up", index) or curl
        return curled(home, rise, curl, jitter(_CURL_NECK))

    b = _curl_set(home, params, plan, jitter, top, 1.0, 1.0, 0.4)
    return Script(b.build(), b.reps, support=LYING_SUPPORT, anchor=HIPS)


SIT_UP = SynthExercise(
    name="sit_up",
    posture="supine",
    view_azimuth_deg=90.0,
    one_sided=False,
    default_reps=6,
    default_hold_s=0.0,
    build=sit_up,
    faults=fault_table(
        _NECK_PULL,
        _TOO_FAST,
        FaultDef("short_top", "deg", "trunk angle from the floor where the rise stops", 60.0),
    ),
)

CRUNCH = SynthExercise(
    name="crunch",
    posture="supine",
    view_azimuth_deg=90.0,
    one_sided=False,
    default_reps=8,
    default_hold_s=0.0,
    build=crunch,
    faults=fault_table(
        _NECK_PULL,
        _TOO_FAST,
        FaultDef(
            "sits_up", "deg", "trunk angle from the floor the rep rises to (past a crunch's)", 55.0
        ),
    ),
)
