"""Video input and output: decoding files into upright BGR frames with real timestamps,
and writing H.264 MP4 files (`writer`, PyAV).

OpenCV is loaded here, before `writer` can load PyAV: PyAV's wheel bundles its own
libxcb, and when it is loaded first OpenCV's window (the live window) hangs at
100 % CPU on its first `namedWindow` (seen with PyAV 18 under Xvfb).
"""

import cv2  # noqa: F401  (before PyAV; see above)

from formcheck.video.reader import VideoFrame, VideoInfo, VideoReader

__all__ = ["VideoFrame", "VideoInfo", "VideoReader"]
