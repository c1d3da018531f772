"""The shape every output has: a sink while the frames run, a file once the report is made."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from formcheck.analysis.results import FrameUpdate
from formcheck.atomic import check_output_path
from formcheck.pose.frame import PoseFrame
from formcheck.report.document import Report

if TYPE_CHECKING:
    from formcheck.session.recording import Recording


class Output:
    """One thing a session writes (a file, or text on the terminal).

    Built as ``Output(target, recording)`` once the recording's source is open,
    and used as a context manager around the session: one that watches frames
    is a pipeline sink and sees every frame; once the frames have ended and the
    recording passed its checks, :meth:`write` is called with the finished report, still inside the
    block. Leaving the block with an exception (the session failed, or an output
    could not be written) leaves nothing half-written. Outputs are written in the
    order of the registry (:data:`formcheck.session.outputs.registry.OUTPUTS`).

    Args:
        target: the file to write, or None for an output that prints.
        recording: what is being recorded.

    Attributes:
        watches_frames: True when :meth:`on_frame` does something; only such
            outputs are handed the frames (a replayed track's rows then need not
            be taken out of their block one by one).
        images: True when :meth:`on_frame` needs each frame's image.
    """

    watches_frames = False
    images = False

    def __init__(self, target: Path | None, recording: Recording) -> None:
        self.target = target
        self.recording = recording

    @classmethod
    def check(cls, target: Path | None, kind: str) -> None:
        """Refuse, before any work starts, a target this output cannot write.

        By default a file target must be one that can be written at all (see
        :func:`formcheck.atomic.check_output_path`: not a folder, not under a file);
        outputs with further needs check those first, then call this.

        Args:
            target: the file asked for (None for an output that prints).
            kind: the kind of recording ("video", "track" or "camera").

        Raises:
            UserError: naming the option or file, the value and the reason.
        """
        if target is not None:
            check_output_path(target)

    def on_frame(self, pose: PoseFrame, image: np.ndarray | None, update: FrameUpdate) -> None:
        """See one frame (its landmarks, its BGR image or None) and what the engine made of it.

        Does nothing by default.
        """

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
        """The session has ended (with an exception: it failed)."""
