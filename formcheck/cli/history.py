"""`formcheck history`: stored sessions, symptom check-ins, weekly trends and (in
`history_adjust`) a patient's own limits."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pydantic import ValidationError

from formcheck.cli import history_adjust
from formcheck.cli.printable import printable
from formcheck.cli.report import load_session_report
from formcheck.errors import UserError
from formcheck.history.checkin import DIRECTIONS, LOCATIONS, CheckIn
from formcheck.history.export import export_session
from formcheck.history.location import ENV_VAR
from formcheck.history.store import (
    add_session,
    clean_label,
    open_history,
    sessions,
    set_checkin,
)
from formcheck.history.trends import WeekTrend, weekly_trends
from formcheck.report.write import write_text_atomic
from formcheck.spec.units import UNITS, with_unit


def _common() -> argparse.ArgumentParser:
    """--db and --patient, accepted before or after the action.

    A fresh parser per use: argparse shares a parent's option objects with its
    children, so one parent's defaults would leak into the others.
    """
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, metavar="FILE", default=argparse.SUPPRESS,
                        help=f"history database (default: ${ENV_VAR} or the user data folder)")
    common.add_argument("--patient", metavar="NAME", default=argparse.SUPPRESS,
                        help="the patient's label")
    return common


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `history` subcommand and its actions."""
    p = sub.add_parser("history", parents=[_common()],
                       help="stored sessions per patient, check-ins and trends")
    p.set_defaults(run=_list, db=None, patient=None)
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    actions.add_parser("list", parents=[_common()],
                       help="list sessions (the default)").set_defaults(run=_list)
    actions.add_parser("trends", parents=[_common()], help="weekly adherence, range of motion, "
                       "flag rate and pain per exercise").set_defaults(run=_trends)
    add = actions.add_parser("add", parents=[_common()],
                             help="store a JSON report under a patient")
    add.add_argument("report", type=Path, metavar="SESSION.json")
    add.add_argument("--video", type=Path, metavar="FILE",
                     help="the video the report was checked from: the review app takes "
                          "pictures only from a video named here, never from the report's own "
                          "path")
    add.set_defaults(run=_add)
    ci = actions.add_parser("checkin", parents=[_common()],
                            help="record pain and where it is felt for a session")
    ci.add_argument("session", type=int, metavar="SESSION_ID")
    ci.add_argument("--pain-before", type=int, metavar="0-10")
    ci.add_argument("--pain-after", type=int, metavar="0-10")
    ci.add_argument("--location", choices=tuple(LOCATIONS),
                    help="where the pain is felt now: "
                         + "; ".join(f"{k}: {v}" for k, v in LOCATIONS.items()))
    ci.add_argument("--direction", choices=tuple(DIRECTIONS),
                    help="how the pain moved since the last session: "
                         + "; ".join(DIRECTIONS.values()))
    ci.add_argument("--note", default="")
    ci.set_defaults(run=_checkin)
    ex = actions.add_parser("export", parents=[_common()],
                            help="a session with its check-in and flag reviews, as JSON")
    ex.add_argument("session", type=int, metavar="SESSION_ID")
    ex.add_argument("-o", "--output", type=Path, metavar="OUT.json", required=True)
    ex.set_defaults(run=_export)
    history_adjust.register(actions, _common)


def _fmt(value: float | None, pattern: str = "{:.2f}", missing: str = "–") -> str:
    return missing if value is None else pattern.format(value)


def _list(args: argparse.Namespace) -> int:
    with open_history(args.db) as conn:
        rows = sessions(conn, args.patient)
    if not rows:
        print("no sessions stored" + (f" for {printable(args.patient)}" if args.patient else ""))
        return 0
    print(f"{'id':>4}  {'date':<10}  {'patient':<16}  {'exercise':<14}  {'reps':>4}  "
          f"{'flags':>5}  {'adher.':>6}  pain before→after")
    for r in rows:
        pain = (f"{_fmt(r.pain_before, '{}')}→{_fmt(r.pain_after, '{}')}"
                + (f" {LOCATIONS[r.location]}" if r.location in LOCATIONS else "")
                + (f", {printable(r.direction)}" if r.direction else ""))
        print(f"{r.id:>4}  {printable(r.created_at)[:10]:<10}  {printable(r.patient)[:16]:<16}  "
              f"{printable(r.exercise)[:14]:<14}  {_fmt(r.reps, '{}', 'n/m'):>4}  {r.flags:>5}  "
              f"{_fmt(r.adherence, '{:.0%}'):>6}  {pain}")
    return 0


def _trends(args: argparse.Namespace) -> int:
    if not args.patient:
        raise UserError("history trends: give --patient NAME")
    with open_history(args.db) as conn:
        weeks = weekly_trends(sessions(conn, args.patient))
    if not weeks:
        print(f"no sessions stored for {printable(args.patient)}")
        return 0
    print(f"{'exercise':<14}  {'week':<8}  {'sets':>4}  {'reps':>4}  {'adher.':>6}  "
          f"{'flags/set':>9}  {'range reached':<28}  {'s/rep':>5}  {'held':>6}  "
          f"pain before→after  centr./periph.")
    for w in weeks:
        print(f"{printable(w.exercise)[:14]:<14}  {w.week:<8}  {w.sessions:>4}  {w.reps:>4}  "
              f"{_fmt(w.adherence, '{:.0%}'):>6}  {w.flags_per_set:>9.1f}  {_range(w)[:28]:<28}  "
              f"{_fmt(w.rep_s, '{:.1f}'):>5}  {_fmt(w.hold_s, '{:.1f} s'):>6}  "
              f"{_fmt(w.pain_before, '{:.1f}'):>6}→{_fmt(w.pain_after, '{:.1f}'):<9}  "
              f"{w.centralizing}/{w.peripheralizing}")
    return 0


def _range(week: WeekTrend) -> str:
    """The week's range reached, with its unit once: "78 % of torso length", "L 120, R 118°"."""
    if not week.sided and week.rom is None:
        return _fmt(None)
    numbers = (f"L {week.rom_left:.0f}, R {week.rom_right:.0f}" if week.sided
               else f"{week.rom:.0f}")
    if week.rom_unit not in UNITS:
        return numbers
    return with_unit(numbers, week.rom_unit)  # type: ignore[arg-type]


def _add(args: argparse.Namespace) -> int:
    if not args.patient:
        raise UserError("history add: give --patient NAME")
    if args.video is not None and not args.video.is_file():
        raise UserError(f"--video {args.video}: no such file")
    report = load_session_report(args.report)
    with open_history(args.db) as conn:
        sid = add_session(conn, report, args.patient, video=args.video)
    print(f"stored as session {sid} for {printable(clean_label(args.patient))}")
    return 0


def _checkin(args: argparse.Namespace) -> int:
    try:
        found = CheckIn(pain_before=args.pain_before, pain_after=args.pain_after,
                        location=args.location, direction=args.direction, note=args.note)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"]) or "check-in"
        raise UserError(f"{where.replace('_', '-')}: {error['msg']}") from None
    with open_history(args.db) as conn:
        set_checkin(conn, args.session, found)
    print(f"check-in stored for session {args.session}")
    return 0


def _export(args: argparse.Namespace) -> int:
    with open_history(args.db) as conn:
        data = export_session(conn, args.session)
    write_text_atomic(args.output, json.dumps(data, indent=1, ensure_ascii=False))
    print(f"exported: {args.output}")
    return 0
