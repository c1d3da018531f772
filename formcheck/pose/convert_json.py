"""Reading keypoint JSON files: COCO keypoint files and a plain per-frame list.

Three shapes are accepted (docs/track-format.md):

- a COCO keypoint file, ``{"images": [...], "annotations": [...]}``: one image
  per frame in the order of their ``frame_id`` (else ``id``), its ``width`` and
  ``height`` the frame size, and the annotations' ``keypoints`` (pixels);
- COCO keypoint results, a list of ``{"image_id", "keypoints", "score"}``, one
  frame per ``image_id`` in increasing order;
- a plain file, ``{"fps", "image_size": [w, h], "frames": [{"frame",
  "timestamp_ms", "keypoints"}]}`` (all but ``frames`` and ``keypoints``
  optional), or ``"people": [{"keypoints", "score"}]`` in place of
  ``keypoints`` when a frame has several.

``keypoints`` is a flat list ``[x, y, v, x, y, v, ...]`` or a list of ``[x, y]``
or ``[x, y, v]`` per point, 17 points (COCO order) or 33 (BlazePose order). The
third value is a score 0..1, or COCO's flags (0 not labelled, 1 labelled but
hidden, 2 visible) when any is above 1. A point at (0, 0) with a third value of
0 is absent (COCO's "not labelled"). With several people in a frame, the one
with the highest ``score`` is kept, else the one with the largest box (``area``
or ``bbox``), else the one with the most points.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from formcheck.errors import UserError
from formcheck.pose.keypoint_layouts import layout_of_count
from formcheck.pose.keypoint_table import ConvertOptions, KeypointTable, number
from formcheck.pose.track import Track

_FLAG_VISIBILITY = {0: 0.0, 1: 0.0, 2: 1.0}  # COCO flag -> visibility (0 = absent, below)


def read_json(path: Path, text: str, options: ConvertOptions) -> Track:
    """The track in JSON `text` read from `path` (one of the module docstring's shapes).

    Raises:
        UserError: not JSON, or a field of the wrong kind, naming the field and value.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if isinstance(data, list):
        return _coco_results(path, data, options)
    if isinstance(data, dict) and "annotations" in data:
        return _coco_file(path, data, options)
    if isinstance(data, dict) and "frames" in data:
        return _plain(path, data, options)
    raise UserError(f"{path}: expected a COCO keypoint file ('images' and 'annotations'), "
                    "a list of COCO keypoint results, or an object with 'frames'")


def _coco_file(path: Path, data: dict, options: ConvertOptions) -> Track:
    images = _list(data.get("images"), f"{path}: field 'images'")
    order, size = [], options.image_size
    for k, image in enumerate(images):
        where = f"{path}: images[{k}]"
        image = _object(image, where)
        key = number(image.get("frame_id", image.get("id")), where, "id")
        order.append((key, image.get("id")))
        if size is None and "width" in image and "height" in image:
            size = (int(number(image["width"], where, "width")),
                    int(number(image["height"], where, "height")))
    frame_of = {image_id: frame for frame, (_, image_id) in enumerate(sorted(order))}
    table = KeypointTable(path, size, options.fps or _fps(data.get("fps"), path))
    for frame in frame_of.values():
        table.frame(frame)
    people = _by_frame(path, data.get("annotations"), "annotations", frame_of)
    for frame, candidates in people.items():
        _add_person(table, frame, candidates)
    return table.track("coco")


def _coco_results(path: Path, data: list, options: ConvertOptions) -> Track:
    ids = sorted({_object(a, f"{path}: [{k}]").get("image_id") for k, a in enumerate(data)},
                 key=lambda i: number(i, f"{path}: field 'image_id'", "image_id"))
    frame_of = {image_id: frame for frame, image_id in enumerate(ids)}
    table = KeypointTable(path, options.image_size, options.fps)
    for frame in frame_of.values():
        table.frame(frame)
    for frame, candidates in _by_frame(path, data, "", frame_of).items():
        _add_person(table, frame, candidates)
    return table.track("coco")


def _plain(path: Path, data: dict, options: ConvertOptions) -> Track:
    size = options.image_size
    if size is None and data.get("image_size") is not None:
        raw = _list(data["image_size"], f"{path}: field 'image_size'")
        if len(raw) != 2:
            raise UserError(f"{path}: field 'image_size' must be [width, height], got {raw!r}")
        size = tuple(int(number(v, path.name, "image_size")) for v in raw)  # type: ignore[assignment]
    table = KeypointTable(path, size, options.fps or _fps(data.get("fps"), path))
    for k, entry in enumerate(_list(data["frames"], f"{path}: field 'frames'")):
        where = f"{path}: frames[{k}]"
        entry = _object(entry, where)
        frame = int(number(entry.get("frame", k), where, "frame"))
        table.frame(frame, number(entry.get("timestamp_ms"), where, "timestamp_ms"))
        if "people" in entry:
            candidates = [(_object(p, f"{where}.people[{j}]"), f"{where}.people[{j}]")
                          for j, p in enumerate(_list(entry["people"], f"{where}.people"))]
        else:
            candidates = [(entry, where)]
        _add_person(table, frame, candidates)
    return table.track("json")


def _by_frame(path: Path, annotations: Any, name: str, frame_of: dict
              ) -> dict[int, list[tuple[dict, str]]]:
    """Annotations grouped by frame, each with where it was found."""
    prefix = f"{path}: {name}" if name else f"{path}: "
    out: dict[int, list[tuple[dict, str]]] = {}
    for k, annotation in enumerate(_list(annotations, f"{path}: field '{name or 'results'}'")):
        where = f"{prefix}[{k}]"
        annotation = _object(annotation, where)
        image_id = annotation.get("image_id")
        if image_id not in frame_of:
            raise UserError(f"{where}: field 'image_id' names no image: {image_id!r}")
        out.setdefault(frame_of[image_id], []).append((annotation, where))
    return out


def _add_person(table: KeypointTable, frame: int, candidates: list[tuple[dict, str]]) -> None:
    """The keypoints of the most likely exerciser among `candidates` into `table`."""
    people = [(entry, where, _keypoints(entry.get("keypoints"), where))
              for entry, where in candidates if entry.get("keypoints")]
    if not people:
        return
    entry, where, points = max(people, key=lambda p: _rank(*p))
    landmarks = layout_of_count(len(points), f"{where}: field 'keypoints'")
    flags = bool(np.any(points[:, 2] > 1.0))
    for landmark, (x, y, v) in zip(landmarks, points, strict=True):
        if x == 0.0 and y == 0.0 and v == 0.0:
            continue  # COCO: not labelled
        if flags and v not in _FLAG_VISIBILITY:
            raise UserError(f"{where}: field 'keypoints' has a visibility flag {v:g} "
                            "(COCO flags are 0, 1 or 2)")
        visibility = _FLAG_VISIBILITY[int(v)] if flags else v
        table.point(frame, landmark, x, y, visibility=visibility)


def _rank(entry: dict, where: str, points: np.ndarray) -> tuple[float, float, int]:
    score = number(entry.get("score"), where, "score")
    area = number(entry.get("area"), where, "area")
    box = entry.get("bbox")
    if math.isnan(area) and isinstance(box, list) and len(box) == 4:
        area = number(box[2], where, "bbox") * number(box[3], where, "bbox")
    labelled = int(np.sum(np.nan_to_num(points[:, 2], nan=1.0) > 0))
    return (-math.inf if math.isnan(score) else score,
            -math.inf if math.isnan(area) else area, labelled)


def _keypoints(raw: Any, where: str) -> np.ndarray:
    """Shape (K, 3): x, y and the third value (NaN when not given) of each keypoint."""
    field = f"{where}: field 'keypoints'"
    values = _list(raw, field)
    if values and all(isinstance(v, list) for v in values):
        if any(len(v) not in (2, 3) for v in values):
            raise UserError(f"{field} must hold [x, y] or [x, y, score] per point")
        rows = [[number(x, where, "keypoints") for x in v] + [math.nan] * (3 - len(v))
                for v in values]
        return np.array(rows, dtype=float).reshape(-1, 3)
    flat = np.array([number(v, where, "keypoints") for v in values], dtype=float)
    for width in (3, 2):
        if flat.size % width == 0 and flat.size // width in (17, 33):
            points = flat.reshape(-1, width)
            return points if width == 3 else np.column_stack([points, np.full(len(points),
                                                                              np.nan)])
    raise UserError(f"{field} has {flat.size} numbers; expected 17 or 33 points of "
                    "[x, y, score] (51 or 99 numbers) or [x, y] (34 or 66)")


def _fps(raw: Any, path: Path) -> float | None:
    value = number(raw, str(path), "fps")
    if math.isnan(value):
        return None
    if value <= 0:
        raise UserError(f"{path}: field 'fps' must be positive, got {raw!r}")
    return value


def _list(raw: Any, field: str) -> list:
    if not isinstance(raw, list):
        raise UserError(f"{field} must be a list, got {type(raw).__name__}")
    return raw


def _object(raw: Any, where: str) -> dict:
    if not isinstance(raw, dict):
        raise UserError(f"{where} must be an object, got {type(raw).__name__}")
    return raw
