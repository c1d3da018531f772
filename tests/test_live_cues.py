"""Spoken cues: priority, cooldown, repeats, rep sounds, and the speech fallbacks."""

from __future__ import annotations

import wave

from live_factory import update

from formcheck.analysis.results import Attempt, Flag, RepStatus
from formcheck.live import speech as speech_module
from formcheck.live.cues import PRIORITY, Announcer, CuePolicy
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


def flag(cue: str, severity: str = "warn") -> Flag:
    return Flag("c", severity, "d", cue, 0.0, float("nan"), None, None, None, None, None, None, 1.0)


def test_policy_gap_and_repeat_cooldowns():
    p = CuePolicy(gap_s=2.0, repeat_s=10.0)
    assert p.decide("Chest up", 2, 0.0, False) == (True, False)
    assert p.decide("Knees out", 2, 1.0, False) == (False, False)  # within the gap
    assert p.decide("Knees out", 2, 2.5, False) == (True, False)
    assert p.decide("Chest up", 2, 6.0, False) == (False, False)  # said 6 s ago
    assert p.decide("Chest up", 2, 10.5, False) == (True, False)


def test_policy_more_important_cue_interrupts_and_less_important_waits():
    p = CuePolicy(gap_s=2.0, repeat_s=10.0)
    assert p.decide("Sit deeper", PRIORITY["info"], 0.0, False) == (True, False)
    assert p.decide("Back flat", PRIORITY["error"], 0.5, True) == (True, True)
    assert p.decide("Chest up", PRIORITY["warn"], 3.0, True) == (False, False)  # still speaking
    assert p.decide("Chest up", PRIORITY["warn"], 3.0, False) == (True, False)


def test_announcer_speaks_the_top_cue_once_and_sounds_each_counted_rep():
    fake = FakeSpeech()
    a = Announcer(fake, {"Knees out": "warn"}, CuePolicy(gap_s=2.0, repeat_s=10.0))
    pose = PoseFrame.empty(0, 0.0)
    counted = Attempt(1, "both", 0.0, status=RepStatus.COUNTED)
    partial = Attempt(2, "both", 0.0, status=RepStatus.PARTIAL)
    a.on_frame(pose, None,
               update(0, new_flags=[flag("Sit deeper", "info"), flag("Chest up", "error")]))
    a.on_frame(pose, None, update(500, new_flags=[flag("Chest up", "error")]))
    a.on_frame(pose, None, update(900, ended=[counted, partial]))
    a.on_frame(pose, None, update(1900, ended=[counted]))
    assert fake.said == [("Chest up", False)]
    assert fake.reps == [1, 2]
    a.new_set()
    a.on_frame(pose, None, update(2000, ended=[counted]))
    assert fake.reps == [1, 2, 1]


def test_a_cue_held_back_by_the_gap_is_said_if_the_fault_lasts():
    fake = FakeSpeech()
    a = Announcer(fake, {"Knees out": "warn"}, CuePolicy(gap_s=2.0, repeat_s=10.0))
    pose = PoseFrame.empty(0, 0.0)
    a.on_frame(pose, None, update(0, new_flags=[flag("Chest up", "warn")]))
    a.on_frame(pose, None, update(1000, new_flags=[flag("Knees out")], active_cue="Knees out"))
    a.on_frame(pose, None, update(1500, active_cue="Knees out"))
    assert fake.said == [("Chest up", False)]
    a.on_frame(pose, None, update(2100, active_cue="Knees out"))
    assert fake.said == [("Chest up", False), ("Knees out", False)]


def test_guidance_is_spoken_only_once_it_lasts():
    fake = FakeSpeech()
    a = Announcer(fake, {}, CuePolicy(gap_s=2.0, repeat_s=10.0), guidance_after_s=1.0)
    a.guide("Step back so your feet are in view", 3.0)
    a.guide(None, 3.5)  # a momentary gap: nothing said
    a.guide("Step back so your feet are in view", 4.0)
    a.guide("Step back so your feet are in view", 4.6)
    assert fake.said == []
    a.guide("Step back so your feet are in view", 5.0)
    assert fake.said == [("Step back so your feet are in view", False)]


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
