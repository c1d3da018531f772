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
from formcheck.pipeline import Observed, analyze
from formcheck.pose.frame import PoseFrame
from formcheck.pose.landmarks import Landmark
from formcheck.synth import synthesize


def _hide_ankle_in_reps(frames: list[PoseFrame], truth: dict, side: str) -> list[PoseFrame]:
    """The `side` ankle goes missing (NaN) from each of that side's reps' holds to their end."""
    ankle = int(Landmark[f"{side.upper()}_ANKLE"])
    spans = [(r["peak_start_ms"], r["end_ms"]) for r in truth["reps"] if r["side"] == side]
    out = []
    for frame in frames:
        if any(a <= frame.timestamp_ms <= b for a, b in spans):
            image_xy, world = frame.image_xy.copy(), frame.world_xyz.copy()
            image_xy[ankle] = np.nan
            world[ankle] = np.nan
            frame = dataclasses.replace(frame, image_xy=image_xy, world_xyz=world)
        out.append(frame)
    return out


def _check(frames: list[PoseFrame]):
    return analyze((Observed(f) for f in frames), Engine(exercise("reach")), block_size=256)


def test_a_side_whose_reps_were_never_seen_makes_the_set_not_measurable() -> None:
    result = synthesize("bird_dog", seed=4, reps=2, hold_s=3.0)
    analysis = _check(_hide_ankle_in_reps(result.frames, result.truth, "right"))
    right = [a for a in analysis.attempts if a.side == "right"]
    assert right and all(a.status is RepStatus.NOT_MEASURABLE for a in right)
    assert analysis.not_measurable is not None
    assert "right side" in analysis.not_measurable


def test_a_set_with_every_rep_seen_stays_measurable() -> None:
    result = synthesize("bird_dog", seed=4, reps=2, hold_s=3.0)
    analysis = _check(result.frames)
    assert analysis.not_measurable is None
    assert sum(a.status is RepStatus.COUNTED for a in analysis.attempts) == 4
