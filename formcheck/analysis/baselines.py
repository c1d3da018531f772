"""The person's own reference values for metrics measured as a change ("baseline" metrics).

A baseline metric reports its change from where the person started. The
reference is measured at rest (before a rep starts, or between reps) so a clip
that opens mid-rep does not calibrate on a moving body, and until it is known
the metric is NaN. It is taken in one of three ways, per metric:

- "start": the median of the smoothed values over the first `window_s` seconds
  at rest, then fixed;
- "rest": the same start, then refined at the end of every later stretch at
  rest to the median of the raw (unsmoothed) values over all the time at rest so
  far. This is for a held posture whose per-frame jitter is as large as the fault
  (a hip line with its far end hidden): one second of noisy samples leaves an
  error in the reference that would shift every rep of the set, while the
  posture the person returns to between reps keeps adding samples of the same
  reference;
- "rest_highest": the highest of the medians of the single stretches at rest so
  far (each rest's own level of the raw values), refined at the end of every
  stretch. This is for a fault that only lowers the metric and happens at rest,
  so it may be there at the first rests too: a shrug at the lockout of a press
  (the counter's rest zone) brings the shoulders toward the ears, and the
  person's own level is the lockout with the shoulders lowest. A fault on every
  rest so far cannot be told from the person's own level.

A "rest_highest" reference only rises as the set goes on, so frames judged before
it rose were judged against a level the person later showed to be off (a shrug on
the first presses, before any lockout with the shoulders down). Once the set is
over, `at_final_reference` gives those frames' values against the reference as it
stood at the end (of the set, or of the stretch before the references were
measured again), for the checks to judge the set again.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from formcheck.spec.language import BaselineFrom


class Baselines:
    """Reference values of the baseline channels of one set.

    Args:
        channels: channel index -> how its reference is taken ("start", "rest" or
            "rest_highest").
        window_s: time at rest before the references are first known, s.
    """

    def __init__(self, channels: Mapping[int, BaselineFrom], window_s: float) -> None:
        for i, mode in channels.items():
            if mode not in ("start", "rest", "rest_highest"):
                raise ValueError(f"channel {i}: baseline must come from 'start', 'rest' or "
                                 f"'rest_highest', got {mode!r}")
        self._mode = dict(channels)
        self._window_ms = window_s * 1000.0
        self._samples: dict[int, list[float]] = {i: [] for i in channels}
        # "rest_highest": the medians of the finished stretches at rest (its `_samples`
        # hold the current stretch only).
        self._levels: dict[int, list[float]] = {
            i: [] for i, mode in channels.items() if mode == "rest_highest"}
        self.values: dict[int, float] = {}
        # "rest_highest": (time, value before subtraction) of every frame since the
        # references were last measured afresh, and the finished stretches' values
        # against their final reference (time -> value).
        self._seen: dict[int, list[tuple[float, float]]] = {i: [] for i in self._levels}
        self._finished: dict[int, dict[float, float]] = {i: {} for i in self._levels}
        self._rest_ms = 0.0
        self._last_ms = math.nan
        self._was_at_rest = False

    def reset(self) -> None:
        """Forget the references; they are measured again from the next frames at rest."""
        for i in self._seen:
            self._finished[i].update(self._against_reference(i))
            self._seen[i].clear()
        self.values.clear()
        for samples in (*self._samples.values(), *self._levels.values()):
            samples.clear()
        self._rest_ms = 0.0
        self._was_at_rest = False

    def apply(self, t_ms: float, smooth: np.ndarray, raw: np.ndarray, at_rest: bool) -> None:
        """Subtract the references from `smooth` in place; NaN until they are known.

        Args:
            t_ms: frame time, ms.
            smooth: shape (channels,), the smoothed values of every channel.
            raw: shape (channels,), the same before smoothing (NaN where unseen).
            at_rest: whether the person is at rest on this frame.
        """
        dt = 0.0 if math.isnan(self._last_ms) else t_ms - self._last_ms
        self._last_ms = t_ms
        if self._was_at_rest and not at_rest:
            self._refine()
        self._was_at_rest = at_rest
        collecting = False
        for i, seen in self._seen.items():
            seen.append((t_ms, float(smooth[i])))
        for i, samples in self._samples.items():
            known = i in self.values
            rest_mode = self._mode[i] != "start"
            sample = raw[i] if rest_mode else smooth[i]
            if at_rest and not math.isnan(sample) and (rest_mode or not known):
                samples.append(float(sample))
                collecting = True
            if not known and self._rest_ms >= self._window_ms and self._has_samples(i):
                self.values[i] = self._reference(i)
            smooth[i] = smooth[i] - self.values[i] if i in self.values else math.nan
        if collecting:
            self._rest_ms += dt

    def at_final_reference(self, i: int) -> dict[float, float]:
        """Every frame's value of "rest_highest" channel `i` against its reference as
        it stood at the end: frame time (ms) -> value, in the channel's unit (NaN where
        the channel was not seen, or no reference was ever known). The references of
        the stretch under way are taken as they stand now."""
        return {**self._finished[i], **self._against_reference(i)}

    def _against_reference(self, i: int) -> dict[float, float]:
        """The current stretch's frames of channel `i` against its reference now,
        counting the level of a rest still under way (a set that ends at lockout)."""
        known = i in self.values and self._has_samples(i)
        reference = self._reference(i) if known else math.nan
        return {t: value - reference for t, value in self._seen[i]}

    def waiting(self, raw: np.ndarray) -> list[int]:
        """Channels seen in `raw` (shape (channels,)) whose reference is not known yet."""
        return [i for i in self._samples if i not in self.values and not math.isnan(raw[i])]

    def _has_samples(self, i: int) -> bool:
        """True when channel `i` has a sample at rest to take its reference from."""
        return bool(self._samples[i] or self._levels.get(i))

    def _reference(self, i: int) -> float:
        """Channel `i`'s reference from its samples so far (module docstring)."""
        samples = self._samples[i]
        if i not in self._levels:
            return float(np.median(samples))
        levels = self._levels[i] + ([float(np.median(samples))] if samples else [])
        return max(levels)

    def _refine(self) -> None:
        """At the end of a stretch at rest: "rest" references over all their samples,
        "rest_highest" ones over the levels of all the stretches."""
        for i, samples in self._samples.items():
            if i in self._levels and samples:
                self._levels[i].append(float(np.median(samples)))
                samples.clear()
            if self._mode[i] != "start" and i in self.values and self._has_samples(i):
                self.values[i] = self._reference(i)
