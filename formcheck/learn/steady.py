"""Form checks from the metrics the demonstration kept steady.

A metric is steady when, over the demonstrated reps (or the hold), 95 % of its
values lie within a narrow spread: 12 degrees, or 12 % of the torso length. Its
check is a band around those values: the demonstrated spread (2.5th to 97.5th
percentile) widened on each side by a stated margin of 10 degrees or 10 % of
the torso length, which covers the difference between the demonstrator's body
and the patient's and the smoothing the engine applies.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from formcheck.learn.bank import CANDIDATES, BankReading, Candidate
from formcheck.learn.channels import channel
from formcheck.learn.sourced import rounded, shown
from formcheck.spec.language import value_range

STEADY_SPREAD = {"degrees": 12.0, "torso_lengths": 0.12, "ratio": 0.12}
"""The widest spread of a metric the demonstration counts as held steady, in its unit."""
MARGIN = {"degrees": 10.0, "torso_lengths": 0.10, "ratio": 0.10}
"""How far past the demonstrated values a check's band reaches, in the metric's unit."""
MAX_CHECKS = 8
_MIN_COVERAGE = 0.8  # share of the judged frames the metric must be seen in


@dataclass(frozen=True)
class SteadyCheck:
    """A band check on one steady metric.

    Attributes:
        candidate: the metric.
        low, high: the demonstrated values' 2.5th and 97.5th percentiles, in its unit.
        minimum, maximum: the band's bounds (None where the band reaches the end of
            the metric's range, so that side needs no limit).
    """

    candidate: Candidate
    low: float
    high: float
    minimum: float | None
    maximum: float | None

    @property
    def margin(self) -> float:
        """The margin added on each side, in the metric's unit."""
        return MARGIN[self.candidate.unit]

    def source(self) -> str:
        """Where the band came from, in words."""
        unit = self.candidate.unit
        signed = self.candidate.metric.signed
        return (f"the demonstration held the {self.candidate.label} between "
                f"{shown(self.low, unit, signed)} and {shown(self.high, unit, signed)} "
                f"(2.5th to 97.5th percentile), widened by a margin of "
                f"{shown(self.margin, unit)} each way")


def _band(candidate: Candidate, low: float, high: float) -> SteadyCheck | None:
    unit = candidate.unit
    reach = value_range(candidate.metric)
    minimum = rounded(low - MARGIN[unit], unit)
    maximum = rounded(high + MARGIN[unit], unit)
    lower = minimum if minimum > reach.low else None
    upper = maximum if maximum < reach.high else None
    if lower is None and upper is None:
        return None
    return SteadyCheck(candidate, low, high, lower, upper)


def steady_checks(reading: BankReading, judged: np.ndarray, skip: set[str]) -> list[SteadyCheck]:
    """Checks for the candidates held steady over the `judged` frames.

    Args:
        reading: the candidates' values over the demonstration.
        judged: shape (N,), bool: the frames of the reps (or the hold).
        skip: candidate names not to check (the driver).

    Returns:
        At most `MAX_CHECKS`, in the bank's order of preference.
    """
    found = []
    for candidate in CANDIDATES:
        if candidate.name in skip or candidate.unit not in STEADY_SPREAD:
            continue
        values = channel(reading, candidate.name, "both").smoothed[judged]
        seen = values[~np.isnan(values)]
        if len(seen) < _MIN_COVERAGE * judged.sum() or len(seen) < 5:
            continue
        low, high = (float(v) for v in np.percentile(seen, [2.5, 97.5]))
        if high - low > STEADY_SPREAD[candidate.unit]:
            continue
        check = _band(candidate, low, high)
        if check is not None:
            found.append(check)
    return found[:MAX_CHECKS]
