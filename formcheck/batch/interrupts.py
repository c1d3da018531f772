"""Ctrl-C handling for batch runs: when to hold it back, and which process sees it."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

_HELD = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold back SIGINT and SIGTERM while the block runs, then deliver them.

    Used around writing files (an interrupt landing inside the creation of a
    temporary file could leave it behind) and around starting worker processes
    (they inherit the blocked mask, so a Ctrl-C cannot hit them half-started).
    A no-op where signal masks do not exist.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def ignore_interrupts() -> None:
    """Make this (worker) process ignore Ctrl-C, dropping one that is pending."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """Let Ctrl-C raise KeyboardInterrupt inside the block (in a worker that ignores it)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
