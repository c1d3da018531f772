"""Exercises face down: prone lying, prone on elbows, prone press-up, seal stretch,
push-up and plank."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from formcheck.pose.landmarks import Landmark
from formcheck.synth.body import BodyParams
from formcheck.synth.channels import BOTH_SIDES, Axial, BodySide, Limb, Pose
from formcheck.synth.exercises import offsets
from formcheck.synth.exercises.base import Jitter, Script, ScriptParams, SynthExercise, fault_table
from formcheck.synth.exercises.postures import (
    ANKLES,
    ELBOWS,
    FEET,
    HIPS,
    KNEES,
    LYING_SUPPORT,
    SHOULDERS,
    WRISTS,
    prone,
)
from formcheck.synth.faults import FaultDef, FaultPlan
from formcheck.synth.keyframes import MotionBuilder
from formcheck.synth.kinematics import pose_landmarks, surface_offsets
from formcheck.synth.reach import (
    bisect,
    clearance,
    joint_flexion_for_span,
    place_wrist,
    place_wrist_3d,
)

_LOWER_BODY = (*HIPS, *KNEES, *ANKLES, *FEET)
_TOES = (Landmark.LEFT_FOOT_INDEX, Landmark.RIGHT_FOOT_INDEX)


def _hands_on_floor(
    body: BodyParams,
    pose: Pose,
    hand_x: float,
    rest_on: tuple[Landmark, ...],
    wide: float = 0.0,
) -> Pose:
    """Both wrists on the floor at lab x `hand_x` (root frame, metres), `wide` metres
    further out than the shoulders, hands flat and fingers forward; the floor is where
    `rest_on` touches it."""
    floor = clearance(body, pose, rest_on)
    height = floor + surface_offsets(body)[Landmark.LEFT_WRIST]
    trunk_pitch = pose.axial(Axial.PELVIS_PITCH) + pose.axial(Axial.SPINE_FLEXION)
    for side in BOTH_SIDES:
        pose = place_wrist(body, pose, side, (hand_x, height))
        if wide:
            shoulder = pose_landmarks(body, pose)[SHOULDERS[side is BodySide.RIGHT]]
            outward = 1.0 if side is BodySide.LEFT else -1.0
            target = (hand_x, float(shoulder[1]) + outward * wide, height)
            pose = place_wrist_3d(body, pose, side, target)
        # Flat hand, fingers forward: the hand's direction in the room is horizontal.
        shoulder = pose.limb(Limb.SHOULDER_FLEXION, side)
        elbow = pose.limb(Limb.ELBOW_FLEXION, side)
        pose = pose.with_limbs(side, wrist_flexion=90.0 + trunk_pitch - shoulder - elbow)
    return pose


def _chest_up(body: BodyParams, home: Pose, extension: float, hand_x: float) -> Pose:
    """Lying face down with the trunk extended by `extension` degrees off the floor,
    hips down, hands on the floor at `hand_x`; the head looks ahead of the hands."""
    pose = home.with_axial(spine_flexion=-extension, neck_flexion=-0.3 * extension)
    return _hands_on_floor(body, pose, hand_x, _LOWER_BODY)


def _press_extension(body: BodyParams, home: Pose, hand_x: float, elbow: float) -> float:
    """Trunk extension (degrees) at which the arms, hands at `hand_x`, bend `elbow` degrees."""

    def gap(extension: float) -> float:
        pose = _chest_up(body, home, extension, hand_x)
        return pose.limb(Limb.ELBOW_FLEXION, BodySide.LEFT) - elbow

    return bisect(gap, 0.0, 89.0)


def _on_elbows(body: BodyParams, home: Pose) -> Pose:
    """Propped on the forearms: upper arms vertical, forearms flat on the floor, hips down."""

    def pose(extension: float) -> Pose:
        return home.with_axial(spine_flexion=-extension, neck_flexion=-0.4 * extension).with_limbs(
            BOTH_SIDES,
            shoulder_flexion=90 - extension,
            shoulder_abduction=5,
            elbow_flexion=90,
            wrist_flexion=0,
        )

    def gap(extension: float) -> float:
        candidate = pose(extension)
        return clearance(body, candidate, ELBOWS) - clearance(body, candidate, _LOWER_BODY)

    return pose(bisect(gap, 0.0, 85.0))


def _hold_set(
    params: ScriptParams,
    jitter: Jitter,
    rest: Pose,
    hold: Callable[[int], Pose],
    move_s: float,
    rest_s: float,
) -> MotionBuilder:
    """Repeated holds: from `rest` into `hold(rep index)`, hold, back to `rest`, rest."""
    b = MotionBuilder(rest)
    b.hold(1000 * params.pause_s)
    for index in range(params.reps):
        if index:
            b.hold(params.move_ms(jitter(rest_s)))
        b.rep(
            None,
            hold(index),
            params.move_ms(jitter(move_s)),
            jitter(1000 * params.hold_s),
            params.move_ms(jitter(move_s)),
        )
    b.hold(1000 * params.pause_s)
    return b


def _hand_x(body: BodyParams, forward: float) -> float:
    """Lab x of hands placed `forward` (fraction of height, negative: behind) of the
    shoulders of the body lying flat."""
    return body.trunk_length + forward * body.height


def prone_lying(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter) -> Script:
    """Lying face down, relaxed; each rep is a hold (the arms settle beside the body)."""
    del plan
    home = prone(body)
    settled = home.with_limbs(BOTH_SIDES, shoulder_abduction=20, elbow_flexion=20)
    b = _hold_set(params, jitter, home, lambda _: settled, 1.0, 2.0)
    return Script(b.build(), b.reps, support=LYING_SUPPORT, anchor=HIPS)


def prone_on_elbows(
    body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter
) -> Script:
    """Lying face down, prop up on the forearms and hold; lower between holds."""
    del plan
    home = prone(body)
    start = _chest_up(body, home, 2.0, _hand_x(body, -0.08))
    on_elbows = _on_elbows(body, home)
    b = _hold_set(params, jitter, start, lambda _: on_elbows, 1.5, 2.0)
    return Script(b.build(), b.reps, support=LYING_SUPPORT, anchor=HIPS)


def prone_press_up(
    body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter
) -> Script:
    """Lying face down, hands by the shoulders: press the chest up with nearly straight
    arms while the hips stay down, pause, lower."""
    home = prone(body)
    hand_x = _hand_x(body, -0.08)
    start = _chest_up(body, home, 2.0, hand_x)
    b = MotionBuilder(start)
    b.hold(1000 * params.pause_s)
    nominal = _press_extension(body, home, hand_x, 15.0)
    for index in range(params.reps):
        short = plan.magnitude("incomplete_press", index)
        extension = nominal if short is None else _press_extension(body, home, hand_x, 15.0 + short)
        top = _chest_up(body, home, jitter(extension), hand_x)
        b.rep(
            None,
            top,
            params.move_ms(jitter(1.5)),
            jitter(1000 * params.hold_s),
            params.move_ms(jitter(1.5)),
        )
        b.hold(params.move_ms(jitter(0.8)))
    b.hold(1000 * params.pause_s)
    return Script(b.build(), b.reps, support=LYING_SUPPORT, anchor=HIPS)


def seal_stretch(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter) -> Script:
    """From propped on the forearms, straighten the arms to lift the chest, hold, and
    return to the forearms. A `hands_forward` fault places the hands further ahead,
    so the straight arms slope forward and the chest stays lower."""
    home = prone(body)

    def top(index: int) -> Pose:
        hand_x = _hand_x(body, 0.15) + (plan.magnitude("hands_forward", index) or 0.0) / 100.0
        return _chest_up(body, home, _press_extension(body, home, hand_x, 3.0), hand_x)

    b = _hold_set(params, jitter, _on_elbows(body, home), top, 2.0, 2.0)
    return Script(b.build(), b.reps, support=LYING_SUPPORT, anchor=HIPS)


def _straight_body(body: BodyParams, elevation: float) -> Pose:
    """Body straight from the toes to the head, `elevation` degrees above the floor,
    toes pointing down into the floor."""
    pitch = 90.0 - elevation
    return (
        Pose.zero()
        .with_axial(pelvis_pitch=pitch)
        .with_limbs(BOTH_SIDES, ankle_dorsiflexion=pitch - 90.0, shoulder_abduction=5)
    )


def _on_hands_and_toes(
    body: BodyParams, elevation: float, reach: float, wide: float = 0.0
) -> Pose:
    """A straight body on its toes, wrists on the floor `reach` metres ahead of the toes
    and `wide` metres further out than the shoulders."""
    pose = _straight_body(body, elevation)
    toes = pose_landmarks(body, pose)[list(_TOES)].mean(axis=0)
    return _hands_on_floor(body, pose, float(toes[0] + reach), _TOES, wide)


# How far out of the shoulders the hands are set, in arm lengths. Set wide, the straight
# arms slope outward and the shoulders stand lower over the hands: at 0.65 they read only
# 0.78-0.87 torso lengths above them at the top, where the real clips read 0.95-1.07 (the
# clips filmed from the front show the wrists about twice as far apart as the shoulders).
# At 0.5 the synthesized top reads 0.95-1.0.
_HANDS_WIDE = 0.5
# How far the shoulders travel forward past the hands on the way down, as a fraction of
# height: the body rolls forward over the toes while the hands stay put. The real clips'
# landmarks put the mid-shoulder straight over the mid-wrist at the top and 0.4-0.6 arm
# lengths ahead of it at the bottom, the elbows at 77-100 degrees with the shoulders
# 0.2-0.35 torso lengths above the hands, about 105 at 0.55, 120 at 0.65, 145 at 0.85.
# The travel is done once the shoulders have dropped `_TRAVEL_DONE` of the way from the
# top to the floor; the synthesized push-up then follows the clips to within about 5
# degrees: about 91 at 0.25, 111 at 0.54, 120 at 0.62, 145 at 0.82. From the head or the
# feet the camera's downward tilt mixes this travel into the picture's vertical, as it
# does on real footage: the clips filmed from the front read 0.4 at the bottom where the
# side views read 0.2-0.35, and a 120-degree rep filmed from the feet reads 0.7-0.8.
_FORWARD_TRAVEL = 0.12
_TRAVEL_DONE = 0.3
_TOP_ELBOW_FLEXION = 5.0  # degrees: arms straight at the top, not locked
_BOTTOM_CHEST_GAP = 0.08  # metres between the chest and the floor at the bottom (head end low)


def _push_up_reach(body: BodyParams) -> float:
    """Toe-to-wrist reach (metres) that puts vertical straight arms under the shoulders."""

    def vertical_arms(elevation: float) -> Pose:
        return _straight_body(body, elevation).with_limbs(
            BOTH_SIDES, shoulder_flexion=90.0 - elevation
        )

    def gap(elevation: float) -> float:
        pose = vertical_arms(elevation)
        return clearance(body, pose, WRISTS) - clearance(body, pose, _TOES)

    points = pose_landmarks(body, vertical_arms(bisect(gap, 0.0, 60.0)))
    return float(points[list(WRISTS), 0].mean() - points[list(_TOES), 0].mean())


class _PushUpHands:
    """Where the hands are, relative to the toes, as the straight body tilts down.

    At the top (`top_elevation` degrees, arms straight under the shoulders) the wrists
    are `reach` metres ahead of the toes. On the way down the body rolls forward over
    the toes, in proportion to how far the shoulders have dropped, until it has
    travelled `travel` metres (`_FORWARD_TRAVEL` of its height) a `_TRAVEL_DONE` part
    of the way down; the toe-to-wrist reach is that much shorter.
    """

    def __init__(self, body: BodyParams) -> None:
        self.body = body
        self.reach = _push_up_reach(body)
        self.travel = 0.0  # none at the top, which is found first
        self.top_elevation = self.elevation_for_elbow(_TOP_ELBOW_FLEXION)
        self.travel = _FORWARD_TRAVEL * body.height

    def reach_at(self, elevation: float) -> float:
        """Toe-to-wrist reach (metres) with the body `elevation` degrees above the floor."""
        if not self.travel:
            return self.reach
        dropped = 1.0 - np.sin(np.radians(elevation)) / np.sin(np.radians(self.top_elevation))
        return self.reach - self.travel * float(np.clip(dropped / _TRAVEL_DONE, 0.0, 1.0))

    def pose(self, elevation: float) -> Pose:
        """The straight body `elevation` degrees above the floor on its toes, the hands
        on the floor `_HANDS_WIDE` arm lengths out of the shoulders."""
        wide = _HANDS_WIDE * self.body.arm_length
        return _on_hands_and_toes(self.body, elevation, self.reach_at(elevation), wide)

    def elbow(self, elevation: float) -> float:
        """Elbow flexion (degrees) of `pose(elevation)`, read from the distance between
        the shoulder and the hand on the floor without placing the arms."""
        body = self.body
        pose = _straight_body(body, elevation)
        points = pose_landmarks(body, pose)
        shoulder = points[Landmark.LEFT_SHOULDER]
        hand = np.array([
            points[list(_TOES), 0].mean() + self.reach_at(elevation),
            shoulder[1] + _HANDS_WIDE * body.arm_length,
            clearance(body, pose, _TOES) + surface_offsets(body)[Landmark.LEFT_WRIST],
        ])
        span = float(np.linalg.norm(hand - shoulder))
        return joint_flexion_for_span(body.upper_arm, body.forearm, span)

    def elevation_for_elbow(self, flexion: float) -> float:
        """Body elevation (degrees) at which the elbows bend by `flexion` degrees."""
        return bisect(lambda elevation: self.elbow(elevation) - flexion, 0.0, 60.0)


def _elevation_for_chest_gap(body: BodyParams, gap_m: float) -> float:
    """Body elevation (degrees; below 0 the head end is lower than the toes) leaving
    `gap_m` metres between the chest and the floor."""

    def excess(elevation: float) -> float:
        pose = _straight_body(body, elevation)
        return clearance(body, pose, SHOULDERS) - clearance(body, pose, _TOES) - gap_m

    return bisect(excess, -20.0, 60.0)


def push_up(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter) -> Script:
    """From straight arms, lower the straight body until the chest nearly touches the
    floor (elbows at about 90 degrees), push back up; the hands stay in place and the
    body rolls forward over the toes on the way down. A `shallow_depth` rep stops with
    the elbows that many degrees less bent."""
    hands = _PushUpHands(body)
    top = hands.pose(hands.top_elevation)
    b = MotionBuilder(top)
    b.hold(1000 * params.pause_s)
    for index in range(params.reps):
        elevation = _elevation_for_chest_gap(body, jitter(_BOTTOM_CHEST_GAP))
        shallow = plan.magnitude("shallow_depth", index)
        if shallow is not None:
            elevation = hands.elevation_for_elbow(hands.elbow(elevation) - shallow)
        b.rep(
            None,
            hands.pose(elevation),
            params.move_ms(jitter(1.2)),
            jitter(1000 * params.hold_s),
            params.move_ms(jitter(1.0)),
        )
        b.hold(params.move_ms(jitter(0.3)))
    b.hold(1000 * params.pause_s)
    return Script(b.build(), b.reps, support=(*_TOES, *WRISTS), anchor=WRISTS)


def plank(body: BodyParams, params: ScriptParams, plan: FaultPlan, jitter: Jitter) -> Script:
    """Forearm plank holds: from lying propped on the elbows, lift the body straight
    onto forearms and toes, hold, lower."""
    del plan

    def on_forearms(elevation: float) -> Pose:
        return _straight_body(body, elevation).with_limbs(
            BOTH_SIDES, shoulder_flexion=90.0 - elevation, elbow_flexion=90.0
        )

    def gap(elevation: float) -> float:
        pose = on_forearms(elevation)
        return clearance(body, pose, ELBOWS) - clearance(body, pose, _TOES)

    hold = on_forearms(bisect(gap, 0.0, 60.0))
    rest = _on_elbows(body, prone(body))
    b = _hold_set(params, jitter, rest, lambda _: hold, 1.5, 3.0)
    return Script(b.build(), b.reps, support=LYING_SUPPORT, anchor=_TOES)


_HIPS_LIFT = FaultDef(
    "hips_lift",
    "cm",
    "rise of the pelvis off the floor, knees staying down",
    6.0,
    offsets=offsets.hips_off_floor,
)
_SHRUG = FaultDef(
    "shrug", "cm", "rise of both shoulders toward the ears", 5.0, offsets=offsets.shrug
)
_HIP_SAG = FaultDef(
    "hip_sag",
    "deg",
    "hip extension bending the shoulder-hip-ankle line, hips toward the floor",
    15.0,
    offsets=offsets.hip_sag,
)
_HIP_PIKE = FaultDef(
    "hip_pike",
    "deg",
    "hip flexion bending the shoulder-hip-ankle line, hips toward the ceiling",
    15.0,
    offsets=offsets.hip_pike,
)


def _exercise(
    name: str,
    build: Callable[[BodyParams, ScriptParams, FaultPlan, Jitter], Script],
    posture: str,
    reps: int,
    hold_s: float,
    *faults: FaultDef,
) -> SynthExercise:
    return SynthExercise(
        name=name,
        posture=posture,
        view_azimuth_deg=90.0,
        one_sided=False,
        default_reps=reps,
        default_hold_s=hold_s,
        build=build,
        faults=fault_table(*faults),
    )


PRONE_LYING = _exercise("prone_lying", prone_lying, "prone", 1, 20.0)
PRONE_ON_ELBOWS = _exercise("prone_on_elbows", prone_on_elbows, "prone", 2, 10.0, _SHRUG)
PRONE_PRESS_UP = _exercise(
    "prone_press_up",
    prone_press_up,
    "prone",
    8,
    1.0,
    _HIPS_LIFT,
    _SHRUG,
    FaultDef("incomplete_press", "deg", "elbow flexion left at the top of the press", 35.0),
)
SEAL_STRETCH = _exercise(
    "seal_stretch",
    seal_stretch,
    "prone",
    3,
    10.0,
    _HIPS_LIFT,
    FaultDef("hands_forward", "cm", "hands placed further ahead of the shoulders", 20.0),
)
PUSH_UP = _exercise(
    "push_up",
    push_up,
    "plank",
    8,
    0.0,
    _HIP_SAG,
    _HIP_PIKE,
    FaultDef("shallow_depth", "deg", "elbow flexion missing at the bottom", 28.0),
)
PLANK = _exercise("plank", plank, "plank", 1, 20.0, _HIP_SAG, _HIP_PIKE)
