"""One pipeline for every input: frames -> engine -> sinks -> analysis.

Live coaching, batch checking and replay of recorded tracks all call
`analyze` (through :mod:`formcheck.session.runner`); what differs is only where
the frames come from and which sinks (the outputs in
:mod:`formcheck.session.outputs`, the live window and cues) are plugged in.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import Analysis, FrameUpdate
from formcheck.pose.frame import PoseFrame


@dataclass(frozen=True)
class Observed:
    """One frame flowing through the pipeline.

    Attributes:
        pose: the exerciser's landmarks (all NaN when nobody was found).
        image: the BGR uint8 frame, shape (H, W, 3), or None when replaying a track.
    """

    pose: PoseFrame
    image: np.ndarray | None = None


class Sink(Protocol):
    """Receives every frame with what the engine made of it."""

    def on_frame(self, observed: Observed, update: FrameUpdate) -> None:
        """Handle one frame."""
        ...


def analyze(
    frames: Iterable[Observed],
    engine: Engine,
    sinks: Sequence[Sink] = (),
    block_size: int = 1,
) -> Analysis:
    """Run every frame through `engine`, hand each result to the sinks, and finish.

    Args:
        frames: observed frames in time order.
        engine: a fresh engine for the exercise.
        sinks: receivers of every (frame, update) pair, in order.
        block_size: frames whose metrics are computed together; 1 for live
            use, larger for replaying tracks (faster, same results).
    """
    it = iter(frames)
    while chunk := list(itertools.islice(it, block_size)):
        updates = engine.process_block([o.pose for o in chunk])
        for observed, update in zip(chunk, updates, strict=True):
            for sink in sinks:
                sink.on_frame(observed, update)
    return engine.finish()

