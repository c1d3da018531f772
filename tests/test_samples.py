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
    if expected["not_measurable"]:
        assert report["not_measurable_reason"]
        return
    assert report["not_measurable_reason"] is None
    if expected["reps_per_side"]:
        counted = {side: n for side, n in report["rep_counts"].items() if n}
        assert counted == expected["reps_per_side"]
    assert len(report["holds"]) == expected["holds"]
    fired = {f["constraint"] for f in report["flags"]}
    warnings = {f["constraint"] for f in report["flags"] if f["severity"] != "info"}
    assert set(expected["expected_flags"]) <= fired
    assert warnings <= set(expected["expected_flags"])
    for fault in expected["faults"]:
        assert any(
            f["constraint"] == fault["check"]
            and f["start_ms"] <= fault["end_ms"] and fault["start_ms"] <= f["end_ms"]
            for f in report["flags"]
        ), f"{fault['kind']} on rep {fault['rep']} was not flagged by {fault['check']}"
