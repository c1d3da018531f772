"""The series the engine would read for a candidate: one side, the other, or both together."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from formcheck.learn.bank import BankReading, Candidate
from formcheck.learn.signals import frame_rate, jitter, smooth


@dataclass(frozen=True)
class Channel:
    """One candidate read one way over the demonstration.

    Attributes:
        candidate: the metric.
        side: "left", "right", or "both" (the two sides' mean where both are seen,
            else the one seen: the engine's ``side = "mean"``; the only reading of an
            unsided metric).
        raw: shape (N,), values in the candidate's unit, NaN where not seen.
        smoothed: shape (N,), the same gap-filled and smoothed (see `signals.smooth`).
        noise: frame-to-frame jitter of `raw`, in the candidate's unit.
    """

    candidate: Candidate
    side: str
    raw: np.ndarray
    smoothed: np.ndarray
    noise: float

    @property
    def coverage(self) -> float:
        """Share of frames with a value (0..1)."""
        return float(np.mean(~np.isnan(self.raw))) if len(self.raw) else 0.0


def channel(reading: BankReading, name: str, side: str) -> Channel:
    """Candidate `name` of `reading` on `side` ("left", "right" or "both")."""
    values = reading.values[name]
    if side == "both":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            raw = np.nanmean(values, axis=1)
    else:
        raw = values[:, 0 if side == "left" else 1]
    fps = frame_rate(reading.t_ms)
    return Channel(reading.candidates[name], side, raw, smooth(raw, fps), jitter(raw))
