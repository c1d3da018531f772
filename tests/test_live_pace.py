"""Which frames the live loop analyses: every frame while it keeps up, the schedule when behind.

Fast, no model: frame times and analysis times are made up.
"""

from __future__ import annotations

import pytest
from exercise_factory import exercise
from pose_factory import side_squat_frame

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import FrameUpdate
from formcheck.analysis.schedule import SETTLE_MS, base_rate_hz
from formcheck.live.pace import LivePace, LiveSchedule

FPS = 30.0
FRAME_MS = 1000.0 / FPS


def _update(t_ms: float) -> FrameUpdate:
    return FrameUpdate(
        frame_index=round(t_ms / FRAME_MS), timestamp_ms=t_ms,
        values={"thigh_angle": 10.0, "trunk_lean": 10.0, "knee_width": 1.0},
        counts={"both": 0}, new_flags=[], ended=[], active_cue=None, hold_s=0.0,
        guidance=None, view="side", phase="rest")


def _play(pace: LivePace, seconds: float, cost_s: float) -> list[float]:
    """Offer `seconds` of frames standing still; each analysed one takes `cost_s`."""
    analysed = []
    for k in range(round(seconds * FPS)):
        t = k * FRAME_MS
        if pace.wants(t):
            pace.took(cost_s)
            pace.observe(_update(t), side_squat_frame(10.0, t))
            analysed.append(t)
    return analysed


def _pace(mode: LiveSchedule = "adaptive") -> LivePace:
    spec = exercise("side_squat")
    pace = LivePace(spec, FPS, mode=mode)
    pace.new_set(Engine(spec))
    return pace


def test_keeping_up_every_frame_is_analysed() -> None:
    pace = _pace()
    assert len(_play(pace, 3.0, cost_s=0.5 / FPS)) == 3 * FPS
    assert not pace.behind


def test_behind_the_rate_falls_to_what_the_loop_affords_away_from_decisions() -> None:
    pace = _pace()
    cost_s = 2.0 / FPS  # 15 frames a second at most, more than the rules' 10
    analysed = _play(pace, 4.0, cost_s)
    assert pace.behind
    still = [t for t in analysed if t > SETTLE_MS + 500.0]
    gaps = [b - a for a, b in zip(still, still[1:], strict=False)]
    # evenly spaced at about 0.8 of what the loop can afford, never below the rules' rate
    assert max(gaps) - min(gaps) <= FRAME_MS + 1e-6
    rate = 1000.0 / (sum(gaps) / len(gaps))
    assert base_rate_hz(exercise("side_squat")) <= rate + 1e-6 <= 0.8 / cost_s
    info = pace.info()
    assert info.schedule == "adaptive"
    assert info.frames_decoded == 4 * FPS and info.frames_analysed == len(analysed)
    assert info.analysed_rate_hz == pytest.approx((len(analysed) - 1) / (analysed[-1] / 1000.0),
                                                  abs=0.01)


@pytest.mark.parametrize("mode", ["every_frame", "newest_frame"])
def test_without_the_schedule_every_frame_offered_is_analysed_however_slow(
        mode: LiveSchedule) -> None:
    pace = _pace(mode)
    assert len(_play(pace, 2.0, cost_s=4.0 / FPS)) == 2 * FPS
    info = pace.info()
    assert info.schedule == mode and info.base_rate_hz is None


def test_the_report_counts_the_frames_the_camera_gave_during_the_set() -> None:
    spec = exercise("side_squat")
    delivered = [100]  # frames the camera gave before this set
    pace = LivePace(spec, FPS, captured=lambda: delivered[0])
    pace.new_set(Engine(spec))
    analysed = _play(pace, 1.0, cost_s=0.5 / FPS)
    delivered[0] += 45  # 30 offered, 15 more replaced by newer ones before analysis took them
    info = pace.info()
    assert (info.frames_decoded, info.frames_analysed) == (45, len(analysed))
