"""`formcheck live`: coaching in front of a camera, or a video played as one."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from formcheck.live.plan import DEFAULT_REST_S
from formcheck.session.models import DEFAULT_LIVE_MODEL

if TYPE_CHECKING:
    from formcheck.report.document import Report


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `live` subcommand."""
    p = sub.add_parser(
        "live", help="live coaching from a webcam (or a video played as one)",
        description="Live coaching: reps, hold timer, form cues in a window and spoken. "
                    "Keys: space pause/resume, n next set, r recalibrate, d show frame rates, "
                    "q quit.",
    )
    p.add_argument("-e", "--exercise", required=True, help="exercise id or .toml file")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--camera", type=int, default=0, metavar="N", help="camera index (0)")
    where.add_argument("--source", type=Path, metavar="FILE",
                       help="play a video file as if it were the camera")
    p.add_argument("--pace", choices=("realtime", "lossless"), default="realtime",
                   help="with --source: realtime plays at the video's pace and drops frames "
                        "when analysis falls behind (as a camera); lossless analyses every "
                        "frame, as fast as it can (reproducible, same as `formcheck check`)")
    p.add_argument("--model", default=DEFAULT_LIVE_MODEL,
                   help="pose model: lite (default, fastest), full, heavy, or a .task file")
    p.add_argument("--person", choices=("single", "choose"), default="single",
                   help="single: follow one person; choose: ignore a bystander (about 2x slower)")
    p.add_argument("--sets", type=int, help="sets (default: the exercise's prescription)")
    p.add_argument("--reps", type=int,
                   help="reps per set (holds per set for a hold exercise); 0: no target, the "
                        "set runs until n, q or the end of the source")
    p.add_argument("--hold", type=float, metavar="SECONDS",
                   help="good-form seconds a hold must last")
    p.add_argument("--rest", type=float, default=DEFAULT_REST_S, metavar="SECONDS",
                   help=f"rest between sets (default {DEFAULT_REST_S:g})")
    p.add_argument("--mute", action="store_true", help="no spoken cues or rep sounds")
    p.add_argument("--no-window", action="store_true", help="run without a window (no keys)")
    p.add_argument("--no-mirror", action="store_true", help="show the image as the camera sees it")
    p.add_argument("-o", "--output", type=Path, metavar="PREFIX",
                   help="where to save: PREFIX.setN.json and PREFIX.setN.track.npz "
                        "(default: live-DATE-TIME.EXERCISE in the current folder)")
    p.add_argument("--patient", metavar="NAME",
                   help="also save each set in the history database under NAME")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary")
    p.set_defaults(run=run)


def analysed_rate_line(path: Path, report: Report) -> str:
    """One plain line: how often the camera's frames were analysed during a saved set."""
    info = report.analysis
    rate = None if info is None else info.analysed_rate_hz
    if info is None or rate is None:
        return f"{path.name}: too short to tell how often frames were analysed"
    camera = f" of the camera's {report.source.fps:.0f}" if report.source.fps else ""
    share = f" ({info.frames_analysed} of {info.frames_decoded} frames)"
    return f"{path.name}: analysed {rate:.0f} frames a second{camera}{share}"


def run(args: argparse.Namespace) -> int:
    """Run the session; print each set's summary and where it was saved."""
    from formcheck.live.run import LiveOptions, run_live

    history, adjustments = None, ()
    if args.patient:  # fail now, before the model loads and the camera opens
        from formcheck.cli.patient import patient_exercise
        from formcheck.session.exercise import ResolvedExercise

        history, exercise = patient_exercise(args.patient, ResolvedExercise.resolve(args.exercise),
                                             quiet=args.quiet)
        adjustments = exercise.adjustments
    options = LiveOptions(
        exercise=args.exercise, camera=args.camera, source=args.source,
        realtime=args.pace == "realtime", model=args.model, person=args.person,
        sets=args.sets, reps=args.reps, hold_s=args.hold, rest_s=args.rest, mute=args.mute,
        window=not args.no_window, mirror=not args.no_mirror, output=args.output,
        summary=not args.quiet, adjustments=adjustments,
    )
    result = run_live(options)
    if not args.quiet:
        if result.summary:
            print(f"session: {result.summary}")
        s = result.stats
        print(f"frames: {s.captured} captured, {s.analysed} analysed, {s.dropped} dropped; "
              f"{s.display_fps:.1f} frames/s shown")
        for path, report in result.reports:
            print(analysed_rate_line(path, report))
    if history is not None:
        from formcheck.cli.printable import printable
        from formcheck.history import save_session

        for _, report in result.reports:
            session = save_session(report, history.label, history.db_path, video=args.source)
            if not args.quiet:
                print(f"history: saved as session {session} for {printable(history.label)}")
    return 0
