"""Turning the engine's 'cannot measure' reasons into something the user can do."""

from __future__ import annotations

import math

from formcheck.analysis.results import FrameUpdate
from formcheck.spec.language import ExerciseSpec


def turn_instruction(views: tuple[str, ...]) -> str:
    """How to stand to the camera for an exercise that needs one of `views`."""
    if "side" in views:
        return "Turn side-on to the camera"
    if "front" in views:
        return "Face the camera"
    return "Turn half-way towards the camera"


def body_parts(names: list[str]) -> str:
    """Landmark names (as `landmark_words` gives them) with both sides said once:
    "left ankle", "right ankle" -> "ankles".

    >>> body_parts(["left hip", "right hip", "left knee"])
    'hips and left knee'
    """
    words: list[str] = []
    for name in names:
        side, _, part = name.partition(" ")
        if side not in ("left", "right"):
            words.append(name)
            continue
        other = ("right " if side == "left" else "left ") + part
        if other in names:
            plural = part if part.endswith("s") else part + "s"
            if plural not in words:
                words.append(plural)
        else:
            words.append(f"{side} {part}")
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _parts(reason: str, where: str) -> list[str]:
    """The landmark names in `reason` ("left ankle out of frame; left hip hidden") so placed."""
    return [part.removesuffix(" " + where) for part in reason.split("; ") if part.endswith(where)]


def instruction(spec: ExerciseSpec, update: FrameUpdate) -> str | None:
    """What the user should do so the exercise can be measured, or None when it can.

    "Step into view" only when nobody is found; a person partly out of the
    picture or hidden is told which parts the camera misses.

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
    if out := _parts(reason, "out of frame"):
        return f"Step back: your {body_parts(out)} {_are(out)} out of the picture"
    if hidden := _parts(reason, "hidden"):
        return f"The camera cannot see your {body_parts(hidden)}: move what is in the way"
    return "The camera cannot see you clearly: more light, or step closer"


def _are(names: list[str]) -> str:
    """The verb for the body parts `names`: "is" for one ("left knee"), "are" for
    several or for a plural part ("left toes")."""
    return "is" if len(names) == 1 and not names[0].endswith("s") else "are"


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
