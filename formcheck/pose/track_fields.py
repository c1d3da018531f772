"""Checking the fields of a landmark-track file against docs/track-format.md.

A track read from disk may come from another tool, an old version or a damaged
copy. Every field is checked here before it is used: its type, its shape against
the number of frames, strictly increasing timestamps, landmarks that are either
seen (image coordinates, maybe world ones) or missing from both, and the
metadata the reports use. A problem is one :class:`UserError` naming the file,
the field and what is wrong.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from formcheck.errors import UserError
from formcheck.pose.frame import LANDMARK_SHAPES

REQUIRED = ("frame_index", "timestamp_ms", *LANDMARK_SHAPES)

# numpy dtype kinds, in plain words.
_KIND_WORDS = {
    "b": "true/false values", "i": "whole numbers", "u": "whole numbers",
    "f": "decimal numbers", "c": "complex numbers", "U": "text", "S": "bytes",
    "M": "dates", "m": "time spans", "V": "raw records",
}
_WHOLE = "iu"
_NUMBERS = "iuf"


def check_header(path: Path, arrays: dict[str, np.ndarray], track_format: str,
                 version: int) -> None:
    """Check the ``format`` and ``version`` fields.

    Raises:
        UserError: the file is not a formcheck track, or of another version.
    """
    marker = arrays.get("format")
    if marker is None or marker.shape != () or marker.dtype.kind != "U" \
            or str(marker) != track_format:
        raise UserError(f"{path}: not a formcheck landmark track (field 'format' missing or wrong)")
    found = arrays.get("version")
    if found is None or found.shape != () or found.dtype.kind not in _WHOLE:
        raise UserError(f"{path}: field 'version' is missing or not a whole number")
    if int(found) != version:
        raise UserError(
            f"{path}: field 'version' is {int(found)}; this formcheck reads version {version}"
        )


def check_frames(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Check the per-frame fields against one another and the format.

    Raises:
        UserError: a field is missing, holds the wrong kind of values, has the
            wrong shape, or the timestamps are not finite and strictly increasing.
    """
    for key in REQUIRED:
        if key not in arrays:
            raise UserError(f"{path}: field '{key}' is missing")
    _require_kind(path, "frame_index", arrays["frame_index"], _WHOLE, "whole numbers")
    if arrays["frame_index"].ndim != 1:
        raise UserError(f"{path}: field 'frame_index' has shape {arrays['frame_index'].shape}, "
                        "expected one frame number per frame")
    n = arrays["frame_index"].shape[0]
    if n and arrays["frame_index"].min() < 0:
        raise UserError(f"{path}: field 'frame_index' has a negative frame number "
                        f"({arrays['frame_index'].min()})")
    times = arrays["timestamp_ms"]
    _require_kind(path, "timestamp_ms", times, _NUMBERS, "numbers (milliseconds)")
    if times.shape != (n,):
        count = times.shape[0] if times.ndim == 1 else times.shape
        raise UserError(f"{path}: field 'timestamp_ms' has {count} values for {n} frames; "
                        "every frame needs one")
    for key, shape in LANDMARK_SHAPES.items():
        _require_kind(path, key, arrays[key], _NUMBERS, "numbers")
        if arrays[key].shape != (n, *shape):
            raise UserError(
                f"{path}: field '{key}' has shape {arrays[key].shape}, expected {(n, *shape)}"
            )
    _check_times(path, times.astype(np.float64), arrays["frame_index"])
    _check_missing_together(path, arrays)


def _require_kind(path: Path, key: str, array: np.ndarray, kinds: str, wanted: str) -> None:
    if array.dtype.kind not in kinds:
        held = _KIND_WORDS.get(array.dtype.kind, "values of another type")
        raise UserError(f"{path}: field '{key}' holds {held}; expected {wanted}")


def _check_times(path: Path, times: np.ndarray, frame_index: np.ndarray) -> None:
    bad = np.flatnonzero(~np.isfinite(times))
    if bad.size:
        raise UserError(f"{path}: field 'timestamp_ms' has no valid time at frame "
                        f"{frame_index[bad[0]]}")
    stalls = np.flatnonzero(np.diff(times) <= 0)
    if stalls.size:
        i = stalls[0] + 1
        raise UserError(f"{path}: field 'timestamp_ms' is not strictly increasing (frame "
                        f"{frame_index[i]} at {times[i]:g} ms follows {times[i - 1]:g} ms)")


def _check_missing_together(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """A landmark not seen is missing in the image and in the world coordinates."""
    unseen = ~np.isfinite(arrays["image_xy"]).any(axis=-1)
    world_only = unseen & np.isfinite(arrays["world_xyz"]).any(axis=-1)
    if world_only.any():
        frames = np.flatnonzero(world_only.any(axis=1))
        raise UserError(
            f"{path}: field 'world_xyz' has landmarks that field 'image_xy' lacks "
            f"({int(world_only.sum())} in {frames.size} frames, the first in frame "
            f"{arrays['frame_index'][frames[0]]}); a landmark not seen is missing from both"
        )


def read_meta(path: Path, meta: np.ndarray | None) -> dict[str, Any]:
    """The ``meta`` field as a dict, with the entries the reports use checked.

    Raises:
        UserError: it is not a JSON object, or ``image_size``, ``fps``, ``model``
            or ``source`` has the wrong kind of value.
    """
    if meta is None:
        return {}
    if meta.shape != () or meta.dtype.kind != "U":
        raise UserError(f"{path}: field 'meta' is not text")
    try:
        found = json.loads(str(meta))
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}: field 'meta' is not valid JSON ({exc})") from None
    if not isinstance(found, dict):
        raise UserError(f"{path}: field 'meta' is not a JSON object")
    size = found.get("image_size")
    if size is not None and not (isinstance(size, list) and len(size) == 2
                                 and all(_is_positive(v, int) for v in size)):
        raise UserError(f"{path}: field 'meta' has image_size {json.dumps(size)}; "
                        "expected [width, height] in pixels")
    fps = found.get("fps")
    if fps is not None and not _is_positive(fps, (int, float)):
        raise UserError(f"{path}: field 'meta' has fps {json.dumps(fps)}; "
                        "expected a positive number")
    for key in ("model", "source"):
        if found.get(key) is not None and not isinstance(found[key], str):
            raise UserError(f"{path}: field 'meta' has {key} {json.dumps(found[key])}; "
                            "expected text")
    return found


def _is_positive(value: Any, types: type | tuple[type, ...]) -> bool:
    return (isinstance(value, types) and not isinstance(value, bool) and value > 0
            and math.isfinite(value))
