"""Per-patient adjustments of an exercise's checks: a therapist's own limit, or a check off.

An adjustment names one check (constraint id) of one exercise and either the
limit field it replaces (``max``, ``min``, ``reach_below``, ``reach_above``,
``min_s``, ``min_rep_s``) with a value in the metric's natural unit (degrees,
torso lengths, seconds...), or no field: the check is off for that patient.
`adjust_spec` applies them to a validated definition and validates the result
again, so an adjusted exercise obeys every rule a file does.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from formcheck.errors import UserError
from formcheck.spec.language import ExerciseSpec, value_range
from formcheck.spec.units import Unit, display_number, format_value

BOUND_WORDS = {"max": "at most", "min": "at least", "reach_below": "reaching below",
               "reach_above": "reaching above", "min_s": "at least", "min_rep_s": "at least"}
"""Each field of a check that holds its limit, and how it reads before its number."""

LIMIT_FIELDS = tuple(BOUND_WORDS)
"""Fields of a check that hold its limit, in the order they are looked for."""

SECOND_FIELDS = ("min_s", "min_rep_s")
"""Limit fields measured in seconds rather than in the check's metric unit."""


class Adjustment(BaseModel):
    """One check of one exercise, changed for one patient by their therapist.

    Attributes:
        constraint: the check's id in the exercise file.
        field: the limit field replaced; None when the check is switched off.
        value: the new limit in the metric's natural unit (seconds for timings);
            None when the check is switched off.
        note: the therapist's reason.
        set_at: when it was set, ISO 8601 UTC.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    constraint: str
    field: str | None = None
    value: float | None = None
    note: str = Field("", max_length=2000)
    set_at: str

    @property
    def off(self) -> bool:
        """The check is switched off for this patient."""
        return self.field is None


class AppliedAdjustment(Adjustment):
    """An adjustment as a report records it: with the check's cue and the limits in words.

    Attributes:
        cue: the check's cue, its short name for a person.
        words: the patient's limit ("leg height at most 120°", or "switched off").
        file_words: the exercise file's limit, in the same words.
    """

    cue: str
    words: str
    file_words: str


def limit_fields(spec: ExerciseSpec, constraint_id: str) -> list[str]:
    """The limit fields check `constraint_id` of `spec` has, in `LIMIT_FIELDS` order.

    Raises:
        UserError: no such check, or it has no limit to adjust.
    """
    check = find_check(spec, constraint_id)
    present = [name for name in LIMIT_FIELDS if getattr(check, name, None) is not None]
    if not present:
        raise UserError(f"check {constraint_id!r} of {spec.id} has no limit to adjust")
    return present


def limit_field(spec: ExerciseSpec, constraint_id: str, flagged_limit: float | None) -> str:
    """The limit field of check `constraint_id` that a flag with limit `flagged_limit` broke.

    A range with both bounds is matched by value (the bound nearer the flag's limit).

    Raises:
        UserError: no such check, or it has no limit to adjust.
    """
    present = limit_fields(spec, constraint_id)
    if flagged_limit is None or len(present) == 1:
        return present[0]
    check = find_check(spec, constraint_id)
    return min(present, key=lambda name: abs(getattr(check, name) - flagged_limit))


def limit_unit(spec: ExerciseSpec, constraint_id: str, field: str) -> Unit | None:
    """The unit of a limit field's values: the check's metric unit, None for seconds."""
    if field in SECOND_FIELDS:
        return None
    return spec.metric_unit(find_check(spec, constraint_id).metric)


def to_natural(number: float, unit: Unit | None) -> float:
    """A limit typed as a person reads it (degrees, per cent, cm, s) in the metric's unit."""
    return number if unit is None else number / display_number(1.0, unit)


def to_display(value: float, unit: Unit | None) -> float:
    """A limit in the metric's unit as a person reads it (degrees, per cent, cm, s)."""
    return value if unit is None else display_number(value, unit)


def typed_limit(spec: ExerciseSpec, constraint_id: str, field: str, typed: str, *,
                name: str = "limit") -> float:
    """A limit typed by a person (degrees, per cent, cm, s; a decimal comma is fine) as
    a value of limit `field` of check `constraint_id`, in the metric's unit.

    Args:
        name: what the typed text is called in an error ("limit", "--limit").

    Raises:
        UserError: not a number, or a field the check has not.
    """
    if field not in BOUND_WORDS or getattr(find_check(spec, constraint_id), field, None) is None:
        raise UserError(f"check {constraint_id!r} has no limit {field!r}")
    try:
        number = float(typed.replace(",", "."))
    except ValueError:
        raise UserError(f"{name} {typed!r}: give a number") from None
    if not math.isfinite(number):
        raise UserError(f"{name} {typed!r}: give a number")
    return round(to_natural(number, limit_unit(spec, constraint_id, field)), 4)


def describe_limit(spec: ExerciseSpec, adjustment: Adjustment) -> str:
    """The adjusted limit for a person: "leg height at most 120°", or "switched off"."""
    if adjustment.off:
        return "switched off"
    check = find_check(spec, adjustment.constraint)
    field, value = adjustment.field, adjustment.value
    if field in SECOND_FIELDS:
        return f"{BOUND_WORDS[field]} {value:g} s"
    metric = check.metric
    shown = format_value(value, spec.metric_unit(metric), signed=spec.metrics[metric].signed)
    return f"{spec.metric_label(metric)} {BOUND_WORDS[field]} {shown}"


def file_limit_words(spec: ExerciseSpec, constraint_id: str,
                     fields: Iterable[str] | None = None) -> str:
    """The exercise file's limits of a check for a person ("back line at most +7° and at
    least -7°"): those in `fields`, or all it has, the metric named once.

    Raises:
        UserError: `spec` has no such check, or it has no limit.
    """
    check = find_check(spec, constraint_id)
    first, *others = (
        describe_limit(spec, Adjustment(constraint=constraint_id, field=f,
                                        value=getattr(check, f), set_at=""))
        for f in fields or limit_fields(spec, constraint_id))
    label = f"{spec.metric_label(check.metric)} " if getattr(check, "metric", None) else ""
    return " and ".join([first, *(words.removeprefix(label) for words in others)])


def adjust_spec(spec: ExerciseSpec, adjustments: Iterable[Adjustment]
                ) -> tuple[ExerciseSpec, tuple[AppliedAdjustment, ...]]:
    """`spec` with `adjustments` applied, and those that applied, described.

    Adjustments of checks the file no longer has are left out (the file changed
    since the therapist set them).

    Raises:
        UserError: an adjusted limit the exercise's rules refuse (out of the
            metric's reach, a minimum above the maximum, a field the check has not).
    """
    by_id = {a.constraint: a for a in adjustments}
    data = spec.model_dump(by_alias=True)
    kept, applied = [], []
    for check in data["constraints"]:
        change = by_id.get(check["id"])
        if change is not None and not change.off:
            if change.field not in LIMIT_FIELDS or check.get(change.field) is None:
                raise UserError(f"adjustment of check {change.constraint!r}: it has no "
                                f"limit {change.field!r}")
            check[change.field] = change.value
        if change is not None:
            applied.append(applied_adjustment(spec, change))
        if change is None or not change.off:
            kept.append(check)
    if not applied:
        return spec, ()
    for a in applied:
        _within_reach(spec, a)
        _bounds_apart(spec, a)
    data["constraints"] = kept
    try:
        return ExerciseSpec.model_validate(data), tuple(applied)
    except ValidationError as exc:
        message = exc.errors()[0]["msg"].removeprefix("Value error, ")
        raise UserError(f"{spec.name}: the adjusted limits do not fit the exercise's rules "
                        f"({message})") from None


def _within_reach(spec: ExerciseSpec, adjustment: AppliedAdjustment) -> None:
    """Refuse a limit its metric can never take, in the words of the form."""
    if adjustment.off or adjustment.field in SECOND_FIELDS:
        if adjustment.value is not None and adjustment.value <= 0:
            raise UserError(f"“{adjustment.cue}”: {adjustment.words}: give more than 0 s")
        return
    metric = find_check(spec, adjustment.constraint).metric
    reach = value_range(spec.metrics[metric])
    if not reach.low <= adjustment.value <= reach.high:
        raise UserError(f"“{adjustment.cue}”: {adjustment.words} is out of reach: "
                        f"{spec.metric_label(metric)} can only be {reach.describe()}")


def _bounds_apart(spec: ExerciseSpec, adjustment: AppliedAdjustment) -> None:
    """Refuse a minimum moved to or over the check's maximum (or the other way round),
    naming the limit it crosses."""
    other = {"min": "max", "max": "min"}.get(adjustment.field or "")
    check = find_check(spec, adjustment.constraint)
    if other is None or getattr(check, other, None) is None:
        return
    low, high = ((adjustment.value, check.max) if adjustment.field == "min"
                 else (check.min, adjustment.value))
    if low >= high:
        kept = file_limit_words(spec, adjustment.constraint, [other])
        raise UserError(f"“{adjustment.cue}”: {adjustment.words} leaves no room within its "
                        f"other limit, {kept}")


def applied_adjustment(spec: ExerciseSpec, adjustment: Adjustment) -> AppliedAdjustment:
    """`adjustment` of a check of `spec` with the check's cue and both limits in words.

    Raises:
        UserError: `spec` has no such check.
    """
    check = find_check(spec, adjustment.constraint)
    file_words = file_limit_words(spec, adjustment.constraint,
                                  [adjustment.field] if adjustment.field else None)
    return AppliedAdjustment(**adjustment.model_dump(include=set(Adjustment.model_fields)),
                             cue=check.cue,
                             words=describe_limit(spec, adjustment), file_words=file_words)


def find_check(spec: ExerciseSpec, constraint_id: str):
    """The check `constraint_id` of `spec`.

    Raises:
        UserError: the exercise has no such check.
    """
    for check in spec.constraints:
        if check.id == constraint_id:
            return check
    raise UserError(f"{spec.id} has no check {constraint_id!r}")
