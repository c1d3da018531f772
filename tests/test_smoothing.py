"""The One-Euro filter's steady channels: a fixed low-pass for postures held still."""

from __future__ import annotations

import math

import numpy as np
import pytest

from formcheck.analysis.smoothing import OneEuroFilter


def _run(filt: OneEuroFilter, signal: np.ndarray, fps: float = 30.0) -> np.ndarray:
    return np.array([filt.step(1000.0 * k / fps, x) for k, x in enumerate(signal)])


def test_a_steady_channel_removes_jitter_the_speed_following_one_lets_through() -> None:
    """A level held still with 10-degree jitter: the speed-following cut-off rises with the
    jitter's own speed and passes most of it; a 0.3 Hz steady cut-off removes most of it."""
    rng = np.random.default_rng(0)
    noisy = 10.0 * rng.standard_normal(600)
    out = _run(OneEuroFilter(2, steady_hz=np.array([math.nan, 0.3])),
               np.stack([noisy, noisy], axis=1))
    follow, steady = out[60:, 0].std(), out[60:, 1].std()
    assert follow > 5.0
    assert steady < 0.4 * follow


def test_a_steady_channel_follows_a_held_change_within_its_lag() -> None:
    """A 12-degree change held for 3 s reaches 90 % of its size within about
    2.3 time constants (1/(2 pi 0.3 Hz) = 0.53 s) and stays there."""
    signal = np.r_[np.zeros(30), np.full(90, 12.0)][:, None]
    out = _run(OneEuroFilter(1, steady_hz=np.array([0.3])), signal)[:, 0]
    assert out[30 + 40] > 0.9 * 12.0
    assert out[-1] == pytest.approx(12.0, abs=0.1)


def test_steady_cut_offs_must_match_the_channels() -> None:
    with pytest.raises(ValueError, match="steady_hz"):
        OneEuroFilter(3, steady_hz=np.array([0.3]))


def test_a_steady_channel_is_not_pulled_toward_its_first_sample() -> None:
    """A start (or a restart after a gap) on one wild sample: the steady channel is the
    mean of the samples seen so far, so ten frames on it is within a tenth or so of the
    wild value, where a low-pass started on that sample would still be over half of it."""
    signal = np.r_[30.0, np.zeros(9)][:, None]
    out = _run(OneEuroFilter(1, steady_hz=np.array([0.3])), signal)[:, 0]
    assert out[-1] < 5.0
