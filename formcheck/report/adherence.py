"""How one checked set compares with the exercise's prescription."""

from __future__ import annotations

from dataclasses import dataclass

from formcheck.report.document import Report
from formcheck.spec.language import ExerciseSpec

SIDED_PRESCRIPTIONS = ("each", "alternate")


@dataclass(frozen=True)
class Adherence:
    """Counted work against the prescription for one set.

    Attributes:
        reps_done: counted reps over all sides; None when the set was not measurable.
        reps_target: prescribed reps per set (doubled when the prescription asks for
            each side or alternating sides); 0 when the exercise prescribes no reps.
        holds_done: holds whose good-form time reached the prescribed hold, in count.
        holds_target: prescribed holds per set (the rep count), 0 when no hold is asked.
        hold_s: the prescribed hold, seconds.
        sets_target: prescribed sets per session.
    """

    reps_done: int | None
    reps_target: int
    holds_done: int
    holds_target: int
    hold_s: float
    sets_target: int

    @property
    def fraction(self) -> float | None:
        """Share of the prescribed set done, 0..1 (capped); None when not measurable."""
        if self.reps_done is None:
            return None
        parts = []
        if self.reps_target:
            parts.append(min(1.0, self.reps_done / self.reps_target))
        if self.holds_target:
            parts.append(min(1.0, self.holds_done / self.holds_target))
        return sum(parts) / len(parts) if parts else None


def adherence(report: Report, spec: ExerciseSpec) -> Adherence:
    """Compare one set's counted reps and good-form holds with the spec's prescription."""
    rx = spec.prescription
    per_side = 2 if rx.sides in SIDED_PRESCRIPTIONS else 1
    asks_holds = spec.hold is not None and rx.hold_s > 0
    return Adherence(
        reps_done=sum(report.rep_counts.values()) if report.rep_counts is not None else None,
        reps_target=rx.reps * per_side if spec.rep is not None else 0,
        holds_done=sum(1 for h in report.holds if asks_holds and h.good_form_s >= rx.hold_s),
        holds_target=rx.reps * per_side if asks_holds else 0,
        hold_s=rx.hold_s,
        sets_target=rx.sets,
    )
