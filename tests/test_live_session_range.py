"""A live session judges each set by the person's range over the whole session.

The session is synthesized (no model): a side-view squatter who stands still for
15 s and then makes one brisk squat, then one slow deep squat, then stands 15 s and
makes another brisk squat. With one rep a set and a minute's rest, each squat ends
a set and the next is made during the rest. The brisk squats fill less than 5 % of
their sets' frames, so each of those sets alone (its driver's 5th-95th percentile
span) looks like no movement at all, although it counted a rep; over the session
the thighs clearly span far more than the rules' 25 degrees.
"""

from __future__ import annotations

import json
import math

from exercise_factory import exercise_path
from live_factory import ReplayBackend, write_video
from pose_factory import side_squat_frame, squat_set

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import RepStatus
from formcheck.live.run import LiveOptions, run_live
from formcheck.live.session_range import SessionRange, SessionSetEngine
from formcheck.pose.block import PoseBlock
from formcheck.pose.track import Track, load_track
from formcheck.session.pipeline import analyze
from formcheck.session.sources import observe_track
from formcheck.spec import load_exercise

FPS = 30.0


def thigh_angles() -> list[float]:
    """The session's thigh angle per frame, degrees from vertical (5 = standing)."""

    def squat(frames: int, depth_deg: float) -> list[float]:
        return [5.0 + (depth_deg - 5.0) * math.sin(math.pi * k / frames) ** 2
                for k in range(frames)]

    still = [5.0] * int(15 * FPS)
    brisk = squat(24, 70.0)  # 0.8 s down and up, past the 45 degree far line
    slow = squat(90, 85.0)  # 3 s
    settle = [5.0] * int(FPS)
    return still + brisk + settle + slow + settle + still + brisk + settle


def test_a_set_is_judged_by_the_range_over_the_session_not_its_own(tmp_path):
    angles = thigh_angles()
    poses = [side_squat_frame(a, i * 1000.0 / FPS, i) for i, a in enumerate(angles)]
    video = write_video(tmp_path / "squats.mp4", len(poses), FPS)
    backend = ReplayBackend(Track(PoseBlock.from_frames(poses), {"fps": FPS}))
    rules = exercise_path("side_squat")
    options = LiveOptions(str(rules), source=video, realtime=False, sets=10, reps=1,
                          rest_s=60.0, mute=True, window=False, output=tmp_path / "s",
                          end_screen_s=0.0)
    run = run_live(options, backend=backend)

    # the premise: the brisk squats' sets, each checked alone, count their rep but
    # are judged too small a movement to measure
    spec = load_exercise(rules)
    alone = [analyze(observe_track(load_track(path)), Engine(spec)) for path in run.tracks]
    assert len(alone) == 3
    for analysis in (alone[0], alone[2]):
        assert [a.status for a in analysis.attempts] == [RepStatus.COUNTED]
        assert analysis.not_measurable.startswith(
            "the movement is smaller than this camera view can resolve")
    assert alone[1].not_measurable is None

    # in the session, every set is measured, the first one rewritten once the
    # second showed the person's range
    assert [report.rep_counts for _, report in run.reports] == [{"both": 1}] * 3
    for path, _ in run.reports:
        saved = json.loads(path.read_text())
        assert saved["measurable"] and saved["rep_counts"] == {"both": 1}
        assert saved["spoken"]  # what was said during the set survived the rewrite


def test_a_set_whose_driver_was_never_seen_keeps_its_own_verdict():
    spec = load_exercise(exercise_path("side_squat"))
    pool = SessionRange()

    def checked(frames, engine):
        return analyze(observe_track(Track(PoseBlock.from_frames(frames), {"fps": FPS})), engine)

    first = checked(squat_set(2), SessionSetEngine(spec, pool))
    assert first.not_measurable is None and pool.span > spec.rep.min_range
    # the squatter still in view, but every landmark too faint to measure the thighs
    hidden = squat_set(2, visibility=0.0)
    second = checked(hidden, SessionSetEngine(spec, pool))
    alone = checked(hidden, Engine(spec))
    assert alone.not_measurable.startswith("the thigh angle was never measurable")
    assert second.not_measurable == alone.not_measurable
