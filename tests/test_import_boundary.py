"""What runs without OpenCV and MediaPipe: the form-checking core and the light commands.

Each case runs in a fresh interpreter whose ``sitecustomize`` makes ``cv2`` and
``mediapipe`` unimportable (a ``sys.meta_path`` finder raising ImportError), so
a module that imports either at the top, or a command that loads one it does
not need, fails here as it would on a machine without them.
"""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BLOCKED = ("cv2", "mediapipe")

_BLOCKER = f'''
import sys


class _Unimportable:
    """Refuses {BLOCKED} and their submodules."""

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {BLOCKED!r}:
            raise ImportError(f"{{name}} is blocked by the import-boundary test")
        return None


sys.meta_path.insert(0, _Unimportable())
'''


@pytest.fixture(scope="module")
def blocked_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An environment whose Python cannot import cv2 or mediapipe."""
    folder = tmp_path_factory.mktemp("no-cv2")
    (folder / "sitecustomize.py").write_text(_BLOCKER, encoding="utf-8")
    path = os.pathsep.join(p for p in (str(folder), str(REPO), os.environ.get("PYTHONPATH"))
                           if p)
    return {**os.environ, "PYTHONPATH": path}


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)


def test_the_blocker_blocks(blocked_env: dict[str, str]) -> None:
    for name in BLOCKED:
        result = run(blocked_env, "-c", f"import {name}")
        assert result.returncode != 0 and "blocked by the import-boundary test" in result.stderr


def _modules(package: str) -> list[str]:
    folder = REPO.joinpath(*package.split("."))
    return [package] + [f"{package}.{m.name}" for m in pkgutil.iter_modules([str(folder)])]


def test_the_core_imports_without_opencv_or_mediapipe(blocked_env: dict[str, str]) -> None:
    modules = [*_modules("formcheck.analysis"), *_modules("formcheck.spec"),
               "formcheck.pose.frame", "formcheck.pose.landmarks", "formcheck.pose.block",
               "formcheck.pose.track"]
    assert "formcheck.analysis.engine" in modules and "formcheck.spec.language" in modules
    result = run(blocked_env, "-c", "import importlib, sys\n"
                 "for name in sys.argv[1:]:\n    importlib.import_module(name)", *modules)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("command", [
    ["--help"],
    ["exercises"],
    ["exercises", "show", "bird_dog"],
], ids=" ".join)
def test_light_commands_run_without_opencv_or_mediapipe(
    blocked_env: dict[str, str], command: list[str]
) -> None:
    result = run(blocked_env, "-m", "formcheck", *command)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_checking_a_landmark_track_needs_neither(
    blocked_env: dict[str, str], tmp_path: Path
) -> None:
    """With every output a track can have, and the session saved in the history."""
    out, copy = tmp_path / "bird_dog.json", tmp_path / "copy.track.npz"
    env = {**blocked_env, "FORMCHECK_HISTORY_DB": str(tmp_path / "history.db")}
    result = run(env, "-m", "formcheck", "check",
                 "samples/bird_dog_faults_side.track.npz", "--exercise", "bird_dog",
                 "-o", str(out), "--save-track", str(copy), "--patient", "P1")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert out.is_file() and f"report: {out}" in result.stdout
    assert copy.is_file() and "history: saved as session 1 for P1" in result.stdout
