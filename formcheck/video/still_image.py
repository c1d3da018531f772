"""Telling a still image from a video by its first bytes, whatever the file is called.

FFmpeg opens a PNG or a JPEG as a video of one frame, so a photo given by mistake
(or renamed ``.mp4``) would be checked as a one-frame set. None of the video
formats formcheck reads starts with an image signature: MJPEG inside AVI or MOV
starts with its container's header, not with a JPEG's.
"""

from __future__ import annotations

from pathlib import Path

# (format name, leading bytes); a None byte matches any value.
_SIGNATURES: tuple[tuple[str, tuple[int | None, ...]], ...] = (
    ("PNG", tuple(b"\x89PNG\r\n\x1a\n")),
    ("JPEG", tuple(b"\xff\xd8\xff")),
    ("BMP", (*b"BM", None, None, None, None, 0, 0, 0, 0)),  # size, then reserved zeros
    ("TIFF", tuple(b"II*\x00")),
    ("TIFF", tuple(b"MM\x00*")),
    ("WebP", (*b"RIFF", None, None, None, None, *b"WEBP")),
)
_LONGEST = max(len(signature) for _, signature in _SIGNATURES)


def still_image_format(path: Path) -> str | None:
    """The image format `path` holds by its content ("PNG", "JPEG", ...), or None.

    Raises:
        OSError: the file cannot be read.
    """
    with open(path, "rb") as file:
        head = file.read(_LONGEST)
    for name, signature in _SIGNATURES:
        if len(head) >= len(signature) and all(
            want is None or got == want for got, want in zip(head, signature, strict=False)
        ):
            return name
    return None
