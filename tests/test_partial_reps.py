"""A rep short of the prescribed depth is counted and flagged as partial range, not lost:
synthesized push-ups and squats checked by their exercise files."""

from __future__ import annotations

import pytest

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import Analysis, RepStatus
from formcheck.session.exercise import ResolvedExercise
from formcheck.session.pipeline import analyze
from formcheck.session.sources import observe_poses
from formcheck.synth import Camera, FaultSpec, synthesize


def _check(exercise: str, seed: int, azimuth_deg: float, faults=()) -> Analysis:
    result = synthesize(exercise, seed=seed, camera=Camera(azimuth_deg=azimuth_deg),
                        faults=list(faults), reps=3)
    return analyze(observe_poses(result.block), Engine(ResolvedExercise.resolve(exercise).spec))


def _counted(analysis: Analysis) -> list:
    return [a for a in analysis.attempts if a.status is RepStatus.COUNTED]


@pytest.mark.parametrize(("seed", "azimuth_deg"), [(0, 90.0), (1, 45.0), (3, 0.0)])
def test_a_shallow_push_up_counts_and_is_flagged_for_depth(seed: int, azimuth_deg: float) -> None:
    # The middle rep stops with the elbows 28 degrees less bent: at about 120 degrees.
    analysis = _check("push_up", seed, azimuth_deg, [FaultSpec("shallow_depth", 28.0, reps=(1,))])
    reps = _counted(analysis)
    assert len(reps) == 3
    [flag] = [f for f in analysis.flags if f.constraint_id == "depth"]
    assert (flag.start_ms, flag.end_ms) == (reps[1].start_ms, reps[1].end_ms)
    assert 110.0 < flag.worst < 130.0  # the elbow angle at the bottom, degrees


@pytest.mark.parametrize(("seed", "azimuth_deg"), [(0, 90.0), (2, 0.0)])
def test_full_push_ups_bend_the_elbows_to_about_90_degrees_unflagged(
    seed: int, azimuth_deg: float
) -> None:
    analysis = _check("push_up", seed, azimuth_deg)
    assert len(_counted(analysis)) == 3
    assert analysis.flags == []
