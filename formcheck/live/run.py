"""Setting up and running one live session, and saving each set's report and track."""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from formcheck.live.capture import CaptureThread, FrameSlot
from formcheck.live.cues import Announcer
from formcheck.live.grabbers import CameraGrabber, FileGrabber
from formcheck.live.loop import LiveLoop, LiveStats, SetResult
from formcheck.live.plan import DEFAULT_REST_S, SessionPlan
from formcheck.live.speech import open_speech
from formcheck.live.window import LiveWindow, NoWindow
from formcheck.pose.backend import PoseBackend
from formcheck.pose.track import Track, save_track
from formcheck.report.build import build_report
from formcheck.report.document import Report, SourceInfo
from formcheck.report.write import write_report
from formcheck.spec import find_exercise, load_exercise, spec_digest

OptionValue = str | int | float | bool | None

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


def _mediapipe(model: str, person: str) -> PoseBackend:
    """MediaPipe with a model variant (lite, full, heavy) or a .task file."""
    from formcheck.cli.check import MODEL_VARIANTS
    from formcheck.pose.mediapipe_backend import MediaPipePoseBackend
    from formcheck.pose.weights import resolve_model

    path = resolve_model(model) if model in MODEL_VARIANTS else resolve_model(explicit=Path(model))
    return MediaPipePoseBackend(path, person_policy=person)


def _notice(message: str) -> None:
    print(f"formcheck: {message}", file=sys.stderr)


@dataclass
class SetWriter:
    """Saves each finished set as PREFIX.setN.json and PREFIX.setN.track.npz, atomically.

    Attributes:
        prefix: output path prefix.
        source: the report's source description; its frame counts are per set.
        spec_sha256: digest of the exercise file.
        options: the options recorded in every report (the set number is added).
    """

    prefix: Path
    source: SourceInfo
    spec_sha256: str
    options: dict[str, OptionValue]
    reports: list[tuple[Path, Report]] = field(default_factory=list)
    tracks: list[Path] = field(default_factory=list)

    def __call__(self, result: SetResult) -> None:
        """Write one set's report and landmark track."""
        a = result.analysis
        base = f"{self.prefix}.set{result.number}"
        source = self.source.model_copy(update={
            "frames": a.frames, "frames_with_person": a.frames_with_person,
            "duration_s": round((a.last_ms - a.first_ms) / 1000.0, 3),
        })
        model = self.options.get("model")
        report = build_report(a, source=source, spec_sha256=self.spec_sha256,
                              model=str(model), options={**self.options, "set": result.number})
        report_path, track_path = Path(f"{base}.json"), Path(f"{base}.track.npz")
        write_report(report, report_path)
        meta = {"source": source.path, "model": model, "fps": source.fps,
                "image_size": list(source.image_size or ()), "set": result.number}
        save_track(Track(result.poses, meta), track_path)
        self.reports.append((report_path, report))
        self.tracks.append(track_path)


def _open_grabber(options: LiveOptions) -> tuple[FileGrabber | CameraGrabber, str, str]:
    """The frame source, its report kind and its description."""
    if options.source is not None:
        return FileGrabber(options.source, options.realtime), "video", str(options.source)
    return CameraGrabber(options.camera), "camera", f"camera {options.camera}"


def run_live(options: LiveOptions, backend: PoseBackend | None = None) -> LiveRun:
    """Run one live session and save a report and landmark track per set.

    Args:
        options: the session's options.
        backend: an open pose backend to use instead of MediaPipe with
            `options.model` (the caller closes it).

    Raises:
        UserError: unknown exercise, bad option, missing model or video, no camera,
            no display for the window.
    """
    spec_path = find_exercise(options.exercise)
    spec = load_exercise(spec_path)
    plan = SessionPlan.from_spec(spec, sets=options.sets, reps=options.reps,
                                 hold_s=options.hold_s, rest_s=options.rest_s)
    slot = FrameSlot(lossless=options.source is not None and not options.realtime)
    with contextlib.ExitStack() as stack:
        grabber, kind, where = _open_grabber(options)
        stack.callback(grabber.close)
        writer = SetWriter(
            prefix=options.output or default_prefix(spec.id),
            source=SourceInfo(path=where, kind=kind, frames=0, frames_with_person=0,  # type: ignore[arg-type]
                              duration_s=0.0, fps=round(grabber.fps, 3), image_size=grabber.size),
            spec_sha256=spec_digest(spec_path),
            options={"exercise": options.exercise, "person": options.person,
                     "model": options.model, "live": True, "realtime": options.realtime,
                     "sets": plan.sets},
        )
        display = LiveWindow(f"formcheck: {spec.name}") if options.window else NoWindow()
        stack.callback(display.close)
        speech = open_speech(options.mute, _notice)
        stack.callback(speech.close)
        if backend is None:
            backend = stack.enter_context(_mediapipe(options.model, options.person))
        capture = stack.enter_context(CaptureThread(grabber, slot))
        severities = {c.cue: c.severity for c in spec.constraints}
        loop = LiveLoop(spec, plan, slot, backend, display, Announcer(speech, severities),
                        mirror=options.mirror)
        loop.run(writer)
    if capture.error is not None:
        raise capture.error
    if loop.source_ended and options.source is None:
        _notice(f"{where} stopped delivering frames; the session was ended and saved")
    return LiveRun(writer.reports, writer.tracks, loop.stats, loop.source_ended)
