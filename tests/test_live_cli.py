"""`formcheck live` command-line errors: one clear line and exit code 2."""

from __future__ import annotations

import pytest

from formcheck.cli import main


@pytest.mark.parametrize(("args", "message"), [
    (["--camera", "57"], "formcheck: --camera 57: no camera could be opened"),
    (["--sets", "0"], "formcheck: --sets must be at least 1, got 0"),
    (["--source", "no/such/video.mp4"], "formcheck: no/such/video.mp4: no such file"),
])
def test_user_errors_are_one_line(capsys, args, message):
    code = main(["live", "-e", "squat", "--no-window", "--mute", *args])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(message) and err.count("\n") == 1


def test_camera_and_source_are_exclusive(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["live", "-e", "squat", "--camera", "1", "--source", "x.mp4"])
    assert exit_info.value.code == 2
