"""The analysis schedule: a base rate from the rules, every frame near a decision.

Fast, no model: updates are made by hand, or come from the engine replaying
synthesized squats.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from batch_factory import write_squat_track
from exercise_factory import exercise, exercise_path
from live_factory import ReplayBackend, write_video
from pose_factory import squat_set

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import FrameUpdate
from formcheck.analysis.schedule import (
    MIN_RATE_HZ,
    SAMPLES_PER_SPAN,
    AnalysisSchedule,
    base_rate_hz,
    shortest_span_s,
)
from formcheck.errors import UserError
from formcheck.pose.block import PoseBlock
from formcheck.pose.track import Track
from formcheck.report.write import read_report
from formcheck.session.exercise import ResolvedExercise
from formcheck.session.options import CheckOptions
from formcheck.session.pipeline import analyze
from formcheck.session.runner import run_recording
from formcheck.session.sources import observe_poses, observe_scheduled
from formcheck.video import VideoReader

FRAME_MS = 1000.0 / 30.0


def _update(t_ms: float, thigh: float, cue: str | None = None) -> FrameUpdate:
    return FrameUpdate(
        frame_index=round(t_ms / FRAME_MS), timestamp_ms=t_ms,
        values={"thigh_angle": thigh, "trunk_lean": 10.0, "knee_width": 1.0},
        counts={"both": 0}, new_flags=[], ended=[], active_cue=cue, hold_s=0.0,
        guidance=None, view="side", phase="rest")


def _schedule_after(*updates: FrameUpdate) -> AnalysisSchedule:
    schedule = AnalysisSchedule(exercise("side_squat"))
    for update in updates:
        schedule.observe(update)
    return schedule


def test_the_base_rate_comes_from_the_shortest_span_the_rules_time() -> None:
    spec = exercise("side_squat")  # min_rep_s 0.3; knees_cave for_s 0.3; longer checks
    assert shortest_span_s(spec) == pytest.approx(0.3)
    assert base_rate_hz(spec) == pytest.approx(SAMPLES_PER_SPAN / 0.3)
    slow = exercise("side_squat", rep={**spec.rep.model_dump(), "min_rep_s": 3.0},
                    constraints=[])
    assert base_rate_hz(slow) == pytest.approx(max(MIN_RATE_HZ, SAMPLES_PER_SPAN / 3.0))


def test_far_from_every_limit_and_still_only_the_base_rate_is_analysed() -> None:
    schedule = _schedule_after(_update(0.0, 10.0), _update(FRAME_MS, 10.0))
    assert not schedule.wants(2 * FRAME_MS)
    assert schedule.wants(FRAME_MS + schedule.base_interval_ms)


def test_near_a_limit_every_frame_is_analysed() -> None:
    schedule = _schedule_after(_update(0.0, 29.0), _update(FRAME_MS, 29.0))  # rest is 30
    assert schedule.wants(2 * FRAME_MS)


def test_moving_fast_towards_a_limit_every_frame_is_analysed() -> None:
    # 10 -> 22 degrees in one base interval: the rest limit (30) is within reach.
    schedule = AnalysisSchedule(exercise("side_squat"))
    step = schedule.base_interval_ms
    schedule.observe(_update(0.0, 10.0))
    schedule.observe(_update(step, 22.0))
    assert schedule.wants(step + FRAME_MS)


def test_during_a_fault_every_frame_is_analysed() -> None:
    schedule = _schedule_after(_update(0.0, 10.0), _update(FRAME_MS, 10.0, cue="Chest up"))
    assert schedule.wants(2 * FRAME_MS)


def test_a_missing_value_is_not_taken_for_a_limit() -> None:
    schedule = _schedule_after(_update(0.0, math.nan), _update(FRAME_MS, 10.0))
    assert not schedule.wants(2 * FRAME_MS)


def test_a_track_replayed_through_the_schedule_counts_as_every_frame() -> None:
    spec = exercise("side_squat")
    poses = PoseBlock.from_frames(squat_set(reps=4, rep_s=1.5, rest_s=1.5))
    every = analyze(observe_poses(poses), Engine(spec))
    schedule = AnalysisSchedule(spec)
    scheduled = analyze(observe_scheduled(poses, schedule), Engine(spec), schedule=schedule)
    counted = [[a.start_ms for a in run.attempts if a.status.value == "counted"]
               for run in (every, scheduled)]
    assert len(counted[0]) == len(counted[1]) == 4
    assert [f.constraint_id for f in every.flags] == [f.constraint_id for f in scheduled.flags]
    # every frame is still counted (real time), while far fewer were analysed
    assert scheduled.frames == every.frames == len(poses)
    assert scheduled.last_ms == every.last_ms
    assert schedule.analysed < 0.7 * len(poses)


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
                           CheckOptions(adaptive=not every_frame), outputs=outputs,
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
    if every_frame:
        assert backends.calls == len(frames)
        assert report.analysis.base_rate_hz is None
    else:
        assert backends.calls < 0.8 * len(frames)
        assert report.analysis.base_rate_hz > 0
    # the annotated video still has every frame
    with VideoReader(outputs["video"]) as reader:
        assert sum(1 for _ in reader) == len(frames)


def test_adaptive_cannot_be_combined_with_a_stride() -> None:
    with pytest.raises(UserError, match="--adaptive cannot be combined with --stride"):
        CheckOptions(adaptive=True, stride=2)
