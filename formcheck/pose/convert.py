"""Converting external landmark data (CSV) into the landmark-track format.

Accepted CSV layout (one row per landmark per frame, header required):

    frame,timestamp_ms,landmark,x,y,z,visibility[,presence,world_x,world_y,world_z]

- ``landmark``: a BlazePose index 0..32 or name (``left_knee``);
- ``x``, ``y``: normalized image coordinates (0..1), y down; ``z`` relative depth;
- ``visibility``/``presence``: 0..1 (presence defaults to visibility);
- ``world_*``: metres, origin between the hips; when absent, world coordinates
  are left NaN and metrics must use ``space = "image"``.

Landmarks missing from a frame stay NaN.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np

from formcheck.errors import UserError
from formcheck.pose.block import PoseBlock
from formcheck.pose.landmarks import NUM_LANDMARKS, Landmark
from formcheck.pose.track import Track

REQUIRED = ("frame", "timestamp_ms", "landmark", "x", "y", "z", "visibility")


def _landmark_index(value: str, where: str) -> int:
    if value.isdigit() and int(value) < NUM_LANDMARKS:
        return int(value)
    try:
        return int(Landmark[value.strip().upper()])
    except KeyError:
        raise UserError(f"{where}: field 'landmark' has unknown value {value!r}") from None


def _number(row: dict[str, str], key: str, where: str) -> float:
    raw = row.get(key)
    if raw is None or raw == "":
        return math.nan
    try:
        return float(raw)
    except ValueError:
        raise UserError(f"{where}: field '{key}' is not a number: {raw!r}") from None


def track_from_csv(path: Path) -> Track:
    """Read a landmark CSV (layout in the module docstring) into a Track.

    Raises:
        UserError: missing columns or bad values, naming the line and field.
    """
    path = Path(path)
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from None
    frames: dict[int, dict[str, np.ndarray | float]] = {}
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise UserError(f"{path}: missing column(s) {', '.join(missing)}")
        for line, row in enumerate(reader, start=2):
            where = f"{path}:{line}"
            index = int(_number(row, "frame", where))
            entry = frames.setdefault(index, {
                "t": _number(row, "timestamp_ms", where),
                "xy": np.full((NUM_LANDMARKS, 2), np.nan),
                "z": np.full(NUM_LANDMARKS, np.nan),
                "vis": np.zeros(NUM_LANDMARKS),
                "pres": np.zeros(NUM_LANDMARKS),
                "world": np.full((NUM_LANDMARKS, 3), np.nan),
            })
            k = _landmark_index(row["landmark"], where)
            entry["xy"][k] = (_number(row, "x", where), _number(row, "y", where))  # type: ignore[index]
            entry["z"][k] = _number(row, "z", where)  # type: ignore[index]
            vis = _number(row, "visibility", where)
            pres = _number(row, "presence", where)
            entry["vis"][k] = vis  # type: ignore[index]
            entry["pres"][k] = vis if math.isnan(pres) else pres  # type: ignore[index]
            entry["world"][k] = [_number(row, f"world_{a}", where) for a in "xyz"]  # type: ignore[index]
    if not frames:
        raise UserError(f"{path}: no landmark rows")
    order = sorted(frames)
    times = np.array([frames[i]["t"] for i in order], dtype=np.float64)
    if np.any(np.diff(times) <= 0):
        raise UserError(f"{path}: field 'timestamp_ms' must increase with 'frame'")
    poses = PoseBlock(
        frame_index=np.array(order, dtype=np.int64),
        timestamp_ms=times,
        image_xy=np.stack([frames[i]["xy"] for i in order]),
        image_z=np.stack([frames[i]["z"] for i in order]),
        visibility=np.stack([frames[i]["vis"] for i in order]),
        presence=np.stack([frames[i]["pres"] for i in order]),
        world_xyz=np.stack([frames[i]["world"] for i in order]),
    )
    return Track(poses, meta={"source": str(path), "converted_from": "csv"})
