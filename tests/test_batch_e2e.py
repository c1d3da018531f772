"""A batch of real clips through the real model (end-to-end; needs mediapipe and a model).

Clips from ../shared/clips: squat/calimiro_squat_11.mp4 (144 frames, 1280x720) and
squat/kaiakol_squat_correct_003.mp4 (34 frames), plus a damaged copy of the first
(its first 20 kB only), checked with the lite model.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from formcheck.cli import main
from formcheck.errors import UserError
from formcheck.pose.weights import resolve_model
from formcheck.report.write import read_report
from formcheck.session.exercise import ResolvedExercise
from formcheck.session.options import CheckOptions
from formcheck.session.runner import run_recording

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
pytest.importorskip("mediapipe")

CLIPS = ("squat/calimiro_squat_11.mp4", "squat/kaiakol_squat_correct_003.mp4")


@pytest.fixture(scope="module")
def videos(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not os.environ.get("FORMCHECK_MODEL_DIR"):
        pytest.skip("set FORMCHECK_MODEL_DIR to a folder with the pose models")
    try:
        resolve_model("lite", download=False)
    except UserError as exc:
        pytest.skip(str(exc))
    clips = Path(__file__).resolve().parents[2] / "shared" / "clips"
    if not all((clips / c).is_file() for c in CLIPS):
        pytest.skip(f"clips not available in {clips}")
    folder = tmp_path_factory.mktemp("videos")
    for clip in CLIPS:
        shutil.copy(clips / clip, folder / Path(clip).name)
    (folder / "damaged.mp4").write_bytes((clips / CLIPS[0]).read_bytes()[:20_000])
    return folder


def test_video_batch_matches_single_checks(videos: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["check", str(videos), "-e", "squat", "--model", "lite", "--out-dir", str(out),
            "--workers", "2", "--resize", "640", "-q"]
    assert main(args) == 2  # the damaged file
    rows = {Path(r["file"]).name: r for r in json.loads((out / "summary.json").read_text())}
    damaged = rows["damaged.mp4"]
    assert damaged["status"] == "error" and "damaged.mp4" in damaged["error"]
    options = CheckOptions(model="lite", resize=640)
    for clip in CLIPS:
        name = Path(clip).name
        row = rows[name]
        assert row["status"] == "ok" and row["processing_s"] > 0
        batch = read_report(out / row["report"])
        single = run_recording(videos / name, ResolvedExercise.resolve("squat"), options)
        assert batch.options["resize"] == 640 and batch.options["model"] == "lite"
        assert batch.model_dump(exclude={"created_at"}) == single.model_dump(exclude={"created_at"})
    assert main(args) == 2
    statuses = [r["status"] for r in json.loads((out / "summary.json").read_text())]
    assert sorted(statuses) == ["error", "skipped", "skipped"]
