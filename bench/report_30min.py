"""Size and render time of the HTML report for a 30-minute session.

Builds a 30-minute landmark track by looping a real squat clip's track, checks it
with `formcheck check`, then times `formcheck report` (skeleton drawings and
replays from the track; the video is left out because looped frames do not
match it).

    python bench/report_30min.py [--track PATH] [--minutes 30] [--out DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from formcheck.pose.block import PoseBlock
from formcheck.pose.track import Track, load_track, save_track

DEFAULT_TRACK = Path("/work/cache/tracks/full/squat__calimiro_squat_19.mp4.track.npz")


def looped(track: Track, minutes: float) -> Track:
    """`track` repeated end to end until it lasts `minutes`; timestamps stay increasing."""
    poses = track.poses
    period_ms = float(poses.timestamp_ms[-1] - poses.timestamp_ms[0]) + 40.0
    loops = int(np.ceil(minutes * 60_000 / period_ms))
    n = len(poses)
    tiled = PoseBlock.concatenate([poses] * loops)
    offsets = np.repeat(np.arange(loops) * period_ms, n)
    looped_poses = dataclasses.replace(
        tiled, frame_index=np.arange(n * loops), timestamp_ms=tiled.timestamp_ms + offsets
    )
    meta = {k: v for k, v in track.meta.items() if k != "source"}
    return Track(looped_poses, meta)


def _run(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "formcheck", *args], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--track", type=Path, default=DEFAULT_TRACK)
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="formcheck-bench-"))
    track_path = out / "session30.track.npz"
    save_track(looped(load_track(args.track), args.minutes), track_path)
    report = out / "session30.json"
    check_s = _run("check", str(track_path), "-e", "squat", "-o", str(report), "-q")
    html = out / "session30.html"
    render_s = [_run("report", str(report), "-o", str(html)) for _ in range(3)]
    no_track = out / "session30-no-track.html"
    bare_s = _run("report", str(report), "-o", str(no_track), "--track", str(track_path),
                  "--max-moments", "0")
    from formcheck.report.write import read_report

    r = read_report(report)
    print(f"session: {r.source.duration_s / 60:.1f} min, {r.source.frames} frames, "
          f"{len(r.reps)} reps, {len(r.flags)} flags, {len(r.timeline.t_ms)} timeline samples")
    print(f"check: {check_s:.1f} s; JSON report {report.stat().st_size / 1e6:.2f} MB")
    print(f"report (100 pictured moments + replays): {html.stat().st_size / 1e6:.2f} MB, "
          f"render {min(render_s):.2f} s best of 3 (median {sorted(render_s)[1]:.2f} s, "
          "process start included)")
    print(f"report without moments: {no_track.stat().st_size / 1e6:.2f} MB, {bare_s:.2f} s")
    print(f"files in {out}")


if __name__ == "__main__":
    main()
