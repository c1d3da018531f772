"""Timing static holds: in position (with hysteresis), the clock running only on good form."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from formcheck.analysis.results import Hold
from formcheck.spec.language import HoldSpec


@dataclass
class HoldTracker:
    """Finds holds in a stream of per-side hold-metric samples."""

    spec: HoldSpec
    current: Hold | None = None
    side: str | None = None  # side in position now ("left", "right", "both"), None when out
    _in_position: dict[str, bool] = field(default_factory=dict)
    _last_seen_ms: float = math.nan
    _last_t_ms: float = math.nan
    _out_since_ms: float = math.nan

    def _entered(self, value: float) -> bool:
        return value < self.spec.enter if self.spec.falls else value > self.spec.enter

    def _left(self, value: float) -> bool:
        return value > self.spec.exit if self.spec.falls else value < self.spec.exit

    def _update_sides(self, values: dict[str, float]) -> None:
        for side, value in values.items():
            if math.isnan(value):
                continue
            if self._in_position.get(side, False):
                self._in_position[side] = not self._left(value)
            else:
                self._in_position[side] = self._entered(value)

    def step(
        self, t_ms: float, values: dict[str, float], confidence: float, form_ok: bool
    ) -> Hold | None:
        """Feed one frame.

        Args:
            t_ms: time in ms.
            values: hold-metric value per side ("left"/"right", or "both" for an
                unsided metric); NaN = not seen.
            confidence: 0..1 confidence of those values.
            form_ok: False while a form fault is active (the timer pauses).

        Returns:
            A hold that ended on this frame and lasted at least `min_s`, if any.
        """
        dt = 0.0 if math.isnan(self._last_t_ms) else (t_ms - self._last_t_ms) / 1000.0
        self._last_t_ms = t_ms
        seen = any(not math.isnan(v) for v in values.values())
        if not seen:
            if self.current is not None and t_ms - self._last_seen_ms > self.spec.bridge_s * 1000:
                self.current.ended_by_gap = True
                self._in_position.clear()
                return self._end(self._last_seen_ms)
            return None
        self._last_seen_ms = t_ms
        self._update_sides(values)
        held = [side for side, on in self._in_position.items() if on]
        if not held:
            self.side = None
            # Out of position briefly (a tracking jump, a camera cut) does not end a hold.
            if self.current is None:
                return None
            if math.isnan(self._out_since_ms):
                self._out_since_ms = t_ms
            if t_ms - self._out_since_ms >= self.spec.bridge_s * 1000.0:
                return self._end(self._out_since_ms)
            return None
        self._out_since_ms = math.nan
        self.side = held[0] if len(held) == 1 else "both"
        if self.current is None:
            self.current = Hold(start_ms=t_ms)
            return None
        hold = self.current
        hold.in_position_s += dt
        hold.sides_s[self.side] = hold.sides_s.get(self.side, 0.0) + dt
        if form_ok:
            hold.good_form_s += dt
        hold.confidence_sum += confidence
        hold.samples += 1
        return None

    @property
    def active(self) -> bool:
        """True while the person is in position."""
        return self.current is not None

    def _end(self, t_ms: float) -> Hold | None:
        hold = self.current
        self.current = None
        self._out_since_ms = math.nan
        if hold is None:
            return None
        hold.end_ms = t_ms
        return hold if hold.in_position_s >= self.spec.min_s else None

    def finish(self, t_ms: float) -> Hold | None:
        """End of input: close a hold in progress."""
        end = t_ms if math.isnan(self._out_since_ms) else self._out_since_ms
        return self._end(end)
