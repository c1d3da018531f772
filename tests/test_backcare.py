"""The back-care checks on synthesized motion: each fires on its fault, none fires on clean sets.

Every case runs over a few bodies (seeds) and camera placements inside the
views the check is made from; faults are injected at their default size or
somewhat larger. Counting is checked on the clean sets too.
"""

from __future__ import annotations

from typing import Any

import pytest

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import Analysis, RepStatus
from formcheck.session.pipeline import analyze
from formcheck.session.sources import observe_poses
from formcheck.spec import find_exercise, load_exercise
from formcheck.synth import Camera, FaultSpec, NoiseConfig, synthesize

SIDE = (Camera(azimuth_deg=90, height_m=0.7), Camera(azimuth_deg=-80, height_m=1.1))
OBLIQUE = (Camera(azimuth_deg=45, height_m=0.9), Camera(azimuth_deg=-50, height_m=0.6))

# exercise file -> (synthesizer script, options of a short set, rep label counted)
EXERCISES: dict[str, tuple[str, dict[str, Any], str | None]] = {
    "bird_dog": ("bird_dog", {"reps": 1, "hold_s": 5.5}, None),
    "band_row": ("band_row", {"reps": 3}, None),
    "dead_bug": ("dead_bug", {"reps": 1}, "leg"),
    "dead_bug_arms": ("dead_bug", {"reps": 1}, "arm"),
    "prone_press_up": ("prone_press_up", {"reps": 3}, None),
    "prone_lying": ("prone_lying", {"reps": 1, "hold_s": 6.0}, None),
    "prone_on_elbows": ("prone_on_elbows", {"reps": 1, "hold_s": 5.0}, None),
    "standing_back_extension": ("standing_back_extension", {"reps": 3}, None),
    "knee_hug": ("knee_hug", {"reps": 1, "hold_s": 4.0}, None),
    "seal_stretch": ("seal_stretch", {"reps": 1, "hold_s": 5.0}, None),
}

# (exercise file, fault kind, magnitude, rep index, check id, cameras)
FAULTS = [
    ("bird_dog", "back_sag", 12.0, 0, "flat_back", SIDE + OBLIQUE),
    ("bird_dog", "back_arch", 12.0, 1, "flat_back", SIDE + OBLIQUE),
    ("bird_dog", "leg_too_high", 18.0, 0, "leg_too_high", SIDE + OBLIQUE),
    ("bird_dog", "pelvis_hike", 16.0, 1, "pelvis_level", OBLIQUE),
    ("bird_dog", "weight_shift", 6.0, 0, "weight_shift", OBLIQUE),
    ("bird_dog", "hold_too_short", 3.0, 1, "hold_time", SIDE + OBLIQUE),
    ("band_row", "shrug", 6.0, 1, "shrug", SIDE + OBLIQUE),
    ("band_row", "head_forward", 22.0, 1, "head_forward", SIDE),
    ("band_row", "lean_back", 12.0, 1, "lean_back", SIDE + OBLIQUE),
    ("band_row", "partial_range", 30.0, 1, "partial_range", SIDE + OBLIQUE),
    ("dead_bug", "two_limbs", 80.0, 1, "two_limbs", SIDE + OBLIQUE),
    ("dead_bug", "too_fast", 3.0, 0, "too_fast", SIDE + OBLIQUE),
    ("dead_bug", "pelvis_rock", 14.0, 1, "pelvis_rock", OBLIQUE),
    ("dead_bug_arms", "two_limbs", 80.0, 2, "two_limbs", SIDE + OBLIQUE),
    ("dead_bug_arms", "too_fast", 3.0, 3, "too_fast", SIDE + OBLIQUE),
    ("prone_press_up", "hips_lift", 6.0, 1, "hips_lift", SIDE + OBLIQUE),
    ("prone_press_up", "shrug", 6.0, 1, "shrug", SIDE + OBLIQUE),
    ("prone_press_up", "incomplete_press", 35.0, 1, "incomplete_press", SIDE + OBLIQUE),
    ("prone_on_elbows", "shrug", 6.0, 0, "shrug", SIDE + OBLIQUE),
    ("standing_back_extension", "knees_bend", 20.0, 1, "knees_bend", SIDE + OBLIQUE),
    ("standing_back_extension", "head_back", 20.0, 1, "head_back", SIDE),
    ("standing_back_extension", "feet_move", 10.0, 1, "feet_move", SIDE + OBLIQUE),
    ("knee_hug", "head_lift", 20.0, 1, "head_shoulders_down", SIDE + OBLIQUE),
    ("knee_hug", "other_leg_lift", 25.0, 0, "other_leg_down", SIDE + OBLIQUE),
    ("seal_stretch", "hips_lift", 6.0, 0, "hips_lift", SIDE + OBLIQUE),
    ("seal_stretch", "hands_forward", 20.0, 0, "chest_up", SIDE + OBLIQUE),
]


def _run(exercise: str, seed: int, camera: Camera, faults: list[FaultSpec]
         ) -> tuple[Analysis, dict[str, Any]]:
    script, options, _ = EXERCISES.get(exercise, (exercise, {"reps": 3}, None))
    result = synthesize(script, seed=seed, camera=camera, faults=faults, **options)
    engine = Engine(load_exercise(find_exercise(exercise)))
    return analyze(observe_poses(result.block), engine), result.truth


@pytest.mark.parametrize(("exercise", "kind", "magnitude", "rep", "check", "cameras"), FAULTS,
                         ids=[f"{f[0]}-{f[1]}" for f in FAULTS])
def test_each_fault_is_flagged_by_its_check(exercise: str, kind: str, magnitude: float, rep: int,
                                            check: str, cameras: tuple[Camera, ...]) -> None:
    for seed, camera in enumerate(cameras, start=1):
        analysis, truth = _run(exercise, seed, camera, [FaultSpec(kind, magnitude, reps=(rep,))])
        [event] = truth["faults"]
        flags = [f for f in analysis.flags if f.constraint_id == check]
        hit = any(f.start_ms <= event["end_ms"] and event["start_ms"] <= f.end_ms for f in flags)
        assert hit, f"seed {seed}, azimuth {camera.azimuth_deg}: {kind} not flagged by {check}"


def test_a_craned_head_is_flagged_from_the_side_with_a_noisy_detector_and_a_small_figure(
        ) -> None:
    """Six bodies filmed from the side by the benchmark's noisiest detector (1.6 times the
    default jitter), the figure filling 55 % of the picture, crane the head by 22 degrees
    on two of four pulls: at least 90 % of the cranes are flagged, none of the steady heads.
    The near side's ear and shoulder are read: the hidden far ones jitter three times
    as much and broke a held crane into short pieces."""
    spec = load_exercise(find_exercise("band_row"))
    noise = NoiseConfig(pixel_sigma=3.2, world_sigma_m=0.0128)
    found = total = 0
    for seed in range(1, 7):
        camera = Camera(azimuth_deg=100.0 if seed % 2 else -85.0, height_m=1.4, fill=0.55)
        result = synthesize("band_row", seed=seed, camera=camera, noise=noise, reps=4,
                            faults=[FaultSpec("head_forward", 22.0, reps=(1, 3))])
        events = result.truth["faults"]
        flags = [f for f in analyze(observe_poses(result.block), Engine(spec)).flags
                 if f.constraint_id == "head_forward"]
        for flag in flags:
            assert any(flag.start_ms <= e["end_ms"] and e["start_ms"] <= flag.end_ms
                       for e in events), (seed, flag.start_ms)
        found += sum(any(f.start_ms <= e["end_ms"] and e["start_ms"] <= f.end_ms for f in flags)
                     for e in events)
        total += len(events)
    assert found >= 0.9 * total, f"{found} of {total} cranes flagged"


@pytest.mark.parametrize(("kind", "magnitude"), [("pelvis_hike", 16.0), ("back_sag", 15.0)])
def test_a_bird_dog_weight_shift_is_not_read_into_other_faults(kind: str, magnitude: float
                                                                ) -> None:
    for seed, camera in enumerate(OBLIQUE, start=1):
        analysis, _ = _run("bird_dog", seed, camera, [FaultSpec(kind, magnitude, reps=(0,))])
        assert not [f for f in analysis.flags if f.constraint_id == "weight_shift"], seed


@pytest.mark.parametrize(("kind", "magnitude"),
                         [("back_sag", 15.0), ("weight_shift", 7.0), ("leg_too_high", 18.0)])
def test_other_bird_dog_faults_are_not_read_as_a_pelvis_hike(kind: str, magnitude: float) -> None:
    for seed, camera in enumerate(OBLIQUE, start=1):
        analysis, _ = _run("bird_dog", seed, camera, [FaultSpec(kind, magnitude, reps=(0,))])
        assert not [f for f in analysis.flags if f.constraint_id == "pelvis_level"], seed


@pytest.mark.parametrize(("kind", "magnitude", "check"),
                         [("hips_lift", 8.0, "chest_up"), ("hands_forward", 25.0, "hips_lift")])
def test_a_seal_stretch_fault_is_not_read_into_the_other_check(kind: str, magnitude: float,
                                                                check: str) -> None:
    """Lifted hips do not sound like a low chest, nor hands too far ahead like lifted hips."""
    for seed, camera in enumerate(SIDE + OBLIQUE, start=1):
        analysis, _ = _run("seal_stretch", seed, camera, [FaultSpec(kind, magnitude, reps=(0,))])
        assert not [f for f in analysis.flags if f.constraint_id == check], (seed, camera)


@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_clean_sets_count_right_and_raise_no_flag(exercise: str) -> None:
    label = EXERCISES[exercise][2]
    for seed, camera in enumerate(SIDE + OBLIQUE[:1], start=1):
        analysis, truth = _run(exercise, seed, camera, [])
        where = f"seed {seed}, azimuth {camera.azimuth_deg}"
        assert analysis.not_measurable is None, where
        assert analysis.flags == [], (where, [f.constraint_id for f in analysis.flags])
        if analysis.spec.rep is not None:
            counted = [a.side for a in analysis.attempts if a.status is RepStatus.COUNTED]
            performed = [r["side"] for r in truth["reps"] if label is None or r["label"] == label]
            assert sorted(counted) == sorted(performed), where
        if analysis.spec.hold is not None:
            # A pause at the target shorter than the file's shortest hold is not a hold.
            held = [h for h in truth["holds"] if h["duration_s"] >= analysis.spec.hold.min_s]
            assert len(analysis.holds) == len(held), where


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_pelvic_tilt_is_not_measurable_but_a_bridge_is_flagged(seed: int) -> None:
    tilt, _ = _run("pelvic_tilt", seed, SIDE[0], [])
    assert "smaller than this camera view" in (tilt.not_measurable or "")
    bridge, truth = _run("pelvic_tilt", seed, SIDE[0], [FaultSpec("hips_lift", 6.0, reps=(1,))])
    [event] = truth["faults"]
    assert any(f.constraint_id == "hips_down" and f.start_ms <= event["end_ms"]
               and event["start_ms"] <= f.end_ms for f in bridge.flags)


@pytest.mark.parametrize("exercise", sorted(EXERCISES) + ["pelvic_tilt"])
def test_a_view_from_the_front_or_head_is_not_measurable(exercise: str) -> None:
    analysis, _ = _run(exercise, 5, Camera(azimuth_deg=5, height_m=0.9), [])
    assert analysis.not_measurable is not None and "needs a" in analysis.not_measurable


def test_a_set_from_an_unsupported_view_raises_no_flag() -> None:
    """A front view still counts bird-dog reaches, so a short hold raises a hold-time flag
    internally; the set is not measurable from there, so no flag may reach the user."""
    front = Camera(azimuth_deg=5, height_m=0.9)
    analysis, _ = _run("bird_dog", 5, front, [FaultSpec("hold_too_short", 3.0, reps=(0,))])
    assert analysis.not_measurable is not None and "needs a" in analysis.not_measurable
    assert analysis.flags == []
