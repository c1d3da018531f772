"""Checking one recorded input (a video or a landmark track) against an exercise.

This is the one per-input function behind `formcheck check`, the local batch
workers and the distributed (Ray) workers, so all three give the same report
for the same input and options.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import Analysis
from formcheck.errors import UserError
from formcheck.pipeline import Sink, TrackRecorder, analyze
from formcheck.pose.mediapipe_backend import PersonPolicy
from formcheck.pose.track import Track, is_track_path, load_track, save_track
from formcheck.pose.weights import sha256_of
from formcheck.report.build import build_report
from formcheck.report.document import Report, SourceInfo
from formcheck.sampling import FrameSampling
from formcheck.sources import observe_track
from formcheck.spec import find_exercise, load_exercise, spec_digest
from formcheck.spec.language import ExerciseSpec

if TYPE_CHECKING:
    from formcheck.pose.supply import BackendSupply
    from formcheck.video.prefetch import ReaderPrefetch

MODEL_VARIANTS = ("lite", "full", "heavy")
PERSON_POLICIES = tuple(policy.value for policy in PersonPolicy)
# Frames of a video whose rules are computed together: ~4x cheaper per frame than
# one at a time (~0.2 ms), with the same results.
VIDEO_BLOCK = 16

Progress = Callable[[int, int], None]
"""Called with (source frames done, frames expected; 0 when unknown)."""

OptionValue = str | int | float | bool | None


@dataclass(frozen=True)
class ResolvedExercise:
    """A validated exercise definition, as the user named it.

    Attributes:
        name: the exercise id or .toml path the user gave (recorded in reports).
        spec: the validated definition.
        sha256: digest of the definition file.
    """

    name: str
    spec: ExerciseSpec
    sha256: str

    @classmethod
    def resolve(cls, name_or_path: str) -> ResolvedExercise:
        """Find, read and validate an exercise by id or file path.

        Raises:
            UserError: unknown id, missing file or invalid definition.
        """
        path = find_exercise(name_or_path)
        return cls(name=name_or_path, spec=load_exercise(path), sha256=spec_digest(path))


@dataclass(frozen=True)
class CheckOptions:
    """How to check an input.

    Attributes:
        model: pose model variant (lite, full, heavy) or a .task file path.
        person: person policy, a :class:`~formcheck.pose.mediapipe_backend.PersonPolicy`
            value ("single", "choose" or "auto").
        stride: check every N-th frame (1 = every frame).
        max_fps: check at most this many frames per second of video, or None.
        resize: shrink frames wider than this many pixels before inference, or None.
        annotate: also write an annotated video here (videos only).
        save_track: also save the landmark track here (``.track.npz``).
    """

    model: str = "full"
    person: str = "single"
    stride: int = 1
    max_fps: float | None = None
    resize: int | None = None
    annotate: Path | None = None
    save_track: Path | None = None

    def __post_init__(self) -> None:
        if self.person not in PERSON_POLICIES:
            raise UserError(f"person policy {self.person!r} is not one of: "
                            f"{', '.join(PERSON_POLICIES)}")
        if not isinstance(self.stride, int) or self.stride < 1:
            raise UserError(f"--stride must be a whole number >= 1, got {self.stride!r}")
        if self.max_fps is not None and not self.max_fps > 0:
            raise UserError(f"--max-fps must be a positive number, got {self.max_fps!r}")
        if self.resize is not None and self.resize < 16:
            raise UserError(f"--resize must be at least 16 pixels, got {self.resize!r}")
        if self.save_track is not None and not is_track_path(self.save_track):
            raise UserError(f"--save-track {self.save_track}: the name must end in .track.npz")

    @property
    def sampling(self) -> FrameSampling:
        """The frame selection these options ask for."""
        return FrameSampling(stride=self.stride, max_fps=self.max_fps)


def recorded_options(
    path: Path, exercise: ResolvedExercise, options: CheckOptions, content_sha256: str
) -> dict[str, OptionValue]:
    """The options a report of `path` records: everything that shaped its result.

    Two reports with equal recorded options, exercise digest (and, for videos,
    model) come from the same input content and settings; batch reruns rely on it.

    Args:
        path: the input (its kind decides which options apply).
        exercise: the exercise checked.
        options: the check options.
        content_sha256: sha256 of the input file's bytes.
    """
    recorded: dict[str, OptionValue] = {"exercise": exercise.name}
    if not is_track_path(path):
        recorded["person"] = options.person
        recorded["model"] = options.model
        recorded["resize"] = options.resize
    recorded["stride"] = options.stride
    recorded["max_fps"] = options.max_fps
    recorded["input_sha256"] = content_sha256
    return recorded


def check_input(
    path: Path,
    exercise: ResolvedExercise,
    options: CheckOptions,
    *,
    content_sha256: str | None = None,
    progress: Progress | None = None,
    backends: BackendSupply | None = None,
    readers: ReaderPrefetch | None = None,
) -> Report:
    """Check one video or landmark track and build its report.

    Args:
        path: a video file, or a landmark track (``.track.npz``).
        exercise: the exercise to check against.
        options: how to check it.
        content_sha256: sha256 of the file, when the caller already computed it.
        progress: optional per-frame progress callback (videos only).
        backends: where to take the landmarker from when checking many videos in a
            row (default: a new one is created here).
        readers: where to take the opened video from when checking many in a row
            (default: opened here); the next one it expects is opened once this
            video is under way.

    Raises:
        UserError: the input is missing, unreadable, empty, has nobody in it, or
            an option does not apply to it (e.g. ``annotate`` on a track).
    """
    path = Path(path)
    if not path.exists():
        raise UserError(f"{path}: no such file")
    digest = content_sha256 or sha256_of(path)
    recorded = recorded_options(path, exercise, options, digest)
    if is_track_path(path):
        return _check_track(path, exercise, options, recorded)
    return _check_video(path, exercise, options, recorded, progress, backends, readers)


def _source_info(path: Path, kind: Literal["video", "track"], analysis: Analysis,
                 **extra: Any) -> SourceInfo:
    return SourceInfo(
        path=str(path), kind=kind, frames=analysis.frames,
        frames_with_person=analysis.frames_with_person,
        duration_s=round((analysis.last_ms - analysis.first_ms) / 1000.0, 3), **extra,
    )


def _check_track(
    path: Path, exercise: ResolvedExercise, options: CheckOptions, recorded: dict[str, OptionValue]
) -> Report:
    if options.annotate is not None:
        raise UserError("--annotate needs a video; a landmark track has no pictures")
    track = load_track(path)
    if len(track) == 0:
        raise UserError(f"{path}: the track has no frames")
    analysis = analyze(observe_track(track, options.sampling), Engine(exercise.spec))
    _require_person(path, analysis)
    if options.save_track is not None:
        save_track(track, options.save_track)
    size = track.meta.get("image_size")
    source = _source_info(path, "track", analysis, fps=track.meta.get("fps"),
                          image_size=tuple(size) if size else None)
    return build_report(analysis, source=source, spec_sha256=exercise.sha256,
                        model=track.meta.get("model"), options=recorded)


def _require_person(path: Path, analysis: Analysis) -> None:
    """Refuse an input with no frames or nobody in any of them, video or track alike.

    Raises:
        UserError: nothing to report on.
    """
    if analysis.frames == 0:
        raise UserError(f"{path}: no frames could be decoded")
    if analysis.frames_with_person == 0:
        raise UserError(f"{path}: no person was found in any of {analysis.frames} frames")


def model_path(model: str) -> Path:
    """The verified model file for a variant name or an explicit .task path.

    Raises:
        UserError: no such model and none could be found or downloaded.
    """
    from formcheck.pose.weights import resolve_model

    if model in MODEL_VARIANTS:
        return resolve_model(model)
    return resolve_model(explicit=Path(model))


def decodes_to_rgb(options: CheckOptions) -> bool:
    """Whether a video checked with `options` is opened with ``rgb=True``.

    Every frame goes to the model by default: it is converted to RGB on the
    decode thread. With a stride most frames are skipped, so only those kept are
    converted, on the inference thread.
    """
    return options.sampling.every_frame


def expect_next(readers: ReaderPrefetch, path: Path, options: CheckOptions) -> None:
    """Tell `readers` that `path` is checked next with `options` (tracks need no opening)."""
    if not is_track_path(path):
        readers.expect(path, rgb=decodes_to_rgb(options))


def _check_video(
    path: Path,
    exercise: ResolvedExercise,
    options: CheckOptions,
    recorded: dict[str, OptionValue],
    progress: Progress | None,
    backends: BackendSupply | None,
    readers: ReaderPrefetch | None,
) -> Report:
    from formcheck.pose.mediapipe_backend import MediaPipePoseBackend
    from formcheck.pose.resized import ResizedInput
    from formcheck.sources import observe_video
    from formcheck.video import VideoReader

    sinks: list[Sink] = []
    recorder = TrackRecorder()
    if options.save_track is not None:
        sinks.append(recorder)
    with contextlib.ExitStack() as stack:
        # Open the video first: a bad file is the user's first problem to hear about.
        rgb = decodes_to_rgb(options)
        reader = stack.enter_context(
            VideoReader(path, rgb=rgb) if readers is None else readers.open(path, rgb=rgb)
        )
        info = reader.info
        model_file = model_path(options.model)
        if options.annotate is not None:
            from formcheck.render.video_sink import AnnotatedVideoWriter

            sinks.append(stack.enter_context(AnnotatedVideoWriter(
                options.annotate, exercise.spec, info.fps, (info.width, info.height)
            )))
        if backends is None:
            backend = stack.enter_context(
                MediaPipePoseBackend(model_file, person_policy=options.person)
            )
        else:
            backend = backends.take(model_file, options.person)
            stack.callback(backends.retire, backend)
        if readers is not None:
            readers.start_expected()
        if options.resize is not None:
            backend = ResizedInput(backend, options.resize)
        done = None if progress is None else (lambda n: progress(n, info.frame_count))
        sampling = None if options.sampling.every_frame else options.sampling
        frames = observe_video(reader, backend, done, sampling,
                               images=options.annotate is not None, block_size=VIDEO_BLOCK)
        analysis = analyze(frames, Engine(exercise.spec), sinks)
        truncated = reader.truncated
        # Still inside the block: a run that fails here leaves no annotated video.
        _require_person(path, analysis)
        if options.save_track is not None:
            meta = {"source": str(path), "model": options.model, "fps": info.fps,
                    "image_size": [info.width, info.height]}
            save_track(Track(recorder.poses(), meta), options.save_track)
    source = _source_info(path, "video", analysis, fps=round(info.fps, 3),
                          image_size=(info.width, info.height), truncated=truncated)
    return build_report(analysis, source=source, spec_sha256=exercise.sha256,
                        model=options.model, options=recorded)
