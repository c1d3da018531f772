"""The live loop over real clips with recorded landmarks.

A `ReplayBackend` answers with the landmarks the lite model gave for the same
frame (tracks from the `lite_tracks` fixture: extracted once per session, or read
from $FORMCHECK_TRACK_CACHE), so these tests check the live plumbing (capture,
sets, reports, tracks) against the batch pipeline on identical landmarks. The
rules are the tests' own (``tests/exercises/``), so tuning a shipped exercise does
not change what these tests see.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from exercise_factory import exercise_path
from live_factory import ReplayBackend

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import RepStatus
from formcheck.live.capture import CaptureThread, FrameSlot
from formcheck.live.cues import Coach
from formcheck.live.grabbers import FileGrabber
from formcheck.live.loop import LiveLoop
from formcheck.live.plan import SessionPlan
from formcheck.live.run import LiveOptions, run_live
from formcheck.live.speech import Silent
from formcheck.live.window import NoWindow
from formcheck.pose.track import load_track
from formcheck.render.hud import HudState
from formcheck.session.pipeline import analyze
from formcheck.session.sources import observe_track
from formcheck.spec import load_exercise

# (test exercise, clip)
CLIPS = [
    ("side_squat", "squat/calimiro_squat_13.mp4"),
    ("side_squat", "squat/countix_U7b4jSjtdFQ.mp4"),
    ("plank_hips", "push_up/calimiro_push-up_26.mp4"),
    ("arm_raise", "lateral_raise/gym_lateral_raise_front.mp4"),
    ("reach", "bird_dog/rendered_bird_dog_side.mp4"),
]


def recorded(lite_tracks, clips_dir: Path, name: str) -> tuple[Path, ReplayBackend]:
    """The clip and a backend replaying the lite model's landmarks for it."""
    return clips_dir / name, ReplayBackend(load_track(lite_tracks.path(name)))


@pytest.mark.parametrize(("exercise", "name"), CLIPS)
def test_lossless_live_session_gives_the_batch_result(
    tmp_path, lite_tracks, clips_dir, exercise, name
):
    clip, backend = recorded(lite_tracks, clips_dir, name)
    rules = exercise_path(exercise)
    options = LiveOptions(str(rules), source=clip, realtime=False, sets=1, reps=0, mute=True,
                          window=False, output=tmp_path / "s")
    run = run_live(options, backend=backend)
    (path, live), = run.reports
    assert path == tmp_path / "s.set1.json" and path.is_file()
    track = load_track(lite_tracks.path(name))
    batch = analyze(observe_track(track), Engine(load_exercise(rules)))
    counted = [a for a in batch.attempts if a.status is RepStatus.COUNTED]
    assert batch.not_measurable is None and counted  # the clip shows what the rules count
    assert sum(live.rep_counts.values()) == len(counted)
    assert [(r.start_ms, r.status) for r in live.reps] == [
        (round(a.start_ms, 1), a.status.value) for a in batch.attempts]
    assert run.stats.dropped == 0 and run.stats.analysed == len(track)
    # every frame went to the backend once, in order, with strictly increasing times
    times = [t for _, t in backend.calls]
    assert [i for i, _ in backend.calls] == list(range(len(track)))
    assert all(np.diff(times) > 0)
    saved = load_track(run.tracks[0])
    assert np.array_equal(saved.poses.image_xy, track.poses.image_xy, equal_nan=True)


def test_reps_made_during_the_rest_start_the_next_set_and_none_is_lost(
    tmp_path, lite_tracks, clips_dir
):
    name = "lateral_raise/gym_lateral_raise_front.mp4"
    clip, backend = recorded(lite_tracks, clips_dir, name)
    rules = exercise_path("arm_raise")
    # one rep a set and a minute's rest: the clip's lifter never rests
    options = LiveOptions(str(rules), source=clip, realtime=False, sets=20, reps=1,
                          rest_s=60.0, mute=True, window=False, output=tmp_path / "s")
    run = run_live(options, backend=backend)
    batch = analyze(observe_track(load_track(lite_tracks.path(name))), Engine(load_exercise(rules)))
    counted = sum(a.status is RepStatus.COUNTED for a in batch.attempts)
    # a last rep the recording cut off starts a set of its own, kept with that rep unfinished
    cut_off = int(batch.attempts[-1].status is RepStatus.UNFINISHED)
    sets = counted + cut_off
    assert counted >= 3
    counts = [r.rep_counts for _, r in run.reports]
    assert counts == [{"both": 1}] * counted + [{"both": 0}] * cut_off
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"s.set{k}.json" for k in range(1, sets + 1)]
        + [f"s.set{k}.track.npz" for k in range(1, sets + 1)])
    assert run.summary.startswith(f"{sets} sets, {counted} of {sets} reps")
    said = [[line.text for line in report.spoken] for _, report in run.reports]
    assert all(lines[-1] == f"Set {k} done" for k, lines in enumerate(said[:-1], 1))
    assert all(lines[0] == f"Set {k}" for k, lines in enumerate(said[1:], 2))
    assert said[-1][-1] == run.summary  # the last set's lines, then the session's summary


def test_reaching_the_target_ends_a_set_and_the_next_set_follows(
    tmp_path, lite_tracks, clips_dir
):
    clip, backend = recorded(lite_tracks, clips_dir, "lateral_raise/gym_lateral_raise_front.mp4")
    options = LiveOptions(str(exercise_path("arm_raise")), source=clip, realtime=False, sets=2,
                          reps=2, rest_s=0.5, mute=True, window=False, output=tmp_path / "s")
    run = run_live(options, backend=backend)
    assert [p.name for p, _ in run.reports] == ["s.set1.json", "s.set2.json"]
    first, second = (r for _, r in run.reports)
    assert first.rep_counts == {"both": 2}
    assert first.source.duration_s < second.reps[0].start_ms / 1000.0  # set 2 came later
    assert second.rep_counts == {"both": 2}
    assert not run.source_ended  # the plan was done before the clip ended


class Unplugged:
    """A camera that delivers the first `n` frames of a video, then nothing."""

    def __init__(self, clip: Path, n: int) -> None:
        self.inner = FileGrabber(clip, realtime=False)
        self.fps, self.size, self.left = self.inner.fps, self.inner.size, n

    def read(self):
        self.left -= 1
        return self.inner.read() if self.left >= 0 else None

    def close(self) -> None:
        self.inner.close()


def test_camera_going_away_ends_the_session_with_the_set_saved(lite_tracks, clips_dir):
    clip, backend = recorded(lite_tracks, clips_dir, "squat/countix_U7b4jSjtdFQ.mp4")
    spec = load_exercise(exercise_path("side_squat"))
    slot = FrameSlot(lossless=True)
    saved = []

    class Runner:
        def __call__(self, number, frames, engine, sinks):
            saved.append((number, analyze(frames, engine, sinks)))

        def discard(self, number):
            raise AssertionError("the first set is always kept")

        def add_spoken(self, number, lines):
            saved.append((number, [line.text for line in lines]))

    with CaptureThread(Unplugged(clip, 90), slot):
        loop = LiveLoop(spec, SessionPlan.from_spec(spec), slot, backend, NoWindow(),
                        Coach(Silent(), spec))
        loop.run(Runner())
    assert loop.source_ended
    (number, analysis), (_, said_in_set), (_, said_at_end) = saved
    assert number == 1 and analysis.frames == 90
    assert said_at_end == [loop.summary] and loop.summary not in said_in_set


def test_the_rest_shows_the_set_just_done_and_figures_only_on_the_d_key(
    tmp_path, lite_tracks, clips_dir, monkeypatch
):
    clip, backend = recorded(lite_tracks, clips_dir, "lateral_raise/gym_lateral_raise_front.mp4")
    spec = load_exercise(exercise_path("arm_raise"))
    shown: list[tuple[str, HudState]] = []

    class Keys(NoWindow):
        """Presses d while the 10th frame is shown."""

        def show(self, frame):
            return "d" if len(shown) == 10 else None

    def record(frame, hud, pose=None, mirror=False):
        shown.append((loop.session.stage, hud))

    monkeypatch.setattr("formcheck.live.loop.draw_hud", record)
    slot = FrameSlot(lossless=True)

    class Runner:
        def __call__(self, number, frames, engine, sinks):
            analyze(frames, engine, sinks)

        def discard(self, number):
            pass

        def add_spoken(self, number, lines):
            pass

    plan = SessionPlan.from_spec(spec, sets=2, reps=2, rest_s=60.0)
    with CaptureThread(FileGrabber(clip, realtime=False), slot):
        loop = LiveLoop(spec, plan, slot, backend, Keys(), Coach(Silent(), spec))
        loop.run(Runner())
    resting = [hud for stage, hud in shown if stage == "rest"]
    assert resting, "the clip's lifter rests between the sets"
    assert {h.progress for h in resting} == {"Set 1 of 2 · 2 of 2 reps"}
    assert all(not hud.show_debug for _, hud in shown[:10])  # hidden until d is pressed
    assert all(hud.show_debug and hud.debug[-1].endswith(f"dropped {slot.dropped}")
               for _, hud in shown[10:])
