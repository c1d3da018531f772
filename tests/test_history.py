"""Session history: migrations, storing sessions, check-ins, reviews, trends and the CLI."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError
from report_factory import make_report, not_measurable_report

from formcheck.cli import main
from formcheck.errors import UserError
from formcheck.history import save_session
from formcheck.history.checkin import CheckIn
from formcheck.history.export import export_session
from formcheck.history.location import ENV_VAR, resolve_db_path
from formcheck.history.schema import SCHEMA_VERSION, current_version, migrate
from formcheck.history.store import (
    checkin,
    open_history,
    reviews,
    session,
    session_video,
    sessions,
    set_checkin,
    set_review,
)
from formcheck.history.trends import iso_week, weekly_pain, weekly_trends
from formcheck.report.write import write_report


def _v1_file(path) -> None:
    """A version-1 history file holding two sessions of one patient, one of another."""
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, upto=1) == 1
    for patient, report in (("Ana", make_report(reps=4, flag_every=2)),
                            ("Ana", not_measurable_report()),
                            ("Björn", make_report(reps=1))):
        conn.execute("INSERT INTO sessions (patient, exercise, created_at, report_json) "
                     "VALUES (?, ?, ?, ?)",
                     (patient, report.exercise.id, report.created_at, report.model_dump_json()))
    conn.close()


def test_empty_file_is_brought_to_the_current_version(tmp_path):
    db = tmp_path / "h.db"
    with open_history(db) as conn:
        assert current_version(conn) == SCHEMA_VERSION
        assert sessions(conn) == []


def test_version_1_file_migrates_keeping_every_session(tmp_path):
    db = tmp_path / "old.db"
    _v1_file(db)
    with open_history(db) as conn:
        assert current_version(conn) == SCHEMA_VERSION
        rows = sessions(conn)
        assert [r.patient for r in rows] == ["Ana", "Ana", "Björn"]
        assert [r.reps for r in rows] == [4, None, 1]
        assert [r.flags for r in rows] == [2, 0, 1]
        assert rows[0].rom == 60.0 and rows[0].rom_metric == "thigh_angle"
        set_checkin(conn, rows[0].id, CheckIn(pain_before=4, pain_after=2))
    with open_history(db) as conn:  # reopening does not migrate again
        assert len(sessions(conn)) == 3
        assert sessions(conn, "Ana")[0].pain_after == 2


def test_newer_file_is_refused(tmp_path):
    db = tmp_path / "new.db"
    with open_history(db) as conn:
        conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 1,))
    with pytest.raises(UserError, match="written by a newer formcheck"), open_history(db):
        pass


def test_not_a_database_is_a_user_error(tmp_path):
    db = tmp_path / "junk.db"
    db.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(UserError, match="not a usable history database"), open_history(db):
        pass


def test_db_path_option_beats_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env.db"))
    assert resolve_db_path() == tmp_path / "env.db"
    assert resolve_db_path(tmp_path / "x.db") == tmp_path / "x.db"
    monkeypatch.delenv(ENV_VAR)
    assert resolve_db_path().name == "history.sqlite3"


def test_save_session_groups_by_patient_label(tmp_path):
    db = tmp_path / "h.db"
    first = save_session(make_report(), "Zoë", db)
    second = save_session(make_report(), " Zoë ", db)
    assert second == first + 1
    with open_history(db) as conn:
        assert {r.patient for r in sessions(conn)} == {"Zoë"}
    with pytest.raises(UserError, match="patient label"):
        save_session(make_report(), "  ", db)


def test_version_3_checkins_keep_their_words_and_sessions_gain_trend_figures(tmp_path):
    db = tmp_path / "v3.db"
    save = make_report(reps=2)
    with contextlib.closing(sqlite3.connect(db, isolation_level=None)) as conn:
        assert migrate(conn, upto=3) == 3
        conn.execute("INSERT INTO patients (label) VALUES ('Ana')")
        conn.execute(
            "INSERT INTO sessions (patient_id, exercise, exercise_name, created_at, origin, "
            "reps, flags, duration_s, adherence, rom, rom_metric, report_json) "
            "VALUES (1, 'squat', 'Squat', ?, 'check', 2, 2, 6.5, 0.2, 60, 'thigh_angle', ?)",
            (save.created_at, save.model_dump_json()))
        conn.execute("INSERT INTO checkins VALUES (1, 5, 3, 'leg', 'centralizing', 'better', "
                     "'2026-01-05T11:00:00+00:00')")
    with open_history(db) as conn:
        assert current_version(conn) == SCHEMA_VERSION
        [row] = sessions(conn, "Ana")
        found = checkin(conn, row.id)
    # 'leg' said neither thigh nor below the knee: the words stay, the place is not guessed.
    assert found.location is None and found.direction == "centralizing"
    assert found.note.startswith("pain felt in a leg") and found.note.endswith("better")
    assert row.rep_s == pytest.approx(1.5) and row.rom_label == "thigh angle"
    assert row.rom_unit == "degrees"


def test_checkin_rejects_impossible_values():
    with pytest.raises(ValidationError):
        CheckIn(pain_before=11)
    with pytest.raises(ValidationError, match="below-knee"):
        CheckIn(location="leg")


def test_centralized_pain_may_end_in_the_back():
    # McKenzie: centralizing pain retreats from the limb toward the spine, so it
    # may now be felt in the back only.
    found = CheckIn(location="back", direction="centralizing")
    assert found.location_words() == "felt in the back only"
    assert found.direction_words().startswith("centralizing (retreating toward the spine")
    assert CheckIn(location="below-knee", direction="peripheralizing").location_words() == (
        "felt below the knee")


def test_reviews_replace_and_export_with_the_report(tmp_path):
    db = tmp_path / "h.db"
    sid = save_session(make_report(reps=2), "P1", db)
    with open_history(db) as conn:
        set_review(conn, sid, 0, "confirmed")
        set_review(conn, sid, 0, "dismissed", "  filmed from too low ")
        with pytest.raises(UserError, match="has no flag 5"):
            set_review(conn, sid, 5, "dismissed")
        assert reviews(conn, sid)[0].decision == "dismissed"
        data = export_session(conn, sid)
    assert data["reviews"][0]["note"] == "filmed from too low"
    assert data["report"]["exercise"]["id"] == "squat"
    json.dumps(data)


def test_weekly_trends_per_exercise(tmp_path):
    db = tmp_path / "h.db"
    for day, flag_every in (("05", 1), ("07", 3), ("12", 0)):
        report = make_report(reps=3, flag_every=flag_every,
                             created_at=f"2026-01-{day}T09:00:00+00:00")
        sid = save_session(report, "P1", db)
        with open_history(db) as conn:
            set_checkin(conn, sid, CheckIn(pain_before=6, pain_after=int(day) % 5,
                                           location="buttock-thigh", direction="centralizing"))
    with open_history(db) as conn:
        rows = sessions(conn, "P1")
    weeks = weekly_trends(rows)
    assert [(w.week, w.sessions, w.reps) for w in weeks] == [("2026-W02", 2, 6),
                                                            ("2026-W03", 1, 3)]
    # make_report flags every flag_every-th rep: 3 flags, then 1, then none.
    assert weeks[0].flags_per_set == pytest.approx((3 + 1) / 2)
    assert weeks[1].flags_per_set == 0
    assert weeks[0].adherence == pytest.approx(0.3)  # 3 of the squat's 10 reps
    assert weeks[0].rom == pytest.approx(60.0) and weeks[0].rom_label == "thigh angle"
    assert weeks[0].rep_s == pytest.approx(1.5)  # make_report's reps last 1500 ms
    assert weeks[0].hold_s is None and not weeks[0].sided
    assert weeks[0].pain_after == pytest.approx((0 + 2) / 2)
    assert weeks[0].centralizing == 2
    pain = weekly_pain(rows)
    assert [(p.week, p.checkins, p.pain_before) for p in pain] == [("2026-W02", 2, 6.0),
                                                                  ("2026-W03", 1, 6.0)]
    assert iso_week("2026-01-04T23:00:00+00:00") == "2026-W01"


def test_history_commands(tmp_path, capsys):
    db = str(tmp_path / "h.db")
    src = tmp_path / "set.json"
    write_report(make_report(reps=2), src)
    assert main(["history", "add", str(src), "--patient", "Åsa", "--db", db]) == 0
    assert main(["history", "--db", db, "checkin", "1", "--pain-before", "4",
                 "--pain-after", "2", "--location", "back", "--direction", "centralizing"]) == 0
    assert main(["history", "--db", db, "checkin", "1", "--pain-after", "12"]) == 2
    capsys.readouterr()
    assert main(["history", "--db", db]) == 0
    listing = capsys.readouterr().out
    assert "Åsa" in listing and "4→2 back only, centralizing" in listing
    assert main(["history", "--patient", "Åsa", "trends", "--db", db]) == 0
    assert "2026-W02" in capsys.readouterr().out
    assert main(["history", "trends", "--db", db]) == 2


RUN_CLI = "import sys; from formcheck.cli import main; sys.exit(main())"


def test_a_listing_cut_short_by_its_reader_is_not_an_error(tmp_path):
    db = tmp_path / "h.db"
    save_session(make_report(), "P1", db)
    read, write = os.pipe()
    os.close(read)  # the reader (`| head`) is gone before the first line
    with open(write, "wb") as closed_pipe:
        done = subprocess.run([sys.executable, "-c", RUN_CLI, "history", "--db", str(db)],
                              stdout=closed_pipe, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 0 and done.stderr == ""


def test_stored_sessions_name_their_source_by_its_absolute_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "clips").mkdir()
    sid = save_session(make_report(source_path="clips/set.mp4"), "P1", tmp_path / "h.db",
                       video=Path("clips/set.mp4"))
    monkeypatch.chdir("/")
    with open_history(tmp_path / "h.db") as conn:
        _, report = session(conn, sid)
        video = session_video(conn, sid)
    assert report.source.path == str(tmp_path / "clips" / "set.mp4")
    assert video == tmp_path / "clips" / "set.mp4"


def test_a_held_rep_exercise_trends_its_time_held(tmp_path):
    from statistics import median

    from formcheck.history.summary import summarize_session
    from formcheck.report.document import Report

    out = tmp_path / "bd.json"
    sample = Path(__file__).resolve().parents[1] / "samples" / "bird_dog_faults_side.track.npz"
    assert main(["check", str(sample), "-e", "bird_dog",
                 "-o", str(out), "-q"]) in (0, 1)
    report = Report.model_validate_json(out.read_text())
    held = [r.held_s for r in report.reps if r.status == "counted"]
    assert held and all(h is not None for h in held)
    summary = summarize_session(report)
    assert summary.hold_s == pytest.approx(median(held), abs=0.01)
    assert 1.0 < summary.hold_s < 10.0  # each rep is held about 5 s at its far end
    # a squat holds nothing: no time held in its trend
    assert summarize_session(make_report(reps=2)).hold_s is None
