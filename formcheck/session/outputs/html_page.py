"""Output "html": the report as one self-contained HTML page for a physical therapist."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from formcheck.report.document import Report
from formcheck.session.outputs.base import Output

if TYPE_CHECKING:
    from formcheck.session.recording import Recording


class HtmlPage(Output):
    """Renders the page with pictures from the video and track at hand, atomically.

    The video and track are found from the report (see
    :func:`formcheck.report.media.find_media`), the track preferably the one this
    session just saved.

    Args:
        target: the page file.
        recording: what was recorded (None when rendering a saved report).
        video: the video file, when it is not where the report says.
        track: the landmark track file, when it is not beside the source.
        max_moments: pictures, clips and replays for at most this many faults (None:
            the page's default).
    """

    def __init__(self, target: Path | None, recording: Recording | None = None, *,
                 video: Path | None = None, track: Path | None = None,
                 max_moments: int | None = None) -> None:
        super().__init__(target, recording)  # type: ignore[arg-type]
        self.video = video
        self.track = track
        self.max_moments = max_moments

    def write(self, report: Report, written: Mapping[str, Path]) -> Path:
        """Render and write the page.

        Raises:
            UserError: an explicitly given video or track is missing or unreadable.
        """
        from formcheck.report.html import write_html
        from formcheck.report.media import find_media

        assert self.target is not None, "the page needs a file"
        media = find_media(report, video=self.video, track=self.track or written.get("track"))
        pages = {} if self.max_moments is None else {"max_moments": self.max_moments}
        write_html(report, media, self.target, **pages)
        return self.target
