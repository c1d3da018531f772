"""Cat-cow on hands and knees: the spine arches (cow) and rounds (cat) in turn.

The kinematic trunk is one straight segment, as the landmarks see it: no landmark
lies on the spine. The spine's arch and rounding are modelled where they show (or
do not): the pelvis tilts while the trunk segment keeps its line, so the hips,
shoulders, hands and knees stay where they are; only the head moves, up in the
cow and tucked in the cat. A cycle starts from the table-top, goes into the cow,
then the cat, and back to the table-top.
"""

from __future__ import annotations

import numpy as np

from formcheck.synth.body import BodyParams
from formcheck.synth.channels import BOTH_SIDES, Axial, Limb, Pose
from formcheck.synth.exercises.base import Jitter, Script, ScriptParams, SynthExercise, fault_table
from formcheck.synth.exercises.postures import ANKLES, FEET, HIPS, KNEES, WRISTS, quadruped
from formcheck.synth.faults import FaultContext, FaultDef, FaultPlan
from formcheck.synth.keyframes import MotionBuilder

_SUPPORT = (*KNEES, *WRISTS, *ANKLES, *FEET)
_CAT_NECK = 50.0  # neck flexion in the cat, degrees
_COW_NECK = -35.0  # neck extension in the cow, degrees
_PELVIS_TILT = 15.0  # pelvic tilt each way, degrees


def spine_wave(home: Pose, tilt: float, neck_flexion: float) -> Pose:
    """The table-top with the pelvis tilted by `tilt` degrees (+ rounds the back into
    the cat, - arches it into the cow) while the trunk keeps its line and the thighs
    stay vertical, and the neck flexed by `neck_flexion` (the head nods half as much)."""
    return home.with_axial(
        pelvis_pitch=home.axial(Axial.PELVIS_PITCH) - tilt,
        spine_flexion=tilt,
        neck_flexion=neck_flexion,
        head_flexion=neck_flexion / 2,
    ).with_limbs(BOTH_SIDES, hip_flexion=home.limb(Limb.HIP_FLEXION, BOTH_SIDES[0]) - tilt)


def _rock_back(ctx: FaultContext) -> Pose:
    # The trunk rocks back toward the heels: hips and shoulders move back by the
    # magnitude while the hands and knees stay; the thighs and arms tilt with them and
    # the knees bend as much again, so the shins stay on the floor.
    shift = ctx.magnitude / 100.0
    body = ctx.body
    thigh = float(np.degrees(np.arcsin(min(shift / body.thigh, 1.0))))
    arm = float(np.degrees(np.arcsin(min(shift / body.arm_length, 1.0))))
    return (
        Pose.zero()
        .with_axial(root_x=-shift)
        .with_limbs(BOTH_SIDES, hip_flexion=thigh, knee_flexion=thigh, shoulder_flexion=arm)
    )


def cat_cow(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter) -> Script:
    """From the table-top: into the cow (back arched, head up), hold, into the cat
    (back rounded, head tucked), hold, back to the table-top; one rep per cycle, the
    rep's marks on the cat."""
    home = quadruped(body)
    b = MotionBuilder(home)
    b.hold(1000 * params.pause_s)
    for index in range(params.reps):
        speed = plan.magnitude("too_fast", index) or 1.0
        shallow = plan.magnitude("shallow_cat", index)
        cat_neck = jitter(_CAT_NECK) if shallow is None else shallow
        b.move(
            spine_wave(home, -jitter(_PELVIS_TILT), jitter(_COW_NECK)),
            params.move_ms(jitter(1.5)) / speed,
        )
        b.hold(jitter(1000 * params.hold_s) / speed)
        b.rep(
            None,
            spine_wave(home, jitter(_PELVIS_TILT), cat_neck),
            params.move_ms(jitter(2.0)) / speed,
            jitter(1000 * params.hold_s) / speed,
            params.move_ms(jitter(1.5)) / speed,
            back_to=home,
        )
        b.hold(params.move_ms(jitter(0.5)))
    b.hold(1000 * params.pause_s)
    return Script(b.build(), b.reps, support=_SUPPORT, anchor=HIPS)


CAT_COW = SynthExercise(
    name="cat_cow",
    posture="quadruped",
    view_azimuth_deg=90.0,
    one_sided=False,
    default_reps=4,
    default_hold_s=1.0,
    build=cat_cow,
    faults=fault_table(
        FaultDef("too_fast", "x", "speed factor of the whole cycle", 3.0, phase="rep"),
        FaultDef("shallow_cat", "deg", "neck flexion the cat stops at (a half-rounded back)", 30.0),
        FaultDef(
            "rock_back",
            "cm",
            "backward rock of the hips and shoulders toward the heels, hands and knees in place",
            15.0,
            offsets=_rock_back,
        ),
    ),
)
