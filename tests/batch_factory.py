"""Small landmark-track files for batch tests (no model needed).

`write_squat_track(path, reps, seed)` writes a side-view squat (see
`pose_factory.side_squat_frame`) at 30 frames/s: one second standing, then `reps`
squats of 2 s each (thigh 0 -> 100 -> 0 degrees), then one second standing, with
seeded landmark noise of 0.002 (normalized) / 2 mm so files with different seeds
differ in content.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
from pose_factory import side_squat_frame

from formcheck.pose.block import PoseBlock
from formcheck.pose.track import Track, save_track

FPS = 30.0


def write_squat_track(path: Path, reps: int = 2, seed: int = 0) -> Path:
    """Write the track described in the module docstring to `path`; returns `path`."""
    rng = np.random.default_rng(seed)
    n = int(FPS * (2 + 2 * reps))
    frames = []
    for i in range(n):
        t = i / FPS - 1.0
        phase = (t % 2.0) / 2.0 if 0.0 <= t < 2 * reps else 0.0
        thigh = 100.0 * math.sin(math.pi * phase)
        frames.append(side_squat_frame(thigh, 1000.0 * i / FPS, index=i))
    poses = PoseBlock.from_frames(frames)
    noisy = dataclasses.replace(
        poses,
        image_xy=poses.image_xy + rng.normal(0.0, 0.002, poses.image_xy.shape),
        world_xyz=poses.world_xyz + rng.normal(0.0, 0.002, poses.world_xyz.shape),
    )
    save_track(Track(noisy, {"fps": FPS, "model": "synthetic"}), path)
    return path


def write_tracks(folder: Path, count: int, reps: int = 2) -> list[Path]:
    """`count` tracks ``squat_00.track.npz``... in `folder`, with seeds 0, 1, ..."""
    return [
        write_squat_track(folder / f"squat_{i:02d}.track.npz", reps, seed=i) for i in range(count)
    ]
