"""Exercise specifications: the TOML exercise language and its validation."""

from formcheck.spec.language import ExerciseSpec
from formcheck.spec.loader import exercise_files, find_exercise, load_exercise, spec_digest

__all__ = ["ExerciseSpec", "exercise_files", "find_exercise", "load_exercise", "spec_digest"]
