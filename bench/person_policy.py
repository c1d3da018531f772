"""Measure the bystander policies of the MediaPipe backend.

Usage:
    python bench/person_policy.py --model full [--only squat]   # the labelled clips
    python bench/person_policy.py --model full --composite      # a staged bystander
    python bench/person_policy.py --model full --cost squat/calimiro_squat_13.mp4
    python bench/person_policy.py --model full --scout            # auto on the clips

For each clip, runs the backend under each person policy (single, auto, choose)
and prints frames/s of each (over the first `--max-frames` frames) and, for
``choose``, the share of frames in which two people were found.

``--composite`` stages the failure the policies exist for: the clinic knee-hug
clip (a patient who appears on a table after a ~6 s title card) with a standing
person from a squat clip pasted beside it, still or moving. It prints, for frames
after 8 s, the share of frames on which each policy followed the patient.

``--cost CLIP`` measures what ``auto`` costs against ``single`` on one clip: the
two run in turn, `--rounds` times each over the same frames, and the median time
of each gives the ratio (alternating evens out the load of a shared machine).

``--scout`` shows, for every labelled clip, whether ``auto`` would leave one-pose
tracking: its two-pose scout is run on the frames it scans (one every
`DEFAULT_SCAN_EVERY_MS`), and the first time it finds two people is printed.
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from pathlib import Path

import cv2
import numpy as np

from formcheck.pose.mediapipe_backend import DEFAULT_SCAN_EVERY_MS, MediaPipePoseBackend
from formcheck.pose.person_choice import torso_center
from formcheck.pose.person_policy import PersonPolicy
from formcheck.pose.weights import resolve_model
from formcheck.video import VideoReader

REPO = Path(__file__).resolve().parent.parent
PATIENT = "knee_hug/clinic_knee_to_chest.mp4"
BYSTANDER = "squat/calimiro_squat_11.mp4"
BYSTANDER_COLUMNS = slice(380, 880)  # the standing lifter in the 1280x720 frame
Frame = tuple[int, float, np.ndarray]


def rgb_frames(path: Path, limit: int | None = None) -> list[Frame]:
    """The clip's frames as RGB, in memory (the first `limit` only, when given)."""
    out: list[Frame] = []
    with VideoReader(path) as reader:
        for f in reader:
            if limit is not None and len(out) == limit:
                break
            out.append((f.index, f.timestamp_ms, cv2.cvtColor(f.bgr, cv2.COLOR_BGR2RGB)))
    return out


def composite(clips: Path, moving: bool) -> list[Frame]:
    """Patient frames (every 2nd) with the bystander pasted on the right, RGB."""
    bystander = [rgb[:, BYSTANDER_COLUMNS] for _, _, rgb in rgb_frames(clips / BYSTANDER)]
    out = []
    for index, ms, rgb in rgb_frames(clips / PATIENT)[::2]:
        other = bystander[(index // 2) % len(bystander)] if moving else bystander[0]
        out.append((index, ms, np.hstack([rgb, other])))
    return out


def run(frames: list[Frame], model: Path, policy: PersonPolicy) -> tuple[float, np.ndarray, float]:
    """(frames/s, chosen torso x per frame (N,), share of frames with 2 people found)."""
    xs, two = [], 0
    with MediaPipePoseBackend(model, person_policy=policy) as backend:
        start = time.perf_counter()
        for index, ms, rgb in frames:
            people = backend.detect_people(rgb, ms, index)
            chosen = backend.choose(people, ms)
            two += len(people) >= 2
            xs.append(torso_center(chosen)[0] if chosen else np.nan)
        seconds = time.perf_counter() - start
    return len(frames) / seconds, np.array(xs), two / max(len(frames), 1)


def cost(frames: list[Frame], model: Path, rounds: int) -> str:
    """Median frames/s of single and auto over alternating runs, and their time ratio."""
    rates: dict[PersonPolicy, list[float]] = {PersonPolicy.SINGLE: [], PersonPolicy.AUTO: []}
    for _ in range(rounds):
        for policy, runs in rates.items():
            runs.append(run(frames, model, policy)[0])
    single, auto = (float(np.median(r)) for r in rates.values())
    return (f"single {single:.1f} frames/s, auto {auto:.1f} frames/s: auto takes "
            f"x{single / auto:.2f} the time of single (median of {rounds} alternating runs "
            f"over {len(frames)} frames)")


def scout(path: Path, model: Path) -> float | None:
    """Time (ms) of the first frame on which auto's scout finds two people, or None."""
    last = None
    with MediaPipePoseBackend(model, person_policy=PersonPolicy.CHOOSE) as backend, \
            VideoReader(path) as reader:
        for frame in reader:
            if last is not None and frame.timestamp_ms - last < DEFAULT_SCAN_EVERY_MS:
                continue
            last = frame.timestamp_ms
            rgb = cv2.cvtColor(frame.bgr, cv2.COLOR_BGR2RGB)
            if len(backend.detect_people(rgb, frame.timestamp_ms, frame.index)) >= 2:
                return frame.timestamp_ms
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=Path, default=REPO.parent / "shared" / "clips")
    parser.add_argument("--model", default="full")
    parser.add_argument("--only", default=None, help="substring a clip path must contain")
    parser.add_argument("--composite", action="store_true")
    parser.add_argument("--cost", default=None, metavar="CLIP",
                        help="time auto against single on this clip (path under --clips)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs for --cost")
    parser.add_argument("--scout", action="store_true",
                        help="on which labelled clips auto finds a second person")
    parser.add_argument(
        "--max-frames", type=int, default=300, help="frames per clip held in memory"
    )
    args = parser.parse_args(argv)
    model = resolve_model(args.model)
    policies = [PersonPolicy.SINGLE, PersonPolicy.AUTO, PersonPolicy.CHOOSE]

    if args.cost:
        print(args.cost, cost(rgb_frames(args.clips / args.cost, args.max_frames), model,
                              args.rounds))
        return 0

    labels = tomllib.loads((args.clips / "labels.toml").read_text())
    clips = [c["file"] for c in labels["clip"] if args.only is None or args.only in c["file"]]
    if args.scout:
        crowded = 0
        for clip in clips:
            found = scout(args.clips / clip, model)
            crowded += found is not None
            when = "one person" if found is None else f"two people from {found / 1000:.1f} s"
            print(f"{clip:50} {when}", flush=True)
        print(f"auto tracks two people on {crowded} of {len(clips)} clips")
        return 0

    if args.composite:
        print(f"{'bystander':9} {'policy':7} {'frames/s':>8} {'2 people':>8} {'on patient':>10}")
        for moving in (False, True):
            frames = composite(args.clips, moving)
            width = frames[0][2].shape[1]
            late = np.array([ms for _, ms, _ in frames]) > 8000
            for policy in policies:
                fps, xs, two = run(frames, model, policy)
                on_patient = np.mean(xs[late] < 1280 / width)
                name = "moving" if moving else "still"
                print(f"{name:9} {policy.value:7} {fps:8.1f} {two:8.0%} {on_patient:10.0%}")
        return 0

    print(f"{'clip':45} {'single':>7} {'auto':>7} {'choose':>7}  frames/s; {'2 people':>8}")
    for clip in clips:
        frames = rgb_frames(args.clips / clip, args.max_frames)
        results = [run(frames, model, policy) for policy in policies]
        rates = " ".join(f"{fps:7.1f}" for fps, _, _ in results)
        print(f"{clip:45} {rates}            {results[-1][2]:8.0%}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
