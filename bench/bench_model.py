"""Frames per second of decoding, of the bare model, and of both through the reader.

Usage:
    python bench/bench_model.py [--clip squat/calimiro_squat_11.mp4] [--models lite full]
        [--person-policy single] [--repeat 3]

For each model variant prints:
- decode: VideoReader alone (background-thread decode, BGR frames, nothing else);
- model: ``MediaPipePoseBackend.detect`` on frames already decoded and converted
  to RGB in memory (the best the model can do);
- decode+model: :func:`poses_from_video`, i.e. threaded decode, BGR->RGB, detect;
- ratio: decode+model / model (the overlap goal is >= 95 %).
Each figure is the median of `--repeat` runs over the whole clip, a fresh
backend per run (model creation not timed).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import cv2
from video_poses import poses_from_video

from formcheck.pose.mediapipe_backend import MediaPipePoseBackend
from formcheck.pose.person_policy import PersonPolicy
from formcheck.pose.weights import resolve_model
from formcheck.video import VideoReader

REPO = Path(__file__).resolve().parent.parent


def median_rate(run: Callable[[], tuple[int, float]], repeat: int) -> float:
    """Median frames/s of `run`, which returns (frames processed, seconds taken)."""
    rates = []
    for _ in range(repeat):
        frames, seconds = run()
        rates.append(frames / seconds)
    return statistics.median(rates)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=Path, default=REPO.parent / "shared" / "clips")
    parser.add_argument("--clip", default="squat/calimiro_squat_11.mp4")
    parser.add_argument("--models", nargs="+", default=["lite", "full"])
    parser.add_argument(
        "--person-policy", default="single", choices=[p.value for p in PersonPolicy]
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    path = args.clips / args.clip

    def decode() -> tuple[int, float]:
        start = time.perf_counter()
        with VideoReader(path) as reader:
            count = sum(1 for _ in reader)
        return count, time.perf_counter() - start

    with VideoReader(path) as reader:
        info = reader.info
        frames = [(f.index, f.timestamp_ms, cv2.cvtColor(f.bgr, cv2.COLOR_BGR2RGB)) for f in reader]
    print(
        f"{args.clip}: {len(frames)} frames, {info.width}x{info.height}, {info.fps:.2f} fps; "
        f"person policy {args.person_policy}; median of {args.repeat}"
    )
    decode_fps = median_rate(decode, args.repeat)
    print(f"{'model':6} {'decode':>8} {'model':>8} {'decode+model':>13} {'ratio':>6}  (frames/s)")
    for variant in args.models:
        model_path = resolve_model(variant)

        def bare(model_path: Path = model_path) -> tuple[int, float]:
            with MediaPipePoseBackend(model_path, person_policy=args.person_policy) as backend:
                start = time.perf_counter()
                for index, ms, rgb in frames:
                    backend.detect(rgb, ms, index)
                return len(frames), time.perf_counter() - start

        def piped(model_path: Path = model_path) -> tuple[int, float]:
            with MediaPipePoseBackend(model_path, person_policy=args.person_policy) as backend:
                start = time.perf_counter()
                with VideoReader(path) as reader:
                    count = sum(1 for _ in poses_from_video(reader, backend))
                return count, time.perf_counter() - start

        model_fps = median_rate(bare, args.repeat)
        piped_fps = median_rate(piped, args.repeat)
        print(
            f"{variant:6} {decode_fps:8.1f} {model_fps:8.1f} {piped_fps:13.1f} "
            f"{piped_fps / model_fps:6.0%}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
