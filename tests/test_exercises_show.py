"""`formcheck exercises show` in plain words: every shipped exercise, read as a therapist
reads it, names no metric or check by its id (an id is given only where labelled as
one), writes severities and units in words, and no value as "% torso"."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from formcheck.cli.exercises import show
from formcheck.spec import load_exercise

EXERCISES = sorted((Path(__file__).resolve().parents[1] / "exercises").glob("*.toml"))
LABELLED_ID = re.compile(r"\((?:check|exercise) id: [a-z0-9_]+\)")


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_show_reads_in_plain_words(path: Path) -> None:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    text = show(load_exercise(path))
    flat = " ".join(text.split())
    unlabelled = LABELLED_ID.sub("", flat)
    ids = [*raw["metrics"], *(c["id"] for c in raw.get("constraints", ()))]
    for name in [n for n in ids if "_" in n]:
        assert name not in unlabelled, f"{path.stem}: the id {name!r} is shown unlabelled"
    assert not re.search(r"\b[a-z0-9]+_[a-z0-9_]+\b", unlabelled), path.stem
    assert "None" not in flat and "% torso" not in flat
    assert not re.search(r"\((?:warn|info|error)\b", flat), "a severity is shown as its id"
    for check in raw.get("constraints", ()):
        assert f"(check id: {check['id']})" in flat
    counts = re.search(r"Counts: (.*?) Camera:", flat).group(1)  # type: ignore[union-attr]
    assert "degrees" not in counts and "torso lengths" not in counts
    for limit in re.findall(r"Limit: (.*?) Cue:", flat):
        assert "degrees" not in limit and "torso lengths" not in limit


def test_a_check_is_headed_by_its_description_with_its_severity_in_words() -> None:
    spec = load_exercise(next(p for p in EXERCISES if p.stem == "plank"))
    lines = show(spec).splitlines()
    head = lines.index("  1. Hips do not sag below the shoulder-ankle line")
    assert lines[head + 1] == ("     Warning, judged from a side or three-quarter view "
                               "(check id: hip_sag)")
    assert lines[head + 2].startswith("     Limit: ") and "% of torso length" in lines[head + 2]
    assert lines[head + 3] == '     Cue: "Lift your hips into a straight line"'


def test_an_exercise_without_checks_says_so() -> None:
    text = show(load_exercise(next(p for p in EXERCISES if p.stem == "prone_lying")))
    assert text.endswith("Checks: none")


def test_a_number_is_not_wrapped_away_from_its_unit() -> None:
    for path in EXERCISES:
        for line in show(load_exercise(path)).splitlines():
            assert not line.lstrip().startswith("%"), f"{path.stem}: {line!r}"


def test_a_hold_says_where_the_position_begins_and_ends() -> None:
    spec = load_exercise(next(p for p in EXERCISES if p.stem == "plank"))
    hold = spec.hold
    assert hold is not None and hold.falls  # in position while the body line is low
    flat = " ".join(show(spec).split())
    assert (f"Counts: holds of the body line from level: in position at {hold.enter:g}° or "
            f"less, out of it past {hold.exit:g}°") in flat
