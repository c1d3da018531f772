"""Setting up and running one live session, and saving each set's report and track."""

from __future__ import annotations

import contextlib
import dataclasses
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from formcheck.analysis.engine import Engine
from formcheck.live.capture import CaptureThread, FrameSlot
from formcheck.live.cues import Coach, SpokenLine
from formcheck.live.grabbers import CameraGrabber, FileGrabber
from formcheck.live.loop import LiveLoop, LiveStats
from formcheck.live.pace import LivePace
from formcheck.live.plan import DEFAULT_REST_S, SessionPlan
from formcheck.live.screens import loading_screen
from formcheck.live.session_range import SessionRange, SessionSetEngine
from formcheck.live.setup import camera_setup
from formcheck.live.speech import open_speech
from formcheck.live.window import LiveWindow, NoWindow, fitted_size
from formcheck.pose.backend import PoseBackend
from formcheck.report.document import Report, SpokenRecord
from formcheck.report.write import write_report
from formcheck.session.exercise import ResolvedExercise
from formcheck.session.models import DEFAULT_LIVE_MODEL, model_path
from formcheck.session.pipeline import Observed, Sink
from formcheck.session.providers import NewBackends
from formcheck.session.recording import Recording, track_meta
from formcheck.session.runner import run_set
from formcheck.spec.adjust import Adjustment
from formcheck.spec.language import ExerciseSpec


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
        summary: print each set's summary (and where it went) once it is saved.
        adjustments: the patient's own limits for the exercise's checks.
        end_screen_s: how long the session's summary stays in the window, s.
        adaptive: when analysis falls behind the camera, follow the analysis
            schedule (see :mod:`formcheck.live.pace`); False takes the newest frame
            whenever the loop is free.
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
    summary: bool = False
    adjustments: tuple[Adjustment, ...] = ()
    end_screen_s: float = 8.0
    adaptive: bool = True


@dataclass(frozen=True)
class LiveRun:
    """A finished session.

    Attributes:
        reports: (report path, report) per saved set.
        tracks: landmark track path per saved set.
        stats: frame rate, drops and latency figures.
        source_ended: the source ran out (file end, or the camera went away).
        summary: the session in one line, as said at its end (None: no set done).
    """

    reports: list[tuple[Path, Report]]
    tracks: list[Path]
    stats: LiveStats
    source_ended: bool
    summary: str | None = None


def default_prefix(exercise_id: str, now: datetime | None = None) -> Path:
    """live-YYYYmmdd-HHMMSS.EXERCISE in the current folder."""
    return Path(f"live-{(now or datetime.now()):%Y%m%d-%H%M%S}.{exercise_id}")


def _notice(message: str) -> None:
    print(f"formcheck: {message}", file=sys.stderr)


@dataclass(frozen=True)
class _SavedSet:
    """A saved set's number, the engine that checked it and its recording."""

    number: int
    engine: Engine
    recording: Recording


@dataclass
class SetWriter:
    """Runs each set through the session runner, saving PREFIX.setN.json and .track.npz.

    Each set is judged by the driver's range over the session so far (see
    :mod:`formcheck.live.session_range`) when its engine comes from
    :meth:`new_engine`; a saved report whose verdict a later set changes is written again.

    Attributes:
        prefix: output path prefix.
        recording: the session's recording (the set number is added per set).
        summary: also print each set's summary (as the set was judged when it ended).
        pace: which frames the live loop analyses (recorded in each set's report).
        reports: (report path, report) per saved set.
        tracks: landmark track path per saved set.
        session_range: the driver's range over the session's sets so far.
    """

    prefix: Path
    recording: Recording
    summary: bool = False
    pace: LivePace | None = None
    reports: list[tuple[Path, Report]] = field(default_factory=list)
    tracks: list[Path] = field(default_factory=list)
    session_range: SessionRange = field(default_factory=SessionRange)
    _saved: list[_SavedSet] = field(default_factory=list)  # one per saved report

    def new_engine(self, spec: ExerciseSpec) -> Engine:
        """A fresh engine for the session's next set, judged by the session's range."""
        return SessionSetEngine(spec, self.session_range)

    def __call__(self, number: int, frames: Iterable[Observed], engine: Engine,
                 sinks: Sequence[Sink]) -> None:
        """Run set `number` and write its report and landmark track (a set without frames:
        none); rewrite the earlier sets' reports whose verdict the session's range changed."""
        base = f"{self.prefix}.set{number}"
        report_path, track_path = Path(f"{base}.json"), Path(f"{base}.track.npz")
        outputs: dict[str, Path | None] = {"track": track_path, "json": report_path}
        if self.summary:
            outputs["summary"] = None
        recording = dataclasses.replace(
            self.recording, options={**self.recording.options, "set": number},
            track_meta={**self.recording.track_meta, "set": number},
        )
        report = run_set(frames, engine, recording, outputs, sinks=sinks,
                         analysed=None if self.pace is None else self.pace.info)
        if report is not None:
            self.reports.append((report_path, report))
            self.tracks.append(track_path)
            self._saved.append(_SavedSet(number, engine, recording))
        self._judge_again()

    def _judge_again(self) -> None:
        """Rewrite each saved report whose verdict differs under the session's range now
        (keeping when it was made and what was said during the set)."""
        for engine, analysis in self.session_range.every_set():
            i = next((k for k, saved in enumerate(self._saved) if saved.engine is engine), None)
            if i is None:
                continue  # a set without frames, or discarded
            path, report = self.reports[i]
            if analysis.not_measurable == report.not_measurable_reason:
                continue
            judged = self._saved[i].recording.report(analysis, analysed=report.analysis,
                                                     saved_track=self.tracks[i])
            report = judged.model_copy(update={"created_at": report.created_at,
                                               "spoken": report.spoken})
            write_report(report, path)
            self.reports[i] = (path, report)

    def _index(self, number: int) -> int | None:
        """Where set `number` is among the saved sets (None: not saved)."""
        return next((i for i, saved in enumerate(self._saved) if saved.number == number), None)

    def discard(self, number: int) -> None:
        """Delete set `number`'s report and track, if it was saved."""
        i = self._index(number)
        if i is None:
            return
        del self._saved[i]
        (report_path, _), track_path = self.reports.pop(i), self.tracks.pop(i)
        report_path.unlink(missing_ok=True)
        track_path.unlink(missing_ok=True)

    def add_spoken(self, number: int, lines: Sequence[SpokenLine]) -> None:
        """Add lines said during set `number` to its saved report (field `spoken`), rewriting it."""
        i = self._index(number)
        if i is None:
            return
        path, report = self.reports[i]
        spoken = [*(report.spoken or []),
                  *(SpokenRecord(t_s=line.t_s, text=line.text) for line in lines)]
        report = report.model_copy(update={"spoken": spoken})
        write_report(report, path)
        self.reports[i] = (path, report)


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
    exercise = ResolvedExercise.resolve(options.exercise).adjusted(options.adjustments)
    spec = exercise.spec
    plan = SessionPlan.from_spec(spec, sets=options.sets, reps=options.reps,
                                 hold_s=options.hold_s, rest_s=options.rest_s)
    slot = FrameSlot(lossless=options.source is not None and not options.realtime)
    with contextlib.ExitStack() as stack:
        grabber, kind, where = _open_grabber(options)
        stack.callback(grabber.close)
        fps = round(grabber.fps, 3)
        recording = Recording(
            exercise, path=where, kind=kind, fps=fps, image_size=grabber.size,  # type: ignore[arg-type]
            model=options.model,
            options={"exercise": options.exercise, "person": options.person,
                     "model": options.model, "live": True, "realtime": options.realtime,
                     "sets": plan.sets, "mute": options.mute},
            track_meta=track_meta(where, model=options.model, fps=fps, image_size=grabber.size),
        )
        behind = "adaptive" if options.adaptive else "newest_frame"
        mode = "every_frame" if slot.lossless else behind
        pace = LivePace(spec, grabber.fps, mode=mode, captured=lambda: slot.produced)
        writer = SetWriter(options.output or default_prefix(spec.id), recording, options.summary,
                           pace)
        display = LiveWindow(f"formcheck: {spec.name}") if options.window else NoWindow()
        stack.callback(display.close)
        if display.box is not None:  # the model takes seconds to start: say so meanwhile
            display.show(loading_screen(fitted_size(grabber.size, display.box), spec.name,
                                        camera_setup(spec)))
        speech = open_speech(options.mute, _notice)
        stack.callback(speech.close)
        if backend is None:
            backend = stack.enter_context(
                NewBackends().backend(model_path(options.model), options.person)
            )
        capture = stack.enter_context(CaptureThread(grabber, slot))
        loop = LiveLoop(spec, plan, slot, backend, display, Coach(speech, spec),
                        mirror=options.mirror, end_screen_s=options.end_screen_s, pace=pace,
                        new_engine=writer.new_engine)
        loop.run(writer)
    if capture.error is not None:
        raise capture.error
    if loop.source_ended and options.source is None:
        _notice(f"{where} stopped delivering frames; the session was ended and saved")
    return LiveRun(writer.reports, writer.tracks, loop.stats, loop.source_ended, loop.summary)
