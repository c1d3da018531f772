"""The live window (OpenCV highgui) under a virtual X display.

When DISPLAY is unset, the tests start their own Xvfb if it is installed, and
skip otherwise. Landmarks come from recorded tracks (the `lite_tracks` fixture,
see test_live_loop.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest
from exercise_factory import exercise_path
from live_factory import ReplayBackend

from formcheck.errors import UserError
from formcheck.live.run import LiveOptions, run_live
from formcheck.live.window import LiveWindow
from formcheck.pose.track import load_track


@pytest.fixture(scope="module")
def x_display():
    """An X display: $DISPLAY, or a private Xvfb started for these tests."""
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    if shutil.which("Xvfb") is None:
        pytest.skip("no DISPLAY and no Xvfb to start one")
    number = 100 + os.getpid() % 400
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1400x900x24", "-nolisten",
                               "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    socket = Path(f"/tmp/.X11-unix/X{number}")
    deadline = time.monotonic() + 10
    while not socket.exists() and time.monotonic() < deadline and server.poll() is None:
        time.sleep(0.05)
    if not socket.exists():
        server.kill()
        pytest.skip("Xvfb did not start")
    os.environ["DISPLAY"] = f":{number}"
    try:
        yield os.environ["DISPLAY"]
    finally:
        del os.environ["DISPLAY"]
        server.terminate()
        server.wait(10)


def window_image(title: str) -> np.ndarray | None:
    """The window's pixels through xwd (BGR), or None without xwd/xwininfo."""
    if shutil.which("xwd") is None or shutil.which("xwininfo") is None:
        return None
    tree = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True).stdout
    wid = next(line.split()[0] for line in tree.splitlines() if f'"{title}"' in line)
    data = subprocess.run(["xwd", "-id", wid], capture_output=True, check=True).stdout
    header = np.frombuffer(data[:100], ">u4")
    size, width, height, bytes_per_line, colours = (header[0], header[4], header[5], header[12],
                                                     header[19])
    start = int(size + colours * 12)
    pixels = np.frombuffer(data[start:start + bytes_per_line * height], np.uint8)
    return pixels.reshape(height, bytes_per_line)[:, :width * 4].reshape(height, width, 4)[..., :3]


def test_window_shows_the_frame(x_display):
    frame = np.zeros((240, 320, 3), np.uint8)
    frame[:, :160] = (0, 0, 255)
    frame[:, 160:] = (255, 0, 0)
    window = LiveWindow("formcheck test")
    shot = None
    try:
        deadline = time.monotonic() + 10  # the first paint can be slow on a busy machine
        while time.monotonic() < deadline:
            assert window.show(frame) is None  # nobody presses a key
            time.sleep(0.05)
            shot = window_image("formcheck test")
            painted = (shot is not None and shot.shape[:2] == (240, 320)
                       and shot[120, 80].any() and shot[120, 240].any())
            if shot is None or painted:  # both halves drawn: the first paint may be partial
                break
    finally:
        window.close()
    if shot is None:
        pytest.skip("no xwd to look at the window")
    assert shot.shape[:2] == (240, 320)
    assert (shot[120, 80] == (0, 0, 255)).all() and (shot[120, 240] == (255, 0, 0)).all()


def test_live_session_in_a_window(x_display, tmp_path, clips_dir, lite_tracks):
    track_path = lite_tracks.path("squat/calimiro_squat_13.mp4")
    options = LiveOptions(str(exercise_path("side_squat")),
                          source=clips_dir / "squat/calimiro_squat_13.mp4",
                          realtime=False, sets=1, mute=True, window=True,
                          output=tmp_path / "w", end_screen_s=0.0)
    run = run_live(options, backend=ReplayBackend(load_track(track_path)))
    (_, report), = run.reports
    assert report.rep_counts == {"both": 2}
    assert run.stats.displayed == run.stats.analysed == 130


def test_no_display_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    with pytest.raises(UserError, match="--no-window"):
        LiveWindow("x")
