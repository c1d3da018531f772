"""Exercise specifications: the TOML exercise language and its validation."""

from formcheck.spec.loader import exercise_files, find_exercise, load_exercise, spec_digest
from formcheck.spec.model import ExerciseSpec

__all__ = ["ExerciseSpec", "exercise_files", "find_exercise", "load_exercise", "spec_digest"]
