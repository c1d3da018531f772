"""`formcheck live` with the real model against `formcheck check` on the same clips.

The live run plays each clip frame for frame (``--pace lossless``): every frame
is analysed, as in batch with ``--every-frame``, so the reports must agree exactly.
Real-time playback drops frames and is measured, not asserted, by bench/bench_live.py (which also
runs this comparison on every clip with a rep label).
"""

from __future__ import annotations

import json
import os

import pytest

from formcheck.cli import main

pytestmark = pytest.mark.e2e

CLIPS = [
    ("squat", "squat/calimiro_squat_13.mp4"),
    ("squat", "squat/kaiakol_squat_correct_001.avi"),
    ("push_up", "push_up/calimiro_push-up_1.mp4"),
    ("bird_dog", "bird_dog/studio_bird_dog_side.gif"),
]


@pytest.fixture(scope="module", autouse=True)
def _model_available() -> None:
    pytest.importorskip("mediapipe")
    if not os.environ.get("FORMCHECK_MODEL_DIR"):
        pytest.skip("FORMCHECK_MODEL_DIR is not set (no model to run)")


@pytest.mark.parametrize(("exercise", "name"), CLIPS)
def test_live_report_matches_check_report(tmp_path, clips_dir, exercise, name):
    clip = str(clips_dir / name)
    live = ["live", "-e", exercise, "--source", clip, "--pace", "lossless", "--no-window",
            "--mute", "--model", "lite", "--sets", "1", "--reps", "0", "-q",
            "-o", str(tmp_path / "live")]
    check = ["check", clip, "-e", exercise, "--model", "lite", "--every-frame", "-q",
             "-o", str(tmp_path / "check.json")]
    assert main(live) == 0
    assert main(check) == 0
    got = json.loads((tmp_path / "live.set1.json").read_text())
    want = json.loads((tmp_path / "check.json").read_text())
    assert got["rep_counts"] == want["rep_counts"]
    assert got["reps"] == want["reps"]
    assert got["flags"] == want["flags"]
