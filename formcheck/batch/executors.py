"""Running batch tasks: in this process, in local worker processes, or on a Ray cluster.

Every executor runs the same :func:`~formcheck.batch.task.run_task` and yields
outcomes as they complete; the batch runner writes the reports and the summary.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from typing import Any, Protocol

from formcheck.batch.interrupts import ignore_interrupts, interruptible, interrupts_deferred
from formcheck.batch.lifeline import Lifeline, exit_with_batch
from formcheck.batch.task import Outcome, Task, run_task
from formcheck.errors import UserError
from formcheck.session.cores import allowed_cores, plan_for_worker, use_plan, worker_cores
from formcheck.session.prefetch import ReaderPrefetch
from formcheck.session.runner import expect_next
from formcheck.session.supply import BackendSupply


class Executor(Protocol):
    """Runs tasks and yields their outcomes in completion order."""

    def run(self, tasks: Sequence[Task]) -> Iterator[Outcome]:
        """Outcomes of `tasks`, as each finishes; closing the iterator stops the work."""
        ...


def default_workers() -> int:
    """Worker processes to use by default: the CPU cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class InProcessExecutor:
    """Runs tasks one after another in this process (one worker, no start-up cost).

    Inference stays on one core and decoding on the others while it runs (see
    :mod:`formcheck.session.cores`); each next landmarker is built, and each next video
    opened, during the video before.
    """

    def run(self, tasks: Sequence[Task]) -> Iterator[Outcome]:
        """Outcomes in task order."""
        backends = BackendSupply()
        readers = ReaderPrefetch(backends.later)
        try:
            with worker_cores(0, 1):
                for index, task in enumerate(tasks):
                    if index + 1 < len(tasks):
                        following = tasks[index + 1]
                        expect_next(readers, following.path, following.options)
                    yield run_task(task, backends, readers)
        finally:
            readers.close()
            backends.close()


# The landmarker supply of a pool worker process (set by _start_worker).
_worker_backends: BackendSupply | None = None


def _start_worker(started: Any, workers: int, lifeline: Connection) -> None:
    """Pool worker initializer: end with the batch, ignore idle Ctrl-C, take a core, make backends.

    Args:
        started: a shared integer counting workers started so far (gives the index).
        workers: number of workers in the pool.
        lifeline: the worker end of the batch's `Lifeline`.
    """
    global _worker_backends
    exit_with_batch(lifeline)
    ignore_interrupts()
    with started.get_lock():
        index = started.value
        started.value += 1
    use_plan(plan_for_worker(index, workers, allowed_cores()))
    _worker_backends = BackendSupply()
    atexit.register(_worker_backends.close)


def _run_interruptible(task: Task) -> Outcome:
    """Run a task in a pool worker, letting Ctrl-C abort it but not the idle worker."""
    with interruptible():
        return run_task(task, _worker_backends)


class ProcessExecutor:
    """Runs tasks in `workers` worker processes (spawned, one model at a time each).

    Each video gets a fresh landmarker inside its worker (built while the worker's
    previous video ran), so a result never depends on which inputs the same worker
    checked before. Each worker keeps to its own core (see :mod:`formcheck.session.cores`).
    Ctrl-C reaches busy workers (their input is abandoned) while idle ones ignore
    it; the pool is then shut down without starting queued tasks. Workers exit by
    themselves within moments when this process is killed (see :mod:`.lifeline`).

    Args:
        workers: number of worker processes (>= 1).
    """

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise UserError(f"--workers must be at least 1, got {workers}")
        self.workers = workers

    def run(self, tasks: Sequence[Task]) -> Iterator[Outcome]:
        """Outcomes in completion order. A worker that dies fails its tasks, not the batch."""
        if not tasks:
            return
        workers = min(self.workers, len(tasks))
        context = multiprocessing.get_context("spawn")
        lifeline = Lifeline(context)
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(context.Value("i", 0), workers, lifeline.worker_end),
        )
        try:
            with interrupts_deferred():  # workers start with Ctrl-C held back
                futures = {pool.submit(_run_interruptible, task): task for task in tasks}
            for future in as_completed(futures):
                try:
                    yield future.result()
                except BrokenProcessPool:
                    task = futures[future]
                    yield Outcome(task.index, None,
                                  f"{task.path}: a worker process died while checking it", 0.0)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            lifeline.close()


class RayExecutor:
    """Runs tasks as Ray tasks (one CPU each) on a Ray cluster.

    The formcheck package is shipped to the workers with the job, so the cluster
    needs only mediapipe, numpy, OpenCV and pydantic; input files must be readable
    at the same paths on every node (shared storage).

    Args:
        address: a Ray cluster address (``HOST:PORT``, ``ray://HOST:PORT`` or
            ``auto``), or None to start a Ray instance on this machine.
    """

    def __init__(self, address: str | None) -> None:
        self.address = address

    def run(self, tasks: Sequence[Task]) -> Iterator[Outcome]:
        """Outcomes in completion order; closing the iterator cancels the rest."""
        try:
            import ray
        except ImportError:
            raise UserError("distributed mode needs Ray: pip install 'formcheck[ray]'") from None
        import formcheck

        if not tasks:
            return
        try:
            ray.init(address=self.address, runtime_env={"py_modules": [formcheck]},
                     logging_level="warning", log_to_driver=False)
        except ConnectionError as exc:
            raise UserError(
                f"--ray {self.address}: cannot connect to a Ray cluster ({exc})"
            ) from None
        pending: list = []
        try:
            remote = ray.remote(num_cpus=1, max_retries=0)(run_task)
            owner = {remote.remote(task): task for task in tasks}
            pending = list(owner)
            while pending:
                done, pending = ray.wait(pending, num_returns=1)
                for ref in done:
                    try:
                        yield ray.get(ref)
                    except ray.exceptions.RayError as exc:
                        task = owner[ref]
                        yield Outcome(task.index, None, f"{task.path}: Ray task failed: "
                                      f"{str(exc).splitlines()[0]}", 0.0)
        finally:
            for ref in pending:
                ray.cancel(ref, force=True)
            ray.shutdown()
