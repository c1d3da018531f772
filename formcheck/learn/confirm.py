"""Checking the demonstration with its own learned file: reps, holds and flags it finds."""

from __future__ import annotations

from dataclasses import dataclass

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import Analysis, RepStatus
from formcheck.pose.block import PoseBlock
from formcheck.spec.language import ExerciseSpec
from formcheck.spec.units import format_clock


def check_block(block: PoseBlock, spec: ExerciseSpec) -> Analysis:
    """The engine's analysis of `block` checked against `spec`."""
    engine = Engine(spec)
    for _ in engine.process_block(block):
        pass
    return engine.finish()


def counted_reps(analysis: Analysis) -> int:
    """Reps counted over every side."""
    return sum(a.status is RepStatus.COUNTED for a in analysis.attempts)


@dataclass(frozen=True)
class Confirmation:
    """What the learned file finds in its own demonstration.

    Attributes:
        lines: what was found, in words.
        problems: what a clean demonstration should not show (a count other than the
            one demonstrated, a flag, "not measurable"), in words; empty when all is well.
    """

    lines: list[str]
    problems: list[str]


def confirm(block: PoseBlock, spec: ExerciseSpec, demonstrated: int) -> Confirmation:
    """Check the demonstration `block` with its learned `spec`.

    Args:
        demonstrated: reps read while learning (0 for a hold).
    """
    analysis = check_block(block, spec)
    lines, problems = [], []
    if analysis.not_measurable is not None:
        problems.append(f"the demonstration is not measurable with the new file: "
                        f"{analysis.not_measurable}")
    if spec.rep is not None:
        reps = counted_reps(analysis)
        lines.append(f"reps counted: {reps} (demonstrated: {demonstrated})")
        if reps != demonstrated:
            problems.append(f"the new file counts {reps} reps where {demonstrated} were "
                            "demonstrated")
    if spec.hold is not None:
        held = ", ".join(f"{h.good_form_s:.1f} s" for h in analysis.holds) or "none"
        lines.append(f"holds: {len(analysis.holds)} ({held})")
        if not analysis.holds:
            problems.append("the new file finds no hold in the demonstration")
    for flag in analysis.flags:
        problems.append(f"flag at {format_clock(flag.start_ms)}: {flag.description} "
                        f"(\"{flag.cue}\")")
    lines.append(f"flags: {len(analysis.flags)}")
    return Confirmation(lines, problems)
