"""Capturing native libraries' writes to the stderr file descriptor.

MediaPipe (glog, TFLite) and FFmpeg write progress chatter straight to file
descriptor 2, below Python's ``sys.stderr``, so ``contextlib.redirect_stderr``
cannot catch it. :func:`capture_stderr_fd` points fd 2 at a temporary file for
the duration of a block and hands the text back, so the caller can drop known
noise and pass everything else on; a :class:`StderrSieve` does the same for a
call repeated many times (decoding frame after frame), passing the rest on at once.
"""

from __future__ import annotations

import collections
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
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


class StderrSieve:
    """Keeps known noise that native code writes to fd 2 out of sight, call by call.

    Meant for one native call made over and over on one thread, such as decoding
    the next frame: each :meth:`call` points fd 2 at a temporary file, then writes
    whatever is not noise on to the real fd 2 at once, byte for byte, so what other
    threads wrote in that window (a progress bar, say) is only delayed by the
    length of the call. When another capture holds fd 2, the call runs as it is
    rather than wait for it. Close the sieve (or use ``with``) when done.

    Attributes:
        withheld: the last noise lines kept back, oldest first (at most `keep`).

    Args:
        is_noise: tells a line (without its line end) that should not be shown.
        keep: how many of the latest noise lines to remember.
    """

    def __init__(self, is_noise: Callable[[str], bool], keep: int = 20) -> None:
        self._is_noise = is_noise
        self.withheld: collections.deque[str] = collections.deque(maxlen=keep)
        self._sink = tempfile.TemporaryFile()  # noqa: SIM115 (lives until close())

    @contextmanager
    def call(self) -> Iterator[None]:
        """Run the block with fd 2 sifted (or as it is, when fd 2 is being captured)."""
        if not _fd2_lock.acquire(blocking=False):
            yield
            return
        sink = self._sink.fileno()
        try:
            sys.stderr.flush()
            saved = os.dup(2)
            os.dup2(sink, 2)
            try:
                yield
            finally:
                sys.stderr.flush()
                os.dup2(saved, 2)
                os.close(saved)
        finally:
            _fd2_lock.release()
        if os.lseek(sink, 0, os.SEEK_CUR):
            self._sift(sink)

    def _sift(self, sink: int) -> None:
        data = os.pread(sink, os.lseek(sink, 0, os.SEEK_CUR), 0)
        os.ftruncate(sink, 0)
        os.lseek(sink, 0, os.SEEK_SET)
        shown = []
        for line in data.splitlines(keepends=True):
            text = line.decode("utf-8", errors="replace").rstrip("\r\n")
            if text.strip() and self._is_noise(text):
                self.withheld.append(text)
            else:
                shown.append(line)
        if shown:
            os.write(2, b"".join(shown))

    def close(self) -> None:
        """Release the temporary file."""
        self._sink.close()

    def __enter__(self) -> StderrSieve:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
