"""What an exercise script is: parameters in, keyframed motion and rep marks out."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from formcheck.pose.landmarks import Landmark
from formcheck.synth.body import BodyParams
from formcheck.synth.channels import BodySide
from formcheck.synth.faults import FaultDef, FaultPlan
from formcheck.synth.keyframes import Motion, Rep

SideOrder = Literal["alternate", "left_first", "right_first", "both"]
SIDE_ORDERS: tuple[str, ...] = ("alternate", "left_first", "right_first", "both")


@dataclass(frozen=True)
class ScriptParams:
    """How the set is performed.

    Attributes:
        reps: repetitions per side (for two-sided exercises: in total); for
            hold-only exercises, the number of holds.
        tempo: speed factor for every movement (2 = twice as fast); holds keep
            their length.
        hold_s: seconds held at the target pose of each rep.
        side_order: for one-sided exercises: "alternate" (L, R, L, ...),
            "left_first" (all left reps, then all right), "right_first", or
            "both" (both sides at once where the exercise allows it).
        pause_s: still time before the first and after the last rep (seconds).
        variation: random rep-to-rep variation of durations and ranges, as a
            fraction (0.05 = +/- 5 %).
    """

    reps: int
    tempo: float = 1.0
    hold_s: float = 0.0
    side_order: SideOrder = "alternate"
    pause_s: float = 1.0
    variation: float = 0.05

    def __post_init__(self) -> None:
        if self.reps < 1:
            raise ValueError(f"reps must be >= 1, got {self.reps}")
        if not 0.1 <= self.tempo <= 10.0:
            raise ValueError(f"tempo must be 0.1..10, got {self.tempo}")
        if self.hold_s < 0:
            raise ValueError(f"hold_s must be >= 0 seconds, got {self.hold_s}")
        if self.side_order not in SIDE_ORDERS:
            raise ValueError(f"side_order must be one of {SIDE_ORDERS}, got {self.side_order!r}")
        if self.pause_s < 0:
            raise ValueError(f"pause_s must be >= 0 seconds, got {self.pause_s}")
        if not 0.0 <= self.variation <= 0.3:
            raise ValueError(f"variation must be 0..0.3, got {self.variation}")

    def move_ms(self, seconds: float) -> float:
        """Duration in ms of a movement that takes `seconds` at tempo 1."""
        return 1000.0 * seconds / self.tempo

    def sides(self) -> list[BodySide | None]:
        """The working side of each rep in order (None = both sides at once)."""
        if self.side_order == "both":
            return [None] * self.reps
        if self.side_order == "alternate":
            return [BodySide.LEFT, BodySide.RIGHT] * self.reps
        first = BodySide.LEFT if self.side_order == "left_first" else BodySide.RIGHT
        return [first] * self.reps + [first.other] * self.reps


@dataclass(frozen=True)
class Script:
    """A scripted set.

    Attributes:
        motion: keyframed poses.
        reps: timing of each rep.
        support: landmarks that may rest on the floor (or, for a hanging body,
            the hands on the bar).
        anchor: landmarks whose mean horizontal position stays fixed.
        support_z: height of what the lowest support rests on, metres (0: the
            floor; a bar's height for a body hanging from its hands).
    """

    motion: Motion
    reps: tuple[Rep, ...]
    support: tuple[Landmark, ...]
    anchor: tuple[Landmark, ...]
    support_z: float = 0.0


class Jitter:
    """Rep-to-rep human variation: random factors near 1."""

    def __init__(self, rng: np.random.Generator, fraction: float) -> None:
        self._rng = rng
        self._fraction = fraction

    def __call__(self, value: float) -> float:
        """`value` scaled by a uniform factor in 1 +/- fraction."""
        return value * float(self._rng.uniform(1.0 - self._fraction, 1.0 + self._fraction))


ScriptBuilder = Callable[[BodyParams, ScriptParams, FaultPlan, Jitter], Script]


@dataclass(frozen=True)
class SynthExercise:
    """A synthesizable exercise.

    Attributes:
        name: identifier, e.g. "bird_dog".
        posture: starting posture: "standing", "quadruped", "supine", "prone" or "plank".
        view_azimuth_deg: the camera azimuth the exercise is best checked from
            (90 = side, 0 = front).
        one_sided: True when reps alternate between sides.
        default_reps: reps per side (or holds) when not given.
        default_hold_s: hold at the target pose when not given (seconds).
        build: the script.
        faults: the fault kinds it supports, by name.
    """

    name: str
    posture: str
    view_azimuth_deg: float
    one_sided: bool
    default_reps: int
    default_hold_s: float
    build: ScriptBuilder
    faults: Mapping[str, FaultDef] = field(default_factory=dict)


def fault_table(*defs: FaultDef) -> dict[str, FaultDef]:
    """Fault definitions keyed by kind."""
    return {d.kind: d for d in defs}


def one_side_at_a_time(params: ScriptParams, exercise: str) -> list[BodySide]:
    """The working side of each rep for an exercise that cannot use both sides at once.

    Raises:
        ValueError: when `params.side_order` is "both".
    """
    sides = params.sides()
    if None in sides:
        raise ValueError(f"{exercise} works one side at a time; side_order 'both' is not possible")
    return [s for s in sides if s is not None]
