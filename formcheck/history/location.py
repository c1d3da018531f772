"""Where the database lives: an explicit path, ``FORMCHECK_HISTORY_DB``, or the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

ENV_VAR = "FORMCHECK_HISTORY_DB"
FILE_NAME = "history.sqlite3"


def resolve_db_path(db_path: Path | str | None = None) -> Path:
    """The history database file: `db_path`, else ``$FORMCHECK_HISTORY_DB``, else
    ``history.sqlite3`` in the user's data folder (e.g. ~/.local/share/formcheck)."""
    if db_path is not None:
        return Path(db_path)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return user_data_path("formcheck", appauthor=False) / FILE_NAME
