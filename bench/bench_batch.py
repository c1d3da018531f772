"""Throughput of batch checking on a named clip set: model, pipeline, replay, workers.

Usage:
    python bench/bench_batch.py --exercises squat push_up --model full --write
    python bench/bench_batch.py --skip-scaling            # quick, one pass

Clip set: the clips of ``labels.toml`` (in ``--clips``) whose exercise is listed,
each checked against that exercise. Figures, all over the whole set:

(a) model: ``MediaPipePoseBackend.detect`` alone on frames already decoded and
    converted to RGB in memory (decoded in chunks of 256 frames, untimed; model
    creation untimed), as in ``bench_model.py`` but over the set; (a') the same
    with the landmarker made and run on one core, as the pipeline runs it;
(b) pipeline: :func:`formcheck.session.runner.run_recording` on each video writing
    its report, run as a one-worker batch runs it (inference kept on one core,
    decoding on the other, each next landmarker built and next video opened
    during the clip before):
    decode (threaded), BGR->RGB, inference, rules, report.
    (a), (a') and (b) alternate clip by clip, `--rounds` times, fastest run
    counting; CPU ms/frame is the process's CPU time (all threads) per frame;
(c) replay: the engine alone on the cached landmark tracks of the same clips
    (``--tracks``; see ``extract_tracks.py``), and ``run_recording`` on them;
(e) with ``--schedule-only``: ``--every-frame`` against the default adaptive
    schedule, each clip run both ways back to back as (b) runs it; the
    ratio of frames of video per second, and whether rep counts and flagged
    (rep, check) pairs agree (flags moved by more than 0.2 s are listed);
(f) with ``--replay``: (e)'s comparison of results without the model or timing,
    both schedules replayed from the cached tracks (``--tracks``), with the share
    of frames analysed and the rule that asked for each; quick, for tuning;
(d) scaling: ``formcheck check --manifest --every-frame`` in a fresh process with 1 and 2
    workers, and with 1 worker held to one core; wall time, and the peak RSS
    (VmHWM) of each process of the run. As the ceiling for it, (a) in one and in
    two processes at once, each held to its own core, the two inferring in step
    (each decodes a chunk untimed, then both time their inference of it together),
    so the figure shows what sharing the machine's cache and memory costs the model
    itself.

Frames/s counts source frames; the real-time factor is seconds of video per
second of processing (above 1 = faster than real time). With ``--write [FILE]``
the figures and a description of the machine go to ``bench/RESULTS.md`` (or FILE).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import math
import multiprocessing
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import cv2
import mediapipe
from extract_tracks import track_name

from formcheck.analysis.engine import Engine
from formcheck.analysis.schedule import AnalysisSchedule
from formcheck.pose.mediapipe_backend import MediaPipePoseBackend
from formcheck.pose.track import load_track
from formcheck.pose.weights import resolve_model
from formcheck.report.document import Report
from formcheck.report.write import read_report
from formcheck.session.cores import worker_cores
from formcheck.session.exercise import ResolvedExercise
from formcheck.session.options import CheckOptions
from formcheck.session.pipeline import Observed, analyze
from formcheck.session.prefetch import ReaderPrefetch
from formcheck.session.recording import Recording
from formcheck.session.runner import expect_next, run_recording
from formcheck.session.sources import observe_scheduled, observe_track
from formcheck.session.supply import BackendSupply
from formcheck.video import VideoReader

REPO = Path(__file__).resolve().parent.parent
CHUNK = 256


@dataclass(frozen=True)
class Clip:
    """One clip of the set: its path, exercise, frame count and length in seconds."""

    rel: str
    path: Path
    exercise: ResolvedExercise
    frames: int
    video_s: float


@dataclass(frozen=True)
class Rate:
    """Frames processed in some seconds, with the seconds of video they cover."""

    frames: int
    seconds: float
    video_s: float
    cpu_s: float | None = None

    @property
    def fps(self) -> float:
        """Frames per second."""
        return self.frames / self.seconds

    @property
    def rtf(self) -> float:
        """Real-time factor: seconds of video per second of processing."""
        return self.video_s / self.seconds

    def line(self, label: str) -> str:
        """A table row: label, frames, seconds, frames/s, real-time factor, CPU ms/frame."""
        cpu = "" if self.cpu_s is None else f"{1000 * self.cpu_s / self.frames:.1f}"
        return (f"| {label} | {self.frames} | {self.seconds:.2f} | {self.fps:,.1f} | "
                f"{self.rtf:,.1f} | {cpu} |")


def load_clips(clips_dir: Path, exercises: list[str] | None) -> list[Clip]:
    """The labelled clips whose exercise is in `exercises` (all when None)."""
    labels = tomllib.loads((clips_dir / "labels.toml").read_text())
    resolved: dict[str, ResolvedExercise] = {}
    clips = []
    for entry in labels["clip"]:
        if exercises is not None and entry["exercise"] not in exercises:
            continue
        exercise = resolved.setdefault(
            entry["exercise"], ResolvedExercise.resolve(entry["exercise"])
        )
        path = clips_dir / entry["file"]
        with VideoReader(path) as reader:
            frames, last_ms = 0, 0.0
            for frame in reader:
                frames, last_ms = frames + 1, frame.timestamp_ms
            video_s = last_ms / 1000.0 + 1.0 / reader.info.fps
        clips.append(Clip(entry["file"], path, exercise, frames, video_s))
    return clips


def rgb_chunks(path: Path) -> Iterator[list[tuple[int, float, object]]]:
    """The clip's frames as (index, timestamp ms, RGB array), CHUNK at a time."""
    with VideoReader(path) as reader:
        frames = iter(reader)
        while chunk := list(islice(frames, CHUNK)):
            yield [(f.index, f.timestamp_ms, cv2.cvtColor(f.bgr, cv2.COLOR_BGR2RGB))
                   for f in chunk]


def bare_model(clip: Clip, model: Path, person: str, pinned: bool) -> tuple[float, float]:
    """(a) on one clip: (wall, CPU) seconds of detect() alone on decoded RGB frames.

    Decoding, conversion and model creation are not timed. `pinned`: the
    landmarker is made and run on one core, as the pipeline's inference is.
    """
    wall = cpu = 0.0
    placement = worker_cores(0, 1) if pinned else contextlib.nullcontext()
    with placement, MediaPipePoseBackend(model, person_policy=person) as backend:
        for chunk in rgb_chunks(clip.path):
            start, start_cpu = time.perf_counter(), time.process_time()
            for index, ms, rgb in chunk:
                backend.detect(rgb, ms, index)
            wall += time.perf_counter() - start
            cpu += time.process_time() - start_cpu
    return wall, cpu


def pipeline(
    clip: Clip, options: CheckOptions, out_dir: Path, backends: BackendSupply,
    readers: ReaderPrefetch,
) -> tuple[float, float]:
    """(b) on one clip: (wall, CPU) seconds of run_recording writing the report.

    Run as a one-worker batch runs it: inference on one core, decoding on the
    other, the landmarker taken from `backends` and the opened video from
    `readers` (both prepared during the clip before).
    """
    with worker_cores(0, 1):
        start, start_cpu = time.perf_counter(), time.process_time()
        run_recording(clip.path, clip.exercise, options, outputs={"json": out_dir / "report.json"},
                      backends=backends, videos=readers)
        return time.perf_counter() - start, time.process_time() - start_cpu


def model_and_pipeline(
    clips: list[Clip], model: Path, options: CheckOptions, out_dir: Path, rounds: int
) -> tuple[Rate, Rate, Rate]:
    """(a), (a') and (b) over the set, each clip measured all ways one after the other.

    Interleaving keeps load from other processes alike for the measures; each
    clip counts with its fastest of `rounds` runs of each.
    """
    best: list[dict[int, tuple[float, float]]] = [{}, {}, {}]
    backends = BackendSupply()
    readers = ReaderPrefetch(backends.later)
    try:
        for _ in range(rounds):
            for i, clip in enumerate(clips):
                following = clips[(i + 1) % len(clips)]
                expect_next(readers, following.path, options)
                runs = (bare_model(clip, model, options.person, pinned=False),
                        bare_model(clip, model, options.person, pinned=True),
                        pipeline(clip, options, out_dir, backends, readers))
                for measure, run in zip(best, runs, strict=True):
                    measure[i] = min(measure.get(i, (math.inf, 0.0)), run)
    finally:
        readers.close()
        backends.close()
    frames = sum(c.frames for c in clips)
    video_s = sum(c.video_s for c in clips)

    def total(measure: dict[int, tuple[float, float]]) -> Rate:
        return Rate(frames, sum(w for w, _ in measure.values()), video_s,
                    sum(c for _, c in measure.values()))

    bare, pinned, piped = (total(measure) for measure in best)
    return bare, pinned, piped


def _bare_in_step(
    core: int, paths: list[Path], model: Path, person: str, step: object, results: object
) -> None:
    """One process of :func:`bare_processes`: (a) on `paths`, held to `core`.

    Puts (frames, inference seconds) on `results`; waits at the barrier `step`
    before each chunk so every process infers its chunk at the same time.
    """
    os.sched_setaffinity(0, {core})
    frames, seconds = 0, 0.0
    with MediaPipePoseBackend(model, person_policy=person) as backend:
        for path in paths:
            for chunk in rgb_chunks(path):
                step.wait()
                start = time.perf_counter()
                for index, ms, rgb in chunk:
                    backend.detect(rgb, ms, index)
                seconds += time.perf_counter() - start
                frames += len(chunk)
    results.put((frames, seconds))


def bare_processes(clips: list[Clip], model: Path, person: str, count: int) -> float:
    """Frames/s of (a) summed over `count` processes running it at once, one per core.

    Every process runs the whole set with a fresh landmarker (one for the set, not
    one per clip: creation is not the point here).
    """
    context = multiprocessing.get_context("spawn")
    step, results = context.Barrier(count), context.Queue()
    cores = sorted(os.sched_getaffinity(0))
    paths = [c.path for c in clips]
    processes = [context.Process(target=_bare_in_step,
                                 args=(cores[i % len(cores)], paths, model, person, step, results))
                 for i in range(count)]
    for process in processes:
        process.start()
    rates = [frames / seconds for frames, seconds in (results.get() for _ in processes)]
    for process in processes:
        process.join()
    return sum(rates)


def model_creation_s(model: Path, person: str, repeat: int = 5) -> float:
    """Mean seconds to create and close one landmarker."""
    start = time.perf_counter()
    for _ in range(repeat):
        with MediaPipePoseBackend(model, person_policy=person):
            pass
    return (time.perf_counter() - start) / repeat


def replay(clips: list[Clip], tracks_dir: Path, out_dir: Path) -> tuple[Rate, Rate]:
    """(c): the engine alone on in-memory tracks, and run_recording on the track files."""
    paths = [tracks_dir / track_name(c.rel) for c in clips]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise SystemExit(f"no cached track {missing[0]}; run bench/extract_tracks.py first")
    tracks = [load_track(p) for p in paths]
    frames = sum(len(t) for t in tracks)
    video_s = sum(c.video_s for c in clips)
    start = time.perf_counter()
    for clip, track in zip(clips, tracks, strict=True):
        analyze(observe_track(track), Engine(clip.exercise.spec))
    engine = Rate(frames, time.perf_counter() - start, video_s)
    start = time.perf_counter()
    for i, (clip, path) in enumerate(zip(clips, paths, strict=True)):
        run_recording(path, clip.exercise, CheckOptions(), outputs={"json": out_dir / f"t{i}.json"})
    whole = Rate(frames, time.perf_counter() - start, video_s)
    return engine, whole


def _children(pid: int) -> list[int]:
    """Direct children of `pid` (pool workers are children of the batch process)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def batch_run(
    manifest: Path, workers: int, model: str, person: str, out_dir: Path,
    cores: frozenset[int] | None = None,
) -> tuple[float, float, list[tuple[str, float]]]:
    """(d): one `formcheck check --manifest` run in a fresh process (on `cores`: all).

    Returns:
        (wall seconds, CPU seconds of the run's processes, [(role, peak RSS MB)])
        with role "driver" or "worker"; with one worker the driver is the worker.
    """
    cpu_before = _children_cpu_s()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "formcheck", "check", "--manifest", str(manifest),
               "--model", model, "--person", person, "--out-dir", str(out_dir),
               "--workers", str(workers), "--every-frame", "-q"]
    start = time.perf_counter()
    place = None if cores is None else (lambda: os.sched_setaffinity(0, cores))
    proc = subprocess.Popen(command, cwd=REPO, env=env, preexec_fn=place)
    peaks: dict[int, float] = {}
    roles = {proc.pid: "driver"}
    while proc.poll() is None:
        for pid in [proc.pid, *_children(proc.pid)]:
            role = roles.get(pid) or _role(pid)  # a fresh child may not have exec'd yet
            if role is None:
                continue
            roles[pid] = role
            rss = _peak_rss_mb(pid)
            if rss is not None:
                peaks[pid] = max(rss, peaks.get(pid, 0.0))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"batch with {workers} workers failed (exit {proc.returncode})")
    cpu = _children_cpu_s() - cpu_before
    return seconds, cpu, [(roles[pid], mb) for pid, mb in peaks.items()]


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _role(pid: int) -> str | None:
    """"worker" for a process-pool worker; None for anything else (helpers, tools)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return "worker" if b"spawn_main" in command else None


def machine() -> list[str]:
    """A description of this machine and the software measured."""
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return [
        f"- CPU: {cpu}, {os.cpu_count()} logical cores available",
        f"- memory: {mem_kb / 1024 / 1024:.0f} GiB; {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, mediapipe {mediapipe.__version__}, "
        f"OpenCV {cv2.__version__}",
    ]


def load() -> str:
    """The 1, 5 and 15 minute load averages."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def throughput(
    clips: list[Clip], model_path: Path, options: CheckOptions, tracks_dir: Path,
    out: Path, rounds: int,
) -> tuple[list[str], list[str]]:
    """(a), (a'), (b) and (c): the table's lines and the notes below it (also printed)."""
    frames = sum(c.frames for c in clips)
    lines = ["| measure | frames | seconds | frames/s | real-time factor | CPU ms/frame |",
             "|---|---:|---:|---:|---:|---:|"]
    model, pinned, piped = model_and_pipeline(clips, model_path, options, out, rounds)
    lines.append(model.line("(a) bare model, decoded frames in memory"))
    lines.append(pinned.line("(a') bare model, kept on one core"))
    lines.append(piped.line("(b) pipeline: decode + inference + rules + report"))
    print("\n".join(lines[-3:]), flush=True)
    creation = model_creation_s(model_path, options.person)
    engine, whole = replay(clips, tracks_dir, out)
    lines.append(engine.line("(c) replay: engine on in-memory tracks"))
    lines.append(whole.line("(c') replay: run_recording on track files + report"))
    print("\n".join(lines[-2:]), flush=True)
    notes = [
        f"- pipeline / bare model: {piped.fps / model.fps:.1%}; "
        f"pipeline / bare model kept on one core: {piped.fps / pinned.fps:.1%}",
        f"- landmarker creation: {creation * 1000:.0f} ms per clip when not built "
        "ahead (bare model runs exclude it; the pipeline builds the next clip's "
        "during the clip before)",
        f"- engine cost per frame in replay: {1e6 / engine.fps:.0f} µs",
        f"- CPU per frame, pipeline - bare model: "
        f"{1000 * (piped.cpu_s - model.cpu_s) / frames:.1f} ms (decoding, BGR->RGB, "
        "rules, report)",
    ]
    print("\n".join(notes), flush=True)
    return lines, notes


def scaling(clips: list[Clip], model: str, person: str, out: Path) -> list[str]:
    """(d): table lines for one and two worker processes (also printed)."""
    frames = sum(c.frames for c in clips)
    manifest = out / "manifest.csv"
    with manifest.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["file", "exercise"])
        writer.writerows([str(c.path), c.exercise.name] for c in clips)
    lines = ["", "| workers | wall seconds | frames/s | speed-up | CPU seconds | "
                 "cores used | peak RSS (MB) |", "|---:|---:|---:|---:|---:|---:|---|"]
    one_core = frozenset(sorted(os.sched_getaffinity(0))[:1])
    base = None
    for workers, cores in ((1, None), (2, None), (1, one_core)):
        seconds, cpu, peaks = batch_run(manifest, workers, model, person,
                                        out / f"w{workers}{'c' if cores else ''}", cores)
        if base is None:
            base = seconds
        shown = ", ".join(f"{role} {mb:.0f}" for role, mb in peaks)
        label = f"{workers}" if cores is None else f"{workers}, on one core"
        lines.append(f"| {label} | {seconds:.1f} | {frames / seconds:.1f} | "
                     f"{base / seconds:.2f}x | {cpu:.1f} | {cpu / seconds:.2f} | {shown} |")
        print(lines[-1], flush=True)
    model_path = resolve_model(model)
    alone, together = (bare_processes(clips, model_path, person, n) for n in (1, 2))
    lines += ["", "| bare model (a), each process on its own core | frames/s | speed-up |",
              "|---|---:|---:|",
              f"| 1 process | {alone:.1f} | 1.00x |",
              f"| 2 processes at once | {together:.1f} | {together / alone:.2f}x |"]
    print("\n".join(lines[-2:]), flush=True)
    lines.append("")
    lines.append("Speed-up is against one worker free to use every core (it decodes on the "
                 "core it does not infer on). Cores used = CPU seconds / wall seconds of the "
                 "run's processes; below the worker count means other work on the machine "
                 "took the rest")
    return lines


def _flag_spans(report: Report) -> dict[tuple[int | None, str], list[tuple[float, float]]]:
    spans: dict[tuple[int | None, str], list[tuple[float, float]]] = {}
    for flag in report.flags:
        spans.setdefault((flag.rep, flag.constraint), []).append((flag.start_ms, flag.end_ms))
    return spans


def _compare(rel: str, every: Report, adaptive: Report, differ: list[str],
             moved: list[str]) -> None:
    """Add to `differ` a line for the clip `rel` if its rep counts or flagged (rep, check)
    pairs differ between the two reports, and to `moved` one per flag moved by > 0.2 s."""
    a, b = _flag_spans(every), _flag_spans(adaptive)
    if every.rep_counts != adaptive.rep_counts or set(a) != set(b):
        differ.append(f"- {rel}: reps {every.rep_counts} / {adaptive.rep_counts}, "
                      f"flags {sorted(a, key=str)} / {sorted(b, key=str)}")
    for key in set(a) & set(b):
        for (s0, e0), (s1, e1) in zip(a[key], b[key], strict=False):
            if max(abs(s0 - s1), abs(e0 - e1)) > 200.0:
                moved.append(f"- {rel}: rep {key[0]}, {key[1]}: "
                             f"{s0:.0f}-{e0:.0f} ms -> {s1:.0f}-{e1:.0f} ms")


def _results_lines(clips: list[Clip], differ: list[str], moved: list[str]) -> list[str]:
    return [f"Results: {len(clips) - len(differ)} of {len(clips)} clips give the same rep "
            "counts and flagged (rep, check) pairs.",
            *(differ or ["- no clip differs"]),
            "", "Flags that moved by more than 0.2 s:", *(moved or ["- none"])]


def replay_schedule(clips: list[Clip], tracks_dir: Path) -> tuple[list[str], list[str]]:
    """Every frame against the adaptive schedule, both replayed from the cached tracks.

    Untimed and without the model: the frames the schedule passes over get the
    landmarks between the analysed ones (as a video checked by default does), the
    analysed ones keep the track's. What it cannot show is the model's tracker
    answering a little differently after skipped frames; the timed run
    (``--schedule-only``) shows that. Quick, for tuning the schedule: the results
    compared as there, the share of frames analysed, and the rule that asked for
    each analysed frame.
    """
    differ: list[str] = []
    moved: list[str] = []
    asked: Counter[str] = Counter()
    frames = analysed = 0
    for clip in clips:
        path = tracks_dir / track_name(clip.rel)
        track = load_track(path)
        recording = Recording(clip.exercise, path=str(path), kind="track", fps=None,
                              image_size=None, model=None, options={}, track=track)
        spec = clip.exercise.spec
        every = recording.report(analyze(observe_track(track), Engine(spec)))
        engine = Engine(spec)
        schedule = AnalysisSchedule(spec, engine.decision_limits,
                                    end_ms=float(track.poses.timestamp_ms[-1]),
                                    outside=engine.checks_outside)
        blocks = 0

        def counted(observed: Iterator[Observed]) -> Iterator[Observed]:
            nonlocal blocks
            for block in observed:
                blocks += 1  # each block ends with its one analysed frame
                yield block

        adaptive = recording.report(analyze(counted(observe_scheduled(track.poses, schedule)),
                                            engine, schedule=schedule))
        _compare(clip.rel, every, adaptive, differ, moved)
        frames, analysed = frames + len(track), analysed + blocks
        asked.update(schedule.asked_by)
        print(f"{clip.rel}: {blocks} of {len(track)} frames analysed; reps "
              f"{every.rep_counts} / {adaptive.rep_counts}", flush=True)
    lines = [
        f"Replayed from the tracks in {tracks_dir} (untimed): {analysed} of {frames} frames "
        f"analysed ({analysed / frames:.1%}).", "",
        "| rule that asked for the frame | frames | share of analysed |", "|---|---:|---:|",
        *(f"| {rule} | {n} | {n / analysed:.1%} |" for rule, n in asked.most_common()),
        f"| first and last frame of each clip | {analysed - sum(asked.values())} | |",
        "", *_results_lines(clips, differ, moved),
    ]
    print("\n".join(lines), flush=True)
    return lines, []


def schedule_comparison(clips: list[Clip], model: str, person: str, out: Path,
                        counts: dict[str, dict[str, object]] | None = None,
                        reference: Path | None = None) -> tuple[list[str], list[str]]:
    """Every-frame against the default adaptive schedule, clip by clip, back to back.

    Both run :func:`pipeline` (one worker, full pipeline writing the report); the
    figures are frames of video per second over the set. The results compared are
    the rep counts and the set of flagged (rep, check) pairs; a flag whose start
    or end moved by more than 0.2 s is listed. `counts`, if given, is filled with
    each clip's rep counts under both schedules.

    With `reference` (a folder of the clips' every-frame landmark tracks from the
    same model, see ``extract_tracks.py``), the every-frame results are the
    replays of those tracks, which is what every-frame inference gives, and only
    the adaptive runs are timed (no ratio): half the work, for checking results.
    """
    modes = {"every_frame": CheckOptions(model=model, person=person, every_frame=True),
             "adaptive": CheckOptions(model=model, person=person)}
    seconds = dict.fromkeys(modes, 0.0)
    cpu = dict.fromkeys(modes, 0.0)
    analysed = dict.fromkeys(modes, 0)
    differ: list[str] = []
    moved: list[str] = []
    backends = BackendSupply()
    readers = ReaderPrefetch(backends.later)
    try:
        for i, clip in enumerate(clips):
            reports = {}
            for name, options in modes.items():
                folder = out / name
                folder.mkdir(exist_ok=True)
                following = clips[(i + 1) % len(clips)] if name == "adaptive" else clip
                expect_next(readers, following.path,
                            modes["every_frame" if name == "adaptive" else "adaptive"])
                if reference is not None and name == "every_frame":
                    run_recording(reference / track_name(clip.rel), clip.exercise, options,
                                  outputs={"json": folder / "report.json"})
                    reports[name] = read_report(folder / "report.json")
                    analysed[name] += reports[name].source.frames
                    continue
                wall, used = pipeline(clip, options, folder, backends, readers)
                seconds[name] += wall
                cpu[name] += used
                reports[name] = read_report(folder / "report.json")
                analysed[name] += reports[name].analysis.frames_analysed  # type: ignore[union-attr]
            every, adaptive = reports["every_frame"], reports["adaptive"]
            if counts is not None:
                counts[clip.rel] = {name: r.rep_counts for name, r in reports.items()}
            _compare(clip.rel, every, adaptive, differ, moved)
            print(f"{clip.rel}: every frame {seconds['every_frame']:.1f} s, adaptive "
                  f"{seconds['adaptive']:.1f} s so far", flush=True)
    finally:
        readers.close()
        backends.close()
    frames = sum(c.frames for c in clips)
    video_s = sum(c.video_s for c in clips)
    rates = {name: Rate(frames, seconds[name], video_s, cpu[name]) for name in modes}
    timed = [name for name in modes if seconds[name] > 0]
    ratio = (f"Adaptive / every-frame frames of video per second: "
             f"**{rates['adaptive'].fps / rates['every_frame'].fps:.2f}x** (target >= 1.8x)."
             if len(timed) == 2 else
             f"Every-frame results replayed from the tracks in {reference} (not timed); "
             f"frames analysed every frame: {analysed['every_frame']}.")
    lines = [
        "| schedule | frames analysed | frames | seconds | frames/s | real-time factor | "
        "CPU ms/frame |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *(rates[name].line(f"{name} | {analysed[name]}") for name in timed),
        "", ratio, "",
        *_results_lines(clips, differ, moved),
    ]
    print("\n".join(lines), flush=True)
    return lines, []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=Path, default=REPO.parent / "shared" / "clips")
    parser.add_argument("--exercises", nargs="+", default=None,
                        help="exercise ids whose clips form the set (default: all labelled)")
    parser.add_argument("--model", default="full", help="lite, full or heavy")
    parser.add_argument("--person", default="single")
    parser.add_argument("--tracks", type=Path, default=None,
                        help="cached tracks of the clips (default /work/cache/tracks/MODEL)")
    parser.add_argument("--rounds", type=int, default=2,
                        help="runs of (a) and (b) per clip; the fastest counts")
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument("--scaling-only", action="store_true",
                        help="measure only (d), e.g. for a slow model")
    parser.add_argument("--schedule-only", action="store_true",
                        help="measure only every-frame against the default adaptive schedule")
    parser.add_argument("--reference-tracks", action="store_true",
                        help="with --schedule-only: take the every-frame results from the cached "
                        "tracks (--tracks) instead of running the model on every frame; untimed")
    parser.add_argument("--replay", action="store_true",
                        help="replay the cached tracks (--tracks) every frame and through the "
                        "default schedule, untimed, and compare the results (quick, for tuning)")
    parser.add_argument("--counts", type=Path, metavar="FILE.json",
                        help="with --schedule-only: also write each clip's rep counts under "
                        "both schedules (to compare live mode with, see bench_live.py)")
    parser.add_argument("--write", nargs="?", type=Path, const=REPO / "bench" / "RESULTS.md",
                        metavar="FILE", help="write the results (default file bench/RESULTS.md)")
    args = parser.parse_args(argv)
    tracks_dir = args.tracks or Path("/work/cache/tracks") / args.model

    load_before = load()
    clips = load_clips(args.clips, args.exercises)
    frames = sum(c.frames for c in clips)
    video_s = sum(c.video_s for c in clips)
    names = ", ".join(sorted({c.exercise.name for c in clips}))
    print(f"{len(clips)} clips ({names}), {frames} frames, {video_s:.1f} s of video; "
          f"model {args.model}, person {args.person}; load {load_before}", flush=True)
    model_path = resolve_model(args.model)
    options = CheckOptions(model=args.model, person=args.person, every_frame=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        lines, notes = [], []
        if args.replay:
            lines, notes = replay_schedule(clips, tracks_dir)
        elif args.schedule_only:
            counts: dict[str, dict[str, object]] = {}
            lines, notes = schedule_comparison(clips, args.model, args.person, out, counts,
                                               tracks_dir if args.reference_tracks else None)
            if args.counts is not None:
                args.counts.write_text(json.dumps(counts, indent=1), encoding="utf-8")
        elif not args.scaling_only:
            lines, notes = throughput(clips, model_path, options, tracks_dir, out, args.rounds)
        if not (args.skip_scaling or args.schedule_only or args.replay):
            lines += scaling(clips, args.model, args.person, out)
    load_after = load()
    print(f"load average before: {load_before}; after: {load_after}")
    if args.write is not None:
        command = " ".join(["python bench/bench_batch.py", *(argv or sys.argv[1:])])
        text = "\n".join([
            "# Batch checking benchmark", "",
            f"Produced by `{command}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
            "", "## Machine", *machine(),
            f"- load average (1, 5, 15 min) before: {load_before}; after: {load_after} "
            "(the machine is shared; other work running at the same time lowers the figures)",
            "", "## Clip set",
            f"{len(clips)} labelled clips from `../shared/clips` ({names}): {frames} frames, "
            f"{video_s:.1f} s of video; model `{args.model}`, person policy `{args.person}`.",
            "", "## Results", *lines, "", *notes, "",
        ])
        args.write.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
