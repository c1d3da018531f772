"""The frame slot (latest-frame and lossless policies), the capture thread and sources."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from live_factory import write_video

from formcheck.errors import UserError
from formcheck.live.capture import CapturedFrame, CaptureThread, FrameSlot
from formcheck.live.grabbers import CameraGrabber, FileGrabber

IMAGE = np.zeros((4, 4, 3), np.uint8)


def frame(i: int) -> CapturedFrame:
    return CapturedFrame(i, 33.3 * i, IMAGE, 0.0)


def test_latest_frame_policy_keeps_the_newest_and_counts_drops():
    slot = FrameSlot()
    for i in range(5):
        assert slot.put(frame(i))
    assert slot.take().index == 4
    assert (slot.produced, slot.dropped) == (5, 4)
    slot.put(frame(5))
    assert slot.take().index == 5
    assert slot.dropped == 4


def test_take_returns_none_once_closed_and_empty_and_times_out_when_waiting():
    slot = FrameSlot()
    with pytest.raises(TimeoutError):
        slot.take(timeout_s=0.01)
    slot.put(frame(0))
    slot.close()
    assert slot.take().index == 0  # a frame put before closing is still handed over
    assert slot.take() is None
    assert not slot.put(frame(1))


def test_lossless_policy_waits_for_the_consumer_and_drops_nothing():
    slot = FrameSlot(lossless=True)
    got = []

    def produce():
        for i in range(50):
            slot.put(frame(i))
        slot.close()

    producer = threading.Thread(target=produce)
    producer.start()
    while (f := slot.take(timeout_s=5)) is not None:
        got.append(f.index)
        time.sleep(0.001)  # a consumer slower than the producer
    producer.join()
    assert got == list(range(50))
    assert slot.dropped == 0


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_file_grabber_in_realtime_releases_each_frame_at_its_presentation_time(tmp_path):
    clock = FakeClock()
    grabber = FileGrabber(write_video(tmp_path / "v.mp4", 6, fps=25.0), True, clock, clock.sleep)
    stamps = []
    while (item := grabber.read()) is not None:
        stamps.append(item[0])
        clock.now += 0.01  # decoding and handing over take 10 ms per frame
    grabber.close()
    assert stamps == pytest.approx([0, 40, 80, 120, 160, 200])
    assert clock.slept == pytest.approx([0.03] * 5)  # 40 ms apart, minus the 10 ms spent


def test_file_grabber_without_pace_never_sleeps(tmp_path):
    clock = FakeClock()
    grabber = FileGrabber(write_video(tmp_path / "v.mp4", 5), False, clock, clock.sleep)
    n = sum(1 for _ in iter(grabber.read, None))
    grabber.close()
    assert (n, clock.slept) == (5, [])


def test_capture_thread_hands_over_every_frame_in_lossless_mode_with_increasing_times(tmp_path):
    slot = FrameSlot(lossless=True)
    with CaptureThread(FileGrabber(write_video(tmp_path / "v.mp4", 12), False), slot) as capture:
        frames = list(iter(slot.take, None))
    assert capture.error is None
    assert [f.index for f in frames] == list(range(12))
    assert all(np.diff([f.timestamp_ms for f in frames]) > 0)
    assert [int(f.bgr[0, 0, 1]) for f in frames[:3]] == pytest.approx([0, 10, 20], abs=3)


def test_capture_thread_reports_what_the_source_raised():
    class Broken:
        fps, size = 30.0, (4, 4)

        def read(self):
            raise OSError("device unplugged")

        def close(self):
            pass

    slot = FrameSlot()
    with CaptureThread(Broken(), slot) as capture:
        assert slot.take(timeout_s=5) is None
    assert isinstance(capture.error, OSError)


def test_no_camera_is_one_clear_user_error():
    with pytest.raises(UserError, match=r"--camera 57: no camera could be opened"):
        CameraGrabber(57)


class FakeCapture:
    """A camera that gives `n` frames and then fails every read (unplugged)."""

    def __init__(self, n: int) -> None:
        self.left = n

    def isOpened(self) -> bool:  # noqa: N802 (OpenCV's name)
        return True

    def read(self):
        self.left -= 1
        return (True, IMAGE.copy()) if self.left >= 0 else (False, None)

    def get(self, prop: int) -> float:
        return 0.0

    def release(self) -> None:
        pass


def test_camera_timestamps_increase_and_an_unplugged_camera_ends_the_source(monkeypatch):
    monkeypatch.setattr("formcheck.live.grabbers.cv2.VideoCapture", lambda index: FakeCapture(4))
    clock = FakeClock()  # stands still unless asked to move
    camera = CameraGrabber(0, clock=clock)
    stamps = [camera.read()[0] for _ in range(4)]
    assert stamps == [0.0, 1.0, 2.0, 3.0]  # a stalled clock still gives increasing times

    def ticking() -> float:
        clock.now += 0.5
        return clock.now

    camera._clock = ticking
    assert camera.read() is None  # nothing for more than CAMERA_LOST_S
    assert clock.now - 100.0 > 2.0
    assert camera.fps == 30.0 and camera.size == (4, 4)
