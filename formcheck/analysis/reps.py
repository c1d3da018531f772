"""Rep counting by hysteresis on one driver signal.

A rep is an excursion from the rest zone into the far zone and back to rest,
where the driver must settle for `min_rest_s` (a brief tracking glitch through
the rest zone neither ends a rep nor lets one start).
The two thresholds form a hysteresis band, so jitter at either threshold cannot
count twice. A counter starts in the 'unknown' state and counts nothing until it
has seen the rest zone, so a clip that opens mid-rep does not credit the opening
half-rep; an attempt that never reaches the far zone is reported as partial, and
one interrupted by a long gap in the signal as not measurable.

The person's own range: where the exercise file lets them (`rest_adapts_to`,
`far_adapts_to`), the lines follow the person. The rest line sits a quarter of the
person's range (the median span of their last counted reps; before the first, the
prescribed band |rest - far| or the least range a rep can have, whichever is wider)
inside their own start position (the furthest toward rest since the last rep), and the
far line a quarter of their range short of their usual reach (the median extreme of
their last counted reps; the bound itself before the first), each between the prescribed
line and its bound. A counted rep that only reached a moved line is marked short of the
prescribed range at that end (`Attempt.short_of`), for the checks to flag.

A set may open at the far end (`start_either_end`, a deadlift from the floor):
when the driver settles in the far zone (for `start_far_s`, by default `min_rest_s`)
before it has settled at rest, the counter
swaps the two ends and counts far -> rest -> far; `zone` still names the zones as
the exercise file does, and `short_of` the file's ends.

The end of a recording: a rep still on its way back counts only if the driver is
back within `end_within` of the rep's range from where it started; otherwise it
is unfinished. A timed test (`time_limit_s`) stops counting at the limit: no rep
starts after it, and one that had not reached the far zone by then is unfinished.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from formcheck.analysis.results import Attempt, RepStatus
from formcheck.spec.language import RepSpec


class CounterState(StrEnum):
    """Where the driver is relative to the rest and far zones."""

    UNKNOWN = "unknown"
    REST = "rest"
    OUT = "out"
    FAR = "far"


@dataclass
class RepCounter:
    """Counts reps of one side (or of the whole body) from driver samples.

    Args:
        spec: thresholds and timing rules.
        side: "left", "right" or "both"; recorded on each attempt.
        ids: source of attempt ids, shared by the counters of one set.
        time_limit_s: for a timed test, seconds from the start of the first rep
            after which no rep is counted (None: no limit).
    """

    spec: RepSpec
    side: str
    ids: Iterator[int]
    time_limit_s: float | None = None
    state: CounterState = CounterState.UNKNOWN
    current: Attempt | None = None
    count: int = 0
    _last_seen_ms: float = math.nan
    _last_t_ms: float = math.nan
    _last_value: float = math.nan
    _rest_since_ms: float = math.nan
    _top: float = math.nan  # furthest toward rest since the last rep ended
    _rest_line: float = math.nan  # the rest line of the rep in progress
    _reaches: list[float] = field(default_factory=list)  # extremes of the counted reps
    _spans: list[float] = field(default_factory=list)  # their spans from start to extreme
    _clock_start_ms: float = math.nan  # start of the first rep (timed tests)
    _far_since_ms: float = math.nan  # settling in the far zone before the first rest
    reversed: bool = False  # counting from the far end (see start_either_end)

    _REACHES_KEPT = 5  # counted reps whose extremes set the far line
    _BAND_SHARE = 0.25  # a moved line sits this share of |rest - far| inside the person's own

    @property
    def zone(self) -> CounterState:
        """Where the driver is, named as the exercise file names the ends."""
        if not self.reversed:
            return self.state
        return {CounterState.REST: CounterState.FAR,
                CounterState.FAR: CounterState.REST}.get(self.state, self.state)

    def _beyond(self, value: float, threshold: float) -> bool:
        return value < threshold if self.spec.falls else value > threshold

    def _toward_far(self, value: float, amount: float) -> float:
        return value - amount if self.spec.falls else value + amount

    @staticmethod
    def _between(value: float, a: float, b: float) -> float:
        low, high = min(a, b), max(a, b)
        return min(high, max(low, value))

    def _margin(self) -> float:
        """A quarter of the person's own range (their last counted reps' median span from
        start to extreme); before their first rep, of the least range a rep can have
        (the prescribed band, or `min_range` when that is wider: no rep spans less)."""
        if not self._spans:
            least = max(abs(self.spec.rest - self.spec.far), self.spec.min_range or 0.0)
            return self._BAND_SHARE * least
        return self._BAND_SHARE * statistics.median(self._spans)

    def rest_line(self) -> float:
        """The rest line now: the prescribed `rest`, or where the person's own start moved it."""
        if not math.isnan(self._rest_line):
            return self._rest_line
        spec = self.spec
        if spec.rest_adapts_to is None or math.isnan(self._top):
            return spec.rest
        own = self._toward_far(self._top, self._margin())
        return self._between(own, spec.rest, spec.rest_adapts_to)

    def far_line(self) -> float:
        """The far line now: the prescribed `far`, or where the person's own reach moved it."""
        spec = self.spec
        if spec.far_adapts_to is None:
            return spec.far
        if not self._reaches:
            return spec.far_adapts_to
        own = self._toward_far(statistics.median(self._reaches), -self._margin())
        return self._between(own, spec.far, spec.far_adapts_to)

    def _is_extreme(self, value: float, best: float) -> bool:
        return math.isnan(best) or self._beyond(value, best)

    def _close(self, t_ms: float, status: RepStatus, reason: str = "") -> Attempt:
        attempt = self.current
        assert attempt is not None
        attempt.end_ms = t_ms
        attempt.status = status
        attempt.reason = reason
        if status is RepStatus.COUNTED:
            self.count += 1
        self._forget_attempt()
        return attempt

    def step(self, t_ms: float, value: float, confidence: float) -> Attempt | None:
        """Feed one sample (time in ms, driver value, confidence 0..1; NaN = not seen).

        Returns:
            The attempt that ended on this sample, if any.
        """
        dt = 0.0 if math.isnan(self._last_t_ms) else t_ms - self._last_t_ms
        self._last_t_ms = t_ms
        if self._past_time_limit(t_ms) and (self.current is None
                                             or self.state is not CounterState.FAR):
            return self._stop_at_time_limit(t_ms)
        if math.isnan(value):
            unseen_ms = math.inf if math.isnan(self._last_seen_ms) else t_ms - self._last_seen_ms
            if unseen_ms > self.spec.max_gap_s * 1000.0:
                self.state = CounterState.UNKNOWN
                if self.current is not None:
                    return self._close(
                        self._last_seen_ms, RepStatus.NOT_MEASURABLE, "driver not seen"
                    )
            return None
        first_sample = math.isnan(self._last_seen_ms)
        self._last_seen_ms = t_ms
        self._last_value = value
        if self.current is None and (math.isnan(self._top) or not self._beyond(value, self._top)):
            self._top = value
        in_rest = not self._beyond(value, self.rest_line())
        in_far = self._beyond(value, self.far_line())
        if not in_rest:
            self._rest_since_ms = math.nan
        elif math.isnan(self._rest_since_ms):
            self._rest_since_ms = t_ms
        settled = in_rest and t_ms - self._rest_since_ms >= self.spec.min_rest_s * 1000.0
        if self.current is not None:
            self.current.confidence_sum += confidence
            self.current.samples += 1
            if self._is_extreme(value, self.current.extreme):
                self.current.extreme, self.current.extreme_ms = value, t_ms
        if self.state is CounterState.UNKNOWN:
            # The very first sample may open the set in the rest zone: a clip that
            # starts just as the person moves off still shows the whole rep.
            if settled or (first_sample and in_rest):
                self.state = CounterState.REST
            elif self.spec.start_either_end:
                self._settle_at_the_far_end(t_ms, in_far)
            return None
        if self.state is CounterState.REST:
            if not in_rest:
                self.state = CounterState.FAR if in_far else CounterState.OUT
                self._rest_line = self.rest_line()
                self.current = Attempt(
                    next(self.ids), self.side, start_ms=t_ms, extreme=value, extreme_ms=t_ms,
                    confidence_sum=confidence, samples=1, start_value=self._top,
                )
                if math.isnan(self._clock_start_ms):
                    self._clock_start_ms = t_ms
            return None
        assert self.current is not None
        if in_far:
            self.state = CounterState.FAR
            self.current.far_ms += dt
            return None
        return self._back_at_rest() if settled else None

    def _back_at_rest(self) -> Attempt | None:
        """The driver has settled in the rest zone: end the attempt that began at rest."""
        assert self.current is not None
        end_ms = self._rest_since_ms
        reached_far = self.state is CounterState.FAR
        self.state = CounterState.REST
        if not reached_far:
            midway = (self.rest_line() + self.far_line()) / 2.0
            if self._beyond(self.current.extreme, midway):
                return self._close(end_ms, RepStatus.PARTIAL, "did not reach the full range")
            self._forget_attempt()
            return None
        duration_s = (end_ms - self.current.start_ms) / 1000.0
        if duration_s < self.spec.min_rep_s or self.current.far_ms < self.spec.min_far_s * 1000:
            return self._close(end_ms, RepStatus.TOO_FAST, "too brief to be a controlled rep")
        self.current.short_of = self._short_of(self.current)
        self._reaches = [*self._reaches, self.current.extreme][-self._REACHES_KEPT:]
        span = abs(self.current.start_value - self.current.extreme)
        self._spans = [*self._spans, span][-self._REACHES_KEPT:]
        return self._close(end_ms, RepStatus.COUNTED)

    def _settle_at_the_far_end(self, t_ms: float, in_far: bool) -> None:
        """Before any rest: a set that settles in the far zone first starts from there."""
        if not in_far:
            self._far_since_ms = math.nan
            return
        if math.isnan(self._far_since_ms):
            self._far_since_ms = t_ms
        if t_ms - self._far_since_ms >= self.spec.far_start_s * 1000.0:
            self.spec = self.spec.reversed()
            self.reversed = True
            self.state = CounterState.REST
            self._top = math.nan

    def _short_of(self, attempt: Attempt) -> tuple[str, ...]:
        """The ends of the prescribed range a rep that reached the counter's lines fell short of."""
        short = []
        if self._beyond(attempt.start_value, self.spec.rest):
            short.append("rest")
        if not self._beyond(attempt.extreme, self.spec.far):
            short.append("far")
        if self.reversed:
            return tuple({"rest": "far", "far": "rest"}[end] for end in reversed(short))
        return tuple(short)

    def _forget_attempt(self) -> None:
        self.current = None
        self._rest_line = math.nan
        self._top = math.nan

    def _past_time_limit(self, t_ms: float) -> bool:
        return (self.time_limit_s is not None and not math.isnan(self._clock_start_ms)
                and t_ms - self._clock_start_ms > self.time_limit_s * 1000.0)

    def _stop_at_time_limit(self, t_ms: float) -> Attempt | None:
        """Past a timed test's limit: a rep not yet at the far zone ends unfinished."""
        if self.current is not None and self.state is not CounterState.FAR:
            return self._close(t_ms, RepStatus.UNFINISHED,
                               "the test's time ran out before this rep reached the top")
        return None

    def finish(self, t_ms: float) -> Attempt | None:
        """End of input: a rep counts only if it is back close to where it started.

        An attempt that has settled in the rest zone has already ended. One still on
        its way back ends as it would at rest if the driver is within `end_within` of
        the rep's range from its start value; otherwise it is unfinished.
        """
        if self.current is None:
            return None
        attempt = self.current
        span = abs(attempt.start_value - attempt.extreme)
        back = abs(attempt.start_value - self._last_value) <= self.spec.end_within * span
        if not math.isnan(self._rest_since_ms) and back:
            return self._back_at_rest()
        return self._close(t_ms, RepStatus.UNFINISHED, "the recording ended before the rep did")
