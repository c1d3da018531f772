"""Schema migrations, applied in order and recorded in the ``schema_version`` table.

Version 1 (the first released file) held sessions with the patient's name inline.
Version 2 adds patients, per-session summary columns, symptom check-ins and flag
reviews. Version 3 adds the path of the video each session was checked from (the
only place the review app takes pictures from). Version 4 speaks McKenzie's
check-in vocabulary (pain in the back only, buttock or thigh, below the knee, or
arm; a leg recorded before keeps its words in the note), adds the therapist's
per-patient adjustments of checks, and keeps per-session tempo, hold time and
per-side range for the trends. An empty file is brought to the
current version by the same steps, in one transaction: a file is at a recorded
version or untouched, never in between.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from formcheck.history.database import UnusableDatabase, transaction
from formcheck.history.summary import summarize_session
from formcheck.report.document import Report


def _run(conn: sqlite3.Connection, script: str) -> None:
    """Execute `;`-separated statements one by one, inside the caller's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1(conn: sqlite3.Connection) -> None:
    _run(conn, """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            patient TEXT NOT NULL,
            exercise TEXT NOT NULL,
            created_at TEXT NOT NULL,
            report_json TEXT NOT NULL
        );
    """)


def _v2(conn: sqlite3.Connection) -> None:
    _run(conn, """
        CREATE TABLE patients (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL UNIQUE
        );
        INSERT INTO patients (label) SELECT DISTINCT patient FROM sessions ORDER BY patient;
        ALTER TABLE sessions RENAME TO sessions_v1;
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            patient_id INTEGER NOT NULL REFERENCES patients(id),
            exercise TEXT NOT NULL,
            exercise_name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            origin TEXT NOT NULL CHECK (origin IN ('check', 'live')),
            reps INTEGER,
            flags INTEGER NOT NULL,
            duration_s REAL NOT NULL,
            adherence REAL,
            rom REAL,
            rom_metric TEXT NOT NULL,
            report_json TEXT NOT NULL
        );
        CREATE INDEX sessions_by_patient ON sessions (patient_id, created_at);
        CREATE TABLE checkins (
            session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
            pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
            pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
            location TEXT CHECK (location IN ('back', 'leg', 'arm')),
            direction TEXT CHECK (direction IN ('peripheralizing', 'centralizing', 'unchanged')),
            note TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL
        );
        CREATE TABLE flag_reviews (
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            flag INTEGER NOT NULL CHECK (flag >= 0),
            decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'dismissed')),
            note TEXT NOT NULL DEFAULT '',
            reviewed_at TEXT NOT NULL,
            PRIMARY KEY (session_id, flag)
        );
    """)
    old = conn.execute(
        "SELECT s.id, p.id, s.exercise, s.created_at, s.report_json "
        "FROM sessions_v1 s JOIN patients p ON p.label = s.patient ORDER BY s.id"
    ).fetchall()
    for sid, pid, exercise, created_at, text in old:
        report = Report.model_validate_json(text)
        s = summarize_session(report)
        conn.execute(
            "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (sid, pid, exercise, report.exercise.name, created_at, s.origin, s.reps, s.flags,
             s.duration_s, s.adherence, s.rom, s.rom_metric, text),
        )
    conn.execute("DROP TABLE sessions_v1")


def _v3(conn: sqlite3.Connection) -> None:
    # The video formcheck itself checked for the session; reports (which can be
    # edited) no longer decide where pictures come from. Older sessions have none.
    conn.execute("ALTER TABLE sessions ADD COLUMN video_path TEXT")


_V4_SUMMARY_COLUMNS = ("rom_label", "rom_unit", "rom_left", "rom_right", "rep_s", "hold_s")


def _v4(conn: sqlite3.Connection) -> None:
    _run(conn, """
        ALTER TABLE checkins RENAME TO checkins_v3;
        CREATE TABLE checkins (
            session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
            pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
            pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
            location TEXT CHECK (location IN ('back', 'buttock-thigh', 'below-knee', 'arm')),
            direction TEXT CHECK (direction IN ('peripheralizing', 'centralizing', 'unchanged')),
            note TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL
        );
        INSERT INTO checkins
            SELECT session_id, pain_before, pain_after,
                   CASE WHEN location = 'leg' THEN NULL ELSE location END, direction,
                   CASE WHEN location = 'leg'
                        THEN trim('pain felt in a leg (recorded before thigh and below-knee '
                                  || 'were told apart). ' || note)
                        ELSE note END,
                   recorded_at
            FROM checkins_v3;
        DROP TABLE checkins_v3;
        CREATE TABLE adjustments (
            patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
            exercise TEXT NOT NULL,
            constraint_id TEXT NOT NULL,
            field TEXT,
            value REAL,
            note TEXT NOT NULL DEFAULT '',
            set_at TEXT NOT NULL,
            CHECK ((field IS NULL) = (value IS NULL)),
            PRIMARY KEY (patient_id, exercise, constraint_id)
        );
    """)
    for column in _V4_SUMMARY_COLUMNS:
        kind = "TEXT" if column in ("rom_label", "rom_unit") else "REAL"
        conn.execute(f"ALTER TABLE sessions ADD COLUMN {column} {kind}")
    for sid, text in conn.execute("SELECT id, report_json FROM sessions").fetchall():
        s = summarize_session(Report.model_validate_json(text))
        conn.execute(
            f"UPDATE sessions SET {', '.join(c + ' = ?' for c in _V4_SUMMARY_COLUMNS)} "
            "WHERE id = ?", (*(getattr(s, c) for c in _V4_SUMMARY_COLUMNS), sid))


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2, _v3, _v4)
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: sqlite3.Connection) -> int:
    """The file's schema version; 0 for an empty file."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not has_table:
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def _refuse_newer(version: int) -> None:
    if version > SCHEMA_VERSION:
        raise UnusableDatabase(
            f"it was written by a newer formcheck (schema version {version}; this formcheck "
            f"reads up to version {SCHEMA_VERSION}); upgrade formcheck"
        )


def migrate(conn: sqlite3.Connection, upto: int = SCHEMA_VERSION) -> int:
    """Apply the missing migrations up to version `upto`, all in one write transaction.

    The version is read again once the write lock is held: of several processes
    opening a new file at once, one creates the tables and the others, having
    waited for its lock (the busy timeout), find nothing left to do. A file
    already at `upto` is only read, so a read-only file stays readable.

    `conn` must be in autocommit mode (``isolation_level=None``) so that schema
    changes and data copies commit or roll back together.

    Returns:
        The version the file is at afterwards.

    Raises:
        UnusableDatabase: the file is newer than this formcheck understands.
    """
    version = current_version(conn)
    _refuse_newer(version)
    if version >= upto:
        return version
    with transaction(conn):
        version = current_version(conn)
        _refuse_newer(version)
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        for number in range(version + 1, upto + 1):
            MIGRATIONS[number - 1](conn)
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))
    return max(version, upto)
