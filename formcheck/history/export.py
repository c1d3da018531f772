"""One stored session as plain data, with everything a therapist decided about it."""

from __future__ import annotations

import sqlite3

from formcheck.history.adjustments import adjustments_for
from formcheck.history.store import checkin, reviews, session

EXPORT_FORMAT = "formcheck-session"
EXPORT_VERSION = 2
"""Version 2 added the adjustments in force."""


def export_session(conn: sqlite3.Connection, session_id: int) -> dict:
    """The session as plain data: patient, report, check-in, flag reviews, and the
    patient's adjustments of this exercise's checks in force now (the report holds
    those the session was checked with).

    Returns:
        ``{"format": "formcheck-session", "version": 2, "session_id", "patient",
        "report", "checkin", "reviews", "adjustments"}``, ready for ``json.dumps``.
    """
    row, report = session(conn, session_id)
    found = checkin(conn, session_id)
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "session_id": row.id,
        "patient": row.patient,
        "report": report.model_dump(mode="json"),
        "checkin": found.model_dump(mode="json") if found else None,
        "reviews": [r.model_dump(mode="json") for r in reviews(conn, session_id).values()],
        "adjustments": [a.model_dump(mode="json")
                        for a in adjustments_for(conn, row.patient_id, row.exercise)],
    }
