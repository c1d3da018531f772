"""Turning command-line inputs (files, folders, globs) into batch jobs.

Each job has a report name that is stable across runs: the input's path relative
to the folder, glob prefix or manifest it came from, with ``/`` replaced by
``__``, so two clips called ``front.mp4`` in different folders do not collide.
"""

from __future__ import annotations

import contextlib
import glob
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from formcheck.errors import UserError
from formcheck.pose.track import TRACK_SUFFIX, is_track_path

VIDEO_SUFFIXES = frozenset({".mp4", ".m4v", ".mov", ".avi", ".mkv", ".webm", ".gif"})
_GLOB_MAGIC = frozenset("*?[")


@dataclass(frozen=True)
class Job:
    """One input to check.

    Attributes:
        path: the video or landmark track.
        exercise: exercise id or .toml path to check it against.
        key: stable, unique name of the input within the batch (used for the
            report file name).
    """

    path: Path
    exercise: str
    key: str


def input_stem(path: Path) -> str:
    """A file's name without its video or track suffix (``a.mp4.track.npz`` -> ``a``)."""
    return path.name.removesuffix(TRACK_SUFFIX).rsplit(".", 1)[0]


def is_checkable(path: Path) -> bool:
    """True for a video file or landmark track, judged by its name."""
    return is_track_path(path) or path.suffix.lower() in VIDEO_SUFFIXES


def job_key(path: Path, base: Path | None) -> str:
    """`path` relative to `base` (when inside it), suffix dropped, ``/`` -> ``__``."""
    relative = Path(path.name)
    if base is not None:
        with contextlib.suppress(ValueError):
            relative = path.resolve().relative_to(base.resolve())
    return "__".join((*relative.parent.parts, input_stem(relative)))


def has_glob_magic(text: str) -> bool:
    """True when `text` contains glob wildcards."""
    return any(ch in _GLOB_MAGIC for ch in text)


def _glob_base(pattern: str) -> Path:
    parts = Path(pattern).parts
    first_magic = next(i for i, part in enumerate(parts) if has_glob_magic(part))
    return Path(*parts[:first_magic]) if first_magic else Path(".")


def _folder_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and is_checkable(p)
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def expand_inputs(inputs: Sequence[str], exercise: str | None) -> list[Job]:
    """Jobs for files, folders (searched recursively) and glob patterns.

    Args:
        inputs: paths or patterns as typed by the user.
        exercise: the exercise for all of them.

    Raises:
        UserError: no exercise given, an input that does not exist, a pattern or
            folder with no videos or tracks, or two inputs with the same key.
    """
    if exercise is None:
        raise UserError("--exercise is required unless a --manifest names one per file")
    jobs: list[Job] = []
    for text in inputs:
        path = Path(text)
        if path.is_dir():
            files, base = _folder_files(path), path
        elif path.is_file():
            files, base = [path], None
        elif has_glob_magic(text):
            files = sorted(Path(p) for p in glob.glob(text, recursive=True))
            files, base = [p for p in files if p.is_file() and is_checkable(p)], _glob_base(text)
        else:
            raise UserError(f"{text}: no such file or folder")
        if not files:
            raise UserError(f"{text}: no videos or landmark tracks found")
        jobs.extend(Job(f, exercise, job_key(f, base)) for f in files)
    return unique_jobs(jobs)


def unique_jobs(jobs: Iterable[Job]) -> list[Job]:
    """`jobs` in order, with exact repeats dropped.

    Raises:
        UserError: two different inputs would share a report (same key and exercise).
    """
    seen: dict[tuple[str, str], Job] = {}
    result = []
    for job in jobs:
        name = (job.key, job.exercise)
        other = seen.get(name)
        if other is not None:
            if other.path.resolve() == job.path.resolve():
                continue
            raise UserError(
                f"{other.path} and {job.path} would both be reported as {job.key!r}: "
                "check them in separate batches or list them in a manifest from a common folder"
            )
        seen[name] = job
        result.append(job)
    return result
