"""Writing files atomically, so an interrupted run never leaves a half-written output."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from formcheck.report.model import Report


def write_text_atomic(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` through a temporary file renamed into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_report(report: Report, path: Path) -> None:
    """Write a report as indented JSON, atomically."""
    write_text_atomic(path, report.model_dump_json(indent=1))


def read_report(path: Path) -> Report:
    """Read a JSON report back into its model."""
    return Report.model_validate_json(Path(path).read_text(encoding="utf-8"))
