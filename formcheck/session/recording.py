"""What a session records: the exercise, where the frames come from, and how.

Reports and outputs take their description of a recording from here, so a
single check, a batch worker and a live set describe theirs the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from formcheck.analysis.metrics import has_world
from formcheck.analysis.results import Analysis
from formcheck.report.build import build_report
from formcheck.report.document import AnalysisInfo, Report, SourceInfo
from formcheck.session.exercise import ResolvedExercise
from formcheck.session.options import OptionValue

if TYPE_CHECKING:
    from formcheck.pose.track import Track
    from formcheck.video import VideoInfo


def track_meta(
    source: str,
    *,
    model: str | None,
    fps: float | None,
    image_size: Sequence[int] | None,
    **extra: Any,
) -> dict[str, Any]:
    """The metadata a landmark track is saved with.

    Args:
        source: the video file or camera the landmarks were taken from.
        model: the pose model that found them (variant or .task path).
        fps: frames per second of the source.
        image_size: (width, height) of its frames in pixels; empty when unknown.
        **extra: further items, e.g. the set number of a live session.
    """
    return {"source": source, "model": model, "fps": fps,
            "image_size": list(image_size or ()), **extra}


@dataclass(frozen=True)
class Recording:
    """One recording being checked, as its report and outputs describe it.

    Attributes:
        exercise: the exercise checked.
        path: the source as the report names it (a file, or e.g. "camera 0").
        kind: "video", "track" or "camera".
        fps: frames per second of the source, as the report gives it.
        image_size: (width, height) of the frames in pixels, if known.
        model: the pose model the report names (None: unknown).
        options: the options the report records.
        track_meta: the metadata a landmark track of it is saved with (see
            :func:`track_meta`).
        track: the recording itself when it is a landmark track, else None.
        video: the decoded video's description when it is a video file, else None.
    """

    exercise: ResolvedExercise
    path: str
    kind: Literal["video", "track", "camera"]
    fps: float | None
    image_size: tuple[int, int] | None
    model: str | None
    options: dict[str, OptionValue]
    track_meta: dict[str, Any] = field(default_factory=dict)
    track: Track | None = None
    video: VideoInfo | None = None

    def media_paths(self, saved_track: Path | None) -> tuple[str | None, str | None]:
        """Absolute paths of the source video and of the landmark track, as of now.

        A track's video is the source named in its metadata, when that file is here.
        """
        if self.kind == "video":
            return str(Path(self.path).resolve()), _absolute(saved_track)
        if self.kind == "track":
            named = self.track.meta.get("source") if self.track is not None else None
            video = Path(str(named)) if named else None
            found = str(video.resolve()) if video is not None and video.is_file() else None
            return found, str(Path(self.path).resolve())
        return None, _absolute(saved_track)

    def report(self, analysis: Analysis, *, truncated: bool = False,
               analysed: AnalysisInfo | None = None, saved_track: Path | None = None) -> Report:
        """The report of `analysis`, one checked set of this recording.

        Args:
            analysis: what the engine found.
            truncated: the file ended before the frames it promised.
            analysed: which frames the pose model ran on (videos).
            saved_track: the landmark track this session saves, if any.
        """
        video, track = self.media_paths(saved_track)
        source = SourceInfo(
            path=self.path, kind=self.kind, frames=analysis.frames,
            frames_with_person=analysis.frames_with_person,
            duration_s=round((analysis.last_ms - analysis.first_ms) / 1000.0, 3),
            fps=self.fps, image_size=self.image_size, truncated=truncated,
            video=video, track=track,
            world_landmarks=self.track is None or bool(has_world(self.track.poses).any()),
        )
        return build_report(analysis, source=source, spec_sha256=self.exercise.sha256,
                            model=self.model, options=self.options, analysed=analysed,
                            adjustments=self.exercise.adjustments)


def _absolute(path: Path | None) -> str | None:
    return None if path is None else str(Path(path).resolve())
