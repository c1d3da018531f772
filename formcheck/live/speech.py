"""Audio output for live cues: a text-to-speech program run as a subprocess, or silence.

Speech is optional: with no speech program installed the session runs silently
after one notice. A speech program (espeak-ng, espeak, or macOS `say`) is started
per cue, so speaking never blocks the analysis; a more important cue stops it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import wave
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

SPEECH_PROGRAMS: tuple[tuple[str, ...], ...] = (
    ("espeak-ng", "-s", "165"),
    ("espeak", "-s", "165"),
    ("say",),
)
"""Speech programs tried in order: the program, then its options; the text comes last."""

SOUND_PLAYERS: tuple[tuple[str, ...], ...] = (("paplay",), ("aplay", "-q"), ("afplay",))
"""Programs that play a WAV file given as the last argument, tried in order."""

_TONE_HZ = 880.0
_TONE_S = 0.08
_RATE = 16000


def write_tone(path: Path, hz: float = _TONE_HZ, seconds: float = _TONE_S) -> None:
    """Write a short sine beep (16-bit mono WAV, faded in and out) to `path`."""
    t = np.arange(int(_RATE * seconds)) / _RATE
    fade = np.minimum(1.0, np.minimum(t, seconds - t) / 0.01)
    samples = (0.4 * 32767 * np.sin(2 * np.pi * hz * t) * fade).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(_RATE)
        out.writeframes(samples.tobytes())


class Silent:
    """No sound (``--mute``, or no speech program found)."""

    def say(self, text: str, interrupt: bool) -> None:
        """Do nothing."""

    def rep_sound(self, count: int) -> None:
        """Do nothing."""

    def busy(self) -> bool:
        """Never speaking."""
        return False

    def close(self) -> None:
        """Nothing to release."""


class ProcessSpeech:
    """Speaks through a speech program; rep sounds through a WAV player when there is one.

    Without a WAV player a counted rep is announced by speaking its number,
    unless a cue is being spoken.

    Args:
        speak: the speech program and its options (the text is appended).
        player: a WAV player and its options (the file is appended), or None.
    """

    def __init__(self, speak: Sequence[str], player: Sequence[str] | None) -> None:
        self._speak = tuple(speak)
        self._player = tuple(player) if player else None
        self._voice: subprocess.Popen[bytes] | None = None
        self._tone: Path | None = None
        if self._player is not None:
            fd, name = tempfile.mkstemp(prefix="formcheck-rep-", suffix=".wav")
            os.close(fd)
            self._tone = Path(name)
            write_tone(self._tone)

    @staticmethod
    def _start(command: Sequence[str]) -> subprocess.Popen[bytes]:
        return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)

    def say(self, text: str, interrupt: bool) -> None:
        """Start speaking `text` (stopping the current cue first when `interrupt`)."""
        if interrupt and self.busy():
            self._voice.terminate()  # type: ignore[union-attr]
        self._voice = self._start((*self._speak, text))

    def rep_sound(self, count: int) -> None:
        """Play the beep, or speak the count when no player is available."""
        if self._player is not None and self._tone is not None:
            self._start((*self._player, str(self._tone)))
        elif not self.busy():
            self._voice = self._start((*self._speak, str(count)))

    def busy(self) -> bool:
        """True while the speech program is still running."""
        return self._voice is not None and self._voice.poll() is None

    def close(self) -> None:
        """Stop speaking and delete the beep file."""
        if self.busy():
            self._voice.terminate()  # type: ignore[union-attr]
        if self._tone is not None:
            self._tone.unlink(missing_ok=True)


def _first_found(candidates: Sequence[tuple[str, ...]]) -> tuple[str, ...] | None:
    for command in candidates:
        path = shutil.which(command[0])
        if path is not None:
            return (path, *command[1:])
    return None


def open_speech(mute: bool, notice: Callable[[str], None]) -> Silent | ProcessSpeech:
    """The audio output to use.

    Args:
        mute: no sound at all.
        notice: called once with a one-line explanation when speech is unavailable.
    """
    if mute:
        return Silent()
    speak = _first_found(SPEECH_PROGRAMS)
    if speak is None:
        notice("no speech program found (install espeak-ng for spoken cues); "
               "cues are shown on screen only")
        return Silent()
    return ProcessSpeech(speak, _first_found(SOUND_PLAYERS))
