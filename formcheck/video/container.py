"""Whether a video file was cut short, by the sizes its container declares.

MP4, MOV and M4V files (ISO base media format) are a row of top-level boxes and
AVI files a row of RIFF chunks, each starting with its size in bytes. A download
or copy that stopped early leaves the last box or chunk promising more bytes than
the file has. Other containers (Matroska, WebM, GIF) are not looked into.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

# Box types an ISO base media file starts with.
_FIRST_BOXES = frozenset({b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"pnot"})


def cut_short(path: Path) -> bool:
    """True when the container of `path` declares more bytes than the file holds.

    False for a complete file and for containers it does not know.

    Raises:
        OSError: the file cannot be read.
    """
    with open(path, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        head = file.read(12)
        if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
            return _end_of_chunks(file, size) > size
        if head[4:8] in _FIRST_BOXES:
            return _end_of_boxes(file, size) > size
    return False


def _end_of_boxes(file: BinaryIO, size: int) -> int:
    """Where the last top-level box ends, in bytes (`size` when a box size is 0 or bad)."""
    offset = 0
    while offset + 8 <= size:
        file.seek(offset)
        header = file.read(16)
        box = int.from_bytes(header[:4], "big")
        if box == 1:  # the real size follows the type, in 64 bits
            if len(header) < 16:
                return size + 1
            box = int.from_bytes(header[8:16], "big")
        if box < 8:  # 0: the box runs to the end of the file; 2..7: not a box size
            return size
        offset += box
    return offset


def _end_of_chunks(file: BinaryIO, size: int) -> int:
    """Where the last top-level RIFF chunk ends, in bytes (AVIs over 1 GB have several)."""
    offset = 0
    while offset + 8 <= size:
        file.seek(offset)
        chunk = int.from_bytes(file.read(8)[4:], "little")
        offset += 8 + chunk + (chunk & 1)
    return offset
