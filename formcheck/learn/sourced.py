"""A learned value together with the sentence saying where it came from."""

from __future__ import annotations

from typing import Any, NamedTuple

from formcheck.spec.units import Unit, format_value


class Sourced(NamedTuple):
    """A value for the file and its provenance, e.g. (150, "rest at 150°: ...")."""

    value: Any
    source: str = ""


def rounded(value: float, unit: Unit) -> float:
    """`value` rounded to what a person reads of it: a whole degree, or 0.01 (a whole %)."""
    return float(round(value)) if unit == "degrees" else round(value, 2)


def shown(value: float, unit: Unit, signed: bool = False) -> str:
    """`value` in plain units, e.g. "150°" or "12 % torso"."""
    return format_value(value, unit, signed=signed)
