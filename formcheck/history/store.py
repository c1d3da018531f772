"""Reading and writing the history database.

Every function takes an open connection from `open_history`, except
`save_session`, which opens its own so that `check` and `live` need one call.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from formcheck.errors import UserError
from formcheck.history.checkin import CheckIn
from formcheck.history.database import (
    UnusableDatabase,
    check_integrity,
    check_writable,
    connect,
    plain_reason,
    transaction,
)
from formcheck.history.location import resolve_db_path
from formcheck.history.schema import migrate
from formcheck.history.summary import summarize_session
from formcheck.report.document import Report
from formcheck.report.review import Decision, FlagReview
from formcheck.spec.units import UNITS, format_value

MAX_LABEL = 200

T = TypeVar("T")


def now_iso() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@contextlib.contextmanager
def open_history(db_path: Path | str | None = None) -> Iterator[sqlite3.Connection]:
    """Open (creating or migrating as needed) the history database.

    SQLite errors about the file, raised here or in the ``with`` body (locked,
    read-only, damaged, disk full), become one `UserError` naming the file. A lock
    held by another process is waited for up to `database.BUSY_TIMEOUT_S`.

    Args:
        db_path: the database file; default ``$FORMCHECK_HISTORY_DB`` or the user
            data folder.

    Raises:
        UserError: the file cannot be opened, used or written, or is not a
            formcheck history.
    """
    path = resolve_db_path(db_path)
    if path.is_dir():
        raise UserError(f"{path}: is a folder, not a history database file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"{path.parent}: cannot make the folder for the history database "
                        f"({exc.strerror})") from None
    try:
        conn = connect(path)
    except sqlite3.Error as exc:
        raise UserError(f"{path}: {_reason(exc, 'cannot open the history database')}") from None
    try:
        try:
            migrate(conn)
        except sqlite3.DatabaseError as exc:  # e.g. another program's tables in the way
            raise UserError(f"{path}: {_reason(exc, 'not a usable history database')}") from None
        yield conn
    except (sqlite3.Error, UnusableDatabase) as exc:
        reason = plain_reason(exc)
        if reason is None:
            raise
        raise UserError(f"{path}: {reason}") from None
    finally:
        conn.close()


def _reason(exc: sqlite3.Error, otherwise: str) -> str:
    return plain_reason(exc) or f"{otherwise} ({exc})"


def clean_label(patient: str) -> str:
    """The patient label as stored: `patient` without surrounding spaces.

    Raises:
        UserError: the label is blank or longer than `MAX_LABEL` characters.
    """
    label = patient.strip()
    if not label:
        raise UserError(f"patient label is blank: give 1 to {MAX_LABEL} characters")
    if len(label) > MAX_LABEL:
        raise UserError(f"patient label is {len(label)} characters long: give 1 to {MAX_LABEL}")
    return label


def _resolved_source(report: Report) -> Report:
    """`report` with its source file's path made absolute (relative paths name files
    from the folder formcheck runs in, which the review app need not share)."""
    if report.source.kind == "camera" or Path(report.source.path).is_absolute():
        return report
    source = report.source.model_copy(update={"path": str(Path(report.source.path).resolve())})
    return report.model_copy(update={"source": source})


_SUMMARY_COLUMNS = ("origin", "reps", "flags", "duration_s", "adherence", "rom", "rom_metric",
                    "rom_label", "rom_unit", "rom_left", "rom_right", "rep_s", "hold_s")


def add_session(conn: sqlite3.Connection, report: Report, patient: str, *,
                video: Path | None = None) -> int:
    """Store one report under `patient` (created when new); returns the session id.

    Paths are stored resolved (absolute), so the review app finds the files
    whichever folder it was started in.

    Args:
        conn: an open history.
        report: the set's report.
        patient: the patient's label.
        video: the video the set was checked from, for the review app's pictures;
            None when there is none (camera, or only a report file at hand).
    """
    label = clean_label(patient)
    report = _resolved_source(report)
    s = summarize_session(report)
    columns = ("patient_id", "exercise", "exercise_name", "created_at", *_SUMMARY_COLUMNS,
               "report_json", "video_path")
    with transaction(conn):
        conn.execute("INSERT OR IGNORE INTO patients (label) VALUES (?)", (label,))
        pid = conn.execute("SELECT id FROM patients WHERE label = ?", (label,)).fetchone()[0]
        cur = conn.execute(
            f"INSERT INTO sessions ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})",
            (pid, report.exercise.id, report.exercise.name, report.created_at,
             *(getattr(s, c) for c in _SUMMARY_COLUMNS), report.model_dump_json(),
             None if video is None else str(video.resolve())),
        )
    return int(cur.lastrowid)


@dataclass(frozen=True)
class SaveTarget:
    """Where a session will be saved: the cleaned patient label and the database file."""

    label: str
    db_path: Path


def prepare_save(patient: str, db_path: Path | str | None = None) -> SaveTarget:
    """Check, before a long analysis, that its session could be saved: the label is
    valid, and the database opens (created if new), is not from a newer formcheck,
    has no damaged page, and can be written.

    Raises:
        UserError: what would have made the save fail.
    """
    label = clean_label(patient)
    path = resolve_db_path(db_path)
    with open_history(path) as conn:
        check_integrity(conn)
        check_writable(conn)
    return SaveTarget(label, path)


def save_session(report: Report, patient: str, db_path: Path | str | None = None, *,
                 video: Path | None = None) -> int:
    """Save a checked set under a patient label in the history database.

    Args:
        report: the set's report.
        patient: the patient's label (any text, e.g. initials or a clinic id).
        db_path: the database file; default ``$FORMCHECK_HISTORY_DB`` or the user
            data folder.
        video: the video the set was checked from (see `add_session`).

    Returns:
        The new session's id.
    """
    with open_history(db_path) as conn:
        return add_session(conn, report, patient, video=video)


@dataclass(frozen=True)
class SessionRow:
    """One stored session, without its report."""

    id: int
    patient_id: int
    patient: str
    exercise: str
    exercise_name: str
    created_at: str
    origin: str
    reps: int | None
    flags: int
    duration_s: float
    adherence: float | None
    rom: float | None
    rom_metric: str
    rom_label: str | None
    rom_unit: str | None
    rom_left: float | None
    rom_right: float | None
    rep_s: float | None
    hold_s: float | None
    pain_before: int | None
    pain_after: int | None
    location: str | None
    direction: str | None

    @property
    def range_words(self) -> str:
        """The range reached, for a person: "95°", "left 3°, right 20°", or "–"."""

        def shown(value: float) -> str:
            return format_value(value, self.rom_unit) if self.rom_unit in UNITS else f"{value:.0f}"

        if self.rom_left is not None and self.rom_right is not None:
            return f"left {shown(self.rom_left)}, right {shown(self.rom_right)}"
        return "–" if self.rom is None else shown(self.rom)


_SESSION_SELECT = (
    "SELECT s.id, s.patient_id, p.label AS patient, s.exercise, s.exercise_name, s.created_at, "
    "s.origin, s.reps, s.flags, s.duration_s, s.adherence, s.rom, s.rom_metric, "
    "s.rom_label, s.rom_unit, s.rom_left, s.rom_right, s.rep_s, s.hold_s, "
    "c.pain_before, c.pain_after, c.location, c.direction "
    "FROM sessions s JOIN patients p ON p.id = s.patient_id "
    "LEFT JOIN checkins c ON c.session_id = s.id "
)


def patients(conn: sqlite3.Connection) -> list[tuple[int, str, int, int]]:
    """(id, label, number of sessions, peripheralizing check-ins) for every patient, by label."""
    rows = conn.execute(
        "SELECT p.id, p.label, COUNT(s.id), COUNT(CASE WHEN c.direction = 'peripheralizing' "
        "THEN 1 END) FROM patients p LEFT JOIN sessions s ON s.patient_id = p.id "
        "LEFT JOIN checkins c ON c.session_id = s.id GROUP BY p.id ORDER BY p.label"
    ).fetchall()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def patient_label(conn: sqlite3.Connection, patient_id: int) -> str | None:
    """The label of a patient id, or None."""
    row = conn.execute("SELECT label FROM patients WHERE id = ?", (patient_id,)).fetchone()
    return row[0] if row else None


def sessions(conn: sqlite3.Connection, patient: str | int | None = None) -> list[SessionRow]:
    """Sessions, oldest first; all of them, or one patient's (by label or id).

    A label is matched as stored (see `clean_label`).
    """
    if isinstance(patient, str):
        patient = clean_label(patient)
    if patient is None:
        rows = conn.execute(_SESSION_SELECT + "ORDER BY s.created_at, s.id").fetchall()
    else:
        column = "p.id" if isinstance(patient, int) else "p.label"
        rows = conn.execute(_SESSION_SELECT + f"WHERE {column} = ? ORDER BY s.created_at, s.id",
                            (patient,)).fetchall()
    return [SessionRow(**dict(r)) for r in rows]


def _read_back(parse: Callable[[], T], what: str) -> T:
    """`parse()`, with stored text that no longer parses reported as damage."""
    try:
        return parse()
    except ValidationError:
        raise UnusableDatabase(f"it is damaged ({what} cannot be read back)") from None


def session(conn: sqlite3.Connection, session_id: int) -> tuple[SessionRow, Report]:
    """One session and its report.

    Raises:
        UserError: no session has that id.
        UnusableDatabase: its stored report does not parse (a damaged file).
    """
    row = conn.execute(_SESSION_SELECT + "WHERE s.id = ?", (session_id,)).fetchone()
    if row is None:
        raise UserError(f"no session with id {session_id}")
    text = conn.execute("SELECT report_json FROM sessions WHERE id = ?", (session_id,)).fetchone()
    report = _read_back(lambda: Report.model_validate_json(text[0]),
                        f"the stored report of session {session_id}")
    return SessionRow(**dict(row)), report


def session_video(conn: sqlite3.Connection, session_id: int) -> Path | None:
    """The video recorded with a session when it was stored, or None.

    Raises:
        UserError: no session has that id.
    """
    row = conn.execute("SELECT video_path FROM sessions WHERE id = ?", (session_id,)).fetchone()
    if row is None:
        raise UserError(f"no session with id {session_id}")
    return None if row[0] is None else Path(row[0])


def set_checkin(conn: sqlite3.Connection, session_id: int, checkin: CheckIn) -> None:
    """Attach (or replace) the symptom check-in of a session."""
    session(conn, session_id)
    with transaction(conn):
        conn.execute(
            "INSERT OR REPLACE INTO checkins (session_id, pain_before, pain_after, location, "
            "direction, note, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (session_id, checkin.pain_before, checkin.pain_after, checkin.location,
             checkin.direction, checkin.note, now_iso()),
        )


def checkin(conn: sqlite3.Connection, session_id: int) -> CheckIn | None:
    """The session's check-in, if any."""
    row = conn.execute(
        "SELECT pain_before, pain_after, location, direction, note FROM checkins "
        "WHERE session_id = ?", (session_id,)).fetchone()
    if row is None:
        return None
    return _read_back(lambda: CheckIn(**dict(row)), f"the check-in of session {session_id}")


def set_review(conn: sqlite3.Connection, session_id: int, flag: int, decision: Decision,
               note: str = "") -> FlagReview:
    """Confirm or dismiss one flag of a session, replacing an earlier decision.

    Raises:
        UserError: no such session, or the report has no flag `flag`.
    """
    _, report = session(conn, session_id)
    if not 0 <= flag < len(report.flags):
        raise UserError(f"session {session_id} has no flag {flag} "
                        f"(it has {len(report.flags)} flags)")
    review = FlagReview(flag=flag, decision=decision, note=note.strip(), reviewed_at=now_iso())
    with transaction(conn):
        conn.execute(
            "INSERT OR REPLACE INTO flag_reviews (session_id, flag, decision, note, reviewed_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (session_id, flag, review.decision, review.note, review.reviewed_at),
        )
    return review


def reviews(conn: sqlite3.Connection, session_id: int) -> dict[int, FlagReview]:
    """The therapist's decisions on a session's flags, by flag index."""
    rows = conn.execute(
        "SELECT flag, decision, note, reviewed_at FROM flag_reviews WHERE session_id = ? "
        "ORDER BY flag", (session_id,)).fetchall()
    found = _read_back(lambda: [FlagReview(**dict(r)) for r in rows],
                       f"the flag reviews of session {session_id}")
    return {r.flag: r for r in found}
