"""The driver: the candidate metric whose motion best explains the demonstrated reps.

Every candidate is read both ways (reps raising or lowering it), on both sides
together and, for a sided metric, on each side alone. A reading explains the
demonstration when it finds the number of reps demonstrated (or, when not told,
at least two), each moving well clear of the jitter and by at least a size a
camera resolves. Among those, joint angles and segment inclinations come before
heights and distances (read in 3D, they change least with the camera and the
person's build); then the trunk and legs before the arms (a squat with the arms
swinging forward is driven by the legs; a curl, where nothing else moves, by
the arm), and both before the posture measures (hip line, head, shrug: better
as checks); then a reading of the sides in turn (a lunge's front thigh, left
then right) before one of both sides together (both knees bend in a lunge);
then the largest wins: the one whose smallest rep moves furthest
in units of the least resolvable range (15 degrees, 15 % of the torso), whose
thresholds leave the most room for a person moving somewhat differently.

Each candidate takes part read its own best way: which way its reps go is
decided first (the reading that starts at rest, then the largest). Among the
candidates, one whose reading starts at rest tells which end the reps start
from and is preferred, but only among those moving at least half as far as the
largest: a demonstration that opens mid-rep on its largest movement (the elbows
bent at the start of a push-up clip) is still counted on it rather than on a
small one that happens to start at rest (the forearm's lean).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from formcheck.errors import UserError
from formcheck.learn.bank import CANDIDATES, BankReading, Candidate
from formcheck.learn.channels import Channel, channel
from formcheck.learn.excursions import Reps, read_reps
from formcheck.learn.sides import Sides, decide_sides

MIN_RANGE = {"degrees": 15.0, "torso_lengths": 0.15, "ratio": 0.15}
"""The least movement a rep must show to be read off a metric, in its unit: about what a
pose estimate from one camera resolves with certainty."""
MIN_CLARITY = 6.0  # the smallest rep must stand this many jitters out of rest
MIN_COVERAGE = 0.6  # share of frames a driver must be seen in


@dataclass(frozen=True)
class Driver:
    """The driver found, with the reps it reads.

    Attributes:
        sides: how the sides take part, and each counted side's reading.
        clarity: the smallest rep in units of the jitter.
    """

    sides: Sides
    clarity: float

    @property
    def reach(self) -> float:
        """The smallest rep's excursion in units of `MIN_RANGE`."""
        unit = self.sides.candidate.unit
        return min(r.weakest for r in self.sides.readings.values()) / MIN_RANGE.get(unit, 0.15)

    @property
    def count(self) -> int:
        """Reps read over all counted sides."""
        return sum(len(r.excursions) for r in self.sides.readings.values())

    def frames(self, n: int) -> np.ndarray:
        """Shape (n,), bool: the frames of the reps read (of a track of `n` frames)."""
        judged = np.zeros(n, dtype=bool)
        for r in self.sides.readings.values():
            for e in r.excursions:
                judged[e.start:e.end + 1] = True
        return judged


def _significant(reps: Reps | None, unit: str) -> bool:
    return (reps is not None and len(reps.excursions) > 0
            and reps.weakest >= MIN_RANGE.get(unit, 0.15) and reps.clarity >= MIN_CLARITY)


def _readings(reading: BankReading, usable: Callable[[Candidate], bool]) -> list[Driver]:
    """Every significant way of reading reps off the `usable` candidates of the bank."""
    found = []
    for candidate in filter(usable, CANDIDATES):
        sides = ("left", "right") if candidate.sided else ()
        channels = {s: channel(reading, candidate.name, s) for s in ("both", *sides)}
        if channels["both"].coverage < MIN_COVERAGE:
            continue
        for rises in (True, False):
            reads = {s: read_reps(c.smoothed, c.noise, rises) for s, c in channels.items()}
            kept = {s: r for s, r in reads.items() if _significant(r, candidate.unit)}
            decided = decide_sides(candidate, kept, reads)
            if decided is not None:
                clarity = min(r.clarity for r in decided.readings.values())
                found.append(Driver(decided, clarity))
    return found


_REGIONS = {"body": 0, "arms": 1, "posture": 2}
_KINDS = {"angle": 0, "inclination": 0}  # every other kind: 1
_COMPARABLE = 0.5  # a reading moving half as far as the largest still shows the movement


def _starts_at_rest(driver: Driver) -> bool:
    return all(r.starts_at_rest for r in driver.sides.readings.values())


def _way(driver: Driver) -> tuple[bool, bool, float]:
    """How one candidate's readings rank against each other: which way a rep goes."""
    return driver.sides.kind == "alternating", _starts_at_rest(driver), driver.reach


def _group(driver: Driver) -> tuple[int, int, bool]:
    """The kind, region and sides preference of a candidate's reading (higher first)."""
    candidate = driver.sides.candidate
    return (-_KINDS.get(candidate.fields["kind"], 1), -_REGIONS[candidate.region],
            driver.sides.kind == "alternating")


def _best(drivers: list[Driver]) -> Driver:
    """The best of `drivers` (not empty): each candidate read its best way, then the best
    group; in it, one starting at rest among those moving at least `_COMPARABLE` as far
    as the largest, else the largest."""
    ways: dict[str, Driver] = {}
    for d in drivers:
        name = d.sides.candidate.name
        if name not in ways or _way(d) > _way(ways[name]):
            ways[name] = d
    top = max(_group(d) for d in ways.values())
    group = [d for d in ways.values() if _group(d) == top]
    largest = max(d.reach for d in group)
    return max(group, key=lambda d: (d.reach >= _COMPARABLE * largest and _starts_at_rest(d),
                                     d.reach))


def find_driver(reading: BankReading, demo: str, reps: int | None,
                usable: Callable[[Candidate], bool] = lambda _: True) -> Driver:
    """The driver of the demonstration in `reading` (`demo` names it in messages).

    Args:
        reading: the candidates' values over the demonstration.
        demo: the demonstration's file, for messages.
        reps: how many reps were demonstrated; None: as many as the clearest reading finds.
        usable: the candidates to choose among (default: all).

    Raises:
        UserError: no metric separates two or more reps (or the `reps` demonstrated).
    """
    found = _readings(reading, usable)
    if not found:
        raise UserError(
            f"{demo}: no body measurement separates the reps: none moves away and back by "
            "at least 15 degrees or 15 % of the torso length, clear of the landmarks' jitter"
        )
    best = _best([d for d in found if d.count >= 2] or found)
    if reps is None:
        if best.count < 2:
            raise UserError(f"{demo}: fewer than two clear reps: the clearest movement, "
                            f"the {best.sides.candidate.label}, shows {best.count}")
        return best
    if reps < 2:
        raise UserError(f"--reps {reps}: a demonstration needs at least two reps")
    matching = [d for d in found if d.count == reps]
    if not matching:
        raise UserError(
            f"{demo}: fewer clear reps than the {reps} demonstrated: the clearest movement, "
            f"the {best.sides.candidate.label}, shows {best.count}"
            if best.count < reps else
            f"{demo}: no body measurement moves through exactly {reps} reps: the clearest, "
            f"the {best.sides.candidate.label}, shows {best.count}"
        )
    return _best(matching)


__all__ = ["Channel", "Driver", "MIN_RANGE", "find_driver"]
