"""Which frames the pose model must see: an analysis schedule chosen from the rules.

Counting and form checks need a pose a few times within their shortest span (a
rep phase, a check's duration), not on every frame of a 30 or 60 fps video. The
schedule analyses at a base rate taken from the exercise's own rules and at every
frame while a decision is close:

- a value is near a threshold or limit it is compared with (the driver near
  ``rest`` or ``far``, a hold metric near ``enter`` or ``exit``, a checked metric
  near its ``min``, ``max`` or target), within a margin of what the pose resolves;
- or the value moves fast enough towards one to reach it before the next
  base-rate sample;
- or a fault is in progress, or a checked value is outside its limits and may
  become one (so its start and end, and the time it lasts, are timed to the
  frame);
- or the recording is about to end, or has just started;
- or the value the count rests on is measured from the person's own rest, a
  reference refined at every rest, and the person is at rest (see
  `REFERENCE_AT_REST`);
- or the body was found again after it was lost, or a landmark of the trunk or
  legs jumped, a short while ago (so the model's tracker settles on the body as
  it would with every frame analysed), or the body was lost less than the
  longest gap the count bridges ago; a longer absence is analysed at the base
  rate;
- or the value the count rests on (the rep driver, a hold's metric) was seen and
  has gone unseen (its landmarks hidden for a moment) less than that same gap
  ago, so its return, and the rep or hold it carries on, are timed to the frame;
- or the landmarks the count rests on are seen with a confidence near the floor
  below which they count as not seen (so the moment a value turns unseen falls
  on the frame it would with every frame analysed).

The limits are read from the engine on every frame, not copied from the
exercise file, so thresholds that depend on the person are followed.

Times are real video times (ms); nothing here shifts them.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from formcheck.analysis.results import FrameUpdate
from formcheck.pose.frame import PoseFrame
from formcheck.pose.landmarks import Landmark
from formcheck.spec.language import ExerciseSpec, RepExtremeConstraint
from formcheck.spec.points import SIDES, resolve_point

SAMPLES_PER_SPAN = 2
"""Poses wanted within the shortest span the rules time (a hold, a check's duration):
two, so no span passes unseen; its start and end are timed at every frame anyway,
because a span starts and ends at a limit. A rep is sampled once per way out instead
(see `way_out_s`)."""
MIN_RATE_HZ = 5.0
"""The base rate never drops below this: the pose tracker follows the body from sample to sample."""
LOOKAHEAD_INTERVALS = 1.0
"""A value moving fast enough to reach a limit before the next base-rate sample (this many
base intervals) is 'near' it; the speed is measured over a base interval, so jitter
between neighbouring frames is not taken for motion."""
SETTLE_MS = 500.0
"""After the start and after the body was found again, every frame is analysed for this long
(ms): the model's tracker finds the body in a box from its detector, then refines the box
from frame to frame; skipping frames before it has settled sends it elsewhere. The same
span before the end of the recording is analysed at every frame too: the end decides every
rep or hold still open, on landmarks from a tracker in the state it would be in with every
frame analysed. (Spans as short as the shortest span the rules time, 0.3 s for most
exercises, changed the count of a lunge and a push-up and a calf raise's flags on the
labelled clips, with the model tracking across the skipped frames.)"""
JUMP_TORSO_PER_S = 9.0
"""A landmark of the trunk, the legs or the count moving faster than this many torso lengths
(in the image) a second, about 0.3 torso lengths from one frame to the next at 30 frames/s,
has jumped (the model swapped the legs, or caught another shape) or moves too fast for the
model's tracker to follow across skipped frames: every frame is analysed for `SETTLE_MS`
after. The arms (unless the count rests on them) and the face are left out: hands move
that fast in many exercises while the body the tracker follows stays put."""
TRUNK_AND_LEGS = (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER,
                  *range(Landmark.LEFT_HIP, Landmark.RIGHT_FOOT_INDEX + 1))
"""The shoulders and everything from the hips down."""
CONFIDENCE_MARGIN = 0.15
"""Landmark confidence (0..1) within which of the exercise's confidence floor every frame is
analysed: the model's visibility and presence move by about this much from frame to frame
when a body part is at the edge of the picture or half hidden."""
RESOLUTION_DEGREES = 2.0  # about twice the smoothed frame-to-frame jitter of an angle
RESOLUTION_LENGTH = 0.03
"""Margins around a limit within which every frame is analysed (degrees for angles;
torso lengths or other length ratios for distances): a few times the frame-to-frame
jitter of the landmarks, so that a crossing is timed to the frame."""


BASE_RATE = "base rate"
NOBODY = "nobody found"
UNSEEN = "the counted value not seen"
REFERENCE_AT_REST = "the count's own rest reference measured"
"""Its rule: a count whose driver is measured from the person's own rest (``baseline_from``
"rest" or "rest_highest") reads each rep against a median of the poses at rest, refined
at every rest. Its lines sit a few times the landmark jitter from that reference (a calf
raise's rest line 2 cm over the flat heel); from the fifth as many poses of the base rate
the median moved by a few thousandths of a torso length (a few mm) on synthesized calf
raises, enough that reps just reaching a line were counted or not by chance. Every frame
at rest keeps the reference what it is with every frame analysed."""
SETTLING_START = "tracker settling at the start"
SETTLING_FOUND = "tracker settling on the body found again"
SETTLING_JUMP = "tracker settling after a landmark jumped"
ENDING = "end of the recording"
FAULT = "a check outside its limits"
UNCERTAIN = "confidence near the floor"
NEAR_LIMIT = "near a limit"
TOWARDS_LIMIT = "moving towards a limit"
"""The rules that ask for a frame, as `AnalysisSchedule.asked_by` counts them."""


def shortest_span_s(spec: ExerciseSpec) -> float:
    """The shortest movement or fault the exercise's rules time, apart from a rep, s.

    That is the shortest hold and each check's duration (a rep is timed by
    :func:`way_out_s`). The dwell times at a threshold (``min_far_s``,
    ``min_rest_s``, a rep target's ``for_s``) and the gap bridged in a hold are not
    counted: they are timed while the value is at the threshold, where every frame
    is analysed anyway, or well past it, where any two samples that far apart
    show it held.
    """
    spans: list[float] = []
    if spec.hold is not None:
        spans.append(spec.hold.min_s)
    for c in spec.constraints:
        if isinstance(c, RepExtremeConstraint):
            continue
        spans += [getattr(c, name) for name in ("for_s", "min_s", "min_rep_s")
                  if getattr(c, name, None) is not None]
    positive = [s for s in spans if s > 0]
    return min(positive) if positive else 1.0


def way_out_s(spec: ExerciseSpec) -> float:
    """How long the quickest rep the rules allow takes to leave rest and reach the far
    zone, s; infinite for an exercise without reps.

    The shortest plausible rep (``min_rep_s``) spends its least time in the far zone
    (``min_far_s``) and the rest going out and coming back, half each. A driver still
    at rest, where nothing moves it towards a limit, can leave at any moment: one
    sample within each way out catches it on its way, near or moving towards the far
    line, where every frame is then analysed, so its far dwell and its return are
    timed to the frame; only where it left rest, between the last still sample and
    that one, is estimated. (Two samples per ``min_rep_s``, 0.2 s apart for a 0.4 s
    rep, let bounced calf raises rise and come down between two samples, and read
    them shorter than they were.)
    """
    if spec.rep is None:
        return math.inf
    rep = spec.rep
    if rep.min_rep_s <= 0:
        return math.inf
    out = (rep.min_rep_s - rep.min_far_s) / 2.0
    return out if out > 0 else rep.min_rep_s / 2.0


def base_rate_hz(spec: ExerciseSpec) -> float:
    """Analysed poses per second away from any decision: `SAMPLES_PER_SPAN` per shortest
    span the rules time, and one per way out of the quickest rep (:func:`way_out_s`)."""
    return max(MIN_RATE_HZ, SAMPLES_PER_SPAN / shortest_span_s(spec), 1.0 / way_out_s(spec))


def _margin(spec: ExerciseSpec, label: str) -> float:
    """How close to a limit the value of `label` counts as near it (its metric's units)."""
    angle = spec.metrics[label.split(".")[0]].kind in ("angle", "bend", "inclination",
                                                        "elevation")
    return RESOLUTION_DEGREES if angle else RESOLUTION_LENGTH


def _height_units(pose: PoseFrame) -> np.ndarray:
    """Shape (33, 2): image positions with one unit the frame height (x scaled by the aspect)."""
    size = pose.image_size
    return pose.image_xy * np.array([size[0] / size[1] if size else 1.0, 1.0])


DecisionLimits = Callable[[], Mapping[str, Sequence[float]]]
"""Per value label, the values it is compared with now (see
:meth:`formcheck.analysis.engine.Engine.decision_limits`)."""
ChecksOutside = Callable[[], Collection[str]]
"""The checks whose value is outside their limits now (see
:meth:`formcheck.analysis.engine.Engine.checks_outside`)."""


@dataclass
class AnalysisSchedule:
    """Decides, frame by frame, whether the pose model runs on the next frame.

    Feed it every frame's update (`observe`), the analysed frames' and those in
    between alike; ask `wants(t_ms)` for each decoded frame. Frames it does not
    want are decoded but not analysed.

    Args:
        spec: the exercise.
        limits: the thresholds and limits in force, read on every frame (the
            engine's :meth:`~formcheck.analysis.engine.Engine.decision_limits`).
        end_ms: when the recording ends (its last frame's time, or an estimate
            from its length), ms; unknown (live): infinite.
        outside: the checks whose value is outside their limits now, read on
            every frame (the engine's
            :meth:`~formcheck.analysis.engine.Engine.checks_outside`); while any
            is, every frame is analysed. None: not known, only the cue of a
            fault already flagged counts.
        base_interval_ms: time between analysed frames away from any decision, ms
            (default: from :func:`base_rate_hz`).

    Attributes:
        gap_ms: how long after the body was lost every frame is still analysed,
            ms (see `_lost`).
        asked_by: frames wanted so far, by the rule that asked for each (the
            names above `shortest_span_s`; the base rate is `BASE_RATE`).
    """

    spec: ExerciseSpec
    limits: DecisionLimits
    end_ms: float = math.inf
    outside: ChecksOutside | None = None
    base_interval_ms: float = 0.0
    gap_ms: float = field(default=0.0, init=False)
    _landmarks: list[int] = field(default_factory=list)
    _followed: list[int] = field(default_factory=list)
    _previous: tuple[float, PoseFrame] | None = None  # time (ms) and landmarks
    _history: dict[str, deque[tuple[float, float]]] = field(default_factory=dict)
    _next_ms: float = -math.inf
    _settled_ms: float = math.nan
    _lost_since_ms: float = math.nan
    _primary: str = ""
    _rest_reference: bool = False
    _unseen_since_ms: dict[str, float] = field(default_factory=dict)
    _settling: str = SETTLING_START
    _dense_for: str | None = SETTLING_START
    asked_by: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        if self.base_interval_ms <= 0:
            self.base_interval_ms = 1000.0 / base_rate_hz(self.spec)
        rep, hold = self.spec.rep, self.spec.hold
        bridged_s = rep.max_gap_s if rep is not None else hold.bridge_s if hold is not None else 0.0
        self.gap_ms = max(1000.0 * bridged_s, self.base_interval_ms)
        self._primary = primary = self.spec.rep.driver if self.spec.rep is not None else (
            self.spec.hold.metric if self.spec.hold is not None else "")
        self._rest_reference = bool(primary) and (
            self.spec.metrics[primary].baseline_from != "start")
        self._landmarks = [] if not primary else sorted(
            {i for side in SIDES for point in self.spec.metrics[primary].points()
             for i in resolve_point(point, side)})
        self._followed = sorted({*TRUNK_AND_LEGS, *self._landmarks})

    @property
    def base_rate_hz(self) -> float:
        """Analysed frames per second away from decisions."""
        return 1000.0 / self.base_interval_ms

    @property
    def passes_over_until_ms(self) -> float:
        """Frames before this time (ms) will not be wanted, whatever the frames before
        them show (the next base-rate sample while no rule asks for every frame);
        -inf when the next frame may be wanted. The caller analyses the last frame
        of a recording anyway (see :func:`~formcheck.session.sources.scheduled`)."""
        return -math.inf if self._dense_for is not None else self._next_ms

    def wants(self, t_ms: float) -> bool:
        """Whether the frame at `t_ms` (real video time, ms) should be analysed.

        Each frame wanted is counted in `asked_by` under the rule that asked for it.
        """
        rule = self._dense_for or (BASE_RATE if t_ms >= self._next_ms else None)
        if rule is None:
            return False
        self.asked_by[rule] += 1
        return True

    def observe(self, update: FrameUpdate, pose: PoseFrame) -> None:
        """Take in a frame's landmarks and result, and plan the next analysed frame."""
        t = update.timestamp_ms
        lost = self._lost(pose)
        settle = next((rule for rule, applies in (
            (SETTLING_START, math.isnan(self._settled_ms)), (SETTLING_FOUND, lost),
            (SETTLING_JUMP, self._jumped(pose, t))) if applies), None)
        if settle is not None:
            self._settling, self._settled_ms = settle, t + SETTLE_MS
        self._previous = (t, pose)
        if not lost:
            self._lost_since_ms = math.nan
        elif math.isnan(self._lost_since_ms):
            self._lost_since_ms = t
        limit = self._near_limit(update, t)  # first: it follows each value's speed
        rules = ((NOBODY, lost and t - self._lost_since_ms < self.gap_ms),
                 (UNSEEN, not lost and self._unseen_briefly(update, t)),
                 (self._settling, t < self._settled_ms and not lost),
                 (ENDING, t >= self.end_ms - SETTLE_MS),
                 (FAULT, update.active_cue is not None
                  or (self.outside is not None and bool(self.outside()))),
                 (UNCERTAIN, self._uncertain(pose)),
                 (REFERENCE_AT_REST, self._rest_reference and update.phase in ("rest", "unknown")))
        self._dense_for = next((rule for rule, applies in rules if applies), limit)
        self._next_ms = t + self.base_interval_ms

    def _near_limit(self, update: FrameUpdate, t: float) -> str | None:
        """`NEAR_LIMIT` or `TOWARDS_LIMIT` when a value is near a limit it is compared
        with, or moves fast enough to reach one before the next base-rate sample; else None."""
        found = None
        for label, limits in self.limits().items():
            value = update.values.get(label, math.nan)
            if math.isnan(value):
                continue
            margin = _margin(self.spec, label)
            ahead = value + self._velocity(label, t, value) * (
                LOOKAHEAD_INTERVALS * self.base_interval_ms)
            if any(abs(limit - value) <= margin for limit in limits):
                found = NEAR_LIMIT
            elif found is None and any(min(value, ahead) - margin <= limit
                                       <= max(value, ahead) + margin for limit in limits):
                found = TOWARDS_LIMIT
        return found

    @staticmethod
    def _lost(pose: PoseFrame) -> bool:
        """Whether the model found nobody: its tracker lost the body.

        Then every frame is analysed for as long as the rules bridge a gap in the
        count (the rep's ``max_gap_s``, a hold's ``bridge_s``; at least one base
        interval): a return within it carries on the rep or hold in progress, so it
        is found on the frame it would be with every frame analysed. A longer loss
        is an absence (the person left the picture, or is hidden) that has broken
        whatever was in progress: nothing can be counted or checked while nobody is
        seen, and the model, looking for the body afresh on each frame it is given,
        finds it again within one base interval, so within half the shortest span
        the rules time (see `SAMPLES_PER_SPAN`). Once found, every frame is
        analysed for `SETTLE_MS`.
        """
        return not pose.has_person

    def _unseen_briefly(self, update: FrameUpdate, t_ms: float) -> bool:
        """Whether a value of the count's metric (each side's, for one counted per side)
        that was seen has been unseen for less than `gap_ms`.

        Like a lost body, a driver hidden for a moment (a heel behind the other foot,
        a hand out of the picture) carries on the rep in progress if it returns
        within the gap the count bridges; one never seen (the far side in a side
        view) asks for nothing.
        """
        unseen = False
        for label, value in update.values.items():
            if label.split(".")[0] != self._primary:
                continue
            if not math.isnan(value):
                self._unseen_since_ms[label] = math.nan
                continue
            since = self._unseen_since_ms.setdefault(label, -math.inf)  # never seen
            if math.isnan(since):
                since = self._unseen_since_ms[label] = t_ms
            unseen = unseen or t_ms - since < self.gap_ms
        return unseen

    def _jumped(self, pose: PoseFrame, t_ms: float) -> bool:
        """Whether a landmark of the trunk, legs or count jumped since the frame before."""
        if self._previous is None:
            return False
        before_ms, before = self._previous
        if not (before.has_person and pose.has_person):
            return False
        dt_s = (t_ms - before_ms) / 1000.0
        here, there = _height_units(pose), _height_units(before)
        shoulders = here[Landmark.LEFT_SHOULDER] + here[Landmark.RIGHT_SHOULDER]
        hips = here[Landmark.LEFT_HIP] + here[Landmark.RIGHT_HIP]
        torso = float(np.linalg.norm(shoulders - hips) / 2.0)
        moved = np.linalg.norm(here[self._followed] - there[self._followed], axis=1)
        unit = torso if torso > 0 else 1.0
        return dt_s > 0 and bool(np.nanmax(moved, initial=0.0) > JUMP_TORSO_PER_S * unit * dt_s)

    def _uncertain(self, pose: PoseFrame) -> bool:
        """Whether a landmark of the rep driver (or hold metric) is near the confidence floor."""
        if not self._landmarks:
            return False
        confidence = (pose.visibility[self._landmarks] + pose.presence[self._landmarks]) / 2.0
        return bool(np.any(np.abs(confidence - self.spec.confidence_floor) <= CONFIDENCE_MARGIN))

    def _velocity(self, label: str, t: float, value: float) -> float:
        """How fast `label` moves, unit/ms (signed), over about one base interval up to `t`.

        Measured over a base interval rather than from frame to frame, so that
        landmark jitter between neighbouring frames is not taken for motion.
        """
        history = self._history.setdefault(label, deque())
        history.append((t, value))
        while len(history) > 2 and t - history[1][0] >= self.base_interval_ms:
            history.popleft()
        t0, v0 = history[0]
        return (value - v0) / (t - t0) if t > t0 else 0.0
