"""Units of metric values, and how a value is written for a person to read.

Metrics are computed in their natural unit (degrees for angles, torso lengths
for body-size-free distances, a share of a named distance, metres for raw 3D
distances, a share of the picture for raw 2D ones). A person never sees that
raw number: `format_value` turns it into plain words with a symbol, rounded to
what a pose estimate resolves (a whole degree, a whole per cent).
"""

from __future__ import annotations

import math
from typing import Literal

Unit = Literal["degrees", "torso_lengths", "ratio", "metres", "picture"]
UNITS: tuple[Unit, ...] = ("degrees", "torso_lengths", "ratio", "metres", "picture")

UNIT_NAMES: dict[Unit, str] = {
    "degrees": "degrees",
    "torso_lengths": "% of torso length",
    "ratio": "%",
    "metres": "cm",
    "picture": "% of the picture height",
}
"""How each unit is named in prose and on a chart's axis (``exercises show``, reports)."""

_SCALE: dict[Unit, float] = {
    "degrees": 1.0, "torso_lengths": 100.0, "ratio": 100.0, "metres": 100.0, "picture": 100.0,
}
_SYMBOL: dict[Unit, str] = {unit: f" {name}" for unit, name in UNIT_NAMES.items()} | {
    "degrees": "°"}
"""What follows a number: its unit's name, but the degree sign for degrees."""
NOT_SEEN = "not seen"
"""What a value that could not be measured reads as."""


def display_number(value: float, unit: Unit) -> float:
    """`value` (in `unit`) on the scale a person reads: degrees, per cent or centimetres."""
    return value * _SCALE[unit]


def format_value(value: float | None, unit: Unit, *, signed: bool = False) -> str:
    """A value for a person: ``"92°"``, ``"+8 % of torso length"``, ``"12 cm"``, or "not seen".

    Args:
        value: the metric's value in its natural `unit`; None or NaN when not measured.
        unit: the metric's unit.
        signed: show a sign on positive values too (for changes from a start
            position and other signed measures).
    """
    if value is None or not math.isfinite(value):
        return NOT_SEEN
    number = round(display_number(value, unit))
    if number == 0:
        number = 0  # no "-0"
    return with_unit(f"{number:+d}" if signed and number != 0 else f"{number:d}", unit)


def with_unit(numbers: str, unit: Unit) -> str:
    """Numbers already on a person's scale (see `display_number`) and rounded, followed by
    `unit`'s symbol once: ``"78 % of torso length"``, ``"L 120, R 118°"``."""
    return f"{numbers}{_SYMBOL[unit]}"


def format_clock(ms: float) -> str:
    """A time in the recording, milliseconds, as minutes and seconds: ``"1:05.3"``."""
    seconds = ms / 1000.0
    return f"{int(seconds // 60)}:{seconds % 60:04.1f}"


def unit_symbol(unit: Unit) -> str:
    """What is written after a number in `unit` on a person's scale: "°", "% of torso length",
    "cm"."""
    return _SYMBOL[unit].strip()
