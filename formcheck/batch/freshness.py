"""Where a batch input's report goes, and whether an existing one is still up to date."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from formcheck.report.document import Report
from formcheck.report.write import read_report
from formcheck.session.options import OptionValue


def report_path(out_dir: Path, key: str, exercise_id: str) -> Path:
    """``OUT_DIR/KEY.EXERCISE.json``."""
    return Path(out_dir) / f"{key}.{exercise_id}.json"


def fresh_report(
    path: Path, expected_options: dict[str, OptionValue], spec_sha256: str
) -> Report | None:
    """The report at `path` if it is up to date, else None.

    Up to date means: it reads as a valid report, it was made from the same
    exercise definition (`spec_sha256`) and it records exactly the expected
    options, which include the input's content hash and, for videos, the model
    (see :func:`formcheck.session.options.recorded_options`).
    """
    try:
        report = read_report(path)
    except (OSError, ValidationError, ValueError):
        return None
    if report.exercise.spec_sha256 != spec_sha256 or report.options != expected_options:
        return None
    return report
