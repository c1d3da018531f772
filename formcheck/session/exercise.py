"""The exercise a session checks, found and validated once by the name the user gave."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from formcheck.spec import find_exercise, load_exercise, spec_digest
from formcheck.spec.adjust import Adjustment, AppliedAdjustment, adjust_spec
from formcheck.spec.language import ExerciseSpec


@dataclass(frozen=True)
class ResolvedExercise:
    """A validated exercise definition, as the user named it.

    Attributes:
        name: the exercise id or .toml path the user gave (recorded in reports).
        spec: the validated definition.
        sha256: digest of the definition file.
        adjustments: the patient's own limits applied to `spec` (recorded in reports).
    """

    name: str
    spec: ExerciseSpec
    sha256: str
    adjustments: tuple[AppliedAdjustment, ...] = ()

    @classmethod
    def resolve(cls, name_or_path: str) -> ResolvedExercise:
        """Find, read and validate an exercise by id or file path.

        Raises:
            UserError: unknown id, missing file or invalid definition.
        """
        path = find_exercise(name_or_path)
        return cls(name=name_or_path, spec=load_exercise(path), sha256=spec_digest(path))

    def adjusted(self, adjustments: Iterable[Adjustment]) -> ResolvedExercise:
        """This exercise with a patient's adjustments applied (see `formcheck.spec.adjust`).

        Raises:
            UserError: an adjusted limit the exercise's rules refuse.
        """
        spec, applied = adjust_spec(self.spec, adjustments)
        return dataclasses.replace(self, spec=spec, adjustments=applied)
