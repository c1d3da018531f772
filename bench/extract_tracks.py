"""Extract a landmark track for every labelled clip.

Usage:
    python bench/extract_tracks.py --model full --out /work/cache/tracks/full
    python bench/extract_tracks.py --clips ../shared/clips --model lite --out OUT

Writes ``OUT/<clip path with / replaced by __>.track.npz`` and prints, per clip,
frames, seconds and frames per second.
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from pathlib import Path

from video_poses import video_to_track

from formcheck.errors import UserError
from formcheck.pose.mediapipe_backend import MediaPipePoseBackend
from formcheck.pose.person_policy import DEFAULT_PERSON_POLICY, PersonPolicy
from formcheck.pose.track import TRACK_SUFFIX, save_track
from formcheck.pose.weights import resolve_model

REPO = Path(__file__).resolve().parent.parent


def track_name(clip: str) -> str:
    """Output file name for a clip path relative to the clips folder."""
    return clip.replace("/", "__") + TRACK_SUFFIX


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=Path, default=REPO.parent / "shared" / "clips")
    parser.add_argument("--model", default="full", help="lite, full or heavy")
    parser.add_argument("--model-path", type=Path, default=None)
    parser.add_argument(
        "--person-policy",
        default=DEFAULT_PERSON_POLICY.value,
        choices=[p.value for p in PersonPolicy],
    )
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--only", default=None, help="substring a clip path must contain")
    args = parser.parse_args(argv)

    try:
        labels = tomllib.loads((args.clips / "labels.toml").read_text())
        model_path = resolve_model(args.model, args.model_path)
    except (OSError, UserError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    clips = [c["file"] for c in labels["clip"] if args.only is None or args.only in c["file"]]
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"{'clip':55} {'frames':>6} {'person%':>7} {'seconds':>8} {'frames/s':>8}")
    for clip in clips:
        start = time.perf_counter()
        with MediaPipePoseBackend(model_path, person_policy=args.person_policy) as backend:
            track = video_to_track(
                args.clips / clip,
                backend,
                model=args.model,
                model_file=model_path.name,
                person_policy=args.person_policy,
                clip=clip,
            )
        seconds = time.perf_counter() - start
        save_track(track, args.out / track_name(clip))
        seen = track.poses.visibility.max(axis=1) > 0 if len(track) else []
        person = 100.0 * sum(seen) / max(len(track), 1)
        flag = "  TRUNCATED" if track.meta.get("truncated") else ""
        print(
            f"{clip:55} {len(track):6d} {person:6.0f}% {seconds:8.2f} "
            f"{len(track) / seconds:8.1f}{flag}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
