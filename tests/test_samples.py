"""Every bundled sample checks to the ground truth the synthesizer wrote beside it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from formcheck.cli import main

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.track.npz"))


@pytest.mark.parametrize("track", SAMPLES, ids=[p.name for p in SAMPLES])
def test_sample_matches_its_expected_result(track: Path, tmp_path: Path) -> None:
    expected = json.loads(track.with_name(track.name.replace(".track.npz", ".expected.json"))
                          .read_text())
    out = tmp_path / "report.json"
    assert main(["check", str(track), "-e", expected["exercise"], "-o", str(out), "-q"]) == 0
    report = json.loads(out.read_text())
    if expected["reps_per_side"]:
        assert report["rep_counts"] == expected["reps_per_side"]
    assert len(report["holds"]) == expected["holds"]
