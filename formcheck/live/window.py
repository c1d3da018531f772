"""Where live frames are shown: an OpenCV highgui window, or nowhere (``--no-window``)."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
import time

import cv2
import numpy as np

from formcheck.errors import UserError

_WAIT_MS = 1
DEFAULT_SCREEN = (1280, 720)
"""Screen size assumed when it cannot be asked (no X11 library), pixels."""
SCREEN_SHARE = (0.92, 0.85)
"""Share of the screen's width and height the window may take (room for title bar, task bar)."""


def screen_size() -> tuple[int, int]:
    """The display's size (width, height) in pixels, from X11; DEFAULT_SCREEN when unknown."""
    name = ctypes.util.find_library("X11")
    if name is None or not os.environ.get("DISPLAY"):
        return DEFAULT_SCREEN
    x11 = ctypes.cdll.LoadLibrary(name)
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XDefaultScreen.argtypes = [ctypes.c_void_p]
    x11.XDisplayWidth.argtypes = x11.XDisplayHeight.argtypes = [ctypes.c_void_p, ctypes.c_int]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    display = x11.XOpenDisplay(None)
    if not display:
        return DEFAULT_SCREEN
    try:
        screen = x11.XDefaultScreen(display)
        return int(x11.XDisplayWidth(display, screen)), int(x11.XDisplayHeight(display, screen))
    finally:
        x11.XCloseDisplay(display)


def window_box(screen: tuple[int, int]) -> tuple[int, int]:
    """The largest (width, height) in pixels a window may take on a `screen`-sized display."""
    return int(screen[0] * SCREEN_SHARE[0]), int(screen[1] * SCREEN_SHARE[1])


def fitted_size(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """(width, height) `size` scaled up or down, aspect kept, to just fit `box`, pixels."""
    scale = min(box[0] / size[0], box[1] / size[1])
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def fit_box(frame: np.ndarray, box: tuple[int, int]) -> np.ndarray:
    """`frame` scaled up or down (aspect kept, bilinear) to just fit `box` (width, height).

    Returns the frame itself when it already fits exactly, so copy before drawing.
    """
    h, w = frame.shape[:2]
    size = fitted_size((w, h), box)
    if size == (w, h):
        return frame
    return cv2.resize(frame, size, interpolation=cv2.INTER_LINEAR)


class LiveWindow:
    """An OpenCV window that shows frames and reports the key pressed.

    Frames are drawn at the size they are shown: :attr:`box` is the most the
    screen allows, and the loop scales each frame to fit it (keeping its aspect),
    so a tall portrait source fits a small display and a small source is not
    shown with tiny text. Closing the window counts as pressing "q".

    Args:
        title: the window title.
        box: the largest frame (width, height) to show; default from the screen size.

    Raises:
        UserError: there is no display to open a window on (Linux without
            DISPLAY or WAYLAND_DISPLAY).
    """

    def __init__(self, title: str, box: tuple[int, int] | None = None) -> None:
        if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        ):
            raise UserError("no display to open a window on; use --no-window to run without one")
        self.title = title
        self.box = box or window_box(screen_size())
        cv2.namedWindow(title, cv2.WINDOW_NORMAL | cv2.WINDOW_KEEPRATIO | cv2.WINDOW_GUI_NORMAL)
        self._shown = False

    def show(self, frame: np.ndarray) -> str | None:
        """Show a BGR frame; returns the key pressed meanwhile ("q" if the window was closed)."""
        if self._shown and cv2.getWindowProperty(self.title, cv2.WND_PROP_VISIBLE) < 1:
            return "q"
        if not self._shown:
            cv2.resizeWindow(self.title, frame.shape[1], frame.shape[0])
        cv2.imshow(self.title, frame)
        self._shown = True
        key = cv2.waitKey(_WAIT_MS)
        return chr(key & 0xFF).lower() if key >= 0 else None

    def linger(self, frame: np.ndarray, seconds: float) -> None:
        """Keep showing `frame` for `seconds`, or until a key is pressed or the window closed."""
        end = time.monotonic() + seconds
        while time.monotonic() < end and self.show(frame) is None:
            time.sleep(0.05)

    def close(self) -> None:
        """Close the window."""
        cv2.destroyWindow(self.title)
        cv2.waitKey(1)


class NoWindow:
    """Frames are drawn (so the cost is the same) but not shown; no keys.

    Attributes:
        box: None: frames are drawn at their own size (at most the loop's width limit).
    """

    box: tuple[int, int] | None = None

    def show(self, frame: np.ndarray) -> str | None:
        """Nothing is shown and no key is ever pressed."""
        return None

    def linger(self, frame: np.ndarray, seconds: float) -> None:
        """Nothing to wait for."""

    def close(self) -> None:
        """Nothing to close."""
