"""The therapist's per-patient adjustments of checks, as stored in the history.

One row per patient, exercise and check: the limit that replaces the exercise
file's, or the check switched off (see `formcheck.spec.adjust`). `check` and
`live` with ``--patient`` read them with `adjustments_for` before the first frame.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from formcheck.errors import UserError
from formcheck.history.database import transaction
from formcheck.history.store import clean_label, now_iso, open_history, patient_label
from formcheck.spec import find_exercise, load_exercise
from formcheck.spec.adjust import (
    Adjustment,
    AppliedAdjustment,
    adjust_spec,
    applied_adjustment,
    limit_fields,
)
from formcheck.spec.language import ExerciseSpec


def patient_id(conn: sqlite3.Connection, patient: str | int) -> int | None:
    """The id of a patient given by label or id, None when the history has no such patient."""
    if isinstance(patient, int):
        return patient if patient_label(conn, patient) is not None else None
    row = conn.execute("SELECT id FROM patients WHERE label = ?",
                       (clean_label(patient),)).fetchone()
    return None if row is None else int(row[0])


def adjustments_for(conn: sqlite3.Connection, patient: str | int,
                    exercise: str) -> list[Adjustment]:
    """The adjustments in force for one patient (label or id) and exercise id, by check id."""
    pid = patient_id(conn, patient)
    if pid is None:
        return []
    rows = conn.execute(
        "SELECT constraint_id AS \"constraint\", field, value, note, set_at FROM adjustments "
        "WHERE patient_id = ? AND exercise = ? ORDER BY constraint_id", (pid, exercise)).fetchall()
    return [Adjustment(**dict(r)) for r in rows]


@dataclass(frozen=True)
class InForce:
    """One adjustment in force for a patient, as the patient page and the command line list it.

    Attributes:
        exercise: the exercise id.
        exercise_name: its name in the exercise file; the id when the file is not at hand.
        adjustment: the stored adjustment.
        applied: the check's cue and the limits in words; None when the exercise file,
            the check in it or the limit set is not at hand.
    """

    exercise: str
    exercise_name: str
    adjustment: Adjustment
    applied: AppliedAdjustment | None

    @property
    def words(self) -> str:
        """The check's cue and its limit for this patient, for a person."""
        if self.applied is None:
            return ("a check no longer in the exercise file at hand as it was set (check id: "
                    f"{self.adjustment.constraint})")
        return f"“{self.applied.cue}”: {self.applied.words}"


def in_force(conn: sqlite3.Connection, patient_id: int) -> list[InForce]:
    """Every check adjusted for one patient, by exercise and check id, described from
    the current exercise files."""
    rows = conn.execute(
        "SELECT exercise, constraint_id AS \"constraint\", field, value, note, set_at "
        "FROM adjustments WHERE patient_id = ? ORDER BY exercise, constraint_id",
        (patient_id,)).fetchall()
    fields = ("constraint", "field", "value", "note", "set_at")
    specs: dict[str, ExerciseSpec | None] = {}
    out = []
    for r in rows:
        exercise = r["exercise"]
        if exercise not in specs:
            specs[exercise] = _exercise_file(exercise)
        spec = specs[exercise]
        adjustment = Adjustment(**{k: r[k] for k in fields})
        out.append(InForce(exercise, exercise if spec is None else spec.name, adjustment,
                           _described(spec, adjustment)))
    return out


def _exercise_file(exercise: str) -> ExerciseSpec | None:
    try:
        return load_exercise(find_exercise(exercise))
    except UserError:
        return None


def _described(spec: ExerciseSpec | None, adjustment: Adjustment) -> AppliedAdjustment | None:
    if spec is None:
        return None
    try:
        if not adjustment.off and adjustment.field not in limit_fields(spec, adjustment.constraint):
            return None
        return applied_adjustment(spec, adjustment)
    except UserError:
        return None


def set_adjustment(conn: sqlite3.Connection, patient_id: int, spec: ExerciseSpec,
                   constraint: str, field: str | None, value: float | None,
                   note: str = "") -> Adjustment:
    """Set (or replace) one patient's limit for a check of `spec`, or switch it off
    (`field` and `value` None). The new limit is tried on `spec` first.

    Raises:
        UserError: unknown patient, or a limit the exercise's rules refuse.
    """
    if patient_label(conn, patient_id) is None:
        raise UserError(f"no patient with id {patient_id}")
    adjustment = Adjustment(constraint=constraint, field=field, value=value,
                            note=note.strip()[:2000], set_at=now_iso())
    others = [a for a in adjustments_for(conn, patient_id, spec.id) if a.constraint != constraint]
    _, applied = adjust_spec(spec, [*others, adjustment])
    if not any(a.constraint == constraint for a in applied):
        raise UserError(f"{spec.id} has no check {constraint!r}")
    with transaction(conn):
        conn.execute(
            "INSERT OR REPLACE INTO adjustments (patient_id, exercise, constraint_id, field, "
            "value, note, set_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (patient_id, spec.id, constraint, field, value, adjustment.note, adjustment.set_at))
    return adjustment


def clear_adjustment(conn: sqlite3.Connection, patient_id: int, exercise: str,
                     constraint: str) -> None:
    """Go back to the exercise file's limit for one patient's check."""
    with transaction(conn):
        conn.execute("DELETE FROM adjustments WHERE patient_id = ? AND exercise = ? "
                     "AND constraint_id = ?", (patient_id, exercise, constraint))


def load_adjustments(patient: str, exercise: str,
                     db_path: Path | str | None = None) -> list[Adjustment]:
    """`adjustments_for` on its own connection, for `check` and `live` with ``--patient``."""
    with open_history(db_path) as conn:
        return adjustments_for(conn, patient, exercise)
