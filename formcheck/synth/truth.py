"""Ground truth of a synthetic set as JSON-serializable data (stored in Track.meta)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from formcheck.pose.landmarks import Landmark
from formcheck.synth.keyframes import Rep


def frame_span(t_ms: np.ndarray, start_ms: float, end_ms: float) -> tuple[int, int]:
    """First and last frame index (inclusive) with a time inside [start_ms, end_ms];
    (-1, -1) when no frame falls inside."""
    inside = np.flatnonzero((t_ms >= start_ms) & (t_ms <= end_ms))
    return (int(inside[0]), int(inside[-1])) if len(inside) else (-1, -1)


def reps_per_side(reps: Sequence[Rep]) -> dict[str, int]:
    """Count of reps by side: keys "left", "right" and/or "both"."""
    counts = Counter("both" if r.side is None else str(r.side) for r in reps)
    return dict(sorted(counts.items()))


def rep_records(reps: Sequence[Rep], t_ms: np.ndarray) -> list[dict[str, object]]:
    """One JSON object per rep: side, label, times (ms) and frame span."""
    out = []
    for rep in reps:
        start_frame, end_frame = frame_span(t_ms, rep.start_ms, rep.end_ms)
        out.append(
            {
                "index": rep.index,
                "side": "both" if rep.side is None else str(rep.side),
                "label": rep.label,
                "start_ms": round(rep.start_ms, 3),
                "peak_start_ms": round(rep.peak_start_ms, 3),
                "peak_end_ms": round(rep.peak_end_ms, 3),
                "end_ms": round(rep.end_ms, 3),
                "start_frame": start_frame,
                "end_frame": end_frame,
            }
        )
    return out


def hold_records(reps: Sequence[Rep], t_ms: np.ndarray) -> list[dict[str, object]]:
    """One JSON object per hold (a rep's time at its target pose): times, duration, frames."""
    out = []
    for rep in reps:
        if rep.hold_ms <= 0:
            continue
        start_frame, end_frame = frame_span(t_ms, rep.peak_start_ms, rep.peak_end_ms)
        out.append(
            {
                "rep": rep.index,
                "side": "both" if rep.side is None else str(rep.side),
                "start_ms": round(rep.peak_start_ms, 3),
                "end_ms": round(rep.peak_end_ms, 3),
                "duration_s": round(rep.hold_ms / 1000, 3),
                "start_frame": start_frame,
                "end_frame": end_frame,
            }
        )
    return out


def near_side(first_frame: np.ndarray, camera_position: np.ndarray) -> str:
    """Which side of the body faces the camera: "left", "right" or "neither" (front/back view).

    Args:
        first_frame: shape (33, 3), lab positions (metres).
        camera_position: shape (3,), lab position of the camera (metres).
    """
    left = first_frame[Landmark.LEFT_HIP] - first_frame[Landmark.RIGHT_HIP]
    to_camera = (
        camera_position - (first_frame[Landmark.LEFT_HIP] + first_frame[Landmark.RIGHT_HIP]) / 2
    )
    cosine = float(left @ to_camera / (np.linalg.norm(left) * np.linalg.norm(to_camera)))
    if cosine > 0.5:
        return "left"
    if cosine < -0.5:
        return "right"
    return "neither"
