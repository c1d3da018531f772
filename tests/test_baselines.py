"""The person's own reference values: fixed at the start, or refined between reps."""

from __future__ import annotations

import math

import numpy as np
import pytest
from pydantic import ValidationError

from formcheck.analysis.baselines import Baselines
from formcheck.spec.language import AngleMetric

STEP_MS = 100.0


def _feed(
    baselines: Baselines, values: list[float], at_rest: bool, t0_ms: float
) -> tuple[list[float], float]:
    """Feed one channel's values (raw = smoothed) at 10 frames/s; returns outputs, next time."""
    out = []
    for k, v in enumerate(values):
        smooth = np.array([v])
        baselines.apply(t0_ms + k * STEP_MS, smooth, np.array([v]), at_rest)
        out.append(float(smooth[0]))
    return out, t0_ms + len(values) * STEP_MS


@pytest.mark.parametrize("mode", ["start", "rest", "rest_highest"])
def test_reference_unknown_until_a_window_at_rest_then_subtracted(mode: str) -> None:
    baselines = Baselines({0: mode}, window_s=1.0)
    out, t = _feed(baselines, [2.0] * 5, at_rest=False, t0_ms=0.0)
    assert all(math.isnan(v) for v in out)  # moving: no reference yet
    out, t = _feed(baselines, [2.0] * 10, at_rest=True, t0_ms=t)
    assert all(math.isnan(v) for v in out)  # one second at rest not yet over
    out, _ = _feed(baselines, [5.0], at_rest=True, t0_ms=t)
    assert out == [pytest.approx(3.0)]


@pytest.mark.parametrize(("mode", "second_reach"), [("start", 10.0), ("rest", 13.0)])
def test_start_reference_stays_fixed_rest_reference_is_refined_between_reps(
    mode: str, second_reach: float
) -> None:
    baselines = Baselines({0: mode}, window_s=1.0)
    # A start window read 3 degrees off (noise), then the rest between reaches reads 0.
    _, t = _feed(baselines, [3.0] * 11, at_rest=True, t0_ms=0.0)
    out, t = _feed(baselines, [13.0] * 20, at_rest=False, t0_ms=t)
    assert out[-1] == pytest.approx(10.0)  # first reach: the start reference either way
    _, t = _feed(baselines, [0.0] * 30, at_rest=True, t0_ms=t)
    out, _ = _feed(baselines, [13.0] * 5, at_rest=False, t0_ms=t)
    # "rest": 11 samples at 3 and 30 at 0 give a median of 0; the reaches are left out.
    assert out[-1] == pytest.approx(second_reach)


def test_rest_highest_reference_is_the_highest_level_of_a_single_rest() -> None:
    baselines = Baselines({0: "rest_highest"}, window_s=1.0)
    # Two rests at 2 (a shrug), then one at 5 (the shoulders down), then one at 2 again.
    _, t = _feed(baselines, [2.0] * 11, at_rest=True, t0_ms=0.0)
    out, t = _feed(baselines, [2.0] * 5, at_rest=False, t0_ms=t)
    assert out[-1] == pytest.approx(0.0)
    _, t = _feed(baselines, [2.0] * 5, at_rest=True, t0_ms=t)
    _, t = _feed(baselines, [1.0] * 5, at_rest=False, t0_ms=t)
    _, t = _feed(baselines, [5.0] * 5, at_rest=True, t0_ms=t)
    out, t = _feed(baselines, [1.0] * 5, at_rest=False, t0_ms=t)
    assert out[-1] == pytest.approx(-4.0)  # "rest" would take the median of all: 2
    out, t = _feed(baselines, [2.0] * 5, at_rest=True, t0_ms=t)
    assert out[-1] == pytest.approx(-3.0)
    out, _ = _feed(baselines, [1.0], at_rest=False, t0_ms=t)
    assert out[0] == pytest.approx(-4.0)  # the lower rest after it leaves the level at 5


def test_rest_highest_reference_when_first_known_counts_the_rest_under_way() -> None:
    baselines = Baselines({0: "rest_highest"}, window_s=1.0)
    _, t = _feed(baselines, [2.0] * 6, at_rest=True, t0_ms=0.0)
    _, t = _feed(baselines, [1.0] * 3, at_rest=False, t0_ms=t)
    out, _ = _feed(baselines, [4.0] * 7, at_rest=True, t0_ms=t)
    assert math.isnan(out[4]) and out[-1] == pytest.approx(0.0)  # max(2, median of 4s)


def test_reset_forgets_the_reference() -> None:
    baselines = Baselines({0: "rest"}, window_s=1.0)
    _, t = _feed(baselines, [3.0] * 11, at_rest=True, t0_ms=0.0)
    baselines.reset()
    out, _ = _feed(baselines, [3.0], at_rest=True, t0_ms=t)
    assert math.isnan(out[0])


def test_unknown_mode_is_an_error_naming_it() -> None:
    with pytest.raises(ValueError, match="'median'"):
        Baselines({0: "median"}, window_s=1.0)  # type: ignore[dict-item]


def test_spec_rest_baseline_needs_a_baseline_metric() -> None:
    with pytest.raises(ValidationError, match="baseline_from = 'rest' needs baseline = true"):
        AngleMetric(kind="angle", at=("hip", "knee", "ankle"), baseline_from="rest")
    metric = AngleMetric(
        kind="angle", at=("hip", "knee", "ankle"), baseline=True, baseline_from="rest"
    )
    assert metric.baseline_from == "rest"


def test_a_channel_seen_before_its_reference_is_known_is_waiting() -> None:
    baselines = Baselines({0: "start"}, window_s=1.0)
    assert baselines.waiting(np.array([2.0])) == [0]
    assert baselines.waiting(np.array([math.nan])) == []  # not seen: not waiting
    _feed(baselines, [2.0] * 12, at_rest=True, t0_ms=0.0)
    assert baselines.waiting(np.array([2.0])) == []  # known once a second at rest is over


def test_rest_highest_values_against_the_final_reference() -> None:
    baselines = Baselines({0: "rest_highest"}, window_s=1.0)
    # A rest at 2 (a shrug), a rep, then a rest at 5 (the shoulders down) at the end.
    _, t = _feed(baselines, [2.0] * 11, at_rest=True, t0_ms=0.0)
    out, t = _feed(baselines, [1.0] * 5, at_rest=False, t0_ms=t)
    assert out[-1] == pytest.approx(-1.0)  # as judged then, against the level 2
    _feed(baselines, [5.0] * 5, at_rest=True, t0_ms=t)
    final = baselines.at_final_reference(0)
    assert len(final) == 21
    assert final[0.0] == pytest.approx(-3.0)  # before any reference was known: against 5
    assert final[1100.0] == pytest.approx(-4.0)  # the rep: against 5, not 2
    assert final[2000.0] == pytest.approx(0.0)


def test_after_a_reset_each_stretch_keeps_its_own_final_reference() -> None:
    baselines = Baselines({0: "rest_highest"}, window_s=1.0)
    _, t = _feed(baselines, [2.0] * 11, at_rest=True, t0_ms=0.0)
    _, t = _feed(baselines, [1.0] * 2, at_rest=False, t0_ms=t)
    baselines.reset()  # the person left and came back: measured afresh
    _feed(baselines, [7.0] * 11, at_rest=True, t0_ms=t)
    final = baselines.at_final_reference(0)
    assert final[1100.0] == pytest.approx(-1.0)  # against the first stretch's 2
    assert final[t] == pytest.approx(0.0)  # against the second stretch's 7
