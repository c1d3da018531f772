"""The SQLite connection under the history: opening with a busy timeout, write
transactions, and SQLite's errors told in plain words.

Several formcheck processes may use one file at once (a batch, the review app, a
live session). SQLite lets one write at a time; the others wait for the lock up
to `BUSY_TIMEOUT_S` before giving up with "database is locked".
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

BUSY_TIMEOUT_S = 10.0
"""How long a reader or writer waits for another process's lock, seconds. Long
enough for a migration or a queue of writers, short enough to report a stuck lock."""


class UnusableDatabase(Exception):
    """The file is a SQLite database, but not one this formcheck can use; the
    message says why (e.g. written by a newer formcheck, a stored report damaged)."""


def connect(path: Path) -> sqlite3.Connection:
    """Open `path` (created when missing) in autocommit mode: transactions are
    explicit (see `transaction`); a lock is waited for up to `BUSY_TIMEOUT_S`."""
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                           check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error.

    IMMEDIATE takes the write lock at the start (waiting up to the busy timeout),
    so what the transaction reads cannot change before it writes.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:  # SQLite may already have rolled back (disk full, I/O error)
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def check_writable(conn: sqlite3.Connection) -> None:
    """Write one row and roll it back: fails as a save would on a read-only file,
    or a folder where SQLite cannot create its journal.

    Raises:
        sqlite3.OperationalError: SQLite's reason.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("INSERT INTO schema_version (version) SELECT MAX(version) FROM schema_version")
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")


def check_integrity(conn: sqlite3.Connection) -> None:
    """SQLite's quick check, which reads every page of the file.

    Raises:
        UnusableDatabase: a damaged page, with SQLite's first finding.
    """
    found = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    if found != "ok":
        finding = "; ".join(line for line in found.splitlines() if not line.startswith("***"))
        raise UnusableDatabase(f"it is damaged (SQLite's integrity check: {finding})")


_LOCKED = ("the history database is busy: another process (another formcheck run?) holds "
           "its lock; try again in a moment")
_REASONS = {
    sqlite3.SQLITE_BUSY: _LOCKED,
    sqlite3.SQLITE_LOCKED: _LOCKED,
    sqlite3.SQLITE_READONLY: "cannot write to the history database: the file (or its disk) "
                             "is read-only",
    sqlite3.SQLITE_CANTOPEN: "cannot open the history database, or create its journal beside it: "
                             "is the folder missing or read-only?",
    sqlite3.SQLITE_PERM: "cannot open the history database: permission denied",
    sqlite3.SQLITE_FULL: "cannot write to the history database: the disk is full",
    sqlite3.SQLITE_IOERR: "cannot read or write the history database: disk I/O error",
    sqlite3.SQLITE_CORRUPT: "not a usable history database: it is damaged ({})",
    sqlite3.SQLITE_NOTADB: "not a usable history database: {}",
}


def plain_reason(exc: sqlite3.Error | UnusableDatabase) -> str | None:
    """Why the database cannot be used, in words for the user; None for an error
    that is not about the file (a bug in formcheck's SQL keeps its traceback)."""
    if isinstance(exc, UnusableDatabase):
        return f"not a usable history database: {exc}"
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return None
    reason = _REASONS.get(code & 0xFF)
    return None if reason is None else reason.format(exc)
