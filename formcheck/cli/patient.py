"""``--patient`` for `check` and `live`: the history is ready to save into, and the
patient's own limits (set by their therapist) are applied, before any frame is read."""

from __future__ import annotations

from formcheck.cli.printable import printable
from formcheck.history.adjustments import load_adjustments
from formcheck.history.store import SaveTarget, prepare_save
from formcheck.session.exercise import ResolvedExercise


def patient_exercise(patient: str, exercise: ResolvedExercise, *, quiet: bool = False
                     ) -> tuple[SaveTarget, ResolvedExercise]:
    """Where the session will be saved, and `exercise` with the patient's adjustments.

    Prints one line per adjusted check unless `quiet`.

    Raises:
        UserError: the session could not be saved (see `prepare_save`), or an
            adjusted limit the exercise's rules refuse.
    """
    target = prepare_save(patient)
    adjusted = exercise.adjusted(load_adjustments(target.label, exercise.spec.id, target.db_path))
    if not quiet:
        for a in adjusted.adjustments:
            print(f"for {printable(target.label)}: “{printable(a.cue)}”: {a.words} (set by the "
                  f"therapist on {a.set_at[:10]}; the exercise file: {a.file_words})")
    return target, adjusted
