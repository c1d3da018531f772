"""Metric labels and units: every shipped metric has both, and values read as plain words."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import pytest

from formcheck.spec import load_exercise
from formcheck.spec.units import NOT_SEEN, format_value

EXERCISES = sorted((Path(__file__).resolve().parent.parent / "exercises").glob("*.toml"))


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_every_shipped_metric_has_a_label_and_a_unit_written_out(path: Path) -> None:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    for name, metric in raw["metrics"].items():
        assert metric.get("label", "").strip(), f"{path.name}: metrics.{name} has no label"
        assert "_" not in metric["label"], f"{path.name}: metrics.{name} label looks like an id"
        assert metric.get("unit"), f"{path.name}: metrics.{name} has no unit"
    load_exercise(path)


@pytest.mark.parametrize(
    ("value", "unit", "signed", "text"),
    [
        (92.4, "degrees", False, "92°"),
        (-0.3, "degrees", True, "0°"),  # never "-0"
        (7.6, "degrees", True, "+8°"),
        (-12.0, "degrees", True, "-12°"),
        (0.853, "torso_lengths", False, "85 % of torso length"),
        (-0.004, "torso_lengths", True, "0 % of torso length"),
        (0.08, "torso_lengths", True, "+8 % of torso length"),
        (0.3, "picture", False, "30 % of the picture height"),
        (1.12, "ratio", False, "112 %"),
        (0.123, "metres", False, "12 cm"),
        (math.nan, "degrees", False, NOT_SEEN),
        (None, "torso_lengths", False, NOT_SEEN),
    ],
)
def test_values_read_as_rounded_numbers_with_a_symbol(
    value: float | None, unit: str, signed: bool, text: str
) -> None:
    assert format_value(value, unit, signed=signed) == text  # type: ignore[arg-type]


def _write(tmp_path: Path, metric_lines: str) -> Path:
    path = tmp_path / "one.toml"
    path.write_text(
        'id = "one"\nname = "One"\nviews = ["side"]\n'
        f"[metrics.knee]\nkind = \"angle\"\nat = [\"hip\", \"knee\", \"ankle\"]\n{metric_lines}\n"
        '[rep]\ndriver = "knee"\nrest = 160\nfar = 100\n',
        encoding="utf-8",
    )
    return path


def test_a_unit_the_kind_cannot_give_is_an_error_naming_the_field(tmp_path: Path) -> None:
    from formcheck.errors import UserError

    with pytest.raises(UserError, match=r"metrics.*knee.*unit.*degrees"):
        load_exercise(_write(tmp_path, 'unit = "torso_lengths"'))


def test_without_a_label_the_metric_name_is_written_in_words(tmp_path: Path) -> None:
    spec = load_exercise(_write(tmp_path, ""))
    assert spec.metric_label("knee") == "knee"
    assert spec.metric_unit("knee") == "degrees"
    assert spec.format_metric("knee", 101.2) == "101°"
