"""Batch inputs: manifests (CSV, TOML), folders and globs; errors name file, field and value."""

from __future__ import annotations

from pathlib import Path

import pytest
from batch_factory import write_squat_track

from formcheck.batch.inputs import expand_inputs
from formcheck.batch.manifest import read_manifest
from formcheck.cli import main
from formcheck.errors import UserError


@pytest.fixture
def clips(tmp_path: Path) -> Path:
    """tmp/clips/a/one.track.npz, tmp/clips/b/one.track.npz, tmp/clips/b/two.track.npz."""
    root = tmp_path / "clips"
    for rel in ("a/one.track.npz", "b/one.track.npz", "b/two.track.npz"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        write_squat_track(root / rel, reps=1)
    (root / "b" / "notes.txt").write_text("not an input")
    return root


def test_csv_manifest_resolves_paths_against_its_folder(clips: Path) -> None:
    manifest = clips / "list.csv"
    manifest.write_text("file,exercise\na/one.track.npz,squat\nb/two.track.npz,push_up\n")
    jobs = read_manifest(manifest)
    assert [(j.path, j.exercise, j.key) for j in jobs] == [
        (clips / "a/one.track.npz", "squat", "a__one"),
        (clips / "b/two.track.npz", "push_up", "b__two"),
    ]


def test_toml_manifest_uses_the_default_exercise_when_an_entry_names_none(clips: Path) -> None:
    manifest = clips / "list.toml"
    manifest.write_text(
        '[[input]]\nfile = "a/one.track.npz"\n\n'
        '[[input]]\nfile = "b/one.track.npz"\nexercise = "push_up"\n'
    )
    jobs = read_manifest(manifest, default_exercise="squat")
    assert [j.exercise for j in jobs] == ["squat", "push_up"]
    assert [j.key for j in jobs] == ["a__one", "b__one"]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("m.csv", "path,exercise\nx,squat\n", "'file' column"),
        ("m.csv", "file,exercise,speed\na/one.track.npz,squat,2\n", "unknown column 'speed'"),
        (
            "m.csv",
            "file,exercise\na/one.track.npz,squat\nmissing.mp4,squat\n",
            "line 3: field 'file': no such file (value: 'missing.mp4')",
        ),
        (
            "m.csv",
            "file,exercise\na/one.track.npz,sqaut\n",
            "line 2: field 'exercise': unknown exercise 'sqaut'",
        ),
        ("m.csv", "file,exercise\na/one.track.npz,\n", "line 2: field 'exercise'"),
        (
            "m.toml",
            '[[input]]\nfile = "a/one.track.npz"\nexercise = "squat"\nreps = 3\n',
            "input 1: unknown field 'reps' (value: 3)",
        ),
        ("m.toml", '[[input]]\nfile = 7\nexercise = "squat"\n', "input 1: field 'file'"),
        ("m.toml", '[[clip]]\nfile = "a/one.track.npz"\n', "unknown key 'clip'"),
        ("m.toml", "[[input]\n", "not valid TOML"),
        ("m.json", "{}", "must be a .csv or .toml"),
        ("m.csv", "file,exercise\n", "lists no inputs"),
    ],
)
def test_bad_manifest_is_one_error_naming_file_field_and_value(
    clips: Path, name: str, text: str, expected: str
) -> None:
    manifest = clips / name
    manifest.write_text(text)
    with pytest.raises(UserError) as err:
        read_manifest(manifest)
    assert str(err.value).startswith(str(manifest))
    assert expected in str(err.value)


def test_bad_manifest_exits_2_with_one_line(
    clips: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = clips / "m.csv"
    manifest.write_text("file,exercise\na/one.track.npz,sqaut\n")
    code = main(["check", "--manifest", str(manifest), "--out-dir", str(tmp_path / "out"), "-q"])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1 and "sqaut" in err and "line 2" in err
    assert not (tmp_path / "out").exists()


def test_folder_is_searched_recursively_for_inputs_only(clips: Path) -> None:
    jobs = expand_inputs([str(clips)], "squat")
    assert [j.key for j in jobs] == ["a__one", "b__one", "b__two"]
    assert all(j.exercise == "squat" for j in jobs)


def test_glob_keys_are_relative_to_the_pattern_prefix(clips: Path) -> None:
    jobs = expand_inputs([f"{clips}/*/one.track.npz"], "squat")
    assert [j.key for j in jobs] == ["a__one", "b__one"]


def test_same_name_from_two_file_arguments_is_refused(clips: Path) -> None:
    with pytest.raises(UserError, match="would both be reported as 'one'"):
        expand_inputs([str(clips / "a/one.track.npz"), str(clips / "b/one.track.npz")], "squat")


def test_repeated_input_is_checked_once(clips: Path) -> None:
    one = str(clips / "a/one.track.npz")
    assert len(expand_inputs([one, one], "squat")) == 1


@pytest.mark.parametrize(
    ("inputs", "exercise", "expected"),
    [
        (["nowhere/x.mp4"], "squat", "nowhere/x.mp4: no such file or folder"),
        (["{clips}/*.mp4"], "squat", "no videos or landmark tracks found"),
        (["{clips}"], None, "--exercise is required"),
    ],
)
def test_bad_inputs_are_named(
    clips: Path, inputs: list[str], exercise: str | None, expected: str
) -> None:
    with pytest.raises(UserError, match=expected.replace("*", r"\*").replace(".", r"\.")):
        expand_inputs([i.format(clips=clips) for i in inputs], exercise)
