"""One-Euro filtering of metric signals, with gap handling.

The One-Euro filter (Casiez, Roussel & Vogel, CHI 2012) is a low-pass filter
whose cut-off rises with the signal's speed: it removes landmark jitter when the
body is still and follows fast movement with little lag, so reps are not delayed.
It runs on many channels at once; NaN inputs (landmark not seen) pass through as
NaN, and a channel whose gap is longer than `reset_after_ms` restarts fresh.

A channel that is a posture held still rather than a movement (e.g. a hip line
whose far end is hidden, where the jitter is larger than the fault frame by
frame) can instead be "steady": the mean of its samples since it (re)started,
older samples fading with a fixed time constant. Weighted by the samples seen, it
is not pulled toward the first (noisy) sample after a start or a gap.
"""

from __future__ import annotations

import math

import numpy as np


class OneEuroFilter:
    """Vectorised One-Euro filter over a fixed number of channels.

    Args:
        channels: number of independent signals (shape of each step's input).
        min_cutoff_hz: cut-off when the signal is still; lower = smoother.
        beta: how fast the cut-off rises with speed (per unit of signal per second).
        d_cutoff_hz: cut-off of the speed estimate.
        reset_after_ms: a channel unseen for longer than this restarts from its
            next value instead of blending across the gap.
        steady_hz: shape (channels,), per channel the cut-off (Hz) of a steady
            channel's fading mean (time constant 1/(2 pi steady_hz) s), NaN for a
            speed-following channel; None = every channel follows speed.
    """

    def __init__(
        self,
        channels: int,
        min_cutoff_hz: float = 1.5,
        beta: float = 0.05,
        d_cutoff_hz: float = 1.0,
        reset_after_ms: float = 300.0,
        steady_hz: np.ndarray | None = None,
    ) -> None:
        self.min_cutoff_hz = min_cutoff_hz
        self.beta = beta
        self.d_cutoff_hz = d_cutoff_hz
        self.reset_after_ms = reset_after_ms
        steady = np.full(channels, np.nan) if steady_hz is None else np.asarray(steady_hz, float)
        if steady.shape != (channels,):
            raise ValueError(f"steady_hz must have shape ({channels},), got {steady.shape}")
        self._steady_hz = steady
        self._steady = np.isfinite(steady)
        self._weight = np.zeros(channels)  # steady channels: faded count of samples
        self._x = np.full(channels, np.nan)
        self._dx = np.zeros(channels)
        self._t_ms = np.full(channels, np.nan)

    def step(self, t_ms: float, x: np.ndarray) -> np.ndarray:
        """Filter one sample per channel taken at time `t_ms` (milliseconds); shape (channels,)."""
        x = np.asarray(x, dtype=np.float64)
        seen = np.isfinite(x)
        gap = t_ms - self._t_ms
        fresh = seen & (~np.isfinite(self._x) | ~(gap <= self.reset_after_ms))
        cont = seen & ~fresh
        out = np.full_like(x, np.nan)
        out[fresh] = x[fresh]
        self._dx[fresh] = 0.0
        self._weight[fresh] = 1.0
        held = cont & self._steady
        if held.any():
            fade = np.exp(-2.0 * math.pi * self._steady_hz[held] * gap[held] / 1000.0)
            weight = fade * self._weight[held] + 1.0
            out[held] = self._x[held] + (x[held] - self._x[held]) / weight
            self._weight[held] = weight
        cont &= ~self._steady
        if cont.any():
            dt = np.maximum(gap[cont], 1e-3) / 1000.0
            dx = (x[cont] - self._x[cont]) / dt
            a_d = 1.0 / (1.0 + 1.0 / (2.0 * math.pi * self.d_cutoff_hz * dt))
            dx_hat = a_d * dx + (1 - a_d) * self._dx[cont]
            cutoff = self.min_cutoff_hz + self.beta * np.abs(dx_hat)
            a = 1.0 / (1.0 + 1.0 / (2.0 * math.pi * cutoff * dt))
            out[cont] = a * x[cont] + (1 - a) * self._x[cont]
            self._dx[cont] = dx_hat
        self._x[seen] = out[seen]
        self._t_ms[seen] = t_ms
        return out
