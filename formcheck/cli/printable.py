"""Stored text made safe to print on a terminal.

A patient label or note comes from whoever wrote the database. Printed raw, an
escape sequence in it (``"\\x1b[31m"``) would recolour or rewrite the user's
terminal, and a newline would break a listing's rows. Control characters and the
bidirectional-text overrides are shown as visible escapes instead.
"""

from __future__ import annotations

import unicodedata

_BIDI_CONTROLS = frozenset({*range(0x202A, 0x202F), *range(0x2066, 0x206A)})


def _shown(char: str) -> str:
    code = ord(char)
    if unicodedata.category(char) == "Cc" or code in _BIDI_CONTROLS:
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


def printable(text: str) -> str:
    """`text` with control characters as visible escapes, e.g. ESC as ``\\x1b``."""
    if text.isprintable():
        return text
    return "".join(_shown(char) for char in text)
