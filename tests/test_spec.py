"""Exercise files: every shipped file loads; bad files fail naming file, field and value."""

from __future__ import annotations

from pathlib import Path

import pytest

from formcheck.errors import UserError
from formcheck.spec import exercise_files, find_exercise, load_exercise

MINIMAL = """
id = "demo"
name = "Demo"
views = ["side"]
[metrics.thigh]
kind = "inclination"
from = "hip"
to = "knee"
reference = "vertical"
[rep]
driver = "thigh"
rest = 30
far = 50
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "demo.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_shipped_exercise_is_valid() -> None:
    files = exercise_files()
    for expected in ("squat", "push_up", "bicep_curl", "shoulder_press", "lateral_raise",
                     "plank", "knee_hug", "bird_dog", "pelvic_tilt"):
        assert expected in files
    for path in files.values():
        spec = load_exercise(path)
        assert spec.id == path.stem
        assert spec.rep is not None or spec.hold is not None


def test_minimal_file_loads(tmp_path: Path) -> None:
    spec = load_exercise(write(tmp_path, MINIMAL))
    assert spec.rep is not None and spec.rep.falls is False
    assert spec.metrics["thigh"].is_sided


@pytest.mark.parametrize(
    ("change", "field", "value"),
    [
        (('to = "knee"', 'to = "kneecap"'), "metrics.thigh", "kneecap"),
        (('driver = "thigh"', 'driver = "shin"'), "rep.driver", "shin"),
        (('views = ["side"]', 'views = ["above"]'), "views.0", "above"),
        (('rest = 30', 'rest = 30\ncolour = "red"'), "rep.colour", "red"),
        (('far = 50', 'far = 30'), "rep", None),
        (('rest = 30', 'rest = 30\nrest_adapts_to = 55'), "rep", "rest_adapts_to = 55"),
        (('rest = 30', 'rest = 30\nfar_adapts_to = 55'), "rep", "far_adapts_to = 55"),
        (('rest = 30', 'rest = 30\nrest_adapts_to = 42\nfar_adapts_to = 40'), "rep",
         "would let the rest and far lines meet"),
        (('reference = "vertical"', 'reference = "sideways"'),
         "metrics.thigh.inclination.reference", "sideways"),
    ],
)
def test_bad_field_is_named(tmp_path: Path, change, field, value) -> None:
    path = write(tmp_path, MINIMAL.replace(*change))
    with pytest.raises(UserError) as err:
        load_exercise(path)
    message = str(err.value)
    assert str(path) in message
    assert field in message
    if value is not None:
        assert value in message


def test_unknown_constraint_kind_lists_the_valid_ones(tmp_path: Path) -> None:
    text = MINIMAL + '\n[[constraints]]\nid = "x"\nkind = "wobble"\nmetric = "thigh"\n' \
        'description = "d"\ncue = "c"\n'
    with pytest.raises(UserError) as err:
        load_exercise(write(tmp_path, text))
    assert "wobble" in str(err.value)
    assert "range" in str(err.value) and "rep_extreme" in str(err.value)


def test_constraint_on_unknown_metric(tmp_path: Path) -> None:
    text = MINIMAL + '\n[[constraints]]\nid = "x"\nkind = "range"\nmetric = "elbow"\nmax = 3\n' \
        'description = "d"\ncue = "c"\n'
    with pytest.raises(UserError, match="'elbow' is not a metric"):
        load_exercise(write(tmp_path, text))


def test_malformed_toml(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not valid TOML"):
        load_exercise(write(tmp_path, "id = \n"))


def test_unknown_exercise_lists_known_ones() -> None:
    with pytest.raises(UserError) as err:
        find_exercise("zumba")
    assert "squat" in str(err.value)


BEND = '\n[metrics.neck]\nkind = "bend"\nat = ["mid_hip", "mid_shoulder", "mid_ear"]\n'


def test_bend_metric_needs_a_known_toward_point(tmp_path: Path) -> None:
    spec = load_exercise(write(tmp_path, MINIMAL + BEND + 'toward = "nose"\n'))
    assert spec.metrics["neck"].points() == ("mid_hip", "mid_shoulder", "mid_ear", "nose")
    with pytest.raises(UserError, match="chin"):
        load_exercise(write(tmp_path, MINIMAL + BEND + 'toward = "chin"\n'))
    with pytest.raises(UserError, match="toward"):
        load_exercise(write(tmp_path, MINIMAL + BEND))


def test_a_timed_test_counts_reps_within_its_time_limit(tmp_path: Path) -> None:
    rx = 'prescription = { sets = 1, reps = 0, time_limit_s = 30 }'
    timed = MINIMAL.replace('views = ["side"]', f'views = ["side"]\n{rx}')
    spec = load_exercise(write(tmp_path, timed))
    assert spec.prescription.time_limit_s == 30
    assert load_exercise(find_exercise("chair_stand_30s")).prescription.time_limit_s == 30
    with pytest.raises(UserError, match="prescription.time_limit_s"):
        load_exercise(write(tmp_path, timed.replace("time_limit_s = 30", "time_limit_s = 0")))
    hold_only = timed.split("[rep]")[0] + "[hold]\nmetric = \"thigh\"\nenter = 50\nexit = 40\n"
    with pytest.raises(UserError, match="needs a \\[rep\\] section"):
        load_exercise(write(tmp_path, hold_only))


def test_a_full_range_check_needs_a_line_that_moves(tmp_path: Path) -> None:
    text = MINIMAL + '\n[[constraints]]\nid = "top"\nkind = "full_range"\nend = "far"\n' \
        'description = "Partial range"\ncue = "Go all the way"\n'
    with pytest.raises(UserError) as err:
        load_exercise(write(tmp_path, text))
    assert "constraints[top]" in str(err.value) and "far_adapts_to" in str(err.value)
    moved = text.replace("far = 50", "far = 50\nfar_adapts_to = 45")
    assert load_exercise(write(tmp_path, moved)).constraints[0].kind == "full_range"
