"""Capturing native libraries' writes to the stderr file descriptor.

MediaPipe (glog, TFLite) and FFmpeg write progress chatter straight to file
descriptor 2, below Python's ``sys.stderr``, so ``contextlib.redirect_stderr``
cannot catch it. :func:`capture_stderr_fd` points fd 2 at a temporary file for
the duration of a block and hands the text back, so the caller can drop known
noise and pass everything else on.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# fd 2 is one per process: captures from different threads take turns (a thread
# may nest its own), so none restores fd 2 to another's temporary file.
_fd2_lock = threading.RLock()


class CapturedText:
    """Text written to fd 2 inside a :func:`capture_stderr_fd` block (set on exit)."""

    def __init__(self) -> None:
        self.text = ""

    def lines(self) -> list[str]:
        """The captured text as non-empty lines."""
        return [line for line in self.text.splitlines() if line.strip()]


@contextmanager
def capture_stderr_fd() -> Iterator[CapturedText]:
    """Redirect file descriptor 2 to a temporary file while the block runs.

    The redirect is process-wide: keep the block short (opening a file, creating a
    model), because output from other threads in that window is captured too. A
    capture on another thread waits for this one to end.
    """
    captured = CapturedText()
    with _fd2_lock, tempfile.TemporaryFile(mode="w+b") as sink:
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(sink.fileno(), 2)
        try:
            yield captured
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            captured.text = sink.read().decode("utf-8", errors="replace")


def pass_on(lines: list[str]) -> None:
    """Write `lines` to stderr (used for captured lines that are not known noise)."""
    for line in lines:
        print(line, file=sys.stderr)
