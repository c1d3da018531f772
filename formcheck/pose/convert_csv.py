"""Reading keypoint CSVs (a header line, then one row per point or per frame).

Two layouts, told apart by the header (docs/track-format.md):

- long, one row per keypoint per frame, with a ``landmark`` column:
  ``frame,timestamp_ms,landmark,x,y[,z,visibility,presence,world_x,world_y,world_z]``;
- wide, one row per frame, with ``<point>_x`` and ``<point>_y`` columns per
  keypoint (``left_knee_x,left_knee_y[,left_knee_score]``) and optional
  ``frame`` and ``timestamp_ms`` columns.

Keypoints are named (``left_knee``) or numbered in the `ConvertOptions.layout`
order (BlazePose's 0..32 by default, ``coco17`` for COCO's 0..16). ``score`` is
accepted for ``visibility``.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from formcheck.errors import UserError
from formcheck.pose.keypoint_layouts import landmark_named, layout
from formcheck.pose.keypoint_table import ConvertOptions, KeypointTable, number
from formcheck.pose.track import Track

_LONG_REQUIRED = ("frame", "landmark", "x", "y")
_AXES = ("x", "y")


def read_csv(path: Path, text: str, options: ConvertOptions) -> Track:
    """The track in CSV `text` read from `path` (either layout of the module docstring).

    Raises:
        UserError: a missing column or a bad value, naming the line and field.
    """
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip() for c in reader.fieldnames or []]
    reader.fieldnames = columns
    table = KeypointTable(path, options.image_size, options.fps)
    points = layout(options.layout, "--layout")
    if "landmark" in columns:
        _read_long(reader, columns, table, points)
    elif any(c.endswith("_x") for c in columns):
        _read_wide(reader, columns, table, points)
    else:
        raise UserError(f"{path}: the header has neither a 'landmark' column (one row per "
                        "keypoint) nor '<keypoint>_x' columns (one row per frame)")
    return table.track("csv")


def _visibility(row: dict[str, str], where: str, prefix: str = "") -> float:
    for name in ("visibility", "score"):
        if row.get(prefix + name) not in (None, ""):
            return number(row[prefix + name], where, prefix + name)
    return math.nan


def _read_long(reader: csv.DictReader, columns: list[str], table: KeypointTable,
               points: tuple) -> None:
    missing = [c for c in _LONG_REQUIRED if c not in columns]
    if missing:
        raise UserError(f"{table.source}: missing column(s) {', '.join(missing)}")
    for line, row in enumerate(reader, start=2):
        where = f"{table.source}:{line}"
        index = _frame_number(row["frame"], where)
        table.frame(index, number(row.get("timestamp_ms"), where, "timestamp_ms"))
        table.point(
            index, landmark_named(row["landmark"] or "", points, f"{where}: field 'landmark'"),
            number(row["x"], where, "x"), number(row["y"], where, "y"),
            visibility=_visibility(row, where),
            presence=number(row.get("presence"), where, "presence"),
            z=number(row.get("z"), where, "z"),
            world=tuple(number(row.get(f"world_{a}"), where, f"world_{a}")  # type: ignore[arg-type]
                        for a in "xyz"),
        )


def _read_wide(reader: csv.DictReader, columns: list[str], table: KeypointTable,
               points: tuple) -> None:
    names = [c[:-2] for c in columns if c.endswith("_x")]
    for name in names:
        if f"{name}_y" not in columns:
            raise UserError(f"{table.source}: column '{name}_x' has no '{name}_y'")
    header = f"{table.source}:1"
    landmarks = {name: landmark_named(name, points, f"{header}: column '{name}_x'")
                 for name in names}
    for line, row in enumerate(reader, start=2):
        where = f"{table.source}:{line}"
        index = _frame_number(row["frame"], where) if "frame" in columns else line - 2
        table.frame(index, number(row.get("timestamp_ms"), where, "timestamp_ms"))
        for name, landmark in landmarks.items():
            x, y = (number(row.get(f"{name}_{a}"), where, f"{name}_{a}") for a in _AXES)
            table.point(index, landmark, x, y, visibility=_visibility(row, where, f"{name}_"),
                        z=number(row.get(f"{name}_z"), where, f"{name}_z"))


def _frame_number(raw: str | None, where: str) -> int:
    value = number(raw, where, "frame")
    if math.isnan(value) or value < 0 or value != int(value):
        raise UserError(f"{where}: field 'frame' must be a whole number >= 0, got {raw!r}")
    return int(value)
