"""The unit of batch work: one input checked by one worker (a local process or Ray)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from formcheck.errors import UserError
from formcheck.report.document import Report
from formcheck.session.exercise import ResolvedExercise
from formcheck.session.options import CheckOptions
from formcheck.session.runner import run_recording

if TYPE_CHECKING:
    from formcheck.session.providers import BackendProvider, FrameSource


@dataclass(frozen=True)
class Task:
    """One input to check, with everything a worker needs (picklable).

    Attributes:
        index: position of the input in the batch.
        path: the video or landmark track; must be readable by the worker.
        exercise: the validated exercise (sent whole, so workers need no files).
        options: how to check.
        content_sha256: sha256 of the input, computed when the batch was planned.
    """

    index: int
    path: Path
    exercise: ResolvedExercise
    options: CheckOptions
    content_sha256: str


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back: a report, or the error that stopped it.

    Attributes:
        index: the task's index.
        report: the report (None on error); the batch writes it, not the worker.
        error: one line saying what went wrong, or None.
        processing_s: wall-clock seconds the worker spent on the input.
    """

    index: int
    report: Report | None
    error: str | None
    processing_s: float


def run_task(
    task: Task, backends: BackendProvider | None = None, videos: FrameSource | None = None
) -> Outcome:
    """Check one input; any failure becomes the outcome's error, never an exception.

    A user-facing problem (unreadable video, nobody in view) keeps its message; an
    unexpected exception is named by its type, so one bad file cannot stop a batch.
    KeyboardInterrupt is not caught. `backends` and `videos` supply the
    landmarkers and opened videos of a worker that checks one video after
    another (default: made and opened per video).
    """
    start = time.perf_counter()
    try:
        report = run_recording(task.path, task.exercise, task.options,
                               content_sha256=task.content_sha256, backends=backends,
                               videos=videos)
    except UserError as exc:
        return Outcome(task.index, None, str(exc), time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001 - isolate one input's failure from the batch
        return Outcome(task.index, None, f"{task.path}: {type(exc).__name__}: {exc}",
                       time.perf_counter() - start)
    return Outcome(task.index, report, None, time.perf_counter() - start)
