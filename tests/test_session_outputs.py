"""The session runner's outputs: asked for by name, written from one run, refused early.

Inputs are small squat tracks from `batch_factory` (no model, no video needed).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from batch_factory import write_squat_track

from formcheck.errors import UserError
from formcheck.pose.track import load_track
from formcheck.report.write import read_report
from formcheck.session.exercise import ResolvedExercise
from formcheck.session.options import CheckOptions
from formcheck.session.outputs.registry import OUTPUTS, output_class
from formcheck.session.runner import run_recording


@pytest.fixture(scope="module")
def squat() -> ResolvedExercise:
    return ResolvedExercise.resolve("squat")


def test_every_registered_output_has_its_module(squat: ResolvedExercise) -> None:
    assert list(OUTPUTS) == ["video", "video_debug", "track", "json", "html", "summary",
                             "explanations"]
    for name in OUTPUTS:
        assert output_class(name).__name__ == OUTPUTS[name][1]
    valid = "video, video_debug, track, json, html, summary, explanations"
    with pytest.raises(ValueError, match=f"valid outputs: {valid}"):
        output_class("pdf")


def test_one_run_writes_every_output_asked_for(
    tmp_path: Path, squat: ResolvedExercise, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_squat_track(tmp_path / "in.track.npz", reps=2)
    outputs = {"json": tmp_path / "r.json", "track": tmp_path / "copy.track.npz",
               "html": tmp_path / "r.html", "summary": None}
    report = run_recording(source, squat, CheckOptions(stride=2), outputs=outputs)
    assert read_report(outputs["json"]).model_dump() == report.model_dump()
    saved, original = load_track(outputs["track"]), load_track(source)
    # a track input is saved whole (every frame, its metadata), whatever was sampled
    assert len(saved) == len(original) == 2 * report.source.frames
    assert np.array_equal(saved.poses.image_xy, original.poses.image_xy)
    assert saved.meta == original.meta
    assert "Squat" in outputs["html"].read_text(encoding="utf-8")
    printed = capsys.readouterr().out
    assert printed.startswith("Squat")
    assert printed.rstrip().splitlines()[-3:] == [f"report: {outputs['json']}",
                                                  f"report page: {outputs['html']}",
                                                  f"track: {outputs['track']}"]


def test_nothing_is_written_unless_asked(tmp_path: Path, squat: ResolvedExercise,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    source = write_squat_track(tmp_path / "in.track.npz", reps=1)
    report = run_recording(source, squat, CheckOptions())
    assert report.rep_counts == {"both": 1}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.track.npz"]
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(("outputs", "message"), [
    ({"video": Path("/dev/null/a.mp4")}, "a.mp4"),
    ({"video": Path("a.avi")}, "--annotate a.avi: the name must end in .mp4"),
    ({"track": Path("copy.npz")}, "--save-track copy.npz: the name must end in .track.npz"),
])
def test_an_output_that_cannot_be_written_is_refused_before_any_work(
    tmp_path: Path, squat: ResolvedExercise, outputs: dict, message: str
) -> None:
    source = write_squat_track(tmp_path / "in.track.npz", reps=1)
    with pytest.raises(UserError, match=message):
        run_recording(source, squat, CheckOptions(),
                      outputs={**outputs, "json": tmp_path / "r.json"})
    assert not (tmp_path / "r.json").exists()
