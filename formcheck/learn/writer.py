"""Writing a learned exercise file: TOML, a comment above each number saying where it came from."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from formcheck.learn.sourced import Sourced

_WIDTH = 88


@dataclass(frozen=True)
class Section:
    """One part of the file: the top level (header None), a table, or one of an array of tables.

    Attributes:
        header: e.g. "[metrics.knee_angle]", "[rep]", "[[constraints]]"; None at the top.
        fields: field name -> value with its provenance, in the order written.
        comment: a note written above the header.
    """

    header: str | None
    fields: Mapping[str, Sourced]
    comment: str = ""


@dataclass
class LearnedFile:
    """A learned exercise file, section by section, with the notes opening it."""

    preamble: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


def toml_value(value: Any) -> str:
    """`value` written as TOML: a string, bool, number, list or inline table."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {value!r} as TOML")


def _comment(text: str) -> list[str]:
    return textwrap.wrap(text, _WIDTH, initial_indent="# ", subsequent_indent="# ",
                         break_on_hyphens=False) if text else []


def write_toml(learned: LearnedFile) -> str:
    """The file's text."""
    lines = [line for note in learned.preamble for line in _comment(note)]
    for section in learned.sections:
        if lines:
            lines.append("")
        lines += _comment(section.comment)
        if section.header is not None:
            lines.append(section.header)
        for name, (value, source) in section.fields.items():
            lines += _comment(source)
            lines.append(f"{name} = {toml_value(value)}")
    return "\n".join(lines) + "\n"
