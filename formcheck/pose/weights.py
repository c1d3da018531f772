"""Finding, checking and downloading the MediaPipe pose landmarker model bundles.

A model is resolved in this order (the first hit wins):

1. an explicit path given by the user (``--model PATH``);
2. the directory named by ``$FORMCHECK_MODEL_DIR``;
3. the user cache, ``$XDG_CACHE_HOME/formcheck/models`` or ``~/.cache/formcheck/models``;
4. a download from Google's official URL into the user cache, with a progress bar,
   a size and SHA-256 check, and an atomic rename into place.

Every bundle found in a directory or downloaded is checked against the known size
and SHA-256 before it is used: a truncated bundle would otherwise only fail inside
MediaPipe with "Unable to open zip archive". A bundle that fails the check is
reported, never loaded. An explicit path is trusted as long as it is a readable zip
archive holding the two models of a pose landmarker bundle, so that a user can run
their own (e.g. retrained) bundle.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from formcheck.errors import UserError

MODEL_DIR_ENV = "FORMCHECK_MODEL_DIR"
DEFAULT_VARIANT = "full"
BUNDLE_MEMBERS = ("pose_detector.tflite", "pose_landmarks_detector.tflite")
"""The models every pose landmarker bundle holds (the lite, full and heavy ones do)."""


@dataclass(frozen=True)
class WeightsBundle:
    """One official pose landmarker bundle.

    Attributes:
        variant: "lite", "full" or "heavy".
        size_bytes: exact file size in bytes.
        sha256: hex SHA-256 digest of the file.
    """

    variant: str
    size_bytes: int
    sha256: str

    @property
    def filename(self) -> str:
        """File name of the bundle, e.g. ``pose_landmarker_full.task``."""
        return f"pose_landmarker_{self.variant}.task"

    @property
    def url(self) -> str:
        """Official download URL (float16, latest)."""
        return (
            "https://storage.googleapis.com/mediapipe-models/pose_landmarker/"
            f"pose_landmarker_{self.variant}/float16/latest/{self.filename}"
        )


BUNDLES: dict[str, WeightsBundle] = {
    spec.variant: spec
    for spec in (
        WeightsBundle(
            "lite", 5_777_746, "59929e1d1ee95287735ddd833b19cf4ac46d29bc7afddbbf6753c459690d574a"
        ),
        WeightsBundle(
            "full", 9_398_198, "4eaa5eb7a98365221087693fcc286334cf0858e2eb6e15b506aa4a7ecdcec4ad"
        ),
        WeightsBundle(
            "heavy", 30_664_242, "64437af838a65d18e5ba7a0d39b465540069bc8aae8308de3e318aad31fcbc7b"
        ),
    )
}

Downloader = Callable[[str, Path], None]
"""Fetches a URL into a file path; raises OSError (or a subclass) on failure."""


def model_spec(variant: str) -> WeightsBundle:
    """The spec of `variant`, or a UserError listing the valid variants."""
    try:
        return BUNDLES[variant]
    except KeyError:
        valid = ", ".join(BUNDLES)
        raise UserError(f"unknown model variant {variant!r}; choose one of: {valid}") from None


def user_cache_dir() -> Path:
    """The per-user model cache: ``$XDG_CACHE_HOME/formcheck/models`` or ``~/.cache/...``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "formcheck" / "models"


def sha256_of(path: Path) -> str:
    """Hex SHA-256 digest of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# Files this process found matching their spec, by (path, device, inode, size,
# mtime ns, spec digest): a batch resolves the model for every video, and hashing
# a bundle costs ~5 ms each time. A file changed since is hashed again.
_verified: set[tuple[str, int, int, int, int, str]] = set()


def verify_model(path: Path, spec: WeightsBundle) -> str | None:
    """Check a bundle's size and SHA-256 (once per process for an unchanged file).

    Returns:
        None when the file matches `spec`, otherwise a short reason.
    """
    stat = path.stat()
    if stat.st_size != spec.size_bytes:
        return f"size is {stat.st_size} bytes, expected {spec.size_bytes}"
    key = (str(path.resolve()), stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns,
           spec.sha256)
    if key in _verified:
        return None
    digest = sha256_of(path)
    if digest != spec.sha256:
        return f"sha256 is {digest}, expected {spec.sha256}"
    _verified.add(key)
    return None


def _check_explicit(path: Path) -> Path:
    if not path.is_file():
        raise UserError(f"{path}: model file not found")
    if not zipfile.is_zipfile(path):
        raise UserError(f"{path}: not a MediaPipe model bundle (.task zip archive)")
    try:
        with zipfile.ZipFile(path) as bundle:
            members = set(bundle.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise UserError(f"{path}: not a pose landmarker bundle (the zip archive cannot be "
                        f"read: {exc})") from None
    missing = [name for name in BUNDLE_MEMBERS if name not in members]
    if missing:
        raise UserError(f"{path}: not a pose landmarker bundle (it has no "
                        f"{' and no '.join(missing)})")
    return path


def _check_in_dir(directory: Path, spec: WeightsBundle, origin: str) -> Path | None:
    candidate = directory / spec.filename
    if not candidate.is_file():
        return None
    problem = verify_model(candidate, spec)
    if problem is not None:
        raise UserError(
            f"{candidate} (from {origin}) is damaged or not the official "
            f"{spec.variant} model: {problem}; delete or replace it"
        )
    return candidate


def download_url(url: str, dest: Path) -> None:
    """Fetch `url` into `dest` with a tqdm progress bar on stderr.

    Raises:
        OSError: on any network or HTTP failure (``urllib.error.URLError`` is one).
    """
    from tqdm import tqdm

    with urllib.request.urlopen(url, timeout=30) as response, open(dest, "wb") as out:
        total = int(response.headers.get("Content-Length") or 0) or None
        with tqdm(
            total=total, unit="B", unit_scale=True, unit_divisor=1024, desc=dest.name, leave=False
        ) as bar:
            for block in iter(lambda: response.read(1 << 16), b""):
                out.write(block)
                bar.update(len(block))


def download_model(
    spec: WeightsBundle, directory: Path, downloader: Downloader = download_url
) -> Path:
    """Download `spec` into `directory`, verify it, and rename it into place atomically.

    Raises:
        UserError: when the download fails (e.g. offline) or the file does not verify.
    """
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / spec.filename
    fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=".download-", suffix=".task")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        try:
            downloader(spec.url, tmp)
        except OSError as exc:
            raise UserError(
                f"no {spec.variant} pose model found and it could not be downloaded ({exc}); "
                f"set {MODEL_DIR_ENV} to a folder holding {spec.filename}, pass --model PATH, "
                "or connect to the internet once so it can be cached"
            ) from None
        problem = verify_model(tmp, spec)
        if problem is not None:
            raise UserError(f"downloaded {spec.url} does not verify: {problem}")
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    return final


def resolve_model(
    variant: str = DEFAULT_VARIANT,
    explicit: Path | None = None,
    *,
    download: bool = True,
    downloader: Downloader = download_url,
) -> Path:
    """Find (or fetch) the pose landmarker bundle to load.

    Args:
        variant: "lite", "full" or "heavy"; ignored when `explicit` is given.
        explicit: a path the user named; used as is after a readability check.
        download: allow step 4 (download into the user cache).
        downloader: how to fetch a URL into a file (replaceable in tests).

    Returns:
        Path of a verified model bundle.

    Raises:
        UserError: unknown variant, a damaged bundle in a searched folder, or no model
            available and none could be downloaded.
    """
    if explicit is not None:
        return _check_explicit(Path(explicit))
    spec = model_spec(variant)
    env_dir = os.environ.get(MODEL_DIR_ENV)
    if env_dir:
        found = _check_in_dir(Path(env_dir), spec, f"${MODEL_DIR_ENV}")
        if found is not None:
            return found
    cache = user_cache_dir()
    found = _check_in_dir(cache, spec, "the user cache")
    if found is not None:
        return found
    if not download:
        raise UserError(
            f"no {spec.variant} pose model found; set {MODEL_DIR_ENV} to a folder holding "
            f"{spec.filename}, pass --model PATH, or allow a one-time download"
        )
    return download_model(spec, cache, downloader)
