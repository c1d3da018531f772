"""Fresh landmarkers for a run of videos, the next one built while the current one runs.

Every video gets a landmarker of its own (VIDEO mode tracks from frame to frame,
so a used one would make a video's result depend on the one before it).
Creating one costs 40-90 ms of CPU, a few per cent of a short clip's processing
time; a :class:`BackendSupply` builds the next video's landmarker on a background
thread (on a decode core, see :mod:`formcheck.session.cores`) while the current video is
being analysed, so a batch worker does not wait for it. Only a landmarker never
fed a frame is handed out.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from formcheck.pose.mediapipe_backend import MediaPipePoseBackend
from formcheck.pose.person_policy import PersonPolicy
from formcheck.session.cores import decode_cores, move_to_inference_cores, thread_ids

_Key = tuple[Path, PersonPolicy]
T = TypeVar("T")
_FIRST_FRAME_WAIT_S = 10.0


@dataclass(frozen=True)
class _Built:
    """A landmarker built ahead of time, and the kernel ids of the threads it started."""

    backend: MediaPipePoseBackend
    threads: frozenset[int]


class BackendSupply:
    """Hands out new :class:`MediaPipePoseBackend` objects, building each next one early.

    A :class:`~formcheck.session.providers.BackendProvider`. The spare is built
    once the backend just handed out has run its first frame (or was closed), so
    the two never log start-up chatter at the same time. The caller hands every
    backend it takes back to :meth:`retire` (:meth:`backend` does); :meth:`close`
    waits for the retired ones to be closed, closes the spare and ends the supply.
    Use it from one thread (the one checking the videos).
    """

    def __init__(self) -> None:
        self._builder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="landmarker")
        self._spare: tuple[_Key, Future[_Built]] | None = None

    def take(
        self, model_path: str | os.PathLike[str], person_policy: PersonPolicy | str
    ) -> MediaPipePoseBackend:
        """A backend that has seen no frame, for this model and person policy.

        Raises what :class:`MediaPipePoseBackend` raises for a bad model or policy.
        """
        key = (Path(model_path), PersonPolicy(person_policy))
        spare, self._spare = self._spare, None
        backend = None
        if spare is not None:
            spare_key, future = spare
            if spare_key == key and future.exception() is None:
                built = future.result()
                move_to_inference_cores(built.threads)
                backend = built.backend
            else:
                _discard(future)
        if backend is None:
            backend = MediaPipePoseBackend(key[0], person_policy=key[1])
        self._spare = (key, self._builder.submit(_build, key, backend.past_start_up))
        return backend

    @contextlib.contextmanager
    def backend(
        self, model_path: str | os.PathLike[str], person_policy: PersonPolicy | str
    ) -> Iterator[MediaPipePoseBackend]:
        """A backend from :meth:`take`, retired when the block ends."""
        backend = self.take(model_path, person_policy)
        try:
            yield backend
        finally:
            self.retire(backend)

    def later(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> Future[T]:
        """Run `fn` on the background thread, after the spare now being built."""
        return self._builder.submit(fn, *args, **kwargs)

    def retire(self, backend: MediaPipePoseBackend) -> None:
        """Close a backend taken from here once the caller is done with it.

        Closing takes a few ms; it is done on the background thread, after the
        spare is built.
        """
        backend.past_start_up.set()  # it runs no more frames: the spare need not wait
        self._builder.submit(backend.close)

    def close(self) -> None:
        """Close the spare and every retired backend, and end the supply; safe to repeat."""
        self._builder.shutdown(wait=True)  # runs what was queued: builds and retirements
        spare, self._spare = self._spare, None
        if spare is not None:
            _discard(spare[1])


def _build(key: _Key, after: threading.Event) -> _Built:
    """Build a landmarker on a core not busy with inference, once `after` is set."""
    after.wait(_FIRST_FRAME_WAIT_S)
    decode = decode_cores()
    if decode is not None:
        decode.pin()
    before = thread_ids()
    backend = MediaPipePoseBackend(key[0], person_policy=key[1])
    return _Built(backend, thread_ids() - before)


def _discard(future: Future[_Built]) -> None:
    """Close the backend `future` builds (waiting for it); ignore a failed build."""
    if future.exception() is None:
        future.result().backend.close()
