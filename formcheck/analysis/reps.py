"""Rep counting by hysteresis on one driver signal.

A rep is an excursion from the rest zone into the far zone and back to rest,
where the driver must settle for `min_rest_s` (a brief tracking glitch through
the rest zone neither ends a rep nor lets one start).
The two thresholds form a hysteresis band, so jitter at either threshold cannot
count twice. A counter starts in the 'unknown' state and counts nothing until it
has seen the rest zone, so a clip that opens mid-rep does not credit the opening
half-rep; an attempt that never reaches the far zone is reported as partial, and
one interrupted by a long gap in the signal as not measurable.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
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
    """

    spec: RepSpec
    side: str
    ids: Iterator[int]
    state: CounterState = CounterState.UNKNOWN
    current: Attempt | None = None
    count: int = 0
    _last_seen_ms: float = math.nan
    _last_t_ms: float = math.nan
    _rest_since_ms: float = math.nan

    def _beyond(self, value: float, threshold: float) -> bool:
        return value < threshold if self.spec.falls else value > threshold

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
        self.current = None
        return attempt

    def step(self, t_ms: float, value: float, confidence: float) -> Attempt | None:
        """Feed one sample (time in ms, driver value, confidence 0..1; NaN = not seen).

        Returns:
            The attempt that ended on this sample, if any.
        """
        dt = 0.0 if math.isnan(self._last_t_ms) else t_ms - self._last_t_ms
        self._last_t_ms = t_ms
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
        in_rest = not self._beyond(value, self.spec.rest)
        in_far = self._beyond(value, self.spec.far)
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
            return None
        if self.state is CounterState.REST:
            if not in_rest:
                self.state = CounterState.FAR if in_far else CounterState.OUT
                self.current = Attempt(
                    next(self.ids), self.side, start_ms=t_ms, extreme=value, extreme_ms=t_ms,
                    confidence_sum=confidence, samples=1,
                )
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
            midway = (self.spec.rest + self.spec.far) / 2.0
            if self._beyond(self.current.extreme, midway):
                return self._close(end_ms, RepStatus.PARTIAL, "did not reach the full range")
            self.current = None
            return None
        duration_s = (end_ms - self.current.start_ms) / 1000.0
        if duration_s < self.spec.min_rep_s or self.current.far_ms < self.spec.min_far_s * 1000:
            return self._close(end_ms, RepStatus.TOO_FAST, "too brief to be a controlled rep")
        return self._close(end_ms, RepStatus.COUNTED)

    def finish(self, t_ms: float) -> Attempt | None:
        """End of input: an attempt back in the rest zone ends; one still out is unfinished."""
        if self.current is None:
            return None
        if not math.isnan(self._rest_since_ms):
            return self._back_at_rest()
        return self._close(t_ms, RepStatus.UNFINISHED, "the recording ended before the rep did")
