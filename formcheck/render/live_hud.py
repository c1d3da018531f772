"""The live window's heads-up display, drawn over the (mirrored) camera image."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import cv2
import numpy as np

from formcheck.render.gauges import Gauge
from formcheck.render.overlay import (
    BANNER,
    FAULT,
    PANEL,
    TEXT,
    band_height,
    draw_band,
    draw_gauge,
    draw_text,
)

KEYS_HELP = "space pause   n next set   r recalibrate   q quit"


@dataclass(frozen=True)
class HudState:
    """Everything the live window shows besides the image and the skeleton.

    Attributes:
        title: the exercise's name.
        set_line: e.g. "Set 2 of 3".
        progress: e.g. "7 of 10 reps" or "1 of 3 holds".
        counts: counted reps per side ("both", or "left"/"right").
        hold_s: good-form seconds of the hold in progress, or None for an
            exercise without holds.
        hold_target_s: prescribed hold, s (0 = none).
        cue: the current form cue, shown large, or None.
        banner: guidance or the session's stage message, or None.
        stats: a short line about frame rate and drops.
        gauges: metrics to show with their target zones.
        values: the engine's smoothed values by label.
    """

    title: str
    set_line: str
    progress: str
    counts: dict[str, int] = field(default_factory=dict)
    hold_s: float | None = None
    hold_target_s: float = 0.0
    cue: str | None = None
    banner: str | None = None
    stats: str = ""
    gauges: tuple[Gauge, ...] = ()
    values: dict[str, float] = field(default_factory=dict)


def _counts_line(counts: dict[str, int]) -> str | None:
    """Reps per side; None for a single counter (the progress line has its total)."""
    if set(counts) <= {"both"}:
        return None
    return "Reps  " + "   ".join(f"{side[0].upper()} {n}" for side, n in counts.items())


def hold_line(hold_s: float, target_s: float) -> str:
    """The hold timer: a countdown of good-form seconds to the target, or the seconds held.

    >>> hold_line(12.3, 30.0), hold_line(30.2, 30.0), hold_line(4.0, 0.0)
    ('Hold 18 s to go', 'Hold done', 'Hold 4.0 s')
    """
    if not target_s:
        return f"Hold {hold_s:.1f} s"
    left = math.ceil(target_s - hold_s)
    return f"Hold {left} s to go" if left > 0 else "Hold done"


def draw_hud(frame: np.ndarray, hud: HudState) -> None:
    """Draw the panel, gauges, banner, large cue and help line on `frame` in place.

    Args:
        frame: BGR uint8 image, shape (H, W, 3), already mirrored if wanted.
        hud: what to show.
    """
    h, w = frame.shape[:2]
    s = max(h, w) / 1000.0
    panel_w = int(min(w * 0.42, 430 * s))
    lines = [hud.title, hud.set_line, hud.progress, _counts_line(hud.counts)]
    if hud.hold_s is not None:
        lines.append(hold_line(hud.hold_s, hud.hold_target_s))
    lines = [line for line in lines if line]
    line_h = int(40 * s)
    gauge_h = int(64 * s)
    panel_h = int(20 * s) + line_h * len(lines) + gauge_h * len(hud.gauges)
    panel = frame[:panel_h, :panel_w]
    cv2.addWeighted(panel, 0.35, np.full_like(panel, PANEL), 0.65, 0.0, dst=panel)
    x, y = int(12 * s), int(10 * s)
    for i, line in enumerate(lines):
        y += draw_text(frame, line, (x, y + line_h - int(8 * s)), 1.0 if i else 0.8)
    for gauge in hud.gauges:
        y += draw_gauge(frame, gauge, hud.values, (x, y), panel_w - 2 * x)
    if hud.stats:
        draw_text(frame, hud.stats, (max(x, w - int(330 * s)), int(30 * s)), 0.5)
    # banner and cue stack up from the help line, so they cover the legs, not the face
    bottom = h - int(40 * s)
    for text, size, color, background in ((hud.banner, 0.9, (0, 0, 0), BANNER),
                                          (hud.cue, 1.5, TEXT, FAULT)):
        if text:
            bottom -= band_height(frame, text, size)
            draw_band(frame, text, bottom, size, color, background)
    draw_text(frame, KEYS_HELP, (x, h - int(12 * s)), 0.5)
