"""The analysis schedule: a base rate from the rules, every frame near a decision.

Fast, no model: updates are made by hand, or come from the engine replaying
synthesized squats.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from batch_factory import write_squat_track
from exercise_factory import exercise, exercise_path
from live_factory import ReplayBackend, write_video
from pose_factory import frame_from_world, side_squat_frame, squat_set

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import FrameUpdate
from formcheck.analysis.schedule import (
    CONFIDENCE_MARGIN,
    MIN_RATE_HZ,
    SAMPLES_PER_SPAN,
    SETTLE_MS,
    AnalysisSchedule,
    base_rate_hz,
    shortest_span_s,
    way_out_s,
)
from formcheck.errors import UserError
from formcheck.pose.block import PoseBlock
from formcheck.pose.frame import PoseFrame
from formcheck.pose.landmarks import Landmark
from formcheck.pose.track import Track
from formcheck.report.summary import summarize
from formcheck.report.write import read_report
from formcheck.session.exercise import ResolvedExercise
from formcheck.session.options import CheckOptions
from formcheck.session.pipeline import Observed, analyze
from formcheck.session.runner import run_recording
from formcheck.session.sources import observe_poses, observe_scheduled
from formcheck.video import VideoReader

FRAME_MS = 1000.0 / 30.0
SETTLED_MS = SETTLE_MS + 100.0  # a time past the settling span at the start
SEEN = side_squat_frame(10.0, 0.0)  # a body seen with confidence 1 everywhere


def _update(t_ms: float, thigh: float, cue: str | None = None,
            phase: str = "rest") -> FrameUpdate:
    return FrameUpdate(
        frame_index=round(t_ms / FRAME_MS), timestamp_ms=t_ms,
        values={"thigh_angle": thigh, "trunk_lean": 10.0, "knee_width": 1.0},
        counts={"both": 0}, new_flags=[], ended=[], active_cue=cue, hold_s=0.0,
        guidance=None, view="side", phase=phase)


def _schedule(limits: dict[str, tuple[float, ...]] | None = None,
              end_ms: float = math.inf) -> AnalysisSchedule:
    spec = exercise("side_squat")
    source = Engine(spec).decision_limits if limits is None else (lambda: limits)
    return AnalysisSchedule(spec, source, end_ms=end_ms)


def _after(schedule: AnalysisSchedule, *updates: FrameUpdate,
           pose: PoseFrame = SEEN) -> AnalysisSchedule:
    for update in updates:
        schedule.observe(update, pose)
    return schedule


def _settled(*updates: FrameUpdate, pose: PoseFrame = SEEN) -> AnalysisSchedule:
    """A schedule past its settling span at the start, then fed `updates`."""
    return _after(_schedule(), _update(0.0, 10.0), *updates, pose=pose)


def test_the_base_rate_comes_from_the_shortest_span_the_rules_time() -> None:
    spec = exercise("side_squat")  # knees_cave for_s 0.3; longer checks
    assert shortest_span_s(spec) == pytest.approx(0.3)
    slow_reps = {**spec.rep.model_dump(), "min_rep_s": 3.0}  # out to the far zone in 1.45 s
    slow = exercise("side_squat", rep=slow_reps)
    assert base_rate_hz(slow) == pytest.approx(SAMPLES_PER_SPAN / 0.3)
    assert base_rate_hz(exercise("side_squat", rep=slow_reps, constraints=[])) == MIN_RATE_HZ


def test_a_rep_targets_hold_time_does_not_raise_the_base_rate() -> None:
    # A rep target held 0.05 s is timed at the target, where every frame is analysed,
    # or well past it, where any two samples show it held.
    spec = exercise("side_squat")
    slow_reps = {**spec.rep.model_dump(), "min_rep_s": 3.0}
    held = {"id": "depth", "kind": "rep_extreme", "metric": spec.rep.driver,
            "reach_above": 80.0, "for_s": 0.05, "description": "Depth", "cue": "Go deeper"}
    assert base_rate_hz(exercise("side_squat", rep=slow_reps, constraints=[held])) == MIN_RATE_HZ


def test_the_quickest_rep_is_sampled_once_on_its_way_out_to_the_far_zone() -> None:
    # A 0.4 s rep with 0.1 s at the far end goes out in 0.15 s and back in 0.15 s:
    # a sample every 0.15 s (6.7/s), not two per 0.4 s (5/s), which a rep rising and
    # falling between two samples slips through.
    spec = exercise("side_squat")
    calf_like = exercise("side_squat", constraints=[], rep={
        **spec.rep.model_dump(), "min_rep_s": 0.4, "min_far_s": 0.1})
    assert way_out_s(calf_like) == pytest.approx(0.15)
    assert base_rate_hz(calf_like) == pytest.approx(1.0 / 0.15)
    assert AnalysisSchedule(calf_like, dict).base_interval_ms == pytest.approx(150.0)
    # side_squat: a 0.3 s rep, 0.1 s at the far end, out in 0.1 s
    assert base_rate_hz(spec) == pytest.approx(10.0)


def test_far_from_every_limit_and_still_only_the_base_rate_is_analysed() -> None:
    schedule = _settled(_update(SETTLED_MS, 10.0))
    assert not schedule.wants(SETTLED_MS + FRAME_MS)
    assert schedule.wants(SETTLED_MS + schedule.base_interval_ms)


def test_every_frame_is_analysed_while_the_tracker_settles_at_the_start() -> None:
    schedule = _after(_schedule(), _update(0.0, 10.0), _update(FRAME_MS, 10.0))
    assert schedule.wants(2 * FRAME_MS)
    _after(schedule, _update(SETTLED_MS, 10.0))
    assert not schedule.wants(SETTLED_MS + FRAME_MS)


def test_near_a_limit_every_frame_is_analysed() -> None:
    schedule = _settled(_update(SETTLED_MS, 29.0))  # rest is 30
    assert schedule.wants(SETTLED_MS + FRAME_MS)


def test_moving_fast_towards_a_limit_every_frame_is_analysed_but_not_away_from_it() -> None:
    # 10 -> 22 degrees in one base interval: the rest limit (30) is within reach.
    step = _schedule().base_interval_ms
    towards = _settled(_update(SETTLED_MS, 10.0), _update(SETTLED_MS + step, 22.0))
    assert towards.wants(SETTLED_MS + step + FRAME_MS)
    away = _settled(_update(SETTLED_MS, 22.0), _update(SETTLED_MS + step, 10.0))
    assert not away.wants(SETTLED_MS + step + FRAME_MS)


def test_during_a_fault_every_frame_is_analysed() -> None:
    schedule = _settled(_update(SETTLED_MS, 10.0, cue="Chest up"))
    assert schedule.wants(SETTLED_MS + FRAME_MS)


def test_while_a_check_is_outside_its_limits_every_frame_is_analysed() -> None:
    # A value far from every limit, but outside a check's own (not yet for its for_s).
    outside: list[str] = ["chest_up"]
    spec = exercise("side_squat")
    schedule = AnalysisSchedule(spec, Engine(spec).decision_limits, outside=lambda: outside)
    _after(schedule, _update(0.0, 10.0), _update(SETTLED_MS, 10.0))
    assert schedule.wants(SETTLED_MS + FRAME_MS)
    outside.clear()  # back inside
    _after(schedule, _update(SETTLED_MS + FRAME_MS, 10.0))
    assert not schedule.wants(SETTLED_MS + 2 * FRAME_MS)


def test_a_missing_value_is_not_taken_for_a_limit() -> None:
    schedule = _settled(_update(SETTLED_MS, math.nan), _update(SETTLED_MS + FRAME_MS, 10.0))
    assert not schedule.wants(SETTLED_MS + 2 * FRAME_MS)


def test_a_driver_hidden_for_a_moment_is_followed_frame_by_frame_for_the_gap_bridged() -> None:
    schedule = _settled(_update(SETTLED_MS, 10.0))  # seen, far from every limit
    hidden = SETTLED_MS + FRAME_MS
    for t in np.arange(hidden, hidden + schedule.gap_ms + 2 * FRAME_MS, FRAME_MS):
        _after(schedule, _update(t, math.nan))
        assert schedule.wants(t + FRAME_MS) == (t - hidden < schedule.gap_ms)
    back = t + FRAME_MS
    _after(schedule, _update(back, 10.0))
    assert not schedule.wants(back + FRAME_MS)


def test_a_driver_never_seen_asks_for_nothing() -> None:
    schedule = _after(_schedule(), *(_update(t, math.nan) for t in (0.0, SETTLED_MS)))
    assert not schedule.wants(SETTLED_MS + FRAME_MS)


def test_a_driver_measured_from_the_persons_rest_is_analysed_every_frame_at_rest() -> None:
    spec = exercise("side_squat")
    metrics = {**spec.model_dump(by_alias=True)["metrics"]}
    metrics["thigh_angle"] = {**metrics["thigh_angle"], "baseline": True,
                              "baseline_from": "rest"}
    own_rest = exercise("side_squat", metrics=metrics)
    for spec_, at_rest in ((spec, False), (own_rest, True)):
        schedule = _after(AnalysisSchedule(spec_, dict), _update(0.0, 10.0),
                          _update(SETTLED_MS, 10.0))
        assert schedule.wants(SETTLED_MS + FRAME_MS) == at_rest
        _after(schedule, _update(SETTLED_MS + FRAME_MS, 10.0, phase="rep"))
        assert not schedule.wants(SETTLED_MS + 2 * FRAME_MS)


def test_once_the_body_is_lost_every_frame_is_analysed_until_it_has_settled_again() -> None:
    nobody = side_squat_frame(10.0, SETTLED_MS, present=False)
    schedule = _after(_settled(), _update(SETTLED_MS, math.nan), pose=nobody)
    assert schedule.wants(SETTLED_MS + FRAME_MS)
    found = SETTLED_MS + FRAME_MS
    _after(schedule, _update(found, 10.0))
    assert schedule.wants(found + FRAME_MS)
    _after(schedule, _update(found + SETTLE_MS, 10.0))
    assert not schedule.wants(found + SETTLE_MS + FRAME_MS)


def test_a_long_absence_is_analysed_at_the_base_rate() -> None:
    schedule = _settled()
    step = schedule.base_interval_ms
    lost = SETTLED_MS
    for t in np.arange(lost, lost + 600.0 + 2 * step, FRAME_MS):
        _after(schedule, _update(t, math.nan), pose=side_squat_frame(10.0, t, present=False))
        # frame by frame for the gap a rep bridges (side_squat: the default 0.6 s),
        # then only the base rate
        assert schedule.gap_ms == pytest.approx(600.0)
        assert schedule.wants(t + FRAME_MS) == (t - lost < schedule.gap_ms)
    assert schedule.wants(t + step)


def test_after_the_legs_jump_every_frame_is_analysed_until_the_tracker_has_settled() -> None:
    schedule = _settled(_update(SETTLED_MS, 10.0))
    t = SETTLED_MS + FRAME_MS
    world = np.array(side_squat_frame(10.0, t).world_xyz)
    left, right = world[Landmark.LEFT_ANKLE].copy(), world[Landmark.RIGHT_ANKLE].copy()
    world[Landmark.LEFT_ANKLE], world[Landmark.RIGHT_ANKLE] = right + 0.3, left - 0.3
    _after(schedule, _update(t, 10.0), pose=frame_from_world(world, t))  # the feet swapped
    assert schedule.wants(t + FRAME_MS)
    later = t + SETTLE_MS
    _after(schedule, _update(later, 10.0), pose=frame_from_world(world, later))
    assert not schedule.wants(later + FRAME_MS)


def test_a_count_landmark_seen_near_the_confidence_floor_makes_every_frame_analysed() -> None:
    floor = exercise("side_squat").confidence_floor
    doubtful = side_squat_frame(10.0, SETTLED_MS, visibility=floor + CONFIDENCE_MARGIN / 2)
    assert _settled(_update(SETTLED_MS, 10.0), pose=doubtful).wants(SETTLED_MS + FRAME_MS)
    clear = side_squat_frame(10.0, SETTLED_MS, visibility=floor + 2 * CONFIDENCE_MARGIN)
    assert not _settled(_update(SETTLED_MS, 10.0), pose=clear).wants(SETTLED_MS + FRAME_MS)


def test_every_frame_is_analysed_before_the_recording_ends() -> None:
    end = 10_000.0
    schedule = _after(_schedule(end_ms=end), _update(0.0, 10.0), _update(SETTLED_MS, 10.0))
    assert not schedule.wants(SETTLED_MS + FRAME_MS)
    _after(schedule, _update(end - SETTLE_MS / 2, 10.0))
    assert schedule.wants(end - SETTLE_MS / 2 + FRAME_MS)


def test_the_limits_are_read_on_every_frame_from_what_the_engine_holds() -> None:
    limits = {"thigh_angle": (50.0,)}
    schedule = _after(_schedule(limits), _update(0.0, 10.0), _update(SETTLED_MS, 10.0))
    assert not schedule.wants(SETTLED_MS + FRAME_MS)
    limits["thigh_angle"] = (11.0,)  # e.g. a threshold set from the person's own range
    _after(schedule, _update(SETTLED_MS + FRAME_MS, 10.0))
    assert schedule.wants(SETTLED_MS + 2 * FRAME_MS)


def test_the_engine_gives_the_limits_of_checks_it_can_judge_in_this_phase_and_view() -> None:
    engine = Engine(exercise("side_squat"))
    standing = engine.decision_limits()
    assert standing["thigh_angle"] == (30.0, 45.0, 70.0)  # rest, far, the depth target
    assert "trunk_lean" not in standing  # chest_up is judged during the far phase only
    frames = squat_set(reps=1, rep_s=2.0, rest_s=1.0)  # seen side-on
    limits_seen = []
    for update in engine.process_block(PoseBlock.from_frames(frames)):
        limits_seen.append((update.phase, engine.decision_limits()))
    in_rep = [limits for phase, limits in limits_seen if phase in ("rep", "far")]
    assert in_rep and all(limits["trunk_lean"] == (45.0,) for limits in in_rep)
    # knees_cave is judged from the front only: its limit never counts from the side
    assert all("knee_width" not in limits for _, limits in limits_seen)


def test_a_track_replayed_through_the_schedule_counts_as_every_frame() -> None:
    spec = exercise("side_squat")
    poses = PoseBlock.from_frames(squat_set(reps=4, rep_s=1.5, rest_s=1.5))
    every = analyze(observe_poses(poses), Engine(spec))
    engine = Engine(spec)
    schedule = AnalysisSchedule(spec, engine.decision_limits,
                                end_ms=float(poses.timestamp_ms[-1]))
    blocks = []
    scheduled = analyze(_kept(observe_scheduled(poses, schedule), blocks), engine,
                        schedule=schedule)
    counted = [[a.start_ms for a in run.attempts if a.status.value == "counted"]
               for run in (every, scheduled)]
    assert len(counted[0]) == len(counted[1]) == 4
    assert [f.constraint_id for f in every.flags] == [f.constraint_id for f in scheduled.flags]
    # every frame is still checked (real time), while far fewer were analysed: each
    # block ends with the one frame analysed
    assert scheduled.frames == every.frames == len(poses)
    assert scheduled.last_ms == every.last_ms
    assert sum(len(b.poses) for b in blocks) == len(poses)
    assert len(blocks) < 0.7 * len(poses)


def _kept(observed: Iterator[Observed], into: list[Observed]) -> Iterator[Observed]:
    for block in observed:
        into.append(block)
        yield block


def test_a_track_check_records_no_schedule_and_keeps_its_options(tmp_path: Path) -> None:
    source = write_squat_track(tmp_path / "in.track.npz", reps=1)
    report = run_recording(source, ResolvedExercise.resolve("squat"), CheckOptions(),
                           outputs={"json": tmp_path / "r.json"})
    assert report.analysis is None
    assert "schedule" not in report.options
    assert '"analysis"' not in (tmp_path / "r.json").read_text(encoding="utf-8")
    assert read_report(tmp_path / "r.json").analysis is None


class _ReplayBackends:
    """Hands out a backend answering with recorded landmarks (no model)."""

    def __init__(self, track: object) -> None:
        self.track = track
        self.calls = 0

    @contextlib.contextmanager
    def backend(self, model_file: Path, person: str) -> Iterator[ReplayBackend]:
        backend = ReplayBackend(self.track)
        yield backend
        self.calls += len(backend.calls)


@pytest.mark.parametrize("every_frame", [False, True])
def test_a_video_report_records_its_schedule(tmp_path: Path, every_frame: bool) -> None:
    frames = squat_set(reps=2, rep_s=1.5, rest_s=1.0)
    video = write_video(tmp_path / "in.mp4", len(frames))
    backends = _ReplayBackends(Track(PoseBlock.from_frames(frames), {}))
    outputs = {"json": tmp_path / "r.json", "video": tmp_path / "annotated.mp4"}
    report = run_recording(video, ResolvedExercise.resolve(str(exercise_path("side_squat"))),
                           CheckOptions(every_frame=every_frame), outputs=outputs,
                           backends=backends)
    written = read_report(outputs["json"])
    assert written.analysis == report.analysis
    assert report.analysis is not None
    assert report.analysis.schedule == ("every_frame" if every_frame else "adaptive")
    assert report.options["schedule"] == report.analysis.schedule
    assert report.rep_counts == {"both": 2}
    # the source counts every decoded frame; the model saw fewer unless asked
    assert report.source.frames == report.analysis.frames_decoded == len(frames)
    assert report.analysis.frames_analysed == backends.calls
    printed = summarize(report)
    if every_frame:
        assert backends.calls == len(frames)
        assert report.analysis.base_rate_hz is None
        assert "pose model" not in printed
    else:
        assert backends.calls < 0.8 * len(frames)
        assert report.analysis.base_rate_hz > 0
        assert f"the pose model ran on {backends.calls} of them" in printed
    rate = report.analysis.analysed_rate_hz
    expected = (backends.calls - 1) / (report.source.duration_s - 1 / 30)
    assert rate == pytest.approx(expected, rel=0.05)
    # the annotated video still has every frame
    with VideoReader(outputs["video"]) as reader:
        assert sum(1 for _ in reader) == len(frames)


def test_every_frame_cannot_be_combined_with_a_stride() -> None:
    with pytest.raises(UserError, match="--every-frame cannot be combined with --stride"):
        CheckOptions(every_frame=True, stride=2)
