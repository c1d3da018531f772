"""Shared test fixtures: where the real clips and models live (outside the project)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def clips_dir() -> Path:
    """../shared/clips (or $FORMCHECK_CLIPS_DIR); skips when absent."""
    path = Path(os.environ.get("FORMCHECK_CLIPS_DIR", REPO.parent / "shared" / "clips"))
    if not (path / "labels.toml").is_file():
        pytest.skip(f"no labelled clips at {path}")
    return path
