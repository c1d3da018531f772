"""Labelled benchmark of the back-care exercises on synthesized sets.

Usage:
    python bench/bench_synth.py --sets 2800 --seed 0 --jobs 2 --out bench/SYNTH_RESULTS.md
    python bench/bench_synth.py --sets 112 --compare --only bird_dog knee_hug  # both schedules

Each set is one exercise synthesized with a random body, camera (azimuth,
height, framing distance), tempo, detector noise and, for most sets, one or two
injected faults on chosen reps or holds; it is checked by the engine with the
shipped exercise file and scored against the synthesizer's ground truth:

- reps: the counted reps per side equal the true ones exactly (for dead bug,
  only the reps of the phase the file counts: leg marches or arm reaches);
- holds: the hold count is exact, and each hold's length (first to last frame
  in position) is compared with the true time at the target pose (a pause there
  shorter than the file's `min_s` is not a hold);
- faults: each set's faults are drawn among all the exercise's faults
  (plus faults no landmark shows, to prove they stay unseen), in every
  supported view; recall counts the faults in views their check is made from
  (those in other views are listed apart, and must not set off other checks);
  a fault is detected when a flag of its check overlaps the fault's interval.
  A check's precision is over all its flags: a flag that overlaps no fault
  (false flag) or only faults of other checks (cross-talk) counts against it;
- subtle faults: some faults are injected below the size a check is meant to
  flag (e.g. a 2-4 cm weight shift); they are reported in their own rows,
  outside recall, and a flag on one is neither false nor cross-talk;
- views: sets filmed from outside the exercise's views (front or back of a
  standing body, the head or feet of a lying one) should be answered "not
  measurable".

Sets are checked as ``formcheck check`` checks a video by default (``--schedule
adaptive``: see :func:`check`) or at every frame; ``--compare`` does both.

Pelvic tilt is scored on honesty: a real tilt moves no landmark, so a clean
set must be answered "not measurable"; a bridge (hips lifting) is visible.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import Analysis, RepStatus
from formcheck.analysis.schedule import AnalysisSchedule
from formcheck.pose.block import PoseBlock
from formcheck.session.pipeline import analyze
from formcheck.session.sources import observe_poses, observe_scheduled
from formcheck.spec import find_exercise, load_exercise
from formcheck.spec.language import ExerciseSpec
from formcheck.synth import Camera, FaultSpec, NoiseConfig, get_exercise, synthesize

# Camera azimuth ranges by view, degrees from the body's front (or head); the
# sign (which side of the body faces the camera) is drawn at random.
AZIMUTHS = {"side": (72.0, 108.0), "oblique": (38.0, 52.0), "front": (-12.0, 12.0)}


@dataclass(frozen=True)
class Plan:
    """How one exercise file is benchmarked.

    Attributes:
        exercise: exercise file id.
        synth: synthesizer script.
        faults: synthesizer fault kind -> the check (constraint id) that should flag it.
        unseen: fault kinds injected to show they are not visible (no check).
        label: for scripts mixing two phases (dead bug), the rep label counted.
        reps: range of reps per side (or holds) per set.
        hold_s: range of the hold at each rep's target pose, s; None = the script's default.
        magnitude: fault kind -> range of magnitudes; other kinds use 1-1.5 x the default.
        subtle: fault kind -> range of magnitudes below the check's limit, drawn for
            about a third of that kind's faults and reported apart.
        honest_zero: True when a clean set must be answered "not measurable".
        views: views the supported sets are filmed from; None = the exercise's views.
        name: row name in the results (default: the exercise).
        off_view: the view the unsupported sets are filmed from; None when the
            exercise supports every view (no unsupported sets).
    """

    exercise: str
    synth: str
    faults: dict[str, str]
    unseen: tuple[str, ...] = ()
    label: str | None = None
    reps: tuple[int, int] = (3, 4)
    hold_s: tuple[float, float] | None = None
    magnitude: dict[str, tuple[float, float]] = field(default_factory=dict)
    subtle: dict[str, tuple[float, float]] = field(default_factory=dict)
    honest_zero: bool = False
    views: tuple[str, ...] | None = None
    name: str = ""
    off_view: str | None = "front"

    @property
    def row(self) -> str:
        """Row name in the results."""
        return self.name or self.exercise


BIRD_DOG_FAULTS = {
    "back_sag": "flat_back", "back_arch": "flat_back", "pelvis_hike": "pelvis_level",
    "leg_too_high": "leg_too_high", "weight_shift": "weight_shift", "hold_too_short": "hold_time",
}

# A weight shift of 5 cm or more is a clear fault (the hips slide over the
# supporting knee); under 4 cm it is within a steady hold's sway.
BIRD_DOG_SHIFT = {"weight_shift": (5.0, 10.0)}
BIRD_DOG_SUBTLE = {"weight_shift": (2.0, 4.0)}
BAND_ROW_FAULTS = {"shrug": "shrug", "head_forward": "head_forward", "lean_back": "lean_back",
                   "partial_range": "partial_range"}
DEAD_BUG_FAULTS = {"pelvis_rock": "pelvis_rock", "too_fast": "too_fast", "two_limbs": "two_limbs"}
LUNGE_FAULTS = {"shallow_depth": "depth", "trunk_lean": "trunk_upright",
                "knee_forward": "knee_over_foot"}
LUNGE_SIZES = {"shallow_depth": (30.0, 38.0), "knee_forward": (24.0, 30.0),
               "trunk_lean": (30.0, 40.0)}
GLUTE_BRIDGE_FAULTS = {"partial_bridge": "full_extension", "no_hold": "hold_top",
                       "pelvis_drop": "pelvis_level", "knees_in": "knees_in_line",
                       "knees_out": "knees_in_line"}
STS_FAULTS = {"partial_stand": "full_stand", "knee_valgus": "knees_cave"}
HIP_HINGE_FAULTS = {"knees_locked": "knees_soft", "squatting": "not_squatting",
                    "head_drop": "trunk_line"}

PULL_UP_FAULTS = {"kip": "no_kip", "short_pull": "chin_over_bar", "bent_hang": "full_hang"}
SHRUG_FAULTS = {"elbows_bend": "arms_straight", "roll": "no_roll", "head_poke": "head_still"}
# Synthesizer scripts of a standing (or hanging) body: the camera stands at a standing height.
STANDING_SYNTHS = ("pull_up", "jumping_jack", "shoulder_shrug")

PLANS = (
    # Every view is supported: no set is filmed off-view.
    Plan("pull_up", "pull_up", PULL_UP_FAULTS, reps=(3, 6), off_view=None,
         magnitude={"kip": (45.0, 60.0), "short_pull": (10.0, 14.0), "bent_hang": (55.0, 70.0)}),
    Plan("sit_up", "sit_up",
         {"neck_pull": "neck_pull", "short_top": "reach_knees", "too_fast": "controlled"},
         reps=(4, 8), magnitude={"short_top": (57.0, 62.0), "too_fast": (2.2, 3.0)}),
    Plan("crunch", "crunch",
         {"neck_pull": "neck_pull", "sits_up": "low_back_down", "too_fast": "controlled"},
         reps=(5, 8), magnitude={"sits_up": (52.0, 65.0), "too_fast": (2.2, 3.0)}),
    Plan("jumping_jack", "jumping_jack", {"arms_low": "arms_overhead", "feet_narrow": "feet_apart"},
         reps=(6, 12), magnitude={"arms_low": (100.0, 108.0), "feet_narrow": (11.0, 13.0)},
         off_view="side"),
    Plan("shoulder_shrug", "shoulder_shrug", SHRUG_FAULTS, reps=(5, 8), off_view="oblique",
         magnitude={"roll": (5.0, 7.0)}),
    # Rolling and the head poking forward are judged from the side only.
    Plan("shoulder_shrug", "shoulder_shrug", SHRUG_FAULTS, reps=(5, 8), off_view="oblique",
         magnitude={"roll": (5.0, 7.0)}, views=("side",),
         name="shoulder_shrug (side)"),
    # A camera at the head or the feet reads as a front view too (the body's left-right line
    # is vertical either way), so no set is filmed off-view.
    Plan("side_plank", "side_plank", {"hip_sag": "hips_up", "hip_pike": "hips_pike"},
         reps=(1, 2), hold_s=(8.0, 15.0), off_view=None,
         magnitude={"hip_sag": (16.0, 24.0), "hip_pike": (25.0, 33.0)}),
    Plan("cat_cow", "cat_cow",
         {"too_fast": "slow", "shallow_cat": "full_cat", "rock_back": "hips_over_knees"},
         reps=(3, 6), magnitude={"shallow_cat": (28.0, 31.0), "too_fast": (2.5, 3.5),
                                 "rock_back": (17.0, 24.0)}),
    Plan("bird_dog", "bird_dog", BIRD_DOG_FAULTS, reps=(2, 3), hold_s=(5.5, 7.0),
         magnitude=BIRD_DOG_SHIFT, subtle=BIRD_DOG_SUBTLE),
    # The pelvis and weight-shift checks are made from three-quarters only: a second
    # bird-dog plan filmed from there gives them a useful number of faults.
    Plan("bird_dog", "bird_dog", BIRD_DOG_FAULTS, reps=(2, 3), hold_s=(5.5, 7.0),
         magnitude=BIRD_DOG_SHIFT, subtle=BIRD_DOG_SUBTLE, views=("oblique",),
         name="bird_dog (three-quarter)"),
    Plan("band_row", "band_row", BAND_ROW_FAULTS, reps=(5, 8)),
    # Head forward is judged from the side only.
    Plan("band_row", "band_row", BAND_ROW_FAULTS, reps=(5, 8), views=("side",),
         name="band_row (side)"),
    Plan("dead_bug", "dead_bug", DEAD_BUG_FAULTS, unseen=("back_arch",), label="leg",
         reps=(2, 3), magnitude={"too_fast": (2.5, 3.5)}),
    # The pelvis rock is judged from three-quarters only.
    Plan("dead_bug", "dead_bug", DEAD_BUG_FAULTS, unseen=("back_arch",), label="leg",
         reps=(2, 3), magnitude={"too_fast": (2.5, 3.5)}, views=("oblique",),
         name="dead_bug (three-quarter)"),
    Plan("dead_bug_arms", "dead_bug",
         {"too_fast": "too_fast", "two_limbs": "two_limbs"}, label="arm", reps=(2, 3),
         magnitude={"too_fast": (2.5, 3.5)}),
    Plan("prone_press_up", "prone_press_up",
         {"hips_lift": "hips_lift", "shrug": "shrug", "incomplete_press": "incomplete_press"},
         reps=(5, 8)),
    Plan("prone_lying", "prone_lying", {}, reps=(1, 1), hold_s=(15.0, 30.0)),
    Plan("prone_on_elbows", "prone_on_elbows", {"shrug": "shrug"}, reps=(1, 3),
         hold_s=(8.0, 15.0)),
    Plan("standing_back_extension", "standing_back_extension",
         {"knees_bend": "knees_bend", "head_back": "head_back", "feet_move": "feet_move"},
         reps=(5, 8)),
    Plan("pelvic_tilt", "pelvic_tilt", {"hips_lift": "hips_down"}, reps=(4, 6),
         honest_zero=True),
    Plan("knee_hug", "knee_hug",
         {"head_lift": "head_shoulders_down", "other_leg_lift": "other_leg_down"},
         reps=(2, 3), hold_s=(5.0, 10.0)),
    # Hands 20-25 cm further ahead: beyond about 27 cm shorter arms cannot reach the
    # floor with the chest up, and the synthesizer has no such pose.
    Plan("seal_stretch", "seal_stretch",
         {"hips_lift": "hips_lift", "hands_forward": "chest_up"}, reps=(2, 3),
         hold_s=(6.0, 12.0), magnitude={"hands_forward": (20.0, 25.0)}),
    # Everyday lower-body and arm exercises. A shallow lunge, partial bridge, stand,
    # heel raise or arm raise is sized to be counted and flagged: short of the check's
    # limit, past the counter's far threshold.
    Plan("lunge", "lunge", LUNGE_FAULTS, reps=(2, 3), magnitude=LUNGE_SIZES),
    Plan("lunge", "split_squat", LUNGE_FAULTS, reps=(2, 3), magnitude=LUNGE_SIZES,
         name="lunge (split squat, one side at a time)"),
    Plan("glute_bridge", "glute_bridge", GLUTE_BRIDGE_FAULTS, reps=(4, 6), hold_s=(1.5, 2.5),
         magnitude={"partial_bridge": (18.0, 22.0)}),
    # Pelvis level and knee line are judged from three-quarters only.
    Plan("glute_bridge", "glute_bridge", GLUTE_BRIDGE_FAULTS, reps=(4, 6), hold_s=(1.5, 2.5),
         magnitude={"partial_bridge": (18.0, 22.0)}, views=("oblique",),
         name="glute_bridge (three-quarter)"),
    Plan("sit_to_stand", "sit_to_stand", STS_FAULTS, reps=(4, 6),
         magnitude={"partial_stand": (30.0, 38.0)}),
    # Knees caving is judged from the front only.
    Plan("sit_to_stand", "sit_to_stand", STS_FAULTS, reps=(4, 6),
         magnitude={"partial_stand": (30.0, 38.0)}, views=("front",),
         name="sit_to_stand (front)"),
    Plan("hip_hinge", "hip_hinge", HIP_HINGE_FAULTS, reps=(4, 6),
         magnitude={"knees_locked": (20.0, 23.0)}),
    # The head against the trunk line is judged from the side only.
    Plan("hip_hinge", "hip_hinge", HIP_HINGE_FAULTS, reps=(4, 6),
         magnitude={"knees_locked": (20.0, 23.0)}, views=("side",), name="hip_hinge (side)"),
    Plan("calf_raise", "calf_raise", {"partial_height": "full_height", "bouncing": "controlled"},
         reps=(5, 8), magnitude={"partial_height": (13.5, 15.5), "bouncing": (2.5, 3.5)}),
    Plan("front_raise", "front_raise",
         {"partial_raise": "shoulder_height", "torso_swing": "no_swing"}, reps=(5, 8),
         magnitude={"partial_raise": (20.0, 25.0)}),
    # The everyday set whose rep lines follow the person's own range. Every view is
    # supported (counting needs only the driver); the checks that need a view say so.
    Plan("squat", "squat", {"shallow_depth": "depth", "knee_valgus": "knees_cave"},
         reps=(3, 6), off_view=None, magnitude={"shallow_depth": (30.0, 34.0)}),
    # A shallow push-up stops with the elbows 27-30 degrees less bent than the set's full
    # reps (at about 117-122 degrees, the shoulders about 0.6-0.7 torso lengths above the
    # hands): past the counting line, short of the depth check's 110 degrees. A pike is
    # sized past the check's 0.21 torso lengths, which a 20-degree pike just reaches.
    Plan("push_up", "push_up",
         {"hip_sag": "hip_sag", "hip_pike": "hip_pike", "shallow_depth": "depth"},
         reps=(3, 6), off_view=None,
         magnitude={"shallow_depth": (27.0, 30.0), "hip_sag": (18.0, 25.0),
                    "hip_pike": (23.0, 30.0)}),
    # Clean curls on real footage bring the upper arm 30 degrees off the trunk at the top: a
    # drift is sized past that.
    Plan("bicep_curl", "bicep_curl", {"elbow_drift": "elbow_drift", "torso_swing": "torso_swing"},
         reps=(4, 8), off_view=None,
         magnitude={"elbow_drift": (35.0, 45.0), "torso_swing": (18.0, 25.0)}),
    Plan("shoulder_press", "shoulder_press", {"shrug": "shrug"}, reps=(4, 8), off_view=None),
    Plan("lateral_raise", "lateral_raise", {"shrug": "shrug"}, reps=(4, 8), off_view=None),
)


UNMEASURABLE = """## What one camera cannot measure here

- **Low-back curvature** (bird dog sag/arch, dead-bug arch, prone extension): no landmark
  lies on the lumbar spine. Bird dog uses the shoulder-hip line as a proxy, so a sag that
  leaves the shoulders and hips in place is missed; the dead-bug arch (an anterior pelvic
  tilt with the trunk and thighs still) moves no landmark at all and is injected above only
  to show it stays unseen.
- **Pelvic tilt**: the pelvis has no landmark (BlazePose marks the hip joints); a tilt with
  the trunk and thighs still moves none. A clean set is answered "not measurable"; only a
  bridge (hips lifting) is seen and flagged.
- **Pelvis hike/rotation and sideways weight shift** (bird dog, dead-bug pelvis rock): in a
  side view they move the hips toward or away from the camera, so they rest on estimated
  depth with the far hip hidden; on real side-view footage a level pelvis read as 18
  degrees off and a clean hold as an 11 cm slide. They are judged only from
  three-quarters, and there only a hike held for a second or more: the hip line with its
  far end hidden jitters by more than the hike frame by frame, so it is averaged over
  about half a second, must stay off level for 1 s, and is measured from the table-top
  position at rest, its reference refined at every rest between reaches (one second of
  samples at the start left it off by up to a hike's size at the noisiest detector
  settings). The weight shift is the trunk's horizontal slide over the supporting knee
  and hand, square to the trunk (so a hike or a sag does not move it); slides under
  about 4 cm are within a steady hold's sway and not flagged (their row above).
- **Depth noise**: by default the synthesized detector's world jitter decorrelates within
  about 0.07 s and is the same size in depth as across the picture. On still bodies in
  the real clips (full model, the stillest 3 s of six clips) MediaPipe's world
  landmarks jitter by about 0.4 cm across the picture and 0.6 cm in depth (1.4 times)
  and decorrelate in about 0.25 s; `--world-noise measured` uses those two figures (the
  jitter's size stays the synthesizer's 0.5-1.3 cm, 3 times that for a hidden landmark).
  Three-second windows cannot show errors that last longer: on the real side-view bird
  dog a clean hold read as an 11 cm slide for the whole hold, a bias that changes with
  the pose, which neither noise model reproduces. Checks read from 3D (pelvis level,
  weight shift, leg height, pelvis rock) will do worse on real footage than here.
- **Head position and neck extension** (band row, back extension): judged from a side view
  only; at three-quarters the neck's movement is foreshortened into the noise.
- **Shoulder-blade squeeze** (band row) has no landmark; only the arms' pull is measured.
- **Face up or down, relaxation** (prone lying): not seen; prone lying is timed only, and
  its hold runs for the whole time lying flat, so it includes the seconds before and after
  the synthesized hold (the hold-length error above).
- **Spine curvature in the hip hinge**: nothing between the hips and the shoulders has a
  landmark, so a rounded low back is not seen; only the head and upper back curling down
  against the hip-to-shoulder line are checked, and the head tipping back is not judged
  (with the face turned up, which side of the trunk line it lies on cannot be told).
- **A controlled sit** (sit-to-stand): the rules time whole reps only, so lowering onto the
  chair slowly or dropping onto it is not told apart; no fault of the kind is injected.
- **Holding the top of a glute bridge** is timed over the upper half of the lift (hips
  within 25 degrees of straight), not at the top itself, so it depends on the pace of the
  lift; a rep with no pause at the top spends about 1-1.7 s there, one with a 1.5-s pause
  2 s or more.
- **Lunge knee drift toward the midline** is not checked: in a lunge seen from the front
  the front knee points at the camera and its sideways drift is not resolved.
"""


@dataclass
class SetResult:
    """One benchmarked set."""

    plan: Plan
    seed: int
    camera: Camera
    view: str  # the requested view class: side, oblique or front
    supported: bool
    not_measurable: str | None
    reps_ok: bool | None  # None for hold-only exercises
    holds_ok: bool | None
    hold_errors_s: list[float]
    detected: list[tuple[str, bool, bool]]  # (fault kind, subtle, detected) per injected fault
    true_flags: dict[str, int]  # constraint id -> flags overlapping a fault of that check
    false_flags: dict[str, int]  # constraint id -> flags overlapping no fault
    cross_flags: dict[str, int]  # constraint id -> flags overlapping only other faults
    judged: dict[str, bool]  # constraint id -> whether its views include this set's view
    unchecked: frozenset[str]  # constraint ids that judged nothing in this set ("not checked")


def _views_of(spec: ExerciseSpec, check_id: str) -> tuple[str, ...]:
    constraint = next(c for c in spec.constraints if c.id == check_id)
    return tuple(constraint.views or spec.views)


def _camera(rng: np.random.Generator, view: str, posture: str) -> Camera:
    low, high = AZIMUTHS[view]
    azimuth = float(rng.uniform(low, high))
    if view == "front" and rng.random() < 0.5:
        azimuth += 180.0  # from behind, or from the feet of a lying body
    elif view != "front" and rng.random() < 0.5:
        azimuth = -azimuth  # the body's other side faces the camera
    standing = posture == "standing"
    height = float(rng.uniform(0.7, 1.5) if standing else rng.uniform(0.45, 1.2))
    return Camera(azimuth_deg=azimuth, height_m=height, fill=float(rng.uniform(0.55, 0.9)))


# World-landmark jitter on still bodies in the real clips (full model, the stillest 3 s
# of six clips): about 0.4 cm across the picture and 1.4 times that in depth, hidden
# landmarks about 1.2 times seen ones, decorrelating in about 0.25 s. "synth" is the
# synthesizer's default (0.8 cm, 3 times for a hidden landmark, decorrelating in
# about 0.07 s, the same in depth); "measured" takes size and timing from the clips;
# "slow" keeps the default size with the measured timing and depth gain (a stress test:
# jitter as large as the default's that no longer averages out within half a second).
# Each is scaled per set by the same detector-quality factor (0.6-1.6).
_MEASURED_TIMING = {"world_correlation_s": 0.25, "world_depth_gain": 1.4}
WORLD_NOISE = {
    "synth": {"world_sigma_m": 0.008},
    "measured": {"world_sigma_m": 0.004, "world_occluded_gain": 1.2, **_MEASURED_TIMING},
    "slow": {"world_sigma_m": 0.008, **_MEASURED_TIMING},
}


def _noise(rng: np.random.Generator, world: str = "synth") -> NoiseConfig:
    scale = float(rng.uniform(0.6, 1.6))
    settings = dict(WORLD_NOISE[world])
    settings["world_sigma_m"] *= scale
    return NoiseConfig(pixel_sigma=2.0 * scale, frame_dropout=float(rng.uniform(0.0, 0.008)),
                       **settings)


def _eligible_reps(plan: Plan, reps_per_side: int) -> list[int]:
    """Indices of the script's reps a fault may go on (dead bug: the counted phase)."""
    total = 2 * reps_per_side
    if plan.synth == "dead_bug":
        legs = list(range(total))
        return legs if plan.label == "leg" else [total + i for i in legs]
    one_sided = get_exercise(plan.synth).one_sided
    return list(range(total if one_sided else reps_per_side))


def _faults(plan: Plan, spec: ExerciseSpec, view: str, rng: np.random.Generator,
            reps_per_side: int, hold_s: float | None) -> list[FaultSpec]:
    """Zero to two fault kinds, among all of the plan's (judged from `view` or not)."""
    del spec, view
    kinds = list(plan.faults) + list(plan.unseen)
    if not kinds or rng.random() < 0.3:
        return []
    chosen = rng.choice(kinds, size=min(len(kinds), int(rng.integers(1, 3))), replace=False)
    free = list(rng.permutation(_eligible_reps(plan, reps_per_side)))
    specs = []
    for kind in chosen:
        take = min(len(free), int(rng.integers(1, 3)))
        if take == 0:
            break
        reps = tuple(sorted(int(free.pop()) for _ in range(take)))
        if kind == "hold_too_short" and hold_s is not None:
            magnitude = hold_s - float(rng.uniform(1.5, 3.5))  # leaves a 1.5-3.5 s hold
        elif kind in plan.subtle and rng.random() < 1.0 / 3.0:
            magnitude = float(rng.uniform(*plan.subtle[kind]))
        elif kind in plan.magnitude:
            magnitude = float(rng.uniform(*plan.magnitude[kind]))
        else:
            default = get_exercise(plan.synth).faults[str(kind)].default
            magnitude = default * float(rng.uniform(1.0, 1.5))
        specs.append(FaultSpec(str(kind), magnitude, reps=reps))
    return specs


def _is_subtle(plan: Plan, event: dict) -> bool:
    """True for a fault drawn from the plan's below-the-limit band."""
    band = plan.subtle.get(event["kind"])
    return band is not None and event["magnitude"] <= band[1]


def _overlaps(a0: float, a1: float, b0: float, b1: float) -> bool:
    return a0 <= b1 and b0 <= a1


def _score(plan: Plan, spec: ExerciseSpec, truth: dict, analysis: Analysis, seed: int,
           camera: Camera, view: str, supported: bool) -> SetResult:
    counted: dict[str, int] = defaultdict(int)
    for attempt in analysis.attempts:
        if attempt.status is RepStatus.COUNTED:
            counted[attempt.side] += 1
    want: dict[str, int] = defaultdict(int)
    for rep in truth["reps"]:
        if plan.label is None or rep["label"] == plan.label:
            want[rep["side"]] += 1
    reps_ok = holds_ok = None
    errors: list[float] = []
    if spec.rep is not None:
        got = {s: n for s, n in counted.items() if n}
        reps_ok = analysis.not_measurable is None and got == dict(want)
    if spec.hold is not None:
        # A pause at the target pose shorter than the file's shortest hold (the second at the
        # top of a press-up) is not a hold by its rule.
        true_holds = [t for t in truth["holds"] if t["duration_s"] >= spec.hold.min_s]
        holds_ok = analysis.not_measurable is None and len(analysis.holds) == len(true_holds)
        if holds_ok:
            errors = [abs((h.end_ms - h.start_ms) / 1000.0 - t["duration_s"])
                      for h, t in zip(analysis.holds, true_holds, strict=True)]
    events = truth["faults"]
    detected = []
    for event in events:
        check = plan.faults.get(event["kind"])
        hit = check is not None and any(
            f.constraint_id == check
            and _overlaps(f.start_ms, _end(f.end_ms, analysis), event["start_ms"], event["end_ms"])
            for f in analysis.flags
        )
        detected.append((event["kind"], _is_subtle(plan, event), hit))
    tally: dict[str, dict[str, int]] = {k: defaultdict(int) for k in ("true", "false", "cross")}
    for flag in analysis.flags:
        end = _end(flag.end_ms, analysis)
        touched = [e for e in events if _overlaps(flag.start_ms, end, e["start_ms"], e["end_ms"])]
        if not touched:
            tally["false"][flag.constraint_id] += 1
        elif any(plan.faults.get(e["kind"]) == flag.constraint_id for e in touched):
            tally["true"][flag.constraint_id] += 1
        else:
            tally["cross"][flag.constraint_id] += 1
    judged = {c.id: view in _views_of(spec, c.id) for c in spec.constraints}
    unchecked = frozenset(e.constraint.id for e in analysis.evaluators if e.checked_ms == 0)
    return SetResult(plan, seed, camera, view, supported, analysis.not_measurable, reps_ok,
                     holds_ok, errors, detected, dict(tally["true"]), dict(tally["false"]),
                     dict(tally["cross"]), judged, unchecked)


def _end(end_ms: float, analysis: Analysis) -> float:
    return analysis.last_ms if math.isnan(end_ms) else end_ms


def check(block: PoseBlock, spec: ExerciseSpec, schedule: str) -> Analysis:
    """The engine's analysis of synthesized landmarks under `schedule` (a key of SCHEDULES).

    "adaptive" replays the landmarks as a video is checked by default: the frames
    the schedule would not analyse get landmarks between the analysed ones. The
    analysed frames keep their synthesized landmarks; a pose model tracking a body
    would answer a little differently after skipped frames, which only the real
    clips show (``bench_batch.py --schedule-only``).
    """
    engine = Engine(spec)
    if schedule == "every_frame":
        return analyze(observe_poses(block), engine)
    plan = AnalysisSchedule(spec, engine.decision_limits, end_ms=float(block.timestamp_ms[-1]),
                            outside=engine.checks_outside)
    return analyze(observe_scheduled(block, plan), engine, schedule=plan)


def run_set(plan: Plan, spec: ExerciseSpec, seed: int, unsupported: bool,
            world_noise: str = "synth", schedules: tuple[str, ...] = ("adaptive",),
            ) -> tuple[SetResult, ...]:
    """Synthesize one set, check and score it under each of `schedules`.

    `world_noise` is a key of WORLD_NOISE; `schedules` are keys of SCHEDULES.
    """
    rng = np.random.default_rng(seed)
    upright = (get_exercise(plan.synth).posture in ("standing", "seated")
               or plan.synth in STANDING_SYNTHS)
    posture = "standing" if upright else "lying"
    view = "front" if unsupported else str(rng.choice(plan.views or spec.views))
    if unsupported and plan.off_view is not None:
        view = plan.off_view
    reps = int(rng.integers(plan.reps[0], plan.reps[1] + 1))
    hold_s = float(rng.uniform(*plan.hold_s)) if plan.hold_s else None
    camera = _camera(rng, view, posture)
    result = synthesize(
        plan.synth, seed=seed, camera=camera,
        faults=[] if unsupported else _faults(plan, spec, view, rng, reps, hold_s), reps=reps,
        hold_s=hold_s, tempo=float(rng.uniform(0.8, 1.25)), noise=_noise(rng, world_noise),
    )
    return tuple(_score(plan, spec, result.truth, check(result.block, spec, schedule), seed,
                        camera, view, not unsupported) for schedule in schedules)


@cache
def _spec(exercise: str) -> ExerciseSpec:
    """The shipped exercise file, loaded once per process."""
    return load_exercise(find_exercise(exercise))


def _run_index(task: tuple[int, int, str, tuple[int, ...], tuple[str, ...]]
               ) -> tuple[SetResult, ...]:
    """Set `i` of a run with seed `seed` over the plans `chosen` (indices into PLANS),
    under each schedule asked: its plan, seed and view follow from `i`."""
    i, seed, world_noise, chosen, schedules = task
    plan = PLANS[chosen[i % len(chosen)]]
    spec = _spec(plan.exercise)
    unsupported = ((i // len(chosen)) % 7 == 3 and plan.off_view is not None
                   and plan.off_view not in spec.views)
    return run_set(plan, spec, seed * 100_000 + i, unsupported, world_noise, schedules)


def run(n_sets: int, seed: int, jobs: int = 1, world_noise: str = "synth",
        only: tuple[str, ...] = (), schedules: tuple[str, ...] = ("adaptive",),
        ) -> list[tuple[SetResult, ...]]:
    """Benchmark `n_sets` sets spread evenly over the plans; about 1 in 7 off-view.

    `only` names the plans (exercise ids or row names) to run; empty runs them all.
    Each set is checked under each of `schedules` (its results in that order).
    The sets run in `jobs` worker processes; the results do not depend on how many.

    Raises:
        ValueError: when `only` names no plan.
    """
    chosen = tuple(k for k, p in enumerate(PLANS) if not only or {p.exercise, p.row} & set(only))
    if not chosen:
        rows = ", ".join(dict.fromkeys(p.row for p in PLANS))
        raise ValueError(f"--only {' '.join(only)} names no plan; plans: {rows}")
    results = []
    with multiprocessing.Pool(jobs) as pool:
        tasks = [(i, seed, world_noise, chosen, schedules) for i in range(n_sets)]
        for result in pool.imap(_run_index, tasks, chunksize=4):
            results.append(result)
            if len(results) % 100 == 0:
                print(f"{len(results)}/{n_sets} sets", file=sys.stderr)
    return results


def _pct(num: int, den: int) -> str:
    return f"{100.0 * num / den:.0f}% ({num}/{den})" if den else "n/a"


def _rows(results: list[SetResult]) -> Iterator[str]:
    plans = [p for p in PLANS if any(r.plan == p for r in results)]
    yield "## Per exercise (supported views)\n"
    yield ("| exercise | sets | exact rep count | exact hold count | "
           "hold length error, s (median / 90th pct) |")
    yield "|---|---|---|---|---|"
    for plan in plans:
        mine = [r for r in results if r.plan == plan and r.supported]
        reps = [r.reps_ok for r in mine if r.reps_ok is not None]
        holds = [r.holds_ok for r in mine if r.holds_ok is not None]
        errors = [e for r in mine for e in r.hold_errors_s]
        err = f"{np.median(errors):.2f} / {np.percentile(errors, 90):.2f}" if errors else "-"
        if plan.honest_zero:
            clean = [r for r in mine if not r.detected]
            rep_cell = "clean sets answered not measurable: " + _pct(
                sum(r.not_measurable is not None for r in clean), len(clean))
        else:
            rep_cell = _pct(sum(reps), len(reps)) if reps else "-"
        yield (f"| {plan.row} | {len(mine)} | {rep_cell} | "
               f"{_pct(sum(holds), len(holds)) if holds else '-'} | {err} |")
    yield ""
    yield "## Per fault (sets in views the check is made from)\n"
    yield ("Recall: faults found by their check, over the sets in which the check judged "
           "something; a set where it judged nothing (its report says \"not checked\": the "
           "body parts it reads were not seen well enough) is counted in the last column. "
           "Precision: the check's flags that overlap a fault it is meant to flag, over all "
           "its flags (false flags on clean reps and cross-talk flags on other faults count "
           "against it).\n")
    yield ("| exercise | fault | check | recall | check precision | false flags (no fault) | "
           "cross-talk flags | faults in views the check skips | faults in sets it said "
           "not checked |")
    yield "|---|---|---|---|---|---|---|---|---|"
    for plan in plans:
        mine = [r for r in results if r.plan == plan and r.supported]
        for kind, check in plan.faults.items():
            in_view = [r for r in mine if r.judged[check]]
            judged = [r for r in in_view if check not in r.unchecked]
            hits = [d for r in judged for k, sub, d in r.detected if k == kind and not sub]
            skipped = sum(k == kind for r in mine if not r.judged[check] for k, _, _ in r.detected)
            unseen = sum(k == kind and not sub for r in in_view if check in r.unchecked
                         for k, sub, _ in r.detected)
            true, false, cross = (sum(getattr(r, f"{t}_flags").get(check, 0) for r in judged)
                                  for t in ("true", "false", "cross"))
            yield (f"| {plan.row} | {kind} | {check} | {_pct(sum(hits), len(hits))} | "
                   f"{_pct(true, true + false + cross)} | {false} | {cross} | {skipped} | "
                   f"{unseen} |")
            if kind in plan.subtle:
                low, high = plan.subtle[kind]
                small = [d for r in judged for k, sub, d in r.detected if k == kind and sub]
                yield (f"| {plan.row} | {kind} {low:g}-{high:g} (under the limit) | {check} | "
                       f"flagged {_pct(sum(small), len(small))} | - | - | - | - | - |")
        for kind in plan.unseen:
            hits = [d for r in mine for k, _, d in r.detected if k == kind]
            yield (f"| {plan.row} | {kind} | (none: not visible) | - | - | - | - | "
                   f"{len(hits)} injected | - |")
        for check in sorted({c for r in mine for c in (*r.false_flags, *r.cross_flags)}
                            - set(plan.faults.values())):
            false = sum(r.false_flags.get(check, 0) for r in mine)
            cross = sum(r.cross_flags.get(check, 0) for r in mine)
            yield (f"| {plan.row} | (no fault of its own injected) | {check} | - | "
                   f"{_pct(0, false + cross)} | {false} | {cross} | - | - |")
    yield ""
    yield "## Unsupported views\n"
    yield "| exercise | sets | answered not measurable |"
    yield "|---|---|---|"
    off = [r for r in results if not r.supported]
    for plan in plans:
        mine = [r for r in off if r.plan == plan]
        answered = sum(r.not_measurable is not None for r in mine)
        yield f"| {plan.row} | {len(mine)} | {_pct(answered, len(mine))} |"
    total = sum(r.not_measurable is not None for r in off)
    yield f"| **all** | {len(off)} | {_pct(total, len(off))} |"


SCHEDULES = ("adaptive", "every_frame")
"""How frames are chosen for analysis, as ``formcheck check`` chooses them for a video:
by default at the rate the rules need (every frame near a decision), or every frame."""


def _fractions(line: str) -> tuple[str, list[float]]:
    """A table row's label cells and the percentages of its (a/b) figures."""
    cells = [c.strip() for c in line.strip("| ").split("|")]
    label = " | ".join(c for c in cells if not re.fullmatch(r"[-\d.%/ ]*|n/a", c)
                       and not re.search(r"\(\d+/\d+\)", c))
    return label, [100.0 * int(a) / int(b) for a, b in re.findall(r"\((\d+)/(\d+)\)", line)
                   if int(b)]


def compare_rows(first: list[str], second: list[str], points: float = 1.0) -> list[str]:
    """The table rows whose figures differ by more than `points` percentage points.

    Rows are matched by their label cells (those without an (a/b) figure); a row
    found in one table only is listed too.
    """
    def figures(lines: list[str]) -> dict[str, list[float]]:
        return dict(_fractions(line) for line in lines if line.startswith("| ") and "/" in line)

    a, b = figures(first), figures(second)
    out = []
    for label in dict.fromkeys([*a, *b]):
        if label not in a or label not in b:
            out.append(f"- {label}: only under {'the first' if label in a else 'the second'}")
            continue
        moved = [abs(x - y) for x, y in zip(a[label], b[label], strict=False)]
        if len(a[label]) != len(b[label]) or any(m > points for m in moved):
            shown = [", ".join(f"{x:.1f}%" for x in figures) or "n/a"
                     for figures in (a[label], b[label])]
            out.append(f"- {label}: {shown[0]} / {shown[1]}")
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write the results table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=int, default=2800)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1, help="processes to run the sets in")
    parser.add_argument("--world-noise", choices=sorted(WORLD_NOISE), default="synth",
                        help="world-landmark jitter: the synthesizer's default, as measured on the "
                        "real clips, or the default's size with the measured timing")
    parser.add_argument("--out", type=Path, default=Path("bench/SYNTH_RESULTS.md"))
    parser.add_argument("--only", nargs="+", default=(), metavar="PLAN",
                        help="run only these plans (exercise ids or row names, e.g. sit_up "
                        "'band_row (side)'); the sets are spread over them")
    parser.add_argument("--schedule", choices=SCHEDULES, default="adaptive",
                        help="which frames are analysed: as a video is checked by default "
                        "(adaptive), or every frame")
    parser.add_argument("--compare", action="store_true",
                        help="also check every set under the other schedule, and list the rows "
                        "whose figures differ by more than 1 point")
    args = parser.parse_args(argv)
    schedules = (args.schedule, *(s for s in SCHEDULES if args.compare and s != args.schedule))
    started = time.perf_counter()
    try:
        results = run(args.sets, args.seed, args.jobs, args.world_noise, tuple(args.only),
                      schedules)
    except ValueError as error:
        parser.error(str(error))
    elapsed = time.perf_counter() - started
    tables = [list(_rows([r[k] for r in results])) for k in range(len(schedules))]
    compared = []
    if args.compare:
        differ = compare_rows(tables[1], tables[0])
        compared = [f"## {schedules[0]} against {schedules[1]}\n",
                    f"Every set was also checked under `{schedules[1]}`. Rows whose figures "
                    f"differ by more than 1 point ({schedules[1]} / {schedules[0]}):\n",
                    *(differ or ["- none"]), ""]
    lines = [
        "# Back-care exercises on synthesized sets\n",
        f"Command: `python bench/bench_synth.py --sets {args.sets} --seed {args.seed} "
        f"--jobs {args.jobs} --world-noise {args.world_noise} --schedule {args.schedule}"
        + " --compare" * args.compare
        + (" --only " + " ".join(f"'{name}'" for name in args.only) if args.only else "")
        + f"` ({len(results)} sets, {elapsed:.0f} s).\n",
        *compared,
        *tables[0],
        "",
        UNMEASURABLE,
        *([f"\n# The same sets under `{schedules[1]}`\n", *tables[1]] if args.compare else []),
    ]
    text = "\n".join(lines) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
