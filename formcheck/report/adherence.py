"""How one checked set compares with the exercise's prescription.

The prescription's `sides` says how its rep count is meant:

- "both" (both sides work together, a squat) and "none" (no sides, lying prone):
  the count is the whole set;
- "alternate" (left, right, left, ...) and "each" (all of one side, then the
  other): the count is per side, so "10 reps, alternate" is 10 left plus 10 right,
  and a side's reps beyond its 10 do not make up for the other side's missing ones.

The same goes for holds, counted when their good-form time reaches the prescribed
hold. An exercise of holds only prescribes one hold per set (per side) when its
rep count is 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from formcheck.report.document import Report
from formcheck.spec.language import ExerciseSpec, Prescription

SIDED_PRESCRIPTIONS = ("each", "alternate")
SIDES = ("left", "right")
SIDED_WORDS = {"alternate": " on each side, alternating sides", "each": " on each side"}


@dataclass(frozen=True)
class Target:
    """One line of the prescription for one set: what, on which side, done against asked.

    Attributes:
        what: "reps" or "holds".
        side: "left", "right", or None when the count is the whole set's.
        done: counted; None when the set was not measurable.
        target: prescribed per set.
    """

    what: str
    side: str | None
    done: int | None
    target: int

    @property
    def credited(self) -> int:
        """The part of `done` that counts toward the target (never more than it)."""
        return min(self.done or 0, self.target)


@dataclass(frozen=True)
class Adherence:
    """Counted work against the prescription for one set.

    Attributes:
        targets: one line per kind of work (reps, holds) and, when sided, per side.
        hold_s: the prescribed hold, seconds (0: none).
        sets_target: prescribed sets per session.
    """

    targets: tuple[Target, ...]
    hold_s: float
    sets_target: int

    @property
    def fraction(self) -> float | None:
        """Share of the prescribed set done, 0..1; None when not measurable or nothing asked."""
        asked = sum(t.target for t in self.targets)
        if not asked or any(t.done is None for t in self.targets):
            return None
        return sum(t.credited for t in self.targets) / asked


def _per_side(counts: dict[str, int], target: int, what: str, sided: bool,
              measurable: bool) -> list[Target]:
    """Targets for `counts` (side -> counted): one per side when sided, else one."""
    if not target:
        return []
    total = sum(counts.values())
    if not sided:
        return [Target(what, None, total if measurable else None, target)]
    if not any(side in counts for side in SIDES):  # sides not told apart: the whole set
        return [Target(what, None, total if measurable else None, 2 * target)]
    return [Target(what, side, counts.get(side, 0) if measurable else None, target)
            for side in SIDES]


def adherence(report: Report, spec: ExerciseSpec) -> Adherence:
    """Compare one set's counted reps and good-form holds with the spec's prescription."""
    rx = spec.prescription
    sided = rx.sides in SIDED_PRESCRIPTIONS
    measurable = report.rep_counts is not None
    targets = []
    if spec.rep is not None:
        targets += _per_side(dict(report.rep_counts or {}), rx.reps, "reps", sided, measurable)
    if spec.hold is not None and rx.hold_s > 0:
        held: dict[str, int] = {}
        for h in report.holds:
            if h.good_form_s >= rx.hold_s:
                held[h.side] = held.get(h.side, 0) + 1
        targets += _per_side(held, rx.reps or 1, "holds", sided, measurable)
    return Adherence(targets=tuple(targets), hold_s=rx.hold_s, sets_target=rx.sets)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def prescription_text(rx: Prescription, *, counts_reps: bool) -> str:
    """The prescription in words, e.g. "3 sets of 10 reps on each side, alternating sides
    (20 a set), each held 5 s" or "2 sets of 1 hold of 30 s on each side (2 a set)".

    Args:
        rx: the prescription.
        counts_reps: the exercise counts reps (else it is one of holds only).
    """
    sets = _plural(rx.sets, "set")
    if counts_reps and not rx.reps:
        limit = f" in {rx.time_limit_s:g} s" if rx.time_limit_s is not None else ""
        return f"{sets}: as many reps as possible{limit}"
    n = rx.reps if counts_reps else (rx.reps or 1)
    text = f"{sets} of {_plural(n, 'rep' if counts_reps else 'hold')}"
    if rx.time_limit_s is not None:
        text += f" in {rx.time_limit_s:g} s"
    if not counts_reps and rx.hold_s:
        text += f" of {rx.hold_s:g} s"
    if rx.sides in SIDED_PRESCRIPTIONS:
        text += SIDED_WORDS[rx.sides] + f" ({2 * n} a set)"
    if counts_reps and rx.hold_s:
        text += f", each held {rx.hold_s:g} s"
    return text
