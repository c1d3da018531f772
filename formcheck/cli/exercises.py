"""`formcheck exercises`: list the exercises and what each checks; validate files."""

from __future__ import annotations

import argparse
from pathlib import Path

from formcheck.errors import UserError
from formcheck.spec import exercise_files, load_exercise
from formcheck.spec.model import ExerciseSpec


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `exercises` subcommand."""
    parser = sub.add_parser("exercises", help="list exercises, or validate exercise files")
    parser.set_defaults(run=_list)
    actions = parser.add_subparsers(dest="action")
    validate = actions.add_parser("validate", help="check exercise files for errors")
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    validate.set_defaults(run=_validate)


def describe(spec: ExerciseSpec) -> str:
    """A few lines saying what an exercise counts and checks."""
    counts = []
    if spec.rep is not None:
        counts.append(f"reps of {spec.rep.driver}")
    if spec.hold is not None:
        counts.append(f"holds of {spec.hold.metric}")
    lines = [f"{spec.id:<24} {spec.name} — {', '.join(counts)}; views: {', '.join(spec.views)}"]
    lines += [f"{'':<26}- {c.description}" for c in spec.constraints]
    return "\n".join(lines)


def _list(args: argparse.Namespace) -> int:
    for path in exercise_files().values():
        print(describe(load_exercise(path)))
    return 0


def _validate(args: argparse.Namespace) -> int:
    failed = []
    for path in args.files:
        try:
            spec = load_exercise(path)
        except UserError as exc:
            failed.append(str(exc))
            continue
        print(f"{path}: ok ({spec.id}: {len(spec.metrics)} metrics, "
              f"{len(spec.constraints)} checks)")
    if failed:
        raise UserError("\n".join(failed))
    return 0
