"""A set whose every rep on one side was unmeasurable is 'not measurable', not '0 reps'.

Synthesized bird dogs, counted with the tests' own reach rules
(``tests/exercises/reach.toml``).
"""

from __future__ import annotations

import dataclasses

import numpy as np
from exercise_factory import exercise

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import RepStatus
from formcheck.pose.block import PoseBlock
from formcheck.pose.landmarks import Landmark
from formcheck.session.pipeline import Observed, analyze
from formcheck.synth import synthesize


def _hide_ankle_in_reps(poses: PoseBlock, truth: dict, side: str) -> PoseBlock:
    """The `side` ankle goes missing (NaN) from each of that side's reps' holds to their end."""
    ankle = int(Landmark[f"{side.upper()}_ANKLE"])
    t = poses.timestamp_ms
    hidden = np.zeros(len(poses), dtype=bool)
    for rep in truth["reps"]:
        if rep["side"] == side:
            hidden |= (rep["peak_start_ms"] <= t) & (t <= rep["end_ms"])
    image_xy, world = poses.image_xy.copy(), poses.world_xyz.copy()
    image_xy[hidden, ankle] = np.nan
    world[hidden, ankle] = np.nan
    return dataclasses.replace(poses, image_xy=image_xy, world_xyz=world)


def _check(poses: PoseBlock):
    return analyze([Observed(poses)], Engine(exercise("reach")))


def test_a_side_whose_reps_were_never_seen_makes_the_set_not_measurable() -> None:
    result = synthesize("bird_dog", seed=4, reps=2, hold_s=3.0)
    analysis = _check(_hide_ankle_in_reps(result.block, result.truth, "right"))
    right = [a for a in analysis.attempts if a.side == "right"]
    assert right and all(a.status is RepStatus.NOT_MEASURABLE for a in right)
    assert analysis.not_measurable is not None
    assert "right side" in analysis.not_measurable


def test_a_set_with_every_rep_seen_stays_measurable() -> None:
    result = synthesize("bird_dog", seed=4, reps=2, hold_s=3.0)
    analysis = _check(result.block)
    assert analysis.not_measurable is None
    assert sum(a.status is RepStatus.COUNTED for a in analysis.attempts) == 4
