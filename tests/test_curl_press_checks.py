"""The biceps curl's and shoulder press's checks on synthesized sets (``formcheck.synth``).

Each fault is injected on one rep of a short set and must be flagged by its check
during that rep; clean sets raise no flag; a check that needs another view is not made.
"""

from __future__ import annotations

import numpy as np
import pytest

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import Analysis, RepStatus
from formcheck.pose.landmarks import Landmark as L
from formcheck.session.pipeline import analyze
from formcheck.session.sources import observe_poses
from formcheck.spec import find_exercise, load_exercise
from formcheck.synth import Camera, FaultSpec, NoiseConfig, synthesize

SIDE_AND_OBLIQUE = (Camera(azimuth_deg=40, height_m=1.3), Camera(azimuth_deg=-80, height_m=1.1))
FRONT = Camera(azimuth_deg=0, height_m=1.0)


def _check(exercise: str, seed: int, camera: Camera, reps: int,
           faults: list[FaultSpec] | None = None) -> tuple[Analysis, list[dict]]:
    """The analysis of a synthesized set and its injected fault occurrences."""
    result = synthesize(exercise, seed=seed, camera=camera, reps=reps, faults=faults or [])
    analysis = analyze(observe_poses(result.block),
                       Engine(load_exercise(find_exercise(exercise))))
    assert sum(a.status is RepStatus.COUNTED for a in analysis.attempts) == reps
    return analysis, result.truth["faults"]


def _flagged_during(analysis: Analysis, check: str, event: dict) -> bool:
    return any(f.constraint_id == check and f.start_ms <= event["end_ms"]
               and f.end_ms >= event["start_ms"] for f in analysis.flags)


@pytest.mark.parametrize("camera", SIDE_AND_OBLIQUE)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_curl_swing_back_of_12_degrees_is_flagged(seed: int, camera: Camera) -> None:
    # Read as an unsigned angle from vertical, a lean back from a stance tipped slightly
    # forward folds through upright and reads smaller than it is.
    analysis, [swing] = _check("bicep_curl", seed, camera, reps=4,
                               faults=[FaultSpec("torso_swing", 12.0, reps=(2,))])
    assert _flagged_during(analysis, "torso_swing", swing)


@pytest.mark.parametrize("camera", SIDE_AND_OBLIQUE)
@pytest.mark.parametrize("seed", [1, 2])
def test_clean_curls_raise_no_flag(seed: int, camera: Camera) -> None:
    analysis, _ = _check("bicep_curl", seed, camera, reps=4)
    assert analysis.flags == []


def test_curl_swing_is_not_judged_from_the_front() -> None:
    analysis, _ = _check("bicep_curl", 1, FRONT, reps=3,
                         faults=[FaultSpec("torso_swing", 15.0, reps=(1,))])
    [swing] = [c for c in analysis.evaluators if c.constraint.id == "torso_swing"]
    assert swing.checked_ms == 0 and swing.unmeasured_ms > 0
    assert analysis.flags == []


@pytest.mark.parametrize("camera", [FRONT, Camera(azimuth_deg=-50, height_m=0.6)])
@pytest.mark.parametrize("seed", [1, 2])
def test_press_shrug_after_shrugged_presses_is_flagged(seed: int, camera: Camera) -> None:
    # Shrugs on the first three presses of six: the reference is the one unshrugged
    # lockout before the fifth press, not the shrugged majority of the lockouts.
    analysis, events = _check("shoulder_press", seed, camera, reps=6,
                              faults=[FaultSpec("shrug", 5.0, reps=(0, 1, 2, 4))])
    assert _flagged_during(analysis, "shrug", events[-1])
    assert all(f.constraint_id == "shrug" for f in analysis.flags)


@pytest.mark.parametrize("camera", [FRONT, Camera(azimuth_deg=-50, height_m=0.6)])
@pytest.mark.parametrize("seed", [1, 2])
def test_press_shrug_on_the_first_presses_is_flagged_once_the_set_is_over(
    seed: int, camera: Camera
) -> None:
    # Shrugs on the first two presses, before any lockout with the shoulders down: as the
    # set goes they are the person's own level; the later lockouts show they were not.
    analysis, events = _check("shoulder_press", seed, camera, reps=5,
                              faults=[FaultSpec("shrug", 5.0, reps=(0, 1))])
    assert all(_flagged_during(analysis, "shrug", event) for event in events)
    assert all(f.constraint_id == "shrug" for f in analysis.flags)


@pytest.mark.parametrize("camera", [FRONT, Camera(azimuth_deg=45, height_m=0.9)])
@pytest.mark.parametrize("seed", [1, 2])
def test_clean_presses_raise_no_flag(seed: int, camera: Camera) -> None:
    analysis, _ = _check("shoulder_press", seed, camera, reps=5)
    assert analysis.flags == []


@pytest.mark.parametrize("seed", [1, 4])
def test_synthesized_press_lowers_the_weights_to_the_shoulders_as_real_presses_do(seed) -> None:
    # Real front-view presses bottom out with the hands 0.18-0.27 torso lengths above the
    # shoulders, clear of the 0.45 line, and lift the shoulders about 0.06 torso lengths
    # at lockout as the shoulder blades turn up.
    press = synthesize("shoulder_press", seed=seed, reps=1, noise=NoiseConfig.none())
    p = press.clean_positions  # metres, z up
    top = int(np.argmin(np.abs(press.t_ms - press.reps[0].peak_start_ms)))
    shoulders = (p[:, L.LEFT_SHOULDER] + p[:, L.RIGHT_SHOULDER]) / 2
    torso = np.linalg.norm(shoulders[0] - (p[0, L.LEFT_HIP] + p[0, L.RIGHT_HIP]) / 2)
    hands = (p[0, L.LEFT_WRIST, 2] + p[0, L.RIGHT_WRIST, 2]) / 2 - shoulders[0, 2]
    assert 0.1 < hands / torso < 0.3
    ear_gap = (p[:, L.LEFT_EAR, 2] + p[:, L.RIGHT_EAR, 2]) / 2 - shoulders[:, 2]
    assert 0.01 < ear_gap[0] - ear_gap[top] < 0.05
