"""Measure `formcheck live` with videos played as a camera, and compare its counts with batch.

Usage:
    DISPLAY=:99 python bench/bench_live.py --window --out bench_live.json
    python bench/bench_live.py --models lite --only squat
    python bench/bench_live.py --models lite --rest-flow --out bench_live_rest.json
    python bench/bench_live.py --models full --busy-core --schedules newest_frame adaptive \
        --no-compare --batch-counts counts.json

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
   capacity); its rep count is compared with `formcheck check --every-frame`
   (same model, the same frames analysed), and the real-time count with
   `formcheck check` (its default analysis schedule).

With --rest-flow both runs are a session of one rep (or hold) per set with a
minute's rest between sets: the clip's person never rests, so every rep after
the first is made during a rest and must start the next set; the count is the
sum over the saved sets (a set judged not measurable, by the driver's range over the
session so far, adds none), compared with
`formcheck check`. The lossless run shows what the rest flow itself keeps (no
frame is dropped); --no-realtime leaves the real-time run out.

Models take turns on each clip, so a change in the machine's load does not
fall on one model only. With ``--schedules``, each real-time run is repeated
with each way of choosing frames when analysis falls behind (``adaptive``, the
default: the analysis schedule; ``newest_frame``: whichever frame is newest when
the loop is free, as before), taking turns in the same way; the analysed rate
held is reported from each set's report (a run's rate is its slowest set's).
``--busy-core`` keeps one core fully loaded (a busy loop in another process) for
the whole run; ``--batch-counts`` compares the real-time counts with a
``bench_batch.py --counts`` file.

Timings depend on the machine's load: the 1-minute load average is printed
before and after.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import multiprocessing
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
NOT_RUN = {"reps": None, "rep_counts": None, "set_reps": [], "analysed_rate_hz": None,
           "set_analysed_rate_hz": [], "captured": 0, "analysed": 0, "dropped": 0,
           "display_fps": 0.0, "latency_ms": [], "cue_latency_ms": []}
"""The figures of a real-time run left out (--no-realtime)."""


def sides_total(set_counts: list[dict[str, int] | None]) -> dict[str, int] | None:
    """Each side's reps summed over the measurable sets; None when no set was measurable."""
    measured = [c for c in set_counts if c is not None]
    if not measured:
        return None
    return {side: sum(c.get(side, 0) for c in measured) for side in measured[0]}


def live_run(clip: Path, exercise: str, model: str, realtime: bool, window: bool,
             out: Path, plan: dict, adaptive: bool = True) -> dict:
    """One live session over a clip; its count (all sets together) and loop figures."""
    options = LiveOptions(exercise, source=clip, realtime=realtime, model=model, mute=True,
                          window=window, output=out, end_screen_s=0.0, adaptive=adaptive,
                          **plan)
    run = run_live(options)
    s = run.stats
    reports = [report for _, report in run.reports]
    rep_counts = sides_total([report.rep_counts for report in reports])
    rates = [report.analysis.analysed_rate_hz for report in reports
             if report.analysis is not None and report.analysis.analysed_rate_hz is not None]
    return {
        "reps": total(rep_counts),
        "rep_counts": rep_counts,
        "set_reps": [total(report.rep_counts) for report in reports],
        "analysed_rate_hz": min(rates) if rates else None,
        "set_analysed_rate_hz": rates,
        "captured": s.captured, "analysed": s.analysed, "dropped": s.dropped,
        "display_fps": round(s.display_fps, 2),
        "latency_ms": [round(v, 2) for v in s.latency_ms],
        "cue_latency_ms": [round(v, 2) for v in s.cue_latency_ms],
    }


def batch_count(clip: Path, exercise: str, model: str, out: Path,
                every_frame: bool = False) -> int | None:
    """Reps counted by `formcheck check` with the same model (on every frame, if asked)."""
    with contextlib.redirect_stdout(io.StringIO()):
        code = formcheck(["check", str(clip), "-e", exercise, "--model", model, "-q",
                          "-o", str(out), *(["--every-frame"] if every_frame else [])])
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
    rates = [r["realtime"]["analysed_rate_hz"] for r in rows
             if r["realtime"]["analysed_rate_hz"] is not None]
    return {
        "clips": len(rows), "captured": captured, "analysed": analysed,
        "analysed_share": round(analysed / captured, 3) if captured else None,
        "analysed_rate_hz_mean": round(float(np.mean(rates)), 1) if rates else None,
        "analysed_rate_hz_min": round(float(np.min(rates)), 1) if rates else None,
        "display_fps_mean": round(float(np.mean(fps)), 1) if fps else None,
        "latency_ms_median": percentile(lat, 50), "latency_ms_p95": percentile(lat, 95),
        "cue_latency_ms_median": percentile(cue, 50), "cue_latency_ms_p95": percentile(cue, 95),
        "cue_events": len(cue),
    }


def _busy_loop() -> None:
    while True:
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=Path, default=REPO.parent / "shared" / "clips")
    parser.add_argument("--models", nargs="+", default=["lite", "full"])
    parser.add_argument("--schedules", nargs="+", default=["adaptive"],
                        choices=("adaptive", "newest_frame"),
                        help="how frames are chosen when analysis falls behind the camera")
    parser.add_argument("--only", help="substring a clip path must contain")
    parser.add_argument("--window", action="store_true", help="show the window (needs DISPLAY)")
    parser.add_argument("--no-compare", action="store_true",
                        help="skip the lossless and batch runs (timing only)")
    parser.add_argument("--rest-flow", action="store_true",
                        help="sessions of one rep per set with rests between")
    parser.add_argument("--no-realtime", action="store_true",
                        help="skip the real-time run (lossless and batch only)")
    parser.add_argument("--busy-core", action="store_true",
                        help="keep one core fully loaded by a busy loop during the run")
    parser.add_argument("--batch-counts", type=Path, metavar="FILE.json",
                        help="per-clip batch counts (bench_batch.py --schedule-only --counts) to "
                        "compare the real-time counts with")
    parser.add_argument("--out", type=Path, help="write all figures here as JSON")
    args = parser.parse_args(argv)

    clips = labelled_clips(args.clips, args.only)
    busy = multiprocessing.get_context("spawn").Process(target=_busy_loop, daemon=True)
    if args.busy_core:
        busy.start()
    print(f"load average before: {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores; "
          f"{len(clips)} clips; busy core: {args.busy_core}")
    runs = [(m, sched) for m in args.models for sched in args.schedules]
    rows: dict[tuple[str, str], list[dict]] = {run: [] for run in runs}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            for i, entry in enumerate(clips):
                clip = args.clips / entry["file"]
                # runs take turns going first, so a change in the machine's load
                # does not land on one of them only
                for model, schedule in runs if i % 2 == 0 else runs[::-1]:
                    rows[(model, schedule)].append(
                        _clip_row(args, entry, clip, model, schedule, work))
    finally:
        if busy.is_alive():
            busy.terminate()
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    # read at the end, so a batch run still going when this one starts can write it
    batch_counts = json.loads(args.batch_counts.read_text()) if args.batch_counts else {}
    for run_rows in rows.values():
        for row in run_rows:
            known = batch_counts.get(row["clip"], {})
            row["batch_adaptive"] = known.get("adaptive")
            row["batch_every_frame"] = known.get("every_frame")
            if known and row["realtime"]["rep_counts"] != row["batch_adaptive"]:
                print(f"differs from batch: {row['clip']} ({row['schedule']}): real time "
                      f"{row['realtime']['rep_counts']}, batch {row['batch_adaptive']}")
    results = {}
    for (model, schedule), run_rows in rows.items():
        camera = [r for r in run_rows if abs(r["source_fps"] - CAMERA_FPS) < 0.5]
        name = f"{model} {schedule}"
        results[name] = {
            "camera_30fps": summarize(camera),
            "all_clips": summarize(run_rows),
            "lossless_equals_batch": sum(r.get("lossless") == r.get("batch_all_frames")
                                         for r in run_rows),
            "realtime_equals_batch": sum(r["realtime"]["reps"] == r.get("batch")
                                         for r in run_rows),
            "realtime_equals_batch_adaptive": sum(
                r["realtime"]["rep_counts"] == r.get("batch_adaptive") for r in run_rows),
            "realtime_equals_batch_every_frame": sum(
                r["realtime"]["rep_counts"] == r.get("batch_every_frame") for r in run_rows),
            "clips": run_rows,
        }
    for name, res in results.items():
        n = len(res["clips"])
        print(f"\n{name}: 30 fps clips {json.dumps(res['camera_30fps'])}")
        print(f"{name}: all clips   {json.dumps(res['all_clips'])}")
        if not args.no_compare:
            print(f"{name}: lossless live == batch on every frame on "
                  f"{res['lossless_equals_batch']}/{n} clips; "
                  f"real-time live == batch on {res['realtime_equals_batch']}/{n}")
        if batch_counts:
            print(f"{name}: real-time counts == batch (adaptive) on "
                  f"{res['realtime_equals_batch_adaptive']}/{n} clips, == batch (every frame) on "
                  f"{res['realtime_equals_batch_every_frame']}/{n}")
    if args.out is not None:
        args.out.write_text(json.dumps(results, indent=1))
    return 0


def _clip_row(args: argparse.Namespace, entry: dict, clip: Path, model: str, schedule: str,
              work: Path) -> dict:
    """One clip in real time under one model and schedule (and, unless asked, lossless and
    in batch); printed as it is done."""
    row = {"clip": entry["file"], "label": entry["reps"], "schedule": schedule,
           "source_fps": round(source_fps(clip), 2), "load": round(os.getloadavg()[0], 2)}
    plan = REST_FLOW if args.rest_flow else ONE_SET
    row["realtime"] = rt = NOT_RUN if args.no_realtime else live_run(
        clip, entry["exercise"], model, True, args.window, work / "rt", plan,
        adaptive=schedule == "adaptive")
    if not args.no_compare:
        lossless = live_run(clip, entry["exercise"], model, False, False, work / "ll", plan)
        row["lossless"] = lossless["reps"]
        row["lossless_sets"] = lossless["set_reps"]
        row["lossless_fps"] = lossless["display_fps"]
        row["batch"] = batch_count(clip, entry["exercise"], model, work / "batch.json")
        row["batch_all_frames"] = batch_count(clip, entry["exercise"], model,
                                              work / "batch.json", every_frame=True)
    print(f"{model:5} {schedule:12} {entry['file']:45} fps {row['source_fps']:5.1f}  shown "
          f"{rt['display_fps']:5.1f}/s  analysed {rt['analysed']}/{rt['captured']} "
          f"({rt['analysed_rate_hz']}/s)  lat p50 {percentile(rt['latency_ms'], 50)} ms  "
          f"reps rt {rt['reps']} in {len(rt['set_reps'])} sets "
          f"lossless {row.get('lossless')} ({row.get('lossless_fps')}/s) "
          f"batch {row.get('batch')} (every frame {row.get('batch_all_frames')}) "
          f"label {row['label']}  load {row['load']}", flush=True)
    return row


if __name__ == "__main__":
    sys.exit(main())
