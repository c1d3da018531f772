"""Setting up and running one live session, and saving each set's report and track."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from formcheck.live.capture import CaptureThread, FrameSlot
from formcheck.live.cues import Announcer
from formcheck.live.grabbers import CameraGrabber, FileGrabber
from formcheck.live.loop import LiveLoop, LiveStats, SetResult
from formcheck.live.plan import DEFAULT_REST_S, SessionPlan
from formcheck.live.speech import open_speech
from formcheck.live.window import NoWindow, Window
from formcheck.report.build import build_report
from formcheck.report.model import Report, SourceInfo
from formcheck.report.write import write_report
from formcheck.spec import find_exercise, load_exercise, spec_digest
from formcheck.track import Track, save_track

DEFAULT_LIVE_MODEL = "lite"
"""Fastest bundle: on a 2-core laptop CPU it keeps up with a 30 fps camera (bench_live.py)."""


@dataclass(frozen=True)
class LiveOptions:
    """What the user asked for.

    Attributes:
        exercise: exercise id or .toml path.
        camera: camera index, used when `source` is None.
        source: a video file played as a camera, or None.
        realtime: play `source` at its own pace, dropping frames when behind;
            False hands over every frame (reproducible, as `formcheck check`).
        model: pose model variant (lite, full, heavy) or a .task path.
        person: person policy of the pose backend ("single" or "choose").
        sets, reps, hold_s: prescription overrides (None = the exercise's own).
        rest_s: rest between sets, s.
        mute: no sound.
        window: show a window (False: run headless).
        mirror: mirror the shown image.
        output: file prefix; set k goes to PREFIX.setK.json and PREFIX.setK.track.npz.
    """

    exercise: str
    camera: int = 0
    source: Path | None = None
    realtime: bool = True
    model: str = DEFAULT_LIVE_MODEL
    person: str = "single"
    sets: int | None = None
    reps: int | None = None
    hold_s: float | None = None
    rest_s: float = DEFAULT_REST_S
    mute: bool = False
    window: bool = True
    mirror: bool = True
    output: Path | None = None


@dataclass(frozen=True)
class LiveRun:
    """A finished session.

    Attributes:
        reports: (report path, report) per saved set.
        tracks: landmark track path per saved set.
        stats: frame rate, drops and latency figures.
        source_ended: the source ran out (file end, or the camera went away).
    """

    reports: list[tuple[Path, Report]]
    tracks: list[Path]
    stats: LiveStats
    source_ended: bool


def default_prefix(exercise_id: str, now: datetime | None = None) -> Path:
    """live-YYYYmmdd-HHMMSS.EXERCISE in the current folder."""
    return Path(f"live-{(now or datetime.now()):%Y%m%d-%H%M%S}.{exercise_id}")


def _model(model: str) -> tuple[Path, str]:
    from formcheck.cli.check import MODEL_VARIANTS
    from formcheck.models import resolve_model

    if model in MODEL_VARIANTS:
        return resolve_model(model), model
    return resolve_model(explicit=Path(model)), model


def _notice(message: str) -> None:
    print(f"formcheck: {message}", file=sys.stderr)


def run_live(
    options: LiveOptions,
    backend_factory: Callable[[Path, str], object] | None = None,
) -> LiveRun:
    """Run one live session and save a report and landmark track per set.

    Args:
        options: the session's options.
        backend_factory: makes the pose backend from (model path, person policy);
            default: :class:`~formcheck.pose.mediapipe_backend.MediaPipePoseBackend`.

    Raises:
        UserError: unknown exercise, bad option, missing model or video, no camera.
    """
    spec_path = find_exercise(options.exercise)
    spec = load_exercise(spec_path)
    digest = spec_digest(spec_path)
    plan = SessionPlan.from_spec(spec, sets=options.sets, reps=options.reps,
                                 hold_s=options.hold_s, rest_s=options.rest_s)
    prefix = options.output or default_prefix(spec.id)
    model_path, model_name = _model(options.model)
    if options.source is not None:
        grabber: FileGrabber | CameraGrabber = FileGrabber(options.source, options.realtime)
        kind, where = "video", str(options.source)
    else:
        grabber = CameraGrabber(options.camera)
        kind, where = "camera", f"camera {options.camera}"
    if backend_factory is None:
        from formcheck.pose.mediapipe_backend import MediaPipePoseBackend

        backend_factory = lambda path, person: MediaPipePoseBackend(path, person_policy=person)  # noqa: E731
    reports: list[tuple[Path, Report]] = []
    tracks: list[Path] = []

    def save(result: SetResult) -> None:
        base = f"{prefix}.set{result.number}"
        a = result.analysis
        source = SourceInfo(
            path=where, kind=kind, frames=a.frames, frames_with_person=a.frames_with_person,  # type: ignore[arg-type]
            duration_s=round((a.last_ms - a.first_ms) / 1000.0, 3), fps=round(grabber.fps, 3),
            image_size=grabber.size,
        )
        recorded = {"exercise": options.exercise, "person": options.person,
                    "model": model_name, "live": True, "realtime": options.realtime,
                    "set": result.number, "sets": plan.sets}
        report = build_report(a, source=source, spec_sha256=digest, model=model_name,
                              options=recorded)
        report_path, track_path = Path(f"{base}.json"), Path(f"{base}.track.npz")
        write_report(report, report_path)
        meta = {"source": where, "model": model_name, "fps": grabber.fps,
                "image_size": list(grabber.size), "set": result.number}
        save_track(Track.from_frames(result.poses, meta), track_path)
        reports.append((report_path, report))
        tracks.append(track_path)

    slot = FrameSlot(lossless=options.source is not None and not options.realtime)
    with contextlib.ExitStack() as stack:
        speech = open_speech(options.mute, _notice)
        stack.callback(speech.close)
        display = Window(f"formcheck: {spec.name}") if options.window else NoWindow()
        stack.callback(display.close)
        backend = stack.enter_context(backend_factory(model_path, options.person))  # type: ignore[call-overload]
        capture = stack.enter_context(CaptureThread(grabber, slot))
        loop = LiveLoop(spec, plan, slot, backend, display, Announcer(speech),
                        mirror=options.mirror)
        loop.run(save)
    if capture.error is not None:
        raise capture.error
    if loop.source_ended and options.source is None:
        _notice(f"{where} stopped delivering frames; the session was ended and saved")
    return LiveRun(reports, tracks, loop.stats, loop.source_ended)
