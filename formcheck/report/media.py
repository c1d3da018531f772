"""Finding what a report was made from (video, landmark track) and reading frames from it.

A report names its source. The video and track may since have moved or gone; the
HTML report then falls back from video frames to skeleton drawings, and says so
when neither is at hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from formcheck.errors import UserError
from formcheck.pose.block import PoseBlock
from formcheck.pose.track import TRACK_SUFFIX, is_track_path, load_track
from formcheck.report.document import Report

SEEK_OVER = 30
"""Frames read through rather than sought over (a seek costs about a keyframe interval)."""


@dataclass
class Media:
    """What is at hand for a report's pictures.

    Attributes:
        video: the source video file, or None when it is not at hand.
        poses: the landmarks of the source's landmark track, or None when no
            track is at hand.
        missing: plain sentences saying what could not be found, for the reader.
    """

    video: Path | None
    poses: PoseBlock | None
    missing: list[str]


def _existing(path: Path | str | None) -> Path | None:
    if path is None:
        return None
    path = Path(path)
    return path if path.is_file() else None


def _first(*candidates: Path | str | None) -> Path | None:
    """The first candidate that is a file here."""
    for candidate in candidates:
        found = _existing(candidate)
        if found is not None:
            return found
    return None


def _named(*candidates: Path | str | None) -> str | None:
    """The first candidate given at all (where the file was last known to be)."""
    return next((str(c) for c in candidates if c), None)


def find_media(report: Report, *, video: Path | None = None, track: Path | None = None,
               video_named_by_report: bool = True, skip_bad_track: bool = False) -> Media:
    """Locate the video and landmark track of `report`.

    Explicit paths win; otherwise the absolute paths the report recorded when it
    was made, then its source path as given (a track source names its video in
    its metadata; a video source may have ``VIDEO.track.npz`` beside it).

    Args:
        report: the checked set.
        video: the video, given by the user (or recorded with the session).
        track: the landmark track, given by the user.
        video_named_by_report: whether a video the report (or its track) names may
            be used when `video` is None. The review app passes False: a report
            file can be edited to name any picture on disk, so pictures come only
            from the video recorded with the session.
        skip_bad_track: leave out a track that cannot be read, saying why in
            ``missing``, instead of raising (for pages that should still show).

    Raises:
        UserError: an explicitly given file does not exist, or the track is not a
            readable track (unless `skip_bad_track`).
    """
    for given, what in ((video, "--video"), (track, "--track")):
        if given is not None and not given.is_file():
            raise UserError(f"{what} {given}: no such file")
    src = report.source
    source = Path(src.path)
    as_track = source if is_track_path(source) else None
    beside = source.with_name(source.name + TRACK_SUFFIX) if src.kind == "video" else None
    track_path = track or _first(src.track, as_track, beside)
    missing = []
    loaded = None
    if track_path is not None:
        try:
            loaded = load_track(track_path)
        except UserError as exc:
            if not skip_bad_track:
                raise
            missing.append("The landmark track is left out, so there are no skeleton "
                           f"drawings or replays: {exc}")
    candidates = _video_candidates(report, loaded.meta if loaded is not None else {})
    video_path = video
    if video_path is None and video_named_by_report:
        video_path = _first(*candidates)
    named_video = _named(*candidates) if video_named_by_report else None
    if track_path is None:
        missing.append(_missing_track(_named(src.track, as_track)))
    if video_path is None and src.kind != "camera":
        if named_video is not None:
            missing.append(f"The video {named_video} is not at hand (moved or deleted?): "
                           "pictures are skeleton drawings; give its new place with --video.")
        elif not video_named_by_report:
            missing.append("The video is not at hand: pictures are skeleton drawings.")
    return Media(video=video_path, poses=loaded.poses if loaded is not None else None,
                 missing=missing)


def _video_candidates(report: Report, track_meta: dict) -> list[Path | str | None]:
    """Where the report's video may be, best first: as recorded, as given, as its track says.

    A track's own source counts only when it names a file (synthetic tracks name none).
    """
    src = report.source
    meta = str(track_meta.get("source") or "")
    return [src.video, src.path if src.kind == "video" else None,
            meta if Path(meta).suffix else None]


def _missing_track(named: str | None) -> str:
    """The line saying the landmark track is missing, and how to give it."""
    if named is None:
        return ("No landmark track was saved with this check, so there are no skeleton "
                "drawings or replays: save one with --save-track, or give one with --track.")
    return (f"The landmark track {named} is not at hand (moved or deleted?): no skeleton "
            "drawings or replays; give its new place with --track.")


def read_frames(video: Path, frame_indices: Sequence[int], width_px: int) -> dict[int, np.ndarray]:
    """The given frames of `video`, shrunk to `width_px` wide, as RGB arrays.

    Reads forward from the first frame wanted, seeking only over long jumps, so a
    clip's neighbouring frames cost one decode each.

    Args:
        video: the video file.
        frame_indices: 0-based frame numbers wanted.
        width_px: width of the frames returned, pixels (aspect kept).

    Returns:
        frame index -> (H, W, 3) uint8 RGB array, for the frames that could be decoded.
    """
    import cv2

    out: dict[int, np.ndarray] = {}
    cap = cv2.VideoCapture(str(video))
    try:
        at = None  # index of the next frame `read` returns
        for index in sorted(set(frame_indices)):
            if at is None or not at <= index <= at + SEEK_OVER:
                cap.set(cv2.CAP_PROP_POS_FRAMES, index)
                at = index
            while at < index and cap.grab():
                at += 1
            ok, bgr = cap.read()
            if not ok:
                break
            at += 1
            h, w = bgr.shape[:2]
            small = cv2.resize(bgr, (width_px, round(h * width_px / w)),
                               interpolation=cv2.INTER_AREA)
            out[index] = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
    finally:
        cap.release()
    return out
