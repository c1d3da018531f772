"""Running the CLI in-process and checking that a failure is one clean line.

Used by the robustness tests: every user-facing failure must be exit code 2 and a
single stderr line naming what is wrong, never a traceback.
"""

from __future__ import annotations

import pytest

from formcheck.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``formcheck ARGV``."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_exit_2(code: int, err: str, *needles: str) -> None:
    """Exit code 2 and a single stderr line, no traceback, holding every needle."""
    assert code == 2, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    for needle in needles:
        assert needle in err, err
