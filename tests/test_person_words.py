"""No metric or check id reaches a person: every string the HUD draws and the printed summary
of every sample, scanned for every id in ``exercises/*.toml`` and for Python leftovers.

Ids that are plain words ("depth", "tempo") cannot be told from prose and are left out;
those with an underscore ("hip_sag", "leg_height") are looked for anywhere in the text.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import numpy as np
import pytest

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import FrameUpdate
from formcheck.pose.frame import PoseFrame
from formcheck.pose.track import load_track
from formcheck.render.hud import hud_texts
from formcheck.render.hud_feed import HudFeed
from formcheck.session.exercise import ResolvedExercise
from formcheck.session.options import CheckOptions
from formcheck.session.pipeline import analyze
from formcheck.session.runner import run_recording
from formcheck.session.sources import observe_track

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").glob("*.track.npz"))
LEFTOVERS = re.compile(r"\bNone\b|\bnan\b|\binf\b|Flag\(|\{'|<[a-z_.]+ object")


def _ids() -> set[str]:
    ids = set()
    for path in (ROOT / "exercises").glob("*.toml"):
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
        ids.update(spec.get("metrics", {}))
        ids.update(c["id"] for c in spec.get("constraints", []))
    return {i for i in ids if "_" in i}


IDS = _ids()


def _offences(text: str) -> list[str]:
    found = sorted(i for i in IDS if i in text)
    return found + LEFTOVERS.findall(text)


def _exercise(sample: Path) -> ResolvedExercise:
    expected = json.loads(sample.with_name(
        sample.name.replace(".track.npz", ".expected.json")).read_text())
    return ResolvedExercise.resolve(expected["exercise"])


class _HudTexts:
    """A pipeline sink collecting every string the HUD would draw, debugging figures aside."""

    def __init__(self, feed: HudFeed) -> None:
        self.feed = feed
        self.texts: set[str] = set()

    def on_frame(self, pose: PoseFrame, image: np.ndarray | None, update: FrameUpdate) -> None:
        self.texts.update(hud_texts(self.feed.state(update)))


def test_the_scan_knows_the_ids():
    assert {"leg_height", "hip_sag", "shoulder_height"} <= IDS
    assert _offences("leg height 107°  hip_sag") == ["hip_sag"]
    assert _offences("back line None") == ["None"]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name.removesuffix(".track.npz"))
def test_the_hud_and_the_summary_speak_in_words(sample: Path,
                                                 capsys: pytest.CaptureFixture[str]):
    exercise = _exercise(sample)
    sink = _HudTexts(HudFeed(exercise.spec))
    analyze(observe_track(load_track(sample), CheckOptions().sampling),
            Engine(exercise.spec), [sink])
    assert len(sink.texts) > 5
    hud = "\n".join(sorted(sink.texts))
    assert _offences(hud) == [], hud
    run_recording(sample, exercise, CheckOptions(), outputs={"summary": None})
    summary = capsys.readouterr().out
    assert summary.startswith(exercise.spec.name)
    assert _offences(summary) == [], summary
