"""Drawing a recorded skeleton with Pillow: on a video frame, or alone on a dark backdrop.

Bones a check reads (see :mod:`formcheck.render.segments`) are drawn in the fault
colour, the others in green, so a picture shows at once which part of the body
the flag is about. Pillow (no OpenCV) keeps the report's pictures and clips in one
small module.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from formcheck.pose.landmarks import SKELETON_EDGES

GOOD = (102, 187, 106)
FAULT = (239, 83, 80)
JOINT = (236, 239, 241)
BACKDROP = (38, 50, 56)
CAPTION_BACK = (0, 0, 0)
_JOINTS = sorted({int(i) for edge in SKELETON_EDGES for i in edge})


def draw_skeleton(image: Image.Image, points: np.ndarray, seen: np.ndarray,
                  faulty: Collection[int]) -> None:
    """Draw bones and joints onto `image` in place.

    Args:
        image: an RGB picture.
        points: shape (33, 2); landmark positions in the picture's pixels.
        seen: shape (33,); True where a landmark was seen well enough to draw.
        faulty: indices into `SKELETON_EDGES` to draw in the fault colour.
    """
    draw = ImageDraw.Draw(image)
    width = max(2, round(image.width / 110))
    order = sorted(range(len(SKELETON_EDGES)), key=lambda e: e in faulty)  # faults on top
    for e in order:
        a, b = SKELETON_EDGES[e]
        if seen[a] and seen[b]:
            draw.line([tuple(points[a]), tuple(points[b])], fill=FAULT if e in faulty else GOOD,
                      width=width + (1 if e in faulty else 0))
    r = width * 0.5
    for i in _JOINTS:
        if seen[i]:
            x, y = points[i]
            draw.ellipse([x - r, y - r, x + r, y + r], fill=JOINT)


def draw_caption(image: Image.Image, text: str) -> None:
    """Write `text` in the top-left corner of `image`, white on a dark box."""
    draw = ImageDraw.Draw(image)
    font = _font(max(10, round(image.height / 14)))
    pad = max(2, image.height // 60)
    left, top, right, bottom = draw.textbbox((2 * pad, 2 * pad), text, font=font)
    draw.rectangle([left - pad, top - pad, right + pad, bottom + pad], fill=CAPTION_BACK)
    draw.text((2 * pad, 2 * pad), text, fill=JOINT, font=font)


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's own font at `size` pixels (loaded once per size)."""
    return ImageFont.load_default(size=size)


def backdrop(size: tuple[int, int]) -> Image.Image:
    """An empty dark picture of `size` (width, height) pixels to draw a skeleton on."""
    return Image.new("RGB", size, BACKDROP)
