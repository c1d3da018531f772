"""Loading exercise files: TOML -> validated `ExerciseSpec`, with errors a person can act on."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

from pydantic import ValidationError

from formcheck.errors import UserError
from formcheck.spec.language import ExerciseSpec


def shipped_exercise_dir() -> Path:
    """The folder of exercise files that comes with formcheck.

    In a wheel the files are package data (``formcheck/exercises``); in a source
    checkout they are the top-level ``exercises/`` folder.
    """
    packaged = Path(__file__).resolve().parent.parent / "exercises"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "exercises"


def _describe(error: dict) -> str:
    where = ".".join(str(part) for part in error["loc"] if not str(part).startswith("function-"))
    value = error.get("input")
    if error["type"] == "finite_number":
        return f"field '{where}': must be a finite number, got {value}"
    if error["type"] == "value_error":
        reason = str(error["ctx"]["error"])
        return f"field '{where}': {reason}" if where else reason
    shown = "" if isinstance(value, dict) else f" (value: {value!r})"
    return f"field '{where or '<top level>'}': {error['msg']}{shown}"


def load_exercise(path: Path) -> ExerciseSpec:
    """Read and validate one exercise file.

    Raises:
        UserError: the file is missing, not TOML, or not a valid exercise; the
            message names the file, the field and the bad value.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot read exercise file ({exc.strerror})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: not valid TOML ({exc})") from None
    try:
        return ExerciseSpec.model_validate(data)
    except ValidationError as exc:
        first = _describe(exc.errors()[0])
        more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
        raise UserError(f"{path}: {first}{more}") from None


def spec_digest(path: Path) -> str:
    """sha256 of an exercise file's bytes (records which rules produced a report)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def exercise_files(directory: Path | None = None) -> dict[str, Path]:
    """Exercise id -> file, for every ``*.toml`` in `directory` (default: shipped ones)."""
    directory = directory or shipped_exercise_dir()
    return {p.stem: p for p in sorted(directory.glob("*.toml"))}


def find_exercise(name_or_path: str) -> Path:
    """The file of a shipped exercise id, or `name_or_path` itself when it is a file.

    Raises:
        UserError: neither a known id nor an existing file; lists the known ids.
    """
    candidate = Path(name_or_path)
    if candidate.suffix == ".toml":
        if not candidate.is_file():
            raise UserError(f"{candidate}: no such exercise file")
        return candidate
    files = exercise_files()
    if name_or_path not in files:
        raise UserError(
            f"unknown exercise {name_or_path!r}; known exercises: {', '.join(files) or 'none'}"
        )
    return files[name_or_path]
