"""Running a batch: plan (skip up-to-date reports), check the rest, write reports and summary.

Reports are written by this process, atomically, as each outcome arrives; the
summary is rewritten (atomically) after every input, so a batch killed at any
moment leaves only complete files and resumes where it stopped.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from formcheck.batch.executors import Executor
from formcheck.batch.freshness import fresh_report, report_path
from formcheck.batch.inputs import Job
from formcheck.batch.interrupts import interrupts_deferred
from formcheck.batch.summary import (
    SummaryRow,
    previous_processing_times,
    row_from_report,
    write_summary,
)
from formcheck.batch.task import Outcome, Task
from formcheck.errors import UserError
from formcheck.pose.weights import sha256_of
from formcheck.report.write import write_report
from formcheck.session.exercise import ResolvedExercise
from formcheck.session.options import CheckOptions, recorded_options

StatusLine = Callable[[SummaryRow], None]


@dataclass(frozen=True)
class BatchResult:
    """The rows of the summary, in input order."""

    rows: list[SummaryRow]

    @property
    def errors(self) -> int:
        """Inputs that could not be checked."""
        return sum(r.status == "error" for r in self.rows)

    @property
    def flagged(self) -> int:
        """Inputs with at least one form fault."""
        return sum(bool(r.flags) for r in self.rows)


@dataclass(frozen=True)
class _Planned:
    job: Job
    exercise: ResolvedExercise
    out: Path


def run_batch(
    jobs: Sequence[Job],
    options: CheckOptions,
    out_dir: Path,
    executor: Executor,
    *,
    show_progress: bool = True,
) -> BatchResult:
    """Check every job, skipping those whose report is up to date.

    Args:
        jobs: the inputs, in the order the summary lists them.
        options: check options for all inputs.
        out_dir: folder for the reports, ``summary.csv`` and ``summary.json``.
        executor: where the checking runs.
        show_progress: draw a progress bar and one status line per input on stderr.

    Raises:
        UserError: an unknown or invalid exercise, or two inputs sharing a report.
        KeyboardInterrupt: on Ctrl-C, after the work in flight was stopped; all
            files written so far are complete.
    """
    out_dir = Path(out_dir)
    planned = _plan(jobs, out_dir)
    previous = previous_processing_times(out_dir)
    rows: list[SummaryRow] = []
    tasks: list[Task] = []
    sizes: dict[int, int] = {}
    for i, p in enumerate(planned):
        row = SummaryRow(file=str(p.job.path), exercise=p.job.exercise, status="pending")
        try:
            digest = sha256_of(p.job.path)
            sizes[i] = p.job.path.stat().st_size
        except OSError as exc:
            rows.append(replace(row, status="error", error=f"{p.job.path}: cannot read ({exc})"))
            continue
        expected = recorded_options(p.job.path, p.exercise, options, digest)
        report = fresh_report(p.out, expected, p.exercise.sha256)
        if report is None:
            tasks.append(Task(i, p.job.path, p.exercise, options, digest))
        else:
            row = row_from_report(row.file, row.exercise, "skipped", report, p.out.name,
                                  previous.get(p.out.name))
        rows.append(row)
    # Largest inputs first, so no worker is left with a long one at the end.
    tasks.sort(key=lambda task: -sizes[task.index])
    out_dir.mkdir(parents=True, exist_ok=True)
    with interrupts_deferred():
        write_summary(rows, out_dir)
    with _progress(len(rows), len(rows) - len(tasks), show_progress) as status, \
            contextlib.closing(iter(executor.run(tasks))) as outcomes:
        for outcome in outcomes:
            with interrupts_deferred():
                rows[outcome.index] = _record(outcome, planned[outcome.index],
                                              rows[outcome.index])
                write_summary(rows, out_dir)
            status(rows[outcome.index])
    return BatchResult(rows)


def _plan(jobs: Sequence[Job], out_dir: Path) -> list[_Planned]:
    names = dict.fromkeys(j.exercise for j in jobs)
    exercises = {name: ResolvedExercise.resolve(name) for name in names}
    planned = []
    for job in jobs:
        exercise = exercises[job.exercise]
        planned.append(_Planned(job, exercise, report_path(out_dir, job.key, exercise.spec.id)))
    owners: dict[Path, Job] = {}
    for p in planned:
        other = owners.setdefault(p.out, p.job)
        if other is not p.job:
            raise UserError(f"{other.path} ({other.exercise}) and {p.job.path} ({p.job.exercise}) "
                            f"would both be reported in {p.out}")
    return planned


def _record(outcome: Outcome, planned: _Planned, row: SummaryRow) -> SummaryRow:
    if outcome.report is None:
        return replace(row, status="error", processing_s=round(outcome.processing_s, 3),
                       error=outcome.error)
    write_report(outcome.report, planned.out)
    return row_from_report(row.file, row.exercise, "ok", outcome.report, planned.out.name,
                           outcome.processing_s)


@contextlib.contextmanager
def _progress(total: int, done: int, enabled: bool) -> Iterator[StatusLine]:
    """A files progress bar; yields a callback printing one status line per finished input."""
    from tqdm import tqdm

    with tqdm(total=total, initial=done, unit="file", disable=not enabled, file=sys.stderr,
              dynamic_ncols=True) as bar:
        if done and enabled:
            bar.write(f"{done} of {total} inputs already have an up-to-date report", sys.stderr)

        def status(row: SummaryRow) -> None:
            bar.update(1)
            if enabled:
                bar.write(status_line(row), sys.stderr)

        yield status


def status_line(row: SummaryRow) -> str:
    """One line about a finished input, e.g. ``ok     clip.mp4  reps 3, flags 1 (4.2 s)``."""
    if row.status == "error":
        return f"error  {row.error}"
    reps = "reps n/a" if row.reps is None else f"reps {row.reps}"
    return f"{row.status:6} {row.file}  {reps}, flags {row.flags} ({row.processing_s or 0:.1f} s)"
