"""Counts from 2D landmarks alone against counts from the full track.

Usage:
    python bench/bench_2d.py [--tracks /work/cache/tracks/full] [--out bench/2D_RESULTS.md]
    python bench/bench_2d.py --layout coco17    # also only the 17 COCO keypoints

Every ``<exercise>__<clip>.track.npz`` in `--tracks` is checked twice with the
exercise named before ``__``: as recorded, and with its world landmarks removed
(NaN), as a track converted from another pose tool's 2D keypoints would be; with
``--layout coco17`` also without the points COCO's 17 keypoints lack (inner and
outer eyes, mouth, hand points, heels and toes), as most other pose tools write. A
clip agrees when both give the same rep counts per side (or the same holds for a
hold exercise) and both are measurable, or both are not. Prints one row per clip,
the share of clips that agree, and on how many the view read from the picture
(`formcheck.analysis.view.picture_yaw_deg`) is the one read from the world
landmarks; writes the table as Markdown with `--out`.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

import numpy as np

from formcheck.analysis.engine import Engine
from formcheck.analysis.results import Analysis, RepStatus
from formcheck.pose.keypoint_layouts import LAYOUTS
from formcheck.pose.landmarks import NUM_LANDMARKS, Landmark
from formcheck.pose.track import Track, load_track
from formcheck.session.exercise import ResolvedExercise
from formcheck.session.pipeline import analyze
from formcheck.session.sources import observe_track

TRACKS = Path("/work/cache/tracks/full")
TRACK_SUFFIX = ".track.npz"


def without_world(track: Track) -> Track:
    """The same track with every world landmark NaN (image landmarks kept)."""
    poses = dataclasses.replace(track.poses, world_xyz=np.full_like(track.poses.world_xyz, np.nan))
    return Track(poses, track.meta)


def only_layout(track: Track, layout: tuple[Landmark, ...]) -> Track:
    """`track` with only the points of `layout` (the others NaN, unseen and absent)."""
    p = track.poses
    dropped = np.ones(NUM_LANDMARKS, bool)
    dropped[[int(point) for point in layout]] = False
    image, depth = p.image_xy.copy(), p.image_z.copy()
    image[:, dropped], depth[:, dropped] = np.nan, np.nan
    visibility, presence = p.visibility.copy(), p.presence.copy()
    visibility[:, dropped], presence[:, dropped] = 0.0, 0.0
    poses = dataclasses.replace(p, image_xy=image, image_z=depth, visibility=visibility,
                                presence=presence)
    return Track(poses, track.meta)


def outcome(analysis: Analysis) -> str:
    """Counted reps per side (or holds), or 'not measurable'."""
    if analysis.not_measurable is not None:
        return "not measurable"
    if analysis.rep_sides:
        counts = {s: sum(1 for a in analysis.attempts
                         if a.side == s and a.status is RepStatus.COUNTED)
                  for s in analysis.rep_sides}
        return ", ".join(f"{n}" if s == "both" else f"{s} {n}" for s, n in counts.items())
    return f"{len(analysis.holds)} hold(s)"


def check(track: Track, exercise: ResolvedExercise) -> tuple[str, Analysis]:
    """The outcome of checking `track` against `exercise`, and the analysis."""
    analysis = analyze(observe_track(track), Engine(exercise.spec), [])
    return outcome(analysis), analysis


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=Path, default=TRACKS)
    parser.add_argument("--out", type=Path, default=None, help="write the table as Markdown")
    parser.add_argument("--layout", choices=list(LAYOUTS), default="blazepose33",
                        help="the 2D points kept (default: all 33)")
    args = parser.parse_args(argv)
    points = LAYOUTS[args.layout]
    files = sorted(args.tracks.glob(f"*__*{TRACK_SUFFIX}"))
    if not files:
        print(f"{args.tracks}: no <exercise>__<clip>{TRACK_SUFFIX} files", file=sys.stderr)
        return 2
    rows = ["| clip | exercise | full track | 2D only | view (full / 2D) | agree |",
            "|---|---|---|---|---|---|"]
    agree = same_view = 0
    for path in files:
        exercise_id, clip = path.name[: -len(TRACK_SUFFIX)].split("__", 1)
        exercise = ResolvedExercise.resolve(exercise_id)
        track = load_track(path)
        full, full_analysis = check(track, exercise)
        flat, flat_analysis = check(only_layout(without_world(track), points), exercise)
        same = full == flat
        agree += same
        same_view += full_analysis.view == flat_analysis.view
        note = "" if flat_analysis.not_measurable is None else f" ({flat_analysis.not_measurable})"
        rows.append(f"| {clip} | {exercise_id} | {full} | {flat}{note} | "
                    f"{full_analysis.view} / {flat_analysis.view} | {'yes' if same else 'NO'} |")
    share = agree / len(files)
    rows.append("")
    rows.append(f"{agree} of {len(files)} clips agree ({share:.0%}); the view read from the "
                f"picture is the one read from the world landmarks on {same_view}.")
    text = "\n".join(rows)
    print(text)
    if args.out is not None:
        args.out.write_text(
            "# 2D-only counts against full tracks\n\n"
            f"`python bench/bench_2d.py --tracks {args.tracks} --layout {args.layout}`"
            f"\n\n{text}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
