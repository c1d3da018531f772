"""Keyframed motion: poses at times, eased smoothly, plus the repetition marks.

Between two keyframes every channel follows a minimum-jerk profile
(10 s^3 - 15 s^4 + 6 s^5 of the normalized time s), so velocity and
acceleration are zero at each keyframe.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from formcheck.synth.channels import BodySide, Pose


def min_jerk(s: np.ndarray) -> np.ndarray:
    """Minimum-jerk easing of normalized time `s` (clipped to 0..1); same shape."""
    s = np.clip(s, 0.0, 1.0)
    return s**3 * (10.0 - 15.0 * s + 6.0 * s**2)


@dataclass(frozen=True)
class Rep:
    """Timing of one repetition (or one repeated hold) in milliseconds.

    The body leaves the start pose at `start_ms`, reaches the target pose at
    `peak_start_ms`, stays there until `peak_end_ms` (a hold when longer than
    zero) and is back at `end_ms`.

    Attributes:
        index: 0-based position among all the script's reps, in time order.
        side: the working side, or None when both sides work together.
        label: what moves, when an exercise has several kinds of rep (e.g. "leg").
    """

    index: int
    side: BodySide | None
    start_ms: float
    peak_start_ms: float
    peak_end_ms: float
    end_ms: float
    label: str = ""

    @property
    def hold_ms(self) -> float:
        """Time spent at the target pose (ms)."""
        return self.peak_end_ms - self.peak_start_ms


@dataclass(frozen=True, eq=False)
class Motion:
    """A keyframed motion.

    Attributes:
        times_ms: shape (K,), strictly increasing keyframe times.
        values: shape (K, NUM_CHANNELS), the pose at each keyframe.
    """

    times_ms: np.ndarray
    values: np.ndarray

    @property
    def duration_ms(self) -> float:
        """Time of the last keyframe (ms)."""
        return float(self.times_ms[-1])

    def sample(self, t_ms: np.ndarray) -> np.ndarray:
        """Poses at times `t_ms` (shape (T,)); returns shape (T, NUM_CHANNELS).

        Times before the first or after the last keyframe hold that keyframe's pose.
        """
        t = np.asarray(t_ms, dtype=np.float64)
        if len(self.times_ms) == 1:
            return np.repeat(self.values, len(t), axis=0)
        seg = np.clip(
            np.searchsorted(self.times_ms, t, side="right") - 1, 0, len(self.times_ms) - 2
        )
        t0, t1 = self.times_ms[seg], self.times_ms[seg + 1]
        s = min_jerk((t - t0) / (t1 - t0))[:, None]
        return self.values[seg] + s * (self.values[seg + 1] - self.values[seg])


class MotionBuilder:
    """Builds a `Motion` and its `Rep` marks step by step, starting at time 0."""

    def __init__(self, start: Pose) -> None:
        self._times: list[float] = [0.0]
        self._poses: list[Pose] = [start]
        self._reps: list[Rep] = []

    @property
    def now_ms(self) -> float:
        """Time of the last keyframe (ms)."""
        return self._times[-1]

    @property
    def pose(self) -> Pose:
        """The pose at the last keyframe."""
        return self._poses[-1]

    @property
    def reps(self) -> tuple[Rep, ...]:
        """The reps marked so far."""
        return tuple(self._reps)

    def move(self, pose: Pose, duration_ms: float) -> None:
        """Move to `pose` over `duration_ms` (> 0)."""
        if duration_ms <= 0:
            raise ValueError(f"duration_ms must be > 0, got {duration_ms}")
        self._times.append(self.now_ms + duration_ms)
        self._poses.append(pose)

    def hold(self, duration_ms: float) -> None:
        """Stay in the current pose for `duration_ms` (nothing happens when <= 0)."""
        if duration_ms > 0:
            self.move(self.pose, duration_ms)

    def rep(
        self,
        side: BodySide | None,
        target: Pose,
        out_ms: float,
        hold_ms: float,
        back_ms: float,
        back_to: Pose | None = None,
        label: str = "",
        via: tuple[Pose, Pose] | None = None,
        settle_ms: float = 0.0,
    ) -> Rep:
        """Move to `target`, hold, and return to `back_to` (default: the current pose).

        `via` gives a pose passed halfway out and one passed halfway back (e.g. the
        forward lean of standing up from a chair and of sitting down again).
        `settle_ms` is time held at `back_to` that still belongs to the rep (for a
        rep whose fault shows at the bottom, e.g. arms left bent after a pull-up).

        Returns:
            The recorded `Rep`.
        """
        home = self.pose if back_to is None else back_to
        start = self.now_ms
        self._move_via(None if via is None else via[0], target, out_ms)
        peak_start = self.now_ms
        self.hold(hold_ms)
        peak_end = self.now_ms
        self._move_via(None if via is None else via[1], home, back_ms)
        self.hold(settle_ms)
        mark = Rep(len(self._reps), side, start, peak_start, peak_end, self.now_ms, label)
        self._reps.append(mark)
        return mark

    def _move_via(self, via: Pose | None, pose: Pose, duration_ms: float) -> None:
        if via is None:
            self.move(pose, duration_ms)
        else:
            self.move(via, duration_ms / 2)
            self.move(pose, duration_ms / 2)

    def build(self) -> Motion:
        """The motion so far."""
        return Motion(np.asarray(self._times), np.stack([p.values for p in self._poses]))
