"""`formcheck history adjust` and `history adjustments`: a patient's own limits set,
switched off, reset and listed from the command line, and used by the patient's next
`check --patient` on the bird-dog faults sample."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cli_checks import assert_one_line_exit_2, run

from formcheck.history.adjustments import adjustments_for
from formcheck.history.location import ENV_VAR
from formcheck.history.store import open_history

SAMPLES = Path(__file__).parent.parent / "samples"
BIRD_DOG_FAULTS = SAMPLES / "bird_dog_faults_side.track.npz"
PATIENT = "Ann Lee"
LEG_CUE = "“Reach your leg back, not up — stop at hip height”"  # bird_dog.toml


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "h.db"
    monkeypatch.setenv(ENV_VAR, str(path))
    return path


def _check(capsys, tmp_path: Path, name: str) -> dict:
    """The JSON report of `check --patient` on the sample (which stores the patient)."""
    out = tmp_path / f"{name}.json"
    code, _, err = run(capsys, "check", str(BIRD_DOG_FAULTS), "--exercise", "bird_dog",
                       "--patient", PATIENT, "-q", "-o", str(out))
    assert code == 0, err
    return json.loads(out.read_text())


def _adjust(capsys, *args: str) -> tuple[int, str, str]:
    return run(capsys, "history", "adjust", "--patient", PATIENT, "--exercise", "bird_dog",
               *args)


def _flags(report: dict, check: str) -> list[dict]:
    return [f for f in report["flags"] if f["constraint"] == check]


def test_a_limit_set_here_moves_then_clears_the_flags_of_the_next_check(capsys, tmp_path, db):
    file_flags = _flags(_check(capsys, tmp_path, "file"), "leg_too_high")
    assert len(file_flags) == 5 and {f["limit"] for f in file_flags} == {103.0}

    code, printed, err = _adjust(capsys, "--check", "leg_too_high", "--limit", "106")
    assert code == 0, err
    assert f"{LEG_CUE}: leg height at most 106° (the exercise file: leg height at most 103°)" \
        in printed
    moved = _flags(_check(capsys, tmp_path, "106"), "leg_too_high")
    # A higher ceiling leaves only the stretches still above it, inside the old ones.
    assert 0 < len(moved) < len(file_flags)
    for flag in moved:
        assert flag["limit"] == 106.0 and flag["worst"] > 106.0
        assert any(old["start_ms"] <= flag["start_ms"] and flag["end_ms"] <= old["end_ms"]
                   for old in file_flags)

    # The sample's leg reaches 115.5° at its highest (the worst of the file's flags).
    assert max(f["worst"] for f in file_flags) < 120
    assert _adjust(capsys, "--check", "leg_too_high", "--limit", "120",
                   "--note", "higher is fine after her hip replacement")[0] == 0
    assert _flags(_check(capsys, tmp_path, "120"), "leg_too_high") == []

    code, listing, _ = run(capsys, "history", "adjustments", "--patient", PATIENT)
    assert code == 0
    lines = listing.splitlines()
    assert lines[1:3] == [
        "Bird dog (exercise id: bird_dog)",
        f"  {LEG_CUE}: leg height at most 120° (the exercise file: leg height at most 103°)",
    ]
    assert re.fullmatch(r"    check id: leg_too_high; set by the therapist on \d{4}-\d\d-\d\d: "
                        "“higher is fine after her hip replacement”", lines[3])
    assert len(lines) == 4
    assert "None" not in listing and "max" not in listing


def test_off_and_reset_from_here_switch_a_check_out_and_back(capsys, tmp_path, db):
    at_file_limit = len(_flags(_check(capsys, tmp_path, "file"), "flat_back"))
    assert at_file_limit >= 1  # the sample's back sags in its first rep
    assert _adjust(capsys, "--check", "flat_back", "--off")[0] == 0
    off = _check(capsys, tmp_path, "off")
    assert _flags(off, "flat_back") == []
    assert "flat_back" not in {c["constraint"] for c in off["checks"]}
    listing = run(capsys, "history", "adjustments", "--patient", PATIENT)[1]
    assert ("  “Keep your back flat like a tabletop”: switched off (the exercise "
            "file: back line at most +7° and at least -7°)\n    check id: flat_back; set by the "
            "therapist on ") in listing

    code, printed, _ = _adjust(capsys, "--check", "flat_back", "--reset")
    assert code == 0 and "back to the exercise file's limit, back line at most +7°" in printed
    assert len(_flags(_check(capsys, tmp_path, "reset"), "flat_back")) == at_file_limit
    listing = run(capsys, "history", "adjustments", "--patient", PATIENT)[1]
    assert listing.startswith("nothing adjusted for Ann Lee")


def test_limits_are_typed_in_the_checks_unit_and_a_two_sided_range_names_its_bound(
        capsys, tmp_path, db):
    _check(capsys, tmp_path, "file")
    assert _adjust(capsys, "--check", "flat_back", "--limit", "-10", "--bound", "at-least")[0] == 0
    assert _adjust(capsys, "--check", "weight_shift", "--limit", "12", "--bound", "at-most")[0] == 0
    assert _adjust(capsys, "--check", "hold_time", "--limit", "3,5")[0] == 0
    with open_history(db) as conn:
        stored = {a.constraint: (a.field, a.value)
                  for a in adjustments_for(conn, PATIENT, "bird_dog")}
    # 12 % of a torso length is 0.12 torso lengths, the metric's own unit.
    assert stored == {"flat_back": ("min", -10.0), "weight_shift": ("max", 0.12),
                      "hold_time": ("min_s", 3.5)}
    listing = run(capsys, "history", "adjustments", "--patient", PATIENT)[1]
    assert "back line at least -10° (the exercise file: back line at least -7°)" in listing
    assert "weight shift at most +12 % of torso length (the exercise file: weight shift at " \
           "most +8 % of torso length)" in listing
    assert "“Hold the reach for five seconds”: at least 3.5 s (the exercise file: at least " \
           "5 s)" in listing


@pytest.mark.parametrize(("args", "needles"), [
    (("--check", "leg_too_high", "--limit", "abc"), ("--limit 'abc'", "give a number")),
    (("--check", "leg_too_high", "--limit", "500"),
     ("--limit 500", "leg height can only be 0 to 180 degrees")),
    (("--check", "hold_time", "--limit", "0"), ("--limit 0", "give more than 0 s")),
    (("--check", "flat_back", "--limit", "-8", "--bound", "at-most"),
     ("--limit -8", "back line at most -8° leaves no room", "back line at least -7°")),
    (("--check", "flat_back", "--limit", "10"),
     ("--check flat_back", "two limits", "--bound at-most or --bound at-least")),
    (("--check", "leg_too_high", "--limit", "110", "--bound", "at-least"),
     ("--bound at-least", "has no limit at least", "leg height at most 103°")),
    (("--check", "legg", "--off"), ("--check 'legg'", "no such check", "leg_too_high")),
    (("--check", "leg_too_high", "--reset", "--note", "x"), ("--note",)),
    (("--check", "leg_too_high", "--off", "--bound", "at-most"), ("--bound at-most",)),
])
def test_bad_input_is_one_line_naming_the_option_and_stores_nothing(capsys, tmp_path, db,
                                                                    args, needles):
    _check(capsys, tmp_path, "file")
    code, _, err = _adjust(capsys, *args)
    assert_one_line_exit_2(code, err, *needles)
    with open_history(db) as conn:
        assert adjustments_for(conn, PATIENT, "bird_dog") == []


def test_an_unknown_patient_is_refused_rather_than_made(capsys, db):
    for action in (("adjust", "--exercise", "bird_dog", "--check", "leg_too_high", "--off"),
                   ("adjustments",)):
        code, _, err = run(capsys, "history", *action, "--patient", "Ann Le")
        assert_one_line_exit_2(code, err, "--patient 'Ann Le'", "no such patient")


def test_a_limit_the_exercise_file_no_longer_has_is_listed_without_guessing(capsys, tmp_path,
                                                                             db):
    _check(capsys, tmp_path, "file")
    with open_history(db) as conn:  # as if bird_dog.toml had changed since it was set
        conn.execute("INSERT INTO adjustments (patient_id, exercise, constraint_id, field, "
                     "value, note, set_at) VALUES (1, 'bird_dog', 'leg_too_high', 'min', 80, "
                     "'', '2026-12-01T10:00:00+00:00')")
        conn.commit()
    code, listing, err = run(capsys, "history", "adjustments", "--patient", PATIENT)
    assert code == 0, err
    assert "  a check no longer in the exercise file at hand as it was set (check id: " \
           "leg_too_high)\n" in listing
