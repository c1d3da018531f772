"""What the session page offers beside each flag to adjust its check for the patient
(a typed limit becomes a value with `formcheck.spec.adjust.typed_limit`)."""

from __future__ import annotations

from dataclasses import dataclass

from formcheck.errors import UserError
from formcheck.report.document import FlagRecord, Report
from formcheck.spec import find_exercise, load_exercise
from formcheck.spec.adjust import (
    BOUND_WORDS,
    Adjustment,
    describe_limit,
    find_check,
    limit_field,
    limit_unit,
    to_display,
)
from formcheck.spec.language import ExerciseSpec
from formcheck.spec.units import unit_symbol


@dataclass(frozen=True)
class CheckAdjuster:
    """The adjustment form of one check, as shown beside its flags.

    Attributes:
        constraint: the check's id.
        cue: the check's short name for a person.
        field: the limit field the form sets.
        words: how the limit reads before the number ("at most").
        unit: the symbol typed numbers are in ("°", "% torso", "s").
        file_limit: the exercise file's limit, on that scale.
        in_force: the patient's adjustment of this check, if any.
        in_force_words: `in_force` for a person ("leg height at most 120°").
        in_force_value: the adjusted limit on the form's scale; None when none is set.
    """

    constraint: str
    cue: str
    field: str
    words: str
    unit: str
    file_limit: float
    in_force: Adjustment | None
    in_force_words: str
    in_force_value: float | None


def exercise_spec(report: Report) -> ExerciseSpec | None:
    """The current exercise file of a report's exercise, or None when it cannot be loaded."""
    try:
        return load_exercise(find_exercise(report.exercise.id))
    except UserError:
        return None


def adjusters(spec: ExerciseSpec, flags: list[FlagRecord],
              in_force: list[Adjustment]) -> dict[int, CheckAdjuster]:
    """The adjustment form for each flag whose check has a limit, by flag index."""
    by_check = {a.constraint: a for a in in_force}
    cues = {c.id: c.cue for c in spec.constraints}
    out = {}
    for flag in flags:
        if flag.constraint not in cues:
            continue
        try:
            field = limit_field(spec, flag.constraint, flag.limit)
        except UserError:
            continue
        unit = limit_unit(spec, flag.constraint, field)
        check = find_check(spec, flag.constraint)
        current = by_check.get(flag.constraint)
        out[flag.index] = CheckAdjuster(
            constraint=flag.constraint, cue=cues[flag.constraint], field=field,
            words=BOUND_WORDS[field], unit="s" if unit is None else unit_symbol(unit),
            file_limit=round(to_display(getattr(check, field), unit), 1), in_force=current,
            in_force_words=describe_limit(spec, current) if current is not None else "",
            in_force_value=None if current is None or current.off
            else round(to_display(current.value, unit), 1),
        )
    return out
