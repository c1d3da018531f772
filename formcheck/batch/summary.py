"""The batch summary table: one row per input, written as CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Literal

from formcheck.report.document import Report
from formcheck.report.write import write_text_atomic

SUMMARY_CSV = "summary.csv"
SUMMARY_JSON = "summary.json"

Status = Literal["ok", "skipped", "error", "pending"]


@dataclass(frozen=True)
class SummaryRow:
    """One input's line in the summary.

    Attributes:
        file: the input path.
        exercise: the exercise as named by the user.
        status: ok (checked now), skipped (report already up to date), error,
            or pending (not done yet; only in the summary of an unfinished batch).
        reps: counted reps over all sides; None when not measurable or no rep rule.
        flags: number of form faults flagged.
        not_measurable_share: share of the recording (0..1) that could not be
            measured; 1.0 when the whole set was not measurable.
        duration_s: seconds of recording checked.
        processing_s: wall-clock seconds spent checking it (for skipped inputs,
            as measured when it was checked, if known).
        report: the report file name, relative to the summary.
        error: what went wrong, for status "error".
    """

    file: str
    exercise: str
    status: Status
    reps: int | None = None
    flags: int | None = None
    not_measurable_share: float | None = None
    duration_s: float | None = None
    processing_s: float | None = None
    report: str | None = None
    error: str | None = None


COLUMNS = tuple(f.name for f in fields(SummaryRow))


def not_measurable_share(report: Report) -> float:
    """Share (0..1) of the recording in not-measurable gaps; 1.0 if the set was not measurable."""
    if not report.measurable:
        return 1.0
    span_ms = report.source.duration_s * 1000.0
    if span_ms <= 0:
        return 0.0
    gap_ms = sum(g.end_ms - g.start_ms for g in report.gaps)
    return round(min(1.0, gap_ms / span_ms), 3)


def row_from_report(
    file: str, exercise: str, status: Status, report: Report, report_name: str,
    processing_s: float | None,
) -> SummaryRow:
    """The summary row of an input checked into `report`."""
    return SummaryRow(
        file=file, exercise=exercise, status=status,
        reps=None if report.rep_counts is None else sum(report.rep_counts.values()),
        flags=len(report.flags), not_measurable_share=not_measurable_share(report),
        duration_s=report.source.duration_s,
        processing_s=None if processing_s is None else round(processing_s, 3),
        report=report_name,
    )


def write_summary(rows: list[SummaryRow], out_dir: Path) -> None:
    """Write ``summary.csv`` and ``summary.json`` into `out_dir`, each atomically."""
    out_dir = Path(out_dir)
    records = [asdict(r) for r in rows]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in records)
    write_text_atomic(out_dir / SUMMARY_CSV, buffer.getvalue())
    write_text_atomic(out_dir / SUMMARY_JSON, json.dumps(records, indent=1) + "\n")


def previous_processing_times(out_dir: Path) -> dict[str, float]:
    """Report name -> processing seconds, from an earlier run's ``summary.json`` (if any)."""
    try:
        records = json.loads((Path(out_dir) / SUMMARY_JSON).read_text(encoding="utf-8"))
        return {r["report"]: float(r["processing_s"]) for r in records
                if r.get("report") and r.get("processing_s") is not None}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}
