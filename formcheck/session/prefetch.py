"""Opening the next video of a run while the current one is being checked.

Opening a video and decoding its first frame takes ~10-20 ms (container probing,
codec set-up), and nothing of that video can be inferred until it is done. When
the caller knows which video comes next, :class:`ReaderPrefetch` opens it on a
background thread during the current one, so the inference thread finds it
ready.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from formcheck.session.cores import decode_cores
from formcheck.video.reader import VideoReader

_Key = tuple[Path, bool]
Schedule = Callable[..., "Future[Any]"]
"""Runs ``fn(*args, **kwargs)`` on a background thread, like ``Executor.submit``."""


class ReaderPrefetch:
    """Opens at most one video ahead; :meth:`open` hands it over, or opens one now.

    A :class:`~formcheck.session.providers.FrameSource`. The caller names the
    next video with :meth:`expect`; the checker of the current video calls
    :meth:`start_expected` once its own start-up is scheduled (its video open,
    its landmarker), so opening ahead never delays it.

    Args:
        schedule: where the opening runs, e.g. the thread that builds the next
            landmarker (:meth:`formcheck.session.supply.BackendSupply.later`), so
            the two take turns rather than crowd the current video's first frame.
    """

    def __init__(self, schedule: Schedule) -> None:
        self._schedule = schedule
        self._expected: _Key | None = None
        self._ahead: tuple[_Key, Future[VideoReader]] | None = None

    def expect(self, path: str | os.PathLike[str], *, rgb: bool) -> None:
        """Name the video to open ahead next (as ``VideoReader(path, rgb=rgb)``)."""
        self._expected = (Path(path), rgb)

    def start_expected(self) -> None:
        """Start opening the expected video in the background, if one was named."""
        key, self._expected = self._expected, None
        if key is not None:
            self._drop()
            opening = self._schedule(VideoReader, key[0], rgb=key[1], cores=decode_cores())
            self._ahead = (key, opening)

    def open(self, path: str | os.PathLike[str], *, rgb: bool) -> VideoReader:
        """The video at `path`, opened ahead if it was; the caller closes it.

        Raises:
            UserError: as :class:`VideoReader` does (also for an open done ahead).
        """
        key = (Path(path), rgb)
        if self._ahead is not None and self._ahead[0] == key:
            future, self._ahead = self._ahead[1], None
            return future.result()
        self._drop()
        return VideoReader(key[0], rgb=rgb, cores=decode_cores())

    def close(self) -> None:
        """Close a video opened ahead and never taken."""
        self._expected = None
        self._drop()

    def _drop(self) -> None:
        if self._ahead is not None:
            future, self._ahead = self._ahead[1], None
            if future.exception() is None:
                future.result().close()
