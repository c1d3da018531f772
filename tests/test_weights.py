"""Model resolution order, verification and the offline message, without the network.

Fixtures: `fake_spec` swaps the real bundle table for a tiny "lite" spec whose
contents are `PAYLOAD`, so verified files can be written in a few bytes. The
environment is cleared of FORMCHECK_MODEL_DIR and XDG_CACHE_HOME points into
tmp_path, so no real cache is touched. Every test that could download passes a
fake downloader or one that fails like an offline machine.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import pytest

from formcheck.errors import UserError
from formcheck.pose import weights
from formcheck.pose.weights import MODEL_DIR_ENV, WeightsBundle, resolve_model, user_cache_dir

PAYLOAD = b"pretend pose model bundle"


@pytest.fixture
def fake_spec(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> WeightsBundle:
    spec = WeightsBundle("lite", len(PAYLOAD), hashlib.sha256(PAYLOAD).hexdigest())
    monkeypatch.setattr(weights, "BUNDLES", {"lite": spec})
    monkeypatch.delenv(MODEL_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return spec


def offline(url: str, dest: Path) -> None:
    raise OSError("Name or service not known")


def never_called(url: str, dest: Path) -> None:
    raise AssertionError(f"tried to download {url}")


def place(directory: Path, spec: WeightsBundle, content: bytes = PAYLOAD) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / spec.filename
    path.write_bytes(content)
    return path


def test_real_table_matches_the_verified_bundles() -> None:
    assert set(weights.BUNDLES) == {"lite", "full", "heavy"}
    assert weights.BUNDLES["full"].size_bytes == 9_398_198
    assert weights.BUNDLES["heavy"].sha256.startswith("64437af8")
    assert weights.BUNDLES["lite"].url == (
        "https://storage.googleapis.com/mediapipe-models/pose_landmarker/"
        "pose_landmarker_lite/float16/latest/pose_landmarker_lite.task"
    )


def test_user_cache_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert user_cache_dir() == tmp_path / "formcheck" / "models"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert user_cache_dir() == tmp_path / "home" / ".cache" / "formcheck" / "models"


def test_explicit_path_wins(fake_spec: WeightsBundle, tmp_path: Path, monkeypatch) -> None:
    explicit = tmp_path / "mine.task"
    with zipfile.ZipFile(explicit, "w") as z:
        for member in weights.BUNDLE_MEMBERS:
            z.writestr(member, b"x")
    env_dir = tmp_path / "env"
    place(env_dir, fake_spec)
    monkeypatch.setenv(MODEL_DIR_ENV, str(env_dir))
    assert resolve_model("lite", explicit, downloader=never_called) == explicit


def test_explicit_path_must_exist_and_be_a_bundle(fake_spec: WeightsBundle, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="missing.task: model file not found"):
        resolve_model("lite", tmp_path / "missing.task")
    text = tmp_path / "notes.task"
    text.write_text("hello")
    with pytest.raises(UserError, match="notes.task: not a MediaPipe model bundle"):
        resolve_model("lite", text)


def test_env_dir_before_user_cache(fake_spec: WeightsBundle, tmp_path: Path, monkeypatch) -> None:
    env_dir = tmp_path / "env"
    in_env = place(env_dir, fake_spec)
    place(user_cache_dir(), fake_spec)
    monkeypatch.setenv(MODEL_DIR_ENV, str(env_dir))
    assert resolve_model("lite", downloader=never_called) == in_env


def test_user_cache_when_env_dir_lacks_the_variant(
    fake_spec: WeightsBundle, tmp_path: Path, monkeypatch
) -> None:
    (tmp_path / "env").mkdir()
    monkeypatch.setenv(MODEL_DIR_ENV, str(tmp_path / "env"))
    cached = place(user_cache_dir(), fake_spec)
    assert resolve_model("lite", downloader=never_called) == cached


@pytest.mark.parametrize(
    ("content", "reason"),
    [(PAYLOAD[:-3], "size is"), (PAYLOAD.upper(), "sha256 is")],
    ids=["truncated", "wrong-hash"],
)
def test_damaged_file_is_reported_not_loaded(
    fake_spec: WeightsBundle, tmp_path: Path, monkeypatch, content: bytes, reason: str
) -> None:
    place(tmp_path / "env", fake_spec, content)
    monkeypatch.setenv(MODEL_DIR_ENV, str(tmp_path / "env"))
    with pytest.raises(UserError, match=rf"pose_landmarker_lite.task .*{reason}") as err:
        resolve_model("lite", downloader=never_called)
    assert "FORMCHECK_MODEL_DIR" in str(err.value)


def test_downloads_into_user_cache_and_verifies(fake_spec: WeightsBundle) -> None:
    fetched: list[str] = []

    def fake_download(url: str, dest: Path) -> None:
        fetched.append(url)
        dest.write_bytes(PAYLOAD)

    path = resolve_model("lite", downloader=fake_download)
    assert path == user_cache_dir() / fake_spec.filename
    assert path.read_bytes() == PAYLOAD
    assert fetched == [fake_spec.url]
    assert [p.name for p in path.parent.iterdir()] == [fake_spec.filename]  # no temp left
    assert resolve_model("lite", downloader=never_called) == path  # cached now


def test_corrupt_download_is_not_kept(fake_spec: WeightsBundle) -> None:
    def bad_download(url: str, dest: Path) -> None:
        dest.write_bytes(PAYLOAD[:5])

    with pytest.raises(UserError, match="does not verify: size is 5 bytes"):
        resolve_model("lite", downloader=bad_download)
    assert list(user_cache_dir().iterdir()) == []


def test_offline_without_model_says_what_to_do(fake_spec: WeightsBundle) -> None:
    with pytest.raises(UserError) as err:
        resolve_model("lite", downloader=offline)
    message = str(err.value)
    assert "\n" not in message
    for hint in ("FORMCHECK_MODEL_DIR", "--model PATH", "connect", "Name or service not known"):
        assert hint in message
    assert list(user_cache_dir().iterdir()) == []


def test_no_download_allowed(fake_spec: WeightsBundle) -> None:
    with pytest.raises(UserError, match="no lite pose model found; set FORMCHECK_MODEL_DIR"):
        resolve_model("lite", download=False, downloader=never_called)


def test_unknown_variant_lists_valid_ones() -> None:
    with pytest.raises(UserError, match="'medium'; choose one of: lite, full, heavy"):
        resolve_model("medium", downloader=never_called)


def test_shared_models_verify_when_present() -> None:
    shared = Path(__file__).resolve().parents[2] / "shared" / "models"
    if not shared.is_dir():
        pytest.skip("no ../shared/models here")
    for spec in weights.BUNDLES.values():
        assert weights.verify_model(shared / spec.filename, spec) is None


def test_an_unchanged_bundle_is_hashed_once_a_changed_one_again(
    fake_spec: WeightsBundle, tmp_path: Path, monkeypatch
) -> None:
    path = place(tmp_path / "env", fake_spec)
    hashed: list[Path] = []
    real_sha256 = weights.sha256_of

    def counting_sha256(file: Path) -> str:
        hashed.append(file)
        return real_sha256(file)

    monkeypatch.setattr(weights, "sha256_of", counting_sha256)
    assert weights.verify_model(path, fake_spec) is None
    assert weights.verify_model(path, fake_spec) is None
    assert len(hashed) == 1
    path.write_bytes(PAYLOAD.upper())  # same size, new content and modification time
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert "sha256 is" in weights.verify_model(path, fake_spec)
    assert len(hashed) == 2
