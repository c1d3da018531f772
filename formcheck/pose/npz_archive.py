"""Reading the arrays of a NumPy ``.npz`` archive without trusting the file.

``numpy.load`` reads an archive lazily, so damage inside a member surfaces later
as a ``zlib.error``, an ``EOFError`` or a checksum complaint, and a file that is
not a zip at all is taken for a pickle (numpy then suggests ``allow_pickle``).
Here each member is read whole, which checks its CRC, and its header is read
before the array is built, so every problem is one :class:`UserError` naming
the file and the member, and an object array (pickled Python) is never unpickled.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import numpy as np

from formcheck.errors import UserError

_NPY_SUFFIX = ".npy"


def read_npz(path: Path, what: str) -> dict[str, np.ndarray]:
    """Every ``.npy`` member of the archive at `path`, by name without ``.npy``.

    Args:
        path: the archive.
        what: what the file should be, for messages (e.g. "landmark track").

    Raises:
        UserError: the file is not a complete zip archive, a member's data is
            damaged, a member is not a NumPy array, or it holds Python objects.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            return {
                info.filename.removesuffix(_NPY_SUFFIX): _read_member(path, archive, info, what)
                for info in archive.infolist()
                if info.filename.endswith(_NPY_SUFFIX)
            }
    except (zipfile.BadZipFile, EOFError):
        raise UserError(f"{path}: not a {what}: the file is not a complete .npz archive "
                        "(it was cut short, or is another kind of file)") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _read_member(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo,
                 what: str) -> np.ndarray:
    key = info.filename.removesuffix(_NPY_SUFFIX)
    try:
        data = archive.read(info)
    # RuntimeError: an encrypted member; NotImplementedError: an unknown compression.
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError,
            NotImplementedError):
        raise UserError(f"{path}: field '{key}' is damaged (its data does not decompress "
                        "or fails its checksum)") from None
    stream = io.BytesIO(data)
    try:
        version = np.lib.format.read_magic(stream)
        read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                       else np.lib.format.read_array_header_2_0)
        _, _, dtype = read_header(stream)
        if dtype.hasobject:
            raise UserError(f"{path}: field '{key}' holds Python objects, which formcheck "
                            f"never loads; a {what} holds only numbers and text")
        stream.seek(0)
        return np.lib.format.read_array(stream, allow_pickle=False)
    except (ValueError, EOFError):
        raise UserError(f"{path}: field '{key}' is not a readable NumPy array") from None
