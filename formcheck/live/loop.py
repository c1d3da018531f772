"""The live loop: newest frame -> pose -> engine (one set at a time) -> window and cues.

Each set is handed to a set runner (:func:`formcheck.session.runner.run_set`,
through :class:`formcheck.live.run.SetWriter`) with a fresh
:class:`~formcheck.analysis.engine.Engine`, the same pipeline as `formcheck
check` runs a file through; the frames it gets are the ones the capture thread
hands over while the set lasts, the window and the cues are its sinks. Between
sets, frames are only shown.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import FrameUpdate
from formcheck.live.capture import CapturedFrame, FrameSlot
from formcheck.live.cues import Announcer
from formcheck.live.guidance import baseline_labels, instruction, is_ready, turn_instruction
from formcheck.live.plan import SessionPlan
from formcheck.live.session import KEY_QUIT, Session, Stage
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
KEYS_HELP = "space pause   n next set   r recalibrate   q quit"


class Display(Protocol):
    """Shows frames and reports keys (see :mod:`formcheck.live.window`)."""

    def show(self, frame: np.ndarray) -> str | None:
        """Show a BGR frame; returns the key pressed, if any."""
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


class LiveLoop:
    """Runs a whole session from a frame slot fed by a capture thread.

    Args:
        spec: the exercise.
        plan: sets, reps, holds and rests.
        slot: where the capture thread puts frames.
        backend: an open pose backend.
        display: where frames are shown.
        announcer: speaks cues and sounds reps.
        mirror: show the image mirrored (as a webcam user expects).
        clock: monotonic clock in seconds (replaceable in tests).
    """

    def __init__(
        self,
        spec: ExerciseSpec,
        plan: SessionPlan,
        slot: FrameSlot,
        backend: PoseBackend,
        display: Display,
        announcer: Announcer,
        mirror: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.spec = spec
        self.plan = plan
        self.slot = slot
        self.backend = backend
        self.display = display
        self.announcer = announcer
        self.mirror = mirror
        self.clock = clock
        self.session = Session(plan)
        self.stats = LiveStats()
        self.source_ended = False
        self._baselines = baseline_labels(spec)
        self._frame: CapturedFrame | None = None
        self._engine: Engine | None = None
        self._guidance: str | None = None
        self._last: tuple[FrameUpdate, int] | None = None  # last update and good holds
        self._feed = HudFeed(spec, hold_target_s=plan.hold_s)
        self.show_debug = False
        """Show the debugging figures (frame rate, drops) on the HUD."""

    def run(self, run_set: SetRunner) -> None:
        """Run until the plan is done, the user quits or the source ends.

        Args:
            run_set: runs each set as it comes (and saves it as soon as it ends, so
                a later failure loses nothing); the loop is among its sinks.
        """
        while self.session.stage is not Stage.DONE:
            if self.session.stage is Stage.REST:
                self._rest()
                continue
            self._engine = Engine(self.spec)
            self._feed = HudFeed(self.spec, hold_target_s=self.plan.hold_s)
            self._last = None
            self.announcer.new_set()
            run_set(self.session.set_number, self._set_frames(), self._engine,
                    [self.announcer, self])
            self.session.end_set(self.source_ended)
        self.stats.captured, self.stats.dropped = self.slot.produced, self.slot.dropped

    # -- frames ---------------------------------------------------------------------------

    def _take(self) -> CapturedFrame | None:
        frame = self.slot.take()
        if frame is None:
            self.source_ended = True
        return frame

    def _set_frames(self) -> Iterator[Observed]:
        """The current set's frames, with landmarks, until the session ends the set.

        Ctrl+C counts as the quit key, so the set so far is still saved.
        """
        try:
            yield from self._checked_frames()
        except KeyboardInterrupt:
            self.session.press(KEY_QUIT)

    def _checked_frames(self) -> Iterator[Observed]:
        while self.session.in_set and (frame := self._take()) is not None:
            if self.session.paused:
                self._show_plain(frame, "Paused: press space to resume", self._last)
                continue
            if self.session.recalibrate_requested:
                self.session.recalibrate_requested = False
                self._engine.recalibrate()  # type: ignore[union-attr]
            pose = detect_pose(self.backend, frame.bgr, frame.timestamp_ms, frame.index)
            self._frame = frame
            self.stats.analysed += 1
            yield Observed(PoseBlock.from_frames([pose]), [frame.bgr])

    def _rest(self) -> None:
        frame = self._take()
        if frame is None:
            self.session.end_set(source_ended=True)
            return
        self.session.tick(frame.timestamp_ms / 1000.0)
        left = int(self.session.rest_left_s)
        upcoming = f"set {self.session.set_number + 1} of {self.plan.sets}"
        self._show_plain(frame, f"Rest {left // 60}:{left % 60:02d}   next: {upcoming}  "
                                "(n: start now)")

    # -- the sink -------------------------------------------------------------------------

    def on_frame(self, pose: PoseFrame, image: np.ndarray | None, update: FrameUpdate) -> None:
        """Advance the session with the update, speak guidance, draw and show the frame."""
        engine = self._engine
        good_holds = self.plan.good_holds(engine.holds) if engine is not None else 0
        guidance = instruction(self.spec, update)
        self.session.observe(update, is_ready(self.spec, update, self._baselines), good_holds)
        self.announcer.guide(guidance, update.timestamp_ms / 1000.0)
        cue_event = bool(update.new_flags or update.ended) or guidance != self._guidance
        self._guidance = guidance
        screen = self._screen_image(image)  # type: ignore[arg-type]
        self._last = (update, good_holds)
        hud = self._feed.state(update, progress=self._progress(update.counts, good_holds),
                               banner=self._banner(guidance) or "", debug=(self._stats_line(),),
                               show_debug=self.show_debug, help_line=KEYS_HELP)
        self._show(screen, hud, self._frame, cue_event, pose)  # type: ignore[arg-type]

    def _banner(self, guidance: str | None) -> str | None:
        if guidance is not None:
            return guidance
        if self.session.stage is Stage.POSITION:
            parts = [] if self.spec.start_posture == "any" else [self.spec.start_posture]
            if set(self.spec.views) != set(ALL_VIEWS):
                parts.append(turn_instruction(self.spec.views).lower())
            return "Get into position" + (f": {', '.join(parts)}" if parts else "") + ", hold still"
        return None

    def _progress(self, counts: dict[str, int], good_holds: int) -> str:
        return (f"Set {self.session.set_number} of {self.plan.sets} · "
                f"{self.plan.progress(counts, good_holds)}")

    def _stats_line(self) -> str:
        produced = max(self.slot.produced, 1)
        return (f"{self.stats.recent_fps():.0f} fps   analysed "
                f"{100 * self.stats.analysed / produced:.0f}%   dropped {self.slot.dropped}")

    def _show_plain(self, frame: CapturedFrame, banner: str,
                    last: tuple[FrameUpdate, int] | None = None) -> None:
        """Show a frame that is not analysed, with the last update's counters if given."""
        image = self._screen_image(frame.bgr)
        counts, good_holds = (last[0].counts, last[1]) if last is not None else ({}, 0)
        hud = HudState(title=self.spec.name, progress=self._progress(counts, good_holds),
                       banner=banner, debug=(self._stats_line(),), show_debug=self.show_debug,
                       help_line=KEYS_HELP)
        self._show(image, hud, None, False)

    def _screen_image(self, bgr: np.ndarray) -> np.ndarray:
        """A copy of a frame to draw on: at most DISPLAY_MAX_WIDTH wide, mirrored if asked."""
        small = fit_width(bgr, DISPLAY_MAX_WIDTH)
        if self.mirror:
            return mirrored(small)
        return small.copy() if small is bgr else small

    def _show(self, image: np.ndarray, hud: HudState, analysed: CapturedFrame | None,
              cue_event: bool, pose: PoseFrame | None = None) -> None:
        draw_hud(image, hud, pose, mirror=self.mirror)
        key = self.display.show(image)
        now = self.clock()
        self.stats.displayed += 1
        self.stats.shown_s.append(now)
        if analysed is not None:
            latency = (now - analysed.captured_s) * 1000.0
            self.stats.latency_ms.append(latency)
            if cue_event:
                self.stats.cue_latency_ms.append(latency)
        if key is not None:
            self.session.press(key)
