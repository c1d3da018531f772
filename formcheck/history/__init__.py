"""Session history: a SQLite file of checked sets per patient, with symptom check-ins.

`save_session` is the one call the `check` and `live` commands need.
"""

from __future__ import annotations

from formcheck.history.store import save_session

__all__ = ["save_session"]
