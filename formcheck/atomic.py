"""Writing a file atomically: whole or not at all, even when interrupted.

The data goes to a hidden temporary file beside the target, which is renamed
into place once complete. The temporary file is created inside the guarded
block, so an interrupt (Ctrl-C) landing at any point, even while the file is
being created, removes it again.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A binary file handle whose contents replace `path` when the block completes.

    The target's folder is created if needed; the final file is readable by all
    (mode 0644). When the block raises, nothing is left behind and `path` is untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "xb") as out:
            yield out
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
