"""The form-checking engine: landmarks in, reps, holds, flags and gaps out.

One `Engine` checks one set of one exercise. It is fed blocks of frames
(`PoseBlock`) in time order: a row or a few at a time live, slices of a recorded
track when replaying. Metrics are computed for a whole block at once from its
arrays; the per-frame logic then runs on each row, so live and batch results
agree. `finish()` closes what is open and returns an `Analysis` from which
reports are built.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Sequence

import numpy as np

from formcheck.analysis.baselines import Baselines
from formcheck.analysis.constraints import FrameContext, RangeEvaluator, make_evaluator
from formcheck.analysis.holds import HoldTracker
from formcheck.analysis.metrics import NO_DEPTH, MetricBank, has_world, side_visibility
from formcheck.analysis.reps import CounterState, RepCounter
from formcheck.analysis.results import Analysis, Attempt, Flag, FrameUpdate, Gap, Hold, RepStatus
from formcheck.analysis.smoothing import OneEuroFilter
from formcheck.analysis.view import ViewTracker, estimate_yaw_deg
from formcheck.pose.block import PoseBlock
from formcheck.pose.landmarks import landmark_words
from formcheck.spec.language import ExerciseSpec, RepExtremeConstraint
from formcheck.spec.points import SIDES, resolve_point
from formcheck.spec.units import format_value

_NEAR_SWITCH_MARGIN = 0.15  # visibility lead the far side needs before it becomes 'near'
_TIMELINE_STEP_MS = 100.0  # timeline resolution kept for reports
_RECALIBRATE_AFTER_MS = 1000.0  # nobody in view this long: measure baselines again
_NOBODY = "nobody in view"


def _reduce(values: np.ndarray, conf: np.ndarray, mode: str, near: int,
            floor: float) -> tuple[float, float]:
    """One value and confidence from a (left, right) pair according to a metric's side mode.

    For mean/min/max, a side whose confidence is below `floor` is left out when
    the other side is well seen (e.g. the far leg in a side view).
    """
    if mode == "left":
        return values[0], conf[0]
    if mode == "right":
        return values[1], conf[1]
    if mode == "near":
        return values[near], conf[near]
    seen = conf >= floor
    if seen[0] != seen[1]:
        k = 0 if seen[0] else 1
        return values[k], conf[k]
    both_conf = min(conf[0], conf[1])
    if mode == "mean":
        return (values[0] + values[1]) / 2.0, both_conf
    if mode == "min":
        return float(np.fmin(values[0], values[1])), both_conf
    return float(np.fmax(values[0], values[1])), both_conf


def driver_range(values: Sequence[float]) -> float | None:
    """How far the driver moved: the span between the 5th and 95th percentiles of its
    `values` (in the metric's unit), so a few glitched frames do not widen it; None
    when there are none."""
    if not values:
        return None
    lo, hi = np.percentile(values, [5, 95])
    return float(hi - lo)


def _reached(check: RepExtremeConstraint, extreme: tuple[float, float] | None) -> bool:
    """Whether a rep whose metric spanned `extreme` (min, max) already reached the target
    (for a target to be held `for_s`, not known from the extremes)."""
    if extreme is None or check.for_s:
        return False
    low, high = extreme
    if check.reach_above is not None:
        return high >= check.reach_above
    return check.reach_below is not None and low <= check.reach_below


def _missing_because(unplaced: bool, presence: float) -> str:
    """Why a landmark is not measured, in words: a point with no coordinates is one the
    track does not have (keypoints of another pose tool lack the heels and toes, say),
    not one outside the picture; MediaPipe places every point, in the frame or not."""
    if unplaced:
        return "not in the track"
    return "out of frame" if presence < 0.5 else "hidden"


class Engine:
    """Checks one set of one exercise, frame by frame."""

    def __init__(self, spec: ExerciseSpec) -> None:
        self.spec = spec
        self.bank = MetricBank(spec)
        self.channels: list[tuple[str, str]] = []  # (metric, side) with side left/right/both
        for name, metric in spec.metrics.items():
            sides = SIDES if metric.side_mode == "each" else ("both",)
            self.channels.extend((name, s) for s in sides)
        self.labels = [m if s == "both" else f"{m}.{s}" for m, s in self.channels]
        self._index = {(m, s): i for i, (m, s) in enumerate(self.channels)}
        # Per channel, resolved once: (metric column, side column or None, side mode).
        self._sources = [
            (self.bank.names.index(m), None if s == "both" else SIDES.index(s),
             spec.metrics[m].side_mode)
            for m, s in self.channels
        ]
        steady = [spec.metrics[m].steady_hz for m, _ in self.channels]
        self._filter = OneEuroFilter(
            len(self.channels), steady_hz=np.array([math.nan if h is None else h for h in steady])
        )
        self._ids = itertools.count()
        self.counters: list[RepCounter] = []
        if spec.rep is not None:
            driver_sides = SIDES if spec.metrics[spec.rep.driver].side_mode == "each" else ("both",)
            self.counters = [RepCounter(spec.rep, s, self._ids, spec.prescription.time_limit_s)
                             for s in driver_sides]
        self.hold = HoldTracker(spec.hold) if spec.hold is not None else None
        self.evaluators = [make_evaluator(c, spec.views, spec.rep) for c in spec.constraints]
        self.view = ViewTracker()
        self._lying = spec.start_posture in ("supine", "prone")  # body along the floor
        self._near = 0
        self.baselines = Baselines(
            {i: spec.metrics[m].baseline_from for i, (m, _) in enumerate(self.channels)
             if spec.metrics[m].baseline},
            spec.baseline_s,
        )
        self._driver_baselined = spec.rep is not None and spec.metrics[spec.rep.driver].baseline
        # Range checks on a metric whose reference rises through the set are judged again
        # at its end, against the reference as it then stands (evaluator -> channel).
        self._rejudged: dict[int, int] = {}
        for k, check in enumerate(self.evaluators):
            metric = getattr(check.constraint, "metric", None)
            channel = self._index.get((metric, "both"))
            if (isinstance(check, RangeEvaluator) and channel is not None
                    and spec.metrics[metric].baseline
                    and spec.metrics[metric].baseline_from == "rest_highest"):
                check.replayable = True
                self._rejudged[k] = channel
        self._awaiting_start: tuple[str, ...] = ()  # see FrameUpdate.awaiting_start
        self._extremes: dict[str, dict[str, tuple[float, float]]] = {}
        self.attempts: list[Attempt] = []
        self.holds: list[Hold] = []
        self.flags: list[Flag] = []
        self.gaps: list[Gap] = []
        self._gap_start: tuple[float, str] | None = None
        self._nobody_since_ms = math.nan
        self._frames = 0
        self._with_person = 0
        self._first_ms = math.nan
        self._last_ms = math.nan
        self._primary = spec.rep.driver if spec.rep is not None else spec.hold.metric  # type: ignore[union-attr]
        self._primary_landmarks = sorted(
            {i for s in SIDES for p in spec.metrics[self._primary].points()
             for i in resolve_point(p, s)}
        )
        self._driver_seen: list[float] = []
        self.timeline_ms: list[float] = []
        self.timeline: dict[str, list[float]] = {label: [] for label in self.labels}

    # -- feeding --------------------------------------------------------------------------

    def process_block(self, block: PoseBlock) -> Iterator[FrameUpdate]:
        """Check a block of frames, computing their metrics in one vectorised pass."""
        if not len(block):
            return
        values, conf = self.bank.compute(block)
        side_vis = side_visibility(block)
        yaw = estimate_yaw_deg(block, lying=self._lying)
        seen = block.has_person
        for k in range(len(block)):
            yield self._step(block, k, values[k], conf[k], side_vis[k], float(yaw[k]),
                             bool(seen[k]))

    def decision_limits(self) -> dict[str, tuple[float, ...]]:
        """The values each value label of `FrameUpdate.values` is compared with now.

        By the label of the value they are compared with (``metric`` or
        ``metric.left`` / ``metric.right``): the rep driver's rest and far
        thresholds as its counters hold them (only rest once a rep has stayed in
        the far zone as long as it must), a hold's enter and exit, and the limits
        or targets of each check that can be judged from the current view in the
        current phase or the next one (a check during the far phase counts from
        the start of a rep; a rep's target once its extreme reached it does not).
        This is where anything timing the analysis around decisions
        (:class:`~formcheck.analysis.schedule.AnalysisSchedule`) reads them, so
        that thresholds set per person or per set are followed.
        """
        per_metric: dict[str, set[float]] = {}

        def add(metric: str, limits: Iterable[float]) -> None:
            per_metric.setdefault(metric, set()).update(limits)

        for counter in self.counters:
            limits = counter.spec.limits()
            attempt = counter.current
            if (counter.state is CounterState.FAR and attempt is not None
                    and attempt.far_ms >= counter.spec.min_far_s * 1000.0):
                limits = {"rest": limits["rest"]}
            add(counter.spec.driver, limits.values())
        if self.spec.hold is not None:
            add(self.spec.hold.metric, self.spec.hold.limits().values())
        phases = self._phases()
        if "rep" in phases:
            phases |= {"far", "rest"}
        view = self.view.current
        active = next((c.side for c in self.counters if c.current is not None), None)
        extremes = self._extremes.get(active, {}) if active is not None else {}
        for check in self.evaluators:
            c = check.constraint
            metric = getattr(c, "metric", None)
            if metric is None or (view is not None and view not in check.views):
                continue
            if getattr(c, "during", "always") not in phases:
                continue
            if isinstance(c, RepExtremeConstraint) and _reached(c, extremes.get(metric)):
                continue
            add(metric, c.limits().values())
        return {label: tuple(sorted(per_metric[metric]))
                for label, (metric, _) in zip(self.labels, self.channels, strict=True)
                if metric in per_metric}

    def checks_outside(self) -> tuple[str, ...]:
        """The ids of the checks whose metric is outside its limits now (range checks).

        From the last frame judged, including checks not yet outside for their
        ``for_s``: a fault that may still become a flag. Anything timing the
        analysis around decisions reads them, so that a fault's length is timed on
        the frames it would be with every frame analysed.
        """
        return tuple(check.constraint.id for check in self.evaluators
                     if check.outside)

    def recalibrate(self) -> None:
        """Forget the start-of-set baselines; they are measured again from the next frames."""
        self.baselines.reset()

    # -- per frame ------------------------------------------------------------------------

    def _update_near(self, side_vis: np.ndarray) -> None:
        other = 1 - self._near
        if side_vis[other] > side_vis[self._near] + _NEAR_SWITCH_MARGIN:
            self._near = other

    def _channel_values(
        self, t_ms: float, values: np.ndarray, conf: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        raw = np.empty(len(self.channels))
        cc = np.empty(len(self.channels))
        for i, (j, k, mode) in enumerate(self._sources):
            if k is not None:
                raw[i], cc[i] = values[j, k], conf[j, k]
            else:
                raw[i], cc[i] = _reduce(values[j], conf[j], mode, self._near,
                                          self.spec.confidence_floor)
        raw[cc < self.spec.confidence_floor] = np.nan
        smooth = self._filter.step(t_ms, raw)
        self._apply_baselines(t_ms, smooth, raw)
        return smooth, cc

    def _apply_baselines(self, t_ms: float, smooth: np.ndarray, raw: np.ndarray) -> None:
        """Subtract the person's own reference values (see `formcheck.analysis.baselines`).

        Rest is before a rep starts or between reps. When the rep driver is itself
        measured from a baseline, rest cannot be known before the baseline is, so
        any time outside a rep counts.
        """
        settled = {CounterState.REST, CounterState.UNKNOWN} if self._driver_baselined else {
            CounterState.REST}
        at_rest = all(c.zone in settled for c in self.counters)
        self.baselines.apply(t_ms, smooth, raw, at_rest)
        self._awaiting_start = tuple(self.labels[i] for i in self.baselines.waiting(raw))

    def _value(self, smooth: np.ndarray, cc: np.ndarray, metric: str, side: str | None
               ) -> tuple[float, float]:
        if (metric, "both") in self._index:
            i = self._index[(metric, "both")]
        else:
            i = self._index[(metric, side if side in SIDES else SIDES[self._near])]
        return float(smooth[i]), float(cc[i])

    def _gap_reason(self, block: PoseBlock, k: int, has_person: bool) -> str:
        if not has_person:
            return _NOBODY
        if self._primary in self.bank.depth_needed and not has_world(block[k:k + 1])[0]:
            return NO_DEPTH
        visibility, presence = block.visibility[k], block.presence[k]
        unplaced = np.isnan(block.image_xy[k]).any(axis=-1)
        names = [f"{landmark_words(i)} {_missing_because(unplaced[i], presence[i])}"
                 for i in self._primary_landmarks
                 if (visibility[i] + presence[i]) / 2 < self.spec.confidence_floor]
        if names:
            return "; ".join(list(dict.fromkeys(names))[:3])
        return "landmarks too uncertain"

    def _track_gap(self, t: float, seen: bool, reason: Callable[[], str]) -> str | None:
        if not seen:
            if self._gap_start is None:
                self._gap_start = (t, reason())
            return self._gap_start[1]
        if self._gap_start is not None:
            start, reason = self._gap_start
            self._gap_start = None
            max_gap = self.spec.rep.max_gap_s if self.spec.rep else self.spec.hold.bridge_s  # type: ignore[union-attr]
            if t - start > max_gap * 1000.0:
                self.gaps.append(Gap(start, t, reason))
        return None

    def _track_absence(self, t: float, has_person: bool) -> None:
        """Measure the baselines again when the person comes back after a while away.

        Only a stretch with nobody in view all along counts (the person left the
        picture or the camera cut away, so their start-of-set values may no longer
        hold); a single empty frame, or a driver hidden while the person is in view,
        does not make a baseline driver re-measure its start in the middle of a rep.
        """
        if not has_person:
            if math.isnan(self._nobody_since_ms):
                self._nobody_since_ms = t
            return
        away_ms = t - self._nobody_since_ms  # NaN when the person was in view
        if away_ms > _RECALIBRATE_AFTER_MS:
            self.recalibrate()
        self._nobody_since_ms = math.nan

    def _phases(self) -> frozenset[str]:
        phases = {"always"}
        states = {c.zone for c in self.counters}
        if CounterState.FAR in states:
            phases.update(("rep", "far"))
        elif CounterState.OUT in states:
            phases.add("rep")
        elif states <= {CounterState.REST}:
            phases.add("rest")
        if self.hold is not None and self.hold.active:
            phases.add("hold")
        return frozenset(phases)

    def _step(self, block: PoseBlock, k: int, values: np.ndarray, conf: np.ndarray,
              side_vis: np.ndarray, yaw: float, has_person: bool) -> FrameUpdate:
        """Check row `k` of `block`, given its metric values and confidences (M, 2),
        its (left, right) side visibility, body yaw (degrees) and whether anyone is in it."""
        t = float(block.timestamp_ms[k])
        self._frames += 1
        if math.isnan(self._first_ms):
            self._first_ms = t
        self._last_ms = t
        if has_person:
            self._with_person += 1
            self._update_near(side_vis)
        self._track_absence(t, has_person)
        self.view.add(yaw)
        smooth, cc = self._channel_values(t, values, conf)
        self._record_timeline(t, smooth)

        ended: list[Attempt] = []
        new_flags: list[Flag] = []
        primary_seen = False
        for counter in self.counters:
            value, confidence = self._value(smooth, cc, self._primary, counter.side)
            primary_seen |= not math.isnan(value)
            if not math.isnan(value):
                self._driver_seen.append(value)
            was_open = counter.current
            attempt = counter.step(t, value, confidence)
            if counter.current is not None and counter.current is not was_open:
                self._extremes[counter.side] = {}
            if counter.current is not None:
                self._track_extremes(counter.side, smooth)
            if attempt is not None:
                ended.append(attempt)
                new_flags.extend(self._end_attempt(attempt))
        hold_s = 0.0
        if self.hold is not None:
            metric = self.spec.hold.metric  # type: ignore[union-attr]
            sided = self.spec.metrics[metric].side_mode == "each"
            sides = SIDES if sided else ("both",)
            hv = {s: float(smooth[self._index[(metric, s)]]) for s in sides}
            hc = min(float(cc[self._index[(metric, s)]]) for s in sides)
            seen_values = [v for v in hv.values() if not math.isnan(v)]
            primary_seen |= bool(seen_values)
            if not self.counters and seen_values:
                self._driver_seen.append(min(seen_values))
            form_ok = not any(c.active is not None and c.active.severity != "info"
                              for c in self.evaluators)
            ended_hold = self.hold.step(t, hv, hc, form_ok)
            if ended_hold is not None:
                new_flags.extend(self._end_hold(ended_hold))
            if self.hold.current is not None:
                hold_s = self.hold.current.good_form_s
        guidance = self._track_gap(t, primary_seen,
                                   lambda: self._gap_reason(block, k, has_person))

        active = next((c for c in self.counters if c.current is not None), None)
        ctx = FrameContext(
            t_ms=t,
            phases=self._phases(),
            view=self.view.current,
            value_of=lambda m: self._value(smooth, cc, m, active.side if active else None),
            side=active.side if active else None,
            attempt=active.current.id if active and active.current else None,
            hold=len(self.holds) if self.hold is not None and self.hold.active else None,
            floor=self.spec.confidence_floor,
            hold_side=self.hold.side if self.hold is not None and self.hold.active else None,
            value_on=lambda m, s: self._value(smooth, cc, m, s),
        )
        for check in self.evaluators:
            flag = check.on_frame(ctx)
            if flag is not None:
                self.flags.append(flag)
                new_flags.append(flag)
        return FrameUpdate(
            frame_index=int(block.frame_index[k]),
            timestamp_ms=t,
            values={label: float(smooth[i]) for i, label in enumerate(self.labels)},
            counts={c.side: c.count for c in self.counters},
            new_flags=new_flags,
            ended=ended,
            active_cue=self._active_cue(),
            hold_s=hold_s,
            guidance=guidance,
            view=ctx.view,
            phase=next((p for p in ("far", "rep", "hold", "rest") if p in ctx.phases), "unknown"),
            awaiting_start=self._awaiting_start,
        )

    def _track_extremes(self, side: str, smooth: np.ndarray) -> None:
        ext = self._extremes[side]
        for i, (metric, ch_side) in enumerate(self.channels):
            if ch_side in ("both", side):
                key = metric
            elif side == "both":
                key = f"{metric}.{ch_side}"
            else:
                continue
            v = float(smooth[i])
            if math.isnan(v):
                continue
            lo, hi = ext.get(key, (v, v))
            ext[key] = (min(lo, v), max(hi, v))

    def _end_attempt(self, attempt: Attempt) -> list[Flag]:
        if attempt.status is RepStatus.COUNTED and attempt.confidence < self.spec.confidence_floor:
            attempt.status = RepStatus.NOT_MEASURABLE
            attempt.reason = "landmarks too uncertain during the rep"
        self.attempts.append(attempt)
        if attempt.status is not RepStatus.COUNTED:
            return []
        extremes = self._extremes.pop(attempt.side, {})
        raised = []
        for check in self.evaluators:
            flag = check.on_rep(attempt, extremes, self.view.current)
            if flag is not None:
                self.flags.append(flag)
                raised.append(flag)
        return raised

    def _end_hold(self, hold: Hold) -> list[Flag]:
        index = len(self.holds)
        self.holds.append(hold)
        raised = []
        for check in self.evaluators:
            flag = check.on_hold(hold, index)
            if flag is not None:
                self.flags.append(flag)
                raised.append(flag)
        return raised

    def _active_cue(self) -> str | None:
        rank = {"error": 2, "warn": 1, "info": 0}
        active = [c.active for c in self.evaluators if c.active is not None]
        if not active:
            return None
        return max(active, key=lambda f: rank[f.severity]).cue

    def _record_timeline(self, t: float, smooth: np.ndarray) -> None:
        if self.timeline_ms and t - self.timeline_ms[-1] < _TIMELINE_STEP_MS:
            return
        self.timeline_ms.append(t)
        for i, label in enumerate(self.labels):
            self.timeline[label].append(float(smooth[i]))

    # -- the end --------------------------------------------------------------------------

    def finish(self) -> Analysis:
        """Close open reps, holds, faults and gaps, and judge whether the set was measurable."""
        t = self._last_ms
        for counter in self.counters:
            attempt = counter.finish(t)
            if attempt is not None:
                self.attempts.append(attempt)
        if self.hold is not None:
            hold = self.hold.finish(t)
            if hold is not None:
                self._end_hold(hold)
        for k, check in enumerate(self.evaluators):
            if k in self._rejudged:
                self._rejudge(check, self._rejudged[k], t)  # type: ignore[arg-type]
            else:
                check.close(t)
        if self._gap_start is not None:
            start, reason = self._gap_start
            self.gaps.append(Gap(start, t, reason))
            self._gap_start = None
        self.attempts.sort(key=lambda a: a.start_ms)
        span = driver_range(self._driver_seen)
        verdict, flags = self.set_verdict(span)
        return Analysis(
            spec=self.spec,
            frames=self._frames,
            first_ms=self._first_ms,
            last_ms=self._last_ms,
            frames_with_person=self._with_person,
            attempts=self.attempts,
            holds=self.holds,
            flags=flags,
            gaps=self.gaps,
            evaluators=self.evaluators,
            view=self.view.overall,
            yaw_deg=self.view.overall_yaw_deg,
            not_measurable=verdict,
            driver_range=span,
            rep_sides=[c.side for c in self.counters],
            timeline_ms=self.timeline_ms,
            timeline=self.timeline,
        )

    def _rejudge(self, check: RangeEvaluator, channel: int, end_ms: float) -> None:
        """Judge the whole set again by `check` against its metric's reference as it stands
        at the end (a shrug on the first presses, before the person's own lockout with the
        shoulders down was seen), replacing the flags it raised as the frames came. In a
        live session, cues already given stay given; the report is what changes."""
        flags = check.rejudge(self.baselines.at_final_reference(channel), end_ms)
        own = check.constraint.id
        self.flags = [f for f in self.flags if f.constraint_id != own] + flags

    @property
    def driver_values(self) -> list[float]:
        """The values of the set's primary metric seen so far, in its unit: the rep
        driver's on each frame it was seen (one per counting side), or, for a hold
        exercise, the hold metric's (the lower side's). Their :func:`driver_range` is
        what :meth:`finish` judges the set by."""
        return list(self._driver_seen)

    def set_verdict(self, driver_range: float | None) -> tuple[str | None, list[Flag]]:
        """The set judged as if its driver had spanned `driver_range` (its unit; None:
        never seen): why it could not be measured (None when it could), and the flags
        that stand, in time order. :meth:`finish` passes the set's own range; a live
        session passes the range over all its sets (see :mod:`formcheck.live.session_range`)."""
        verdict, flags_stand = self._set_verdict(driver_range)
        return verdict, sorted(self.flags, key=lambda f: f.start_ms) if flags_stand else []

    def _set_verdict(self, driver_range: float | None) -> tuple[str | None, bool]:
        """Why the set could not be measured (None when it could), and whether its flags
        stand. They stand only when the landmarks were seen from a supported view and at
        most the movement was too small to count: a flag from an unsupported view or from
        reps that were never measured would rest on the measurement that failed."""
        spec = self.spec
        if self._frames == 0:
            return "no frames", False
        if self._with_person == 0:
            return "nobody was found in the video", False
        view = self.view.overall
        if view is not None and view not in spec.views:
            wanted = " or ".join(spec.views)
            return f"seen from the {view}; {spec.name} needs a {wanted} view", False
        label = spec.metric_label(self._primary)
        if driver_range is None:
            return f"the {label} was never measurable: " + (
                self.gaps[0].reason if self.gaps else "landmarks too uncertain"
            ), False
        if spec.rep is not None and driver_range < spec.rep.min_range:
            unit = spec.metric_unit(self._primary)
            return (
                "the movement is smaller than this camera view can resolve: the "
                f"{label} spanned {format_value(driver_range, unit)}, and at least "
                f"{format_value(spec.rep.min_range, unit)} is needed"
            ), True
        if self.holds:
            return None, True  # the holds were measured, whatever became of the reps
        for side in (c.side for c in self.counters):
            tried = [a for a in self.attempts if a.side == side]
            if tried and all(a.status is RepStatus.NOT_MEASURABLE for a in tried):
                who = "" if side == "both" else f" on the {side} side"
                return f"no rep{who} could be measured: {tried[0].reason}", False
        return None, True
