"""Exercise rules owned by the tests: the files in ``tests/exercises/``.

Tests of the engine, the command line, batch and live mode use these instead of
the shipped ``exercises/*.toml``, so that tuning a shipped threshold breaks only
the tests that are about the shipped files (spec validation, the samples' expected
results, the real clips). Each file's header says which test input it is made for:

- ``side_squat``: the side-view squats of `pose_factory` and `batch_factory`
  (thigh-angle reps: rest below 30, far above 45, depth target 70; chest and knee
  range checks; 2 sets of 8 prescribed);
- ``plank_hips``: push-ups (the shoulders' height over the wrists), with a metric
  with two range checks (hips sagging below -0.25 and piking above 0.35 torso
  lengths);
- ``reach``: the synthesized bird dog's leg reaches, counted per side (also used
  on a real bird-dog clip);
- ``arm_raise``: arm raises (hip-shoulder-elbow angle past 70 degrees and back
  under 50), for a real lateral-raise clip;
- ``one_knee_hug``: the synthesized knee hug, held per side, with the other leg
  checked (``on_side = "other"``).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from formcheck.spec import load_exercise
from formcheck.spec.language import ExerciseSpec

FOLDER = Path(__file__).resolve().parent / "exercises"


def exercise_path(name: str) -> Path:
    """The file of test exercise `name` (e.g. for ``formcheck check -e``)."""
    path = FOLDER / f"{name}.toml"
    if not path.is_file():
        raise FileNotFoundError(path)
    return path


def exercise(name: str, **replace: Any) -> ExerciseSpec:
    """Test exercise `name`, validated; top-level fields in `replace` take the file's place."""
    if not replace:
        return load_exercise(exercise_path(name))
    data = tomllib.loads(exercise_path(name).read_text(encoding="utf-8"))
    return ExerciseSpec.model_validate({**data, **replace})
