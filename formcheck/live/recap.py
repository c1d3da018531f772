"""What a finished set and a finished session come to, in a line a person can hear.

"3 sets, 28 of 30 reps, back flat on all but two": the sets, the reps (or holds)
against the plan, and the fault that came up most, in the words of its check's
`praise` (see :func:`formcheck.live.cues.praise_words`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import Flag, RepStatus
from formcheck.live.cues import praise_words
from formcheck.live.plan import SessionPlan

_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number_word(n: int) -> str:
    """A small count in words ("two"), larger ones in digits."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


@dataclass(frozen=True)
class SetDone:
    """One finished set.

    Attributes:
        number: the set's number, from 1.
        progress: where it ended, e.g. "2 of 2 reps" (as the set's screen said).
        done: counted reps, all sides together (good holds for a hold exercise).
        target: what the plan asked for in the same unit (0: no target).
        faulted: per check id, how many reps (or holds) it flagged.
    """

    number: int
    progress: str
    done: int
    target: int
    faulted: dict[str, int] = field(default_factory=dict)


def _faulted_unit(flag: Flag) -> tuple[str, float]:
    """What a flag is counted against: its rep, its hold, or itself."""
    if flag.attempt is not None:
        return "rep", flag.attempt
    if flag.hold is not None:
        return "hold", flag.hold
    return "flag", flag.start_ms


def set_done(number: int, plan: SessionPlan, engine: Engine) -> SetDone:
    """The set `engine` has just finished, as the plan counts it."""
    counts: dict[str, int] = {}
    for attempt in engine.attempts:
        if attempt.status is RepStatus.COUNTED:
            counts[attempt.side] = counts.get(attempt.side, 0) + 1
    if plan.counts_reps and engine.counters:
        counts = {c.side: counts.get(c.side, 0) for c in engine.counters}
    good_holds = plan.good_holds(engine.holds)
    faulted_units = {(f.constraint_id, _faulted_unit(f)) for f in engine.flags}
    faulted = Counter(check for check, _ in faulted_units)
    return SetDone(number, plan.progress(counts, good_holds),
                   sum(counts.values()) if plan.counts_reps else good_holds,
                   plan.set_target, dict(faulted))


def session_line(sets: list[SetDone], plan: SessionPlan, praise: dict[str, tuple[str, str]]
                 ) -> str:
    """The session in one line: "3 sets, 28 of 30 reps, back flat on all but two".

    Args:
        sets: the finished sets.
        plan: the session's plan (reps or holds).
        praise: per check id, (praise, cue) as in its exercise file.
    """
    unit = "reps" if plan.counts_reps else "holds"
    done = sum(s.done for s in sets)
    target = sum(s.target for s in sets)
    parts = [f"{len(sets)} set" + ("" if len(sets) == 1 else "s"),
             f"{done} of {target} {unit}" if target else f"{done} {unit}"]
    faulted = Counter()
    for s in sets:
        faulted.update(s.faulted)
    if not faulted:
        if done:
            parts.append("good form throughout")
        return ", ".join(parts)
    check, n = faulted.most_common(1)[0]
    words = praise_words(*praise.get(check, ("", "")))
    cue = praise.get(check, ("", ""))[1]
    if words and n < done:
        parts.append(f"{words} on all but {number_word(n)}")
    else:
        parts.append(f"{number_word(n)} {unit if n != 1 else unit[:-1]} to work on: "
                     f"{cue[:1].lower() + cue[1:]}")
    return ", ".join(parts)
