"""The live window's full-screen moments: loading, set-up, rest and the session's end.

Each draws a centred panel of text lines over a BGR frame in place; sizes scale
with the frame as the HUD's do (`size` 1.0 is about 40 px of line height on a
1000 px frame).
"""

from __future__ import annotations

import numpy as np

from formcheck.render.overlay import BANNER, GOOD, PANEL, TEXT
from formcheck.render.text import line_height, put_text, text_size, wrap

Line = tuple[str, float, tuple[int, int, int]]
"""A panel line: text, size, BGR colour."""


def _font_px(frame: np.ndarray, size: float) -> int:
    """Font size in pixels for `size` (1.0: about 30 px on a 1000 px frame, 15 px at least)."""
    return max(15, int(30 * size * max(frame.shape[0], frame.shape[1]) / 1000.0))


def draw_panel(frame: np.ndarray, lines: list[Line], top: float = 0.12) -> None:
    """A dark, see-through panel across the frame with centred, wrapped lines.

    Args:
        frame: BGR uint8 image, shape (H, W, 3), drawn on in place.
        lines: the lines, top to bottom.
        top: the panel's top as a share of the frame's height.
    """
    h, w = frame.shape[:2]
    margin = max(8, int(24 * max(h, w) / 1000.0))
    inner = w - 4 * margin
    rows = [(part, _font_px(frame, size), colour) for text, size, colour in lines
            for part in wrap(text, _font_px(frame, size), inner)]
    y0 = int(h * top)
    y1 = min(h, y0 + sum(line_height(px) for _, px, _ in rows) + 2 * margin)
    box = frame[y0:y1, margin:w - margin]
    box[:] = (box * 0.25 + np.array(PANEL) * 0.75).astype(np.uint8)
    y = y0 + margin
    for text, px, colour in rows:
        x = max(margin, (w - text_size(text, px)[0]) // 2)
        put_text(frame, text, (x, y), px, colour)
        y += line_height(px)


def loading_screen(size: tuple[int, int], title: str, setup: list[str]) -> np.ndarray:
    """A dark frame saying the model is starting, with the camera set-up to read meanwhile.

    Args:
        size: (width, height) in pixels.
        title: the exercise's name.
        setup: the set-up lines (see :func:`formcheck.live.setup.camera_setup`).
    """
    frame = np.full((size[1], size[0], 3), 40, np.uint8)
    draw_panel(frame, [(title, 1.2, TEXT), ("Starting the pose model...", 0.9, BANNER),
                       ("While it loads, set up the camera:", 0.8, TEXT),
                       *((line, 0.8, TEXT) for line in setup)], top=0.2)
    return frame


def draw_setup(frame: np.ndarray, title: str, setup: list[str], status: str | None,
               ready: str) -> None:
    """The set-up step: where the camera goes, and what is still missing (`status`).

    Args:
        frame: BGR image, drawn on in place.
        title: the exercise's name.
        setup: the set-up lines.
        status: what the person still has to do, or None when they are in view
            and measurable.
        ready: what to do then (e.g. "Hold still in the start position, standing").
    """
    last = (status, 0.9, BANNER) if status else (f"Good. {ready}", 0.9, GOOD)
    draw_panel(frame, [(f"Set-up: {title}", 1.1, TEXT), *((line, 0.8, TEXT) for line in setup),
                       last], top=0.22)


def draw_rest(frame: np.ndarray, finished: str, rest: str, upcoming: str) -> None:
    """The rest between sets: the set just done, the time left, what comes next."""
    draw_panel(frame, [(finished, 1.1, GOOD), (rest, 1.0, TEXT), (upcoming, 0.8, TEXT)],
               top=0.22)


def draw_finish(frame: np.ndarray, summary: str) -> None:
    """The session's end: its one-line summary."""
    draw_panel(frame, [("Session done", 1.2, GOOD), (summary, 0.9, TEXT),
                       ("Press q to close", 0.6, TEXT)], top=0.25)
