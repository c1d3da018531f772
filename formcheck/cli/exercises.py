"""`formcheck exercises`: list the exercises, show one in full, validate files."""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

from formcheck.errors import UserError
from formcheck.spec import exercise_files, find_exercise, load_exercise
from formcheck.spec.language import VIEW_NAMES, ExerciseSpec, Prescription

_WIDTH = 88
# The file's own word for a view, with the plain one beside it where they differ.
_VIEW_NAMES = {view: view if name == view else f"{view} ({name})"
               for view, name in VIEW_NAMES.items()}
_SIDES = {"both": "", "alternate": ", alternating sides", "each": ", each side", "none": ""}


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `exercises` subcommand."""
    parser = sub.add_parser("exercises", help="list exercises, or validate exercise files")
    parser.set_defaults(run=_list)
    actions = parser.add_subparsers(dest="action")
    validate = actions.add_parser("validate", help="check exercise files for errors")
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    validate.set_defaults(run=_validate)
    show = actions.add_parser(
        "show", help="everything one exercise counts and checks, and what the camera cannot see"
    )
    show.add_argument("exercise", metavar="EXERCISE", help="an exercise id or a .toml file")
    show.set_defaults(run=_show)


def _line(spec: ExerciseSpec, metric: str, value: float, bound: float | None, whose: str) -> str:
    """A counting line in words: "130°", or "130° (or down to 112° to follow ...)"."""
    text = spec.format_metric(metric, value)
    if bound is not None:
        text += f" (or as far as {spec.format_metric(metric, bound)}, following {whose})"
    return text


def _counted(spec: ExerciseSpec) -> str:
    """What the exercise counts, in words: the metric's label and the lines a rep crosses."""
    counts = []
    if spec.rep is not None:
        rep = spec.rep
        counts.append(
            f"reps of the {spec.metric_label(rep.driver)}, from "
            f"{_line(spec, rep.driver, rep.rest, rep.rest_adapts_to, 'the person’s start')} to "
            f"{_line(spec, rep.driver, rep.far, rep.far_adapts_to, 'the person’s reach')} "
            "and back"
        )
    if spec.hold is not None:
        counts.append(f"holds of the {spec.metric_label(spec.hold.metric)}")
    return ", ".join(counts)


def describe(spec: ExerciseSpec) -> str:
    """A few lines saying what an exercise counts and checks."""
    lines = [f"{spec.id:<24} {spec.name} — {_counted(spec)}; views: {', '.join(spec.views)}"]
    lines += [f"{'':<26}- {c.description}" for c in spec.constraints]
    return "\n".join(lines)


def _views(views: tuple[str, ...]) -> str:
    return " or ".join(_VIEW_NAMES[v] for v in views) + " view"


def _programme(plan: Prescription) -> str:
    """The prescription in words, e.g. "3 sets of 10 reps, alternating sides, held 5 s"."""
    sets = f"{plan.sets} set{'' if plan.sets == 1 else 's'}"
    amount = f" of {plan.reps} reps" if plan.reps else ""
    if plan.time_limit_s is not None:
        limit = f"{plan.time_limit_s:g} s"
        amount = (f"{amount} within {limit}" if plan.reps
                  else f", as many reps as possible in {limit}")
    held = f", {'each ' if plan.reps else ''}held {plan.hold_s:g} s" if plan.hold_s else ""
    return f"{sets}{amount}{_SIDES[plan.sides]}{held}"


def _paragraph(label: str, text: str, indent: str) -> list[str]:
    return textwrap.wrap(f"{label}{text}", _WIDTH, initial_indent=indent,
                         subsequent_indent=indent + "  ", break_on_hyphens=False)


def show(spec: ExerciseSpec) -> str:
    """Everything a PT reading an exercise needs: programme, counting, checks, limits.

    Each check gives its description, the cue the user hears, its severity, the
    views it is judged from and what one camera cannot see about it.
    """
    lines = [f"{spec.name} ({spec.id})"]
    lines += _paragraph("", spec.description, "  ") if spec.description else []
    lines += _paragraph("Programme: ", _programme(spec.prescription), "  ")
    lines += _paragraph("Counts: ", _counted(spec), "  ")
    lines += _paragraph("Camera: ", _views(spec.views), "  ")
    if spec.observability:
        lines += _paragraph("What one camera cannot see: ", spec.observability, "  ")
    lines += ["", "Checks:"]
    for check in spec.constraints:
        views = _views(check.views or spec.views)
        lines.append(f"  {check.id} ({check.severity}; {views})")
        lines += _paragraph("", check.description, "    ")
        lines += _paragraph("Cue: ", f'"{check.cue}"', "    ")
        if check.observability:
            lines += _paragraph("Camera: ", check.observability, "    ")
    return "\n".join(lines)


def _show(args: argparse.Namespace) -> int:
    print(show(load_exercise(find_exercise(args.exercise))))
    return 0


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
