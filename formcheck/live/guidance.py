"""Turning the engine's 'cannot measure' reasons into something the user can do."""

from __future__ import annotations

import math

from formcheck.analysis.results import FrameUpdate
from formcheck.spec.language import ExerciseSpec

_LOWER_BODY = ("ankle", "heel", "foot", "knee")


def turn_instruction(views: tuple[str, ...]) -> str:
    """How to stand to the camera for an exercise that needs one of `views`."""
    if "side" in views:
        return "Turn side-on to the camera"
    if "front" in views:
        return "Face the camera"
    return "Turn half-way towards the camera"


def instruction(spec: ExerciseSpec, update: FrameUpdate) -> str | None:
    """What the user should do so the exercise can be measured, or None when it can.

    Args:
        spec: the exercise (its views).
        update: the engine's update for the current frame (its view estimate and
            its reason for not measuring, e.g. "left ankle out of frame").
    """
    if update.view is not None and update.view not in spec.views:
        return turn_instruction(spec.views)
    reason = update.guidance
    if reason is None:
        return None
    if reason == "nobody in view":
        return "Step into view of the camera"
    if "out of frame" in reason:
        out = [part for part in reason.split("; ") if part.endswith("out of frame")]
        if any(word in part for part in out for word in _LOWER_BODY):
            return "Step back so your feet are in view"
        return "Step back so your whole body is in view"
    if "hidden" in reason:
        return turn_instruction(spec.views)
    return "The camera cannot see you clearly: more light, or step closer"


def baseline_labels(spec: ExerciseSpec) -> tuple[str, ...]:
    """The engine's value labels of metrics measured against the person's own baseline."""
    labels: list[str] = []
    for name, metric in spec.metrics.items():
        if metric.baseline:
            sided = metric.side_mode == "each"
            labels.extend((f"{name}.left", f"{name}.right") if sided else (name,))
    return tuple(labels)


def is_ready(spec: ExerciseSpec, update: FrameUpdate, baselines: tuple[str, ...]) -> bool:
    """True when the person is measurable, at rest in the start posture, and calibrated.

    Args:
        spec: the exercise.
        update: the current frame's update.
        baselines: labels from :func:`baseline_labels` (all must be known).
    """
    if instruction(spec, update) is not None or update.phase not in ("rest", "hold"):
        return False
    return all(math.isfinite(update.values.get(label, math.nan)) for label in baselines)
