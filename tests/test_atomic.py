"""Atomic output: a file appears whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from formcheck.atomic import atomic_output


def test_complete_block_replaces_the_target(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.json"
    with atomic_output(target) as out:
        out.write(b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in target.parent.iterdir()] == ["out.json"]


def test_interrupted_block_leaves_nothing_and_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt), atomic_output(target) as out:
        out.write(b"half")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
