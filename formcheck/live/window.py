"""Where live frames are shown: an OpenCV highgui window, or nowhere (``--no-window``)."""

from __future__ import annotations

import os
import sys

import cv2
import numpy as np

from formcheck.errors import UserError

_WAIT_MS = 1


class LiveWindow:
    """An OpenCV window that shows frames and reports the key pressed.

    Closing the window counts as pressing "q".

    Args:
        title: the window title.

    Raises:
        UserError: there is no display to open a window on (Linux without
            DISPLAY or WAYLAND_DISPLAY).
    """

    def __init__(self, title: str) -> None:
        if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        ):
            raise UserError("no display to open a window on; use --no-window to run without one")
        self.title = title
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

    def close(self) -> None:
        """Close the window."""
        cv2.destroyWindow(self.title)
        cv2.waitKey(1)


class NoWindow:
    """Frames are drawn (so the cost is the same) but not shown; no keys."""

    def show(self, frame: np.ndarray) -> str | None:
        """Nothing is shown and no key is ever pressed."""
        return None

    def close(self) -> None:
        """Nothing to close."""
