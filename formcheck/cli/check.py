"""`formcheck check`: check a recorded video or landmark track against an exercise."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from formcheck.engine import Engine
from formcheck.errors import UserError
from formcheck.pipeline import TrackRecorder, analyze
from formcheck.report.build import build_report
from formcheck.report.model import Report, SourceInfo
from formcheck.report.summary import summarize
from formcheck.report.write import write_report
from formcheck.sources import observe_track
from formcheck.spec import find_exercise, load_exercise, spec_digest
from formcheck.spec.model import ExerciseSpec
from formcheck.track import Track, is_track_path, load_track, save_track

MODEL_VARIANTS = ("lite", "full", "heavy")
REPLAY_BLOCK = 512


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `check` subcommand."""
    p = sub.add_parser("check", help="check a video or landmark track (.track.npz)")
    p.add_argument("input", type=Path, metavar="VIDEO|TRACK")
    p.add_argument("-e", "--exercise", required=True, help="exercise id or .toml file")
    p.add_argument("-o", "--report", type=Path, metavar="OUT.json",
                   help="where to write the JSON report (default: INPUT-NAME.EXERCISE.json "
                        "in the current folder)")
    p.add_argument("--model", default="full",
                   help="pose model: lite, full (default), heavy, or a .task file")
    p.add_argument("--person", choices=("single", "choose"), default="single",
                   help="single: follow one person (fast); choose: look for two and keep the "
                        "exerciser, ignoring a bystander (about 2x slower)")
    p.add_argument("--annotate", type=Path, metavar="OUT.mp4",
                   help="also write a video with skeleton, key angle, rep counter and cues")
    p.add_argument("--save-track", type=Path, metavar="OUT.track.npz",
                   help="also save the landmark track, to re-check later without the model")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary or progress")
    p.add_argument("--fail-on-flags", action="store_true",
                   help="exit with code 1 when a form fault was flagged")
    p.set_defaults(run=run)


def default_report_path(source: Path, exercise_id: str) -> Path:
    """INPUT-NAME.EXERCISE.json in the current folder."""
    stem = source.name.removesuffix(".track.npz").rsplit(".", 1)[0]
    return Path(f"{stem}.{exercise_id}.json")


def run(args: argparse.Namespace) -> int:
    """Check one input; print the summary; write the report (and optional outputs)."""
    spec_path = find_exercise(args.exercise)
    spec = load_exercise(spec_path)
    if not args.input.exists():
        raise UserError(f"{args.input}: no such file")
    if args.save_track is not None and not is_track_path(args.save_track):
        raise UserError(f"--save-track {args.save_track}: the name must end in .track.npz")
    if is_track_path(args.input):
        if args.annotate is not None:
            raise UserError("--annotate needs a video; a landmark track has no pictures")
        report = _check_track(args, spec, spec_digest(spec_path))
    else:
        report = _check_video(args, spec, spec_digest(spec_path))
    out = args.report or default_report_path(args.input, spec.id)
    write_report(report, out)
    if not args.quiet:
        print(summarize(report))
        print(f"report: {out}")
    return 1 if args.fail_on_flags and report.flags else 0


def _options(args: argparse.Namespace, **extra: str | None) -> dict[str, str | None]:
    return {"exercise": args.exercise, **extra}


def _check_track(args: argparse.Namespace, spec: ExerciseSpec, digest: str) -> Report:
    track = load_track(args.input)
    if len(track) == 0:
        raise UserError(f"{args.input}: the track has no frames")
    analysis = analyze(observe_track(track), Engine(spec), block_size=REPLAY_BLOCK)
    if args.save_track is not None:
        save_track(track, args.save_track)
    size = track.meta.get("image_size")
    source = SourceInfo(
        path=str(args.input), kind="track", frames=analysis.frames,
        frames_with_person=analysis.frames_with_person,
        duration_s=round((analysis.last_ms - analysis.first_ms) / 1000.0, 3),
        fps=track.meta.get("fps"), image_size=tuple(size) if size else None,
    )
    return build_report(analysis, source=source, spec_sha256=digest,
                        model=track.meta.get("model"), options=_options(args))


def _check_video(args: argparse.Namespace, spec: ExerciseSpec, digest: str) -> Report:
    from formcheck.models import resolve_model
    from formcheck.pose.mediapipe_backend import MediaPipePoseBackend
    from formcheck.sources import observe_video
    from formcheck.video import VideoReader

    if args.model in MODEL_VARIANTS:
        model_path, model_name = resolve_model(args.model), args.model
    else:
        model_path, model_name = resolve_model(explicit=Path(args.model)), str(args.model)
    sinks: list = []
    recorder = TrackRecorder()
    if args.save_track is not None:
        sinks.append(recorder)
    with contextlib.ExitStack() as stack:
        reader = stack.enter_context(VideoReader(args.input))
        info = reader.info
        if args.annotate is not None:
            from formcheck.render.video_sink import AnnotatedVideoWriter

            sinks.append(stack.enter_context(
                AnnotatedVideoWriter(args.annotate, spec, info.fps, (info.width, info.height))
            ))
        backend = stack.enter_context(
            MediaPipePoseBackend(model_path, person_policy=args.person)
        )
        progress = _progress_bar(stack, info.frame_count, args.quiet or not sys.stderr.isatty())
        analysis = analyze(observe_video(reader, backend, progress), Engine(spec), sinks)
        truncated = reader.truncated
    if analysis.frames == 0:
        raise UserError(f"{args.input}: no frames could be decoded")
    if analysis.frames_with_person == 0:
        raise UserError(f"{args.input}: no person was found in any of {analysis.frames} frames")
    if args.save_track is not None:
        meta = {"source": str(args.input), "model": model_name, "fps": info.fps,
                "image_size": [info.width, info.height]}
        save_track(Track.from_frames(recorder.poses, meta), args.save_track)
    source = SourceInfo(
        path=str(args.input), kind="video", frames=analysis.frames,
        frames_with_person=analysis.frames_with_person,
        duration_s=round((analysis.last_ms - analysis.first_ms) / 1000.0, 3),
        fps=round(info.fps, 3), image_size=(info.width, info.height), truncated=truncated,
    )
    return build_report(analysis, source=source, spec_sha256=digest, model=model_name,
                        options=_options(args, person=args.person))


def _progress_bar(stack: contextlib.ExitStack, total: int, disable: bool):
    """A tqdm bar on stderr; returns a callback taking the frames done so far."""
    from tqdm import tqdm

    bar = stack.enter_context(tqdm(total=total or None, unit="frame", disable=disable,
                                   leave=False, file=sys.stderr))

    def update(done: int) -> None:
        bar.update(done - bar.n)

    return update
