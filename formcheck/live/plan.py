"""What a live session asks of the user: sets, reps or holds per set, rests."""

from __future__ import annotations

from dataclasses import dataclass

from formcheck.analysis.results import Hold
from formcheck.errors import UserError
from formcheck.spec.language import ExerciseSpec

DEFAULT_REST_S = 60.0
_PER_SIDE = ("each", "alternate")


@dataclass(frozen=True)
class SessionPlan:
    """The session's prescription, from the exercise file with command-line overrides.

    Attributes:
        sets: sets in the session.
        reps: reps per set (per side when `sides` is "each" or "alternate"); for a
            hold-only exercise, holds per set (at least one); 0 = no target.
        hold_s: good-form seconds a hold must last to count, s (0 = any hold).
        rest_s: rest between sets, s.
        sides: the prescription's sides ("both", "each", "alternate", "none").
        counts_reps: True when the exercise counts reps (else it times holds).
    """

    sets: int
    reps: int
    hold_s: float
    rest_s: float
    sides: str
    counts_reps: bool

    @classmethod
    def from_spec(
        cls,
        spec: ExerciseSpec,
        *,
        sets: int | None = None,
        reps: int | None = None,
        hold_s: float | None = None,
        rest_s: float = DEFAULT_REST_S,
    ) -> SessionPlan:
        """The spec's prescription, with any value given here taking its place.

        Raises:
            UserError: a value out of range (names the option and the value).
        """
        rx = spec.prescription
        plan = cls(
            sets=rx.sets if sets is None else sets,
            reps=rx.reps if reps is None else reps,
            hold_s=rx.hold_s if hold_s is None else hold_s,
            rest_s=rest_s,
            sides=rx.sides,
            counts_reps=spec.rep is not None,
        )
        for option, value, least in (("--sets", plan.sets, 1), ("--reps", plan.reps, 0),
                                     ("--hold", plan.hold_s, 0), ("--rest", plan.rest_s, 0)):
            if value < least:
                raise UserError(f"{option} must be at least {least}, got {value}")
        return plan

    @property
    def holds_target(self) -> int:
        """Holds per set for a hold-only exercise (0 when it counts reps)."""
        if self.counts_reps:
            return 0
        return max(self.reps, 1) * (2 if self.sides in _PER_SIDE else 1)

    @property
    def set_target(self) -> int:
        """Reps per set, all sides together (holds for a hold exercise); 0 = no target."""
        if not self.counts_reps:
            return self.holds_target
        return self.reps * (2 if self.sides in _PER_SIDE else 1)

    def good_holds(self, holds: list[Hold]) -> int:
        """How many of `holds` lasted the prescribed good-form time."""
        return sum(1 for h in holds if h.good_form_s >= self.hold_s)

    def set_complete(self, counts: dict[str, int], good_holds: int) -> bool:
        """True once a set has done what it asks.

        Args:
            counts: counted reps per counter side ("both", or "left" and "right").
            good_holds: holds that lasted the prescribed time.
        """
        if not self.counts_reps:
            return good_holds >= self.holds_target
        if self.reps == 0 or not counts:
            return False
        if set(counts) == {"both"}:
            per_side = 2 if self.sides in _PER_SIDE else 1
            return counts["both"] >= self.reps * per_side
        return all(n >= self.reps for n in counts.values())

    def progress(self, counts: dict[str, int], good_holds: int) -> str:
        """Where the set stands, e.g. "7 of 10 reps" or "1 of 3 holds"."""
        if not self.counts_reps:
            return f"{good_holds} of {self.holds_target} holds"
        one_counter = set(counts) <= {"both"}
        done = sum(counts.values()) if one_counter else min(counts.values())
        if self.reps == 0:
            return f"{done} reps"
        target = self.reps * (2 if one_counter and self.sides in _PER_SIDE else 1)
        return f"{done} of {target} reps" + ("" if one_counter else " each side")
