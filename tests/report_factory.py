"""Small factories of `Report` objects for the report, history and review-app tests.

`make_report()` is a squat set with `reps` counted reps 2 s apart, every
`flag_every`-th rep flagged for depth, and a 10 Hz timeline of the thigh angle
(a sine between 0 and 60 degrees, one period per rep). Its source file does not
exist, so nothing but the report is at hand.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from formcheck.pose.block import PoseBlock
from formcheck.pose.landmarks import NUM_LANDMARKS
from formcheck.pose.track import Track, save_track
from formcheck.report.document import (
    CheckSummary,
    ExerciseInfo,
    FlagRecord,
    GapRecord,
    Report,
    RepRecord,
    SourceInfo,
    Timeline,
    ViewInfo,
)

REP_MS = 2000.0


def make_report(reps: int = 3, *, flag_every: int = 1, name: str = "Squat",
                cue: str = "Sit a little deeper", description: str = "Squat depth",
                created_at: str = "2026-01-05T10:00:00+00:00", exercise_id: str = "squat",
                source_path: str = "/nonexistent/clip.mp4") -> Report:
    """A measurable squat set; see the module docstring."""
    rep_records, flags = [], []
    for i in range(reps):
        start = 500.0 + i * REP_MS
        flagged = flag_every > 0 and i % flag_every == 0
        if flagged:
            flags.append(FlagRecord(
                index=len(flags), constraint="depth", severity="info", description=description,
                cue=cue, start_ms=start, end_ms=start + 1500, side="both", rep=i, hold=None,
                metric="thigh_angle", worst=60.0, limit=70.0, confidence=0.95,
            ))
        rep_records.append(RepRecord(
            index=i, side="both", status="counted", start_ms=start, end_ms=start + 1500,
            extreme=60.0, extreme_ms=start + 750, confidence=0.95,
            flags=[len(flags) - 1] if flagged else [],
        ))
    duration_ms = 500.0 + reps * REP_MS
    t = [i * 100.0 for i in range(int(duration_ms // 100) + 1)]
    thigh = [round(30 - 30 * math.cos(2 * math.pi * (x - 500) / REP_MS), 2) for x in t]
    return Report(
        formcheck_version="0.1.0", created_at=created_at,
        source=SourceInfo(path=source_path, kind="video", frames=int(duration_ms / 40),
                          frames_with_person=int(duration_ms / 40),
                          duration_s=duration_ms / 1000, fps=25.0, image_size=(1280, 720)),
        model="full",
        exercise=ExerciseInfo(id=exercise_id, name=name, spec_sha256="0" * 64,
                              views=["side", "front"], observability=""),
        options={"exercise": exercise_id},
        view=ViewInfo(observed="front", yaw_deg=3.0, supported=["side", "front"], ok=True),
        measurable=True, not_measurable_reason=None,
        rep_counts={"both": reps}, reps=rep_records, holds=[], flags=flags, gaps=[],
        checks=[CheckSummary(constraint="depth", description=description, observability="",
                             checked_s=duration_ms / 1000, unmeasured_s=0, flags=len(flags))],
        timeline=Timeline(t_ms=t, metrics={"thigh_angle": thigh}),
    )


def not_measurable_report() -> Report:
    """A set where every rep attempt was not measurable (person out of frame)."""
    base = make_report(reps=0)
    attempts = [
        RepRecord(index=i, side="both", status="not_measurable", start_ms=i * 1000.0,
                  end_ms=i * 1000.0 + 800, extreme=None, extreme_ms=None, confidence=0.1,
                  reason="knees out of frame")
        for i in range(2)
    ]
    return base.model_copy(update={
        "measurable": False, "not_measurable_reason": "the legs were out of frame",
        "rep_counts": None, "reps": attempts,
        "gaps": [GapRecord(start_ms=0, end_ms=2000, reason="no person in view")],
        "checks": [CheckSummary(constraint="depth", description="Squat depth",
                                observability="needs the legs in view", checked_s=0,
                                unmeasured_s=2, flags=0)],
    })


def still_track(path: Path, seconds: float = 12.0) -> Path:
    """A landmark track of a body standing still, 25 frames/s, saved at `path`.

    Every landmark is seen, on the picture's vertical midline (x = 0.5) from the
    top (y = 0.2) down (y = 0.9) in landmark order.
    """
    n = int(seconds * 25)
    xy = np.full((n, NUM_LANDMARKS, 2), 0.5)
    xy[:, :, 1] = np.linspace(0.2, 0.9, NUM_LANDMARKS)
    poses = PoseBlock(
        frame_index=np.arange(n), timestamp_ms=np.arange(n) * 40.0, image_xy=xy,
        image_z=np.zeros((n, NUM_LANDMARKS)), visibility=np.ones((n, NUM_LANDMARKS)),
        presence=np.ones((n, NUM_LANDMARKS)), world_xyz=np.zeros((n, NUM_LANDMARKS, 3)),
    )
    save_track(Track(poses, meta={"image_size": [1280, 720]}), path)
    return path
