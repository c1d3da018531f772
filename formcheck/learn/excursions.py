"""Reps read off one series: excursions from a rest level to a far level and back.

The series' own spread sets the levels (5th and 95th percentiles); a rep leaves
the rest zone (the first 30 % of that spread), passes 60 % of it, and comes back.
Read both ways, a series whose reps rise shows them as rises, and the pauses
between them as (one fewer, or edge-cut) falls.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from formcheck.learn.signals import longest_run

_LEAVE = 0.3  # share of the spread that is still rest
_REACH = 0.6  # share of the spread a rep must pass


@dataclass(frozen=True)
class Excursion:
    """One rep: frame indices of its start (leaving rest), its extreme and its end (back)."""

    start: int
    peak: int
    end: int


@dataclass(frozen=True)
class Reps:
    """The reps of one series read one way.

    Attributes:
        rises: True when a rep raises the value, False when it lowers it.
        rest: the series' median value at rest, in its unit.
        far: the median of the reps' extremes, in its unit.
        excursions: the reps, in time order.
        noise: the series' frame-to-frame jitter (see `signals.jitter`), in its unit.
        starts_at_rest: the first seen value lies in the rest zone.
        weakest: the smallest rep's distance from rest to its extreme (0 with no rep).
        series: shape (N,), the series read, in its unit (NaN where not seen).
    """

    rises: bool
    rest: float
    far: float
    excursions: tuple[Excursion, ...]
    noise: float
    starts_at_rest: bool
    weakest: float
    series: np.ndarray = field(compare=False, repr=False)

    @property
    def range(self) -> float:
        """How far the reps go from rest, in the series' unit (positive)."""
        return abs(self.far - self.rest)

    @property
    def clarity(self) -> float:
        """The smallest rep's excursion in units of the jitter: how surely the reps stand out."""
        return self.weakest / max(self.noise, 1e-9)

    def far_stays(self, line: float) -> list[int]:
        """Per rep, the most consecutive frames it spends past `line` (a value between rest
        and far, in the series' unit) on its far side: how long it turns out there."""
        sign = 1.0 if self.rises else -1.0
        stays = []
        for e in self.excursions:
            first, last = longest_run(sign * (self.series[e.start:e.end + 1] - line) > 0)
            stays.append(last - first)
        return stays


def read_reps(smoothed: np.ndarray, noise: float, rises: bool) -> Reps | None:
    """The reps of `smoothed` (shape (N,), NaN where not seen) read with direction `rises`.

    Returns None when the series is flat or too little of it is seen.
    """
    y = smoothed if rises else -smoothed
    seen = ~np.isnan(y)
    if seen.sum() < 10:
        return None
    low, high = np.percentile(y[seen], [5, 95])
    spread = high - low
    if spread <= 0:
        return None
    leave, reach = low + _LEAVE * spread, low + _REACH * spread
    found: list[Excursion] = []
    at_rest = False
    start = -1
    reached = False
    for i in np.flatnonzero(seen):
        v = y[i]
        if v <= leave:
            if start >= 0 and reached:
                found.append(Excursion(start, start + int(np.nanargmax(y[start:i])), i))
            at_rest, start, reached = True, -1, False
        elif at_rest and start < 0:
            start = i
        if start >= 0 and v > reach:
            reached = True
    rest_values = y[seen & (y <= leave)]
    rest = float(np.median(rest_values))
    peaks = np.array([y[e.peak] for e in found])
    far = float(np.median(peaks)) if len(found) else float(high)
    weakest = float(peaks.min() - rest) if len(found) else 0.0
    sign = 1.0 if rises else -1.0
    return Reps(rises, sign * rest, sign * far, tuple(found), noise,
                bool(y[np.flatnonzero(seen)[0]] <= leave), weakest, smoothed)
