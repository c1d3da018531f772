"""Measure `formcheck live` with videos played as a camera, and compare its counts with batch.

Usage:
    DISPLAY=:99 python bench/bench_live.py --window --out bench_live.json
    python bench/bench_live.py --models lite --only squat
    python bench/bench_live.py --models lite --rest-flow --out bench_live_rest.json

For each model and each clip with a `reps` label in labels.toml:

1. real time: the clip is played at its own frame rate as a camera (frames are
   dropped while analysis is busy), through the live loop with the window (or
   headless, drawing the same overlay). Reports the displayed frame rate, the
   share of captured frames analysed, and the capture-to-cue latency: for each
   analysed frame, from the moment the frame became available until the
   window showed its skeleton, counts and cue (median and 95th percentile over
   all analysed frames, and over the frames that raised a cue or ended a rep).
   Headline figures pool the 30 frames/s clips.
2. lossless: the same clip played frame for frame (its frames/s is the loop's
   capacity); its rep count is compared with `formcheck check` (same model),
   and the real-time count with both.

With --rest-flow both runs are a session of one rep (or hold) per set with a
minute's rest between sets: the clip's person never rests, so every rep after
the first is made during a rest and must start the next set; the count is the
sum over the saved sets (a set judged not measurable adds none), compared with
`formcheck check`. The lossless run shows what the rest flow itself keeps (no
frame is dropped); --no-realtime leaves the real-time run out.

Models take turns on each clip, so a change in the machine's load does not
fall on one model only.

Timings depend on the machine's load: the 1-minute load average is printed
before and after.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
import tomllib
from pathlib import Path

import numpy as np

from formcheck.cli import main as formcheck
from formcheck.live.run import LiveOptions, run_live
from formcheck.video import VideoReader

REPO = Path(__file__).resolve().parent.parent
CAMERA_FPS = 30.0


def labelled_clips(clips: Path, only: str | None) -> list[dict]:
    """Clips with a rep label, as dicts with `file`, `exercise`, `reps`."""
    entries = tomllib.loads((clips / "labels.toml").read_text())["clip"]
    return [c for c in entries if "reps" in c and (only is None or only in c["file"])]


def source_fps(clip: Path) -> float:
    """The clip's nominal frame rate."""
    with VideoReader(clip) as reader:
        return reader.info.fps


def total(rep_counts: dict[str, int] | None) -> int | None:
    """All sides' reps (0 for a hold exercise); None when the set was not measurable."""
    return None if rep_counts is None else sum(rep_counts.values())


def percentile(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 1) if values else None


REST_FLOW = {"sets": 99, "reps": 1, "rest_s": 60.0}
"""The --rest-flow session: one rep a set, a minute's rest."""
ONE_SET = {"sets": 1, "reps": 0}
"""The plain session: one set without a target, as long as the clip."""
NOT_RUN = {"reps": None, "set_reps": [], "captured": 0, "analysed": 0, "dropped": 0,
           "display_fps": 0.0, "latency_ms": [], "cue_latency_ms": []}
"""The figures of a real-time run left out (--no-realtime)."""


def live_run(clip: Path, exercise: str, model: str, realtime: bool, window: bool,
             out: Path, plan: dict) -> dict:
    """One live session over a clip; its count (all sets together) and loop figures."""
    options = LiveOptions(exercise, source=clip, realtime=realtime, model=model, mute=True,
                          window=window, output=out, end_screen_s=0.0, **plan)
    run = run_live(options)
    s = run.stats
    counts = [total(report.rep_counts) for _, report in run.reports]
    measured = [n for n in counts if n is not None]
    return {
        "reps": sum(measured) if measured else None,
        "set_reps": counts,
        "captured": s.captured, "analysed": s.analysed, "dropped": s.dropped,
        "display_fps": round(s.display_fps, 2),
        "latency_ms": [round(v, 2) for v in s.latency_ms],
        "cue_latency_ms": [round(v, 2) for v in s.cue_latency_ms],
    }


def batch_count(clip: Path, exercise: str, model: str, out: Path) -> int | None:
    """Reps counted by `formcheck check` with the same model."""
    with contextlib.redirect_stdout(io.StringIO()):
        code = formcheck(["check", str(clip), "-e", exercise, "--model", model, "-q",
                          "-o", str(out)])
    if code != 0:
        return None
    return total(json.loads(out.read_text())["rep_counts"])


def summarize(rows: list[dict]) -> dict:
    """Pooled loop figures over some real-time rows."""
    captured = sum(r["realtime"]["captured"] for r in rows)
    analysed = sum(r["realtime"]["analysed"] for r in rows)
    lat = [v for r in rows for v in r["realtime"]["latency_ms"]]
    cue = [v for r in rows for v in r["realtime"]["cue_latency_ms"]]
    fps = [r["realtime"]["display_fps"] for r in rows]
    return {
        "clips": len(rows), "captured": captured, "analysed": analysed,
        "analysed_share": round(analysed / captured, 3) if captured else None,
        "display_fps_mean": round(float(np.mean(fps)), 1) if fps else None,
        "latency_ms_median": percentile(lat, 50), "latency_ms_p95": percentile(lat, 95),
        "cue_latency_ms_median": percentile(cue, 50), "cue_latency_ms_p95": percentile(cue, 95),
        "cue_events": len(cue),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=Path, default=REPO.parent / "shared" / "clips")
    parser.add_argument("--models", nargs="+", default=["lite", "full"])
    parser.add_argument("--only", help="substring a clip path must contain")
    parser.add_argument("--window", action="store_true", help="show the window (needs DISPLAY)")
    parser.add_argument("--no-compare", action="store_true",
                        help="skip the lossless and batch runs (timing only)")
    parser.add_argument("--rest-flow", action="store_true",
                        help="sessions of one rep per set with rests between")
    parser.add_argument("--no-realtime", action="store_true",
                        help="skip the real-time run (lossless and batch only)")
    parser.add_argument("--out", type=Path, help="write all figures here as JSON")
    args = parser.parse_args(argv)

    clips = labelled_clips(args.clips, args.only)
    print(f"load average before: {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores; "
          f"{len(clips)} clips")
    rows: dict[str, list[dict]] = {model: [] for model in args.models}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for i, entry in enumerate(clips):
            clip = args.clips / entry["file"]
            # models take turns going first, so a change in the machine's load
            # does not land on one model only
            for model in args.models if i % 2 == 0 else args.models[::-1]:
                row = {"clip": entry["file"], "label": entry["reps"],
                       "source_fps": round(source_fps(clip), 2),
                       "load": round(os.getloadavg()[0], 2)}
                plan = REST_FLOW if args.rest_flow else ONE_SET
                row["realtime"] = rt = NOT_RUN if args.no_realtime else live_run(
                    clip, entry["exercise"], model, True, args.window, work / "rt", plan)
                if not args.no_compare:
                    lossless = live_run(clip, entry["exercise"], model, False, False, work / "ll",
                                        plan)
                    row["lossless"] = lossless["reps"]
                    row["lossless_sets"] = lossless["set_reps"]
                    row["lossless_fps"] = lossless["display_fps"]
                if not args.no_compare:
                    row["batch"] = batch_count(clip, entry["exercise"], model,
                                               work / "batch.json")
                rows[model].append(row)
                print(f"{model:5} {entry['file']:45} fps {row['source_fps']:5.1f}  shown "
                      f"{rt['display_fps']:5.1f}/s  analysed {rt['analysed']}/{rt['captured']}  "
                      f"lat p50 {percentile(rt['latency_ms'], 50)} ms  reps rt {rt['reps']} "
                      f"in {len(rt['set_reps'])} sets "
                      f"lossless {row.get('lossless')} ({row.get('lossless_fps')}/s) "
                      f"batch {row.get('batch')} label {row['label']}  load {row['load']}",
                      flush=True)
    results = {}
    for model, model_rows in rows.items():
        camera = [r for r in model_rows if abs(r["source_fps"] - CAMERA_FPS) < 0.5]
        results[model] = {
            "camera_30fps": summarize(camera),
            "all_clips": summarize(model_rows),
            "lossless_equals_batch": sum(r.get("lossless") == r.get("batch") for r in model_rows),
            "realtime_equals_batch": sum(r["realtime"]["reps"] == r.get("batch")
                                         for r in model_rows),
            "clips": model_rows,
        }
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    for model, res in results.items():
        print(f"\n{model}: 30 fps clips {json.dumps(res['camera_30fps'])}")
        print(f"{model}: all clips   {json.dumps(res['all_clips'])}")
        if not args.no_compare:
            n = len(res["clips"])
            print(f"{model}: lossless live == batch on {res['lossless_equals_batch']}/{n} clips; "
                  f"real-time live == batch on {res['realtime_equals_batch']}/{n}")
    if args.out is not None:
        args.out.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
