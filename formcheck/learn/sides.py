"""How the body's sides take part in the reps: together, one side only, or in turn."""

from __future__ import annotations

from dataclasses import dataclass

from formcheck.learn.bank import Candidate
from formcheck.learn.excursions import Reps

_SHARED = 0.5  # reps on the two sides overlapping this share of their time move together
_STILL = 0.4  # a side moving less than this share of the other's range stays still


@dataclass(frozen=True)
class Sides:
    """The sides decision for one driver reading.

    Attributes:
        candidate: the driver metric.
        kind: "two-sided" (both sides together, or a metric of the whole body),
            "one side" or "alternating".
        readings: counted side -> its reps: {"both": ...} for two-sided, {"left":
            ..., "right": ...} (or one of them) otherwise.
    """

    candidate: Candidate
    kind: str
    readings: dict[str, Reps]

    @property
    def side_mode(self) -> str | None:
        """The driver's `side` in the file: None (unsided), "mean" or "each"."""
        if not self.candidate.sided:
            return None
        return "mean" if self.kind == "two-sided" else "each"

    @property
    def prescription(self) -> str:
        """The prescription's `sides`: both, each (one side at a time) or alternate."""
        return {"two-sided": "both", "one side": "each", "alternating": "alternate"}[self.kind]


def _overlap(a: Reps, b: Reps) -> float:
    """Share of `a`'s rep time that some rep of `b` covers too (0..1)."""
    total = sum(e.end - e.start for e in a.excursions)
    shared = sum(max(0, min(e.end, f.end) - max(e.start, f.start))
                 for e in a.excursions for f in b.excursions)
    return shared / total if total else 0.0


def _still(reps: Reps | None, moving: Reps) -> bool:
    """True when `reps` (the other side, read the same way) was seen and barely moved."""
    return reps is not None and reps.range < _STILL * moving.range


def decide_sides(candidate: Candidate, kept: dict[str, Reps],
                 read: dict[str, Reps | None]) -> Sides | None:
    """The sides decision from the readings of one candidate, read one way.

    Args:
        candidate: the metric read.
        kept: "both", "left", "right" -> reps, for the readings that show clear reps.
        read: every reading, clear or not (None: too little seen).

    Returns:
        None when no reading shows a rep. Both sides showing the same reps at
        the same time, or an unsided metric: two-sided. Only one side showing
        reps: one side. Each side showing its own reps at other times: alternating.
    """
    left, right = kept.get("left"), kept.get("right")
    if left is not None and right is not None:
        together = max(_overlap(left, right), _overlap(right, left)) >= _SHARED
        if not together:
            return Sides(candidate, "alternating", {"left": left, "right": right})
    elif (left is None) != (right is None):
        side, other = ("left", "right") if left is not None else ("right", "left")
        moving = kept[side]
        if _still(read.get(other), moving):
            return Sides(candidate, "one side", {side: moving})
    if "both" in kept:
        return Sides(candidate, "two-sided", {"both": kept["both"]})
    return None
