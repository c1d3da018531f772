"""Cueing like a coach: one cue at a time, a repeat only every few reps, praise on a fix.

Every frame offers the most important fault going on; a cue is said when nothing
as important is being said and no line was said in the last `gap_s`. The same
fault is cued again only after `repeat_reps` more counted reps (or `repeat_s`
for an exercise without reps), not on every frame it lasts. Once a cued fault is
corrected (a counted rep without it, or, holding, `praise_after_s` without it)
the coach says "That's it, back flat". Everything said is kept with its time,
for the set's report. Time is source time in seconds.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from formcheck.analysis.results import FrameUpdate, RepStatus
from formcheck.pose.frame import PoseFrame
from formcheck.spec.language import ExerciseSpec

PRIORITY = {"praise": 0, "info": 1, "warn": 2, "error": 3, "guidance": 3}
"""Priority of a line by what it is: a flag's severity, praise, or 'cannot see you' guidance."""

_POLL_S = 0.05
END_OF_REP_CUE_S = 2.0
"""How long a fault judged at a rep's end (depth, hold time) stays on screen, s."""


class Speech(Protocol):
    """An audio output."""

    def say(self, text: str, interrupt: bool) -> None:
        """Start speaking `text`, cutting short what is being said when `interrupt`."""
        ...

    def rep_sound(self, count: int) -> None:
        """A short sound for a counted rep (`count` is the new total)."""
        ...

    def busy(self) -> bool:
        """True while speaking."""
        ...

    def close(self) -> None:
        """Stop any sound and release the device."""
        ...


def praise_words(praise: str, cue: str) -> str:
    """A few words for a check done right: its `praise`, else a "Keep your ..." cue's first clause.

    >>> praise_words("", "Keep your chest up and your trunk upright")
    'chest up and your trunk upright'
    >>> praise_words("", "Sit a little deeper")
    ''
    """
    if praise:
        return praise
    found = re.match(r"keep your (.+?)(?:[,;:—]|$)", cue.strip(), re.IGNORECASE)
    return found.group(1).strip() if found else ""


def praise_line(words: str) -> str:
    """What is said when a fault is corrected: "That's it, back flat" (or just "That's it")."""
    return f"That's it, {words}" if words else "That's it"


@dataclass(frozen=True)
class SpokenLine:
    """One line said to the person.

    Attributes:
        t_s: source time when it was said, s (the frames' clock).
        text: the words.
    """

    t_s: float
    text: str


@dataclass
class _Cued:
    """When a fault's cue was last said: source time (s) and counted reps then."""

    t_s: float
    reps: int


class Coach:
    """A pipeline sink that cues faults, praises fixes, sounds reps and keeps what it said.

    Args:
        speech: the audio output.
        spec: the exercise (its checks' cues, severities and praise).
        gap_s: least time between two lines, s (a more important line may cut in).
        repeat_reps: counted reps before the same fault is cued again.
        repeat_s: the same for an exercise without reps, s.
        praise_after_s: holding, how long a corrected fault must stay away, s.
        guidance_after_s: how long guidance must last before it is spoken, s.
    """

    def __init__(self, speech: Speech, spec: ExerciseSpec, *, gap_s: float = 2.5,
                 repeat_reps: int = 3, repeat_s: float = 15.0, praise_after_s: float = 2.0,
                 guidance_after_s: float = 1.0) -> None:
        self.speech = speech
        self.severities = {c.cue: c.severity for c in spec.constraints}
        self.praises = {c.cue: praise_line(praise_words(c.praise, c.cue))
                        for c in spec.constraints}
        self.counts_reps = spec.rep is not None
        self.gap_s, self.repeat_reps, self.repeat_s = gap_s, repeat_reps, repeat_s
        self.praise_after_s, self.guidance_after_s = praise_after_s, guidance_after_s
        self.listening = True
        self.spoken: list[SpokenLine] = []
        self._last_s = -math.inf
        self._last_priority = 0
        self._cued: dict[str, _Cued] = {}
        self._pending: dict[str, float] = {}  # cued faults awaiting a fix -> clear since (s)
        self._faulted: set[str] = set()  # cues of faults seen since the last counted rep
        self._shown: tuple[str, float] | None = None  # an end-of-rep cue and until when (s)
        self._praise: tuple[str, float] | None = None  # the last praise and until when (s)
        self._guidance: tuple[str, float] | None = None
        self._queue: list[tuple[str, int]] = []  # confirmations waiting for silence
        self._reps = 0

    # -- what the screen shows -------------------------------------------------------------

    def screen_cue(self, update: FrameUpdate) -> str | None:
        """The one cue to show: the fault going on, else an end-of-rep fault for a moment."""
        if update.active_cue is not None:
            return update.active_cue
        t_s = update.timestamp_ms / 1000.0
        if self._shown is not None and t_s < self._shown[1]:
            return self._shown[0]
        return None

    def screen_praise(self, t_s: float) -> str | None:
        """The praise just said, for a moment after it was said."""
        if self._praise is not None and t_s < self._praise[1]:
            return self._praise[0]
        return None

    # -- the sink --------------------------------------------------------------------------

    def on_frame(self, pose: PoseFrame, image: np.ndarray | None, update: FrameUpdate) -> None:
        """Sound counted reps, praise corrected faults, then offer the top fault's cue."""
        t_s = update.timestamp_ms / 1000.0
        self._flush(t_s)
        if not self.listening:
            return
        faults = {f.cue: f.severity for f in update.new_flags}
        if update.active_cue is not None:
            faults.setdefault(update.active_cue, self.severities.get(update.active_cue, "warn"))
        self._faulted.update(faults)
        for flag in update.new_flags:
            if update.ended and update.active_cue != flag.cue:  # judged at the rep's end
                self._shown = (flag.cue, t_s + END_OF_REP_CUE_S)
        for attempt in update.ended:
            if attempt.status is RepStatus.COUNTED:
                self._reps += 1
                self.speech.rep_sound(self._reps)
                self._praise_fixed(self._faulted, t_s)
                self._faulted = {update.active_cue} if update.active_cue else set()
        if not self.counts_reps:
            self._praise_held(faults, t_s)
        if self._shown is not None and t_s < self._shown[1]:  # not said yet: the gap held it
            faults.setdefault(self._shown[0], self.severities.get(self._shown[0], "warn"))
        if faults:
            cue = max(faults, key=lambda c: PRIORITY.get(faults[c], 0))
            self._cue(cue, PRIORITY.get(faults[cue], 0), t_s)

    def guide(self, text: str | None, t_s: float) -> None:
        """Offer a 'cannot see you' instruction (None when there is none) at source time t_s."""
        if text is None:
            self._guidance = None
            return
        if self._guidance is None or self._guidance[0] != text:
            self._guidance = (text, t_s)
        if t_s - self._guidance[1] >= self.guidance_after_s:
            self.say(text, PRIORITY["guidance"], t_s, repeat_after_s=self.repeat_s)

    def say(self, text: str, priority: int, t_s: float, *, repeat_after_s: float = 0.0,
            wait: bool = False) -> bool:
        """Say a line now if the gap, what is being said and the line's last time allow.

        Args:
            text: the words.
            priority: from :data:`PRIORITY`.
            t_s: source time, s.
            repeat_after_s: least time since these words were last said, s.
            wait: a confirmation such as "Set 1 done": said whatever the gap, once
                what is being said has finished.

        Returns:
            True when it was said (or, with `wait`, will be).
        """
        said_at = next((line.t_s for line in reversed(self.spoken) if line.text == text),
                       -math.inf)
        if t_s - said_at < repeat_after_s:
            return False
        speaking = self.speech.busy()
        outranks = priority > self._last_priority
        if wait:
            if speaking or self._queue:
                self._queue.append((text, priority))
            else:
                self._speak(text, priority, t_s, False)
            return True
        if (speaking and not outranks) or (t_s - self._last_s < self.gap_s and not outranks):
            return False
        self._speak(text, priority, t_s, speaking)
        return True

    def drain(self, t_s: float, timeout_s: float, sleep: Callable[[float], None] = time.sleep
              ) -> None:
        """Say the lines still waiting and let the last one finish, for at most `timeout_s`."""
        for _ in range(int(timeout_s / _POLL_S)):
            self._flush(t_s)
            if not self._queue and not self.speech.busy():
                return
            sleep(_POLL_S)

    def _speak(self, text: str, priority: int, t_s: float, interrupt: bool) -> None:
        self.speech.say(text, interrupt)
        self._last_s, self._last_priority = t_s, priority
        self.spoken.append(SpokenLine(round(t_s, 3), text))

    def _flush(self, t_s: float) -> None:
        """Say the first waiting confirmation once nothing is being said."""
        if self._queue and not self.speech.busy():
            self._speak(*self._queue.pop(0), t_s, False)

    def end_set(self, t_s: float) -> None:
        """The set ended: a fault of its last rep still on screen but not said yet is said now."""
        if self._shown is not None and t_s < self._shown[1] and self._due(self._shown[0], t_s):
            cue = self._shown[0]
            self.say(cue, PRIORITY.get(self.severities.get(cue, "warn"), 0), t_s, wait=True)
            self._cued[cue] = _Cued(t_s, self._reps)
        self._shown = None

    def new_set(self) -> None:
        """Start a set: rep count, pending fixes and the set's spoken lines start afresh."""
        self._reps = 0
        self._cued.clear()
        self._pending.clear()
        self._faulted.clear()
        self.spoken = []

    # -- internals -------------------------------------------------------------------------

    def _due(self, cue: str, t_s: float) -> bool:
        """Whether `cue` may be said: never said this set, or enough reps (or time) since."""
        last = self._cued.get(cue)
        if last is None:
            return True
        if self.counts_reps:
            return self._reps - last.reps >= self.repeat_reps
        return t_s - last.t_s >= self.repeat_s

    def _cue(self, cue: str, priority: int, t_s: float) -> None:
        if not self._due(cue, t_s):
            return
        if self.say(cue, priority, t_s):
            self._cued[cue] = _Cued(t_s, self._reps)
            self._pending[cue] = math.inf

    def _praise_fixed(self, faulted: set[str], t_s: float) -> None:
        """A rep was counted: praise a cued fault that did not come back in it."""
        for cue in [c for c in self._pending if c not in faulted]:
            if self._praise_now(cue, t_s):
                return

    def _praise_held(self, faults: dict[str, str], t_s: float) -> None:
        """Holding: praise a cued fault that stayed away for praise_after_s."""
        for cue, clear_since in list(self._pending.items()):
            if cue in faults:
                self._pending[cue] = math.inf
            elif math.isinf(clear_since):
                self._pending[cue] = t_s
            elif t_s - clear_since >= self.praise_after_s and self._praise_now(cue, t_s):
                return

    def _praise_now(self, cue: str, t_s: float) -> bool:
        line = self.praises.get(cue, praise_line(""))
        if not self.say(line, PRIORITY["praise"], t_s):
            return False
        del self._pending[cue]
        self._praise = (line, t_s + END_OF_REP_CUE_S)
        return True
