"""Form checks from the metrics the demonstration kept steady.

A metric is steady when, over the demonstrated reps (or the hold), 95 % of its
values lie within a narrow spread: 12 degrees, or 12 % of the torso length. Its
check is a band around those values: the demonstrated spread (2.5th to 97.5th
percentile) widened on each side by a stated margin of 10 degrees or 10 % of
the torso length, which covers the patient moving a little differently from the
demonstrator and the smoothing the engine applies.

In reps, the band is a change from where the person starts: the demonstration's
values are taken from its own value at rest (the median over the rest before
the first rep), and the patient's from theirs (the engine's `baseline`). Where a
steady metric sits depends on the body (the head's height above the hips on all
fours follows the arms' and thighs' lengths, a trunk's lean the person's build)
by more than any margin that still catches a fault; how far it moves from there
does not. A hold has no rest before it that the engine can tell, so its band
stays on the demonstrated values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from formcheck.learn.bank import CANDIDATES, BankReading, Candidate
from formcheck.learn.channels import channel
from formcheck.learn.sourced import rounded, shown
from formcheck.spec.language import AnyMetric, value_range

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
        low, high: the demonstrated values' 2.5th and 97.5th percentiles, in its unit
            (as a change from `reference` when there is one).
        minimum, maximum: the band's bounds (None where the band reaches the end of
            the metric's range, so that side needs no limit).
        reference: the demonstration's median at rest, which the band is measured
            from; None: the band is on the values themselves.
    """

    candidate: Candidate
    low: float
    high: float
    minimum: float | None
    maximum: float | None
    reference: float | None = None

    @property
    def metric(self) -> AnyMetric:
        """The checked metric as the file defines it (a change from the start with a reference)."""
        metric = self.candidate.metric
        return metric if self.reference is None else metric.model_copy(update={"baseline": True})

    @property
    def margin(self) -> float:
        """The margin added on each side, in the metric's unit."""
        return MARGIN[self.candidate.unit]

    def source(self) -> str:
        """Where the band came from, in words."""
        unit = self.candidate.unit
        signed = self.metric.signed
        held = (f"the demonstration held the {self.candidate.label} between "
                f"{shown(self.low, unit, signed)} and {shown(self.high, unit, signed)}")
        if self.reference is not None:
            held += f" of its {shown(self.reference, unit)} at rest"
        return (f"{held} (2.5th to 97.5th percentile), widened by a margin of "
                f"{shown(self.margin, unit)} each way")


def _band(candidate: Candidate, low: float, high: float, reference: float | None
          ) -> SteadyCheck | None:
    unit = candidate.unit
    draft = SteadyCheck(candidate, low, high, None, None, reference)
    reach = value_range(draft.metric)
    minimum = rounded(low - MARGIN[unit], unit)
    maximum = rounded(high + MARGIN[unit], unit)
    lower = minimum if minimum > reach.low else None
    upper = maximum if maximum < reach.high else None
    if lower is None and upper is None:
        return None
    return SteadyCheck(candidate, low, high, lower, upper, reference)


def steady_checks(reading: BankReading, judged: np.ndarray, skip: set[str],
                  start: np.ndarray | None = None) -> list[SteadyCheck]:
    """Checks for the candidates held steady over the `judged` frames.

    Args:
        reading: the candidates' values over the demonstration.
        judged: shape (N,), bool: the frames of the reps (or the hold).
        skip: candidate names not to check (the driver).
        start: shape (N,), bool: the frames at rest before the first rep, whose
            median each band is measured from; None (a hold): the band is on the
            values themselves.

    Returns:
        At most `MAX_CHECKS`, in the bank's order of preference.
    """
    found = []
    for candidate in CANDIDATES:
        if candidate.name in skip or candidate.unit not in STEADY_SPREAD:
            continue
        smoothed = channel(reading, candidate.name, "both").smoothed
        seen = smoothed[judged][~np.isnan(smoothed[judged])]
        if len(seen) < _MIN_COVERAGE * judged.sum() or len(seen) < 5:
            continue
        low, high = (float(v) for v in np.percentile(seen, [2.5, 97.5]))
        if high - low > STEADY_SPREAD[candidate.unit]:
            continue
        reference = None
        if start is not None:
            at_rest = smoothed[start][~np.isnan(smoothed[start])]
            if len(at_rest) < 5:
                continue
            reference = float(np.median(at_rest))
            low, high = low - reference, high - reference
        check = _band(candidate, low, high, reference)
        if check is not None:
            found.append(check)
    return found[:MAX_CHECKS]
