"""Batch manifests: which file to check against which exercise.

CSV: a header row with the columns ``file`` and ``exercise``. TOML: an array of
tables, ``[[input]]`` with keys ``file`` and ``exercise``. Relative paths are
relative to the manifest's folder. ``exercise`` may be left out (or empty) when a
default exercise is given on the command line.
"""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

from formcheck.batch.inputs import Job, job_key, unique_jobs
from formcheck.errors import UserError
from formcheck.spec import find_exercise

FIELDS = ("file", "exercise")


def read_manifest(path: Path, default_exercise: str | None = None) -> list[Job]:
    """The jobs a manifest lists, in its order.

    Args:
        path: a ``.csv`` or ``.toml`` manifest.
        default_exercise: the exercise for entries that name none.

    Raises:
        UserError: unreadable file, unknown format, or a bad entry; the message
            names the file, the entry, the field and the bad value.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read manifest ({exc})") from None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        entries = _csv_entries(path, text)
    elif suffix == ".toml":
        entries = _toml_entries(path, text)
    else:
        raise UserError(f"{path}: a manifest must be a .csv or .toml file, not {suffix!r}")
    if not entries:
        raise UserError(f"{path}: the manifest lists no inputs")
    jobs = [_job(path, where, entry, default_exercise) for where, entry in entries]
    return unique_jobs(jobs)


def _csv_entries(path: Path, text: str) -> list[tuple[str, dict[str, object]]]:
    reader = csv.DictReader(text.splitlines())
    columns = [c.strip() for c in reader.fieldnames or []]
    if "file" not in columns:
        raise UserError(f"{path}: the header must have a 'file' column (found: {columns})")
    unknown = [c for c in columns if c not in FIELDS]
    if unknown:
        raise UserError(f"{path}: unknown column {unknown[0]!r}; columns are: {', '.join(FIELDS)}")
    return [
        (f"line {reader.line_num}", {k.strip(): (v or "").strip() for k, v in row.items()})
        for row in reader
    ]


def _toml_entries(path: Path, text: str) -> list[tuple[str, dict[str, object]]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{path}: not valid TOML ({exc})") from None
    unknown = [k for k in data if k != "input"]
    if unknown:
        raise UserError(f"{path}: unknown key {unknown[0]!r}; list inputs as [[input]] tables")
    entries = data.get("input", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise UserError(f"{path}: 'input' must be an array of tables ([[input]])")
    result = []
    for i, entry in enumerate(entries):
        bad = [k for k in entry if k not in FIELDS]
        if bad:
            raise UserError(f"{path}: input {i + 1}: unknown field {bad[0]!r} "
                            f"(value: {entry[bad[0]]!r}); fields are: {', '.join(FIELDS)}")
        result.append((f"input {i + 1}", entry))
    return result


def _job(path: Path, where: str, entry: dict[str, object], default: str | None) -> Job:
    file = entry.get("file")
    if not isinstance(file, str) or not file:
        raise UserError(f"{path}: {where}: field 'file' must be a file path (value: {file!r})")
    exercise = entry.get("exercise") or default
    if not isinstance(exercise, str):
        raise UserError(f"{path}: {where}: field 'exercise' must be an exercise id or .toml "
                        f"file (value: {entry.get('exercise')!r}), or pass --exercise")
    try:
        find_exercise(exercise)
    except UserError as exc:
        raise UserError(f"{path}: {where}: field 'exercise': {exc}") from None
    target = Path(file) if Path(file).is_absolute() else path.parent / file
    if not target.is_file():
        raise UserError(f"{path}: {where}: field 'file': no such file (value: {file!r})")
    return Job(target, exercise, job_key(target, path.parent))
