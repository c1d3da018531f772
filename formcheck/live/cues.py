"""Which cues are spoken: the most important one, once, rather than a stream.

A cue is spoken when nothing at least as important is being spoken, no cue was
spoken in the last `gap_s`, and the same words were not spoken in the last
`repeat_s`. A more important cue cuts a less important one short. Rep sounds
are not held back. Time is source time in seconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from formcheck.analysis.results import FrameUpdate, RepStatus
from formcheck.pose.frame import PoseFrame

PRIORITY = {"info": 1, "warn": 2, "error": 3, "guidance": 3}
"""Cue priority by flag severity; "guidance" is for 'cannot see you' instructions."""


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


@dataclass
class CuePolicy:
    """Decides whether a cue is spoken now.

    Attributes:
        gap_s: least time between two spoken cues, s.
        repeat_s: least time before the same words are spoken again, s.
    """

    gap_s: float = 2.5
    repeat_s: float = 10.0
    _last_s: float = -math.inf
    _last_priority: int = 0
    _said: dict[str, float] = field(default_factory=dict)

    def decide(self, text: str, priority: int, t_s: float, speaking: bool) -> tuple[bool, bool]:
        """Whether to speak `text` now, and whether to interrupt what is being said.

        Args:
            text: the cue's words.
            priority: from :data:`PRIORITY`.
            t_s: source time, s.
            speaking: the audio output is still speaking the last cue.
        """
        if t_s - self._said.get(text, -math.inf) < self.repeat_s:
            return False, False
        outranks = priority > self._last_priority
        if speaking and not outranks:
            return False, False
        if t_s - self._last_s < self.gap_s and not outranks:
            return False, False
        self._last_s, self._last_priority = t_s, priority
        self._said[text] = t_s
        return True, speaking


class Announcer:
    """A pipeline sink that speaks form cues and guidance and sounds counted reps.

    Every frame offers the most important cue going on (a fault raised on this
    frame, or one still active); the policy decides whether it is said, so a
    cue held back by the gap is said once the gap is over if the fault lasts.
    Guidance is offered only once it has lasted `guidance_after_s`, so a
    momentary tracking gap is not announced.

    Args:
        speech: the audio output.
        severities: each cue's severity (cue text -> "info"/"warn"/"error").
        policy: the spoken-cue policy.
        guidance_after_s: how long guidance must last before it is spoken, s.
    """

    def __init__(self, speech: Speech, severities: dict[str, str],
                 policy: CuePolicy | None = None, guidance_after_s: float = 1.0) -> None:
        self.speech = speech
        self.severities = severities
        self.policy = policy or CuePolicy()
        self.guidance_after_s = guidance_after_s
        self._guidance: tuple[str, float] | None = None  # (text, since when, s)
        self._counted = 0

    def guide(self, text: str | None, t_s: float) -> None:
        """Offer a 'cannot see you' instruction (None when there is none) at source time t_s."""
        if text is None:
            self._guidance = None
            return
        if self._guidance is None or self._guidance[0] != text:
            self._guidance = (text, t_s)
        if t_s - self._guidance[1] >= self.guidance_after_s:
            self._offer(text, PRIORITY["guidance"], t_s)

    def on_frame(self, pose: PoseFrame, image: np.ndarray | None, update: FrameUpdate) -> None:
        """Sound counted reps, then offer the most important cue going on."""
        t_s = update.timestamp_ms / 1000.0
        for attempt in update.ended:
            if attempt.status is RepStatus.COUNTED:
                self._counted += 1
                self.speech.rep_sound(self._counted)
        cues = [(PRIORITY.get(f.severity, 0), f.cue) for f in update.new_flags]
        if update.active_cue is not None:
            severity = self.severities.get(update.active_cue, "warn")
            cues.append((PRIORITY[severity], update.active_cue))
        if cues:
            priority, cue = max(cues)
            self._offer(cue, priority, t_s)

    def new_set(self) -> None:
        """Restart the rep sound's count."""
        self._counted = 0

    def _offer(self, text: str, priority: int, t_s: float) -> None:
        speak, interrupt = self.policy.decide(text, priority, t_s, self.speech.busy())
        if speak:
            self.speech.say(text, interrupt)
