"""`formcheck exercises`: list the exercises, show one in full, validate files, learn a new one."""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

from formcheck.errors import UserError
from formcheck.report.wording import severity_words, views_text
from formcheck.session.models import DEFAULT_MODEL
from formcheck.spec import exercise_files, find_exercise, load_exercise
from formcheck.spec.adjust import file_limit_words
from formcheck.spec.language import VIEW_NAMES, Constraint, ExerciseSpec, Prescription, RepSpec

_WIDTH = 88
_KEPT_SPACE = "\u00a0"  # a space the wrapping does not break at
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
    learn = actions.add_parser(
        "learn", help="write a new exercise file from a demonstration (a video or a track)"
    )
    learn.add_argument("demo", type=Path, metavar="DEMO",
                       help="a video of a few good reps (or a hold), or its .track.npz")
    learn.add_argument("--id", required=True, dest="exercise_id",
                       help="the new exercise's id (lower case, digits, _)")
    learn.add_argument("--name", required=True, help="the new exercise's name")
    learn.add_argument("--reps", type=int, default=None, metavar="N",
                       help="how many reps the demonstration shows (default: as many as found)")
    learn.add_argument("--hold", action="store_true", help="the demonstration is a steady hold")
    learn.add_argument("-o", "--output", type=Path, default=None, metavar="FILE.toml",
                       help="where to write the file (default: ID.toml here)")
    learn.add_argument("--views", type=_view_list, default=(), metavar="VIEW,...",
                       help="also count from these views (side, front, oblique), beyond those "
                       "the driver reads from; the checks stay on the demonstration's view")
    learn.add_argument("--model", default=DEFAULT_MODEL,
                       help=f"pose model for a video demonstration (default {DEFAULT_MODEL})")
    learn.set_defaults(run=_learn)


def _line(spec: ExerciseSpec, metric: str, value: float, bound: float | None, whose: str) -> str:
    """A counting line in words: "130°", or "130° (or down to 112° to follow ...)"."""
    text = spec.format_metric(metric, value)
    if bound is not None:
        text += f" (or as far as {spec.format_metric(metric, bound)}, following {whose})"
    return text


def _either_end(spec: ExerciseSpec, rep: RepSpec) -> str:
    """The start at the far end in words, or nothing when a set always starts at rest."""
    if not rep.start_either_end:
        return ""
    return (f"; a set that begins at the far end (past {spec.format_metric(rep.driver, rep.far)})"
            f" and stays there for {rep.far_start_s:g} s or more is counted from there and back")


def _counted(spec: ExerciseSpec) -> str:
    """What the exercise counts, in words: the metric's label and the lines a rep crosses
    or a hold stays within."""
    counts = []
    if spec.rep is not None:
        rep = spec.rep
        counts.append(
            f"reps of the {spec.metric_label(rep.driver)}, from "
            f"{_line(spec, rep.driver, rep.rest, rep.rest_adapts_to, 'the person’s start')} to "
            f"{_line(spec, rep.driver, rep.far, rep.far_adapts_to, 'the person’s reach')} "
            "and back" + _either_end(spec, rep)
        )
    if spec.hold is not None:
        hold = spec.hold
        counts.append(
            f"holds of the {spec.metric_label(hold.metric)}: in position at "
            f"{spec.format_metric(hold.metric, hold.enter)} or {'less' if hold.falls else 'more'}"
            f", out of it past {spec.format_metric(hold.metric, hold.exit)}")
    return "; and ".join(counts)


def describe(spec: ExerciseSpec) -> str:
    """A few lines saying what an exercise counts and checks, after its id."""
    lines = [f"{spec.id:<24} {spec.name} — {_counted(spec)}; {_views(spec.views)}"]
    lines += [f"{'':<26}- {c.description}" for c in spec.constraints]
    return "\n".join(lines)


def _views(views: tuple[str, ...]) -> str:
    """The camera views in words: "side or three-quarter view"."""
    return f"{views_text(views)} view"


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


def _paragraph(label: str, text: str, indent: str, then: str | None = None) -> list[str]:
    """`label` and `text` wrapped, the first line after `indent`, the others after `then`
    (default: two spaces more); a number stays on the line of its "%"."""
    lines = textwrap.wrap(f"{label}{text}".replace(" %", _KEPT_SPACE + "%"), _WIDTH,
                          initial_indent=indent,
                          subsequent_indent=indent + "  " if then is None else then,
                          break_on_hyphens=False)
    return [line.replace(_KEPT_SPACE, " ") for line in lines]


def _limits(spec: ExerciseSpec, check: Constraint) -> list[str]:
    """The check's limits in the file, in words ("hips above or below the line at least
    -16 % of torso length"), as `history adjust` changes them; nothing without a limit."""
    try:
        return _paragraph("Limit: ", file_limit_words(spec, check.id), "     ")
    except UserError:
        return []


def _check(spec: ExerciseSpec, number: int, check: Constraint) -> list[str]:
    """One check: its description, how serious a fault is and the views it is judged
    from (with its id, which `history adjust --check` takes), its limit, cue and camera
    note."""
    lines = _paragraph(f"{number}. ", check.description, "  ", then="     ")
    lines += _paragraph("", f"{severity_words(check.severity).capitalize()}, judged from a "
                        f"{_views(check.views or spec.views)} (check id: {check.id})", "     ")
    lines += _limits(spec, check)
    lines += _paragraph("Cue: ", f'"{check.cue}"', "     ")
    if check.observability:
        lines += _paragraph("Camera: ", check.observability, "     ")
    return lines


def show(spec: ExerciseSpec) -> str:
    """Everything a PT reading an exercise needs: programme, counting, checks, limits.

    Each check gives its description, how serious a fault is, the views it is judged
    from, its limit, the cue the user hears and what one camera cannot see about it.
    """
    lines = [f"{spec.name} (exercise id: {spec.id})"]
    lines += _paragraph("", spec.description, "  ") if spec.description else []
    lines += _paragraph("Programme: ", _programme(spec.prescription), "  ")
    lines += _paragraph("Counts: ", _counted(spec), "  ")
    lines += _paragraph("Camera: ", _views(spec.views), "  ")
    if spec.observability:
        lines += _paragraph("What one camera cannot see: ", spec.observability, "  ")
    lines += ["", "Checks:" if spec.constraints else "Checks: none"]
    for number, check in enumerate(spec.constraints, 1):
        lines += _check(spec, number, check)
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


def _view_list(text: str) -> tuple[str, ...]:
    views = tuple(v.strip() for v in text.split(",") if v.strip())
    unknown = [v for v in views if v not in VIEW_NAMES]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown view {unknown[0]!r}: use side, front or oblique")
    return views


def _learn(args: argparse.Namespace) -> int:
    from formcheck.atomic import atomic_output
    from formcheck.learn import learn_exercise
    from formcheck.learn.confirm import confirm
    from formcheck.learn.demo import demo_track, track_path_for

    if not args.demo.exists():
        raise UserError(f"{args.demo}: no such file")
    output = args.output or Path(f"{args.exercise_id}.toml")
    if output.suffix != ".toml":
        raise UserError(f"-o {output}: an exercise file name must end in .toml")
    track, saved = demo_track(args.demo, args.model, track_path_for(output))
    if saved is not None:
        print(f"landmarks of the demonstration saved to {saved} (learn again from it "
              "without the model)")
    learned = learn_exercise(track.poses, demo=args.demo.name, exercise_id=args.exercise_id,
                             name=args.name, reps=args.reps, hold=args.hold,
                             views=args.views)
    with atomic_output(output) as out:
        out.write(learned.text.encode("utf-8"))
    spec = learned.spec
    moves = (f"reps of the {spec.metric_label(spec.rep.driver)}" if spec.rep is not None
             else f"a hold of the {spec.metric_label(spec.hold.metric)}")  # type: ignore[union-attr]
    sides = f", {learned.sides}" if learned.sides else ""
    print(f"{output}: {spec.name} — {moves}{sides}; {len(spec.constraints)} checks; "
          f"{_views(spec.views)}")
    found = confirm(track.poses, spec, learned.demonstrated)
    print("Checked on the demonstration: " + "; ".join(found.lines))
    for problem in found.problems:
        print(f"  warning: {problem}")
    if not found.problems:
        counted = "every rep counted" if spec.rep is not None else "every hold found"
        print(f"  a clean demonstration: no flags, {counted}")
    return 0
