"""Which pose model a session runs: a variant name or a .task file, resolved to a verified file."""

from __future__ import annotations

from pathlib import Path

from formcheck.pose.weights import BUNDLES, DEFAULT_VARIANT, resolve_model

MODEL_VARIANTS = tuple(BUNDLES)
DEFAULT_MODEL = DEFAULT_VARIANT
"""The model `formcheck check` runs unless told otherwise."""
DEFAULT_LIVE_MODEL = "lite"
"""Fastest bundle: on a 2-core laptop CPU it keeps up with a 30 fps camera (bench_live.py)."""


def model_path(model: str) -> Path:
    """The verified model file for a variant name (lite, full, heavy) or a .task file path.

    Raises:
        UserError: no such model and none could be found or downloaded.
    """
    if model in MODEL_VARIANTS:
        return resolve_model(model)
    return resolve_model(explicit=Path(model))
