"""Output "summary": a readable summary of the report on standard output."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from formcheck.report.document import Report
from formcheck.report.summary import summarize
from formcheck.session.outputs.base import Output

_NAMED = (("json", "report"), ("html", "report page"), ("video", "annotated video"),
          ("video_debug", "annotated video"), ("track", "track"))
"""Files the summary names when the session wrote them: output name, label."""


class PrintedSummary(Output):
    """Prints the summary, then where the report and the track were saved."""

    def write(self, report: Report, written: Mapping[str, Path]) -> None:
        """Print the summary."""
        print(summarize(report, self.recording.exercise.spec))
        for name, label in _NAMED:
            if name in written:
                print(f"{label}: {written[name]}")
