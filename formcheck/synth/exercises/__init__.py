"""The exercise scripts, by name."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from formcheck.synth.exercises.base import SynthExercise
from formcheck.synth.exercises.bridge import GLUTE_BRIDGE
from formcheck.synth.exercises.cat_cow import CAT_COW
from formcheck.synth.exercises.curl_ups import CRUNCH, SIT_UP
from formcheck.synth.exercises.hanging import PULL_UP
from formcheck.synth.exercises.hinge import HIP_HINGE
from formcheck.synth.exercises.jumping import JUMPING_JACK
from formcheck.synth.exercises.legs import CALF_RAISE, LUNGE, SIT_TO_STAND, SPLIT_SQUAT
from formcheck.synth.exercises.prone import (
    PLANK,
    PRONE_LYING,
    PRONE_ON_ELBOWS,
    PRONE_PRESS_UP,
    PUSH_UP,
    SEAL_STRETCH,
)
from formcheck.synth.exercises.quadruped import BIRD_DOG
from formcheck.synth.exercises.raises import FRONT_RAISE
from formcheck.synth.exercises.shrug import SHOULDER_SHRUG
from formcheck.synth.exercises.side_lying import SIDE_PLANK
from formcheck.synth.exercises.standing import (
    BAND_ROW,
    BICEP_CURL,
    LATERAL_RAISE,
    SHOULDER_PRESS,
    SQUAT,
    STANDING_BACK_EXTENSION,
)
from formcheck.synth.exercises.supine import DEAD_BUG, KNEE_HUG, PELVIC_TILT

EXERCISES: Mapping[str, SynthExercise] = MappingProxyType(
    {
        e.name: e
        for e in (
            PULL_UP,
            SIT_UP,
            CRUNCH,
            JUMPING_JACK,
            SHOULDER_SHRUG,
            SIDE_PLANK,
            CAT_COW,
            BIRD_DOG,
            BAND_ROW,
            DEAD_BUG,
            PRONE_PRESS_UP,
            PRONE_LYING,
            PRONE_ON_ELBOWS,
            STANDING_BACK_EXTENSION,
            PELVIC_TILT,
            KNEE_HUG,
            SEAL_STRETCH,
            SQUAT,
            PUSH_UP,
            BICEP_CURL,
            SHOULDER_PRESS,
            LATERAL_RAISE,
            PLANK,
            LUNGE,
            SPLIT_SQUAT,
            GLUTE_BRIDGE,
            SIT_TO_STAND,
            HIP_HINGE,
            CALF_RAISE,
            FRONT_RAISE,
        )
    }
)


def get_exercise(name: str) -> SynthExercise:
    """The exercise called `name`.

    Raises:
        ValueError: naming the valid exercises when `name` is unknown.
    """
    try:
        return EXERCISES[name]
    except KeyError:
        valid = ", ".join(sorted(EXERCISES))
        raise ValueError(f"unknown exercise {name!r}; valid exercises: {valid}") from None
