"""Exercise files: numbers must be finite, and limits must lie where their metric can go."""

from __future__ import annotations

import math
import tomllib
import typing
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from formcheck.analysis.metrics import MetricBank
from formcheck.cli import main
from formcheck.errors import UserError
from formcheck.pose.block import PoseBlock
from formcheck.spec import ExerciseSpec, exercise_files, load_exercise
from formcheck.spec.language import VALUE_RANGES, AnyMetric, value_range

MINIMAL = """
id = "demo"
name = "Demo"
views = ["side"]
[metrics.thigh]
kind = "inclination"
from = "hip"
to = "knee"
reference = "vertical"
[metrics.knee]
kind = "angle"
at = ["hip", "knee", "ankle"]
[rep]
driver = "thigh"
rest = 30
far = 50
"""

CHECK = '\n[[constraints]]\nid = "{id}"\ndescription = "d"\ncue = "c"\n{body}\n'


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "demo.toml"
    path.write_text(text, encoding="utf-8")
    return path


def with_metric(kind_lines: str, check: str) -> str:
    """MINIMAL plus a metric `m` and one range check `c` on it."""
    return MINIMAL + f"[metrics.m]\n{kind_lines}\n" + CHECK.format(
        id="c", body=f'kind = "range"\nmetric = "m"\n{check}')


def number_leaves(node: object, path: tuple = ()) -> Iterator[tuple]:
    """Paths to every number in a parsed TOML document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from number_leaves(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from number_leaves(value, (*path, i))
    elif isinstance(node, int | float) and not isinstance(node, bool):
        yield path


def replaced(node: object, path: tuple, value: float) -> object:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, dict):
        return {**node, head: replaced(node[head], rest, value)}
    return [replaced(v, rest, value) if i == head else v for i, v in enumerate(node)]


def leaf_value(node: object, path: tuple) -> object:
    for part in path:
        node = node[part]  # type: ignore[index]
    return node


# --- nan and inf ---------------------------------------------------------------------


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_no_number_in_a_shipped_file_accepts_nan_or_inf(bad: float) -> None:
    swept = 0
    for path in exercise_files().values():
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for leaf in number_leaves(data):
            with pytest.raises(ValidationError) as err:
                ExerciseSpec.model_validate(replaced(data, leaf, bad))
            if isinstance(leaf_value(data, leaf), float):
                assert err.value.errors()[0]["type"] == "finite_number", (path.name, leaf)
            swept += 1
    assert swept > 100


@pytest.mark.parametrize(
    ("change", "field", "value"),
    [
        (("far = 50", "far = nan"), "rep.far", "nan"),
        (("rest = 30", "rest = inf"), "rep.rest", "inf"),
        (("far = 50", "far = 50\nmax_gap_s = inf"), "rep.max_gap_s", "inf"),
        (('views = ["side"]', 'views = ["side"]\nconfidence_floor = nan'), "confidence_floor",
         "nan"),
        (('views = ["side"]', 'views = ["side"]\nbaseline_s = inf'), "baseline_s", "inf"),
        (('reference = "vertical"', 'reference = "vertical"\nsteady_hz = inf'),
         "metrics.thigh.inclination.steady_hz", "inf"),
        (("far = 50", "far = 50\n" + CHECK.format(
            id="deep", body='kind = "rep_extreme"\nmetric = "thigh"\nreach_above = nan')),
         "reach_above", "nan"),
        (("far = 50", "far = 50\n" + CHECK.format(
            id="t", body='kind = "tempo"\nmin_rep_s = inf')), "min_rep_s", "inf"),
    ],
)
def test_nan_or_inf_is_an_error_naming_file_field_and_value(
    tmp_path: Path, change, field: str, value: str
) -> None:
    path = write(tmp_path, MINIMAL.replace(*change))
    with pytest.raises(UserError) as err:
        load_exercise(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ")
    assert field in message
    assert f"must be a finite number, got {value}" in message


def test_validate_command_rejects_nan_with_one_line_and_exit_2(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, MINIMAL.replace("far = 50", "far = nan"))
    code = main(["exercises", "validate", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().splitlines() == [
        f"formcheck: {path}: field 'rep.far': must be a finite number, got nan"]


# --- limits out of the metric's reach ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        # The reported case: a max no inclination can get under.
        (MINIMAL + CHECK.format(id="lean", body='kind = "range"\nmetric = "thigh"\nmax = -50'),
         ("constraints[lean].max = -50", "'thigh' (inclination)", "0 to 90 degrees")),
        (MINIMAL.replace("far = 50", "far = 120"),
         ("rep.far = 120", "'thigh' (inclination)", "0 to 90 degrees")),
        (MINIMAL.replace("rest = 30", "rest = -5"), ("rep.rest = -5", "0 to 90 degrees")),
        (MINIMAL.replace("far = 50", "far = 50\nmin_range = 100"),
         ("rep.min_range = 100", "0 to 90 degrees, a range of 90")),
        (MINIMAL + '[hold]\nmetric = "knee"\nenter = 185\nexit = 170\n',
         ("hold.enter = 185", "'knee' (angle)", "0 to 180 degrees")),
        (MINIMAL + CHECK.format(
            id="deep", body='kind = "rep_extreme"\nmetric = "knee"\nreach_below = -10'),
         ("constraints[deep].reach_below = -10", "0 to 180 degrees")),
        (with_metric('kind = "elevation"\nfrom = "hip"\nto = "ankle"', "min = -95"),
         ("constraints[c].min = -95", "'m' (elevation)", "-90 to 90 degrees")),
        (with_metric('kind = "bend"\nat = ["hip", "shoulder", "ear"]\ntoward = "nose"',
                     "max = 200"),
         ("constraints[c].max = 200", "'m' (bend)", "-180 to 180 degrees")),
        (with_metric('kind = "elevation"\nfrom = "hip"\nto = "ankle"\nbaseline = true',
                     "max = 200"),
         ("constraints[c].max = 200", "as a change from the start", "-180 to 180 degrees")),
        (with_metric('kind = "distance"\nfrom = "wrist"\nto = "shoulder"', "max = -0.5"),
         ("constraints[c].max = -0.5", "'m' (distance)", "can only be 0 or more")),
    ],
)
def test_limit_out_of_reach_names_file_field_value_and_range(
    tmp_path: Path, text: str, needles: tuple[str, ...]
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(UserError) as err:
        load_exercise(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ")
    for needle in needles:
        assert needle in message


@pytest.mark.parametrize(
    "text",
    [
        MINIMAL.replace("far = 50", "far = 90"),  # the ends themselves can be reached
        MINIMAL.replace("rest = 30", "rest = 0"),
        with_metric('kind = "elevation"\nfrom = "hip"\nto = "ankle"\nbaseline = true',
                    "min = -120"),  # a change can go past the kind's own range
        with_metric('kind = "distance"\nfrom = "wrist"\nto = "shoulder"\naxis = "y"',
                    "min = -3"),  # signed along one axis
        with_metric('kind = "offset"\npoint = "hip"\nline = ["shoulder", "ankle"]',
                    "min = -100\nmax = 100"),
    ],
)
def test_limits_the_metric_can_reach_are_accepted(tmp_path: Path, text: str) -> None:
    load_exercise(write(tmp_path, text))


# --- the range table is the truth of the geometry -------------------------------------


def every_kind() -> set[str]:
    return {typing.get_args(m.model_fields["kind"].annotation)[0]
            for m in typing.get_args(AnyMetric)}


def test_every_metric_kind_has_a_range() -> None:
    assert set(VALUE_RANGES) == every_kind()


RANDOM_METRICS = {
    "angle": {"kind": "angle", "at": ["hip", "knee", "ankle"]},
    "bend": {"kind": "bend", "at": ["hip", "shoulder", "ear"], "toward": "nose"},
    "incl_v": {"kind": "inclination", "from": "hip", "to": "knee", "reference": "vertical"},
    "incl_h": {"kind": "inclination", "from": "hip", "to": "knee", "reference": "horizontal"},
    "elevation": {"kind": "elevation", "from": "hip", "to": "ankle"},
    "distance": {"kind": "distance", "from": "wrist", "to": "shoulder"},
    "distance_y": {"kind": "distance", "from": "wrist", "to": "shoulder", "axis": "y"},
    "offset": {"kind": "offset", "point": "hip", "line": ["shoulder", "ankle"]},
    "sideways": {"kind": "sideways", "point": "mid_hip", "anchor": "wrist",
                 "along": ["mid_hip", "mid_shoulder"], "across": ["opposite_hip", "hip"]},
}


@pytest.mark.parametrize("space", ["world", "image"])
def test_metrics_of_random_poses_stay_in_and_fill_their_range(space: str) -> None:
    metrics = {name: {**m, "space": space} for name, m in RANDOM_METRICS.items()
               if space == "world" or m["kind"] != "sideways"}
    spec = ExerciseSpec.model_validate({
        "id": "random", "name": "Random", "views": ["side"], "metrics": metrics,
        "hold": {"metric": "angle", "enter": 100, "exit": 90},
    })
    rng = np.random.default_rng(0)
    n = 20000
    ones = np.ones((n, 33))
    block = PoseBlock(frame_index=np.arange(n), timestamp_ms=np.arange(n) * 33.0,
                      image_xy=rng.uniform(-1, 1, (n, 33, 2)), image_z=np.zeros((n, 33)),
                      world_xyz=rng.uniform(-1, 1, (n, 33, 3)), visibility=ones, presence=ones)
    values, _ = MetricBank(spec).compute(block)
    assert {spec.metrics[name].kind for name in metrics} == every_kind() - (
        set() if space == "world" else {"sideways"})
    for j, name in enumerate(spec.metrics):
        seen = values[:, j][np.isfinite(values[:, j])]
        low, high, _ = value_range(spec.metrics[name])
        assert low <= seen.min() and seen.max() <= high, name
        # The table is not looser than the geometry: random poses come near both ends.
        for end, nearest in ((low, seen.min()), (high, seen.max())):
            if math.isfinite(end):
                assert abs(nearest - end) < 0.05 * (high - low), (name, end, nearest)
