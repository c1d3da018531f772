"""Rep-count accuracy on the labelled real clips, per exercise.

Usage:
    python bench/bench_clips.py                                  # from the saved tracks
    python bench/bench_clips.py --tracks /work/cache/tracks/full --write
    python bench/bench_clips.py --model full                     # tracks missing: run the model

Each clip of ``labels.toml`` (in ``--clips``) that gives ``reps`` or ``holds`` is
checked against its exercise from its saved landmark track in ``--tracks`` (made by
``extract_tracks.py``), or, with ``--model``, from the video when no track is saved.
A clip counts exactly when the set is measurable, its counted reps are ``reps`` (or
one of ``reps_ok``) and its holds are ``holds``. A clip labelled with no count at all
(one whose movement one camera cannot resolve) should be answered "not measurable";
it is listed apart, outside the table.
Prints one line per clip and a per-exercise table; ``--write [FILE]`` writes the
table and the misses to ``bench/CLIPS_RESULTS.md`` (or FILE).
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from extract_tracks import track_name

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import Analysis, RepStatus
from formcheck.pose.track import Track, load_track
from formcheck.session.exercise import ResolvedExercise
from formcheck.session.pipeline import analyze
from formcheck.session.sources import observe_track

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Outcome:
    """What formcheck made of one labelled clip."""

    clip: str
    exercise: str
    expected: str
    got: str
    exact: bool
    note: str


def _expected(label: dict) -> str:
    if "reps" not in label and "holds" not in label:
        return "not measurable"
    parts = []
    if "reps" in label:
        allowed = label.get("reps_ok", [label["reps"]])
        parts.append("reps " + "/".join(str(n) for n in allowed))
    if "holds" in label:
        parts.append(f"holds {label['holds']}")
    return ", ".join(parts)


def judge(label: dict, analysis: Analysis) -> Outcome:
    """Compare one clip's analysis with its label."""
    counted = sum(1 for a in analysis.attempts if a.status is RepStatus.COUNTED)
    others = defaultdict(int)
    for a in analysis.attempts:
        if a.status is not RepStatus.COUNTED:
            others[a.status.value] += 1
    counts = "reps" in label or "holds" in label
    exact = (analysis.not_measurable is None) == counts
    if "reps" in label:
        exact &= counted in label.get("reps_ok", [label["reps"]])
    if "holds" in label:
        exact &= len(analysis.holds) == label["holds"]
    if analysis.not_measurable is not None:
        got = "not measurable"
        note = analysis.not_measurable
    else:
        got = ", ".join(filter(None, [
            f"reps {counted}" if "reps" in label else "",
            f"holds {len(analysis.holds)}" if "holds" in label else "",
        ]))
        partial = sum(1 for a in analysis.attempts if a.status is RepStatus.COUNTED
                      and a.short_of)
        note = "; ".join(
            [f"{n} {status.replace('_', ' ')}" for status, n in sorted(others.items())]
            + ([f"{partial} counted short of the prescribed range"] if partial else [])
        )
    return Outcome(label["file"], label["exercise"], _expected(label), got, exact, note)


def _track_from_video(path: Path, model: str) -> Track:
    from video_poses import video_to_track

    from formcheck.pose.mediapipe_backend import MediaPipePoseBackend
    from formcheck.pose.weights import resolve_model

    model_path = resolve_model(model, None)
    with MediaPipePoseBackend(model_path) as backend:
        return video_to_track(path, backend, model=model, model_file=model_path.name)


def run(labels: list[dict], clips_dir: Path, tracks_dir: Path, model: str | None,
        transform: Callable[[Track], Track] | None = None,
        ) -> tuple[list[Outcome], list[str]]:
    """Check every clip with a count; returns the outcomes and the clips that could not be run.

    `transform`, when given, changes each track before it is checked (see
    ``bench_perturb.py``)."""
    outcomes, skipped = [], []
    specs: dict[str, ResolvedExercise] = {}
    for label in labels:
        path = tracks_dir / track_name(label["file"])
        if path.is_file():
            track = load_track(path)
        elif model is not None:
            track = _track_from_video(clips_dir / label["file"], model)
        else:
            skipped.append(f"{label['file']}: no saved track in {tracks_dir}")
            continue
        if transform is not None:
            track = transform(track)
        exercise = specs.setdefault(label["exercise"], ResolvedExercise.resolve(label["exercise"]))
        analysis = analyze(observe_track(track), Engine(exercise.spec))
        outcomes.append(judge(label, analysis))
    return outcomes, skipped


def table(outcomes: list[Outcome]) -> list[str]:
    """Per-exercise rows: clips, counted exactly, per cent; and a total row."""
    outcomes = [o for o in outcomes if o.expected != "not measurable"]
    by_exercise: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_exercise[o.exercise].append(o)
    lines = ["| exercise | clips | counted exactly | % |", "|---|---:|---:|---:|"]
    for name in sorted(by_exercise):
        group = by_exercise[name]
        exact = sum(o.exact for o in group)
        lines.append(f"| {name.replace('_', ' ')} | {len(group)} | {exact} | "
                     f"{100 * exact / len(group):.0f} |")
    exact = sum(o.exact for o in outcomes)
    lines.append(f"| **all** | {len(outcomes)} | {exact} | "
                 f"{100 * exact / max(len(outcomes), 1):.0f} |")
    return lines


def add_clip_arguments(parser: argparse.ArgumentParser) -> None:
    """The options naming the labelled clips (``--clips``) and their saved tracks."""
    parser.add_argument("--clips", type=Path, default=REPO.parent / "shared" / "clips")
    parser.add_argument("--tracks", type=Path, default=Path("/work/cache/tracks/full"))


def read_labels(clips: Path) -> list[dict] | None:
    """The clips of ``clips/labels.toml``, or None (said on stderr) when it cannot be read."""
    try:
        return tomllib.loads((clips / "labels.toml").read_text())["clip"]
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_clip_arguments(parser)
    parser.add_argument("--model", default=None,
                        help="lite, full or heavy: run it on clips with no saved track")
    parser.add_argument("--only", default=None, help="substring a clip path must contain")
    parser.add_argument("--write", nargs="?", const=REPO / "bench" / "CLIPS_RESULTS.md",
                        type=Path, default=None)
    args = parser.parse_args(argv)
    labels = read_labels(args.clips)
    if labels is None:
        return 2
    labels = [c for c in labels if args.only is None or args.only in c["file"]]
    outcomes, skipped = run(labels, args.clips, args.tracks, args.model)
    for o in outcomes:
        mark = "ok  " if o.exact else "MISS"
        print(f"{mark} {o.clip:50} expected {o.expected:14} got {o.got:16} {o.note}")
    for line in skipped:
        print(f"not run: {line}")
    lines = table(outcomes)
    print("\n".join(lines))
    if args.write is not None:
        misses = [f"- `{o.clip}`: expected {o.expected}, got {o.got}"
                  + (f" ({o.note})" if o.note else "") for o in outcomes if not o.exact]
        honest = [f"- `{o.clip}`: {o.got}" + (f" ({o.note})" if o.note else "")
                  for o in outcomes if o.expected == "not measurable"]
        text = "\n".join([
            "# Rep counts on the labelled real clips",
            "",
            f"Measured with `python bench/bench_clips.py --tracks {args.tracks} --write` "
            "(full-model landmark tracks of the clips in `../shared/clips`).",
            "",
            *lines,
            "",
            "Not counted exactly:" if misses else "Every clip counted exactly.",
            *misses,
            "",
            *(["Labelled as not countable by one camera (answered 'not measurable' or not):",
               *honest, ""] if honest else []),
            *(["Not run:", *[f"- {s}" for s in skipped], ""] if skipped else []),
        ])
        args.write.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
