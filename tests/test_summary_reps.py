"""The printed summary names reps that were not counted in plain words.

Two side-view squats of the test rules (``tests/exercises/side_squat.toml``: rest under
30 degrees of thigh angle, far past 45); the recording ends while the second squat is
three quarters of the way back up (thigh at 25 degrees, a quarter of the 80-degree range
from the start, more than the 20 % `end_within` allows).
"""

from __future__ import annotations

from pathlib import Path

from exercise_factory import exercise_path
from pose_factory import squat_set

from formcheck.cli import main
from formcheck.pose.block import PoseBlock
from formcheck.pose.track import Track, save_track


def test_a_squat_cut_off_on_the_way_up_is_named_unfinished(capsys, tmp_path: Path) -> None:
    frames = squat_set(2)[:171]  # 1 s standing, a squat, 1 s standing, 50 of the 60 frames
    path = tmp_path / "cut.track.npz"
    save_track(Track(PoseBlock.from_frames(frames), {"fps": 30.0}), path)
    code = main(["check", str(path), "-e", str(exercise_path("side_squat")), "-o",
                 str(tmp_path / "r.json")])
    out = capsys.readouterr().out
    assert code == 0
    assert "reps: 1" in out
    [line] = [line for line in out.splitlines() if "unfinished" in line]
    assert line.strip().startswith("unfinished rep, not counted")
    assert "the recording ended before the rep did" in line
