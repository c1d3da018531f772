"""How often the live loop runs the pose model: every frame while it keeps up, fewer when behind.

When analysing a frame (pose model, rules, drawing) takes longer than the
camera's frame interval, the loop cannot analyse every frame. Rather than taking
whichever frame happens to be newest when it is free, it then follows the
analysis schedule of batch checking
(:class:`~formcheck.analysis.schedule.AnalysisSchedule`): frames at a base rate
away from any decision, every frame near one. The base rate follows what the
loop can afford, measured frame by frame: it falls smoothly from the camera's
rate towards the rate the exercise's rules need as analysis slows down, and rises
again when it speeds up. Frames not analysed are still shown, with the last
counts and cue.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import FrameUpdate
from formcheck.analysis.schedule import AnalysisSchedule, base_rate_hz
from formcheck.pose.frame import PoseFrame
from formcheck.report.document import AnalysisInfo
from formcheck.spec.language import ExerciseSpec

LiveSchedule = Literal["adaptive", "newest_frame", "every_frame"]

COST_SMOOTHING = 0.1
"""Weight of each analysed frame's time in the running estimate of the time analysis takes."""
HEADROOM = 0.8
"""Away from decisions, analyse at most this share of the frames the loop can afford, so that
every frame near a decision can be analysed without falling behind."""


@dataclass
class LivePace:
    """Chooses the frames the live loop analyses, and counts what it held.

    Args:
        spec: the exercise.
        camera_fps: frames per second the camera delivers.
        mode: "adaptive" follows the analysis schedule when behind; "newest_frame"
            analyses whichever frame is newest when the loop is free;
            "every_frame" analyses every frame (a video played frame for frame,
            which waits for the loop).
        captured: frames the camera delivered so far (the slot's count), read at
            the start and end of each set; None: count the frames offered.

    Attributes:
        offered: frames offered to the analysis during the current set (the
            camera's frames less those replaced by a newer one meanwhile).
        analysed: of those, frames analysed.
    """

    spec: ExerciseSpec
    camera_fps: float
    mode: LiveSchedule = "adaptive"
    captured: Callable[[], int] | None = None
    offered: int = 0
    analysed: int = 0
    _schedule: AnalysisSchedule | None = None
    _cost_s: float = 0.0
    _captured_before: int = 0
    _first_ms: float = math.nan
    _last_ms: float = math.nan

    def new_set(self, engine: Engine) -> None:
        """Start counting a new set, whose decisions `engine` makes."""
        self._schedule = AnalysisSchedule(self.spec, engine.decision_limits,
                                          outside=engine.checks_outside)
        self.offered = self.analysed = 0
        self._first_ms = self._last_ms = math.nan
        self._captured_before = self.captured() if self.captured is not None else 0

    @property
    def behind(self) -> bool:
        """Whether analysing a frame takes longer than the camera's frame interval."""
        return self._cost_s * self.camera_fps > 1.0

    def wants(self, t_ms: float) -> bool:
        """Whether to analyse the frame at `t_ms` (camera time, ms)."""
        self.offered += 1
        schedule = self._schedule
        if self.mode != "adaptive" or not self.behind or schedule is None:
            return True
        affordable_hz = HEADROOM / self._cost_s
        rules_hz = base_rate_hz(self.spec)
        schedule.base_interval_ms = 1000.0 / max(min(affordable_hz, self.camera_fps), rules_hz)
        return schedule.wants(t_ms)

    def took(self, seconds: float) -> None:
        """Take in how long one analysed frame took, from taking it to showing its result."""
        self.analysed += 1
        self._cost_s = seconds if self.analysed == 1 else (
            (1.0 - COST_SMOOTHING) * self._cost_s + COST_SMOOTHING * seconds)

    def observe(self, update: FrameUpdate, pose: PoseFrame) -> None:
        """Take in an analysed frame's landmarks and result."""
        if self._schedule is not None:
            self._schedule.observe(update, pose)
        if math.isnan(self._first_ms):
            self._first_ms = update.timestamp_ms
        self._last_ms = update.timestamp_ms

    def info(self) -> AnalysisInfo:
        """What the report of the set records of the frames analysed."""
        return AnalysisInfo(
            schedule=self.mode,
            base_rate_hz=round(base_rate_hz(self.spec), 2) if self.mode == "adaptive" else None,
            frames_decoded=self.offered if self.captured is None else
            self.captured() - self._captured_before,
            frames_analysed=self.analysed,
            analysed_rate_hz=AnalysisInfo.rate_hz(self.analysed, self._first_ms, self._last_ms))
