"""Every output a session can write, by name; adding one means adding a module and a line here.

Outputs are imported when asked for, since some need OpenCV or Jinja.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from formcheck.report.document import Report
from formcheck.session.outputs.base import Output

if TYPE_CHECKING:
    from formcheck.session.recording import Recording

OUTPUTS: dict[str, tuple[str, str]] = {
    "video": ("annotated_video", "AnnotatedVideo"),
    "video_debug": ("annotated_video", "DebugAnnotatedVideo"),
    "track": ("track_file", "TrackFile"),
    "json": ("json_report", "JsonReport"),
    "html": ("html_page", "HtmlPage"),
    "summary": ("printed_summary", "PrintedSummary"),
    "explanations": ("explanations", "Explanations"),
}
"""Output name -> (module in this package, class); also the order they are written in."""

Requested = Mapping[str, Path | None]
"""The outputs asked for: output name -> target file (None for printed ones)."""


def output_class(name: str) -> type[Output]:
    """The class implementing output `name`.

    Raises:
        ValueError: unknown name (the message lists the valid ones).
    """
    if name not in OUTPUTS:
        raise ValueError(f"unknown output {name!r}; valid outputs: {', '.join(OUTPUTS)}")
    module, cls = OUTPUTS[name]
    return getattr(importlib.import_module(f"{__package__}.{module}"), cls)


def _in_order(requested: Requested) -> list[tuple[str, Path | None]]:
    for name in requested:
        output_class(name)  # unknown names fail here, whatever their position
    return [(name, requested[name]) for name in OUTPUTS if name in requested]


def check_outputs(requested: Requested, kind: str) -> None:
    """Refuse outputs that cannot be written for a recording of `kind`, before any work.

    Raises:
        UserError: e.g. a landmark track to save from a landmark track.
    """
    for name, target in _in_order(requested):
        output_class(name).check(target, kind)


@contextlib.contextmanager
def open_outputs(requested: Requested, recording: Recording) -> Iterator[dict[str, Output]]:
    """The requested outputs, opened for `recording` until the block ends, in write order."""
    with contextlib.ExitStack() as stack:
        yield {name: stack.enter_context(output_class(name)(target, recording))
               for name, target in _in_order(requested)}


def frame_sinks(opened: Mapping[str, Output]) -> list[Output]:
    """The opened outputs that look at every frame, to hand to the pipeline as sinks."""
    return [output for output in opened.values() if output.watches_frames]


def write_outputs(opened: Mapping[str, Output], report: Report) -> dict[str, Path]:
    """Write every opened output of `report`, in order; returns the files written by name."""
    written: dict[str, Path] = {}
    for name, output in opened.items():
        target = output.write(report, written)
        if target is not None:
            written[name] = target
    return written
