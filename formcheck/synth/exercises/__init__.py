"""The exercise scripts, by name."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from formcheck.synth.exercises.base import Exercise
from formcheck.synth.exercises.quadruped import BIRD_DOG
from formcheck.synth.exercises.standing import SQUAT
from formcheck.synth.exercises.supine import KNEE_HUG

EXERCISES: Mapping[str, Exercise] = MappingProxyType(
    {e.name: e for e in (BIRD_DOG, KNEE_HUG, SQUAT)}
)


def get_exercise(name: str) -> Exercise:
    """The exercise called `name`.

    Raises:
        ValueError: naming the valid exercises when `name` is unknown.
    """
    try:
        return EXERCISES[name]
    except KeyError:
        valid = ", ".join(sorted(EXERCISES))
        raise ValueError(f"unknown exercise {name!r}; valid exercises: {valid}") from None
