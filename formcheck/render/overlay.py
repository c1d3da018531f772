"""Annotators: each draws one thing onto a BGR frame in place.

Coordinates arrive normalized (0..1) and are turned into pixels here, once.
Sizes scale with the frame (`size` 1.0 is about 40 px of line height on a
1000 px frame).
"""

from __future__ import annotations

import cv2
import numpy as np

from formcheck.analysis.results import FrameUpdate
from formcheck.pose.frame import PoseFrame
from formcheck.pose.landmarks import SKELETON_EDGES
from formcheck.render.gauges import Gauge
from formcheck.spec.language import ExerciseSpec

GOOD = (80, 200, 80)
FAULT = (40, 40, 230)
TEXT = (255, 255, 255)
PANEL = (30, 30, 30)
BANNER = (0, 200, 255)
ZONE_COLORS = {"rest": (150, 120, 90), "far": (90, 170, 90), "target": (60, 210, 60),
               "fault": (50, 50, 210)}
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


def mirrored(frame: np.ndarray) -> np.ndarray:
    """A left-right mirrored, C-contiguous copy of a frame (what a webcam user expects).

    ``cv2.flip`` is used because copying a numpy ``[:, ::-1]`` view is ~10x slower.
    """
    return cv2.flip(frame, 1)


def fit_width(frame: np.ndarray, max_width: int) -> np.ndarray:
    """`frame` shrunk (bilinear, aspect kept) to at most `max_width` pixels wide.

    Returns the frame itself when it is narrow enough, so copy before drawing.
    """
    h, w = frame.shape[:2]
    if w <= max_width:
        return frame
    return cv2.resize(frame, (max_width, round(h * max_width / w)), interpolation=cv2.INTER_LINEAR)


def draw_text(frame: np.ndarray, text: str, org: tuple[int, int], size: float,
              color: tuple[int, int, int] = TEXT) -> int:
    """Text with a dark outline at `org` (left end of the baseline, pixels).

    Returns:
        The line height in pixels.
    """
    scale = size * _scale(frame)
    thick = max(1, int(2 * scale))
    # The outline is the text shifted around, not a thicker stroke: with OpenCV 5's
    # font a thicker stroke also widens the letters, so the outline would not line up.
    x, y = org
    for dx, dy in ((-1, -1), (1, -1), (-1, 1), (1, 1)):
        cv2.putText(frame, text, (x + dx, y + dy), cv2.FONT_HERSHEY_SIMPLEX, scale, (0, 0, 0),
                    thick, cv2.LINE_AA)
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
        y += draw_text(frame, line, (x, y), 1.1)
    for name in key_metrics:
        value = update.values.get(name)
        if value is not None and np.isfinite(value):
            y += draw_text(frame, f"{name.replace('_', ' ')} {value:.0f}", (x, y), 0.8)
    message, color = (update.active_cue, FAULT) if update.active_cue else (update.guidance, TEXT)
    if message:
        draw_text(frame, message, (x, frame.shape[0] - int(30 * _scale(frame))), 1.0, color)


def band_height(frame: np.ndarray, text: str, size: float) -> int:
    """Height in pixels of the band :func:`draw_band` draws for `text` at `size`."""
    scale = size * _scale(frame)
    (_, th), base = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, scale, max(1, int(2 * scale)))
    return th + base + int(24 * _scale(frame))


def draw_band(frame: np.ndarray, text: str, top: int, size: float,
              color: tuple[int, int, int], background: tuple[int, int, int]) -> int:
    """A full-width band with centred text, its top at pixel row `top`.

    Returns:
        The band's height in pixels.
    """
    scale = size * _scale(frame)
    thick = max(1, int(2 * scale))
    (tw, _), base = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, scale, thick)
    height = band_height(frame, text, size)
    cv2.rectangle(frame, (0, top), (frame.shape[1], top + height), background, -1)
    x = max(0, (frame.shape[1] - tw) // 2)
    cv2.putText(frame, text, (x, top + height - base - int(12 * _scale(frame))),
                cv2.FONT_HERSHEY_SIMPLEX, scale, color, thick, cv2.LINE_AA)
    return height


def draw_gauge(frame: np.ndarray, gauge: Gauge, values: dict[str, float],
               org: tuple[int, int], width: int) -> int:
    """A metric's bar with its zones shaded and the current value(s) marked.

    Args:
        frame: BGR image, drawn on in place.
        gauge: what to draw (see :func:`formcheck.render.gauges.gauges_for`).
        values: the engine's smoothed values by label; NaN when not measured.
        org: top-left corner of the gauge, pixels.
        width: bar width, pixels.

    Returns:
        The gauge's height in pixels (title and bar).
    """
    s = _scale(frame)
    x0, y = org
    shown = [(label, values.get(label, np.nan)) for label in gauge.labels]
    readings = "  ".join(
        (f"{label.rsplit('.', 1)[1][0].upper()} " if len(shown) > 1 else "")
        + (f"{v:.0f}" if np.isfinite(v) else "--") for label, v in shown
    )
    draw_text(frame, f"{gauge.metric.replace('_', ' ')}  {readings}", (x0, y + int(25 * s)), 0.6)
    y += int(35 * s)
    bar_h = max(6, int(16 * s))
    span = gauge.high - gauge.low

    def px(v: float) -> int:
        return x0 + int(np.clip((v - gauge.low) / span, 0.0, 1.0) * width)

    cv2.rectangle(frame, (x0, y), (x0 + width, y + bar_h), PANEL, -1)
    for zone in gauge.zones:
        cv2.rectangle(frame, (px(zone.low), y), (px(zone.high), y + bar_h),
                      ZONE_COLORS[zone.kind], -1)
    cv2.rectangle(frame, (x0, y), (x0 + width, y + bar_h), TEXT, 1)
    for _, v in shown:
        if np.isfinite(v):
            cv2.rectangle(frame, (px(v) - max(2, int(3 * s)), y - int(5 * s)),
                          (px(v) + max(2, int(3 * s)), y + bar_h + int(5 * s)), TEXT, -1)
    return y + bar_h + int(12 * s) - org[1]
