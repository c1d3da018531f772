"""`formcheck check`: check recorded videos or landmark tracks against an exercise.

One input file gives one report (and a readable summary). Several inputs, a
folder, a glob pattern or ``--manifest`` switch to batch mode: worker processes
(or a Ray cluster), one report per input in ``--out-dir`` plus ``summary.csv``
and ``summary.json``; a rerun skips inputs whose report is up to date.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from formcheck.errors import UserError
from formcheck.pose.person_policy import DEFAULT_PERSON_POLICY
from formcheck.pose.track import is_track_path
from formcheck.session.exercise import ResolvedExercise
from formcheck.session.models import DEFAULT_MODEL, MODEL_VARIANTS, model_path
from formcheck.session.options import PERSON_POLICIES, CheckOptions

DEFAULT_OUT_DIR = Path("formcheck-reports")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `check` subcommand."""
    p = sub.add_parser(
        "check", help="check videos or landmark tracks (.track.npz): one file, or many in batch"
    )
    p.add_argument("input", nargs="*", metavar="VIDEO|TRACK|DIR|GLOB",
                   help="one input (single mode), or several / a folder / a quoted glob (batch)")
    p.add_argument("-e", "--exercise",
                   help="exercise id or .toml file (in batch mode, the default for a manifest)")
    p.add_argument("-o", "--report", type=Path, metavar="OUT.json",
                   help="where to write the JSON report (default: INPUT-NAME.EXERCISE.json "
                        "in the current folder); single mode only")
    p.add_argument("--model", default=DEFAULT_MODEL,
                   help=f"pose model: {', '.join(MODEL_VARIANTS)} (default {DEFAULT_MODEL}), "
                        "or a .task file")
    p.add_argument("--person", choices=PERSON_POLICIES, default=DEFAULT_PERSON_POLICY.value,
                   help="auto (default): follow one person, and keep to the exerciser once a "
                        "scan finds a second one (a coach, someone walking past); single: "
                        "follow whoever is found first (fastest); choose: look for two on "
                        "every frame (about 2x slower)")
    speed = p.add_argument_group(
        "speed (by default the pose model runs as often as the exercise's rules need, on every "
        "frame near a decision; recorded in reports)")
    speed.add_argument("--every-frame", action="store_true",
                       help="run the pose model on every frame of a video")
    speed.add_argument("--stride", type=int, default=1, metavar="N",
                       help="check every N-th frame only")
    speed.add_argument("--max-fps", type=float, metavar="F",
                       help="check at most F frames per second of video")
    speed.add_argument("--resize", type=int, metavar="WIDTH",
                       help="shrink wider frames to WIDTH pixels before pose inference")
    p.add_argument("--annotate", type=Path, metavar="OUT.mp4",
                   help="also write a video (H.264 MP4, plays in a browser) with the skeleton, "
                        "rep counts, key measures and cues; a track is drawn on a plain "
                        "background")
    p.add_argument("--debug-hud", action="store_true",
                   help="with --annotate: also show debugging figures (view, phase, frame)")
    p.add_argument("--save-track", type=Path, metavar="OUT.track.npz",
                   help="also save the landmark track, to re-check later without the model")
    p.add_argument("--patient", metavar="NAME",
                   help="also save the session in the history database under NAME "
                        "(single mode; see `formcheck history`)")
    batch = p.add_argument_group("batch mode")
    batch.add_argument("--manifest", type=Path, metavar="FILE.csv|FILE.toml",
                       help="inputs and their exercises: CSV columns file,exercise or TOML "
                            "[[input]] tables with file and exercise")
    batch.add_argument("--out-dir", type=Path, metavar="DIR",
                       help=f"folder for reports and the summary (default: {DEFAULT_OUT_DIR})")
    batch.add_argument("--workers", type=int, metavar="N",
                       help="worker processes (default: one per CPU core)")
    batch.add_argument("--engine", choices=("local", "ray"), default="local",
                       help="local worker processes (default) or a Ray cluster")
    batch.add_argument("--ray", metavar="ADDRESS",
                       help="Ray cluster address (HOST:PORT or auto); implies --engine ray")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary or progress")
    p.add_argument("--explain", action="store_true",
                   help="after the summary, print what each check means and what one camera "
                        "cannot see of it")
    p.add_argument("--fail-on-flags", action="store_true",
                   help="exit with code 1 when a form fault was flagged")
    p.set_defaults(run=run)


def default_report_path(source: Path, exercise_id: str) -> Path:
    """INPUT-NAME.EXERCISE.json in the current folder."""
    from formcheck.batch.inputs import input_stem

    return Path(f"{input_stem(source)}.{exercise_id}.json")


def _options(args: argparse.Namespace) -> CheckOptions:
    return CheckOptions(model=args.model, person=args.person, stride=args.stride,
                        max_fps=args.max_fps, resize=args.resize, every_frame=args.every_frame)


def is_batch(args: argparse.Namespace) -> bool:
    """True unless exactly one input is named that is not a folder or a glob pattern."""
    from formcheck.batch.inputs import has_glob_magic

    if args.manifest is not None or len(args.input) != 1:
        return True
    if args.out_dir is not None or args.workers is not None:
        return True
    if args.engine == "ray" or args.ray is not None:
        return True
    only = Path(args.input[0])
    return only.is_dir() or (not only.exists() and has_glob_magic(args.input[0]))


def run(args: argparse.Namespace) -> int:
    """Check one input (single mode) or many (batch mode)."""
    if is_batch(args):
        return _run_batch(args)
    from formcheck.session.runner import run_recording

    if args.exercise is None:
        raise UserError("--exercise is required")
    exercise = ResolvedExercise.resolve(args.exercise)
    source = Path(args.input[0])
    if not source.exists():
        raise UserError(f"{source}: no such file")
    options = _options(args)
    if args.debug_hud and args.annotate is None:
        raise UserError("--debug-hud shows on the annotated video: add --annotate OUT.mp4")
    outputs: dict[str, Path | None] = {
        name: target for name, target in (("video_debug" if args.debug_hud else "video",
                                           args.annotate), ("track", args.save_track))
        if target is not None
    }
    outputs["json"] = args.report or default_report_path(source, exercise.spec.id)
    if not args.quiet:
        outputs["summary"] = None
        if args.explain:
            outputs["explanations"] = None
    history = None
    if args.patient is not None:  # fail now, not after the whole video is analysed
        from formcheck.cli.patient import patient_exercise

        history, exercise = patient_exercise(args.patient, exercise, quiet=args.quiet)
    progress = None if args.quiet or not sys.stderr.isatty() else _progress_bar
    report = run_recording(source, exercise, options, outputs=outputs, progress=progress)
    if history is not None:
        from formcheck.cli.printable import printable
        from formcheck.history import save_session
        from formcheck.report.media import find_media

        video = find_media(report).video if is_track_path(source) else source
        session = save_session(report, history.label, history.db_path, video=video)
        if not args.quiet:
            print(f"history: saved as session {session} for {printable(history.label)}")
    return 1 if args.fail_on_flags and report.flags else 0


def _run_batch(args: argparse.Namespace) -> int:
    from formcheck.batch.executors import (
        InProcessExecutor,
        ProcessExecutor,
        RayExecutor,
        default_workers,
    )
    from formcheck.batch.inputs import expand_inputs
    from formcheck.batch.manifest import read_manifest
    from formcheck.batch.runner import run_batch
    from formcheck.batch.summary import SUMMARY_CSV

    if args.report is not None:
        raise UserError("-o/--report names one report; in batch mode use --out-dir")
    if args.annotate is not None or args.save_track is not None:
        raise UserError("--annotate and --save-track work on one input, not in batch mode")
    if args.manifest is not None and args.input:
        raise UserError("give inputs either on the command line or in --manifest, not both")
    options = _options(args)
    if args.manifest is not None:
        jobs = read_manifest(args.manifest, args.exercise)
    else:
        if not args.input:
            raise UserError("no inputs: name files, folders or a glob, or pass --manifest")
        jobs = expand_inputs(args.input, args.exercise)
    if args.engine == "ray" or args.ray is not None:
        executor = RayExecutor(args.ray)
    else:
        if not all(is_track_path(job.path) for job in jobs):
            model_path(options.model)  # fail once, here, rather than once per video
        workers = default_workers() if args.workers is None else args.workers
        executor = InProcessExecutor() if workers == 1 else ProcessExecutor(workers)
    out_dir = args.out_dir or DEFAULT_OUT_DIR
    result = run_batch(jobs, options, out_dir, executor, show_progress=not args.quiet)
    if not args.quiet:
        checked = sum(r.status == "ok" for r in result.rows)
        skipped = sum(r.status == "skipped" for r in result.rows)
        print(f"{len(result.rows)} inputs: {checked} checked, {skipped} up to date, "
              f"{result.errors} failed, {result.flagged} with form flags")
        print(f"summary: {out_dir / SUMMARY_CSV}")
    if result.errors:
        return 2
    return 1 if args.fail_on_flags and result.flagged else 0


@contextlib.contextmanager
def _progress_bar(total: int) -> Iterator[Callable[[int], None]]:
    """A tqdm bar on stderr for `total` frames (0: unknown); yields a frames-done callback."""
    from tqdm import tqdm

    with tqdm(total=total or None, unit="frame", leave=False, file=sys.stderr) as bar:
        yield lambda done: bar.update(done - bar.n)
