"""The live session's state machine: get into position, sets, rests, done.

Time here is source time in seconds (the frames' timestamps), so a session
behaves the same whether a video plays in real time or frame for frame.
"""

from __future__ import annotations

from enum import StrEnum

from formcheck.analysis.results import FrameUpdate
from formcheck.live.plan import SessionPlan

SETTLE_S = 1.0
"""Seconds the start posture must be held before a set starts."""

KEY_PAUSE = " "
KEY_NEXT = "n"
KEY_RECALIBRATE = "r"
KEY_QUIT = "q"


class Stage(StrEnum):
    """Where the session is.

    - ``position``: waiting for the start posture; the set's engine already runs
      and measures the person's baselines.
    - ``set``: counting.
    - ``rest``: between sets. The next set's engine already runs, so a person
      who starts moving starts that set and no rep is lost.
    - ``done``: finished (all sets, quit, or the source ended).
    """

    POSITION = "position"
    SET = "set"
    REST = "rest"
    DONE = "done"


class Session:
    """Moves through the plan as frames are checked and keys are pressed.

    The live loop feeds one set's frames to an engine while :attr:`in_set` is
    True (the set's rest before it included); it calls :meth:`observe` with each
    update and :meth:`end_set` once the set's frames stopped.

    Args:
        plan: what the session asks for.
        settle_s: seconds the start posture must be held to start a set.
    """

    def __init__(self, plan: SessionPlan, settle_s: float = SETTLE_S) -> None:
        self.plan = plan
        self.settle_s = settle_s
        self.stage = Stage.POSITION
        self.set_number = 1
        self.paused = False
        self.recalibrate_requested = False
        self.started = False
        self._ready_since: float | None = None
        self._set_ending = False
        self._quit = False
        self._rest_left_s = 0.0
        self._last_s: float | None = None

    @property
    def in_set(self) -> bool:
        """True while the current set's frames (its rest included) go on to its engine."""
        return self.stage is not Stage.DONE and not self._set_ending

    @property
    def worth_keeping(self) -> bool:
        """False for a set that never started after its rest (nothing to save)."""
        return self.started or self.set_number == 1

    @property
    def rest_left_s(self) -> float:
        """Seconds of rest left (0 outside a rest)."""
        return self._rest_left_s if self.stage is Stage.REST else 0.0

    def press(self, key: str) -> None:
        """Handle a key: space pause/resume, n next set, r recalibrate, q quit."""
        if key == KEY_PAUSE and self.stage is not Stage.DONE:
            self.paused = not self.paused
        elif key == KEY_QUIT:
            self._quit = True
            self._set_ending = True
        elif key == KEY_NEXT:
            if self.stage is Stage.REST:
                self._end_rest()
            elif self.in_set:
                self._set_ending = True
        elif key == KEY_RECALIBRATE and self.stage in (Stage.POSITION, Stage.SET):
            self.recalibrate_requested = True
            self.stage = Stage.POSITION
            self._ready_since = None

    def observe(self, update: FrameUpdate, ready: bool, good_holds: int) -> None:
        """Take in one checked frame of the current set (or of the rest before it).

        Args:
            update: what the engine made of the frame.
            ready: the person is in the start posture, measurable and calibrated.
            good_holds: holds so far in this set that lasted the prescribed time.
        """
        t_s = update.timestamp_ms / 1000.0
        moving = update.phase in ("rep", "far") or any(update.counts.values())
        if self.stage is Stage.REST:
            self.tick(t_s)
            if moving or update.phase == "hold":
                self._begin_set()
        if self.stage is Stage.POSITION:
            if not ready:
                self._ready_since = None
            elif self._ready_since is None:
                self._ready_since = t_s
            if moving or (ready and t_s - self._ready_since >= self.settle_s):
                self._begin_set()
        if self.stage is Stage.SET and self.plan.set_complete(update.counts, good_holds):
            self._set_ending = True

    def end_set(self, source_ended: bool) -> None:
        """The current set's frames stopped: rest before the next set, or finish."""
        self._set_ending = False
        self.started = False
        if self._quit or source_ended or self.set_number >= self.plan.sets:
            self.stage = Stage.DONE
            return
        self.set_number += 1
        self.stage = Stage.REST if self.plan.rest_s > 0 else Stage.POSITION
        self.paused = False
        self._ready_since = None
        self._rest_left_s = self.plan.rest_s
        self._last_s = None

    def tick(self, t_s: float) -> None:
        """Let source time `t_s` (s) pass during a rest; the countdown stops while paused."""
        if self.stage is not Stage.REST:
            return
        if self._last_s is not None and not self.paused:
            self._rest_left_s -= t_s - self._last_s
        self._last_s = t_s
        if self._rest_left_s <= 0:
            self._end_rest()

    def _end_rest(self) -> None:
        self.stage = Stage.POSITION
        self._ready_since = None

    def _begin_set(self) -> None:
        self.stage = Stage.SET
        self.started = True
