"""From the engine's frame updates to what the HUD shows (:class:`~formcheck.render.hud.HudState`).

The engine says what happens on each frame; a person needs some of it to stay on
screen a little longer: a rep's confirmation, and a fault judged at the end of a
rep (depth, time held) whose cue would otherwise last one frame. `HudFeed`
keeps that memory, for the live window and the annotated video alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from formcheck.analysis.results import Attempt, Flag, FrameUpdate, RepStatus
from formcheck.render.gauges import Gauge, gauges_for
from formcheck.render.hud import HoldClock, HudState, Reading, RepMark
from formcheck.render.segments import Segment, metric_segments
from formcheck.spec.language import ExerciseSpec, HoldDurationConstraint, RepHoldConstraint
from formcheck.spec.units import format_clock

REP_MARK_S = 1.2
"""How long a rep's confirmation stays on screen, s."""
END_FAULT_S = 1.5
"""How long a fault judged at the end of a rep or hold stays on screen, s."""
ON_THE_FLOOR = frozenset({"quadruped", "supine", "prone", "plank"})
"""Start postures whose body fills the lower part of the picture: the HUD's bands go on top."""

WAITING_FOR_START = "waits for your start position"
"""A gauge's text while its metric is measured from a start position not yet held."""
NOT_COUNTED = "Rep not counted"
REP_MARKS: dict[str, str] = {
    RepStatus.PARTIAL: "Partial rep: go further",
    RepStatus.UNFINISHED: "Partial rep: not finished",
    RepStatus.TOO_FAST: "Too fast: not counted",
    RepStatus.NOT_MEASURABLE: "Rep not seen clearly",
}
"""The mark of an attempt that did not count, by its status (others: :data:`NOT_COUNTED`)."""


def rep_mark(attempt: Attempt, count: int) -> RepMark:
    """The confirmation for an ended attempt; `count` is its side's count after it."""
    side = "" if attempt.side == "both" else f"{attempt.side.capitalize()} "
    if attempt.status is RepStatus.COUNTED:
        return RepMark(f"{side}rep {count} counted".capitalize(), counted=True)
    return RepMark(REP_MARKS.get(str(attempt.status), NOT_COUNTED), counted=False)


def counts_text(counts: dict[str, int]) -> str:
    """Reps per side as words: "Reps 7", or "Left 4 · Right 3"; "" with no counter."""
    if not counts:
        return ""
    if set(counts) == {"both"}:
        return f"Reps {counts['both']}"
    return " · ".join(f"{side.capitalize()} {n}" for side, n in counts.items())


@dataclass
class _Shown:
    """A flag on screen: until `until_ms`, or while it lasts when that is NaN."""

    flag: Flag
    until_ms: float


class HudFeed:
    """Turns each frame's update into the HUD's state.

    Args:
        spec: the exercise.
        hold_target_s: good-form seconds a hold is asked to last (None: the
            exercise's prescription, else its hold-time check).
    """

    def __init__(self, spec: ExerciseSpec, hold_target_s: float | None = None) -> None:
        self.spec = spec
        self.hold_target_s = self._hold_target(spec) if hold_target_s is None else hold_target_s
        self._rep_hold_s = next((c.min_s for c in spec.constraints
                                 if isinstance(c, RepHoldConstraint)), 0.0)
        self._shown: list[_Shown] = []
        self._mark: tuple[RepMark, float] | None = None
        self._far_s = 0.0
        self._last_ms: float | None = None
        self._last_update: FrameUpdate | None = None

    @staticmethod
    def _hold_target(spec: ExerciseSpec) -> float:
        if spec.prescription.hold_s > 0:
            return spec.prescription.hold_s
        return max((c.min_s for c in spec.constraints if isinstance(c, HoldDurationConstraint)),
                   default=0.0)

    def state(self, update: FrameUpdate, *, progress: str | None = None,
              banner: str | None = None, debug: tuple[str, ...] = (), show_debug: bool = False,
              help_line: str = "") -> HudState:
        """The HUD for the frame of `update`; call once per frame, in time order (a frame
        not analysed may bring the last update again).

        Args:
            update: what the engine made of the frame.
            progress: where the set stands (live: "Set 2 of 3 · 7 of 10 each side");
                None for the reps counted so far.
            banner: guidance or a stage message (default: the engine's guidance).
            debug: further debugging figures (frame rate, drops).
            show_debug: whether the debugging figures are drawn.
            help_line: keys help.
        """
        t = update.timestamp_ms
        dt_s = 0.0 if self._last_ms is None else max(0.0, (t - self._last_ms) / 1000.0)
        self._last_ms = t
        self.observe(update)
        shown = [s.flag for s in self._shown]
        cue = update.active_cue or (shown[-1].cue if shown else None)
        focus = next((f.metric for f in reversed(shown) if f.metric is not None), None)
        counts = counts_text(update.counts)
        return HudState(
            title=self.spec.name,
            progress=counts if progress is None else progress,
            counts="" if progress is None or set(update.counts) <= {"both"} else counts,
            rep_mark=self._mark[0] if self._mark is not None else None,
            hold=self._hold(update, dt_s),
            cue=cue,
            banner=update.guidance if banner is None else banner,
            readings=tuple(self._reading(g, update) for g in gauges_for(self.spec, update.view,
                                                                         focus)),
            fault_segments=self._segments(shown),
            debug=(*self._debug(update), *debug),
            show_debug=show_debug,
            help_line=help_line,
            bands_on_top=self.spec.start_posture in ON_THE_FLOOR,
        )

    def observe(self, update: FrameUpdate) -> None:
        """Take in an analysed frame's update, whether or not the HUD is drawn for it.

        A fault raised while another screen is up (the live set-up panel) is still
        on screen, with its body segments, once the HUD is drawn again. Calling it
        again with the same update (a frame not analysed) changes nothing.
        """
        if update is not self._last_update:
            self._remember(update, update.timestamp_ms)
            self._last_update = update

    def _remember(self, update: FrameUpdate, t: float) -> None:
        """Keep flags going on and those judged at a rep's end; drop what has had its time."""
        for flag in update.new_flags:
            until = t + END_FAULT_S * 1000.0 if math.isfinite(flag.end_ms) else math.nan
            self._shown.append(_Shown(flag, until))
        self._shown = [s for s in self._shown
                       if (math.isnan(s.until_ms) and not math.isfinite(s.flag.end_ms))
                       or s.until_ms >= t]
        for attempt in update.ended:
            self._mark = (rep_mark(attempt, update.counts.get(attempt.side, 0)),
                          t + REP_MARK_S * 1000.0)
        if self._mark is not None and self._mark[1] < t:
            self._mark = None

    def _hold(self, update: FrameUpdate, dt_s: float) -> HoldClock | None:
        """The hold of a hold exercise, or the time at the far position a rep must be held."""
        form_ok = update.active_cue is None
        if self.spec.hold is not None:
            if update.phase != "hold" and update.hold_s == 0:
                return None
            return HoldClock(update.hold_s, self.hold_target_s,
                             running=update.phase == "hold" and form_ok)
        if self._rep_hold_s <= 0 or update.phase != "far":
            self._far_s = 0.0
            return None
        if form_ok:
            self._far_s += dt_s
        return HoldClock(self._far_s, self._rep_hold_s, running=form_ok)

    def _reading(self, gauge: Gauge, update: FrameUpdate) -> Reading:
        values = tuple(update.values.get(label, math.nan) for label in gauge.labels)
        texts = [self.spec.format_metric(gauge.metric, v) for v in values]
        if all(math.isnan(v) for v in values) and set(gauge.labels) & set(update.awaiting_start):
            text = WAITING_FOR_START  # seen, but measured from a start not yet taken
        elif len(gauge.labels) > 1:
            text = "  ".join(f"{label.rsplit('.', 1)[1]} {v}"
                             for label, v in zip(gauge.labels, texts, strict=True))
        else:
            text = texts[0]
        return Reading(self.spec.metric_label(gauge.metric), text, gauge, values)

    def _segments(self, flags: list[Flag]) -> tuple[Segment, ...]:
        primary = self.spec.rep.driver if self.spec.rep is not None else self.spec.hold.metric  # type: ignore[union-attr]
        segments: list[Segment] = []
        for flag in flags:
            metric = flag.metric if flag.metric in self.spec.metrics else primary
            segments.extend(metric_segments(self.spec, metric, flag.side))
        return tuple(dict.fromkeys(segments))

    @staticmethod
    def _debug(update: FrameUpdate) -> tuple[str, ...]:
        return (f"time {format_clock(update.timestamp_ms)}  frame {update.frame_index}",
                f"view: {update.view or 'unknown'}  phase: {update.phase}")
