"""The held position of a demonstrated hold, and the metric that tells it.

The hold is the longest stretch (2 s or more) in which nearly every candidate
metric stays still: within 4 degrees, or 4 % of the torso length, of its own
running median over one second. The hold's metric is the candidate that
differs most from the rest of the demonstration (getting into and out of
position), in units of its jitter; a demonstration that is all hold has no
such contrast, and the trunk's lean from upright tells the position.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from formcheck.errors import UserError
from formcheck.learn.bank import CANDIDATES, BankReading, Candidate
from formcheck.learn.channels import Channel, channel
from formcheck.learn.driver import MIN_RANGE
from formcheck.learn.signals import frame_rate, longest_run
from formcheck.learn.sourced import Sourced, rounded, shown
from formcheck.learn.steady import MARGIN
from formcheck.spec.language import value_range

MIN_HOLD_S = 2.0
_STILL = {"degrees": 4.0, "torso_lengths": 0.04, "ratio": 0.04}
_STILL_SHARE = 0.85  # share of the metrics that must be still in a still frame
_WINDOW_S = 1.0
_BRIDGE_S = 0.5
_POSTURE = "trunk_lean"  # tells the position when nothing else does


@dataclass(frozen=True)
class HeldPosition:
    """The demonstrated hold.

    Attributes:
        metric: the metric that tells the position.
        frames: shape (N,), bool: the frames of the hold.
        low, high: the metric's 2.5th and 97.5th percentiles over the hold.
        outside: its median outside the hold, or None when the demonstration is all hold.
        seconds: the hold's length, s.
    """

    metric: Candidate
    frames: np.ndarray
    low: float
    high: float
    outside: float | None
    seconds: float


def _running_median(x: np.ndarray, width: int) -> np.ndarray:
    half = width // 2
    windows = np.lib.stride_tricks.sliding_window_view(np.pad(x, half, mode="edge"), 2 * half + 1)
    return np.median(windows, axis=1)


def _still_frames(channels: list[Channel], fps: float) -> np.ndarray:
    """Shape (N,), bool: frames where nearly every channel sits at its running median."""
    width = max(3, round(_WINDOW_S * fps))
    votes = []
    for c in channels:
        x = c.smoothed
        filled = np.where(np.isnan(x), np.nanmedian(x), x)
        votes.append((np.abs(x - _running_median(filled, width)) <= _STILL[c.candidate.unit])
                     & ~np.isnan(x))
    return np.mean(votes, axis=0) >= _STILL_SHARE


def find_hold(reading: BankReading, demo: str) -> HeldPosition:
    """The held position in `reading` (`demo` names the file in messages).

    Raises:
        UserError: no still stretch of `MIN_HOLD_S` seconds.
    """
    fps = frame_rate(reading.t_ms)
    channels = [channel(reading, c.name, "both") for c in CANDIDATES if c.unit in _STILL]
    channels = [c for c in channels if c.coverage >= 0.6]
    if not channels:
        raise UserError(f"{demo}: the body is not in view long enough to find a hold")
    start, end = longest_run(_still_frames(channels, fps), round(_BRIDGE_S * fps))
    seconds = (end - start) / fps
    if seconds < MIN_HOLD_S:
        raise UserError(f"{demo}: no steady hold: the body stays still for {seconds:.1f} s "
                        f"at most, and a hold needs {MIN_HOLD_S:g} s")
    frames = np.zeros(len(reading.t_ms), dtype=bool)
    frames[start:end] = True
    best: tuple[float, Channel, float] | None = None
    for c in channels:
        held, rest = c.smoothed[frames], c.smoothed[~frames]
        rest = rest[~np.isnan(rest)]
        if len(rest) < fps:
            continue
        gap = abs(float(np.median(rest)) - float(np.nanmedian(held)))
        if gap < MIN_RANGE[c.candidate.unit]:
            continue
        contrast = gap / max(c.noise, 1e-9)
        if best is None or contrast > best[0]:
            best = (contrast, c, float(np.median(rest)))
    chosen, outside = (best[1], best[2]) if best else (
        next(c for c in channels if c.candidate.name == _POSTURE), None)
    low, high = (float(v) for v in np.nanpercentile(chosen.smoothed[frames], [2.5, 97.5]))
    return HeldPosition(chosen.candidate, frames, low, high, outside, seconds)


def hold_fields(held: HeldPosition) -> dict[str, Sourced]:
    """The `[hold]` section's fields, each with its provenance."""
    unit = held.metric.unit
    reach = value_range(held.metric.metric)
    margin = MARGIN[unit]
    middle = (held.low + held.high) / 2
    if held.outside is not None:
        toward = 1.0 if held.outside > middle else -1.0
        edge = held.high if toward > 0 else held.low
        room = abs(held.outside - edge)
        enter_by, exit_by = min(margin, 0.4 * room), min(1.5 * margin, 0.6 * room)
        why = (f"between the held {shown(edge, unit)} and the "
               f"{shown(held.outside, unit)} outside the hold (median)")
    else:
        finite_low = reach.low if np.isfinite(reach.low) else middle - 1.0
        finite_high = reach.high if np.isfinite(reach.high) else middle + 1.0
        toward = 1.0 if middle - finite_low < finite_high - middle else -1.0
        edge = held.high if toward > 0 else held.low
        enter_by, exit_by = margin, 1.5 * margin
        why = (f"past the held {shown(edge, unit)}, the demonstration being all hold "
               f"(the margin: {shown(margin, unit)})")
    enter = rounded(float(np.clip(edge + toward * enter_by, reach.low, reach.high)), unit)
    exit_ = rounded(float(np.clip(edge + toward * exit_by, reach.low, reach.high)), unit)
    return {
        "metric": Sourced(held.metric.name, f"the {held.metric.label} tells the held position"
                          + (" from the moves into and out of it" if held.outside is not None
                             else "")),
        "enter": Sourced(enter, f"in position within {shown(enter, unit)}: {why}"),
        "exit": Sourced(exit_, f"out of position past {shown(exit_, unit)}, a little further"),
        "min_s": Sourced(MIN_HOLD_S, f"a stay in position shorter than {MIN_HOLD_S:g} s is not a "
                         "hold, as for the demonstration's own (one passed through while "
                         "getting into position is not)"),
    }
