"""A lifeline from a batch to its worker processes: workers end as soon as the batch is gone.

A batch killed outright (``kill -9``, the out-of-memory killer) runs no clean-up,
so its pool workers (a few hundred MB each) would live on, finishing their video
and then waiting for work forever, and keep multiprocessing's resource tracker
alive with them. The batch holds the only writing end of a pipe; every worker
watches the reading end from a thread, and the pipe ends (end of file) exactly
when the batch process is gone, however it died. The worker then exits at once;
the resource tracker, whose own pipe the workers held open, follows.
"""

from __future__ import annotations

import contextlib
import os
import threading
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext

# Exit status of a worker that outlived its batch (nobody is left to read it).
_ORPHANED = 1


class Lifeline:
    """The batch's side of the lifeline; pass `worker_end` to each worker.

    Args:
        context: the multiprocessing context the workers are started with.
    """

    def __init__(self, context: BaseContext) -> None:
        self.worker_end, self._batch_end = context.Pipe(duplex=False)

    def close(self) -> None:
        """Cut the lifeline: workers still running exit. Call once they have stopped."""
        self._batch_end.close()
        self.worker_end.close()


def exit_with_batch(worker_end: Connection) -> None:
    """In a worker: end this process as soon as the batch that started it is gone.

    Args:
        worker_end: the `Lifeline.worker_end` of the batch, as received by the worker.
    """
    threading.Thread(target=_wait_then_exit, args=(worker_end,), name="formcheck-lifeline",
                     daemon=True).start()


def _wait_then_exit(worker_end: Connection) -> None:
    """Block until the batch's end of the pipe is closed, then exit without clean-up."""
    with contextlib.suppress(EOFError, OSError):
        worker_end.recv_bytes()  # the batch never writes: this ends only at end of file
    os._exit(_ORPHANED)
