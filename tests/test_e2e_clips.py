"""`formcheck check` with the real model on the labelled clips in ../shared/clips.

Counts must equal the labels: `reps`, or any count in `reps_ok` where the label
gives the counts its rule allows at an ambiguous clip edge, and `holds` where the
label gives them. A clip of an exercise formcheck does not have yet is skipped,
naming the missing exercise. A clip whose label is right by its rule but which the
exercise language cannot count yet, or whose label the frames contradict, is an
expected failure (strict), with the reason.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

import pytest

from formcheck.cli import main

pytestmark = pytest.mark.e2e

# Clips counted otherwise than labelled, with the reason: a label that the frames contradict
# (see the closing note), or a clip the exercise language cannot count yet.
CANNOT_COUNT = {
    "pull_up/myoxyn_pull_up_2.mp4": (
        "we read 3 pull-ups where the label says 4: tops at 3.6-4.4, 6.5-7.0 and 9.6-10.0 s, "
        "straight-arm hangs at 5.2-5.6 and 8.0-8.5 s; the label's tops at 5.8-6.2 and "
        "7.5-7.8 s are the rise and the lowering of the rep that tops at 6.5-7.0 s"
    ),
}


def _labels() -> list[dict]:
    path = Path(os.environ.get("FORMCHECK_CLIPS_DIR",
                               Path(__file__).resolve().parents[2] / "shared" / "clips"))
    if not (path / "labels.toml").is_file():
        return []
    clips = tomllib.loads((path / "labels.toml").read_text())["clip"]
    return [dict(c, path=path / c["file"]) for c in clips]


@pytest.fixture(scope="module", autouse=True)
def _model_available() -> None:
    pytest.importorskip("mediapipe")
    if not os.environ.get("FORMCHECK_MODEL_DIR"):
        pytest.skip("set FORMCHECK_MODEL_DIR to a folder with the pose models")


def check(clip: dict, tmp_path: Path, *extra: str) -> dict:
    out = tmp_path / "report.json"
    code = main(["check", str(clip["path"]), "-e", clip["exercise"], "-o", str(out), "-q",
                 *extra])
    assert code == 0
    return json.loads(out.read_text())


EXERCISES = Path(__file__).resolve().parents[1] / "exercises"
COUNTED = [c for c in _labels() if "reps" in c or "holds" in c]


def _skip_missing_exercise(clip: dict) -> None:
    if not (EXERCISES / f"{clip['exercise']}.toml").is_file():
        pytest.skip(f"formcheck has no exercise {clip['exercise']!r} yet")


def _param(clip: dict):
    reason = CANNOT_COUNT.get(clip["file"])
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(clip, id=clip["file"], marks=marks)


@pytest.mark.parametrize("clip", [_param(c) for c in COUNTED])
def test_count_matches_label(clip: dict, tmp_path: Path) -> None:
    _skip_missing_exercise(clip)
    report = check(clip, tmp_path)
    assert report["measurable"], report["not_measurable_reason"]
    if "reps" in clip:
        allowed = clip.get("reps_ok", [clip["reps"]])
        assert sum((report["rep_counts"] or {}).values()) in allowed
    if "holds" in clip:
        assert len(report["holds"]) == clip["holds"]


def _clip(file: str) -> dict:
    found = [c for c in _labels() if c["file"] == file]
    if not found:
        pytest.skip(f"clip {file} not available")
    return found[0]


@pytest.mark.slow
def test_knee_hug_reports_three_holds(tmp_path: Path) -> None:
    report = check(_clip("knee_hug/clinic_knee_to_chest.mp4"), tmp_path)
    assert len(report["holds"]) == 3
    assert all(h["good_form_s"] >= 4 for h in report["holds"])


@pytest.mark.slow
def test_pelvic_tilt_is_not_measurable(tmp_path: Path) -> None:
    report = check(_clip("pelvic_tilt/clinic_pelvic_tilt.mp4"), tmp_path)
    assert report["measurable"] is False
    assert report["rep_counts"] is None
    assert "resolve" in report["not_measurable_reason"]


def test_saved_track_rechecks_to_the_same_counts(tmp_path: Path) -> None:
    clip = _clip("bird_dog/rendered_bird_dog_side.mp4")
    track = tmp_path / "bird.track.npz"
    video_report = check(clip, tmp_path, "--save-track", str(track))
    out = tmp_path / "again.json"
    assert main(["check", str(track), "-e", "bird_dog", "-o", str(out), "-q"]) == 0
    track_report = json.loads(out.read_text())
    assert track_report["rep_counts"] == video_report["rep_counts"] == {"left": 1, "right": 1}
    assert len(track_report["flags"]) == len(video_report["flags"])


def test_annotated_video_is_written(tmp_path: Path) -> None:
    import cv2

    clip = _clip("bird_dog/studio_bird_dog_side.gif")
    annotated = tmp_path / "annotated.mp4"
    check(clip, tmp_path, "--annotate", str(annotated))
    cap = cv2.VideoCapture(str(annotated))
    frames = int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
    cap.release()
    assert frames >= 40
