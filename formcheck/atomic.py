"""Writing an output file: whole or not at all, even when interrupted, or one clear error.

A new or regular file is written to a hidden temporary file beside it, renamed
into place once complete. The temporary file is created inside the guarded
block, so an interrupt (Ctrl-C) landing at any point, even while the file is
being created, removes it again. A symbolic link is followed: the file it points
to is replaced, the link stays.

An existing pipe or character device (``/dev/null``, a FIFO, ``/dev/fd/N`` of a
shell's process substitution) is written to directly: renaming a file over it
would put a plain file in place of the device node.

Any failure to write (a read-only file system, a full disk, a folder in the way,
a path under a regular file) is a :class:`~formcheck.errors.UserError` naming the
path and the reason; the temporary file is removed, and a removal that fails
too (a read-only file system) is not reported a second time.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from formcheck.errors import UserError


def cannot_write(path: Path, reason: str) -> UserError:
    """The error for an output `path` that cannot be written, e.g. for "no space left"."""
    return UserError(f"cannot write {path}: {reason}")


def os_reason(exc: OSError) -> str:
    """An OSError's reason in plain lower-case words, e.g. "read-only file system"."""
    text = exc.strerror or str(exc)
    return text[:1].lower() + text[1:]


@contextlib.contextmanager
def reported_as_user_error(path: Path) -> Iterator[None]:
    """Turn an OSError raised in the block into ``cannot write PATH: REASON``."""
    try:
        yield
    except OSError as exc:
        raise cannot_write(path, os_reason(exc)) from None


def _mode(path: Path) -> int | None:
    """The mode bits of what `path` names (links followed), or None when nothing is there."""
    try:
        return os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None


def is_stream(path: Path) -> bool:
    """True when `path` is an existing pipe or character device (e.g. ``/dev/null``).

    False too when `path` cannot be looked at (no permission): writing it then
    reports why.
    """
    try:
        mode = _mode(path)
    except OSError:
        return False
    return mode is not None and (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode))


def check_output_path(path: Path) -> None:
    """Refuse an output path that can never be written, before any work is done.

    Accepted: an existing regular file, pipe or character device, or a new name
    whose nearest existing folder is a folder (missing folders are created when
    the file is written).

    Raises:
        UserError: `path` is a folder or another kind of node (a disk, a socket),
            or one of its parents is a regular file.
    """
    path = Path(path)
    with reported_as_user_error(path):
        mode = _mode(path)
        if mode is None:
            folder = path.parent
            while not folder.exists() and folder != folder.parent:
                folder = folder.parent
            if not folder.is_dir():
                raise cannot_write(path, f"{folder} is a file, not a folder")
            return
    if stat.S_ISDIR(mode):
        raise cannot_write(path, "it is a folder")
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        raise cannot_write(path, "it is neither a file, a pipe nor a character device")


class PendingFile:
    """A hidden temporary name beside an output file, to commit into place or discard.

    For writers that open a file by name themselves (OpenCV's video writer): the
    temporary name keeps the target's suffix, which such writers read the format from.
    Missing folders are created here.

    Args:
        path: the output file, as the user named it (used in messages).

    Raises:
        UserError: `path` cannot be written (see :func:`check_output_path`), is a
            pipe or a device (a rename would replace it), or its folder cannot be
            created.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        check_output_path(self.path)
        if is_stream(self.path):
            raise cannot_write(self.path, "it is a pipe or a device, not a regular file")
        self._target = Path(os.path.realpath(self.path))
        with reported_as_user_error(self.path):
            self._target.parent.mkdir(parents=True, exist_ok=True)
        token = secrets.token_hex(4)
        self.tmp = self._target.with_name(
            f".{self._target.stem}.{token}.tmp{self._target.suffix}"
        )

    def commit(self) -> None:
        """Make the temporary file readable by all (mode 0644) and rename it into place.

        Raises:
            UserError: the rename failed (the temporary file is then removed).
        """
        try:
            with reported_as_user_error(self.path):
                os.chmod(self.tmp, 0o644)
                os.replace(self.tmp, self._target)
        except UserError:
            self.discard()
            raise

    def discard(self) -> None:
        """Remove the temporary file if it exists; a failure to remove is ignored."""
        with contextlib.suppress(OSError):
            self.tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A binary file handle whose contents replace `path` when the block completes.

    The target's folder is created if needed; the final file is readable by all
    (mode 0644). When the block raises, nothing is left behind and `path` is
    untouched. A pipe or character device is written to directly instead.

    Raises:
        UserError: the file cannot be written; the message names `path` and why.
    """
    path = Path(path)
    if is_stream(path):
        with reported_as_user_error(path), open(path, "wb") as out:
            yield out
        return
    pending = PendingFile(path)
    try:
        with reported_as_user_error(path), open(pending.tmp, "xb") as out:
            yield out
    except BaseException:
        pending.discard()
        raise
    pending.commit()
