"""The report finds its video and track where they were when it was made, and says which is
missing, and how to give it, when one has moved."""

from __future__ import annotations

import base64
import io
import re
import shutil
from pathlib import Path

import numpy as np
from PIL import Image
from report_factory import make_report, still_track

from formcheck.cli import main
from formcheck.report.html import render_html
from formcheck.report.media import find_media
from formcheck.report.write import read_report, write_report
from formcheck.session.recording import Recording

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "bird_dog_faults_side.track.npz"


def _pictures(page: str, kind: str) -> list[Image.Image]:
    found = re.findall(rf"data:image/{kind};base64,([A-Za-z0-9+/=]+)", page)
    return [Image.open(io.BytesIO(base64.b64decode(b))) for b in found]


def test_a_report_records_its_video_and_saved_track_as_absolute_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    recording = Recording(exercise=None, path="clips/set.mp4", kind="video", fps=25.0,  # type: ignore[arg-type]
                          image_size=(64, 48), model="lite", options={})
    video, track = recording.media_paths(Path("out/set.track.npz"))
    assert video == str(tmp_path / "clips" / "set.mp4")
    assert track == str(tmp_path / "out" / "set.track.npz")


def test_a_track_checked_here_is_found_by_a_report_made_elsewhere(tmp_path, monkeypatch):
    here, elsewhere = tmp_path / "here", tmp_path / "elsewhere"
    here.mkdir()
    elsewhere.mkdir()
    shutil.copy(SAMPLE, here / "set.track.npz")
    monkeypatch.chdir(here)
    assert main(["check", "set.track.npz", "-e", "bird_dog", "-o", "set.json", "-q"]) == 0
    assert read_report(here / "set.json").source.track == str(here / "set.track.npz")
    monkeypatch.chdir(elsewhere)
    assert main(["report", str(here / "set.json"), "-o", "set.html"]) == 0
    page = (elsewhere / "set.html").read_text(encoding="utf-8")
    assert "not at hand" not in page and "No landmark track" not in page
    assert page.count('class="skeleton"') == 2


def test_a_moved_track_and_video_are_named_with_the_option_that_finds_them(tmp_path):
    report = make_report(reps=1)
    src = report.source.model_copy(update={"video": "/gone/set.mp4",
                                           "track": "/gone/set.track.npz"})
    media = find_media(report.model_copy(update={"source": src}))
    assert media.missing == [
        "The landmark track /gone/set.track.npz is not at hand (moved or deleted?): no skeleton "
        "drawings or replays; give its new place with --track.",
        "The video /gone/set.mp4 is not at hand (moved or deleted?): pictures are skeleton "
        "drawings; give its new place with --video.",
    ]


def test_a_report_given_its_moved_track_uses_it(tmp_path, capsys):
    track = still_track(tmp_path / "moved.track.npz")
    report = make_report(reps=2)
    src = report.source.model_copy(update={"track": "/gone/set.track.npz"})
    json_path = tmp_path / "set.json"
    write_report(report.model_copy(update={"source": src}), json_path)
    assert main(["report", str(json_path), "--track", str(track)]) == 0
    page = (tmp_path / "set.html").read_text(encoding="utf-8")
    assert "landmark track" not in " ".join(re.findall(r'<p class="note">(.*?)</p>', page))
    assert page.count('<img class="clip"') == 2


def _blue_video(path: Path, frames: int = 300) -> Path:
    """`frames` frames (25 per second, 64x48) of plain blue."""
    import cv2

    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 25.0, (64, 48))
    for _ in range(frames):
        writer.write(np.full((48, 64, 3), (255, 0, 0), np.uint8))
    writer.release()
    return path


def test_video_pictures_show_the_frame_with_the_checked_bones_in_red(tmp_path):
    video = _blue_video(tmp_path / "set.mp4")
    track = still_track(tmp_path / "set.track.npz")
    report = make_report(reps=1, source_path=str(video))
    page = render_html(report, find_media(report, track=track))
    stills = _pictures(page, "jpeg")
    assert len(stills) == 1
    pixels = np.asarray(stills[0].convert("RGB")).reshape(-1, 3).astype(int)
    blue = (pixels[:, 2] > 180) & (pixels[:, 0] < 60)
    red = (pixels[:, 0] > 180) & (pixels[:, 1] < 120) & (pixels[:, 2] < 120)
    green = (pixels[:, 1] > 140) & (pixels[:, 0] < 140) & (pixels[:, 2] < 140)
    assert blue.mean() > 0.8  # the video frame itself
    assert red.any() and green.any()  # the hip-to-knee line the depth check reads, the rest
    (clip,) = _pictures(page, "webp")
    assert clip.is_animated and 10 <= clip.n_frames <= 16  # about 2 s at 6 frames/s
