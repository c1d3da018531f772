"""Writing files atomically, so an interrupted run never leaves a half-written output."""

from __future__ import annotations

from pathlib import Path

from formcheck.atomic import atomic_output
from formcheck.report.document import Report


def write_text_atomic(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` through a temporary file renamed into place."""
    with atomic_output(path) as out:
        out.write(text.encode("utf-8"))


def write_report(report: Report, path: Path) -> None:
    """Write a report as indented JSON, atomically."""
    write_text_atomic(path, report.model_dump_json(indent=1))


def read_report(path: Path) -> Report:
    """Read a JSON report back into its model."""
    return Report.model_validate_json(Path(path).read_text(encoding="utf-8"))
