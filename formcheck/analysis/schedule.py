"""Which frames the pose model must see: an analysis schedule chosen from the rules.

Counting and form checks need a pose a few times within their shortest span (a
rep phase, a check's duration), not on every frame of a 30 or 60 fps video. The
schedule analyses at a base rate taken from the exercise's own rules and at every
frame while a decision is close:

- a value is near a threshold or limit it is compared with (the driver near
  ``rest`` or ``far``, a hold metric near ``enter`` or ``exit``, a checked metric
  near its ``min``, ``max`` or target), within a margin of what the pose resolves;
- or the motion is fast enough to reach one before the next base-rate sample;
- or a fault is in progress (so its end is timed to the frame).

Times are real video times (ms); nothing here shifts them.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

from formcheck.analysis.results import FrameUpdate
from formcheck.spec.language import ExerciseSpec

SAMPLES_PER_SPAN = 2
"""Poses wanted within the shortest span the rules time (a phase, a check's duration):
two, so no span passes unseen; its start and end are timed at every frame anyway,
because a span starts and ends at a limit."""
MIN_RATE_HZ = 5.0
"""The base rate never drops below this: the pose tracker follows the body from sample to sample."""
LOOKAHEAD_INTERVALS = 1.0
"""A value moving fast enough to reach a limit before the next base-rate sample (this many
base intervals) is 'near' it; the speed is measured over a base interval, so jitter
between neighbouring frames is not taken for motion."""
RESOLUTION_DEGREES = 2.0  # about twice the smoothed frame-to-frame jitter of an angle
RESOLUTION_LENGTH = 0.03
"""Margins around a limit within which every frame is analysed (degrees for angles;
torso lengths or other length ratios for distances): a few times the frame-to-frame
jitter of the landmarks, so that a crossing is timed to the frame."""


def shortest_span_s(spec: ExerciseSpec) -> float:
    """The shortest movement or fault the exercise's rules time, s.

    That is the shortest plausible rep, the shortest hold, and each check's
    duration. The dwell times at a threshold (``min_far_s``, ``min_rest_s``) and the
    gap bridged in a hold are not counted: they are timed while the value is at the
    threshold, where every frame is analysed anyway.
    """
    spans: list[float] = []
    if spec.rep is not None:
        spans.append(spec.rep.min_rep_s)
    if spec.hold is not None:
        spans.append(spec.hold.min_s)
    for c in spec.constraints:
        spans += [getattr(c, name) for name in ("for_s", "min_s", "min_rep_s")
                  if getattr(c, name, None) is not None]
    positive = [s for s in spans if s > 0]
    return min(positive) if positive else 1.0


def base_rate_hz(spec: ExerciseSpec) -> float:
    """Analysed poses per second away from any decision: `SAMPLES_PER_SPAN` per shortest span."""
    return max(MIN_RATE_HZ, SAMPLES_PER_SPAN / shortest_span_s(spec))


@dataclass(frozen=True)
class _Watched:
    """One value label of `FrameUpdate.values` and the limits it is compared with."""

    label: str
    limits: tuple[float, ...]
    margin: float


def _watched(spec: ExerciseSpec) -> list[_Watched]:
    per_metric: dict[str, set[float]] = {}

    def add(metric: str, limits: dict[str, float]) -> None:
        per_metric.setdefault(metric, set()).update(limits.values())

    if spec.rep is not None:
        add(spec.rep.driver, spec.rep.limits())
    if spec.hold is not None:
        add(spec.hold.metric, spec.hold.limits())
    for c in spec.constraints:
        metric = getattr(c, "metric", None)
        if metric is not None:
            add(metric, c.limits())
    watched = []
    for name, limits in per_metric.items():
        metric = spec.metrics[name]
        labels = ((f"{name}.left", f"{name}.right") if metric.side_mode == "each" else (name,))
        angle = metric.kind in ("angle", "bend", "inclination", "elevation")
        margin = RESOLUTION_DEGREES if angle else RESOLUTION_LENGTH
        watched += [_Watched(label, tuple(sorted(limits)), margin) for label in labels]
    return watched


@dataclass
class AnalysisSchedule:
    """Decides, frame by frame, whether the pose model runs on the next frame.

    Feed it every analysed frame's update (`observe`); ask `wants(t_ms)` for each
    decoded frame. Frames it does not want are decoded but not analysed.

    Attributes:
        spec: the exercise.
        base_interval_ms: time between analysed frames away from any decision, ms.
        analysed: frames analysed so far.
        dense: of those, frames analysed at every-frame rate because a decision was near.
    """

    spec: ExerciseSpec
    base_interval_ms: float = 0.0
    analysed: int = 0
    dense: int = 0
    _watched: list[_Watched] = field(default_factory=list)
    _history: dict[str, deque[tuple[float, float]]] = field(default_factory=dict)
    _next_ms: float = -math.inf
    _dense_now: bool = True

    def __post_init__(self) -> None:
        if self.base_interval_ms <= 0:
            self.base_interval_ms = 1000.0 / base_rate_hz(self.spec)
        self._watched = _watched(self.spec)

    @property
    def base_rate_hz(self) -> float:
        """Analysed frames per second away from decisions."""
        return 1000.0 / self.base_interval_ms

    def wants(self, t_ms: float) -> bool:
        """Whether the frame at `t_ms` (real video time, ms) should be analysed."""
        return self._dense_now or t_ms >= self._next_ms

    def observe(self, update: FrameUpdate) -> None:
        """Take in an analysed frame's result and plan the next analysed frame."""
        self.analysed += 1
        t = update.timestamp_ms
        near = update.active_cue is not None
        for w in self._watched:
            value = update.values.get(w.label, math.nan)
            if math.isnan(value):
                continue
            reach = w.margin + self._speed(w.label, t, value) * (
                LOOKAHEAD_INTERVALS * self.base_interval_ms)
            near |= any(abs(value - limit) <= reach for limit in w.limits)
        self._dense_now = near
        self.dense += near
        self._next_ms = t + self.base_interval_ms

    def _speed(self, label: str, t: float, value: float) -> float:
        """How fast `label` moves, unit/ms, over about one base interval up to `t`.

        Measured over a base interval rather than from frame to frame, so that
        landmark jitter between neighbouring frames is not taken for motion.
        """
        history = self._history.setdefault(label, deque())
        history.append((t, value))
        while len(history) > 2 and t - history[1][0] >= self.base_interval_ms:
            history.popleft()
        t0, v0 = history[0]
        return abs(value - v0) / (t - t0) if t > t0 else 0.0
