"""Video input: decoding files into upright BGR frames with real timestamps."""

from formcheck.video.reader import VideoFrame, VideoInfo, VideoReader

__all__ = ["VideoFrame", "VideoInfo", "VideoReader"]
