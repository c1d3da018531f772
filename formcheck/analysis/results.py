"""What the form-checking core produces: rep attempts, holds, flags, gaps and the analysis.

Times are in milliseconds since the start of the input; values are in the unit
of the metric they come from (degrees, torso lengths, ...).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from formcheck.analysis.constraints import ConstraintEvaluator
    from formcheck.spec.language import ExerciseSpec

class RepStatus(StrEnum):
    """How an attempt ended."""

    COUNTED = "counted"
    PARTIAL = "partial"
    TOO_FAST = "too_fast"
    NOT_MEASURABLE = "not_measurable"
    UNFINISHED = "unfinished"


@dataclass
class Attempt:
    """One excursion from rest, counted or not. Times in ms; values in the driver's unit.

    Attributes:
        start_value: the driver where the rep started (the person's own start
            position: the furthest toward rest before leaving it).
        short_of: the ends of the prescribed range a counted rep fell short of,
            "far" (the target, e.g. the curl to the shoulder) and/or "rest" (the
            start, e.g. the press lockout), when the counter followed the person's
            own range past the line the exercise file prescribes; empty for a
            full-range rep.
    """

    id: int
    side: str
    start_ms: float
    end_ms: float = math.nan
    extreme: float = math.nan
    extreme_ms: float = math.nan
    far_ms: float = 0.0
    status: RepStatus | None = None
    reason: str = ""
    confidence_sum: float = 0.0
    samples: int = 0
    start_value: float = math.nan
    short_of: tuple[str, ...] = ()

    @property
    def confidence(self) -> float:
        """Mean driver confidence (0..1) over the attempt's measured frames."""
        return self.confidence_sum / self.samples if self.samples else 0.0


@dataclass
class Hold:
    """One hold. Times in ms, durations in seconds.

    Attributes:
        in_position_s: time spent in position.
        good_form_s: the part of it with no form fault active: the hold timer.
        sides_s: time in position per side ("left"/"right"/"both" for sided metrics).
    """

    start_ms: float
    end_ms: float = math.nan
    in_position_s: float = 0.0
    good_form_s: float = 0.0
    sides_s: dict[str, float] = field(default_factory=dict)
    ended_by_gap: bool = False
    confidence_sum: float = 0.0
    samples: int = 0

    @property
    def side(self) -> str:
        """The side held longest ("left", "right", "both"), or "both" for unsided holds."""
        if not self.sides_s:
            return "both"
        return max(self.sides_s, key=self.sides_s.__getitem__)

    @property
    def confidence(self) -> float:
        """Mean confidence (0..1) of the hold metric over the hold."""
        return self.confidence_sum / self.samples if self.samples else 0.0


@dataclass
class Flag:
    """A form fault. Times in ms; `worst` and `limit` in the metric's unit.

    `end_ms` is NaN while the fault is still going on.
    """

    constraint_id: str
    severity: str
    description: str
    cue: str
    start_ms: float
    end_ms: float
    side: str | None
    attempt: int | None
    hold: int | None
    metric: str | None
    worst: float | None
    limit: float | None
    confidence: float


@dataclass
class Gap:
    """A stretch in which the exercise's main signal could not be measured. Times in ms."""

    start_ms: float
    end_ms: float
    reason: str


@dataclass
class FrameUpdate:
    """What happened on one frame, for live overlays and cues.

    Attributes:
        values: smoothed metric values by channel label ("knee_angle", or
            "hip_angle.left" for metrics kept per side), in the metric's unit.
        counts: counted reps per side ("left", "right" or "both").
        new_flags: faults raised on this frame.
        ended: rep attempts that ended on this frame.
        active_cue: the cue of the most severe fault going on, if any.
        hold_s: good-form seconds of the hold in progress (0 when not holding).
        guidance: why the exercise cannot be measured right now, if it cannot.
        view: the current view estimate.
        awaiting_start: channel labels measured from the person's start (baseline
            metrics) that are seen but whose reference is not known yet: their
            value is NaN until the person has been at rest in the start position.
    """

    frame_index: int
    timestamp_ms: float
    values: dict[str, float]
    counts: dict[str, int]
    new_flags: list[Flag]
    ended: list[Attempt]
    active_cue: str | None
    hold_s: float
    guidance: str | None
    view: str | None
    phase: str
    awaiting_start: tuple[str, ...] = ()


@dataclass
class Analysis:
    """Everything one set produced. Times in ms."""

    spec: ExerciseSpec
    frames: int
    first_ms: float
    last_ms: float
    frames_with_person: int
    attempts: list[Attempt]
    holds: list[Hold]
    flags: list[Flag]
    gaps: list[Gap]
    evaluators: list[ConstraintEvaluator]
    view: str | None
    yaw_deg: float
    not_measurable: str | None
    driver_range: float | None
    rep_sides: list[str] = field(default_factory=list)
    timeline_ms: list[float] = field(default_factory=list)
    timeline: dict[str, list[float]] = field(default_factory=dict)
