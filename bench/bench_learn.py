"""How well learned exercise files count and flag, beside the hand-written ones.

Leave-one-out on real footage (``loo``): for each exercise with two or more
labelled clips whose landmark tracks are saved, learn a file from one clip (told
the clip's labelled rep count, or to learn a hold), check every other clip of the
exercise with it, and rotate so each clip is the demonstration once. A clip's
count is exact when it is one the label allows (``reps``, or any of ``reps_ok``;
``holds`` where given) and the set is measurable. The hand-written file is
checked on the same clips.

Faults on synthesized sets (``faults``): for each exercise of the back-care
programme, learn from one clean synthesized set, then check synthesized sets
with the injected faults of the synthesizer's benchmark plans. A fault is
learnable when it moves a metric the learned file checks by at least the check's
margin (measured on the same set synthesized without noise, with and without the
fault); recall is over learnable faults, precision over every flag raised.

Usage:
    python bench/bench_learn.py loo [--tracks /work/cache/tracks/full] [--clips ../shared/clips]
    python bench/bench_learn.py faults [--sets 12] [--seed 1]
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from formcheck.errors import UserError
from formcheck.learn import learn_exercise
from formcheck.learn.confirm import check_block, counted_reps
from formcheck.pose.track import load_track
from formcheck.spec import find_exercise, load_exercise
from formcheck.spec.language import ExerciseSpec

REPO = Path(__file__).resolve().parent.parent
ALL_VIEWS = ("side", "front", "oblique")


@dataclass(frozen=True)
class Clip:
    """A labelled clip with a saved track."""

    file: str
    exercise: str
    allowed: tuple[int, ...] | None  # rep counts the label allows; None: not labelled
    holds: int | None
    track: Path

    @property
    def reps(self) -> int | None:
        return None if self.allowed is None else self.allowed[0]


def _clips(clips_dir: Path, tracks: Path) -> dict[str, list[Clip]]:
    labels = tomllib.loads((clips_dir / "labels.toml").read_text())["clip"]
    found: dict[str, list[Clip]] = defaultdict(list)
    for label in labels:
        track = tracks / (label["file"].replace("/", "__") + ".track.npz")
        if not track.is_file() or ("reps" not in label and "holds" not in label):
            continue
        allowed = (label["reps"], *[r for r in label.get("reps_ok", []) if r != label["reps"]]
                   ) if "reps" in label else None
        found[label["exercise"]].append(
            Clip(label["file"], label["exercise"], allowed, label.get("holds"), track))
    return {e: c for e, c in found.items() if len(c) >= 2}


def _exact(spec: ExerciseSpec, clip: Clip) -> bool:
    analysis = check_block(load_track(clip.track).poses, spec)
    if analysis.not_measurable is not None:
        return False
    ok = True
    if clip.allowed is not None:
        ok &= (counted_reps(analysis) if spec.rep is not None else 0) in clip.allowed
    if clip.holds is not None:
        ok &= len(analysis.holds) == clip.holds
    return ok


def loo(clips_dir: Path, tracks: Path) -> int:
    """Print the leave-one-out table."""
    groups = _clips(clips_dir, tracks)
    totals = defaultdict(int)
    print("| exercise | clips | demos usable | learned exact | learned, all views | "
          "hand-written exact |")
    print("|---|---|---|---|---|---|")
    for exercise, clips in sorted(groups.items()):
        hand = load_exercise(find_exercise(exercise))
        hold = hand.rep is None
        row = defaultdict(int)
        for demo in clips:
            targets = [c for c in clips if c is not demo]
            row["pairs"] += len(targets)
            row["hand"] += sum(_exact(hand, c) for c in targets)
            try:
                learned = learn_exercise(
                    load_track(demo.track).poses, demo=demo.file, exercise_id=f"{exercise}_learned",
                    name=exercise, reps=demo.reps, hold=hold).spec
            except UserError as exc:
                print(f"  demo {demo.file}: unusable: {exc}", file=sys.stderr)
                continue
            row["usable"] += 1
            row["usable_pairs"] += len(targets)
            widened = learned.model_copy(update={"views": ALL_VIEWS})
            for target in targets:
                row["learned"] += _exact(learned, target)
                row["widened"] += _exact(widened, target)
        for key, value in row.items():
            totals[key] += value
        print(_row(exercise, len(clips), row))
        totals["clips"] += len(clips)
        totals["demos"] += len(clips)
    print(_row("**overall**", totals["clips"], totals))
    print("\nlearned exact: share of all (demo, clip) pairs, a pair whose demo is unusable "
          "counting as missed (in brackets: over the usable demos' pairs only); "
          "all views: the learned file with views widened to side, front and three-quarter.")
    return 0


def _pct(num: int, den: int) -> str:
    return f"{100.0 * num / den:.0f} % ({num}/{den})" if den else "–"


def _row(name: str, clips: int, row: dict[str, int]) -> str:
    usable = row["usable_pairs"]
    return (f"| {name} | {clips} | {row['usable']}/{clips if 'demos' not in row else row['demos']}"
            f" | {_pct(row['learned'], row['pairs'])} [{_pct(row['learned'], usable)}] "
            f"| {_pct(row['widened'], row['pairs'])} | {_pct(row['hand'], row['pairs'])} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="bench", required=True)
    one = sub.add_parser("loo", help="leave-one-out on the labelled clips' tracks")
    one.add_argument("--clips", type=Path, default=REPO.parent / "shared" / "clips")
    one.add_argument("--tracks", type=Path, default=Path("/work/cache/tracks/full"))
    args = parser.parse_args(argv)
    if args.bench == "loo":
        return loo(args.clips, args.tracks)
    return 2


if __name__ == "__main__":
    sys.exit(main())
