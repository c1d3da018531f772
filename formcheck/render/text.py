"""Text on frames in a real font (DejaVu Sans, as shipped with matplotlib), with any character.

OpenCV's own fonts know only ASCII, so "°" would come out as "?". Each string is
rendered once by Pillow into a small patch (white glyphs with a dark outline, and
their coverage) and kept; drawing it again is one alpha blend. Sizes are font
heights in pixels.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

_OUTLINE = (0, 0, 0)


def _font_file(bold: bool) -> Path:
    """matplotlib's DejaVu Sans, found without importing matplotlib."""
    spec = importlib.util.find_spec("matplotlib")
    assert spec is not None and spec.origin is not None, "matplotlib is a dependency"
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf" / name


@lru_cache(maxsize=32)
def _font(px: int, bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(_font_file(bold)), px)


def _outline_px(px: int) -> int:
    return max(1, px // 12)


@lru_cache(maxsize=512)
def _patch(text: str, px: int, color: tuple[int, int, int], bold: bool,
           outline: bool) -> tuple[np.ndarray, np.ndarray]:
    """`text` drawn as (BGR float32 (h, w, 3), coverage float32 (h, w) in 0..1)."""
    font = _font(px, bold)
    stroke = _outline_px(px) if outline else 0
    left, top, right, bottom = font.getbbox(text, stroke_width=stroke)
    width, height = max(1, right - left), max(1, bottom - top)
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    rgb = (color[2], color[1], color[0])
    ImageDraw.Draw(image).text((-left, -top), text, font=font, fill=(*rgb, 255),
                               stroke_width=stroke, stroke_fill=(*_OUTLINE, 255))
    rgba = np.asarray(image, dtype=np.float32)
    bgr = rgba[:, :, 2::-1].copy()
    return bgr, rgba[:, :, 3] / 255.0


def text_size(text: str, px: int, *, bold: bool = False, outline: bool = True) -> tuple[int, int]:
    """(width, height) in pixels of `text` drawn at font size `px`."""
    bgr, _ = _patch(text, px, (255, 255, 255), bold, outline)
    return bgr.shape[1], bgr.shape[0]


def line_height(px: int) -> int:
    """Distance between the tops of two lines of text of font size `px`, pixels."""
    return int(px * 1.3)


def put_text(frame: np.ndarray, text: str, org: tuple[int, int], px: int,
             color: tuple[int, int, int] = (255, 255, 255), *, bold: bool = False,
             outline: bool = True) -> tuple[int, int]:
    """Draw `text` on a BGR uint8 frame in place, its ink's top-left corner at `org`.

    Text running off the frame is clipped.

    Args:
        frame: BGR uint8 image, shape (H, W, 3).
        text: any characters the font has.
        org: (x, y) in pixels of the text's top-left corner.
        px: font size in pixels.
        color: BGR text colour.
        bold: the bold face.
        outline: a dark outline, so the text reads on any picture.

    Returns:
        (width, height) of the text drawn, pixels.
    """
    bgr, alpha = _patch(text, px, tuple(int(c) for c in color), bold, outline)
    h, w = alpha.shape
    x, y = org
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(frame.shape[1], x + w), min(frame.shape[0], y + h)
    if x1 <= x0 or y1 <= y0:
        return w, h
    a = alpha[y0 - y:y1 - y, x0 - x:x1 - x, None]
    region = frame[y0:y1, x0:x1]
    region[:] = (region * (1.0 - a) + bgr[y0 - y:y1 - y, x0 - x:x1 - x] * a + 0.5).astype(
        np.uint8)
    return w, h


def wrap(text: str, px: int, max_width: int, *, bold: bool = False) -> list[str]:
    """`text` broken at spaces into lines no wider than `max_width` pixels where possible."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_size(f"{lines[-1]} {word}", px, bold=bold)[0] <= max_width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]
