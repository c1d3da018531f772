"""Form checks: one evaluator per constraint kind, chosen through a registry.

Evaluators see each frame (range checks), each finished rep (range-of-motion and
tempo checks) and each finished hold (hold-time checks), and raise `Flag`s. A
check only judges what it can see: outside its views, or while its metric's
confidence is below the exercise's floor, it records unmeasured time instead.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from formcheck.analysis.results import Attempt, Flag, Hold
from formcheck.spec.language import (
    Constraint,
    FullRangeConstraint,
    HoldDurationConstraint,
    RangeConstraint,
    RepExtremeConstraint,
    RepHoldConstraint,
    RepSpec,
    TempoConstraint,
)

_BRIDGED_MS = 250.0  # longest gap in a check's metric that does not restart its for_s timer


@dataclass
class FrameContext:
    """What a check may know about the current frame.

    Attributes:
        t_ms: frame time, ms.
        phases: active phases ("always", "rep", "far", "rest", "hold").
        view: current view ("front", "side", "oblique") or None if unknown.
        value_of: metric name -> (value, confidence) for the side that matters now.
        side: side of the rep in progress, if any.
        attempt: id of the rep attempt in progress, if any.
        hold: id of the hold in progress, if any.
        floor: confidence floor of the exercise (0..1).
        hold_side: side held in the hold in progress ("left", "right", "both"), if any.
        value_on: (metric name, "left" or "right") -> (value, confidence) on that side.
    """

    t_ms: float
    phases: frozenset[str]
    view: str | None
    value_of: Callable[[str], tuple[float, float]]
    side: str | None
    attempt: int | None
    hold: int | None
    floor: float
    hold_side: str | None = None
    value_on: Callable[[str, str], tuple[float, float]] | None = None

    @property
    def other_side(self) -> str | None:
        """The side opposite the one working now (rep, else hold); None when both work."""
        working = self.side or self.hold_side
        return {"left": "right", "right": "left"}.get(working or "")


@dataclass(frozen=True)
class _Judged:
    """One frame as a range check saw it: whether the check's phase and view applied,
    the metric's value (its unit) and confidence, and the rep, side and hold under way."""

    t_ms: float
    in_phase: bool
    in_view: bool
    value: float
    conf: float
    side: str | None
    attempt: int | None
    hold: int | None
    floor: float


@dataclass
class ConstraintEvaluator:
    """Base evaluator: holds the constraint and how long it could and could not be judged."""

    constraint: Constraint
    views: tuple[str, ...]
    checked_ms: float = 0.0
    unmeasured_ms: float = 0.0
    _last_t_ms: float = math.nan
    active: Flag | None = field(default=None, init=False)

    def _flag(
        self, ctx_t: float, side: str | None, attempt: int | None, hold: int | None,
        worst: float | None, limit: float | None, confidence: float, end_ms: float = math.nan,
    ) -> Flag:
        c = self.constraint
        return Flag(
            constraint_id=c.id, severity=c.severity, description=c.description, cue=c.cue,
            start_ms=ctx_t, end_ms=end_ms, side=side, attempt=attempt, hold=hold,
            metric=getattr(c, "metric", None), worst=worst, limit=limit, confidence=confidence,
        )

    @property
    def outside(self) -> bool:
        """Whether the metric judged frame by frame is outside the check's limits now."""
        return False

    def on_frame(self, ctx: FrameContext) -> Flag | None:
        """Judge one frame; returns a newly raised flag."""
        return None

    def on_rep(self, attempt: Attempt, extremes: dict[str, tuple[float, float]],
               view: str | None) -> Flag | None:
        """Judge a counted rep; `extremes` maps metric -> (min, max) over the rep."""
        return None

    def on_hold(self, hold: Hold, index: int) -> Flag | None:
        """Judge a finished hold."""
        return None

    def close(self, t_ms: float) -> None:
        """End any fault still open at `t_ms`."""
        if self.active is not None:
            self.active.end_ms = t_ms
            self.active = None


@dataclass
class RangeEvaluator(ConstraintEvaluator):
    """Flags a metric outside [min, max] for longer than `for_s` during a phase.

    A stretch outside the bounds survives a gap in the metric of up to
    `_BRIDGED_MS` (a frame or two without landmarks): the `for_s` timer keeps
    running across it instead of starting again.

    With `replayable`, every frame judged is kept, so that the whole set can be
    judged again once it is over (`rejudge`): for a metric measured from a
    reference that the rest of the set revised.
    """

    replayable: bool = False

    _outside_since: float = field(default=math.nan, init=False)
    _unseen_since: float = field(default=math.nan, init=False)
    _worst: float = field(default=math.nan, init=False)
    _conf: float = field(default=0.0, init=False)
    _frames: list[_Judged] = field(default_factory=list, init=False)

    @property
    def outside(self) -> bool:
        """Whether the metric is outside the bounds now (from the last frame judged),
        whether or not it has been for `for_s` yet."""
        return not math.isnan(self._outside_since)

    def _excess(self, value: float) -> float:
        c: RangeConstraint = self.constraint  # type: ignore[assignment]
        if c.min is not None and value < c.min:
            return c.min - value
        if c.max is not None and value > c.max:
            return value - c.max
        return 0.0

    def on_frame(self, ctx: FrameContext) -> Flag | None:
        c: RangeConstraint = self.constraint  # type: ignore[assignment]
        value, conf = math.nan, 0.0
        in_phase = c.during in ctx.phases
        if in_phase and c.on_side == "other":
            in_phase = ctx.other_side is not None and ctx.value_on is not None
            if in_phase:
                value, conf = ctx.value_on(c.metric, ctx.other_side)  # type: ignore[misc,arg-type]
        elif in_phase:
            value, conf = ctx.value_of(c.metric)
        frame = _Judged(ctx.t_ms, in_phase, ctx.view in self.views, value, conf, ctx.side,
                        ctx.attempt, ctx.hold, ctx.floor)
        if self.replayable:
            self._frames.append(frame)
        return self._judge(frame)

    def rejudge(self, values: Mapping[float, float], end_ms: float) -> list[Flag]:
        """Judge every frame seen again, with the metric's value on each frame taken
        from `values` (frame time, ms -> value; frames not in it keep theirs), and
        close what is open at `end_ms`. Needs `replayable`.

        Returns:
            The flags raised, replacing the ones raised as the frames came.
        """
        frames, raised = self._frames, []
        self.checked_ms = self.unmeasured_ms = 0.0
        self._last_t_ms = self._outside_since = self._unseen_since = math.nan
        self.active = None
        for frame in frames:
            if frame.in_phase and frame.t_ms in values:
                frame = replace(frame, value=values[frame.t_ms])
            flag = self._judge(frame)
            if flag is not None:
                raised.append(flag)
        self.close(end_ms)
        return raised

    def _judge(self, frame: _Judged) -> Flag | None:
        c: RangeConstraint = self.constraint  # type: ignore[assignment]
        dt = 0.0 if math.isnan(self._last_t_ms) else frame.t_ms - self._last_t_ms
        self._last_t_ms = frame.t_ms
        if not frame.in_phase:
            self._reset(frame.t_ms)
            return None
        value, conf = frame.value, frame.conf
        if not frame.in_view:
            self.unmeasured_ms += dt
            self._reset(frame.t_ms)
            return None
        if math.isnan(value) or conf < frame.floor:
            self.unmeasured_ms += dt
            if math.isnan(self._unseen_since):
                self._unseen_since = frame.t_ms
            if frame.t_ms - self._unseen_since > _BRIDGED_MS:
                self._reset(frame.t_ms)
            return None
        self._unseen_since = math.nan
        self.checked_ms += dt
        excess = self._excess(value)
        if excess <= 0:
            self._reset(frame.t_ms)
            return None
        if math.isnan(self._outside_since):
            self._outside_since, self._worst, self._conf = frame.t_ms, value, conf
        elif self._excess(value) > self._excess(self._worst):
            self._worst = value
        self._conf = min(self._conf, conf)
        if self.active is not None:
            self.active.worst = self._worst
            self.active.confidence = self._conf
            return None
        if frame.t_ms - self._outside_since >= c.for_s * 1000.0:
            limit = c.min if c.min is not None and value < c.min else c.max
            self.active = self._flag(self._outside_since, frame.side, frame.attempt, frame.hold,
                                     self._worst, limit, self._conf)
            return self.active
        return None

    def _reset(self, t_ms: float) -> None:
        self._outside_since = math.nan
        self.close(t_ms)


@dataclass
class RepExtremeEvaluator(ConstraintEvaluator):
    """Flags a counted rep whose extreme never reached the target (partial range).

    With the check's `for_s`, the rep's extreme is the furthest value the metric
    stayed past for `for_s` seconds (judged frames from one to another at least that
    far apart, all past it), so a one-frame glitch does not reach the target.
    """

    _attempt: int | None = field(default=None, init=False)
    _recent: list[tuple[float, float]] = field(default_factory=list, init=False)
    _held: float = field(default=math.nan, init=False)

    def on_frame(self, ctx: FrameContext) -> Flag | None:
        c: RepExtremeConstraint = self.constraint  # type: ignore[assignment]
        if not c.for_s or ctx.attempt is None:
            return None
        if ctx.attempt != self._attempt:
            self._attempt, self._recent, self._held = ctx.attempt, [], math.nan
        value, _ = ctx.value_of(c.metric)
        if math.isnan(value):
            return None
        self._recent.append((ctx.t_ms, value))
        since = ctx.t_ms - c.for_s * 1000.0
        while len(self._recent) > 1 and self._recent[1][0] <= since:
            self._recent.pop(0)
        if self._recent[0][0] <= since:
            # The least extreme value of the window is held all through it; the rep's
            # held extreme is the most extreme of those.
            values = [v for _, v in self._recent]
            low_is_far = c.reach_below is not None
            held = max(values) if low_is_far else min(values)
            if math.isnan(self._held):
                self._held = held
            else:
                self._held = min(self._held, held) if low_is_far else max(self._held, held)
        return None

    def on_rep(self, attempt: Attempt, extremes: dict[str, tuple[float, float]],
               view: str | None) -> Flag | None:
        c: RepExtremeConstraint = self.constraint  # type: ignore[assignment]
        low, high = extremes.get(c.metric, (math.nan, math.nan))
        if view not in self.views or math.isnan(low):
            self.unmeasured_ms += attempt.end_ms - attempt.start_ms
            return None
        self.checked_ms += attempt.end_ms - attempt.start_ms
        if c.for_s and attempt.id == self._attempt and not math.isnan(self._held):
            low = high = self._held
        if c.reach_below is not None and low > c.reach_below:
            worst, limit = low, c.reach_below
        elif c.reach_above is not None and high < c.reach_above:
            worst, limit = high, c.reach_above
        else:
            return None
        return self._flag(attempt.start_ms, attempt.side, attempt.id, None,
                          worst, limit, attempt.confidence, end_ms=attempt.end_ms)


@dataclass
class FullRangeEvaluator(ConstraintEvaluator):
    """Flags a counted rep short of the prescribed range at the check's end (partial range).

    The flag reads the rep driver: the value reached at that end against the
    prescribed line.
    """

    rep: RepSpec | None = None

    def on_rep(self, attempt: Attempt, extremes: dict[str, tuple[float, float]],
               view: str | None) -> Flag | None:
        c: FullRangeConstraint = self.constraint  # type: ignore[assignment]
        assert self.rep is not None
        if view not in self.views:
            self.unmeasured_ms += attempt.end_ms - attempt.start_ms
            return None
        self.checked_ms += attempt.end_ms - attempt.start_ms
        if c.end not in attempt.short_of:
            return None
        limit = self.rep.far if c.end == "far" else self.rep.rest
        # The rep's two ends are its start value and its extreme (swapped when the counter
        # counts from the far end): the one at this end is the one nearer its line.
        worst = min((attempt.extreme, attempt.start_value), key=lambda v: abs(v - limit))
        flag = self._flag(attempt.start_ms, attempt.side, attempt.id, None, worst, limit,
                          attempt.confidence, end_ms=attempt.end_ms)
        flag.metric = self.rep.driver
        return flag


@dataclass
class TempoEvaluator(ConstraintEvaluator):
    """Flags a counted rep done faster than `min_rep_s`."""

    def on_rep(self, attempt: Attempt, extremes: dict[str, tuple[float, float]],
               view: str | None) -> Flag | None:
        c: TempoConstraint = self.constraint  # type: ignore[assignment]
        duration_s = (attempt.end_ms - attempt.start_ms) / 1000.0
        self.checked_ms += attempt.end_ms - attempt.start_ms
        if duration_s >= c.min_rep_s:
            return None
        return self._flag(attempt.start_ms, attempt.side, attempt.id, None,
                          duration_s, c.min_rep_s, attempt.confidence, end_ms=attempt.end_ms)


@dataclass
class RepHoldEvaluator(ConstraintEvaluator):
    """Flags a counted rep whose time in the far position fell short of `min_s`."""

    def on_rep(self, attempt: Attempt, extremes: dict[str, tuple[float, float]],
               view: str | None) -> Flag | None:
        c: RepHoldConstraint = self.constraint  # type: ignore[assignment]
        self.checked_ms += attempt.end_ms - attempt.start_ms
        held_s = attempt.far_ms / 1000.0
        if held_s >= c.min_s:
            return None
        return self._flag(attempt.start_ms, attempt.side, attempt.id, None,
                          held_s, c.min_s, attempt.confidence, end_ms=attempt.end_ms)


@dataclass
class HoldDurationEvaluator(ConstraintEvaluator):
    """Flags a hold whose good-form time fell short of `min_s`."""

    def on_hold(self, hold: Hold, index: int) -> Flag | None:
        c: HoldDurationConstraint = self.constraint  # type: ignore[assignment]
        self.checked_ms += hold.end_ms - hold.start_ms
        if hold.good_form_s >= c.min_s:
            return None
        return self._flag(hold.start_ms, hold.side, None, index, hold.good_form_s, c.min_s,
                          hold.confidence, end_ms=hold.end_ms)


EVALUATORS: dict[str, type[ConstraintEvaluator]] = {
    "range": RangeEvaluator,
    "rep_extreme": RepExtremeEvaluator,
    "full_range": FullRangeEvaluator,
    "rep_hold": RepHoldEvaluator,
    "tempo": TempoEvaluator,
    "hold_duration": HoldDurationEvaluator,
}


def make_evaluator(constraint: Constraint, exercise_views: tuple[str, ...],
                   rep: RepSpec | None = None) -> ConstraintEvaluator:
    """The evaluator for `constraint`, in an exercise with `rep` (its [rep] section, if any).

    Raises:
        ValueError: no evaluator for the constraint's kind (lists the known kinds).
    """
    try:
        cls = EVALUATORS[constraint.kind]
    except KeyError:
        raise ValueError(
            f"no evaluator for constraint kind {constraint.kind!r}; known: {', '.join(EVALUATORS)}"
        ) from None
    views = tuple(constraint.views or exercise_views)
    if cls is FullRangeEvaluator:
        return FullRangeEvaluator(constraint=constraint, views=views, rep=rep)
    return cls(constraint=constraint, views=views)
