"""Finding what a report was made from (video, landmark track) and taking stills from it.

A report names its source. The video and track may since have moved or gone; the
HTML report then falls back from video frames to skeleton drawings, and says so
when neither is at hand.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from formcheck.errors import UserError
from formcheck.pose.block import PoseBlock
from formcheck.pose.track import TRACK_SUFFIX, is_track_path, load_track
from formcheck.report.document import Report

STILL_WIDTH_PX = 480
JPEG_QUALITY = 70


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


def _existing(path: Path | None) -> Path | None:
    return path if path is not None and path.is_file() else None


def find_media(report: Report, *, video: Path | None = None, track: Path | None = None,
               video_named_by_report: bool = True, skip_bad_track: bool = False) -> Media:
    """Locate the video and landmark track of `report`.

    Explicit paths win; otherwise the report's source path is used (a track source
    names its video in its metadata; a video source may have ``VIDEO.track.npz``
    beside it).

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
    source = Path(report.source.path)
    track_path = track or _existing(source if is_track_path(source) else None)
    if track_path is None and report.source.kind == "video":
        track_path = _existing(source.with_name(source.name + TRACK_SUFFIX))
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
    video_path = video
    if video_path is None and video_named_by_report:
        video_path = _existing(source if report.source.kind == "video" else None)
        if video_path is None and loaded is not None and loaded.meta.get("source"):
            video_path = _existing(Path(str(loaded.meta["source"])))
    if track_path is None:
        missing.append(
            f"No landmark track was found for {report.source.path}: skeleton drawings and "
            "replays are left out (give one with --track)."
        )
    if video_path is None and report.source.kind != "camera":
        missing.append("The video is not at hand: pictures are skeleton drawings.")
    return Media(video=video_path, poses=loaded.poses if loaded is not None else None,
                 missing=missing)


def video_stills(video: Path, frame_indices: list[int],
                 draw: Callable[[np.ndarray, int], None] | None = None) -> dict[int, str]:
    """JPEG stills of the given frames as ``data:`` URIs, STILL_WIDTH_PX wide.

    Args:
        video: the video file.
        frame_indices: 0-based frame numbers wanted.
        draw: optional ``draw(bgr, frame_index)`` called on each full-size frame
            (e.g. to draw the skeleton) before it is shrunk.

    Returns:
        frame index -> data URI, for the frames that could be decoded.
    """
    import cv2

    out: dict[int, str] = {}
    cap = cv2.VideoCapture(str(video))
    try:
        for index in sorted(set(frame_indices)):
            cap.set(cv2.CAP_PROP_POS_FRAMES, index)
            ok, bgr = cap.read()
            if not ok:
                continue
            bgr = np.ascontiguousarray(bgr)
            if draw is not None:
                draw(bgr, index)
            h, w = bgr.shape[:2]
            small = cv2.resize(bgr, (STILL_WIDTH_PX, int(h * STILL_WIDTH_PX / w)),
                               interpolation=cv2.INTER_LINEAR)
            ok, jpg = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
            if ok:
                out[index] = "data:image/jpeg;base64," + base64.b64encode(jpg.tobytes()).decode()
    finally:
        cap.release()
    return out
