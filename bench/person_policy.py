"""Measure the bystander policies of the MediaPipe backend on the labelled clips.

Usage:
    python bench/person_policy.py --model full [--only clinic]

For each clip, runs the backend with person policy ``single`` (one pose) and
``choose`` (two poses, :class:`~formcheck.pose.person_choice.PersonChooser`), and
prints frames/s of each, the share of frames in which two people were found, and
the share of frames in which the two policies follow different people (torso
centres more than 0.15 of the frame apart).
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from pathlib import Path

import cv2
import numpy as np

from formcheck.models import resolve_model
from formcheck.pose.mediapipe_backend import MediaPipePoseBackend, PersonPolicy
from formcheck.pose.person_choice import torso_center
from formcheck.video import VideoReader

REPO = Path(__file__).resolve().parent.parent
_DIFFERENT_PERSON = 0.15


def run(path: Path, model: Path, policy: PersonPolicy) -> tuple[float, np.ndarray, np.ndarray]:
    """(frames/s, torso centres (N, 2), people found per frame (N,)) for one clip."""
    with VideoReader(path) as reader:
        frames = [(f.index, f.timestamp_ms, cv2.cvtColor(f.bgr, cv2.COLOR_BGR2RGB)) for f in reader]
    centers, counts = [], []
    with MediaPipePoseBackend(model, person_policy=policy) as backend:
        start = time.perf_counter()
        for index, ms, rgb in frames:
            people = backend.detect_people(rgb, ms, index)
            chosen = backend.choose(people, ms)
            counts.append(len(people))
            centers.append(torso_center(chosen) if chosen else np.full(2, np.nan))
        seconds = time.perf_counter() - start
    return len(frames) / seconds, np.array(centers), np.array(counts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=Path, default=REPO.parent / "shared" / "clips")
    parser.add_argument("--model", default="full")
    parser.add_argument("--only", default=None, help="substring a clip path must contain")
    args = parser.parse_args(argv)
    labels = tomllib.loads((args.clips / "labels.toml").read_text())
    model = resolve_model(args.model)
    clips = [c["file"] for c in labels["clip"] if args.only is None or args.only in c["file"]]
    print(f"{'clip':45} {'single f/s':>10} {'choose f/s':>10} {'2 people':>8} {'differ':>6}")
    for clip in clips:
        fps_1, centers_1, _ = run(args.clips / clip, model, PersonPolicy.SINGLE)
        fps_2, centers_2, counts = run(args.clips / clip, model, PersonPolicy.CHOOSE)
        apart = np.linalg.norm(centers_1 - centers_2, axis=1)
        both = np.isfinite(apart)
        differ = float(np.mean(apart[both] > _DIFFERENT_PERSON)) if both.any() else 0.0
        print(
            f"{clip:45} {fps_1:10.1f} {fps_2:10.1f} {np.mean(counts >= 2):8.0%} {differ:6.0%}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
