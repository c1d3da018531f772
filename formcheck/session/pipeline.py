"""One pipeline for every input: blocks of frames -> engine -> sinks -> analysis.

Live coaching, batch checking and replay of recorded tracks all call
`analyze` (through :mod:`formcheck.session.runner`); what differs is only where
the frames come from (one row at a time from a camera, a few rows from a video,
slices of a recorded track) and which sinks (the outputs in
:mod:`formcheck.session.outputs`, the live window and cues) are plugged in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import Analysis, FrameUpdate
from formcheck.pose.block import PoseBlock
from formcheck.pose.frame import PoseFrame

if TYPE_CHECKING:
    from formcheck.analysis.schedule import AnalysisSchedule


@dataclass(frozen=True)
class Observed:
    """Consecutive frames flowing through the pipeline, as one block.

    Attributes:
        poses: the exerciser's landmarks, one row per frame (all NaN in frames
            where nobody was found).
        images: the BGR uint8 frames, shape (H, W, 3), one per row; None when
            replaying a track or when no sink draws on them.
    """

    poses: PoseBlock
    images: Sequence[np.ndarray] | None = None

    def __post_init__(self) -> None:
        if self.images is not None and len(self.images) != len(self.poses):
            raise ValueError(f"Observed has {len(self.poses)} poses but "
                             f"{len(self.images)} images")


class Sink(Protocol):
    """Receives every frame with what the engine made of it."""

    def on_frame(self, pose: PoseFrame, image: np.ndarray | None, update: FrameUpdate) -> None:
        """Handle one frame: its landmarks, its BGR image (None without images), its update."""
        ...


def analyze(
    observed: Iterable[Observed],
    engine: Engine,
    sinks: Sequence[Sink] = (),
    schedule: AnalysisSchedule | None = None,
) -> Analysis:
    """Run every block through `engine`, hand each frame's result to the sinks, and finish.

    Args:
        observed: blocks of frames in time order (a block's metrics are computed
            together; its size does not change the results).
        engine: a fresh engine for the exercise.
        sinks: receivers of every frame and its update, in order.
        schedule: told of each frame's update as soon as it is made, so the source
            can decide from the block just checked which frame to analyse next
            (see :func:`~formcheck.session.sources.scheduled`).
    """
    for block in observed:
        updates = engine.process_block(block.poses)
        if not sinks and schedule is None:
            for _ in updates:
                pass
            continue
        for k, update in enumerate(updates):
            pose = block.poses[k]
            if schedule is not None:
                schedule.observe(update, pose)
            image = block.images[k] if block.images is not None else None
            for sink in sinks:
                sink.on_frame(pose, image, update)
    return engine.finish()
