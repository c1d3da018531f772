"""The shape every output has: a sink while the frames run, a file once the report is made."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from formcheck.analysis.results import FrameUpdate
from formcheck.report.document import Report
from formcheck.session.pipeline import Observed

if TYPE_CHECKING:
    from formcheck.session.recording import Recording


class Output:
    """One thing a session writes (a file, or text on the terminal).

    Built as ``Output(target, recording)`` once the recording's source is open,
    and used as a context manager around the frames: it sees every frame (it is a
    pipeline sink), leaving the block ends the frames (an exception there leaves
    nothing half-written), then :meth:`write` is called with the finished report,
    only when the session succeeded. Outputs are written in the order of the
    registry (:data:`formcheck.session.outputs.registry.OUTPUTS`).

    Args:
        target: the file to write, or None for an output that prints.
        recording: what is being recorded.

    Attributes:
        images: True when :meth:`on_frame` needs each frame's image.
    """

    images = False

    def __init__(self, target: Path | None, recording: Recording) -> None:
        self.target = target
        self.recording = recording

    @classmethod
    def check(cls, target: Path | None, kind: str) -> None:
        """Refuse, before any work starts, a target this output cannot write.

        Args:
            target: the file asked for.
            kind: the kind of recording ("video", "track" or "camera").

        Raises:
            UserError: naming the option, the value and the reason.
        """

    def on_frame(self, observed: Observed, update: FrameUpdate) -> None:
        """See one frame and what the engine made of it (nothing, by default)."""

    def write(self, report: Report, written: Mapping[str, Path]) -> Path | None:
        """Write the output of `report`.

        Args:
            report: the finished report.
            written: the files written for it so far, by output name.

        Returns:
            The file written, or None when nothing was (printed output).
        """
        raise NotImplementedError

    def __enter__(self) -> Output:
        return self

    def __exit__(self, *exc_info: object) -> None:
        """The frames have ended (with an exception: the session failed)."""
