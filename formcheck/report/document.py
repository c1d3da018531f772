"""The JSON report of one checked set (a pydantic model, versioned).

Times are milliseconds from the start of the source; durations are seconds;
metric values are in the metric's unit (degrees, or torso lengths for distances).
A `None` count means "not measurable", never zero.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from formcheck.spec.adjust import AppliedAdjustment
from formcheck.spec.units import NOT_SEEN, Unit, format_value

REPORT_FORMAT = "formcheck-report"
REPORT_VERSION = 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceInfo(_Model):
    """Where the landmarks came from."""

    path: str
    kind: Literal["video", "track", "camera"]
    frames: int
    frames_with_person: int
    duration_s: float
    fps: float | None = None
    image_size: tuple[int, int] | None = None
    truncated: bool = False
    video: str | None = Field(
        None, description=("Absolute path of the source video when the report was made (for a "
                           "track: the video its landmarks were taken from, if known)."))
    track: str | None = Field(
        None, description=("Absolute path of the landmark track when the report was made: the "
                           "source itself, or the track saved with the check."))
    world_landmarks: bool = Field(
        True, description="The landmarks carry 3D (world) coordinates; False for 2D "
        "keypoints converted from another pose tool, checked in the picture.")


class MetricInfo(_Model):
    """How a person reads one metric's values: its short name and its unit."""

    label: str = Field(description="Short human name, e.g. 'knee angle'.")
    unit: Unit = Field(description="Unit of the values stored in this report.")
    signed: bool = Field(False, description="A value's sign carries meaning.")

    def format(self, value: float | None) -> str:
        """A value of this metric for a person (``"92°"``, ``"+8 % torso"``, "not seen")."""
        return format_value(value, self.unit, signed=self.signed)


class AnalysisInfo(_Model):
    """Which frames of a video the pose model ran on."""

    schedule: Literal["adaptive", "every_frame", "stride", "newest_frame"] = Field(
        description=("adaptive: at the rate the exercise's rules need, every frame near a "
                     "decision (live: only while analysis falls behind the camera); "
                     "every_frame; stride: the --stride / --max-fps asked for; newest_frame "
                     "(live): whichever frame was newest when analysis was free."))
    base_rate_hz: float | None = Field(
        description=("Analysed frames per second away from decisions (adaptive only; live: "
                     "the lowest it goes)."))
    frames_decoded: int
    frames_analysed: int
    analysed_rate_hz: float | None = Field(
        default=None, description=("Analysed frames per second held over the set (live: "
                                   "how often the camera's frames were analysed)."))

    @staticmethod
    def rate_hz(frames: int, first_ms: float, last_ms: float) -> float | None:
        """`frames` analysed from `first_ms` to `last_ms` (ms) as frames per second, rounded;
        None over no time."""
        span_ms = last_ms - first_ms
        return round((frames - 1) * 1000.0 / span_ms, 2) if span_ms > 0 else None


class ExerciseInfo(_Model):
    """Which rules produced the report."""

    id: str
    name: str
    spec_sha256: str
    views: list[str]
    observability: str
    driver: str | None = Field(None, description="The metric reps are counted on, if any.")
    metrics: dict[str, MetricInfo] = Field(
        default_factory=dict, description="Label and unit of every metric, by name."
    )

    def metric_label(self, name: str) -> str:
        """The short human name of metric `name` (its name in words if unknown)."""
        info = self.metrics.get(name)
        return info.label if info is not None else name.replace("_", " ")

    def format_metric(self, name: str, value: float | None) -> str:
        """A value of metric `name` for a person; a bare rounded number if it is unknown."""
        info = self.metrics.get(name)
        if info is None:
            return NOT_SEEN if value is None else f"{value:.0f}"
        return info.format(value)


class ViewInfo(_Model):
    """The camera view seen, against the views the exercise needs."""

    observed: str | None
    yaw_deg: float | None = Field(description="Median body yaw: 0 = square-on, 90 = side-on.")
    supported: list[str]
    ok: bool


class RepRecord(_Model):
    """One rep attempt: counted or, with the reason, not."""

    index: int
    side: str
    status: Literal["counted", "partial", "too_fast", "not_measurable", "unfinished"]
    start_ms: float
    end_ms: float
    extreme: float | None = Field(description="Driver value at the far point of the rep.")
    extreme_ms: float | None
    confidence: float
    reason: str = ""
    flags: list[int] = Field(default_factory=list, description="Indices into `flags`.")
    held_s: float | None = Field(None, description="Time spent in the far position, seconds.")
    short_of: list[Literal["far", "rest"]] = Field(
        default_factory=list,
        description="A counted rep short of the prescribed range: the ends ('far', the "
        "target; 'rest', the start) it only reached because the counter followed the "
        "person's own range (a partial-range rep).",
    )


class HoldRecord(_Model):
    """One static hold; `good_form_s` is the hold timer (time in position with good form)."""

    index: int
    side: str
    start_ms: float
    end_ms: float
    in_position_s: float
    good_form_s: float
    confidence: float
    ended_by_gap: bool
    flags: list[int] = Field(default_factory=list)


class FlagRecord(_Model):
    """One form fault."""

    index: int
    constraint: str
    severity: Literal["info", "warn", "error"]
    description: str
    cue: str
    start_ms: float
    end_ms: float
    side: str | None
    rep: int | None
    hold: int | None
    metric: str | None
    worst: float | None
    limit: float | None
    confidence: float


class GapRecord(_Model):
    """A stretch that could not be measured, and why."""

    start_ms: float
    end_ms: float
    reason: str


class CheckSummary(_Model):
    """How much of the set each check could judge."""

    constraint: str
    description: str
    observability: str
    checked_s: float
    unmeasured_s: float
    flags: int
    cue: str = Field("", description="The check's cue: its short name for a person.")
    views: list[str] = Field(default_factory=list,
                             description="Views the check is judged from (all the exercise's).")
    adjustment: AppliedAdjustment | None = Field(
        None, description="The therapist's own limit for this check and patient, if any.")
    needs_3d: bool = Field(False, description="The check reads a measure that needs depth "
                           "(3D landmarks), such as a sideways shift.")


class Timeline(_Model):
    """Smoothed metric values sampled about every 100 ms (NaN shown as null)."""

    t_ms: list[float]
    metrics: dict[str, list[float | None]]


class SpokenRecord(_Model):
    """One line said to the person during a live set."""

    t_s: float = Field(description="Source time, s (the clock of the reps' start_ms, in s).")
    text: str


class Report(_Model):
    """The result of checking one set."""

    format: Literal["formcheck-report"] = REPORT_FORMAT
    version: Literal[1] = REPORT_VERSION
    formcheck_version: str
    created_at: str
    source: SourceInfo
    model: str | None = Field(description="Pose model variant or file; None for replayed tracks.")
    exercise: ExerciseInfo
    options: dict[str, str | int | float | bool | None]
    view: ViewInfo
    measurable: bool
    not_measurable_reason: str | None
    rep_counts: dict[str, int] | None = Field(
        description=(
            "Counted reps per side ({} for a hold-only exercise); None when the set was not "
            "measurable."
        )
    )
    reps: list[RepRecord]
    holds: list[HoldRecord]
    flags: list[FlagRecord]
    gaps: list[GapRecord]
    checks: list[CheckSummary]
    timeline: Timeline
    analysis: AnalysisInfo | None = Field(
        default=None, description="Which frames were analysed (videos only; left out otherwise).")
    adjustments: list[AppliedAdjustment] = Field(
        default_factory=list,
        description="Checks the patient's therapist adjusted (own limit, or switched off), "
                    "as they were applied; left out when none.")
    spoken: list[SpokenRecord] | None = Field(
        default=None, description="Live sets only: every cue, praise and confirmation given to "
        "the person, in order (said aloud unless options.mute; left out otherwise).")

    @model_serializer(mode="wrap")
    def _leave_out_absent_fields(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data = handler(self)
        for absent in ("analysis", "spoken"):
            if data.get(absent, 0) is None:
                del data[absent]
        if data.get("adjustments") == []:
            del data["adjustments"]
        return data
