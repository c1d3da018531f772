"""The annotated video: the cue band and the red segments at the faults' times, in the pixels;
an H.264 MP4 that headless Chromium plays; the source's audio kept.

The video is the bird-dog faults sample (a landmark track, drawn on a plain
background), whose report flags the back line on the left rep and the leg height
on the right one (``samples/bird_dog_faults_side.expected.json``). Bird dog is done
on the floor, so the cue band is at the top of the picture.
"""

from __future__ import annotations

import functools
import http.server
import io
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from pose_factory import squat_set

from formcheck.analysis.engine import Engine
from formcheck.pose.block import PoseBlock
from formcheck.render.hud_feed import END_FAULT_S
from formcheck.session.exercise import ResolvedExercise
from formcheck.session.options import CheckOptions
from formcheck.session.pipeline import Observed
from formcheck.session.recording import Recording
from formcheck.session.runner import run_recording, run_set
from formcheck.video import VideoInfo

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
BAND_ROWS = 20  # the top rows of the half-size colour plane, inside any cue band
_RED_CR = 205
"""Red-difference chroma (Cr, 0..255) above which a pixel is the fault colour: the fault red
(BGR 40, 40, 230) has Cr 223, the amber and yellow marks 184 and 172, greys 128."""


def _red_plane(picture: av.VideoFrame) -> np.ndarray:
    """The frame's Cr plane (4:2:0: half the width and height) as True where fault-red."""
    plane = picture.planes[2]
    cr = np.frombuffer(plane, np.uint8).reshape(plane.height, plane.line_size)[:, :plane.width]
    return cr > _RED_CR


@dataclass
class Frame:
    """What one decoded frame shows: its time, s; the share of the top rows in the fault
    colour; and fault-coloured pixels (at half size) below the bands, right of the panel."""

    t_s: float
    band: float
    red_above: int


@dataclass
class Annotated:
    path: Path
    report: object
    frames: list[Frame]


def _annotate(sample: Path, exercise: str, out: Path) -> Annotated:
    """Check `sample` with an annotated video at `out`; read the video back."""
    report = run_recording(sample, ResolvedExercise.resolve(exercise), CheckOptions(),
                           outputs={"video": out})
    frames = []
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        for picture in container.decode(stream):
            red = _red_plane(picture)
            h = red.shape[0]
            frames.append(Frame(float(picture.pts * picture.time_base),
                                float(red[:BAND_ROWS].mean()),
                                int(red[h // 3: h - 75, 175:].sum())))
    return Annotated(out, report, frames)


@pytest.fixture(scope="module")
def annotated(tmp_path_factory: pytest.TempPathFactory) -> Annotated:
    return _annotate(SAMPLES / "bird_dog_faults_side.track.npz", "bird_dog",
                     tmp_path_factory.mktemp("annotated") / "bird dog.mp4")


def test_the_cue_band_shows_inside_each_flag_and_not_far_from_any(annotated: Annotated):
    flags = [(f.start_ms / 1000.0, f.end_ms / 1000.0) for f in annotated.report.flags]
    assert len(flags) >= 2  # the sample has a back sag and a leg lifted too high
    for start, end in flags:
        if end - start <= 0.5:  # raised after the check's delay: too short to look inside
            continue
        inside = [f for f in annotated.frames if end - 0.2 <= f.t_s <= end - 0.05]
        assert inside and all(f.band > 0.6 for f in inside), (start, end)  # text aside
    far = [f for f in annotated.frames
           if all(f.t_s < start - 0.5 or f.t_s > end + END_FAULT_S + 0.5 for start, end in flags)]
    assert len(far) >= 20
    assert all(f.band < 0.05 for f in far)


def test_a_fault_judged_at_a_reps_end_is_shown_when_the_rep_ends(tmp_path: Path):
    """The prone press-up sample's third rep stops short of straight arms: the flag is raised
    when the rep is over, and its cue shows then, for END_FAULT_S, not before."""
    seen = _annotate(SAMPLES / "prone_press_up_faults_side.track.npz", "prone_press_up",
                     tmp_path / "press.mp4")
    (short,) = [f for f in seen.report.flags if f.constraint == "incomplete_press"]
    rep = seen.report.reps[short.rep]
    shown = [f.t_s for f in seen.frames if f.band > 0.6 and f.t_s > rep.start_ms / 1000.0]
    assert shown[0] >= rep.end_ms / 1000.0  # judged at the end, shown from then on
    assert shown[-1] - shown[0] == pytest.approx(END_FAULT_S, abs=0.15)
    assert all(f.red_above > 150 for f in seen.frames if shown[0] <= f.t_s <= shown[-1])


def test_the_segments_a_failing_check_reads_turn_red(annotated: Annotated):
    """During the leg-height flags the reaching leg and the supporting thigh are red;
    with no fault on screen nothing is."""
    legs = [(f.start_ms / 1000.0, f.end_ms / 1000.0) for f in annotated.report.flags
            if f.metric == "leg_height"]
    assert len(legs) == 5
    start, end = legs[0]
    inside = [f for f in annotated.frames if start + 0.5 <= f.t_s <= end - 0.05]
    assert inside and all(f.red_above > 150 for f in inside)
    calm = [f for f in annotated.frames if f.t_s < 1.5 or f.t_s > legs[-1][1] + END_FAULT_S + 0.5]
    assert calm and all(f.red_above < 10 for f in calm)


def test_the_annotated_file_is_h264_in_mp4_with_every_frame(annotated: Annotated):
    with av.open(str(annotated.path)) as container:
        assert "mp4" in container.format.name
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert stream.codec_context.pix_fmt == "yuv420p"
        assert (stream.width, stream.height) == (1280, 720)  # the track's recorded size
    assert len(annotated.frames) == annotated.report.source.frames == 303
    # shown at the track's own times: 303 frames at 15 frames/s
    assert annotated.frames[-1].t_s == pytest.approx(annotated.report.source.duration_s, abs=0.1)


# -- in a browser -----------------------------------------------------------------------------

CHROMIUM = Path(shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


class _RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with byte ranges, which a browser needs to seek in a video."""

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # noqa: ANN201 - the base class's own protocol
        path = Path(self.translate_path(self.path))
        wanted = self.headers.get("Range", "")
        if not wanted.startswith("bytes=") or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        first, _, last = wanted.removeprefix("bytes=").partition("-")
        start, end = int(first), min(int(last) if last else size - 1, size - 1)
        with open(path, "rb") as file:
            file.seek(start)
            body = file.read(end - start + 1)
        self.send_response(206)
        self.send_header("Content-Type", "video/mp4")
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture
def served(annotated: Annotated) -> Iterator[str]:
    """The annotated video's folder on a free localhost port; yields the video's URL."""
    handler = functools.partial(_RangeHandler, directory=str(annotated.path.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/bird%20dog.mp4"
    server.shutdown()
    thread.join(timeout=5)


_PLAY = """async ([src, at]) => {
  const video = document.createElement('video');
  video.muted = true; video.preload = 'auto'; video.src = src;
  document.body.appendChild(video);
  await new Promise((ok, fail) => {
    video.onloadeddata = ok; video.onerror = () => fail('error ' + video.error.code); });
  const seen = [];
  for (const t of at) {
    video.currentTime = t;
    await new Promise(ok => { video.onseeked = ok; });
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth; canvas.height = video.videoHeight;
    const g = canvas.getContext('2d');
    g.drawImage(video, 0, 0);
    seen.push(Array.from(g.getImageData(canvas.width / 2, 10, 1, 1).data));
  }
  return {duration: video.duration, width: video.videoWidth, pixels: seen};
}"""


@pytest.mark.skipif(not CHROMIUM.is_file(), reason="chromium is not installed")
def test_the_annotated_video_plays_in_headless_chromium(annotated: Annotated, served: str):
    sync_api = pytest.importorskip("playwright.sync_api")
    leg = next(f for f in annotated.report.flags if f.metric == "leg_height")
    fault_s = leg.end_ms / 1000.0 - 0.1
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(served.rsplit("/", 1)[0] + "/")  # same origin: the canvas may be read
            seen = page.evaluate(_PLAY, [served, [0.5, fault_s]])
        finally:
            browser.close()
    assert seen["duration"] == pytest.approx(annotated.frames[-1].t_s, abs=0.2)
    assert seen["width"] == 1280
    calm, fault = (np.array(p[:3]) for p in seen["pixels"])  # RGB, decoded by the browser
    assert fault[0] > 180 and fault[1] < 100 and fault[2] < 100  # the red cue band
    assert calm.max() < 90  # the plain background


# -- audio --------------------------------------------------------------------------------------


def _video_with_a_tone(path: Path, frames: int, fps: int = 30) -> Path:
    """A black 64x48 H.264 video of `frames` frames with a 440 Hz AAC tone as long."""
    with av.open(str(path), "w") as out:
        video = out.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        audio = out.add_stream("aac", rate=44100)
        audio.layout = "mono"
        for _ in range(frames):
            out.mux(video.encode(av.VideoFrame.from_ndarray(np.zeros((48, 64, 3), np.uint8),
                                                            format="bgr24")))
        samples = int(44100 * frames / fps)
        tone = (0.3 * np.sin(2 * np.pi * 440 * np.arange(samples) / 44100)).astype(np.float32)
        for start in range(0, samples, 1024):
            chunk = av.AudioFrame.from_ndarray(tone[None, start:start + 1024], format="flt",
                                               layout="mono")
            chunk.sample_rate, chunk.pts = 44100, start
            chunk.time_base = Fraction(1, 44100)
            out.mux(audio.encode(chunk))
        out.mux(video.encode(None))
        out.mux(audio.encode(None))
    return path


def test_the_sources_audio_is_kept(tmp_path: Path):
    frames = 45
    source = _video_with_a_tone(tmp_path / "tone.mp4", frames)
    info = VideoInfo(path=source, width=64, height=48, fps=30.0, frame_count=frames,
                     duration_s=frames / 30.0, rotation_deg=0)
    recording = Recording(ResolvedExercise.resolve("squat"), path=str(source), kind="video",
                          fps=30.0, image_size=(64, 48), model="lite", options={}, video=info)
    poses = PoseBlock.from_frames(squat_set(1)[:frames])
    observed = [Observed(poses, [np.zeros((48, 64, 3), np.uint8)] * len(poses))]
    out = tmp_path / "out.mp4"
    run_set(observed, Engine(recording.exercise.spec), recording, {"video": out})
    with av.open(str(out)) as container:
        (audio,) = container.streams.audio
        assert audio.codec_context.name == "aac"
        heard = sum(f.samples for f in container.decode(audio)) / audio.rate
    assert heard == pytest.approx(frames / 30.0, abs=0.1)
    assert os.path.getsize(out) > 0
