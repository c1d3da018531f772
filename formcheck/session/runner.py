"""The session runner: a recording (video or landmark track) or a live set, checked and written.

:func:`run_recording` is the one per-input function behind `formcheck check`,
the local batch workers and the distributed (Ray) workers, so all three give the
same report for the same input and options; :func:`run_set` runs each set of a
live session. Both run the frames through
:func:`~formcheck.session.pipeline.analyze` with the requested outputs (see
:mod:`formcheck.session.outputs.registry`) as sinks, build the report from the
:class:`~formcheck.session.recording.Recording` and write the outputs.

Where videos and landmarkers come from is the caller's choice (see
:mod:`formcheck.session.providers`): a single check opens and builds them as it
goes, a batch worker passes providers that prepare the next ones ahead.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import Analysis
from formcheck.analysis.schedule import AnalysisSchedule
from formcheck.errors import UserError
from formcheck.pose.resized import ResizedInput
from formcheck.pose.track import is_track_path, load_track
from formcheck.pose.weights import sha256_of
from formcheck.report.document import AnalysisInfo, Report
from formcheck.session.exercise import ResolvedExercise
from formcheck.session.models import model_path
from formcheck.session.options import CheckOptions, OptionValue, recorded_options
from formcheck.session.outputs.registry import (
    Requested,
    check_outputs,
    frame_sinks,
    open_outputs,
    write_outputs,
)
from formcheck.session.pipeline import Observed, Sink, analyze
from formcheck.session.providers import BackendProvider, FrameSource, NewBackends, VideoFiles
from formcheck.session.recording import Recording, track_meta
from formcheck.session.sources import FrameCounts, observe_track, observe_video

if TYPE_CHECKING:
    from formcheck.session.prefetch import ReaderPrefetch
    from formcheck.video import VideoInfo

# Frames of a video whose rules are computed together: ~4x cheaper per frame than
# one at a time (~0.2 ms), with the same results.
VIDEO_BLOCK = 16

FrameProgress = Callable[[int], contextlib.AbstractContextManager[Callable[[int], None]]]
"""Opens a progress display for a video of `total` frames (0 when unknown); the
callback it gives takes the frames done so far. Closed when the frames end."""


def run_recording(
    path: Path,
    exercise: ResolvedExercise,
    options: CheckOptions,
    *,
    outputs: Requested | None = None,
    videos: FrameSource | None = None,
    backends: BackendProvider | None = None,
    content_sha256: str | None = None,
    progress: FrameProgress | None = None,
) -> Report:
    """Check one video or landmark track, write the requested outputs, return the report.

    Args:
        path: a video file, or a landmark track (``.track.npz``).
        exercise: the exercise to check against.
        options: how to check it.
        outputs: what to write, output name -> target (see
            :data:`~formcheck.session.outputs.registry.OUTPUTS`); none by default.
        videos: where to open the video from (default: opened here).
        backends: where to take the landmarker from (default: a new one).
        content_sha256: sha256 of the file, when the caller already computed it.
        progress: optional progress display (videos only).

    Raises:
        UserError: the input is missing, unreadable, empty, has nobody in it, an
            output does not apply to it (e.g. an annotated video of a track) or
            cannot be written (checked before any work; then nothing is written).
    """
    path = Path(path)
    if not path.exists():
        raise UserError(f"{path}: no such file")
    requested = dict(outputs or {})
    is_track = is_track_path(path)
    check_outputs(requested, "track" if is_track else "video")
    digest = content_sha256 or sha256_of(path)
    recorded = recorded_options(path, exercise, options, digest)
    if is_track:
        return _run_track(path, exercise, options, recorded, requested)
    return _run_video(path, exercise, options, recorded, requested, videos or VideoFiles(),
                      backends or NewBackends(), progress)


def run_set(
    frames: Iterable[Observed],
    engine: Engine,
    recording: Recording,
    outputs: Requested,
    *,
    sinks: Sequence[Sink] = (),
    analysed: Callable[[], AnalysisInfo] | None = None,
) -> Report | None:
    """Run one set's frames through `engine` with `sinks` and the outputs; write them.

    Args:
        frames: the set's frames, in time order, in blocks (one frame each, live).
        engine: a fresh engine for the exercise.
        recording: what is being recorded.
        outputs: what to write for the set, output name -> target.
        sinks: other receivers of every frame (e.g. the live window), before the outputs.
        analysed: which frames were analysed, asked once the set's frames are done.

    Returns:
        The set's report, or None when it had no frames (then nothing is written).
    """
    with open_outputs(outputs, recording) as opened:
        analysis = analyze(frames, engine, [*sinks, *frame_sinks(opened)])
        if analysis.frames == 0:
            return None
        report = recording.report(analysis, analysed=None if analysed is None else analysed(),
                                  saved_track=outputs.get("track"))
        write_outputs(opened, report)
    return report


def decodes_to_rgb(options: CheckOptions) -> bool:
    """Whether a video checked with `options` is opened with ``rgb=True``.

    When every frame goes to the model, it is converted to RGB on the decode
    thread. Otherwise (the adaptive schedule, a stride) many frames are skipped,
    so only those analysed are converted, on the inference thread.
    """
    return options.every_frame and options.sampling.every_frame


def expect_next(readers: ReaderPrefetch, path: Path, options: CheckOptions) -> None:
    """Tell `readers` that `path` is checked next with `options` (tracks need no opening)."""
    if not is_track_path(path):
        readers.expect(path, rgb=decodes_to_rgb(options))


def _require_person(path: Path, analysis: Analysis) -> None:
    """Refuse a recording with no frames or nobody in any of them, video or track alike.

    Raises:
        UserError: nothing to report on.
    """
    if analysis.frames == 0:
        raise UserError(f"{path}: no frames could be decoded")
    if analysis.frames_with_person == 0:
        raise UserError(f"{path}: no person was found in any of {analysis.frames} frames")


def _run_track(
    path: Path, exercise: ResolvedExercise, options: CheckOptions,
    recorded: dict[str, OptionValue], requested: Requested,
) -> Report:
    track = load_track(path)
    if len(track) == 0:
        raise UserError(f"{path}: the track has no frames")
    size = track.meta.get("image_size")
    recording = Recording(
        exercise, path=str(path), kind="track", fps=track.meta.get("fps"),
        image_size=tuple(size) if size else None, model=track.meta.get("model"),
        options=recorded, track=track,
    )
    with open_outputs(requested, recording) as opened:
        analysis = analyze(observe_track(track, options.sampling), Engine(exercise.spec),
                           frame_sinks(opened))
        _require_person(path, analysis)
        report = recording.report(analysis, saved_track=requested.get("track"))
        write_outputs(opened, report)
    return report


def _last_frame_ms(info: VideoInfo) -> float:
    """When a video's last frame is shown, ms, from the frames its container promises
    (an estimate for some formats); infinite when it promises none."""
    return (info.frame_count - 1) * 1000.0 / info.fps if info.frame_count > 0 else math.inf


def _run_video(
    path: Path,
    exercise: ResolvedExercise,
    options: CheckOptions,
    recorded: dict[str, OptionValue],
    requested: Requested,
    videos: FrameSource,
    backends: BackendProvider,
    progress: FrameProgress | None,
) -> Report:
    with contextlib.ExitStack() as stack:
        # Open the video first: a bad file is the user's first problem to hear about.
        reader = stack.enter_context(videos.open(path, rgb=decodes_to_rgb(options)))
        info = reader.info
        model_file = model_path(options.model)
        size = (info.width, info.height)
        recording = Recording(
            exercise, path=str(path), kind="video", fps=round(info.fps, 3), image_size=size,
            model=options.model, options=recorded, video=info,
            track_meta=track_meta(str(path.resolve()), model=options.model, fps=info.fps,
                                  image_size=size),
        )
        opened = stack.enter_context(open_outputs(requested, recording))
        backend = stack.enter_context(backends.backend(model_file, options.person))
        videos.start_expected()
        if options.resize is not None:
            backend = ResizedInput(backend, options.resize)
        kind = options.schedule(path)
        sampling = options.sampling if kind == "stride" else None
        engine = Engine(exercise.spec)
        schedule = (AnalysisSchedule(exercise.spec, engine.decision_limits,
                                     end_ms=_last_frame_ms(info), outside=engine.checks_outside)
                    if kind == "adaptive" else None)
        counts = FrameCounts()
        with contextlib.ExitStack() as shown:  # the progress display ends with the frames
            done = None if progress is None else shown.enter_context(progress(info.frame_count))
            frames = observe_video(reader, backend, done, sampling, block_size=VIDEO_BLOCK,
                                   images=any(output.images for output in opened.values()),
                                   schedule=schedule, counts=counts)
            analysis = analyze(frames, engine, frame_sinks(opened), schedule)
        # Still inside the block: a run that fails here leaves no annotated video.
        _require_person(path, analysis)
        analysed = AnalysisInfo(
            schedule=kind,  # type: ignore[arg-type]
            base_rate_hz=None if schedule is None else round(schedule.base_rate_hz, 2),
            frames_decoded=counts.decoded, frames_analysed=counts.analysed,
            analysed_rate_hz=AnalysisInfo.rate_hz(counts.analysed, analysis.first_ms,
                                                  analysis.last_ms))
        report = recording.report(analysis, truncated=reader.truncated, analysed=analysed,
                                  saved_track=requested.get("track"))
        write_outputs(opened, report)
    return report
