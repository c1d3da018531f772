"""Frame selection (--stride, --max-fps) and resizing before inference (--resize)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from batch_factory import write_squat_track
from exercise_factory import exercise_path
from pose_factory import side_squat_frame

from formcheck.errors import UserError
from formcheck.pose.frame import PoseFrame
from formcheck.pose.resized import ResizedInput
from formcheck.session.exercise import ResolvedExercise
from formcheck.session.options import CheckOptions
from formcheck.session.outputs.registry import check_outputs
from formcheck.session.runner import run_recording
from formcheck.session.sampling import FrameSampling


def kept(sampling: FrameSampling, fps: float, n: int) -> list[int]:
    times = [1000.0 * i / fps for i in range(n)]
    return [round(t * fps / 1000.0) for t in sampling.select(times, lambda t: t)]


def test_every_frame_by_default() -> None:
    assert FrameSampling().every_frame
    assert kept(FrameSampling(), 30.0, 10) == list(range(10))


def test_stride_keeps_every_nth_frame() -> None:
    assert kept(FrameSampling(stride=3), 30.0, 10) == [0, 3, 6, 9]


@pytest.mark.parametrize(("fps", "max_fps", "expected_per_second"), [
    (30.0, 15.0, 15), (29.97, 10.0, 10), (25.0, 10.0, 10), (24.0, 30.0, 24), (30.0, 7.5, 8),
])
def test_max_fps_caps_frames_per_second(fps: float, max_fps: float,
                                        expected_per_second: int) -> None:
    frames = kept(FrameSampling(max_fps=max_fps), fps, round(fps * 10))
    assert abs(len(frames) / 10 - expected_per_second) <= 0.5
    gaps = np.diff(frames) / fps
    assert gaps.min() >= 1.0 / max_fps - 1.0 / fps - 1e-9


def test_stride_then_max_fps() -> None:
    assert kept(FrameSampling(stride=2, max_fps=10.0), 30.0, 31) == [0, 4, 6, 10, 12, 16, 18,
                                                                      22, 24, 28, 30]


@pytest.mark.parametrize("kwargs", [{"stride": 0}, {"stride": 1.5}, {"max_fps": 0.0},
                                    {"max_fps": float("nan")}])
def test_bad_sampling_is_refused(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        FrameSampling(**kwargs)


@pytest.mark.parametrize("kwargs", [{"stride": 0}, {"max_fps": -1.0}, {"resize": 8},
                                    {"person": "everyone"}])
def test_bad_options_name_the_option(kwargs: dict) -> None:
    with pytest.raises(UserError, match=str(next(iter(kwargs.values())))):
        CheckOptions(**kwargs)


def test_a_track_output_must_be_named_as_a_track() -> None:
    with pytest.raises(UserError, match="--save-track x.npz"):
        check_outputs({"track": Path("x.npz")}, "video")


def test_stride_on_a_track_checks_fewer_frames_and_is_recorded(tmp_path: Path) -> None:
    track = write_squat_track(tmp_path / "s.track.npz", reps=3)
    squat = ResolvedExercise.resolve(str(exercise_path("side_squat")))
    full = run_recording(track, squat, CheckOptions())
    half = run_recording(track, squat, CheckOptions(stride=2, max_fps=12.0))
    assert full.source.frames == 240
    assert half.source.frames == 96  # 12 per second over 8 s
    assert (half.options["stride"], half.options["max_fps"]) == (2, 12.0)
    assert (full.options["stride"], full.options["max_fps"]) == (1, None)
    assert half.rep_counts == full.rep_counts == {"both": 3}


class _Recorder:
    """A fake backend that remembers the image sizes it was given and returns one pose."""

    def __init__(self) -> None:
        self.shapes: list[tuple[int, ...]] = []
        self.closed = False

    def detect(self, rgb: np.ndarray, timestamp_ms: float, frame_index: int) -> PoseFrame:
        self.shapes.append(rgb.shape)
        pose = side_squat_frame(0.0, timestamp_ms, frame_index)
        return PoseFrame(**{**pose.__dict__, "image_size": (rgb.shape[1], rgb.shape[0])})

    def close(self) -> None:
        self.closed = True


def test_resize_shrinks_wide_frames_keeping_aspect_and_reports_the_original_size() -> None:
    inner = _Recorder()
    with ResizedInput(inner, 640) as backend:
        wide = backend.detect(np.zeros((720, 1280, 3), np.uint8), 0.0, 0)
        narrow = backend.detect(np.zeros((480, 464, 3), np.uint8), 33.0, 1)
    assert inner.shapes == [(360, 640, 3), (480, 464, 3)]
    assert wide.image_size == (1280, 720) and narrow.image_size == (464, 480)
    assert inner.closed
