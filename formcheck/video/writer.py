"""Writing a video that browsers play: H.264 (libx264, yuv420p) in MP4, through PyAV.

The source's audio, if it has any, is copied into the new file packet by packet
(not re-encoded), interleaved with the pictures as they are written. The file is
laid out for the web (its index at the front), so a browser can start playing
before it has all of it.
"""

from __future__ import annotations

import contextlib
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from formcheck.video.container import cut_short

CODEC = "libx264"
_TIME_BASE = Fraction(1, 1000)  # presentation times in ms
_AUDIO_IN_MP4 = frozenset({"aac", "mp3", "opus", "ac3", "eac3", "alac", "flac"})
"""Audio codecs an MP4 file can hold as they are (others are left out)."""


class VideoWriteError(Exception):
    """The video could not be written (a full disk, a path that cannot be created)."""


def even_size(width: int, height: int) -> tuple[int, int]:
    """The largest even (width, height) within the given one (H.264 4:2:0 needs even sizes)."""
    return width - width % 2, height - height % 2


class H264Writer:
    """Appends BGR frames to an H.264 MP4 file, with the audio of `audio_from` if it has any.

    Args:
        path: the file to write (its extension need not be .mp4; MP4 is written).
        width: frame width, pixels (an odd size loses its last column).
        height: frame height, pixels (an odd size loses its last row).
        fps: the nominal frame rate, frames per second.
        audio_from: a media file whose first audio stream is copied, or None.

    Raises:
        VideoWriteError: the file cannot be created.
    """

    def __init__(self, path: Path, width: int, height: int, fps: float,
                 audio_from: Path | None = None) -> None:
        self.width, self.height = even_size(width, height)
        self.frames = 0
        self._last_pts = -1
        try:
            self._out = av.open(str(path), mode="w", format="mp4",
                                options={"movflags": "+faststart"})
        except (OSError, av.FFmpegError) as error:
            raise VideoWriteError(str(error)) from error
        rate = Fraction(fps).limit_denominator(1001) if fps > 0 else Fraction(30)
        self._video = self._out.add_stream(CODEC, rate=rate)
        self._video.width, self._video.height = self.width, self.height
        self._video.pix_fmt = "yuv420p"
        self._video.time_base = _TIME_BASE
        self._video.codec_context.time_base = _TIME_BASE
        self._video.options = {"preset": "veryfast", "crf": "23"}
        self._audio_in: av.container.InputContainer | None = None
        self._audio_packets = None
        self._pending_audio: av.Packet | None = None
        if audio_from is not None:
            self._open_audio(audio_from)

    def _open_audio(self, source: Path) -> None:
        try:
            src = av.open(str(source))
        except (OSError, av.FFmpegError):
            return
        stream = next((s for s in src.streams.audio if s.codec_context.name in _AUDIO_IN_MP4),
                      None)
        if stream is None:
            src.close()
            return
        self._audio_in = src
        self._audio_out = self._out.add_stream_from_template(stream)
        self._audio_src = stream
        self._audio_packets = src.demux(stream)

    def write(self, bgr: np.ndarray, time_s: float) -> None:
        """Encode one BGR uint8 frame, shape (H, W, 3), shown at `time_s` seconds.

        Times must increase; a time not after the previous frame's is moved 1 ms past it.

        Raises:
            VideoWriteError: the frame could not be written (e.g. the disk is full).
        """
        frame = av.VideoFrame.from_ndarray(
            np.ascontiguousarray(bgr[: self.height, : self.width]), format="bgr24")
        pts = max(round(time_s * 1000.0), self._last_pts + 1)
        self._last_pts = frame.pts = pts
        frame.time_base = _TIME_BASE
        try:
            self._mux_audio_until(time_s)
            self._out.mux(self._video.encode(frame))
        except (OSError, av.FFmpegError) as error:
            raise VideoWriteError(str(error)) from error
        self.frames += 1

    def _mux_audio_until(self, time_s: float | None) -> None:
        """Copy the source's audio packets up to `time_s` (None: all that is left)."""
        if self._audio_packets is None:
            return
        while True:
            packet = self._pending_audio or next(self._audio_packets, None)
            self._pending_audio = None
            if packet is None:
                self._audio_packets = None
                return
            if packet.dts is None:  # the demuxer's final empty packet
                continue
            at_s = float(packet.pts * packet.time_base) if packet.pts is not None else 0.0
            if time_s is not None and at_s > time_s:
                self._pending_audio = packet
                return
            packet.stream = self._audio_out
            self._out.mux(packet)

    def close(self) -> None:
        """Flush the encoder, copy the rest of the audio and finish the file.

        Raises:
            VideoWriteError: the file could not be finished (e.g. the disk is full).
        """
        try:
            self._out.mux(self._video.encode(None))
            end_s = self._last_pts / 1000.0 if self._last_pts >= 0 else 0.0
            self._mux_audio_until(end_s)
            self._out.close()
        except (OSError, av.FFmpegError) as error:
            raise VideoWriteError(str(error)) from error
        finally:
            self.discard_audio()

    def abandon(self) -> None:
        """Close the file unfinished after a failure (its contents are to be thrown away)."""
        with contextlib.suppress(OSError, av.FFmpegError):
            self._out.close()
        self.discard_audio()

    def discard_audio(self) -> None:
        """Close the audio source."""
        if self._audio_in is not None:
            self._audio_in.close()
            self._audio_in = None
            self._audio_packets = None


def video_codec(path: Path) -> tuple[str, int]:
    """(codec name, number of frames its index lists) of the first video stream of `path`.

    Raises:
        VideoWriteError: the file cannot be read as a video, or holds fewer bytes than
            its boxes declare (it was cut short).
    """
    if cut_short(path):
        raise VideoWriteError(f"{path} is cut short")
    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            return stream.codec_context.name, stream.frames
    except (OSError, av.FFmpegError, IndexError) as error:
        raise VideoWriteError(str(error)) from error
