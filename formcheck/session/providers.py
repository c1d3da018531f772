"""Where the runner gets a recording's video and pose backend from.

The runner asks a :class:`FrameSource` for each video and a
:class:`BackendProvider` for each landmarker; how they are made is up to them.
A single check uses the plain ones here (open the video, build a landmarker,
close both after it). A run of many videos passes ones that work ahead:
:class:`~formcheck.session.prefetch.ReaderPrefetch` opens the next video while
the current one is checked, :class:`~formcheck.session.supply.BackendSupply`
builds the next landmarker meanwhile; either way decoding runs on the cores
the process's plan gives it (:mod:`formcheck.session.cores`).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from formcheck.session.cores import decode_cores

if TYPE_CHECKING:
    from formcheck.pose.backend import PoseBackend
    from formcheck.video import VideoReader


class FrameSource(Protocol):
    """Opens the videos whose frames a session checks."""

    def open(self, path: Path, *, rgb: bool) -> VideoReader:
        """The video at `path`, open and not yet iterated; the caller closes it.

        Args:
            path: the video file.
            rgb: also give each frame in RGB, converted on the decode thread.

        Raises:
            UserError: the file is missing, unreadable or not a video.
        """
        ...

    def start_expected(self) -> None:
        """The current video's start-up is scheduled: begin opening the next one, if any."""
        ...


class BackendProvider(Protocol):
    """Gives out the pose backend for each recording."""

    def backend(
        self, model_file: Path, person: str
    ) -> contextlib.AbstractContextManager[PoseBackend]:
        """A backend that has seen no frame, for this model file and person policy.

        It is released (closed, or handed back to be closed) when the block ends.

        Raises:
            UserError: the model cannot be loaded.
        """
        ...


class VideoFiles:
    """A :class:`FrameSource` that opens each video when it is asked for."""

    def open(self, path: Path, *, rgb: bool) -> VideoReader:
        """The video at `path`, opened now."""
        from formcheck.video import VideoReader

        return VideoReader(path, rgb=rgb, cores=decode_cores())

    def start_expected(self) -> None:
        """Nothing is opened ahead."""


class NewBackends:
    """A :class:`BackendProvider` that builds a new MediaPipe landmarker each time."""

    def backend(
        self, model_file: Path, person: str
    ) -> contextlib.AbstractContextManager[PoseBackend]:
        """A new landmarker, closed when the block ends."""
        from formcheck.pose.mediapipe_backend import MediaPipePoseBackend

        return MediaPipePoseBackend(model_file, person_policy=person)
