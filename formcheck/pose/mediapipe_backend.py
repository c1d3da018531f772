"""The MediaPipe Tasks pose landmarker as a :class:`~formcheck.pose.backend.PoseBackend`.

This is the only module that imports mediapipe, and it does so lazily (inside
:meth:`MediaPipePoseBackend.__init__`), so importing formcheck stays fast and the
core runs without it.

Running mode: always VIDEO, for files and live cameras alike. LIVE_STREAM mode
exists to let MediaPipe drop frames while it is busy and deliver results through a
callback on its own thread. Our live loop already has one inference thread that
takes the newest camera frame and drops stale ones itself, and calls ``detect``
synchronously; with VIDEO mode it gets its result back from the same call (no
callback plumbing, no result re-ordering), the tracking between frames is the
same, and a live session's landmarks match what the same frames give from a file.
VIDEO mode needs strictly increasing integer milliseconds: :meth:`detect` rounds
the caller's float timestamps and nudges a repeat up by 1 ms.

Bystanders: see :class:`PersonPolicy`.

Stderr: MediaPipe's start-up chatter (TFLite delegate, feedback manager) is
written to file descriptor 2 while a landmarker is created, runs its first frame
and closes; those windows are captured and known noise dropped. A rare glog
warning emitted later from a graph thread ("Using NORM_RECT without
IMAGE_DIMENSIONS") still gets through: capturing fd 2 around every frame would
also hide the decoder thread's and Python's own messages.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import Any

import numpy as np

from formcheck.errors import UserError
from formcheck.pose.frame import PoseFrame
from formcheck.pose.landmarks import NUM_LANDMARKS
from formcheck.pose.person_choice import PersonChooser, distinct_people
from formcheck.pose.person_policy import DEFAULT_PERSON_POLICY, PersonPolicy
from formcheck.stderr_capture import capture_stderr_fd, pass_on

# Known MediaPipe/TFLite start-up chatter on stderr; any other line is passed on.
_NOISE_MARKERS = (
    "XNNPACK delegate",
    "Logging before InitGoogle",
    "inference_feedback_manager",
    "landmark_projection_calculator",
    "All log messages before absl::InitializeLog",
    "gl_context",
)
# The native libraries' own info and warning log lines: LiteRT's
# "INFO: [compiled_model.cc:1022] ..." / "WARNING: [model_load.cc:402] ..." and
# glog's "I0000 00:00:... file.cc:12] ..." / "W0000 ...". Errors are passed on.
_NATIVE_LOG_LINE = re.compile(
    r"^(?:(?:INFO|WARNING): \[[\w.]+:\d+\]"  # LiteRT
    r"|[IW]\d{4} [\d:.]+ +\d+ [\w.]+:\d+\])"  # glog
)


DEFAULT_SCAN_EVERY_MS = 500.0
"""``auto``: one frame in this many milliseconds is also scanned with two poses
(one frame in 15 at 30 frames/s); a second person is found within about this time."""


def _is_noise(line: str) -> bool:
    return bool(_NATIVE_LOG_LINE.match(line)) or any(marker in line for marker in _NOISE_MARKERS)


class MediaPipePoseBackend:
    """Pose landmarks from a MediaPipe pose landmarker bundle (VIDEO running mode).

    Use as a context manager (or call :meth:`close`): a landmarker left to the
    garbage collector raises at interpreter shutdown.

    Args:
        model_path: a verified ``pose_landmarker_{lite,full,heavy}.task`` bundle
            (see :func:`formcheck.pose.weights.resolve_model`).
        person_policy: how to keep to the exerciser; see :class:`PersonPolicy`.
        min_detection_confidence: person detector score threshold, 0..1.
        min_presence_confidence: landmark presence threshold, 0..1.
        min_tracking_confidence: below this, tracking restarts with detection, 0..1.
        quiet: keep MediaPipe's start-up chatter off stderr (other lines still pass).
        scan_every_ms: ``auto`` policy: time between frames scanned with two poses, ms.
    """

    def __init__(
        self,
        model_path: str | os.PathLike[str],
        *,
        person_policy: PersonPolicy | str = DEFAULT_PERSON_POLICY,
        min_detection_confidence: float = 0.5,
        min_presence_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
        quiet: bool = True,
        scan_every_ms: float = DEFAULT_SCAN_EVERY_MS,
    ) -> None:
        self.model_path = Path(model_path)
        try:
            self.person_policy = PersonPolicy(person_policy)
        except ValueError:
            valid = ", ".join(p.value for p in PersonPolicy)
            raise ValueError(f"person_policy {person_policy!r} is not one of: {valid}") from None
        if not scan_every_ms > 0:
            raise ValueError(f"scan_every_ms must be positive, got {scan_every_ms}")
        self._quiet = quiet
        self._scan_every_ms = scan_every_ms
        self._last_scan_ms: float | None = None
        self._chooser = PersonChooser()
        # Two poses on every frame: from the start (choose) or once two were seen (auto).
        self._crowded = self.person_policy is PersonPolicy.CHOOSE
        self._last_ms: int | None = None
        self._closed = False
        self.past_start_up = threading.Event()
        """Set once every landmarker has run its first frame, or the backend closed
        (its start-up chatter on stderr is over)."""

        try:
            import mediapipe as mp
            from mediapipe.tasks.python import BaseOptions, vision
        except ImportError as exc:
            raise UserError(f"the pose model needs the mediapipe package ({exc})") from None

        self._mp = mp
        counts = {PersonPolicy.SINGLE: (1,), PersonPolicy.CHOOSE: (2,), PersonPolicy.AUTO: (1, 2)}
        self._landmarkers: dict[int, Any] = {}
        self._warm: set[int] = set()
        try:
            for num_poses in counts[self.person_policy]:
                options = vision.PoseLandmarkerOptions(
                    base_options=BaseOptions(model_asset_path=str(self.model_path)),
                    running_mode=vision.RunningMode.VIDEO,
                    num_poses=num_poses,
                    min_pose_detection_confidence=min_detection_confidence,
                    min_pose_presence_confidence=min_presence_confidence,
                    min_tracking_confidence=min_tracking_confidence,
                )
                self._landmarkers[num_poses] = self._create(vision.PoseLandmarker, options)
        except BaseException:
            self.close()
            raise

    def _create(self, landmarker_class: Any, options: Any) -> Any:
        """A landmarker from `options`; a bundle MediaPipe cannot load is a UserError."""
        try:
            return self._quietly(landmarker_class.create_from_options, options)
        except (RuntimeError, ValueError, OSError) as exc:
            lines = str(exc).strip().splitlines()
            detail = f" ({lines[0]})" if lines else ""
            raise UserError(f"{self.model_path}: not a pose landmarker bundle MediaPipe can "
                            f"load{detail}") from None

    def _quietly(self, call: Any, *args: Any) -> Any:
        if not self._quiet:
            return call(*args)
        with capture_stderr_fd() as log:
            result = call(*args)
        pass_on([line for line in log.lines() if not _is_noise(line)])
        return result

    def _timestamp(self, timestamp_ms: float) -> int:
        ms = int(round(timestamp_ms))
        if self._last_ms is not None and ms <= self._last_ms:
            ms = self._last_ms + 1
        self._last_ms = ms
        return ms

    def detect(self, rgb: np.ndarray, timestamp_ms: float, frame_index: int) -> PoseFrame | None:
        """Landmarks of the exerciser in one frame.

        Args:
            rgb: uint8 image, shape (height, width, 3), RGB order. Any strided view
                (a crop, a mirrored frame) is made contiguous first: MediaPipe
                silently finds nobody in a non-contiguous view.
            timestamp_ms: the frame's time in milliseconds; must not go backwards.
            frame_index: index of the frame in its source, copied to the result.

        Returns:
            The chosen person's landmarks (normalized image xy, relative z,
            visibility, presence, world xyz in metres), or None when nobody is found.

        Raises:
            RuntimeError: after :meth:`close`.
            ValueError: when `rgb` is not a uint8 (height, width, 3) array.
        """
        return self.choose(self.detect_people(rgb, timestamp_ms, frame_index), timestamp_ms)

    def choose(self, people: list[PoseFrame], timestamp_ms: float) -> PoseFrame | None:
        """The exerciser among one frame's `people` under this backend's policy.

        Stateful (it follows people across frames), so call it once per frame, in
        order; :meth:`detect` does.
        """
        if self.person_policy is PersonPolicy.SINGLE:
            return people[0] if people else None
        return self._chooser.choose(people, timestamp_ms)

    def _scanning(self, timestamp_ms: float) -> bool:
        """True when the frame at `timestamp_ms` is an ``auto`` scan frame: the first,
        and then the first at least `scan_every_ms` after the last scan."""
        if self.person_policy is not PersonPolicy.AUTO:
            return False
        last = self._last_scan_ms
        if last is not None and timestamp_ms - last < self._scan_every_ms:
            return False
        self._last_scan_ms = timestamp_ms
        return True

    @property
    def crowded(self) -> bool:
        """True once two people have been seen (the backend then tracks two poses)."""
        return self._crowded

    def detect_people(
        self, rgb: np.ndarray, timestamp_ms: float, frame_index: int
    ) -> list[PoseFrame]:
        """Everyone MediaPipe found in one frame (at most 2, per policy), unordered.

        Under ``auto``, before a second person has been seen, this is the one-pose
        result; on scan frames the two-pose landmarker runs as well, and its result
        is returned (and two poses used from then on) once it finds two people.
        Arguments and errors as for :meth:`detect`.
        """
        if self._closed:
            raise RuntimeError("detect() called on a closed MediaPipePoseBackend")
        if rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] != 3:
            raise ValueError(
                f"rgb must be a uint8 array of shape (height, width, 3), "
                f"got {rgb.dtype} {rgb.shape}"
            )
        image = self._mp.Image(
            image_format=self._mp.ImageFormat.SRGB, data=np.ascontiguousarray(rgb)
        )
        ms = self._timestamp(timestamp_ms)
        size = (rgb.shape[1], rgb.shape[0])
        if self._crowded or self.person_policy is PersonPolicy.SINGLE:
            return self._run(2 if self._crowded else 1, image, ms, frame_index, timestamp_ms, size)
        people = self._run(1, image, ms, frame_index, timestamp_ms, size)
        if self._scanning(timestamp_ms):
            scouted = self._run(2, image, ms, frame_index, timestamp_ms, size)
            if len(scouted) >= 2:
                self._crowded = True
                return scouted
        return people

    def _run(
        self,
        num_poses: int,
        image: Any,
        ms: int,
        frame_index: int,
        timestamp_ms: float,
        size: tuple[int, int],
    ) -> list[PoseFrame]:
        """People found by the landmarker for `num_poses` in one mp.Image (one person
        found twice counted once: `person_choice.distinct_people`)."""
        landmarker = self._landmarkers[num_poses]
        if num_poses in self._warm:
            result = landmarker.detect_for_video(image, ms)
        else:  # the graph logs its start-up chatter on its first frame
            result = self._quietly(landmarker.detect_for_video, image, ms)
            self._warm.add(num_poses)
            if self._warm == self._landmarkers.keys():
                self.past_start_up.set()
        return distinct_people([
            _to_pose_frame(image_lms, world_lms, frame_index, timestamp_ms, size)
            for image_lms, world_lms in zip(
                result.pose_landmarks, result.pose_world_landmarks, strict=True
            )
        ])

    def close(self) -> None:
        """Release the landmarker; safe to call twice."""
        self.past_start_up.set()
        if not self._closed:
            self._closed = True
            for landmarker in self._landmarkers.values():
                self._quietly(landmarker.close)

    def __enter__(self) -> MediaPipePoseBackend:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _to_pose_frame(
    image_lms: list[Any],
    world_lms: list[Any],
    frame_index: int,
    timestamp_ms: float,
    image_size: tuple[int, int],
) -> PoseFrame:
    """Convert one person's MediaPipe landmark lists (33 each) to a PoseFrame."""
    image = np.array(
        [(lm.x, lm.y, lm.z, lm.visibility or 0.0, lm.presence or 0.0) for lm in image_lms],
        dtype=np.float64,
    ).reshape(-1, 5)
    world = np.array([(lm.x, lm.y, lm.z) for lm in world_lms], dtype=np.float64).reshape(-1, 3)
    if image.shape[0] != NUM_LANDMARKS or world.shape[0] != NUM_LANDMARKS:
        raise RuntimeError(
            f"MediaPipe returned {image.shape[0]} image and {world.shape[0]} world "
            f"landmarks, expected {NUM_LANDMARKS}"
        )
    return PoseFrame(
        frame_index=frame_index,
        timestamp_ms=timestamp_ms,
        image_xy=image[:, :2],
        image_z=image[:, 2],
        visibility=image[:, 3],
        presence=image[:, 4],
        world_xyz=world,
        image_size=image_size,
    )
