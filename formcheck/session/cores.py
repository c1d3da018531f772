"""Which CPU cores the inference and decoding threads of a checking process run on.

Measured on a 2-core machine with the full model (``bench/bench_batch.py``):
left to the scheduler, a decode thread on the "idle" core slows inference by
15-18 % (10.5 -> 12.2 ms per frame), because the scheduler keeps moving the
inference thread between the cores and it loses its cache each time. With the
inference thread (and the graph threads MediaPipe starts from it) kept on one
core and decoding on another, the slow-down drops to ~5 %.

A :class:`CorePlan` says where each kind of thread goes. :func:`use_plan` adopts
one for this process and places the calling thread, which is taken to be the
inference thread (:func:`worker_cores` does so for a block only); videos are
opened with the plan's :func:`decode_cores`, on which their reader opens the file
and runs its decode thread. MediaPipe runs inference on
graph threads it starts when a landmarker is created, and they inherit the
creating thread's cores: a landmarker built ahead of time on a decode core has
its new threads moved with :func:`move_to_inference_cores` before use. Without
a plan (library use, the live mode) nothing is pinned. Linux only; elsewhere
every call does nothing.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class CorePlan:
    """Core sets for a process's threads.

    Attributes:
        inference: cores for the inference thread and the threads it starts.
        decode: cores for video decode threads.
    """

    inference: frozenset[int]
    decode: frozenset[int]


_plan: CorePlan | None = None


def allowed_cores() -> frozenset[int]:
    """The cores the calling thread may run on (empty where the OS cannot tell)."""
    if not hasattr(os, "sched_getaffinity"):
        return frozenset()
    return frozenset(os.sched_getaffinity(0))


def plan_for_worker(index: int, workers: int, cores: frozenset[int]) -> CorePlan | None:
    """Where worker `index` of `workers` processes should run on `cores`.

    - Fewer workers than cores: each worker gets its own core for inference and
      shares the cores no worker infers on for decoding.
    - At least as many workers as cores: all of a worker's threads stay on one
      core (worker ``index`` on core ``index mod cores``); there is no idle core to
      decode on, and staying put keeps the caches warm.
    - One core, or cores unknown: no plan.
    """
    ordered = sorted(cores)
    if len(ordered) < 2 or workers < 1:
        return None
    own = frozenset({ordered[index % len(ordered)]})
    if workers >= len(ordered):
        return CorePlan(inference=own, decode=own)
    spare = frozenset(ordered[workers:])
    return CorePlan(inference=own, decode=spare)


def use_plan(plan: CorePlan | None) -> None:
    """Adopt `plan` for this process and place the calling (inference) thread."""
    global _plan
    _plan = plan
    if plan is not None:
        _pin(plan.inference)


@contextlib.contextmanager
def worker_cores(index: int, workers: int) -> Iterator[None]:
    """Run the block as worker `index` of `workers` (see :func:`plan_for_worker`).

    The calling thread is pinned for the block and given back its cores after it,
    so a program that checks videos in its own thread is not left pinned.
    """
    global _plan
    previous_plan = _plan
    _plan = plan_for_worker(index, workers, allowed_cores())
    try:
        with _pinned(None if _plan is None else _plan.inference):
            yield
    finally:
        _plan = previous_plan


@dataclass(frozen=True)
class DecodeCores:
    """Cores for video decoding (a :class:`~formcheck.video.reader.DecodePlacement`).

    Attributes:
        cores: the core ids.
    """

    cores: frozenset[int]

    @property
    def threads(self) -> int:
        """Decoder threads a video should use: one per core (more would only take turns)."""
        return len(self.cores)

    def pin(self) -> None:
        """Pin the calling thread to these cores."""
        _pin(self.cores)

    def pinned(self) -> contextlib.AbstractContextManager[None]:
        """Run the block on these cores, then give the calling thread back its own.

        For opening a video: the decoder threads FFmpeg starts then inherit these
        cores instead of the inference core of the thread that opens the file.
        """
        return _pinned(self.cores)


def decode_cores() -> DecodeCores | None:
    """Where the plan puts video decoding (None without a plan: nothing is pinned)."""
    return None if _plan is None else DecodeCores(_plan.decode)


def thread_ids() -> frozenset[int]:
    """The kernel ids of this process's threads (empty where the OS cannot tell)."""
    try:
        return frozenset(int(name) for name in os.listdir("/proc/self/task"))
    except OSError:
        return frozenset()


def move_to_inference_cores(threads: frozenset[int]) -> None:
    """Pin the threads with these kernel ids to the plan's inference cores."""
    if _plan is not None:
        for thread in threads:
            _pin(_plan.inference, thread)


@contextlib.contextmanager
def _pinned(cores: frozenset[int] | None) -> Iterator[None]:
    """Pin the calling thread to `cores` for the block, then give back its own (None: stay)."""
    if cores is None:
        yield
        return
    previous = allowed_cores()
    _pin(cores)
    try:
        yield
    finally:
        if previous:
            _pin(previous)


def _pin(cores: frozenset[int], thread: int = 0) -> None:
    """Pin one thread (kernel id; 0 is the calling thread, on Linux) to `cores`."""
    # No such call off Linux; a thread may have ended, or cores been taken away.
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setaffinity(thread, cores)
