"""Per-patient adjustments: applying them to an exercise, storing them, and
`check --patient` using them; with the leftovers of ``--patient`` (validated
before any work, labels with spaces)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_checks import assert_one_line_exit_2, run

from formcheck.errors import UserError
from formcheck.history.adjustments import adjustments_for, clear_adjustment, set_adjustment
from formcheck.history.export import export_session
from formcheck.history.location import ENV_VAR
from formcheck.history.store import open_history, sessions
from formcheck.session.exercise import ResolvedExercise
from formcheck.spec.adjust import Adjustment, limit_field

SAMPLES = Path(__file__).parent.parent / "samples"
BIRD_DOG_FAULTS = SAMPLES / "bird_dog_faults_side.track.npz"


def _adjustment(constraint: str, field: str | None = None, value: float | None = None):
    return Adjustment(constraint=constraint, field=field, value=value,
                      set_at="2026-12-01T10:00:00+00:00", note="fine for this patient")


def test_a_limit_replaces_the_files_and_is_described_in_words():
    bird_dog = ResolvedExercise.resolve("bird_dog")
    adjusted = bird_dog.adjusted([_adjustment("leg_too_high", "max", 120.0)])
    check = next(c for c in adjusted.spec.constraints if c.id == "leg_too_high")
    assert check.max == 120.0
    [applied] = adjusted.adjustments
    assert applied.words == "leg height at most 120°"
    assert applied.file_words == "leg height at most 103°"  # bird_dog.toml
    assert applied.cue.startswith("Reach your leg back")
    assert bird_dog.spec.constraints == ResolvedExercise.resolve("bird_dog").spec.constraints


def test_a_check_switched_off_is_gone_and_its_both_bounds_are_told():
    adjusted = ResolvedExercise.resolve("bird_dog").adjusted([_adjustment("flat_back")])
    assert "flat_back" not in {c.id for c in adjusted.spec.constraints}
    [applied] = adjusted.adjustments
    assert applied.off and applied.words == "switched off"
    assert applied.file_words == "back line at most +7° and at least -7°"


def test_limits_the_rules_refuse_are_told_in_words():
    bird_dog = ResolvedExercise.resolve("bird_dog")
    with pytest.raises(UserError, match="leg height can only be 0 to 180 degrees"):
        bird_dog.adjusted([_adjustment("leg_too_high", "max", 1000.0)])
    with pytest.raises(UserError, match="has no limit 'min'"):
        bird_dog.adjusted([_adjustment("leg_too_high", "min", 10.0)])


def test_a_check_the_file_no_longer_has_is_left_out():
    adjusted = ResolvedExercise.resolve("bird_dog").adjusted([_adjustment("gone", "max", 1.0)])
    assert adjusted.adjustments == ()


def test_the_flagged_bound_of_a_two_sided_range_is_the_one_adjusted():
    spec = ResolvedExercise.resolve("bird_dog").spec
    assert limit_field(spec, "flat_back", 7.0) == "max"
    assert limit_field(spec, "flat_back", -7.0) == "min"
    assert limit_field(spec, "leg_too_high", None) == "max"


def _check(capsys, tmp_path: Path, name: str, *extra: str) -> tuple[dict, str]:
    out = tmp_path / f"{name}.json"
    code, printed, err = run(capsys, "check", str(BIRD_DOG_FAULTS), "--exercise", "bird_dog",
                             "--patient", "Ann Lee", "-o", str(out), *extra)
    assert code == 0, err
    return json.loads(out.read_text()), printed


def test_check_with_patient_uses_stored_adjustments_and_exports_them(capsys, tmp_path,
                                                                     monkeypatch):
    db = tmp_path / "h.db"
    monkeypatch.setenv(ENV_VAR, str(db))
    first, _ = _check(capsys, tmp_path, "first")
    assert {"leg_too_high", "flat_back"} <= {f["constraint"] for f in first["flags"]}
    assert "adjustments" not in first
    spec = ResolvedExercise.resolve("bird_dog").spec
    with open_history(db) as conn:
        pid = sessions(conn, "Ann Lee")[0].patient_id
        set_adjustment(conn, pid, spec, "leg_too_high", "max", 120.0, "  higher is fine ")
        set_adjustment(conn, pid, spec, "flat_back", None, None)
        with pytest.raises(UserError, match="out of reach"):
            set_adjustment(conn, pid, spec, "leg_too_high", "max", 500.0)
    second, printed = _check(capsys, tmp_path, "second")
    assert second["flags"] == []  # the sample's leg reaches 116°, under the new 120°
    assert "flat_back" not in {c["constraint"] for c in second["checks"]}
    assert "leg height at most 120° (set by the therapist on" in printed
    page = tmp_path / "second.html"
    assert run(capsys, "report", str(tmp_path / "second.json"), "-o", str(page))[0] == 0
    text = page.read_text()
    assert "leg height at most 120° — limit adjusted by the therapist on 2026-" in text
    assert "switched off for this patient by the therapist on 2026-" in text
    with open_history(db) as conn:
        newest = sessions(conn, " Ann Lee ")[-1].id
        exported = export_session(conn, newest)
        assert exported["version"] == 2
        assert {a["constraint"] for a in exported["adjustments"]} == {"flat_back", "leg_too_high"}
        assert exported["report"]["adjustments"][1]["note"] == "higher is fine"
        clear_adjustment(conn, pid, "bird_dog", "leg_too_high")
        assert [a.constraint for a in adjustments_for(conn, "Ann Lee", "bird_dog")] == [
            "flat_back"]


def test_history_list_finds_a_label_with_spaces(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "h.db"))
    _check(capsys, tmp_path, "one", "-q")
    for label in ("Ann Lee", "  Ann Lee "):
        code, printed, _ = run(capsys, "history", "list", "--patient", label)
        assert code == 0 and "Ann Lee" in printed and "no sessions" not in printed


def test_live_refuses_a_bad_patient_label_before_the_model_loads(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "h.db"))
    # The model file does not exist: reaching it would be a different error.
    code, _, err = run(capsys, "live", "-e", "bird_dog", "--no-window", "--mute",
                       "--model", str(tmp_path / "none.task"), "--patient", "   ")
    assert_one_line_exit_2(code, err, "patient label is blank")
