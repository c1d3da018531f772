"""Range checks on the side opposite the working one (``on_side = "other"``).

The synthesized knee hugs are checked with the tests' own rules
(``tests/exercises/one_knee_hug.toml``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from exercise_factory import exercise

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import Analysis
from formcheck.errors import UserError
from formcheck.session.pipeline import Observed, analyze
from formcheck.spec import load_exercise
from formcheck.synth import Camera, FaultSpec, synthesize

ONE_LEG_UP = """
id = "demo"
name = "Demo"
views = ["side"]
[metrics.hip_bend]
kind = "angle"
at = ["shoulder", "hip", "knee"]
side = "{side}"
[hold]
metric = "hip_bend"
enter = 70
exit = 85
[[constraints]]
id = "other_leg"
kind = "range"
metric = "hip_bend"
on_side = "other"
min = 150
description = "The other leg stays down"
cue = "Keep the other leg down"
"""


def _check(**synth: object) -> Analysis:
    poses = synthesize("knee_hug", camera=Camera(azimuth_deg=90), **synth).block
    return analyze([Observed(poses)], Engine(exercise("one_knee_hug")))


def test_other_side_needs_a_metric_kept_per_side(tmp_path: Path) -> None:
    path = tmp_path / "demo.toml"
    path.write_text(ONE_LEG_UP.format(side="mean"), encoding="utf-8")
    with pytest.raises(UserError, match="on_side = 'other'"):
        load_exercise(path)
    path.write_text(ONE_LEG_UP.format(side="each"), encoding="utf-8")
    assert load_exercise(path).constraints[0].on_side == "other"  # type: ignore[union-attr]


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_the_other_leg_lifting_is_flagged_in_its_hold(seed: int) -> None:
    fault = FaultSpec("other_leg_lift", 30.0, reps=(1,))
    analysis = _check(seed=seed, reps=2, faults=[fault])
    flagged = {f.hold for f in analysis.flags if f.constraint_id == "other_leg_down"}
    assert flagged == {1}


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_not_judged_while_both_knees_are_hugged(seed: int) -> None:
    analysis = _check(seed=seed, reps=2, side_order="both")
    assert len(analysis.holds) == 2
    assert [f for f in analysis.flags if f.constraint_id == "other_leg_down"] == []
