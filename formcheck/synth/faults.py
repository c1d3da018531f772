"""Injectable form faults: what to inject, when, how much, and the ground truth.

A fault kind is either a *pose offset* (a change of some channels, faded in
and out around the affected reps) or *scripted* (the exercise script itself
changes, e.g. a shorter hold or a shallower squat). Each exercise declares the
kinds it supports with a `FaultDef`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from formcheck.synth.body import BodyParams
from formcheck.synth.channels import BodySide, Pose
from formcheck.synth.keyframes import Motion, Rep, min_jerk

FaultTiming = Literal["peak", "rep"]

_RAMP_MS = 300.0


@dataclass(frozen=True)
class FaultSpec:
    """A fault to inject.

    Attributes:
        kind: fault name, one of the exercise's kinds (e.g. "shrug").
        magnitude: how much, in the kind's unit (see `FaultDef.unit`); None
            uses the kind's default.
        reps: 0-based indices of the affected reps (in time order over both
            sides); None affects every rep, unless `span_ms` is given.
        span_ms: (start, end) in ms, for pose-offset kinds only: affect this
            time span instead of whole reps.
        side: the side the fault favours (e.g. which hip hikes); None uses the
            rep's working side, or the left side for two-sided reps and spans.
    """

    kind: str
    magnitude: float | None = None
    reps: tuple[int, ...] | None = None
    span_ms: tuple[float, float] | None = None
    side: BodySide | None = None

    def __post_init__(self) -> None:
        if self.reps is not None:
            object.__setattr__(self, "reps", tuple(int(r) for r in self.reps))
        if self.span_ms is not None:
            start, end = (float(v) for v in self.span_ms)
            if not end > start >= 0:
                raise ValueError(
                    f"span_ms must be (start, end) with 0 <= start < end, got {self.span_ms}"
                )
            object.__setattr__(self, "span_ms", (start, end))
            if self.reps is not None:
                raise ValueError(f"fault {self.kind!r}: give reps or span_ms, not both")
        if self.side is not None:
            object.__setattr__(self, "side", BodySide(self.side))


@dataclass(frozen=True)
class FaultContext:
    """What a pose-offset fault needs to size its offset.

    Attributes:
        body: the body's dimensions.
        magnitude: requested size, in the kind's unit.
        side: the side the fault favours.
        peak: the script's pose at the peak of the affected rep (or mid-span).
        label: the affected rep's label (what moves, e.g. "leg"); "" for a span.
    """

    body: BodyParams
    magnitude: float
    side: BodySide
    peak: Pose
    label: str = ""


@dataclass(frozen=True)
class FaultDef:
    """A fault kind an exercise supports.

    Attributes:
        kind: name, e.g. "back_sag".
        unit: unit of the magnitude: "deg", "cm", "s" or "x" (a speed factor).
        quantity: what the magnitude measures, for people reading the ground truth.
        default: magnitude used when a `FaultSpec` gives none.
        phase: "peak" fades in on the way to the rep's target pose and out on
            the way back; "rep" covers the whole rep with short fades.
        offsets: for pose-offset kinds, the pose change at full strength; None
            for scripted kinds, which the exercise script applies itself.
    """

    kind: str
    unit: str
    quantity: str
    default: float
    phase: FaultTiming = "peak"
    offsets: Callable[[FaultContext], Pose] | None = None


@dataclass(frozen=True)
class FaultEvent:
    """Ground truth of one injected fault occurrence (times in ms, frames inclusive).

    `start_ms`..`end_ms` is where the fault has any effect, `full_start_ms`..
    `full_end_ms` where it is at full magnitude; the frame indices are the
    frames inside `start_ms`..`end_ms`.
    """

    kind: str
    unit: str
    quantity: str
    magnitude: float
    side: BodySide | None
    rep: int | None
    start_ms: float
    end_ms: float
    full_start_ms: float
    full_end_ms: float
    start_frame: int
    end_frame: int

    def to_dict(self) -> dict[str, object]:
        """JSON-serializable form."""
        return {
            "kind": self.kind,
            "unit": self.unit,
            "quantity": self.quantity,
            "magnitude": self.magnitude,
            "side": None if self.side is None else str(self.side),
            "rep": self.rep,
            "start_ms": round(self.start_ms, 3),
            "end_ms": round(self.end_ms, 3),
            "full_start_ms": round(self.full_start_ms, 3),
            "full_end_ms": round(self.full_end_ms, 3),
            "start_frame": self.start_frame,
            "end_frame": self.end_frame,
        }


class FaultPlan:
    """The faults requested for one synthesis, checked against the exercise's kinds."""

    def __init__(self, exercise: str, defs: Mapping[str, FaultDef], specs: Sequence[FaultSpec]):
        for spec in specs:
            if spec.kind not in defs:
                valid = ", ".join(sorted(defs)) or "none"
                raise ValueError(
                    f"fault kind {spec.kind!r} is not defined for {exercise}; valid kinds: {valid}"
                )
            if spec.span_ms is not None and defs[spec.kind].offsets is None:
                raise ValueError(f"fault {spec.kind!r} changes whole reps: give reps, not span_ms")
        self._defs = dict(defs)
        self._specs = tuple(specs)

    def magnitude(self, kind: str, rep: int) -> float | None:
        """Requested magnitude of scripted fault `kind` at rep index `rep`, or None."""
        for spec in self._specs:
            if spec.kind == kind and (spec.reps is None or rep in spec.reps):
                return self._magnitude(spec)
        return None

    def _magnitude(self, spec: FaultSpec) -> float:
        return self._defs[spec.kind].default if spec.magnitude is None else float(spec.magnitude)

    def apply(
        self, q: np.ndarray, t_ms: np.ndarray, motion: Motion, reps: Sequence[Rep], body: BodyParams
    ) -> tuple[np.ndarray, list[FaultEvent]]:
        """Add the pose-offset faults to sampled poses and list every fault occurrence.

        Args:
            q: shape (T, NUM_CHANNELS), the clean sampled poses.
            t_ms: shape (T,), frame times.
            motion: the clean motion (for the peak poses).
            reps: the script's reps.
            body: the body's dimensions.

        Returns:
            The faulted poses (a new array, shape (T, NUM_CHANNELS)) and the
            ground-truth events, sorted by start time.
        """
        q = q.copy()
        events: list[FaultEvent] = []
        for spec in self._specs:
            fault = self._defs[spec.kind]
            magnitude = self._magnitude(spec)
            for rep, window in _windows(spec, fault.phase, reps):
                side = spec.side or (rep.side if rep is not None else None)
                if fault.offsets is not None:
                    peak_ms = rep.peak_start_ms if rep is not None else (window[0] + window[3]) / 2
                    peak = Pose(motion.sample(np.array([peak_ms]))[0])
                    label = rep.label if rep is not None else ""
                    context = FaultContext(body, magnitude, side or BodySide.LEFT, peak, label)
                    q += _envelope(t_ms, window)[:, None] * fault.offsets(context).values
                inside = np.flatnonzero((t_ms >= window[0]) & (t_ms <= window[3]))
                if len(inside) == 0:
                    continue
                events.append(
                    FaultEvent(
                        kind=fault.kind,
                        unit=fault.unit,
                        quantity=fault.quantity,
                        magnitude=magnitude,
                        side=side,
                        rep=None if rep is None else rep.index,
                        start_ms=window[0],
                        end_ms=window[3],
                        full_start_ms=window[1],
                        full_end_ms=window[2],
                        start_frame=int(inside[0]),
                        end_frame=int(inside[-1]),
                    )
                )
        events.sort(key=lambda e: (e.start_ms, e.kind))
        return q, events


FadeWindow = tuple[float, float, float, float]


def _fades(start: float, end: float) -> FadeWindow:
    ramp = min(_RAMP_MS, (end - start) / 4)
    return (start, start + ramp, end - ramp, end)


def _windows(
    spec: FaultSpec, phase: FaultTiming, reps: Sequence[Rep]
) -> list[tuple[Rep | None, FadeWindow]]:
    """(rep, (start, full_start, full_end, end)) for each occurrence of `spec`, ms."""
    if spec.span_ms is not None:
        return [(None, _fades(*spec.span_ms))]
    if spec.reps is not None:
        unknown = [r for r in spec.reps if not 0 <= r < len(reps)]
        if unknown:
            raise ValueError(
                f"fault {spec.kind!r}: rep indices {unknown} out of range; "
                f"the script has {len(reps)} reps"
            )
    chosen = reps if spec.reps is None else [reps[r] for r in spec.reps]
    out: list[tuple[Rep | None, FadeWindow]] = []
    for rep in chosen:
        if phase == "peak":
            out.append((rep, (rep.start_ms, rep.peak_start_ms, rep.peak_end_ms, rep.end_ms)))
        else:
            out.append((rep, _fades(rep.start_ms, rep.end_ms)))
    return out


def _envelope(t_ms: np.ndarray, window: FadeWindow) -> np.ndarray:
    """Fault strength 0..1 over time: min-jerk up, flat, min-jerk down; shape (T,)."""
    start, full_start, full_end, end = window
    rise = np.where(
        t_ms >= full_start, 1.0, min_jerk((t_ms - start) / max(full_start - start, 1e-9))
    )
    fall = np.where(
        t_ms <= full_end, 1.0, 1.0 - min_jerk((t_ms - full_end) / max(end - full_end, 1e-9))
    )
    return np.where((t_ms < start) | (t_ms > end), 0.0, np.minimum(rise, fall))
