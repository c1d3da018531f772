"""Pydantic models of an exercise file (``exercises/*.toml``).

Everything is validated once, at load time: unknown fields, unknown body points,
metrics that do not exist, inconsistent thresholds. Field descriptions double as
documentation for physical therapists reading or adjusting a file.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from formcheck.spec.points import is_valid_point, uses_side
from formcheck.spec.units import Unit, format_value

View = Literal["front", "side", "oblique"]
VIEW_NAMES: dict[str, str] = {"front": "front", "side": "side", "oblique": "three-quarter"}
"""How each camera view is named for a person."""
SideMode = Literal["left", "right", "mean", "min", "max", "near", "each"]
MovementPhase = Literal["always", "rep", "far", "rest", "hold"]
Severity = Literal["info", "warn", "error"]
BaselineFrom = Literal["start", "rest", "rest_highest"]
Posture = Literal["standing", "seated", "quadruped", "supine", "prone", "plank", "any"]


class _Strict(BaseModel):
    """Base of every section: unknown fields are errors, and every number is finite."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class _MetricBase(_Strict):
    label: str = Field(
        "",
        description=(
            "A short human name shown beside every value of the metric (HUD, summary, "
            "report), e.g. 'knee angle'. Default: the metric's name in words."
        ),
    )
    unit: Unit | None = Field(
        None,
        description=(
            "The unit the metric's values come in: degrees, torso_lengths, ratio (a share "
            "of the `per` distance), metres or picture. It follows from the kind; writing "
            "it makes the file say so, and a unit the kind cannot give is an error."
        ),
    )
    description: str = Field("", description="What the number means, for a PT reading the file.")
    side_mode: SideMode = Field(
        "near",
        alias="side",
        description=(
            "Which body side: left, right, mean/min/max of both, near (the side better seen "
            "by the camera) or each (both sides kept apart, e.g. for alternating reps)."
        ),
    )
    space: Literal["world", "image"] = Field(
        "world",
        description="world: metric 3D landmarks (robust to camera angle); image: 2D picture.",
    )
    baseline: bool = Field(
        False,
        description="Report the change from the person's own start-of-set value instead.",
    )
    baseline_from: BaselineFrom = Field(
        "start",
        description=(
            "How the baseline is taken: start = over the first seconds at rest, then fixed; "
            "rest = refined after every stretch at rest (between reps) over all the time at "
            "rest so far, for a held posture whose jitter is as large as the fault, where one "
            "second of samples would leave the reference off by a fault's size; "
            "rest_highest = the highest of the medians of the single stretches at rest, for a "
            "fault that only lowers the metric and may be there at the first rests (a shrug "
            "at the lockout of a press); its range checks are judged again at the end of the "
            "set against the reference as it then stands."
        ),
    )
    steady_hz: float | None = Field(
        None,
        gt=0,
        description=(
            "For a posture held still whose jitter exceeds its signal frame by frame (e.g. a "
            "hip line with its far end hidden): smooth with a fixed low-pass of this cut-off, "
            "Hz, instead of the speed-following filter; it lags by about 1/(2 pi steady_hz) s."
        ),
    )

    def points(self) -> tuple[str, ...]:
        """The body-point names this metric reads."""
        raise NotImplementedError

    def natural_unit(self) -> Unit:
        """The unit this kind of metric computes its values in (angles: degrees)."""
        return "degrees"

    @property
    def signed(self) -> bool:
        """True when a positive value is written with its "+": a change from the start,
        a side of a line. A height or a bend that goes below zero shows its "-" anyway,
        and its label says which way is positive, so a "+" on it would be noise."""
        return self.baseline

    @model_validator(mode="after")
    def _unit_fits_kind(self) -> _MetricBase:
        natural = self.natural_unit()
        if self.unit is not None and self.unit != natural:
            raise ValueError(f"unit = {self.unit!r} does not fit this metric: its values are "
                             f"in {natural}")
        return self

    @model_validator(mode="after")
    def _baseline_from(self) -> _MetricBase:
        if self.baseline_from != "start" and not self.baseline:
            raise ValueError(f"baseline_from = {self.baseline_from!r} needs baseline = true")
        return self

    @property
    def is_sided(self) -> bool:
        """True when the metric's value depends on the body side."""
        return any(uses_side(p) for p in self.points())

    @model_validator(mode="after")
    def _known_points(self) -> _MetricBase:
        for point in self.points():
            if not is_valid_point(point):
                raise ValueError(f"unknown body point {point!r}")
        return self


class AngleMetric(_MetricBase):
    """Joint angle at the middle point, degrees (180 = straight)."""

    kind: Literal["angle"]
    at: tuple[str, str, str] = Field(description="Three points; the angle is at the middle one.")

    def points(self) -> tuple[str, ...]:
        return self.at


class BendMetric(_MetricBase):
    """Signed bend at the middle point, degrees: 0 with the three points in a line.

    Positive when the far segment turns toward the side of the first segment on
    which `toward` lies (e.g. hip -> shoulder -> ear toward the nose: the head
    craning forward), negative away from it. Unlike an angle near 180, a chain
    that is nearly straight is not folded back at straight.
    """

    kind: Literal["bend"]
    at: tuple[str, str, str] = Field(description="Three points; the bend is at the middle one.")
    toward: str = Field(description="A point on the side that counts as positive.")
    away_at_most: float | None = Field(
        None,
        ge=0,
        le=180,
        description=(
            "The furthest the joint can bend away from `toward`, degrees (a hip extends "
            "about 30 behind the trunk). On a picture without depth `toward` may lie on "
            "the wrong side of the line (a body facing the camera, the nose on the trunk's "
            "line), so there a bend further away than this is read as the same bend toward."
        ),
    )

    def points(self) -> tuple[str, ...]:
        return (*self.at, self.toward)


class InclinationMetric(_MetricBase):
    """Angle of a segment against vertical or horizontal, degrees (0..90)."""

    kind: Literal["inclination"]
    from_: str = Field(alias="from")
    to: str
    reference: Literal["vertical", "horizontal"]

    def points(self) -> tuple[str, ...]:
        return (self.from_, self.to)


class ElevationMetric(_MetricBase):
    """Signed angle of a segment above the horizontal, degrees (-90..90, + = rising)."""

    kind: Literal["elevation"]
    from_: str = Field(alias="from")
    to: str

    def points(self) -> tuple[str, ...]:
        return (self.from_, self.to)


class DistanceMetric(_MetricBase):
    """Distance between two points, in units of a reference length (body-size free).

    The reference is the torso (shoulder-mid to hip-mid) unless `per` names two
    points, e.g. the ankles for knee width against stance width; `per = []` keeps
    the raw unit (metres in world space, frame heights in image space).
    """

    kind: Literal["distance"]
    from_: str = Field(alias="from")
    to: str
    axis: Literal["any", "x", "y", "vertical_up"] = "any"
    per: tuple[str, str] | tuple[()] | None = Field(
        None, description="Two points whose distance is the unit (default: torso length)."
    )
    square_to: tuple[str, str] | None = Field(
        None,
        description=(
            "For a height (axis y or vertical_up) in 3D: two points on a line the body moves "
            "along, such as the hand-to-foot line of a plank; the vertical is taken square to "
            "it, so travel along the line, which a camera tilted up or down mixes into the "
            "vertical, is not read as height. Where the line runs steeper than 45 degrees "
            "(the person is not lying along it), and on frames without world landmarks, the "
            "plain vertical is used."
        ),
    )

    def points(self) -> tuple[str, ...]:
        return (self.from_, self.to, *(self.per or ()), *(self.square_to or ()))

    @model_validator(mode="after")
    def _square_to_a_height(self) -> DistanceMetric:
        if self.square_to is not None and (self.axis not in ("y", "vertical_up")
                                           or self.space != "world"):
            raise ValueError("square_to needs axis = 'y' or 'vertical_up' in world space")
        return self

    def natural_unit(self) -> Unit:
        if self.per is None:
            return "torso_lengths"
        if self.per:
            return "ratio"
        return "metres" if self.space == "world" else "picture"


class OffsetMetric(_MetricBase):
    """Signed distance of a point from the line through two others, in torso lengths.

    Positive when the point lies above the line (e.g. hips piked above the
    shoulder-ankle line), negative below (hips sagging).
    """

    kind: Literal["offset"]
    point: str
    line: tuple[str, str]

    def points(self) -> tuple[str, ...]:
        return (self.point, *self.line)

    def natural_unit(self) -> Unit:
        return "torso_lengths"

    @property
    def signed(self) -> bool:
        return True


class SidewaysMetric(_MetricBase):
    """Signed sideways distance of `point` from `anchor`, in torso lengths (3D only).

    Sideways is the horizontal direction square to the `along` line (e.g. the
    trunk, mid_hip to mid_shoulder), so turning the pelvis or tilting the trunk
    does not change it; it is positive on the `across[1]` side of `across[0]`
    (e.g. ``across = ["opposite_hip", "hip"]``: toward the metric's side).
    `point` and `anchor` may each list several points; their means are used
    (e.g. hips and shoulders over the supporting knee and hand), which averages
    out the noise of any one landmark.
    """

    kind: Literal["sideways"]
    point: tuple[str, ...] = Field(min_length=1, description="Point(s) whose mean moves.")
    anchor: tuple[str, ...] = Field(min_length=1, description="Point(s) whose mean stays put.")
    along: tuple[str, str] = Field(description="The body's long axis, from one point to another.")
    across: tuple[str, str] = Field(description="Two points whose order sets the positive side.")

    @field_validator("point", "anchor", mode="before")
    @classmethod
    def _one_or_more(cls, value: object) -> object:
        return (value,) if isinstance(value, str) else value

    def points(self) -> tuple[str, ...]:
        return (*self.point, *self.anchor, *self.along, *self.across)

    def natural_unit(self) -> Unit:
        return "torso_lengths"

    @property
    def signed(self) -> bool:
        return True

    @model_validator(mode="after")
    def _in_world(self) -> SidewaysMetric:
        if self.space != "world":
            raise ValueError("a 'sideways' metric needs space = 'world' (the picture has no depth)")
        return self


AnyMetric = (
    AngleMetric
    | BendMetric
    | InclinationMetric
    | ElevationMetric
    | DistanceMetric
    | OffsetMetric
    | SidewaysMetric
)
"""Every metric kind; a new kind is added here, and its range in `VALUE_RANGES`."""

Metric = Annotated[AnyMetric, Field(discriminator="kind")]


class ValueRange(NamedTuple):
    """The values a metric can take, in its unit; an end may be infinite."""

    low: float
    high: float
    unit: str

    def describe(self) -> str:
        """The range in words, e.g. "0 to 90 degrees" or "0 or more"."""
        unit = f" {self.unit}" if self.unit else ""
        if math.isinf(self.low):
            return f"{self.high:g} or less{unit}"
        if math.isinf(self.high):
            return f"{self.low:g} or more{unit}"
        return f"{self.low:g} to {self.high:g}{unit}"


VALUE_RANGES: dict[str, ValueRange] = {
    "angle": ValueRange(0.0, 180.0, "degrees"),  # geometry.joint_angle
    "bend": ValueRange(-180.0, 180.0, "degrees"),  # geometry.signed_bend
    "inclination": ValueRange(0.0, 90.0, "degrees"),  # geometry.inclination, folded
    "elevation": ValueRange(-90.0, 90.0, "degrees"),  # geometry.signed_elevation
    "distance": ValueRange(0.0, math.inf, ""),  # axis "any"; signed axes are unbounded
    "offset": ValueRange(-math.inf, math.inf, ""),
    "sideways": ValueRange(-math.inf, math.inf, ""),
}
"""What each metric kind can measure; a new kind is added here too."""


def value_range(metric: AnyMetric) -> ValueRange:
    """The values `metric` can take, as thresholds and limits on it are compared with.

    A distance along one axis (x, y, vertical_up) is signed; a baseline metric is a
    change, so it can run from the kind's low end minus its high end to the reverse.
    """
    low, high, unit = VALUE_RANGES[metric.kind]
    if isinstance(metric, DistanceMetric) and metric.axis != "any":
        low = -math.inf
    if metric.baseline:
        low, high = low - high, high - low
    return ValueRange(low, high, unit)


class RepSpec(_Strict):
    """Rep counting by hysteresis on one driver metric.

    A rep leaves the rest zone, reaches the far zone and comes back to rest. The
    direction follows from the thresholds: `far` below `rest` means the driver
    falls during a rep (a squat's knee angle).
    """

    driver: str = Field(description="Metric that moves through each rep.")
    rest: float = Field(description="Boundary of the rest (start) zone of the driver.")
    far: float = Field(description="Boundary of the far zone: a rep must reach past it.")
    min_far_s: float = Field(0.1, ge=0, description="Least time spent in the far zone, s.")
    min_rep_s: float = Field(0.3, ge=0, description="Shortest plausible rep, s.")
    min_rest_s: float = Field(
        0.15, ge=0, description="Time the driver must settle back in the rest zone to end a rep, s."
    )
    min_range: float = Field(
        0,
        ge=0,
        description=(
            "Smallest driver range over the set that the camera can resolve; a set that "
            "moves less is 'not measurable', not '0 reps'."
        ),
    )
    max_gap_s: float = Field(0.6, gt=0, description="Longest driver gap bridged inside a rep, s.")
    rest_adapts_to: float | None = Field(
        None,
        description=(
            "How far the rest line may move toward `far` to follow the person's own start "
            "position (e.g. elbows that never straighten past 120 degrees between curls). "
            "Default: the rest line stays at `rest`."
        ),
    )
    far_adapts_to: float | None = Field(
        None,
        description=(
            "How far the far line may move back toward `rest` to follow the person's own "
            "reach (e.g. a press whose hands stop just above the line). Default: it stays "
            "at `far`."
        ),
    )
    start_either_end: bool = Field(
        False,
        description=(
            "A set that settles in the far zone before it has settled at rest counts its "
            "reps from there: far, to rest, back to far (a deadlift that starts with the "
            "bar on the floor)."
        ),
    )
    start_far_s: float | None = Field(
        None,
        ge=0,
        description=(
            "With start_either_end: how long the driver must stay in the far zone, before "
            "it has settled at rest, for the set to count from there, s (a stay as long as "
            "a pause at the far end of a rep is not a start). Default: min_rest_s."
        ),
    )
    end_within: float = Field(
        0.2,
        gt=0,
        lt=1,
        description=(
            "A rep still on its way back when the recording ends counts only if the driver "
            "is back within this fraction of the rep's range from where it started; "
            "otherwise it is unfinished."
        ),
    )

    @model_validator(mode="after")
    def _distinct(self) -> RepSpec:
        if self.rest == self.far:
            raise ValueError("'rest' and 'far' must differ")
        if self.start_far_s is not None and not self.start_either_end:
            raise ValueError("start_far_s needs start_either_end = true")
        to_far = -1.0 if self.falls else 1.0  # sign of a step from rest toward far
        rest_line = self.rest_line_bound
        far_line = self.far_line_bound
        if to_far * (rest_line - self.rest) < 0 or to_far * (self.far - rest_line) <= 0:
            raise ValueError(
                f"rest_adapts_to = {rest_line:g} must lie from rest ({self.rest:g}) toward "
                f"far ({self.far:g}), short of far"
            )
        if to_far * (self.far - far_line) < 0 or to_far * (far_line - self.rest) <= 0:
            raise ValueError(
                f"far_adapts_to = {far_line:g} must lie from far ({self.far:g}) back toward "
                f"rest ({self.rest:g}), short of rest"
            )
        if to_far * (far_line - rest_line) <= 0:
            raise ValueError(
                f"rest_adapts_to = {rest_line:g} and far_adapts_to = {far_line:g} would let "
                "the rest and far lines meet: keep rest_adapts_to on the rest side of "
                "far_adapts_to"
            )
        return self

    def reversed(self) -> RepSpec:
        """The same counting rule with the two ends swapped (a rep from far to rest and back)."""
        return self.model_copy(update={
            "rest": self.far, "far": self.rest, "rest_adapts_to": self.far_adapts_to,
            "far_adapts_to": self.rest_adapts_to, "start_either_end": False,
            "start_far_s": None,
        })

    @property
    def far_start_s(self) -> float:
        """How long a set must stay in the far zone from its start to count from there, s
        (`start_far_s`, by default `min_rest_s`)."""
        return self.min_rest_s if self.start_far_s is None else self.start_far_s

    @property
    def adapts(self) -> bool:
        """True when a line may follow the person's own range."""
        return self.rest_adapts_to is not None or self.far_adapts_to is not None

    @property
    def rest_line_bound(self) -> float:
        """The furthest the rest line may move toward far (`rest` when it does not adapt)."""
        return self.rest if self.rest_adapts_to is None else self.rest_adapts_to

    @property
    def far_line_bound(self) -> float:
        """The furthest the far line may move back toward rest (`far` when it does not adapt)."""
        return self.far if self.far_adapts_to is None else self.far_adapts_to

    @property
    def falls(self) -> bool:
        """True when the driver decreases from rest to far."""
        return self.far < self.rest

    def limits(self) -> dict[str, float]:
        """The thresholds compared with the driver's values, by field name."""
        adapted = (("rest_adapts_to", self.rest_adapts_to), ("far_adapts_to", self.far_adapts_to))
        return {"rest": self.rest, "far": self.far} | {k: v for k, v in adapted if v is not None}


class HoldSpec(_Strict):
    """A static hold: time spent in position, the timer running only while form is right."""

    metric: str = Field(description="Metric that tells whether the person is in position.")
    enter: float = Field(description="In position once the metric passes this value.")
    exit: float = Field(description="Out of position once the metric falls back past this.")
    min_s: float = Field(1.0, ge=0, description="Shorter stays in position are not holds, s.")
    bridge_s: float = Field(
        0.5, ge=0, description="Gaps or brief exits shorter than this do not end a hold, s."
    )

    @property
    def falls(self) -> bool:
        """True when being in position means a low metric value."""
        return self.enter < self.exit

    def limits(self) -> dict[str, float]:
        """The thresholds compared with the metric's values, by field name."""
        return {"enter": self.enter, "exit": self.exit}


class _ConstraintBase(_Strict):
    id: str
    description: str = Field(description="What is checked, in words a PT would use.")
    cue: str = Field(description="What the user is told, about form only.")
    praise: str = Field(
        "", description="A few words for this check done right (e.g. 'back flat'): said as "
                        "'That's it, back flat' when the person corrects the fault, and used in "
                        "the end-of-session summary. Optional.")
    severity: Severity = "warn"
    views: tuple[View, ...] | None = Field(
        None, description="Views this check can be made from (default: the exercise's views)."
    )
    observability: str = Field("", description="What one camera cannot see about this check.")

    def limits(self) -> dict[str, float]:
        """The values compared with the check's metric, by field name (none for timings)."""
        return {}


class RangeConstraint(_ConstraintBase):
    """A metric must stay within bounds during a phase; flagged after `for_s` outside."""

    kind: Literal["range"]
    metric: str
    min: float | None = None
    max: float | None = None
    during: MovementPhase = "always"
    for_s: float = Field(0.3, ge=0, description="How long outside the bounds before a flag, s.")
    on_side: Literal["working", "other"] = Field(
        "working",
        description=(
            "working: the metric on the side of the rep or hold in progress; other: on the "
            "opposite side (e.g. the leg that should stay down while one knee is hugged), "
            "not judged while both sides work. 'other' needs a metric with side = 'each'."
        ),
    )

    @model_validator(mode="after")
    def _bounds(self) -> RangeConstraint:
        if self.min is None and self.max is None:
            raise ValueError("give 'min', 'max' or both")
        if self.min is not None and self.max is not None and self.min >= self.max:
            raise ValueError(f"'min' ({self.min}) must be below 'max' ({self.max})")
        return self

    def limits(self) -> dict[str, float]:
        return {k: v for k, v in (("min", self.min), ("max", self.max)) if v is not None}


class RepExtremeConstraint(_ConstraintBase):
    """At the end of each rep, the metric's extreme over the rep must reach a target."""

    kind: Literal["rep_extreme"]
    metric: str
    reach_below: float | None = None
    reach_above: float | None = None
    for_s: float = Field(
        0.0, ge=0, description="How long the metric must stay past the target for the rep to "
        "reach it, s; 0: a single frame is enough.")

    @model_validator(mode="after")
    def _one_target(self) -> RepExtremeConstraint:
        if (self.reach_below is None) == (self.reach_above is None):
            raise ValueError("give exactly one of 'reach_below' or 'reach_above'")
        return self

    def limits(self) -> dict[str, float]:
        targets = (("reach_below", self.reach_below), ("reach_above", self.reach_above))
        return {k: v for k, v in targets if v is not None}


class FullRangeConstraint(_ConstraintBase):
    """A counted rep covers the range the [rep] section prescribes at one end.

    Where the rep counter follows the person's own range (`rest_adapts_to`,
    `far_adapts_to`), a rep that only reached the moved line is still counted;
    this check flags it as a partial-range rep ("partial range: curl to the
    shoulder"), the value it reached against the prescribed `rest` or `far`.
    """

    kind: Literal["full_range"]
    end: Literal["far", "rest"] = Field(
        description="'far': the rep's target (e.g. the top of a curl); 'rest': its start "
        "(e.g. the press lockout, standing tall)."
    )


class HoldDurationConstraint(_ConstraintBase):
    """Each hold must last at least `min_s` seconds of good form."""

    kind: Literal["hold_duration"]
    min_s: float = Field(gt=0)


class RepHoldConstraint(_ConstraintBase):
    """Each counted rep must stay in the far position at least `min_s` seconds (e.g. bird dog)."""

    kind: Literal["rep_hold"]
    min_s: float = Field(gt=0)


class TempoConstraint(_ConstraintBase):
    """Each rep must take at least `min_rep_s` seconds (moving too fast)."""

    kind: Literal["tempo"]
    min_rep_s: float = Field(gt=0)


Constraint = Annotated[
    RangeConstraint
    | RepExtremeConstraint
    | FullRangeConstraint
    | RepHoldConstraint
    | HoldDurationConstraint
    | TempoConstraint,
    Field(discriminator="kind"),
]


class Prescription(_Strict):
    """What the programme asks for; live sessions follow it, reports measure adherence."""

    sets: int = Field(3, ge=1)
    reps: int = Field(10, ge=0)
    hold_s: float = Field(0, ge=0)
    sides: Literal["both", "alternate", "each", "none"] = "both"
    time_limit_s: float | None = Field(
        None,
        gt=0,
        description=(
            "For a timed test (e.g. the 30-second chair stand): the reps counted are those "
            "done within this many seconds of the start of the first, reported as reps in "
            "that time. Needs a [rep] section."
        ),
    )


class ExerciseSpec(_Strict):
    """One exercise: what to measure, how reps and holds are counted, what is checked."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    description: str = ""
    views: tuple[View, ...] = Field(min_length=1, description="Camera views the checks need.")
    observability: str = Field("", description="What one camera cannot see for this exercise.")
    start_posture: Posture = "any"
    prescription: Prescription = Prescription()
    confidence_floor: float = Field(
        0.4,
        ge=0,
        le=1,
        description="Below this landmark confidence the answer is 'not measurable'.",
    )
    baseline_s: float = Field(1.0, gt=0, description="Start-of-set window for baselines, s.")
    metrics: dict[str, Metric] = Field(min_length=1)
    rep: RepSpec | None = None
    hold: HoldSpec | None = None
    constraints: tuple[Constraint, ...] = ()

    @field_validator("metrics")
    @classmethod
    def _metric_names(cls, metrics: dict[str, Metric]) -> dict[str, Metric]:
        for name in metrics:
            if not name.isidentifier():
                raise ValueError(f"metric name {name!r} must be a plain identifier")
        return metrics

    @model_validator(mode="after")
    def _references(self) -> ExerciseSpec:
        if self.rep is None and self.hold is None:
            raise ValueError("an exercise needs a [rep] or a [hold] section (or both)")
        names = set(self.metrics)

        def known(field: str, name: str) -> None:
            if name not in names:
                raise ValueError(
                    f"{field} = {name!r} is not a metric of this exercise "
                    f"(metrics: {', '.join(sorted(names))})"
                )

        if self.rep is not None:
            known("rep.driver", self.rep.driver)
        elif self.prescription.time_limit_s is not None:
            raise ValueError("prescription.time_limit_s times reps: it needs a [rep] section")
        if self.hold is not None:
            known("hold.metric", self.hold.metric)
        seen: set[str] = set()
        for c in self.constraints:
            if c.id in seen:
                raise ValueError(f"constraint id {c.id!r} is used twice")
            seen.add(c.id)
            metric = getattr(c, "metric", None)
            if metric is not None:
                known(f"constraints[{c.id}].metric", metric)
            if c.views is not None and not set(c.views) <= set(self.views):
                raise ValueError(f"constraints[{c.id}].views {c.views} are not all in {self.views}")
            if getattr(c, "during", None) == "hold" and self.hold is None:
                raise ValueError(
                    f"constraints[{c.id}] applies during 'hold' but there is no [hold]"
                )
            if (isinstance(c, RangeConstraint) and c.on_side == "other"
                    and self.metrics[c.metric].side_mode != "each"):
                raise ValueError(
                    f"constraints[{c.id}] has on_side = 'other' but metric {c.metric!r} "
                    "is not kept per side (side = 'each')"
                )
            if c.kind in ("rep_extreme", "rep_hold", "tempo", "full_range") and self.rep is None:
                raise ValueError(f"constraints[{c.id}] of kind {c.kind!r} needs a [rep] section")
            if isinstance(c, FullRangeConstraint) and self.rep is not None and getattr(
                    self.rep, f"{c.end}_adapts_to") is None:
                raise ValueError(
                    f"constraints[{c.id}] checks the full range at the {c.end!r} end, but "
                    f"rep.{c.end}_adapts_to is not set, so the {c.end} line never moves and "
                    "the check could never flag"
                )
            if c.kind == "hold_duration" and self.hold is None:
                raise ValueError(f"constraints[{c.id}] of kind 'hold_duration' needs a [hold]")
        return self

    @model_validator(mode="after")
    def _limits_in_reach(self) -> ExerciseSpec:
        """Every threshold and limit lies where its metric can go (see `VALUE_RANGES`)."""
        sections: list[tuple[str, str, dict[str, float]]] = []
        if self.rep is not None:
            sections.append(("rep", self.rep.driver, self.rep.limits()))
        if self.hold is not None:
            sections.append(("hold", self.hold.metric, self.hold.limits()))
        sections += [(f"constraints[{c.id}]", getattr(c, "metric", ""), c.limits())
                     for c in self.constraints]
        for where, name, limits in sections:
            for field, value in limits.items():
                reach = value_range(self.metrics[name])
                if not reach.low <= value <= reach.high:
                    raise ValueError(f"{where}.{field} = {value:g} is out of reach: "
                                     f"{self._reach_words(name)}")
        if self.rep is not None:
            reach = value_range(self.metrics[self.rep.driver])
            if self.rep.min_range > reach.high - reach.low:
                raise ValueError(
                    f"rep.min_range = {self.rep.min_range:g} is out of reach: "
                    f"{self._reach_words(self.rep.driver)}, a range of {reach.high - reach.low:g}"
                )
        return self

    def _reach_words(self, name: str) -> str:
        metric = self.metrics[name]
        change = ", as a change from the start" if metric.baseline else ""
        reach = value_range(metric).describe()
        return f"metric {name!r} ({metric.kind}{change}) can only be {reach}"

    def metric_label(self, name: str) -> str:
        """The short human name of metric `name`: its `label`, else its name in words."""
        return self.metrics[name].label or name.replace("_", " ")

    def metric_unit(self, name: str) -> Unit:
        """The unit of metric `name`'s values."""
        return self.metrics[name].natural_unit()

    def format_metric(self, name: str, value: float | None) -> str:
        """A value of metric `name` as a person reads it (``"92°"``, ``"+8 % torso"``)."""
        metric = self.metrics[name]
        return format_value(value, metric.natural_unit(), signed=metric.signed)
