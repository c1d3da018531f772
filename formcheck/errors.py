"""Errors that are the user's to fix (bad file, bad option) as opposed to bugs.

The CLI prints a :class:`UserError` as one line and exits with code 2; anything
else is a bug and keeps its traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem with the user's input: a file, a field or an option value."""
