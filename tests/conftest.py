"""Shared test fixtures: where the real clips and models live (outside the project)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import cv2  # noqa: F401  (before any test module loads PyAV: see formcheck/video)
import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def clips_dir() -> Path:
    """../shared/clips (or $FORMCHECK_CLIPS_DIR); skips when absent."""
    path = Path(os.environ.get("FORMCHECK_CLIPS_DIR", REPO.parent / "shared" / "clips"))
    if not (path / "labels.toml").is_file():
        pytest.skip(f"no labelled clips at {path}")
    return path


@pytest.fixture(scope="session")
def lite_model() -> Path:
    """The verified lite pose model from $FORMCHECK_MODEL_DIR; skips without one."""
    if not os.environ.get("FORMCHECK_MODEL_DIR"):
        pytest.skip("set FORMCHECK_MODEL_DIR to a folder with the pose models")
    from formcheck.errors import UserError
    from formcheck.pose.weights import resolve_model

    try:
        return resolve_model("lite", download=False)
    except UserError as exc:
        pytest.skip(str(exc))


class LiteTracks:
    """Landmark tracks the lite model gives for clips, made once per test session.

    A track is read from $FORMCHECK_TRACK_CACHE when it holds one (as written by
    bench/extract_tracks.py), else extracted with the lite model (`model` gives
    its path, or skips) into a session folder; without the clip, the test is
    skipped.
    """

    def __init__(self, clips: Path, folder: Path, model: Callable[[], Path]) -> None:
        self.clips = clips
        self.folder = folder
        self.model = model
        cache = os.environ.get("FORMCHECK_TRACK_CACHE")
        self.cache = Path(cache) if cache else None

    def path(self, name: str) -> Path:
        """The track of clip `name` (relative to the clips folder, e.g. "squat/x.mp4")."""
        file_name = name.replace("/", "__") + ".track.npz"
        if self.cache is not None and (self.cache / file_name).is_file():
            return self.cache / file_name
        made = self.folder / file_name
        if not made.is_file():
            self._extract(name, made)
        return made

    def _extract(self, name: str, out: Path) -> None:
        """Extract the track as the cache is made: with bench/extract_tracks.py."""
        if not (self.clips / name).is_file():
            pytest.skip(f"{self.clips / name} not available")
        pytest.importorskip("mediapipe")
        subprocess.run(
            [sys.executable, str(REPO / "bench" / "extract_tracks.py"), "--clips", str(self.clips),
             "--model", "lite", "--model-path", str(self.model()), "--only", name,
             "--out", str(out.parent)],
            check=True, capture_output=True,
        )
        assert out.is_file(), f"bench/extract_tracks.py made no track of {name}"


@pytest.fixture(scope="session")
def lite_tracks(
    clips_dir: Path, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> LiteTracks:
    """See :class:`LiteTracks`."""
    return LiteTracks(clips_dir, tmp_path_factory.mktemp("lite-tracks"),
                      lambda: request.getfixturevalue("lite_model"))
