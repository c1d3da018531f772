"""Regenerate the bundled samples from the motion synthesizer (fixed seeds).

Run from the repository root: ``python samples/make_samples.py``. Each sample is
a landmark track (``NAME.track.npz``) with its ground truth beside it
(``NAME.expected.json``: exercise, camera view, reps per side, holds and injected
faults), taken from the synthesizer's own script, not from formcheck's checks.
"""

from __future__ import annotations

import json
from pathlib import Path

from formcheck.synth import Camera, synthesize, write_track

HERE = Path(__file__).resolve().parent

SAMPLES = {
    "squat_side": dict(exercise="squat", seed=11, camera=Camera(azimuth_deg=90), reps=5),
}


def main() -> None:
    """Write every sample and its expected result into this folder."""
    for name, kwargs in SAMPLES.items():
        result = synthesize(**kwargs)
        write_track(result, HERE / f"{name}.track.npz")
        truth = result.track.meta["truth"]
        expected = {
            "exercise": truth["exercise"],
            "view_azimuth_deg": truth["view"]["azimuth_deg"],
            "reps_per_side": truth["reps_per_side"],
            "holds": len(truth["holds"]),
            "faults": [f["name"] for f in truth["faults"]],
        }
        (HERE / f"{name}.expected.json").write_text(json.dumps(expected, indent=1) + "\n")
        print(f"{name}: {len(result.track)} frames, expected {expected['reps_per_side']}")


if __name__ == "__main__":
    main()
