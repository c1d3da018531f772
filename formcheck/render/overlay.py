"""Annotators: each draws one thing onto a BGR frame in place.

Coordinates arrive normalized (0..1) and are turned into pixels here, once.
"""

from __future__ import annotations

import cv2
import numpy as np

from formcheck.engine import FrameUpdate
from formcheck.pose.frame import PoseFrame
from formcheck.pose.landmarks import SKELETON_EDGES
from formcheck.spec.model import ExerciseSpec

GOOD = (80, 200, 80)
FAULT = (40, 40, 230)
TEXT = (255, 255, 255)
PANEL = (30, 30, 30)
_VISIBLE = 0.5


def _scale(frame: np.ndarray) -> float:
    return max(frame.shape[0], frame.shape[1]) / 1000.0


def draw_skeleton(frame: np.ndarray, pose: PoseFrame, faulty: bool, mirror: bool = False) -> None:
    """Bones between visible landmarks; red while a fault is active, green otherwise."""
    h, w = frame.shape[:2]
    xy = pose.image_xy.copy()
    if mirror:
        xy[:, 0] = 1.0 - xy[:, 0]
    color = FAULT if faulty else GOOD
    thickness = max(2, int(3 * _scale(frame)))
    for a, b in SKELETON_EDGES:
        if min(pose.visibility[a], pose.visibility[b]) < _VISIBLE:
            continue
        pa, pb = xy[a], xy[b]
        if not (np.isfinite(pa).all() and np.isfinite(pb).all()):
            continue
        cv2.line(frame, (int(pa[0] * w), int(pa[1] * h)), (int(pb[0] * w), int(pb[1] * h)),
                 color, thickness, cv2.LINE_AA)
    for i in np.flatnonzero(pose.visibility >= _VISIBLE):
        if np.isfinite(xy[i]).all():
            cv2.circle(frame, (int(xy[i, 0] * w), int(xy[i, 1] * h)), thickness + 1, TEXT, -1)


def _text(frame: np.ndarray, text: str, org: tuple[int, int], size: float, color=TEXT) -> int:
    """Text with a dark outline; returns the line height in pixels."""
    scale = size * _scale(frame)
    thick = max(1, int(2 * scale))
    cv2.putText(frame, text, org, cv2.FONT_HERSHEY_SIMPLEX, scale, (0, 0, 0), thick + 3,
                cv2.LINE_AA)
    cv2.putText(frame, text, org, cv2.FONT_HERSHEY_SIMPLEX, scale, color, thick, cv2.LINE_AA)
    return int(40 * scale)


def counter_lines(spec: ExerciseSpec, update: FrameUpdate) -> list[str]:
    """Rep counts per side and the hold timer as short lines of text."""
    lines = []
    if spec.rep is not None:
        counts = update.counts
        if set(counts) == {"both"}:
            lines.append(f"Reps {counts['both']}")
        else:
            lines.append("Reps " + "  ".join(f"{s[0].upper()} {n}" for s, n in counts.items()))
    if spec.hold is not None:
        lines.append(f"Hold {update.hold_s:4.1f} s")
    return lines


def draw_status(frame: np.ndarray, spec: ExerciseSpec, update: FrameUpdate,
                key_metrics: tuple[str, ...] = ()) -> None:
    """Counters and key metric values at the top left; the active cue or guidance at the bottom."""
    y = int(45 * _scale(frame))
    x = int(15 * _scale(frame))
    for line in counter_lines(spec, update):
        y += _text(frame, line, (x, y), 1.1)
    for name in key_metrics:
        value = update.values.get(name)
        if value is not None and np.isfinite(value):
            y += _text(frame, f"{name.replace('_', ' ')} {value:.0f}", (x, y), 0.8)
    message, color = (update.active_cue, FAULT) if update.active_cue else (update.guidance, TEXT)
    if message:
        _text(frame, message, (x, frame.shape[0] - int(30 * _scale(frame))), 1.0, color)
