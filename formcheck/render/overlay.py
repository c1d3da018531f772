"""Annotators: each draws one thing onto a BGR frame in place.

Coordinates arrive normalized (0..1) and are turned into pixels here, once.
Sizes scale with the frame through :func:`ui_unit` (1.0 on a 720 p picture),
with a floor so that a small frame still gets readable text.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from formcheck.pose.frame import PoseFrame
from formcheck.pose.landmarks import SKELETON_EDGES
from formcheck.render.gauges import Gauge
from formcheck.render.segments import Segment
from formcheck.render.text import line_height, put_text, text_size, wrap

GOOD = (80, 200, 80)
FAULT = (40, 40, 230)
TEXT = (255, 255, 255)
PANEL = (30, 30, 30)
BANNER = (0, 200, 255)
PARTIAL = (0, 170, 255)
ZONE_COLORS = {"rest": (150, 120, 90), "far": (90, 170, 90), "target": (60, 210, 60),
               "fault": (50, 50, 210)}
_VISIBLE = 0.5
_MIN_UNIT = 0.75  # a 560 px frame gets text no smaller than a 540 p one
MIN_TEXT_PX = 15
"""The smallest font size the HUD draws, pixels."""

def ui_unit(frame: np.ndarray) -> float:
    """The HUD's size unit for `frame`: 1.0 on a 720 p picture, at least 0.75."""
    return max(min(frame.shape[0], frame.shape[1]) / 720.0, _MIN_UNIT)


def font_px(frame: np.ndarray, size: float) -> int:
    """Font size in pixels for a HUD size (26 px at size 1.0 on a 720 p picture)."""
    return max(MIN_TEXT_PX, round(26 * size * ui_unit(frame)))


def _pixels(xy: np.ndarray, group: Sequence[int], w: int, h: int,
            visibility: np.ndarray | None) -> tuple[int, int] | None:
    """The mean of `group`'s landmarks in pixels; None when not all are placed (or, given
    `visibility`, seen)."""
    if visibility is not None and min(visibility[i] for i in group) < _VISIBLE:
        return None
    point = xy[list(group)].mean(axis=0)
    if not np.isfinite(point).all():
        return None
    return int(point[0] * w), int(point[1] * h)


def draw_skeleton(frame: np.ndarray, pose: PoseFrame, faulty: bool = False, mirror: bool = False,
                  highlight: Sequence[Segment] = ()) -> None:
    """Bones between visible landmarks, and the segments a failing check reads on top.

    Args:
        frame: BGR uint8 image, shape (H, W, 3), drawn on in place.
        pose: the landmarks (normalized image coordinates).
        faulty: draw every bone in the fault colour (report stills of a fault).
        mirror: the frame is shown mirrored, so mirror the landmarks too.
        highlight: segments drawn thick in the fault colour, wherever their landmarks
            are placed (a far limb the model is unsure of included).
    """
    h, w = frame.shape[:2]
    xy = pose.image_xy.copy()
    if mirror:
        xy[:, 0] = 1.0 - xy[:, 0]
    color = FAULT if faulty else GOOD
    thickness = max(2, round(3 * ui_unit(frame)))
    for a, b in SKELETON_EDGES:
        pa, pb = (_pixels(xy, (i,), w, h, pose.visibility) for i in (a, b))
        if pa is not None and pb is not None:
            cv2.line(frame, pa, pb, color, thickness, cv2.LINE_AA)
    for a, b in highlight:  # a check that failed measured them, even if the model doubts one
        pa, pb = (_pixels(xy, group, w, h, None) for group in (a, b))
        if pa is not None and pb is not None:
            cv2.line(frame, pa, pb, FAULT, 3 * thickness, cv2.LINE_AA)
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


def shade(frame: np.ndarray, box: tuple[int, int, int, int], color: tuple[int, int, int] = PANEL,
          opacity: float = 0.65) -> None:
    """Darken the box (x0, y0, x1, y1) of `frame` towards `color`, in place."""
    x0, y0, x1, y1 = max(0, box[0]), max(0, box[1]), min(frame.shape[1], box[2]), min(
        frame.shape[0], box[3])
    if x1 > x0 and y1 > y0:
        region = frame[y0:y1, x0:x1]
        cv2.addWeighted(region, 1.0 - opacity, np.full_like(region, color), opacity, 0.0,
                        dst=region)


def band_height(frame: np.ndarray, text: str, size: float) -> int:
    """Height in pixels of the band :func:`draw_band` draws for `text` at `size`."""
    px = font_px(frame, size)
    lines = wrap(text, px, frame.shape[1] - 2 * _band_margin(frame), bold=True)
    return len(lines) * line_height(px) + 2 * _band_margin(frame)


def _band_margin(frame: np.ndarray) -> int:
    return round(10 * ui_unit(frame))


def draw_band(frame: np.ndarray, text: str, top: int, size: float,
              color: tuple[int, int, int], background: tuple[int, int, int]) -> int:
    """A full-width band with centred bold text (wrapped to fit), its top at pixel row `top`.

    Returns:
        The band's height in pixels.
    """
    px = font_px(frame, size)
    margin = _band_margin(frame)
    lines = wrap(text, px, frame.shape[1] - 2 * margin, bold=True)
    height = band_height(frame, text, size)
    cv2.rectangle(frame, (0, top), (frame.shape[1], top + height - 1), background, -1)
    y = top + margin
    for line in lines:
        tw, th = text_size(line, px, bold=True, outline=False)
        put_text(frame, line, ((frame.shape[1] - tw) // 2, y + (line_height(px) - th) // 2), px,
                 color, bold=True, outline=False)
        y += line_height(px)
    return height


def draw_gauge(frame: np.ndarray, gauge: Gauge, values: Sequence[float],
               org: tuple[int, int], width: int) -> int:
    """A metric's bar with its zones shaded and the current value(s) marked.

    Args:
        frame: BGR image, drawn on in place.
        gauge: the bar's range and zones (see :func:`formcheck.render.gauges.gauges_for`).
        values: the current values in the metric's unit (one per side shown); NaN
            when not measured.
        org: top-left corner of the bar, pixels.
        width: bar width, pixels.

    Returns:
        The bar's height in pixels, with the room its value markers take.
    """
    u = ui_unit(frame)
    x0, y = org
    y += round(5 * u)
    bar_h = max(6, round(12 * u))
    span = gauge.high - gauge.low

    def px(v: float) -> int:
        return x0 + int(np.clip((v - gauge.low) / span, 0.0, 1.0) * width)

    cv2.rectangle(frame, (x0, y), (x0 + width, y + bar_h), PANEL, -1)
    for zone in gauge.zones:
        cv2.rectangle(frame, (px(zone.low), y), (px(zone.high), y + bar_h),
                      ZONE_COLORS[zone.kind], -1)
    cv2.rectangle(frame, (x0, y), (x0 + width, y + bar_h), TEXT, 1)
    for v in values:
        if np.isfinite(v):
            half = max(2, round(3 * u))
            cv2.rectangle(frame, (px(v) - half, y - round(5 * u)),
                          (px(v) + half, y + bar_h + round(5 * u)), TEXT, -1)
    return y + bar_h + round(10 * u) - org[1]
