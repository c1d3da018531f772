"""Rep counts on the labelled real clips when their landmarks are changed as other footage would.

Usage:
    python bench/bench_perturb.py --tracks /work/cache/tracks/full
    python bench/bench_perturb.py --tracks /work/cache/tracks/full --write  # PERTURB_RESULTS.md

The clips are few per exercise, so rules could fit their people and cameras by
chance. Each saved track (``extract_tracks.py``) is checked as ``bench_clips.py``
checks it, after each of these changes, and scored against the same labels:

- **half frame rate**: every other frame, as a 15 fps camera films a 30 fps clip;
- **mirrored**: the picture flipped left to right (left and right landmarks
  swapped), as the other side of the body faces the camera;
- **jitter**: Gaussian noise added to every landmark, independently per frame,
  of 0.4 % of the frame and 1 cm in 3D (on top of MediaPipe's own jitter, about
  0.4 cm on a still body in ``bench_synth.py``'s notes) and of twice that; each
  size in `DRAWS` draws, so its row counts every clip once per draw.

A clip that counts exactly unchanged but not after a change points at a rule
that holds for that clip's timing, side or landmark quality only.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from bench_clips import REPO, add_clip_arguments, read_labels, run

from formcheck.pose.landmarks import Landmark
from formcheck.pose.track import Track

_OTHER_SIDE = np.array([
    int(Landmark[lm.name.replace("LEFT", "RIGHT")] if "LEFT" in lm.name
        else Landmark[lm.name.replace("RIGHT", "LEFT")]) for lm in Landmark
])
"""Index of each landmark's mirror image (left <-> right; midline points unchanged)."""


def half_frame_rate(track: Track) -> Track:
    """Every other frame of `track`."""
    return dataclasses.replace(track, poses=track.poses[np.arange(0, len(track.poses), 2)])


def mirrored(track: Track) -> Track:
    """`track` flipped left to right: x = 1 - x in the picture (frame widths), -x in 3D,
    and each landmark's data moved to its mirror image's index."""
    p = track.poses
    image = p.image_xy[:, _OTHER_SIDE].copy()
    image[..., 0] = 1.0 - image[..., 0]
    world = p.world_xyz[:, _OTHER_SIDE].copy()
    world[..., 0] = -world[..., 0]
    poses = dataclasses.replace(
        p, image_xy=image, world_xyz=world, image_z=p.image_z[:, _OTHER_SIDE],
        visibility=p.visibility[:, _OTHER_SIDE], presence=p.presence[:, _OTHER_SIDE])
    return dataclasses.replace(track, poses=poses)


def jittered(picture_sd: float, world_sd_m: float, seed: int = 0) -> Callable[[Track], Track]:
    """A change adding Gaussian noise: `picture_sd` frame widths/heights to the picture
    landmarks, `world_sd_m` metres to the 3D ones (seeded, so runs repeat)."""
    rng = np.random.default_rng(seed)

    def change(track: Track) -> Track:
        p = track.poses
        poses = dataclasses.replace(
            p, image_xy=p.image_xy + rng.normal(0.0, picture_sd, p.image_xy.shape),
            world_xyz=p.world_xyz + rng.normal(0.0, world_sd_m, p.world_xyz.shape))
        return dataclasses.replace(track, poses=poses)

    return change


DRAWS = 3
"""Noise draws (seeds 0, 1, 2) per jitter size: one draw is luck."""

CHANGES: dict[str, list[Callable[[Track], Track] | None]] = {
    "unchanged": [None],
    "half frame rate": [half_frame_rate],
    "mirrored": [mirrored],
    "jitter 0.4 % / 1 cm": [jittered(0.004, 0.01, seed) for seed in range(DRAWS)],
    "jitter 0.8 % / 2 cm": [jittered(0.008, 0.02, seed) for seed in range(DRAWS)],
}
"""Each change, as one or more transforms; every clip is checked once per transform."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_clip_arguments(parser)
    parser.add_argument("--write", nargs="?", const=REPO / "bench" / "PERTURB_RESULTS.md",
                        type=Path, default=None)
    args = parser.parse_args(argv)
    labels = read_labels(args.clips)
    if labels is None:
        return 2
    rows = ["| change | clips | counted exactly | % |", "|---|---:|---:|---:|"]
    misses = []
    for name, changes in CHANGES.items():
        outcomes = [o for change in changes
                    for o in run(labels, args.clips, args.tracks, None, change)[0]]
        exact = sum(o.exact for o in outcomes)
        rows.append(f"| {name} | {len(outcomes)} | {exact} | "
                    f"{100 * exact / max(len(outcomes), 1):.0f} |")
        misses += [f"- {name}: `{o.clip}`: expected {o.expected}, got {o.got}"
                   + (f" ({o.note})" if o.note else "") for o in outcomes if not o.exact]
    print("\n".join(rows + [""] + misses))
    if args.write is not None:
        args.write.write_text("\n".join([
            "# Rep counts on the real clips, changed as other footage would change them",
            "",
            f"Measured with `python bench/bench_perturb.py --tracks {args.tracks} --write` "
            "(full-model landmark tracks; every labelled clip, the not-countable one included).",
            "",
            *rows, "", "Not counted exactly:", *misses, "",
        ]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
