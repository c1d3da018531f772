"""The coach: one cue at a time, repeats every few reps, praise on a fix; speech fallbacks."""

from __future__ import annotations

import wave

from exercise_factory import exercise
from live_factory import update

from formcheck.analysis.results import Attempt, Flag, RepStatus
from formcheck.live import speech as speech_module
from formcheck.live.cues import PRIORITY, Coach, praise_line, praise_words
from formcheck.live.speech import ProcessSpeech, Silent, open_speech, write_tone
from formcheck.pose.frame import PoseFrame


class FakeSpeech:
    def __init__(self) -> None:
        self.said: list[tuple[str, bool]] = []
        self.reps: list[int] = []
        self.speaking = False

    def say(self, text: str, interrupt: bool) -> None:
        self.said.append((text, interrupt))

    def rep_sound(self, count: int) -> None:
        self.reps.append(count)

    def busy(self) -> bool:
        return self.speaking

    def close(self) -> None:
        pass


def flag(cue: str, severity: str = "warn", constraint: str = "c") -> Flag:
    return Flag(constraint, severity, "d", cue, 0.0, float("nan"), None, None, None, None, None,
                None, 1.0)


POSE = PoseFrame.empty(0, 0.0)
SQUAT = exercise("side_squat")  # cues: "Sit a little deeper" (info), "Keep your chest up" (warn)
COUNTED = Attempt(1, "both", 0.0, status=RepStatus.COUNTED)


def coach(**kw) -> tuple[Coach, FakeSpeech]:
    fake = FakeSpeech()
    return Coach(fake, kw.pop("spec", SQUAT), gap_s=2.0, **kw), fake


def said(fake: FakeSpeech) -> list[str]:
    return [text for text, _ in fake.said]


def test_praise_words_come_from_the_file_or_a_keep_your_cue():
    assert praise_words("back flat", "Keep your back flat like a tabletop") == "back flat"
    assert praise_words("", "Keep your chest up and your trunk upright") == (
        "chest up and your trunk upright")
    assert praise_words("", "Keep your elbows pinned; lift") == "elbows pinned"
    assert praise_words("", "Sit a little deeper") == ""
    assert praise_line("back flat") == "That's it, back flat"
    assert praise_line("") == "That's it"


def test_one_cue_at_a_time_the_most_important_first():
    c, fake = coach()
    c.on_frame(POSE, None, update(0, new_flags=[flag("Sit a little deeper", "info"),
                                                flag("Keep your chest up", "error")]))
    c.on_frame(POSE, None, update(500, new_flags=[flag("Sit a little deeper", "info")]))
    assert said(fake) == ["Keep your chest up"]  # the other waits for the gap
    fake.speaking = True
    c.on_frame(POSE, None, update(2500, active_cue="Sit a little deeper"))
    assert said(fake) == ["Keep your chest up"]  # nothing cuts in on a line as important
    fake.speaking = False
    c.on_frame(POSE, None, update(2600, active_cue="Sit a little deeper"))
    assert said(fake) == ["Keep your chest up", "Sit a little deeper"]


def test_a_lasting_fault_is_cued_again_only_after_a_few_reps():
    c, fake = coach(repeat_reps=3)
    for t in range(0, 20000, 100):  # the fault lasts 20 s, with no rep counted
        c.on_frame(POSE, None, update(t, active_cue="Keep your chest up"))
    assert said(fake) == ["Keep your chest up"]
    for i in range(3):
        c.on_frame(POSE, None, update(21000 + 1000 * i, ended=[COUNTED],
                                      active_cue="Keep your chest up"))
    assert said(fake) == ["Keep your chest up", "Keep your chest up"]
    assert fake.reps == [1, 2, 3]


def test_a_corrected_fault_is_praised_after_a_clean_rep():
    c, fake = coach()
    c.on_frame(POSE, None, update(0, active_cue="Keep your chest up"))
    c.on_frame(POSE, None, update(3000, ended=[COUNTED]))  # the rep it was cued in
    assert said(fake) == ["Keep your chest up"]
    c.on_frame(POSE, None, update(6000, ended=[COUNTED]))  # a rep without it
    assert said(fake) == ["Keep your chest up", "That's it, chest up"]
    assert c.screen_praise(6.5) == "That's it, chest up" and c.screen_praise(9.0) is None
    c.on_frame(POSE, None, update(9000, ended=[COUNTED]))
    assert len(fake.said) == 2  # praised once
    assert [(line.t_s, line.text) for line in c.spoken] == [
        (0.0, "Keep your chest up"), (6.0, "That's it, chest up")]


def test_a_fault_judged_at_the_reps_end_shows_for_a_moment_and_needs_a_clean_rep():
    c, fake = coach()
    shallow = update(1000, ended=[COUNTED], new_flags=[flag("Sit a little deeper", "info")])
    c.say("Set 1", PRIORITY["info"], 0.0)  # so the gap holds the cue back at first
    c.on_frame(POSE, None, shallow)
    assert said(fake) == ["Set 1"]
    c.on_frame(POSE, None, update(2100))
    assert said(fake) == ["Set 1", "Sit a little deeper"]  # said while it is on screen
    assert c.screen_cue(update(1500)) == "Sit a little deeper"
    assert c.screen_cue(update(3500)) is None
    c.on_frame(POSE, None, update(4000, ended=[COUNTED],
                                  new_flags=[flag("Sit a little deeper", "info")]))
    assert said(fake) == ["Set 1", "Sit a little deeper"]  # shallow again: no praise or repeat
    c.on_frame(POSE, None, update(7000, ended=[COUNTED]))
    assert said(fake)[2:] == ["That's it"]  # no words for it: just that


def test_a_fault_of_a_sets_last_rep_is_said_as_the_set_ends():
    c, fake = coach()
    c.say("Set 2", PRIORITY["info"], 0.0)
    c.on_frame(POSE, None, update(1000, ended=[COUNTED],
                                  new_flags=[flag("Sit a little deeper", "info")]))
    c.end_set(1.0)  # the target was reached: no more frames in this set
    c.say("Set 2 done", PRIORITY["info"], 1.0, wait=True)
    fake.speaking = False
    assert said(fake) == ["Set 2", "Sit a little deeper", "Set 2 done"]
    c.end_set(1.5)
    assert len(fake.said) == 3  # said once


def test_a_corrected_fault_is_praised_during_a_hold():
    hug = exercise("one_knee_hug")
    cue = hug.constraints[0].cue
    c, fake = coach(spec=hug, praise_after_s=2.0)
    c.on_frame(POSE, None, update(0, phase="hold", active_cue=cue))
    for t in range(500, 2500, 500):
        c.on_frame(POSE, None, update(t, phase="hold"))
    assert said(fake) == [cue]
    c.on_frame(POSE, None, update(2600, phase="hold"))
    assert len(said(fake)) == 2 and said(fake)[1].startswith("That's it")


def test_not_listening_during_a_rest_and_a_new_set_starts_afresh():
    c, fake = coach()
    c.listening = False
    c.on_frame(POSE, None, update(0, ended=[COUNTED], active_cue="Keep your chest up"))
    assert (fake.said, fake.reps) == ([], [])
    c.listening = True
    c.on_frame(POSE, None, update(100, ended=[COUNTED]))
    c.new_set()
    c.on_frame(POSE, None, update(200, ended=[COUNTED]))
    assert fake.reps == [1, 1] and c.spoken == []


def test_guidance_is_spoken_only_once_it_lasts():
    c, fake = coach(guidance_after_s=1.0)
    c.guide("Step back so your feet are in view", 3.0)
    c.guide(None, 3.5)  # a momentary gap: nothing said
    c.guide("Step back so your feet are in view", 4.0)
    c.guide("Step back so your feet are in view", 4.6)
    assert fake.said == []
    c.guide("Step back so your feet are in view", 5.0)
    assert said(fake) == ["Step back so your feet are in view"]


def test_a_confirmation_ignores_the_gap_but_waits_for_silence():
    c, fake = coach()
    c.on_frame(POSE, None, update(0, new_flags=[flag("Sit a little deeper", "info")]))
    assert c.say("Set 1 done", PRIORITY["info"], 0.5, wait=True)  # within the gap: said
    fake.speaking = True
    c.on_frame(POSE, None, update(600, new_flags=[flag("Keep your chest up", "error")]))
    assert fake.said[-1] == ("Keep your chest up", True)  # more important: cuts in
    c.say("2 sets, 16 of 16 reps", PRIORITY["info"], 0.7, wait=True)
    c.on_frame(POSE, None, update(800))
    assert said(fake)[-1] == "Keep your chest up"  # still speaking: the line waits
    fake.speaking = False
    c.drain(0.9, timeout_s=1.0, sleep=lambda s: None)
    assert said(fake)[-1] == "2 sets, 16 of 16 reps" and c.spoken[-1].t_s == 0.9


def test_open_speech_mute_and_missing_program(monkeypatch):
    notices: list[str] = []
    assert isinstance(open_speech(True, notices.append), Silent)
    monkeypatch.setattr(speech_module.shutil, "which", lambda name: None)
    assert isinstance(open_speech(False, notices.append), Silent)
    assert len(notices) == 1 and "espeak-ng" in notices[0]


def test_process_speech_runs_the_program_with_the_text(tmp_path):
    out = tmp_path / "said.txt"
    script = tmp_path / "speak.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> {out}\n')
    script.chmod(0o755)
    s = ProcessSpeech([str(script)], None)
    s.say("Keep your chest up", interrupt=False)
    s._voice.wait(5)
    s.rep_sound(4)  # no WAV player: the count is spoken
    s._voice.wait(5)
    s.close()
    assert out.read_text().splitlines() == ["Keep your chest up", "4"]


def test_rep_tone_is_a_short_wav(tmp_path):
    write_tone(tmp_path / "t.wav")
    with wave.open(str(tmp_path / "t.wav")) as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        assert 0.05 < w.getnframes() / w.getframerate() < 0.2
