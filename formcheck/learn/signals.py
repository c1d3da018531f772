"""Cleaning one metric's series for learning: short gaps filled, jitter smoothed, noise sized."""

from __future__ import annotations

import warnings

import numpy as np

_MAX_FILL_S = 0.6  # gaps bridged by a straight line, s (the rep counter's default max_gap_s)
_MEDIAN_FRAMES = 5  # a 5-frame running median removes single-frame spikes
_MEAN_S = 0.2  # then a running mean over 0.2 s takes out the jitter, keeping each rep's shape


def frame_rate(t_ms: np.ndarray) -> float:
    """Frames per second from frame times (ms, shape (N,)); 30 when fewer than two frames."""
    steps = np.diff(t_ms)
    steps = steps[steps > 0]
    return 1000.0 / float(np.median(steps)) if len(steps) else 30.0


def fill_gaps(x: np.ndarray, fps: float) -> np.ndarray:
    """`x` (shape (N,)) with inner NaN runs up to 0.6 s long filled by straight lines."""
    x = np.array(x, dtype=float)
    seen = np.flatnonzero(~np.isnan(x))
    if len(seen) < 2:
        return x
    longest = _MAX_FILL_S * fps
    for a, b in zip(seen[:-1], seen[1:], strict=True):
        if 1 < b - a <= longest + 1:
            x[a + 1:b] = np.interp(np.arange(a + 1, b), [a, b], [x[a], x[b]])
    return x


def _running(x: np.ndarray, width: int, reduce) -> np.ndarray:
    half = width // 2
    padded = np.pad(x, half, constant_values=np.nan)
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1)
    with np.errstate(all="ignore"):
        out = reduce(windows, axis=1)
    return np.where(np.isnan(x), np.nan, out)


def smooth(x: np.ndarray, fps: float) -> np.ndarray:
    """`x` (shape (N,)) gap-filled, then a running median and a running mean; NaN stays NaN."""
    filled = fill_gaps(x, fps)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        medians = _running(filled, _MEDIAN_FRAMES, np.nanmedian)
        return _running(medians, max(1, round(_MEAN_S * fps)), np.nanmean)


def jitter(x: np.ndarray) -> float:
    """Frame-to-frame noise of a raw series, in its unit: a robust std of one frame's error.

    Half the median absolute step between consecutive seen frames, scaled to a
    standard deviation (1.4826 / sqrt 2); motion adds little at video frame rates.
    """
    steps = np.abs(np.diff(x))
    steps = steps[~np.isnan(steps)]
    return float(1.4826 * np.median(steps) / np.sqrt(2.0)) if len(steps) else float("nan")


def longest_run(mask: np.ndarray, bridge: int = 0) -> tuple[int, int]:
    """(start, end) frame indices (end exclusive) of the longest True run of `mask`
    (shape (N,), bool), bridging inner False runs of up to `bridge` frames."""
    mask = mask.copy()
    false = np.flatnonzero(~mask)
    runs = np.split(false, np.flatnonzero(np.diff(false) > 1) + 1) if len(false) else []
    for run in runs:
        if len(run) and run[0] > 0 and run[-1] < len(mask) - 1 and len(run) <= bridge:
            mask[run] = True
    best, start = (0, 0), None
    for i, still in enumerate([*mask, False]):
        if still and start is None:
            start = i
        elif not still and start is not None:
            if i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    return best
