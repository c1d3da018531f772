"""Live set-up text, fit to the screen, panels, the session's summary and the saved sets."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from exercise_factory import exercise

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import Attempt, Flag, RepStatus
from formcheck.live.cues import SpokenLine
from formcheck.live.plan import SessionPlan
from formcheck.live.recap import SetDone, number_word, session_line, set_done
from formcheck.live.run import SetWriter
from formcheck.live.screens import draw_panel, loading_screen
from formcheck.live.setup import camera_setup
from formcheck.live.window import fit_box, fitted_size, window_box
from formcheck.pose.track import load_track
from formcheck.render.overlay import BANNER
from formcheck.render.text import wrap
from formcheck.session.exercise import ResolvedExercise
from formcheck.session.pipeline import analyze
from formcheck.session.recording import Recording
from formcheck.session.sources import observe_track
from formcheck.spec import find_exercise, load_exercise

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_camera_setup_follows_the_views_and_the_posture():
    assert camera_setup(load_exercise(find_exercise("bird_dog"))) == [
        "Side-on to the camera (a three-quarter view also works)",
        "Camera about 2 m away, your whole body from head to feet in the picture",
        "Camera low, about 30 to 50 cm above the floor"]
    raise_lines = camera_setup(load_exercise(find_exercise("lateral_raise")))
    assert raise_lines[0].startswith("Facing the camera")
    assert raise_lines[1:] == ["Camera about 3 m away, your head to your feet in the picture",
                               "Camera at waist height, about 1 m"]


def test_a_portrait_source_fits_a_small_screen_and_a_small_one_is_scaled_up():
    box = window_box((1280, 800))
    assert box[1] < 800
    tall = fitted_size((464, 848), box)
    assert tall[1] == box[1] and tall[0] == pytest.approx(464 * box[1] / 848, abs=1)
    frame = np.zeros((560, 560, 3), np.uint8)
    shown = fit_box(frame, box)
    assert shown.shape[:2] == (box[1], box[1])  # larger than the source: larger text
    same = np.zeros((box[1], box[1], 3), np.uint8)
    assert fit_box(same, box) is same


def test_panel_text_is_wrapped_to_the_frame_and_drawn_in_its_colour():
    frame = np.zeros((600, 400, 3), np.uint8)
    lines = wrap("Camera about 3 m away, your head to your feet in the picture", 24, 300)
    assert len(lines) > 1
    draw_panel(frame, [("Step back: your ankles are out of the picture", 0.8, BANNER)])
    assert (frame == BANNER).all(axis=2).any()
    assert not frame[: int(600 * 0.1)].any()  # the panel starts below the top


def test_loading_screen_has_the_asked_size_and_text():
    screen = loading_screen((372, 680), "Lateral raise", ["Facing the camera"])
    assert screen.shape == (680, 372, 3)
    assert (screen == BANNER).all(axis=2).any()  # "Starting the pose model..."


def flag(check: str, attempt: int | None) -> Flag:
    return Flag(check, "warn", "d", "c", 0.0, 1.0, None, attempt, None, None, None, None, 1.0)


def test_set_done_counts_reps_and_the_reps_each_check_flagged():
    spec = exercise("side_squat")
    plan = SessionPlan.from_spec(spec, reps=3)
    engine = Engine(spec)
    engine.attempts = [Attempt(i, "both", 0.0, status=RepStatus.COUNTED) for i in (1, 2)] + [
        Attempt(3, "both", 0.0, status=RepStatus.PARTIAL)]
    engine.flags = [flag("chest_up", 1), flag("chest_up", 1), flag("chest_up", 2),
                    flag("depth", 3)]
    done = set_done(1, plan, engine)
    assert done == SetDone(1, "2 of 3 reps", 2, 3, {"chest_up": 2, "depth": 1})


def test_session_line_says_sets_reps_and_the_main_fault_in_praise_words():
    plan = SessionPlan(sets=3, reps=10, hold_s=0.0, rest_s=60.0, sides="both", counts_reps=True)
    sets = [SetDone(1, "10 of 10 reps", 10, 10, {"flat_back": 1}),
            SetDone(2, "10 of 10 reps", 10, 10, {"flat_back": 1, "hold_time": 1}),
            SetDone(3, "8 of 10 reps", 8, 10)]
    praise = {"flat_back": ("back flat", "Keep your back flat like a tabletop"),
              "hold_time": ("", "Hold the reach for five seconds")}
    assert session_line(sets, plan, praise) == "3 sets, 28 of 30 reps, back flat on all but two"
    every = [SetDone(1, "2 of 2 reps", 2, 2, {"hold_time": 2})]
    assert session_line(every, plan, praise) == (
        "1 set, 2 of 2 reps, two reps to work on: hold the reach for five seconds")
    clean = [SetDone(1, "5 reps", 5, 0)]
    assert session_line(clean, plan, praise) == "1 set, 5 reps, good form throughout"
    assert number_word(2) == "two" and number_word(12) == "12"


def test_set_writer_adds_spoken_lines_and_drops_a_set_that_never_started(tmp_path):
    exercise = ResolvedExercise.resolve("bird_dog")
    track = load_track(SAMPLES / "bird_dog_side.track.npz")
    recording = Recording(exercise, path="camera 0", kind="camera", fps=30.0,
                          image_size=(640, 480), model=None, options={"live": True})
    writer = SetWriter(tmp_path / "s", recording)
    for number in (1, 2):
        writer(number, observe_track(track), Engine(exercise.spec), [])
    writer.add_spoken(1, [SpokenLine(1.5, "Keep your back flat like a tabletop")])
    writer.add_spoken(1, [SpokenLine(9.0, "1 set, 2 reps, good form throughout")])
    saved = json.loads((tmp_path / "s.set1.json").read_text())
    assert saved["spoken"] == [{"t_s": 1.5, "text": "Keep your back flat like a tabletop"},
                               {"t_s": 9.0, "text": "1 set, 2 reps, good form throughout"}]
    writer.discard(2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.set1.json", "s.set1.track.npz"]
    assert [p.name for p, _ in writer.reports] == ["s.set1.json"]
    check = Recording(exercise, path="x.mp4", kind="video", fps=30.0, image_size=None,
                      model=None, options={})
    batch = check.report(analyze(observe_track(track), Engine(exercise.spec)))
    assert "spoken" not in json.loads(batch.model_dump_json())  # only live sets have it
