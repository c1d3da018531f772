"""The live loop: newest frame -> pose -> engine (one set at a time) -> window and cues.

Each set is handed to a set runner (:func:`formcheck.session.runner.run_set`,
through :class:`formcheck.live.run.SetWriter`) with a fresh
:class:`~formcheck.analysis.engine.Engine`, the same pipeline as `formcheck
check` runs a file through; the frames it gets are the ones the capture thread
hands over while the set lasts, the window and the cues are its sinks. Between
sets, frames are only shown.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

import numpy as np

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import FrameUpdate
from formcheck.live.capture import CapturedFrame, FrameSlot
from formcheck.live.cues import PRIORITY, Coach, SpokenLine
from formcheck.live.guidance import baseline_labels, instruction, is_ready, turn_instruction
from formcheck.live.pace import LivePace
from formcheck.live.plan import SessionPlan
from formcheck.live.recap import SetDone, session_line, set_done
from formcheck.live.screens import draw_finish, draw_rest, draw_setup
from formcheck.live.session import KEY_QUIT, Session, Stage
from formcheck.live.setup import POSTURE_WORDS, camera_setup, start_line
from formcheck.live.window import fit_box
from formcheck.pose.backend import PoseBackend
from formcheck.pose.block import PoseBlock
from formcheck.pose.frame import PoseFrame
from formcheck.render.hud import HudState, draw_hud
from formcheck.render.hud_feed import HudFeed
from formcheck.render.overlay import fit_width, mirrored
from formcheck.session.pipeline import Observed, Sink
from formcheck.session.sources import detect_pose
from formcheck.spec.language import ExerciseSpec

ALL_VIEWS = ("front", "side", "oblique")
DISPLAY_MAX_WIDTH = 1280
"""Frames are shown (and drawn on) at most this wide, pixels; the model still sees them whole."""
_FPS_WINDOW = 30  # displayed frames over which the on-screen frame rate is measured
KEY_DEBUG = "d"
"""Shows or hides the frame-rate figures (hidden by default: they mean nothing to a patient)."""
KEYS_HELP = "space pause   n next set   r recalibrate   q quit"


class Display(Protocol):
    """Shows frames and reports keys (see :mod:`formcheck.live.window`).

    Attributes:
        box: the largest (width, height) a frame is shown at, pixels; None: as it comes.
    """

    box: tuple[int, int] | None

    def show(self, frame: np.ndarray) -> str | None:
        """Show a BGR frame; returns the key pressed, if any."""
        ...

    def linger(self, frame: np.ndarray, seconds: float) -> None:
        """Keep showing `frame` for a while (until a key is pressed)."""
        ...


@dataclass
class LiveStats:
    """How the live loop kept up.

    Attributes:
        captured: frames the source delivered.
        dropped: frames replaced by a newer one before analysis could take them.
        analysed: frames that went through pose model and engine.
        displayed: frames drawn and shown (analysed ones, plus paused/rest ones).
        latency_ms: per analysed frame, time from capture until its overlay
            (skeleton, counts, cue) was shown, ms.
        cue_latency_ms: the same, only for frames that raised a fault, finished
            a rep or brought new guidance.
        shown_s: ``time.monotonic()`` of each displayed frame, s.
    """

    captured: int = 0
    dropped: int = 0
    analysed: int = 0
    displayed: int = 0
    latency_ms: list[float] = field(default_factory=list)
    cue_latency_ms: list[float] = field(default_factory=list)
    shown_s: list[float] = field(default_factory=list)

    @property
    def display_fps(self) -> float:
        """Displayed frames per second over the whole session."""
        if len(self.shown_s) < 2:
            return 0.0
        return (len(self.shown_s) - 1) / (self.shown_s[-1] - self.shown_s[0])

    def recent_fps(self) -> float:
        """Displayed frames per second over the last few frames."""
        recent = self.shown_s[-_FPS_WINDOW:]
        if len(recent) < 2 or recent[-1] <= recent[0]:
            return 0.0
        return (len(recent) - 1) / (recent[-1] - recent[0])


class SetRunner(Protocol):
    """Runs one set's frames through the pipeline (and saves the set)."""

    def __call__(self, number: int, frames: Iterable[Observed], engine: Engine,
                 sinks: Sequence[Sink]) -> None:
        """Run set `number`: every frame through `engine`, each result to `sinks`."""
        ...

    def discard(self, number: int) -> None:
        """Set `number` never started (a rest nobody used): drop what was saved of it."""
        ...

    def add_spoken(self, number: int, lines: Sequence[SpokenLine]) -> None:
        """Record more lines said to the person during set `number` with the set."""
        ...


class LiveLoop:
    """Runs a whole session from a frame slot fed by a capture thread.

    Args:
        spec: the exercise.
        plan: sets, reps, holds and rests.
        slot: where the capture thread puts frames.
        backend: an open pose backend.
        display: where frames are shown.
        coach: speaks cues and sounds reps.
        mirror: show the image mirrored (as a webcam user expects).
        end_screen_s: how long the session's summary stays on screen, s.
        clock: monotonic clock in seconds (replaceable in tests).
        pace: which frames to analyse (default: every frame taken).
        new_engine: makes each set's engine (default: an engine judging the set alone).
    """

    def __init__(
        self,
        spec: ExerciseSpec,
        plan: SessionPlan,
        slot: FrameSlot,
        backend: PoseBackend,
        display: Display,
        coach: Coach,
        mirror: bool = True,
        end_screen_s: float = 8.0,
        clock: Callable[[], float] = time.monotonic,
        pace: LivePace | None = None,
        new_engine: Callable[[ExerciseSpec], Engine] = Engine,
    ) -> None:
        self.spec = spec
        self.plan = plan
        self.slot = slot
        self.backend = backend
        self.display = display
        self.coach = coach
        self.mirror = mirror
        self.end_screen_s = end_screen_s
        self.clock = clock
        self.pace = pace or LivePace(spec, camera_fps=math.inf, mode="newest_frame")
        self.new_engine = new_engine
        self.session = Session(plan)
        self.stats = LiveStats()
        self.source_ended = False
        self.sets: list[SetDone] = []
        self.summary: str | None = None
        self._setup = camera_setup(spec)
        self._baselines = baseline_labels(spec)
        self._frame: CapturedFrame | None = None
        self._engine: Engine | None = None
        self._guidance: str | None = None
        self._last: tuple[FrameUpdate, int] | None = None  # last update and good holds
        self._last_pose: PoseFrame | None = None
        self._cue: str | None = None  # the cue on screen at the last analysed frame
        self._feed = HudFeed(spec, hold_target_s=plan.hold_s)
        self.show_debug = False
        """Show the debugging figures (frame rate, drops) on the HUD (the d key)."""

    def run(self, run_set: SetRunner) -> None:
        """Run until the plan is done, the user quits or the source ends; then sum it up.

        Args:
            run_set: runs each set as it comes (and saves it as soon as it ends, so
                a later failure loses nothing); the loop is among its sinks.
        """
        while self.session.stage is not Stage.DONE:
            self._engine = engine = self.new_engine(self.spec)
            self.pace.new_set(engine)
            self._feed = HudFeed(self.spec, hold_target_s=self.plan.hold_s)
            self._last = None
            self.coach.new_set()
            number = self.session.set_number
            run_set(number, self._set_frames(), engine, [self.coach, self])
            keep = self.session.worth_keeping
            self.coach.end_set(self._now_s())
            self.session.end_set(self.source_ended)
            if not keep:
                run_set.discard(number)
                continue
            self.sets.append(set_done(number, self.plan, engine))
            if self.session.stage is not Stage.DONE:
                self.coach.say(f"Set {number} done", PRIORITY["info"], self._now_s(), wait=True)
            run_set.add_spoken(number, self.coach.spoken)
        self.stats.captured, self.stats.dropped = self.slot.produced, self.slot.dropped
        if self.sets:
            self._finish(run_set)

    def _finish(self, run_set: SetRunner) -> None:
        """Say and show the session's summary; it is recorded with the last set."""
        praise = {c.id: (c.praise, c.cue) for c in self.spec.constraints}
        self.summary = session_line(self.sets, self.plan, praise)
        said_before = len(self.coach.spoken)
        self.coach.say(self.summary, PRIORITY["info"], self._now_s(), wait=True)
        if self._frame is not None:
            screen = self._screen_image(self._frame.bgr)
            draw_finish(screen, self.summary)
            self.display.show(screen)
            self.coach.drain(self._now_s(), timeout_s=self.end_screen_s)
            self.display.linger(screen, self.end_screen_s)
        run_set.add_spoken(self.sets[-1].number, self.coach.spoken[said_before:])

    def _now_s(self) -> float:
        """Source time of the newest frame, s."""
        return self._frame.timestamp_ms / 1000.0 if self._frame is not None else 0.0

    # -- frames ---------------------------------------------------------------------------

    def _take(self) -> CapturedFrame | None:
        frame = self.slot.take()
        if frame is None:
            self.source_ended = True
        return frame

    def _set_frames(self) -> Iterator[Observed]:
        """The current set's frames (its rest included), with landmarks, until the set ends.

        Ctrl+C counts as the quit key, so the set so far is still saved.
        """
        try:
            yield from self._checked_frames()
        except KeyboardInterrupt:
            self.session.press(KEY_QUIT)

    def _checked_frames(self) -> Iterator[Observed]:
        while self.session.in_set and (frame := self._take()) is not None:
            if self.session.paused:
                self.session.tick(frame.timestamp_ms / 1000.0)
                self._show_plain(frame, "Paused: press space to resume", self._last)
                continue
            if self.session.recalibrate_requested:
                self.session.recalibrate_requested = False
                self._engine.recalibrate()  # type: ignore[union-attr]
            if not self.pace.wants(frame.timestamp_ms):
                self._show_between(frame)
                continue
            started = self.clock()
            pose = detect_pose(self.backend, frame.bgr, frame.timestamp_ms, frame.index)
            self._frame = frame
            self.stats.analysed += 1
            yield Observed(PoseBlock.from_frames([pose]), [frame.bgr])
            self.pace.took(self.clock() - started)

    # -- the sink -------------------------------------------------------------------------

    def on_frame(self, pose: PoseFrame, image: np.ndarray | None, update: FrameUpdate) -> None:
        """Advance the session with the update, speak guidance, draw and show the frame."""
        engine = self._engine
        self.pace.observe(update, pose)
        good_holds = self.plan.good_holds(engine.holds) if engine is not None else 0
        guidance = instruction(self.spec, update)
        before = self.session.stage
        self.session.observe(update, is_ready(self.spec, update, self._baselines), good_holds)
        stage = self.session.stage
        resting = stage is Stage.REST
        self._announce(before, stage, update.timestamp_ms / 1000.0)
        self.coach.listening = not resting
        if not resting:
            self.coach.guide(guidance, update.timestamp_ms / 1000.0)
        self._feed.observe(update)  # also under the set-up and rest panels
        cue_event = bool(update.new_flags or update.ended) or guidance != self._guidance
        self._guidance = guidance
        screen = self._screen_image(image)  # type: ignore[arg-type]
        cue = None if resting else self.coach.screen_cue(update)
        self._last = (update, good_holds)
        self._last_pose, self._cue = pose, cue
        if resting:
            done = self.sets[-1]
            self._show(screen, self._plain_hud(done.progress, done.number), self._frame,
                       cue_event, panel=self._draw_rest)
        elif stage is Stage.POSITION and self.session.set_number == 1:
            self._show(screen, self._plain_hud(self.plan.progress(update.counts, good_holds)),
                       self._frame, cue_event, pose,
                       lambda frame: draw_setup(frame, self.spec.name, self._setup, guidance,
                                                start_line(self.spec.start_posture)))
        else:
            hud = self._hud(update, good_holds, guidance, cue)
            self._show(screen, hud, self._frame, cue_event, pose)  # type: ignore[arg-type]

    def _announce(self, before: Stage, stage: Stage, t_s: float) -> None:
        """Say the camera set-up as the session begins, and the set's number as a set starts."""
        number = self.session.set_number
        if number == 1 and self.stats.analysed == 1:
            self.coach.say(". ".join(self._setup), PRIORITY["info"], t_s, wait=True)
        elif number > 1 and stage is Stage.SET and before is not Stage.SET:
            self.coach.say(f"Set {number}", PRIORITY["info"], t_s, wait=True)

    def _banner(self, guidance: str | None, t_s: float) -> str | None:
        if guidance is not None:
            return guidance
        if self.session.stage is Stage.POSITION:
            posture = POSTURE_WORDS[self.spec.start_posture]
            parts = [posture] if posture else []
            if set(self.spec.views) != set(ALL_VIEWS):
                parts.append(turn_instruction(self.spec.views).lower())
            return "Get into position" + (f": {', '.join(parts)}" if parts else "") + ", hold still"
        return self.coach.screen_praise(t_s)

    def _hud(self, update: FrameUpdate, good_holds: int, guidance: str | None,
             cue: str | None) -> HudState:
        """The set's HUD for `update`, with the coach's one cue in the cue band."""
        t_s = update.timestamp_ms / 1000.0
        hud = self._feed.state(update, progress=self._progress(update.counts, good_holds),
                               banner=self._banner(guidance, t_s) or "",
                               debug=(self._stats_line(),), show_debug=self.show_debug,
                               help_line=KEYS_HELP)
        return replace(hud, cue=cue)

    def _progress(self, counts: dict[str, int], good_holds: int) -> str:
        return self._set_line(self.plan.progress(counts, good_holds))

    def _set_line(self, progress: str, number: int | None = None) -> str:
        """ "Set 2 of 3 · 7 of 10 each side": set `number` (default the current one)."""
        return f"Set {number or self.session.set_number} of {self.plan.sets} · {progress}"

    def _plain_hud(self, progress: str, number: int | None = None) -> HudState:
        """The HUD with only the set and its progress (under a set-up or rest panel)."""
        return HudState(title=self.spec.name, progress=self._set_line(progress, number),
                        debug=(self._stats_line(),), show_debug=self.show_debug,
                        help_line=KEYS_HELP)

    def _draw_rest(self, frame: np.ndarray) -> None:
        done = self.sets[-1]
        left = max(0, math.ceil(self.session.rest_left_s))
        draw_rest(frame, f"Set {done.number} done: {done.progress}",
                  f"Rest {left // 60}:{left % 60:02d}",
                  f"Next: set {self.session.set_number} of {self.plan.sets}. "
                  "Start when you are ready (n: start now)")

    def _stats_line(self) -> str:
        produced = max(self.slot.produced, 1)
        return (f"{self.stats.recent_fps():.0f} fps   analysed "
                f"{100 * self.stats.analysed / produced:.0f}%   dropped {self.slot.dropped}")

    def _show_between(self, frame: CapturedFrame) -> None:
        """Show a frame not analysed with the last analysed frame's skeleton, counts and cue."""
        screen = self._screen_image(frame.bgr)
        if self._last is None:
            self._show(screen, self._plain_hud(self.plan.progress({}, 0)), None, False)
            return
        update, good_holds = self._last
        self._show(screen, self._hud(update, good_holds, self._guidance, self._cue), None,
                   False, self._last_pose)

    def _show_plain(self, frame: CapturedFrame, banner: str,
                    last: tuple[FrameUpdate, int] | None = None) -> None:
        """Show a frame that is not analysed, with the last update's counters if given."""
        image = self._screen_image(frame.bgr)
        counts, good_holds = (last[0].counts, last[1]) if last is not None else ({}, 0)
        hud = replace(self._plain_hud(self.plan.progress(counts, good_holds)), banner=banner)
        self._show(image, hud, None, False)

    def _screen_image(self, bgr: np.ndarray) -> np.ndarray:
        """A copy of a frame to draw on, at the size it is shown, mirrored if asked.

        The display's box when it has one (scaled up or down to fit it), else at
        most DISPLAY_MAX_WIDTH wide.
        """
        box = self.display.box
        small = fit_width(bgr, DISPLAY_MAX_WIDTH) if box is None else fit_box(bgr, box)
        if self.mirror:
            return mirrored(small)
        return small.copy() if small is bgr else small

    def _show(self, image: np.ndarray, hud: HudState, analysed: CapturedFrame | None,
              cue_event: bool, pose: PoseFrame | None = None,
              panel: Callable[[np.ndarray], None] | None = None) -> None:
        draw_hud(image, hud, pose, mirror=self.mirror)
        if panel is not None:
            panel(image)
        key = self.display.show(image)
        now = self.clock()
        self.stats.displayed += 1
        self.stats.shown_s.append(now)
        if analysed is not None:
            latency = (now - analysed.captured_s) * 1000.0
            self.stats.latency_ms.append(latency)
            if cue_event:
                self.stats.cue_latency_ms.append(latency)
        if key == KEY_DEBUG:
            self.show_debug = not self.show_debug
        elif key is not None:
            self.session.press(key)
