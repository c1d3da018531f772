"""The command line: user mistakes give one line and exit code 2; outputs are whole or absent."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import numpy as np
import pytest
from exercise_factory import exercise_path
from pose_factory import squat_set

from formcheck.cli import main
from formcheck.pose.block import PoseBlock
from formcheck.pose.track import Track, save_track

# The tests' own squat rules (reps past 45 degrees of thigh angle, depth target 70).
SIDE_SQUAT = str(exercise_path("side_squat"))


@pytest.fixture()
def squat_track(tmp_path: Path) -> Path:
    path = tmp_path / "squats.track.npz"
    save_track(Track(PoseBlock.from_frames(squat_set(3)), {"fps": 30.0}), path)
    return path


REPO = Path(__file__).resolve().parents[1]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_user_error(code: int, err: str, *needles: str) -> None:
    assert code == 2
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    for needle in needles:
        assert needle in err


def test_check_track_prints_summary_and_writes_report(capsys, squat_track, tmp_path) -> None:
    out_path = tmp_path / "r.json"
    code, out, _ = run(capsys, "check", str(squat_track), "-e", SIDE_SQUAT, "-o", str(out_path))
    assert code == 0
    assert "reps: 3" in out
    report = json.loads(out_path.read_text())
    assert report["format"] == "formcheck-report" and report["version"] == 1
    assert report["rep_counts"] == {"both": 3}
    assert report["source"]["kind"] == "track"


def test_debug_hud_needs_an_annotated_video(capsys, squat_track, tmp_path) -> None:
    code, _, err = run(capsys, "check", str(squat_track), "-e", SIDE_SQUAT, "--debug-hud",
                       "-o", str(tmp_path / "r.json"))
    assert_user_error(code, err, "--debug-hud shows on the annotated video: add --annotate")
    assert not (tmp_path / "r.json").exists()


def test_a_track_is_annotated_with_the_debugging_figures_when_asked(capsys, squat_track,
                                                                    tmp_path) -> None:
    import av

    video = tmp_path / "a.mp4"
    code, _, _ = run(capsys, "check", str(squat_track), "-e", SIDE_SQUAT, "-q", "--debug-hud",
                     "--annotate", str(video), "-o", str(tmp_path / "r.json"))
    assert code == 0
    with av.open(str(video)) as container:
        picture = next(container.decode(video=0)).to_ndarray(format="bgr24")
    # the figures' shaded box at the top right, over the plain background
    h, w = picture.shape[:2]
    assert picture[: h // 10, w - w // 10:].max() > 150


def test_fail_on_flags(capsys, tmp_path) -> None:
    track = tmp_path / "shallow.track.npz"
    save_track(Track(PoseBlock.from_frames(squat_set(2, depth_deg=60))), track)
    args = ["check", str(track), "-e", SIDE_SQUAT, "-o", str(tmp_path / "r.json"), "-q"]
    assert run(capsys, *args)[0] == 0
    assert run(capsys, *args, "--fail-on-flags")[0] == 1  # the depth target was missed


def test_missing_input(capsys, tmp_path) -> None:
    out_path = tmp_path / "r.json"
    code, _, err = run(capsys, "check", str(tmp_path / "nope.mp4"), "-e", "squat",
                       "-o", str(out_path))
    assert_user_error(code, err, "nope.mp4")
    assert not out_path.exists()


@pytest.mark.parametrize("content", [b"", b"this is not a video at all\n" * 50])
def test_not_a_video(capsys, tmp_path, content: bytes) -> None:
    fake = tmp_path / "clip.mp4"
    fake.write_bytes(content)
    out_path = tmp_path / "r.json"
    code, _, err = run(capsys, "check", str(fake), "-e", "squat", "-o", str(out_path))
    assert_user_error(code, err, "clip.mp4")
    assert not out_path.exists()


def test_corrupt_track(capsys, tmp_path) -> None:
    bad = tmp_path / "bad.track.npz"
    bad.write_bytes(b"PK\x03\x04 broken")
    code, _, err = run(capsys, "check", str(bad), "-e", "squat", "-o", str(tmp_path / "r.json"))
    assert_user_error(code, err, "bad.track.npz")


def test_track_with_wrong_shapes_names_the_field(capsys, tmp_path, squat_track) -> None:
    with np.load(squat_track) as data:
        arrays = {k: data[k] for k in data.files}
    arrays["world_xyz"] = arrays["world_xyz"][:, :5]
    bad = tmp_path / "shapes.track.npz"
    np.savez(bad, **arrays)
    code, _, err = run(capsys, "check", str(bad), "-e", "squat", "-o", str(tmp_path / "r.json"))
    assert_user_error(code, err, "world_xyz")


def test_unknown_exercise(capsys, squat_track, tmp_path) -> None:
    code, _, err = run(capsys, "check", str(squat_track), "-e", "zumba",
                       "-o", str(tmp_path / "r.json"))
    assert_user_error(code, err, "zumba", "squat")


def test_malformed_exercise_file(capsys, squat_track, tmp_path) -> None:
    bad = tmp_path / "broken.toml"
    bad.write_text("id = 'x'\nname = [\n")
    code, _, err = run(capsys, "check", str(squat_track), "-e", str(bad),
                       "-o", str(tmp_path / "r.json"))
    assert_user_error(code, err, "broken.toml", "TOML")


def test_usage_error_exits_2(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check", "--no-such-option"])
    assert exc.value.code == 2


def test_exercises_lists_every_exercise_and_its_checks(capsys) -> None:
    code, out, _ = run(capsys, "exercises")
    assert code == 0
    assert "bird_dog" in out and "Keep" not in out
    assert "Back stays flat" in out


def test_exercises_show_gives_every_check_with_its_cue_and_camera_note(capsys) -> None:
    path = Path(__file__).resolve().parents[1] / "exercises" / "bird_dog.toml"
    spec = tomllib.loads(path.read_text())
    code, out, _ = run(capsys, "exercises", "show", "bird_dog")
    assert code == 0
    flat = " ".join(out.split())  # undo the wrapping
    assert out.startswith("Bird dog (exercise id: bird_dog)\n")
    assert "Programme: 3 sets of 10 reps, alternating sides, each held 5 s" in flat
    assert "Camera: side or three-quarter view" in flat
    for number, check in enumerate(spec["constraints"], 1):
        # headed by its description; the id, which `history adjust --check` takes, labelled
        assert f'{number}. {" ".join(check["description"].split())}' in flat
        assert f'(check id: {check["id"]})' in flat
        assert f'Cue: "{check["cue"]}"' in flat
        if check.get("observability"):
            assert " ".join(check["observability"].split()) in flat
    code, _, err = run(capsys, "exercises", "show", "no_such_exercise")
    assert_user_error(code, err, "no_such_exercise")


def test_exercises_show_a_timed_hold(capsys) -> None:
    code, out, _ = run(capsys, "exercises", "show", "prone_lying")
    assert code == 0
    assert "Programme: 1 set, held 120 s" in out


def test_exercises_show_a_timed_test(capsys) -> None:
    code, out, _ = run(capsys, "exercises", "show", "chair_stand_30s")
    assert code == 0
    assert "Programme: 1 set, as many reps as possible in 30 s" in " ".join(out.split())


def test_exercises_show_says_a_set_may_start_at_the_far_end(capsys) -> None:
    code, out, _ = run(capsys, "exercises", "show", "hip_hinge")
    assert code == 0
    flat = " ".join(out.split())
    assert ("a set that begins at the far end (past 45°) and stays there for 0.15 s or more "
            "is counted from there and back") in flat
    code, out, _ = run(capsys, "exercises", "show", "squat")
    assert "begins at the far end" not in " ".join(out.split())


def test_exercises_validate(capsys, tmp_path) -> None:
    good = Path(__file__).resolve().parents[1] / "exercises" / "squat.toml"
    code, out, _ = run(capsys, "exercises", "validate", str(good))
    assert code == 0 and "ok" in out
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "bad"\nname = "Bad"\nviews = ["side"]\n[metrics.a]\nkind = "angle"\n'
                   'at = ["hip", "knee", "toe"]\n[rep]\ndriver = "a"\nrest = 1\nfar = 2\n')
    code, _, err = run(capsys, "exercises", "validate", str(bad))
    assert_user_error(code, err, "bad.toml", "toe")


def test_csv_conversion_round_trip(capsys, tmp_path) -> None:
    rows = ["frame,timestamp_ms,landmark,x,y,z,visibility"]
    for frame in range(3):
        rows += [f"{frame},{frame * 33.3},left_knee,0.5,0.6,0.0,0.9",
                 f"{frame},{frame * 33.3},24,0.4,0.5,0.0,0.8"]
    csv = tmp_path / "in.csv"
    csv.write_text("\n".join(rows) + "\n")
    target = tmp_path / "out.track.npz"
    code, out, _ = run(capsys, "track", "convert", str(csv), str(target))
    assert code == 0 and "3 frames" in out
    code, out, _ = run(capsys, "track", "info", str(target))
    assert code == 0 and "3 frames" in out


def test_csv_with_bad_value_names_line_and_field(capsys, tmp_path) -> None:
    csv = tmp_path / "in.csv"
    csv.write_text("frame,timestamp_ms,landmark,x,y,z,visibility\n0,0,left_knee,0.5,abc,0,1\n")
    code, _, err = run(capsys, "track", "convert", str(csv), str(tmp_path / "o.track.npz"))
    assert_user_error(code, err, "in.csv:2", "'y'", "abc")


def test_patient_option_saves_the_session_in_history(capsys, squat_track, tmp_path,
                                                     monkeypatch) -> None:
    db = tmp_path / "history.sqlite"
    monkeypatch.setenv("FORMCHECK_HISTORY_DB", str(db))
    code, out, _ = run(capsys, "check", str(squat_track), "-e", SIDE_SQUAT,
                       "-o", str(tmp_path / "r.json"), "--patient", "Zoë M")
    assert code == 0 and "saved as session" in out
    code, out, _ = run(capsys, "history", "--db", str(db), "--patient", "Zoë M", "list")
    assert code == 0 and "side_squat" in out.lower()


def test_summary_speaks_in_labels_and_units_and_explains_only_when_asked(capsys) -> None:
    """The bird-dog faults sample: a flag line gives the cue, the value against the limit in
    degrees and the severity; not-checked lines are short; no metric id reaches the reader."""
    import tomllib

    sample = REPO / "samples" / "bird_dog_faults_side.track.npz"
    code, out, _ = run(capsys, "check", str(sample), "-e", "bird_dog", "-o", "/dev/null")
    assert code == 0
    ids = tomllib.loads((REPO / "exercises" / "bird_dog.toml").read_text())["metrics"]
    for metric_id in ids:
        assert metric_id not in out
    assert "None" not in out
    assert '"Keep your back flat like a tabletop"  back line +' in out
    assert "° (limit +7°)  [warning]" in out
    unchecked = [line for line in out.splitlines() if "not checked" in line]
    assert len(unchecked) == 2 and all("needs a three-quarter view" in u for u in unchecked)
    assert all(len(u) < 120 for u in unchecked)
    assert "What each check means" not in out
    code, explained, _ = run(capsys, "check", str(sample), "-e", "bird_dog", "-o", "/dev/null",
                             "--explain")
    assert "What each check means" in explained and "Proxy: the shoulder-to-hip line" in explained


def test_a_timed_flag_line_gives_the_time_against_the_asked_time(capsys) -> None:
    """The dead-bug faults sample's rushed rep: its flag line says how long the rep took
    against the least time asked for, in seconds, like a measured value against its limit."""
    sample = REPO / "samples" / "dead_bug_faults_side.track.npz"
    code, out, _ = run(capsys, "check", str(sample), "-e", "dead_bug", "-o", "/dev/null")
    assert code == 0
    line = next(x for x in out.splitlines() if '"Slow down, move with control"' in x)
    assert re.search(r"rep took \d\.\d s \(at least 2 s\)  \[note\]$", line), line


def test_the_summary_says_where_the_annotated_video_went(capsys, tmp_path) -> None:
    sample = REPO / "samples" / "dead_bug_side.track.npz"
    video = tmp_path / "dead bug.mp4"
    code, out, _ = run(capsys, "check", str(sample), "-e", "dead_bug", "-o", "/dev/null",
                       "--annotate", str(video))
    assert code == 0 and video.stat().st_size > 0
    assert f"annotated video: {video}" in out.splitlines()
