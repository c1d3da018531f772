"""The heads-up display: one drawing for the live window and the annotated video.

:func:`draw_hud` takes a frame, the landmarks and a plain :class:`HudState`
holding only words, numbers and landmark indices; it knows nothing of the engine
or the exercise file. :class:`formcheck.render.hud_feed.HudFeed` makes the state
from the engine's frame updates.

Layout: a panel at the top left (exercise, set progress, reps per side, the hold
countdown, the key metrics with their target zones), a "rep counted" or
"partial rep" mark at the top centre, and at the bottom, stacked up from the
help line, the guidance banner and above it the cue band (red, large) for as
long as the fault lasts. For an exercise on the floor, whose body fills the
lower part of the picture, the bands go at the top instead, above the rest.
Debugging figures go at the top right, only when asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from formcheck.pose.frame import PoseFrame
from formcheck.render.gauges import Gauge
from formcheck.render.overlay import (
    BANNER,
    FAULT,
    GOOD,
    PARTIAL,
    TEXT,
    band_height,
    draw_band,
    draw_gauge,
    draw_skeleton,
    font_px,
    shade,
    ui_unit,
)
from formcheck.render.segments import Segment
from formcheck.render.text import line_height, put_text, text_size, wrap

CUE_SIZE = 1.5
"""HUD size of the cue band's text (39 px on a 720 p picture)."""


@dataclass(frozen=True)
class Reading:
    """One metric as a person reads it.

    Attributes:
        label: its short human name ("knee angle").
        text: its current value(s) in words and units ("92°", "left 12 cm  right 10 cm").
        gauge: its bar with the target and fault zones, or None for no bar.
        values: the values marked on the bar, in the metric's unit (NaN: not seen).
    """

    label: str
    text: str
    gauge: Gauge | None = None
    values: tuple[float, ...] = ()


@dataclass(frozen=True)
class HoldClock:
    """A hold in progress, counted down towards its target.

    Attributes:
        done_s: good-form seconds held so far.
        target_s: seconds asked for (0: none; then it counts up).
        running: False while a fault stops the clock.
    """

    done_s: float
    target_s: float
    running: bool


@dataclass(frozen=True)
class RepMark:
    """The confirmation shown for a moment when a rep attempt ends.

    Attributes:
        text: e.g. "Rep 7 counted" or "Partial rep: go further".
        counted: True for a counted rep (green), False for one that was not (amber).
    """

    text: str
    counted: bool


@dataclass(frozen=True)
class HudState:
    """Everything the HUD shows besides the picture and the skeleton; plain words only.

    Attributes:
        title: the exercise's name.
        progress: where the set stands, e.g. "Set 2 of 3 · 7 of 10 each side".
        counts: reps per side, e.g. "Left 4 · Right 3" ("" for one counter).
        rep_mark: a rep that just ended, or None.
        hold: the hold in progress, or None.
        cue: the current form cue, shown large in the cue band, or None.
        banner: guidance or the session's stage message, or None.
        readings: the one or two metrics that matter now.
        fault_segments: body segments a failing check reads, drawn in red.
        debug: debugging figures (frame rate, view, ...), drawn only with `show_debug`.
        show_debug: draw `debug`.
        help_line: keys help at the very bottom ("" for none).
        bands_on_top: put the cue band and the banner at the top of the picture
            (for exercises on the floor, so they do not hide the body).
    """

    title: str = ""
    progress: str = ""
    counts: str = ""
    rep_mark: RepMark | None = None
    hold: HoldClock | None = None
    cue: str | None = None
    banner: str | None = None
    readings: tuple[Reading, ...] = ()
    fault_segments: tuple[Segment, ...] = ()
    debug: tuple[str, ...] = ()
    show_debug: bool = False
    help_line: str = ""
    bands_on_top: bool = False


def hold_text(hold: HoldClock) -> str:
    """The hold line: "Hold 12 s left", "Hold done", "Hold 8 s" or "Hold paused: 12 s left"."""
    if hold.target_s > 0:
        left = max(0.0, hold.target_s - hold.done_s)
        words = "done" if left == 0 else f"{np.ceil(left):.0f} s left"
    else:
        words = f"{hold.done_s:.0f} s"
    return f"Hold {words}" if hold.running or words == "done" else f"Hold paused: {words}"


def hud_texts(hud: HudState) -> list[str]:
    """Every string :func:`draw_hud` draws for `hud`, in drawing order."""
    texts = [hud.title, hud.progress, hud.counts]
    if hud.hold is not None:
        texts.append(hold_text(hud.hold))
    for reading in hud.readings:
        texts.append(f"{reading.label}  {reading.text}")
    if hud.rep_mark is not None:
        texts.append(hud.rep_mark.text)
    if hud.show_debug:
        texts.extend(hud.debug)
    texts += [hud.banner or "", hud.cue or "", hud.help_line]
    return [t for t in texts if t]


def draw_hud(frame: np.ndarray, hud: HudState, pose: PoseFrame | None = None, *,
             mirror: bool = False) -> None:
    """Draw the skeleton (faulty segments in red) and the HUD on `frame` in place.

    Args:
        frame: BGR uint8 image, shape (H, W, 3); already mirrored if `mirror`.
        hud: what to show.
        pose: the person's landmarks, or None to draw no skeleton.
        mirror: the frame is mirrored (the landmarks are mirrored to match).
    """
    if pose is not None:
        draw_skeleton(frame, pose, mirror=mirror, highlight=hud.fault_segments)
    top = _draw_bands(frame, hud)
    panel = _draw_panel(frame, hud, top)
    if hud.rep_mark is not None:
        _draw_rep_mark(frame, hud.rep_mark, top, panel)
    if hud.show_debug and hud.debug:
        _draw_debug(frame, hud.debug, top)


def _draw_panel(frame: np.ndarray, hud: HudState, top: int) -> tuple[int, int]:
    """The panel at the top left, its top at row `top`; lines too long for the frame wrap.

    Returns:
        (right, bottom): the panel's right edge and bottom row, pixels.
    """
    u = ui_unit(frame)
    pad = round(10 * u)
    big, body, small = font_px(frame, 1.1), font_px(frame, 0.9), font_px(frame, 0.75)
    lines: list[tuple[str, int, tuple[int, int, int]]] = [
        (t, px, TEXT) for t, px in ((hud.title, small), (hud.progress, big), (hud.counts, body))
        if t]
    if hud.hold is not None:
        lines.append((hold_text(hud.hold), big, GOOD if hud.hold.running else PARTIAL))
    readings = [(f"{r.label}  {r.text}", r) for r in hud.readings]
    width = max([text_size(t, px)[0] for t, px, _ in lines]
                + [text_size(t, small)[0] for t, _ in readings] + [round(220 * u)])
    width = min(width, frame.shape[1] - 3 * pad)
    rows = [(part, px, color) for text, px, color in lines for part in wrap(text, px, width)]
    gauge_h = round(27 * u)
    parts = [(wrap(text, small, width), reading) for text, reading in readings]
    height = (sum(line_height(px) for _, px, _ in rows)
              + sum(len(texts) * line_height(small) + gauge_h for texts, _ in parts) + 2 * pad)
    if hud.hold is not None:
        height += gauge_h
    shade(frame, (0, top, width + 2 * pad, top + height))
    y = top + pad
    for text, px, color in rows:
        put_text(frame, text, (pad, y), px, color)
        y += line_height(px)
    if hud.hold is not None:
        y += _draw_hold_bar(frame, hud.hold, (pad, y), width)
    for texts, reading in parts:
        for text in texts:
            put_text(frame, text, (pad, y), small)
            y += line_height(small)
        if reading.gauge is not None:
            draw_gauge(frame, reading.gauge, reading.values, (pad, y), width)
        y += gauge_h
    return width + 2 * pad, top + height


def _draw_hold_bar(frame: np.ndarray, hold: HoldClock, org: tuple[int, int], width: int) -> int:
    """The share of the hold done, as a filling bar; returns its height with room, pixels."""
    u = ui_unit(frame)
    x, y = org
    bar_h = max(6, round(12 * u))
    done = 1.0 if hold.target_s <= 0 else min(1.0, hold.done_s / hold.target_s)
    cv2.rectangle(frame, (x, y), (x + width, y + bar_h), (60, 60, 60), -1)
    cv2.rectangle(frame, (x, y), (x + int(done * width), y + bar_h),
                  GOOD if hold.running else PARTIAL, -1)
    cv2.rectangle(frame, (x, y), (x + width, y + bar_h), TEXT, 1)
    return round(27 * u)


def _draw_rep_mark(frame: np.ndarray, mark: RepMark, top: int, panel: tuple[int, int]) -> None:
    """The mark at the top centre, else centred right of the panel (`panel`: its right edge
    and bottom), else under it when the frame is too narrow for both side by side."""
    u = ui_unit(frame)
    px = font_px(frame, 1.2)
    text = ("✓ " if mark.counted else "") + mark.text
    tw, th = text_size(text, px, bold=True, outline=False)
    pad = round(10 * u)
    x = (frame.shape[1] - tw) // 2
    y = top + round(12 * u)
    if x - 2 * pad < panel[0]:
        x = panel[0] + (frame.shape[1] - panel[0] - tw) // 2
    if x - 2 * pad < panel[0]:
        x, y = max(2 * pad, (frame.shape[1] - tw) // 2), panel[1] + pad
    box = (x - 2 * pad, y, x + tw + 2 * pad, y + th + 2 * pad)
    cv2.rectangle(frame, box[:2], box[2:], GOOD if mark.counted else PARTIAL, -1)
    put_text(frame, text, (x, y + pad), px, (255, 255, 255) if mark.counted else (0, 0, 0),
             bold=True, outline=False)


def _draw_debug(frame: np.ndarray, lines: Sequence[str], top: int) -> None:
    u = ui_unit(frame)
    px = font_px(frame, 0.6)
    pad = round(8 * u)
    width = max(text_size(t, px)[0] for t in lines)
    x = frame.shape[1] - width - pad
    shade(frame, (x - pad, top, frame.shape[1], top + len(lines) * line_height(px) + 2 * pad))
    for i, line in enumerate(lines):
        put_text(frame, line, (x, top + pad + i * line_height(px)), px, (200, 200, 200))


def _draw_bands(frame: np.ndarray, hud: HudState) -> int:
    """The help line at the bottom; the banner and the cue band stacked up from it (over the
    legs, not the face), or down from the top with `bands_on_top`.

    Returns:
        The pixel row below the bands at the top (0 when they are at the bottom).
    """
    u = ui_unit(frame)
    bottom = frame.shape[0]
    if hud.help_line:
        px = font_px(frame, 0.6)
        bottom -= line_height(px) + round(6 * u)
        put_text(frame, hud.help_line, (round(10 * u), bottom + round(3 * u)), px)
    bands = [(text, size, color, background) for text, size, color, background in (
        (hud.banner, 1.0, (0, 0, 0), BANNER), (hud.cue, CUE_SIZE, TEXT, FAULT)) if text]
    if hud.bands_on_top:
        top = 0
        for text, size, color, background in reversed(bands):  # the cue at the very top
            top += draw_band(frame, text, top, size, color, background)
        return top
    for text, size, color, background in bands:
        bottom -= band_height(frame, text, size)
        draw_band(frame, text, bottom, size, color, background)
    return 0
