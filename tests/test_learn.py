"""`formcheck exercises learn` on synthesized demonstrations: driver, sides, thresholds, checks.

A synthesized set has a known script (which joints move, how many reps, which
sides), so what is learned can be compared with what was demonstrated.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from formcheck.errors import UserError
from formcheck.learn import learn_exercise
from formcheck.learn.bank import CANDIDATES, BankReading
from formcheck.learn.bends import sideless_bends
from formcheck.learn.confirm import check_block, confirm, counted_reps
from formcheck.learn.driver import find_driver
from formcheck.learn.excursions import read_reps
from formcheck.learn.learn import counted_views
from formcheck.pose.block import PoseBlock
from formcheck.pose.landmarks import Landmark
from formcheck.pose.track import save_track
from formcheck.spec import load_exercise
from formcheck.synth import Camera, FaultSpec, synthesize
from tests.cli_checks import assert_one_line_exit_2, run


def _learn(result, **kw):
    return learn_exercise(result.block, demo="demo", exercise_id="learned", name="Learned", **kw)


@pytest.fixture(scope="module")
def squat():
    return synthesize("squat", seed=3, reps=4)


def test_excursions_count_rises_and_their_levels() -> None:
    t = np.linspace(0, 4 * 2 * np.pi, 400)
    x = 100 + 40 * np.maximum(np.sin(t), 0.0)  # four reps from 100 up to 140, rests between
    reps = read_reps(x, noise=0.5, rises=True)
    assert reps is not None and len(reps.excursions) == 4
    assert reps.rest == pytest.approx(100, abs=3) and reps.far == pytest.approx(140, abs=1)
    assert reps.starts_at_rest


def test_squat_is_driven_by_the_legs_both_sides_together(squat) -> None:
    learned = _learn(squat, reps=4)
    spec = learned.spec
    assert learned.sides == "two-sided"
    assert spec.rep is not None
    assert spec.rep.driver in {"thigh_angle", "knee_angle", "hip_angle", "shin_angle"}
    assert spec.metrics[spec.rep.driver].side_mode == "mean"
    assert spec.prescription.sides == "both"
    # The thresholds lie inside the demonstrated range: standing near straight, deep bend far.
    driver = squat.block
    assert counted_reps(check_block(driver, spec)) == 4


def test_learned_file_loads_with_the_normal_loader_and_says_where_numbers_came_from(
        squat, tmp_path: Path) -> None:
    learned = _learn(squat, reps=4)
    path = tmp_path / "learned.toml"
    path.write_text(learned.text)
    assert load_exercise(path) == learned.spec
    text = learned.text
    assert "# rest at" in text and "median" in text
    assert "widened by a margin of" in text
    assert tomllib.loads(text)["views"][0] == learned.view
    assert "rest_adapts_to" in text and "flagged as partial range" in text


def _opening_at_the_far_end(squat, spec, seconds: float) -> PoseBlock:
    """The demonstration from the bottom of its first rep to the bottom of its last, that
    first bottom held for `seconds` before it (a set set up at the far end)."""
    bottoms = [a.extreme_ms for a in check_block(squat.block, spec).attempts]
    t = squat.block.timestamp_ms
    first, last = (int(np.searchsorted(t, ms)) for ms in (bottoms[0], bottoms[-1]))
    step = float(np.median(np.diff(t)))
    rows = np.r_[np.full(round(seconds * 1000.0 / step), first), np.arange(first, last + 1)]
    return replace(squat.block[rows], timestamp_ms=np.arange(len(rows)) * step,
                   frame_index=np.arange(len(rows)))


def test_a_set_that_stays_at_the_far_end_longer_than_a_rep_turns_there_starts_there(
        squat) -> None:
    spec = _learn(squat, reps=4).spec
    assert spec.rep.start_either_end and spec.rep.start_far_s > spec.rep.min_rest_s
    # Set up at the bottom for twice a rep's turn there: counted from it, bottom to
    # standing and back, as a deadlift from the floor: the three reps after the first.
    held = _opening_at_the_far_end(squat, spec, 2 * spec.rep.start_far_s)
    assert counted_reps(check_block(held, spec)) == 3
    # Rising at once from the first bottom: a rep's turn, counted from standing: the two
    # full squats between, the last still down when the set ends.
    rising = _opening_at_the_far_end(squat, spec, 0.0)
    assert counted_reps(check_block(rising, spec)) == 2


def test_a_standing_joint_angle_counts_from_every_view_checks_keep_the_demo_view(
        squat) -> None:
    learned = _learn(squat, reps=4)
    spec = learned.spec
    assert spec.start_posture == "standing"
    assert spec.metrics[spec.rep.driver].kind in {"angle", "inclination"}
    assert spec.views[0] == learned.view
    assert set(spec.views) == {"side", "front", "oblique"}
    steady = [c for c in spec.constraints if c.kind == "range"]
    assert steady and all(c.views == (learned.view,) for c in steady)
    comments = " ".join(line.removeprefix("# ") for line in learned.text.splitlines())
    assert "read from 3D landmarks" in comments


def test_a_demo_on_the_floor_counts_from_the_side_views_unless_more_are_asked() -> None:
    bridge = synthesize("glute_bridge", seed=3, reps=4)
    learned = _learn(bridge, reps=4)
    assert learned.spec.start_posture == "any"
    assert learned.view == "side" and learned.spec.views == ("side", "oblique")
    widened = _learn(bridge, reps=4, views=("side", "front", "oblique"))
    assert set(widened.spec.views) == {"side", "front", "oblique"}
    assert widened.spec.views[0] == learned.view
    steady = [c for c in widened.spec.constraints if c.kind == "range"]
    assert steady and all(c.views == (learned.view,) for c in steady)


def test_the_lines_follow_a_smaller_range_and_flag_its_reps_as_partial(squat) -> None:
    spec = _learn(squat, reps=4).spec
    rep = spec.rep
    # From rest toward far: the prescribed rest line, its bound, the far line's bound, far.
    lines = [rep.rest, rep.rest_adapts_to, rep.far_adapts_to, rep.far]
    assert lines == sorted(lines, reverse=rep.falls) and len(set(lines)) == 4
    # Another person squatting 40 degrees of knee bend less deep than the demonstrator.
    shallow = synthesize("squat", seed=4, reps=4, faults=[FaultSpec("shallow_depth", 40.0)])
    analysis = check_block(shallow.block, spec)
    assert counted_reps(analysis) == 4
    # every rep short of the prescribed far line (most of them) is flagged partial, no other
    short = {i for i, a in enumerate(analysis.attempts)
             if (a.extreme > rep.far if rep.falls else a.extreme < rep.far)}
    assert len(short) >= 2
    assert {f.attempt for f in analysis.flags if f.constraint_id == "full_range"} == short
    fixed = spec.model_copy(update={"rep": rep.model_copy(
        update={"rest_adapts_to": None, "far_adapts_to": None})})
    assert counted_reps(check_block(shallow.block, fixed)) < 4


def test_clean_demo_confirms_with_no_flags(squat) -> None:
    learned = _learn(squat, reps=4)
    found = confirm(squat.block, learned.spec, learned.demonstrated)
    assert found.problems == []
    assert "reps counted: 4 (demonstrated: 4)" in found.lines


def test_alternating_sides_are_counted_each_on_their_own() -> None:
    lunge = synthesize("lunge", seed=3, reps=3)
    learned = _learn(lunge, reps=6)
    assert learned.sides == "alternating"
    assert learned.spec.prescription.sides == "alternate"
    analysis = check_block(lunge.block, learned.spec)
    sides = {a.side for a in analysis.attempts if a.status.value == "counted"}
    assert sides == {"left", "right"}


def test_a_held_position_gives_a_hold_and_checks_during_it() -> None:
    plank = synthesize("side_plank", seed=3)
    learned = _learn(plank, hold=True)
    spec = learned.spec
    assert spec.hold is not None and spec.rep is None
    assert all(c.during == "hold" for c in spec.constraints)
    assert len(check_block(plank.block, spec).holds) == 1


def test_a_stay_in_position_shorter_than_a_demonstrated_hold_is_not_a_hold() -> None:
    plank = synthesize("plank", seed=3).block
    spec = _learn(synthesize("plank", seed=3), hold=True).spec
    standing = synthesize("squat", seed=3, reps=1).block[:30]  # 1 s at rest, upright
    # In position 1.5 s (passing through it), up for 1 s, then a 4 s hold.
    parts = [plank[:45], standing, plank[:120]]
    block = PoseBlock.concatenate(parts)
    n = len(block)
    block = replace(block, timestamp_ms=np.arange(n) * 1000.0 / 30, frame_index=np.arange(n))
    holds = check_block(block, spec).holds
    assert len(holds) == 1 and holds[0].start_ms >= 2400


def _shrugged(block: PoseBlock, frames: slice) -> PoseBlock:
    """`block` with the ears drawn down onto the shoulders over `frames`."""
    world, image = block.world_xyz.copy(), block.image_xy.copy()
    for ear, shoulder in ((Landmark.LEFT_EAR, Landmark.LEFT_SHOULDER),
                          (Landmark.RIGHT_EAR, Landmark.RIGHT_SHOULDER)):
        for points in (world, image):
            points[frames, ear] = points[frames, shoulder] + 0.1 * (
                points[frames, ear] - points[frames, shoulder])
    return replace(block, world_xyz=world, image_xy=image)


def test_a_hold_check_flags_a_held_fault_not_a_blip() -> None:
    plank = synthesize("plank", seed=3)  # in position from 2.4 s to 22.7 s, at 30 frames/s
    spec = _learn(plank, hold=True).spec
    assert "shoulder_to_ear" in {c.metric for c in spec.constraints if c.kind == "range"}
    blip = check_block(_shrugged(plank.block, slice(300, 312)), spec).flags  # 0.4 s
    assert [f for f in blip if f.metric == "shoulder_to_ear"] == []
    held = check_block(_shrugged(plank.block, slice(300, 360)), spec).flags  # 2 s
    assert {f.metric for f in held} == {"shoulder_to_ear"}


def test_a_fault_along_a_steady_metric_is_flagged_on_its_rep() -> None:
    curl = synthesize("bicep_curl", seed=3, reps=5)
    learned = _learn(curl, reps=5)
    assert learned.spec.rep.driver in {"elbow_angle", "forearm_angle"}
    assert "upper_arm_angle" in {c.metric for c in learned.spec.constraints if c.kind == "range"}
    faulted = synthesize("bicep_curl", seed=3, reps=5,
                         faults=[FaultSpec("elbow_drift", 30.0, reps=(2,))])
    (event,) = faulted.truth["faults"]
    flags = check_block(faulted.block, learned.spec).flags
    assert flags, "a 30-degree elbow drift during one rep raised no flag"
    assert {f.metric for f in flags} <= {"upper_arm_angle", "shoulder_angle"}
    assert all(event["start_ms"] <= f.start_ms <= event["end_ms"] for f in flags)


def test_a_steady_metric_held_elsewhere_from_the_start_is_not_a_fault() -> None:
    """Where a body holds a steady metric differs from person to person; the band is a
    change from the person's own start, so only a change during the set is flagged."""
    demo = synthesize("bird_dog", seed=1, reps=2)
    spec = _learn(demo).spec
    checked = {c.metric for c in spec.constraints if c.kind == "range"}
    assert "head_height" in checked
    # Another person carrying the head 8 cm (about 15 % of the torso) higher all along.
    world = demo.block.world_xyz.copy()
    world[:, Landmark.NOSE, 1] -= 0.08
    image = demo.block.image_xy.copy()
    torso_px = np.nanmedian(np.linalg.norm(
        image[:, Landmark.LEFT_SHOULDER] - image[:, Landmark.LEFT_HIP], axis=1))
    torso_m = np.nanmedian(np.linalg.norm(
        world[:, Landmark.LEFT_SHOULDER] - world[:, Landmark.LEFT_HIP], axis=1))
    image[:, Landmark.NOSE, 1] -= 0.08 * torso_px / torso_m
    higher = replace(demo.block, world_xyz=world, image_xy=image)
    assert check_block(higher, spec).flags == []
    # The same head raised during one reach only is flagged, on that reach.
    reach = demo.truth["reps"][1]
    during = (demo.block.timestamp_ms >= reach["start_ms"]) & (
        demo.block.timestamp_ms <= reach["end_ms"])
    world = demo.block.world_xyz.copy()
    world[during, Landmark.NOSE, 1] -= 0.08
    flags = check_block(replace(demo.block, world_xyz=world), spec).flags
    assert {f.metric for f in flags} == {"head_height"}
    assert all(reach["start_ms"] <= f.start_ms <= reach["end_ms"] for f in flags)


def test_a_body_on_the_floor_filmed_head_on_is_counted_on_what_that_view_shows() -> None:
    """Seen from the front, a push-up's legs run along the camera's axis, where the model
    guesses their depth: here they seem to bend with every rep."""
    pushup = synthesize("push_up", seed=3, reps=4, camera=Camera(azimuth_deg=0.0))
    world = pushup.block.world_xyz.copy()
    t = pushup.block.timestamp_ms
    for rep in pushup.truth["reps"]:
        during = (t >= rep["start_ms"]) & (t <= rep["end_ms"])
        bump = np.sin(np.pi * (t[during] - rep["start_ms"]) / (rep["end_ms"] - rep["start_ms"]))
        for leg in (Landmark.LEFT_KNEE, Landmark.RIGHT_KNEE, Landmark.LEFT_ANKLE,
                    Landmark.RIGHT_ANKLE, Landmark.LEFT_HEEL, Landmark.RIGHT_HEEL,
                    Landmark.LEFT_FOOT_INDEX, Landmark.RIGHT_FOOT_INDEX):
            world[during, leg, 1] -= 0.4 * bump  # the legs read as rising toward the trunk
    misread = replace(pushup.block, world_xyz=world)
    learned = learn_exercise(misread, demo="demo", exercise_id="learned", name="Learned", reps=4)
    assert learned.view == "front"
    assert learned.spec.rep.driver in {"elbow_angle", "upper_arm_angle", "shoulder_angle"}
    assert counted_reps(check_block(misread, learned.spec)) == 4


def _reading(series: dict[str, np.ndarray]) -> BankReading:
    """A bank reading at 30 frames/s with these candidates' values (both sides alike), the
    others unseen."""
    n = len(next(iter(series.values())))
    values = {c.name: np.full((n, 2), np.nan) for c in CANDIDATES}
    for name, x in series.items():
        values[name] = np.column_stack([x, x])
    return BankReading(np.arange(n) * 1000.0 / 30, values, np.ones(2),
                       {c.name: c for c in CANDIDATES})


def test_a_demo_opening_mid_rep_is_counted_on_its_largest_movement() -> None:
    t = np.arange(300) / 30.0  # 10 s
    rng = np.random.default_rng(0)
    # The clip opens with the elbows at 110 degrees, opening; then two push-ups from 160 down
    # to 80 degrees; the forearm's lean, at rest from the first frame, moves 20 degrees
    # with each.
    dip = np.where((t > 2) & (t < 8), np.maximum(np.sin(2 * np.pi * (t - 2) / 3), 0) ** 0.5, 0)
    dip = np.maximum(dip, np.where(t < 1, 0.625 * (1 - t), 0))
    elbow = 160 - 80 * dip + rng.normal(0, 0.5, len(t))
    forearm = 10 + 20 * np.where(t > 2, dip, 0) + rng.normal(0, 0.5, len(t))
    driver = find_driver(_reading({"elbow_angle": elbow, "forearm_angle": forearm}), "demo", 2)
    assert driver.sides.candidate.name == "elbow_angle"
    (reps,) = driver.sides.readings.values()
    assert reps.rest == pytest.approx(160, abs=5) and reps.far == pytest.approx(80, abs=5)


def test_one_rep_is_not_enough(squat) -> None:
    with pytest.raises(UserError, match="at least two reps"):
        _learn(squat, reps=1)


def test_a_still_body_separates_no_reps(squat) -> None:
    still = squat.block[np.zeros(len(squat.block), dtype=int)]
    still = replace(still, timestamp_ms=squat.block.timestamp_ms,
                    frame_index=squat.block.frame_index)
    with pytest.raises(UserError, match="separates the reps"):
        _learn(replace(squat, track=replace(squat.track, poses=still)))


def test_a_body_out_of_view_is_refused(squat) -> None:
    block = squat.block
    hidden = block.visibility.copy()
    hidden[:, [Landmark.LEFT_HIP, Landmark.RIGHT_HIP]] = 0.0
    presence = block.presence.copy()
    presence[:, [Landmark.LEFT_HIP, Landmark.RIGHT_HIP]] = 0.0
    cut = replace(block, visibility=hidden, presence=presence)
    with pytest.raises(UserError, match="not fully in view: the left hip, right hip"):
        _learn(replace(squat, track=replace(squat.track, poses=cut)))


def test_cli_learns_a_track_then_show_and_check_use_the_file(
        squat, tmp_path: Path, capsys) -> None:
    track = tmp_path / "demo.track.npz"
    save_track(squat.track, track)
    out = tmp_path / "my_squat.toml"
    code, printed, _ = run(capsys, "exercises", "learn", str(track), "--id", "my_squat",
                           "--name", "My squat", "--reps", "4", "-o", str(out))
    assert code == 0
    assert "reps counted: 4 (demonstrated: 4)" in printed and "flags: 0" in printed
    code, shown, _ = run(capsys, "exercises", "show", str(out))
    assert code == 0 and "My squat (exercise id: my_squat)" in shown
    report = tmp_path / "r.json"
    code, _, _ = run(capsys, "check", str(track), "--exercise", str(out), "-o", str(report),
                     "-q")
    assert code == 0


def test_cli_unusable_demo_is_one_line_exit_2(squat, tmp_path: Path, capsys) -> None:
    track = tmp_path / "demo.track.npz"
    save_track(squat.track, track)
    code, _, err = run(capsys, "exercises", "learn", str(track), "--id", "x", "--name", "X",
                       "--reps", "9", "-o", str(tmp_path / "x.toml"))
    assert_one_line_exit_2(code, err, "demo.track.npz", "9")
    assert not (tmp_path / "x.toml").exists()


@pytest.mark.parametrize(("name", "posture", "demo_view", "views"), [
    ("knee_angle", "standing", "front", ["front", "side", "oblique"]),
    ("knee_angle", "any", "side", ["side", "oblique"]),
    ("elbow_angle", "any", "side", ["side", "front", "oblique"]),
    ("hip_height", "standing", "front", ["front"]),
])
def test_the_views_counted_from_follow_how_the_driver_is_read(
        name, posture, demo_view, views) -> None:
    candidate = next(c for c in CANDIDATES if c.name == name)
    assert counted_views(candidate, demo_view, posture, ())[0] == views
    asked, why = counted_views(candidate, demo_view, posture, ("front", "oblique", "side"))
    assert asked[0] == demo_view and set(asked) == {"side", "front", "oblique"}
    assert ("added as asked" in why) == (len(views) < 3)


def _ears_moved_sideways(block: PoseBlock, metres: float) -> PoseBlock:
    """`block` with both ears moved `metres` toward the body's left in the world frame."""
    world = np.array(block.world_xyz)
    left = world[:, Landmark.LEFT_SHOULDER] - world[:, Landmark.RIGHT_SHOULDER]
    left /= np.linalg.norm(left, axis=-1, keepdims=True)
    for ear in (Landmark.LEFT_EAR, Landmark.RIGHT_EAR):
        world[:, ear] += metres * left
    return replace(block, world_xyz=world)


def test_a_head_bend_turned_sideways_has_no_side_to_check() -> None:
    """A plank's head a little off the trunk's line sideways, not toward the chest: the
    bend's sign is the landmarks' jitter (-10° in one clip, +10° in the next), so the
    hold learns no head-forward band; turned toward the chest or back it does."""
    plank = synthesize("plank", seed=3, hold_s=5)
    every = np.ones(len(plank.block), dtype=bool)
    assert "head_forward" not in sideless_bends(plank.block, every)
    sideways = _ears_moved_sideways(plank.block, 0.08)
    assert "head_forward" in sideless_bends(sideways, every)
