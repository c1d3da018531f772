"""Converting keypoints from other pose tools into the landmark-track format.

`track_from_file` picks the reader by the file's suffix: a CSV
(`formcheck.pose.convert_csv`) or a JSON file (`formcheck.pose.convert_json`),
in the layouts described in docs/track-format.md.
"""

from __future__ import annotations

from pathlib import Path

from formcheck.errors import UserError
from formcheck.pose.convert_csv import read_csv
from formcheck.pose.convert_json import read_json
from formcheck.pose.keypoint_table import ConvertOptions
from formcheck.pose.track import Track

_READERS = {".csv": read_csv, ".json": read_json}


def track_from_file(path: Path, options: ConvertOptions | None = None) -> Track:
    """Read a keypoint CSV or JSON file (by its suffix) into a Track.

    Raises:
        UserError: unreadable file, unknown suffix, or bad content; one line naming
            the file (and line or field) and the value.
    """
    path = Path(path)
    options = options or ConvertOptions()
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise UserError(f"{path}: expected a .csv or .json keypoint file")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: not a text file (UTF-8)") from None
    return reader(path, text, options)
