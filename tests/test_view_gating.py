"""Counting needs only that its driver is visible: checks that need another view say so.

Synthesized standing sets (``formcheck.synth``) filmed from the side: a shoulder press
and a lateral raise, whose files count from any standing view and whose shrug check is
made from the front or three-quarters only.
"""

from __future__ import annotations

import pytest

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import RepStatus
from formcheck.session.pipeline import analyze
from formcheck.session.sources import observe_poses
from formcheck.spec import find_exercise, load_exercise
from formcheck.synth import Camera, synthesize


@pytest.mark.parametrize("exercise", ["shoulder_press", "lateral_raise"])
def test_a_set_filmed_from_the_side_is_counted_and_the_shrug_check_not_made(exercise) -> None:
    result = synthesize(exercise, seed=3, camera=Camera(azimuth_deg=85, height_m=1.2), reps=4)
    analysis = analyze(observe_poses(result.block), Engine(load_exercise(find_exercise(exercise))))
    assert analysis.view == "side"
    assert analysis.not_measurable is None
    assert sum(a.status is RepStatus.COUNTED for a in analysis.attempts) == 4
    [shrug] = [c for c in analysis.evaluators if c.constraint.id == "shrug"]
    assert shrug.checked_ms == 0 and shrug.unmeasured_ms > 0
