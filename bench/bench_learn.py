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
        [--exercise squat ...]
    python bench/bench_learn.py faults [--sets 12] [--seed 1]
"""

from __future__ import annotations

import argparse
import sys
import tomllib
import warnings
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from formcheck.analysis.engine import Engine
from formcheck.errors import UserError
from formcheck.learn import learn_exercise
from formcheck.learn.confirm import check_block, counted_reps
from formcheck.learn.steady import MARGIN
from formcheck.pose.track import load_track
from formcheck.spec import find_exercise, load_exercise
from formcheck.spec.language import ExerciseSpec, RangeConstraint
from formcheck.synth import Camera, NoiseConfig, get_exercise, synthesize

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_synth import PLANS, _faults, _noise  # noqa: E402  (the synthesizer benchmark's sets)

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Clip:
    """A labelled clip with a saved track."""

    file: str
    exercise: str
    allowed: tuple[int, ...] | None  # rep counts the label allows; None: not labelled
    holds: int | None
    track: Path
    faultless: bool  # the label knows no fault in the clip

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
            Clip(label["file"], label["exercise"], allowed, label.get("holds"), track,
                 label.get("faults", "").startswith("none")))
    return {e: c for e, c in found.items() if len(c) >= 2}


def _checked(spec: ExerciseSpec, clip: Clip) -> tuple[bool, int]:
    """Whether `spec` counts `clip` exactly, and its form flags there (warn or worse)."""
    analysis = check_block(load_track(clip.track).poses, spec)
    flags = sum(f.severity != "info" for f in analysis.flags)
    if analysis.not_measurable is not None:
        return False, flags
    ok = True
    if clip.allowed is not None:
        ok &= (counted_reps(analysis) if spec.rep is not None else 0) in clip.allowed
    if clip.holds is not None:
        ok &= len(analysis.holds) == clip.holds
    return ok, flags


def _exact(spec: ExerciseSpec, clip: Clip) -> bool:
    return _checked(spec, clip)[0]


def loo(clips_dir: Path, tracks: Path, only: tuple[str, ...] = ()) -> int:
    """Print the leave-one-out table (of the exercises in `only`, when given)."""
    groups = {e: c for e, c in _clips(clips_dir, tracks).items() if not only or e in only}
    totals = defaultdict(int)
    print("| exercise | clips | demos usable | learned exact | learned, fixed lines | "
          "hand-written exact | learned: form flags on clips of no known fault |")
    print("|---|---|---|---|---|---|---|")
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
            row["hand_usable"] += sum(_exact(hand, c) for c in targets)
            fixed = _fixed_lines(learned)
            for target in targets:
                exact, flags = _checked(learned, target)
                if target.faultless:
                    row["clean_pairs"] += 1
                    row["flags"] += flags
                    row["flagged"] += flags > 0
                row["learned"] += exact
                row["fixed"] += _exact(fixed, target)
                if not exact:
                    counted = learned.rep.driver if learned.rep else learned.hold.metric  # type: ignore[union-attr]
                    print(f"  missed: {target.file} by the file learned from {demo.file} "
                          f"({counted})", file=sys.stderr)
        for key, value in row.items():
            totals[key] += value
        print(_row(exercise, len(clips), row))
        totals["clips"] += len(clips)
        totals["demos"] += len(clips)
    print(_row("**overall**", totals["clips"], totals))
    print("\nlearned exact: share of all (demo, clip) pairs, a pair whose demo is unusable "
          "counting as missed (in brackets: over the usable demos' pairs only); "
          "fixed lines: the same learned files without rest_adapts_to and far_adapts_to "
          "(the lines stay where the demonstration puts them); form flags: warnings "
          "raised by the learned files (not the partial-range notes) on the usable pairs "
          "whose checked clip's label knows no fault, and how many of those pairs had any.")
    return 0


def _fixed_lines(spec: ExerciseSpec) -> ExerciseSpec:
    """`spec` with its counting lines kept where prescribed (not following the person)."""
    if spec.rep is None:
        return spec
    rep = spec.rep.model_copy(update={"rest_adapts_to": None, "far_adapts_to": None})
    return spec.model_copy(update={"rep": rep})


def _pct(num: int, den: int) -> str:
    return f"{100.0 * num / den:.0f} % ({num}/{den})" if den else "–"


def _row(name: str, clips: int, row: dict[str, int]) -> str:
    usable = row["usable_pairs"]
    return (f"| {name} | {clips} | {row['usable']}/{row.get('demos', clips)}"
            f" | {_pct(row['learned'], row['pairs'])} [{_pct(row['learned'], usable)}] "
            f"| {_pct(row['fixed'], row['pairs'])} [{_pct(row['fixed'], usable)}] "
            f"| {_pct(row['hand'], row['pairs'])} [{_pct(row['hand_usable'], usable)}] "
            f"| {row['flags']} flags, on {_pct(row['flagged'], row['clean_pairs'])} of the pairs |")


BACK_CARE = ("bird_dog", "band_row", "dead_bug", "prone_press_up", "prone_lying",
             "prone_on_elbows", "standing_back_extension", "pelvic_tilt", "knee_hug",
             "seal_stretch")
"""The back-care programme's exercises (the first benchmark table of bench/SYNTH_RESULTS.md)."""


def _checked_values(spec: ExerciseSpec, block) -> dict[str, np.ndarray]:
    """Each range check's metric as the engine reads it, shape (N,) per check id.

    The engine's smoothed values, a change from the person's start for a metric
    checked that way (both sides' mean for a metric read per side).
    """
    engine = Engine(spec)
    frames = [update.values for update in engine.process_block(block)]
    checks = [c for c in spec.constraints if isinstance(c, RangeConstraint)]
    series = {}
    for check in checks:
        labels = [k for k in (check.metric, f"{check.metric}.left", f"{check.metric}.right")
                  if k in frames[0]]
        with np.errstate(invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            series[check.id] = np.array([np.nanmean([f[k] for k in labels]) for f in frames])
    return series


def _outside(check: RangeConstraint, values: np.ndarray) -> np.ndarray:
    low = -np.inf if check.min is None else check.min
    high = np.inf if check.max is None else check.max
    return (values < low) | (values > high)


def _learnability(spec: ExerciseSpec, clean, faulted, event: dict, fps: float) -> str:
    """How `event` shows on the learned checks, measured without noise.

    "learnable": the faulted metric leaves a check's band for the check's `for_s`
    where the clean one stays inside; "small": it moves a checked metric by half a
    margin or more but stays inside the band; "unseen": it moves no checked metric.
    """
    a, b = _checked_values(spec, clean), _checked_values(spec, faulted)
    frames = slice(event["start_frame"], event["end_frame"] + 1)
    moved = False
    for check in spec.constraints:
        if not isinstance(check, RangeConstraint):
            continue
        leaves = _outside(check, b[check.id][frames]) & ~_outside(check, a[check.id][frames])
        if leaves.sum() >= check.for_s * fps:
            return "learnable"
        with np.errstate(invalid="ignore"):
            shift = np.nanmax(np.abs(b[check.id][frames] - a[check.id][frames]), initial=0.0)
        moved |= bool(shift >= MARGIN.get(spec.metric_unit(check.metric), 0.1) / 2)
    return "small" if moved else "unseen"


_SHOWS = {"learnable": "leaves a band", "small": "moves a checked metric, inside its band",
          "unseen": "moves no checked metric",
          "scripted": "changes the movement itself: range, timing or hold"}


def _shows(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {_SHOWS[k]}" for k, n in counts.items() if n)


def _overlaps(flag, event: dict, last_ms: float) -> bool:
    end = last_ms if np.isnan(flag.end_ms) else flag.end_ms
    return flag.start_ms <= event["end_ms"] and event["start_ms"] <= end


def faults(sets: int, seed: int) -> int:
    """Print the fault table: recall and precision of learned checks on synthesized faults."""
    print("| exercise | learned from | checks learned | faults leaving a band, caught (recall) "
          "| flags on a fault (precision) | faults not (all) learnable: occurrences by how "
          "they show |")
    print("|---|---|---|---|---|---|")
    totals = defaultdict(int)
    for exercise in BACK_CARE:
        plan = next(p for p in PLANS if p.exercise == exercise)
        hand = load_exercise(find_exercise(exercise))
        script = get_exercise(plan.synth)
        camera = Camera(azimuth_deg=script.view_azimuth_deg)
        hold_s = plan.hold_s[1] if plan.hold_s else None
        demo = synthesize(plan.synth, seed=seed, camera=camera, reps=plan.reps[1], hold_s=hold_s)
        try:
            spec = learn_exercise(demo.block, demo="clean synthesized set", exercise_id=exercise,
                                  name=exercise, hold=hand.rep is None).spec
        except UserError as exc:
            print(f"| {exercise} | unusable: {exc} | | | | |")
            continue
        row = defaultdict(int)
        tally: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for k in range(sets):
            rng = np.random.default_rng(seed * 1000 + k + 1)
            reps = int(rng.integers(plan.reps[0], plan.reps[1] + 1))
            chosen = _faults(plan, hand, "", rng, reps, hold_s)
            args = dict(seed=seed * 1000 + k + 1, camera=camera, reps=reps, hold_s=hold_s,
                        tempo=float(rng.uniform(0.8, 1.25)))
            result = synthesize(plan.synth, faults=chosen, noise=_noise(rng), **args)
            clean = synthesize(plan.synth, noise=NoiseConfig.none(), **args).block
            exact = synthesize(plan.synth, faults=chosen, noise=NoiseConfig.none(), **args).block
            analysis = check_block(result.block, spec)
            events = result.truth["faults"]
            for event in events:
                kind = event["kind"]
                shows = ("scripted" if script.faults[kind].offsets is None
                         else _learnability(spec, clean, exact, event, result.truth["fps"]))
                tally[kind][shows] += 1
                if shows == "learnable":
                    row["learnable"] += 1
                    row["caught"] += any(_overlaps(f, event, analysis.last_ms)
                                         for f in analysis.flags)
            row["flags"] += len(analysis.flags)
            row["true_flags"] += sum(any(_overlaps(f, e, analysis.last_ms) for e in events)
                                     for f in analysis.flags)
        for key, value in row.items():
            totals[key] += value
        checks = ", ".join(c.metric if isinstance(c, RangeConstraint) else c.kind
                           for c in spec.constraints) or "none"
        named = "; ".join(f"{kind} ({_shows(counts)})" for kind, counts in sorted(tally.items())
                          if counts["learnable"] < sum(counts.values())) or "–"
        print(f"| {exercise} | {plan.synth}, {plan.reps[1]} reps | {checks} | "
              f"{_pct(row['caught'], row['learnable'])} | "
              f"{_pct(row['true_flags'], row['flags'])} | {named} |")
    print(f"| **overall** | | | {_pct(totals['caught'], totals['learnable'])} | "
          f"{_pct(totals['true_flags'], totals['flags'])} | |")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="bench", required=True)
    one = sub.add_parser("loo", help="leave-one-out on the labelled clips' tracks")
    one.add_argument("--clips", type=Path, default=REPO.parent / "shared" / "clips")
    one.add_argument("--tracks", type=Path, default=Path("/work/cache/tracks/full"))
    one.add_argument("--exercise", action="append", default=[],
                     help="only this exercise (repeatable; default: every one)")
    many = sub.add_parser("faults", help="learned checks on synthesized faults")
    many.add_argument("--sets", type=int, default=12, help="faulted sets per exercise")
    many.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.bench == "loo":
        return loo(args.clips, args.tracks, tuple(args.exercise))
    return faults(args.sets, args.seed)


if __name__ == "__main__":
    sys.exit(main())
