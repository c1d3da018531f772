"""`formcheck history adjust` and `history adjustments`: a patient's own limits for
an exercise's checks, set, switched off, reset and listed from the command line.

The words, units and rules are those of the review app's form (`formcheck.spec.adjust`);
the limits are stored in the history (`formcheck.history.adjustments`) and applied by
the patient's next `check` or `live` with ``--patient``.
"""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Callable

from formcheck.cli.printable import printable
from formcheck.errors import UserError
from formcheck.history.adjustments import (
    adjustments_for,
    clear_adjustment,
    in_force,
    patient_id,
    set_adjustment,
)
from formcheck.history.store import clean_label, open_history
from formcheck.spec import find_exercise, load_exercise
from formcheck.spec.adjust import (
    BOUND_WORDS,
    describe_limit,
    file_limit_words,
    find_check,
    limit_fields,
    typed_limit,
)
from formcheck.spec.language import ExerciseSpec

BOUNDS = {words.replace(" ", "-"): words for words in dict.fromkeys(BOUND_WORDS.values())}
"""``--bound`` choices ("at-most") and the words they stand for ("at most")."""


def register(actions: argparse._SubParsersAction,
             common: Callable[[], argparse.ArgumentParser]) -> None:
    """Add the `adjust` and `adjustments` actions to `history`'s `actions`."""
    adjust = actions.add_parser(
        "adjust", parents=[common()],
        help="set a patient's own limit for a check, switch it off, or go back to the "
             "exercise file's; used by the patient's next check or live with --patient")
    adjust.add_argument("--exercise", "-e", required=True, metavar="NAME_OR_FILE",
                        help="the exercise (id or .toml file)")
    adjust.add_argument("--check", required=True, metavar="CHECK",
                        help="the check's id, as `formcheck exercises show` lists it")
    what = adjust.add_mutually_exclusive_group(required=True)
    what.add_argument("--limit", metavar="VALUE",
                      help="the patient's limit in the check's unit: degrees, per cent, "
                           "seconds for a timing")
    what.add_argument("--off", action="store_true", help="switch the check off for the patient")
    what.add_argument("--reset", action="store_true",
                      help="go back to the exercise file's limit")
    adjust.add_argument("--bound", choices=tuple(BOUNDS),
                        help="which limit --limit replaces, for a check with two "
                             "(at-most or at-least)")
    adjust.add_argument("--note", default="", help="the reason, kept with the adjustment")
    adjust.set_defaults(run=_adjust)
    actions.add_parser("adjustments", parents=[common()],
                       help="the checks adjusted for a patient, in words"
                       ).set_defaults(run=_list)


def _known_patient(conn: sqlite3.Connection, label: str | None, action: str) -> int:
    if not label:
        raise UserError(f"history {action}: give --patient NAME")
    found = patient_id(conn, label)
    if found is None:
        raise UserError(f"--patient {printable(clean_label(label))!r}: no such patient in the "
                        "history (`formcheck history list` shows who is stored)")
    return found


def _adjust(args: argparse.Namespace) -> int:
    if args.reset and args.note:
        raise UserError("--note: going back to the exercise file's limit keeps no note")
    if args.bound and args.limit is None:
        raise UserError(f"--bound {args.bound}: goes with --limit")
    spec = load_exercise(find_exercise(args.exercise))
    cue = printable(_check(spec, args.check).cue)
    with open_history(args.db) as conn:
        pid = _known_patient(conn, args.patient, "adjust")
        whose = f"{printable(clean_label(args.patient))}, {spec.name}: “{cue}”"
        if args.reset:
            was = {a.constraint for a in adjustments_for(conn, pid, spec.id)}
            clear_adjustment(conn, pid, spec.id, args.check)
            print(f"{whose}: {'back to' if args.check in was else 'not adjusted; it keeps'} "
                  f"the exercise file's limit, {file_limit_words(spec, args.check)}")
            return 0
        if args.off:
            done = set_adjustment(conn, pid, spec, args.check, None, None, args.note)
        else:
            field = _field(spec, args.check, args.bound)
            value = typed_limit(spec, args.check, field, args.limit, name="--limit")
            try:
                done = set_adjustment(conn, pid, spec, args.check, field, value, args.note)
            except UserError as exc:
                raise UserError(f"--limit {args.limit}: {exc}") from None
    print(f"{whose}: {describe_limit(spec, done)} (the exercise file: "
          f"{file_limit_words(spec, args.check, [done.field] if done.field else None)}); "
          "used from the next check or live with --patient")
    return 0


def _check(spec: ExerciseSpec, check: str):
    try:
        return find_check(spec, check)
    except UserError:
        ids = ", ".join(c.id for c in spec.constraints)
        raise UserError(f"--check {check!r}: {spec.name} has no such check "
                        f"(its checks: {ids})") from None


def _field(spec: ExerciseSpec, check: str, bound: str | None) -> str:
    """The limit field that ``--limit`` replaces: the check's only one, or the one
    read with the words of ``--bound``."""
    present = limit_fields(spec, check)
    chosen = [f for f in present if bound is None or BOUND_WORDS[f] == BOUNDS[bound]]
    if len(chosen) == 1:
        return chosen[0]
    cue = printable(find_check(spec, check).cue)
    if not chosen:
        raise UserError(f"--bound {bound}: “{cue}” has no limit {BOUNDS[bound]}; "
                        f"it has {file_limit_words(spec, check)}")
    choices = " or ".join(f"--bound {BOUND_WORDS[f].replace(' ', '-')}" for f in present)
    raise UserError(f"--check {check}: “{cue}” has two limits, {file_limit_words(spec, check)}: "
                    f"give {choices}")


def _list(args: argparse.Namespace) -> int:
    with open_history(args.db) as conn:
        pid = _known_patient(conn, args.patient, "adjustments")
        found = in_force(conn, pid)
    label = printable(clean_label(args.patient))
    if not found:
        print(f"nothing adjusted for {label}: every check uses its exercise file's limits")
        return 0
    print(f"Adjusted for {label}, used by check and live with --patient:")
    exercise = None
    for f in found:
        if f.exercise != exercise:
            exercise = f.exercise
            print(f"{printable(f.exercise_name)} (exercise id: {printable(f.exercise)})")
        a = f.adjustment
        file_words = f" (the exercise file: {f.applied.file_words})" if f.applied else ""
        print(f"  {printable(f.words)}{file_words}")
        print(f"    check id: {printable(a.constraint)}; set by the therapist on {a.set_at[:10]}"
              + (f": “{printable(a.note)}”" if a.note else ""))
    return 0
