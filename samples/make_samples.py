"""Regenerate the bundled samples from the motion synthesizer (fixed seeds).

Run from the repository root: ``python samples/make_samples.py``. Each sample is
a landmark track (``NAME.track.npz``) with its ground truth beside it
(``NAME.expected.json``), taken from the synthesizer's own script, not from
formcheck's checks:

- ``exercise``: the exercise file to check it with;
- ``reps_per_side`` and ``holds``: what was performed (for dead bug, only the
  phase the exercise file counts: leg marches or arm reaches);
- ``not_measurable``: true when the honest answer is "not measurable" (a
  pelvic tilt moves no landmark);
- ``faults``: each injected fault with its rep, interval (ms) and magnitude,
  and ``check``, the constraint expected to flag it;
- ``expected_flags``: the constraint ids expected to fire; no other warning-level
  check may fire (advisory, info-level checks such as a squat's depth may).

The back-care samples are short sets at 15 frames/s to keep the folder small.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formcheck.spec import find_exercise, load_exercise
from formcheck.synth import Camera, FaultSpec, synthesize, write_track

HERE = Path(__file__).resolve().parent
SIDE = Camera(azimuth_deg=90)


@dataclass(frozen=True)
class Sample:
    """One bundled sample.

    Attributes:
        exercise: exercise file id to check it with.
        synth: synthesizer options (script name under "exercise").
        checks: fault kind -> constraint id expected to flag it.
        label: for dead bug, the rep label the exercise file counts.
        not_measurable: the honest answer is "not measurable".
        counts_reps: False when the script's reps are not all visible (a pelvic
            tilt's reps show only when the hips lift), so no rep count is expected.
    """

    exercise: str
    synth: dict[str, Any]
    checks: dict[str, str] = field(default_factory=dict)
    label: str | None = None
    not_measurable: bool = False
    counts_reps: bool = True


def _backcare(exercise: str, seed: int, camera: Camera = SIDE, faults: tuple[FaultSpec, ...] = (),
              **options: Any) -> dict[str, Any]:
    return dict(exercise=exercise, seed=seed, camera=camera, faults=list(faults), fps=15.0,
                **options)


SAMPLES = {
    "squat_side": Sample("squat", dict(exercise="squat", seed=11, camera=SIDE, reps=5)),
    "bird_dog_side": Sample("bird_dog", _backcare("bird_dog", 21, reps=1, hold_s=5.5)),
    "bird_dog_faults_side": Sample(
        "bird_dog",
        _backcare("bird_dog", 22, reps=1, hold_s=5.5, faults=(
            FaultSpec("back_sag", 14.0, reps=(0,)), FaultSpec("leg_too_high", 18.0, reps=(1,)))),
        checks={"back_sag": "flat_back", "leg_too_high": "leg_too_high"},
    ),
    "band_row_side": Sample("band_row", _backcare("band_row", 31, reps=3)),
    "band_row_faults_side": Sample(
        "band_row",
        _backcare("band_row", 32, reps=3, faults=(
            FaultSpec("shrug", 7.0, reps=(0,)), FaultSpec("head_forward", 25.0, reps=(2,)))),
        checks={"shrug": "shrug", "head_forward": "head_forward"},
    ),
    "dead_bug_side": Sample("dead_bug", _backcare("dead_bug", 41, reps=1), label="leg"),
    "dead_bug_faults_side": Sample(
        "dead_bug",
        _backcare("dead_bug", 42, reps=1, faults=(
            FaultSpec("two_limbs", 80.0, reps=(0,)), FaultSpec("too_fast", 3.0, reps=(1,)))),
        checks={"two_limbs": "two_limbs", "too_fast": "too_fast"},
        label="leg",
    ),
    "dead_bug_arms_faults_side": Sample(
        "dead_bug_arms",
        _backcare("dead_bug", 43, reps=1, faults=(FaultSpec("two_limbs", 80.0, reps=(3,)),)),
        checks={"two_limbs": "two_limbs"},
        label="arm",
    ),
    "prone_press_up_side": Sample("prone_press_up", _backcare("prone_press_up", 51, reps=3)),
    "prone_press_up_faults_side": Sample(
        "prone_press_up",
        _backcare("prone_press_up", 52, reps=3, faults=(
            FaultSpec("hips_lift", 7.0, reps=(0,)),
            FaultSpec("incomplete_press", 40.0, reps=(2,)))),
        checks={"hips_lift": "hips_lift", "incomplete_press": "incomplete_press"},
    ),
    "prone_lying_side": Sample("prone_lying", _backcare("prone_lying", 61, reps=1, hold_s=8.0)),
    "prone_on_elbows_side": Sample(
        "prone_on_elbows", _backcare("prone_on_elbows", 62, reps=1, hold_s=6.0)),
    "prone_on_elbows_shrug_side": Sample(
        "prone_on_elbows",
        _backcare("prone_on_elbows", 63, reps=1, hold_s=6.0,
                  faults=(FaultSpec("shrug", 6.0, reps=(0,)),)),
        checks={"shrug": "shrug"},
    ),
    "standing_back_extension_side": Sample(
        "standing_back_extension", _backcare("standing_back_extension", 71, reps=3)),
    "standing_back_extension_faults_side": Sample(
        "standing_back_extension",
        _backcare("standing_back_extension", 72, reps=3, faults=(
            FaultSpec("knees_bend", 22.0, reps=(0,)), FaultSpec("head_back", 22.0, reps=(2,)))),
        checks={"knees_bend": "knees_bend", "head_back": "head_back"},
    ),
    "pelvic_tilt_side": Sample(
        "pelvic_tilt", _backcare("pelvic_tilt", 81, reps=3), not_measurable=True),
    "pelvic_tilt_bridge_side": Sample(
        "pelvic_tilt",
        _backcare("pelvic_tilt", 82, reps=3, faults=(FaultSpec("hips_lift", 7.0, reps=(1, 2)),)),
        checks={"hips_lift": "hips_down"},
        counts_reps=False,
    ),
    "knee_hug_side": Sample("knee_hug", _backcare("knee_hug", 91, reps=1, hold_s=4.0)),
    "knee_hug_faults_side": Sample(
        "knee_hug",
        _backcare("knee_hug", 92, reps=1, hold_s=4.0, faults=(
            FaultSpec("other_leg_lift", 28.0, reps=(0,)), FaultSpec("head_lift", 22.0, reps=(1,)))),
        checks={"other_leg_lift": "other_leg_down", "head_lift": "head_shoulders_down"},
    ),
    "seal_stretch_side": Sample("seal_stretch", _backcare("seal_stretch", 101, reps=1, hold_s=5.0)),
    "seal_stretch_hips_side": Sample(
        "seal_stretch",
        _backcare("seal_stretch", 102, reps=1, hold_s=5.0,
                  faults=(FaultSpec("hips_lift", 7.0, reps=(0,)),)),
        checks={"hips_lift": "hips_lift"},
    ),
}


def expected_result(sample: Sample, truth: dict[str, Any]) -> dict[str, Any]:
    """The expected check result of a sample, from the synthesizer's ground truth."""
    spec = load_exercise(find_exercise(sample.exercise))
    reps: dict[str, int] = {}
    for rep in truth["reps"]:
        if sample.label is None or rep["label"] == sample.label:
            reps[rep["side"]] = reps.get(rep["side"], 0) + 1
    faults = [
        {"kind": f["kind"], "rep": f["rep"], "magnitude": f["magnitude"], "unit": f["unit"],
         "start_ms": f["start_ms"], "end_ms": f["end_ms"], "check": sample.checks[f["kind"]]}
        for f in truth["faults"]
    ]
    return {
        "exercise": sample.exercise,
        "view_azimuth_deg": truth["view"]["azimuth_deg"],
        "reps_per_side": dict(sorted(reps.items())) if spec.rep and sample.counts_reps else {},
        "holds": len(truth["holds"]) if spec.hold is not None else 0,
        "not_measurable": sample.not_measurable,
        "faults": faults,
        "expected_flags": sorted({f["check"] for f in faults}),
    }


def main() -> None:
    """Write every sample and its expected result into this folder."""
    for name, sample in SAMPLES.items():
        result = synthesize(**sample.synth)
        write_track(result, HERE / f"{name}.track.npz")
        expected = expected_result(sample, result.track.meta["truth"])
        (HERE / f"{name}.expected.json").write_text(json.dumps(expected, indent=1) + "\n")
        print(f"{name}: {len(result.track)} frames, reps {expected['reps_per_side']}, "
              f"holds {expected['holds']}, flags {expected['expected_flags']}")


if __name__ == "__main__":
    main()
