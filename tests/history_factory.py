"""A synthesized history: one patient's bird-dog sets over weeks, with check-ins.

`synthetic_history(db, patient, n)` stores `n` sets, one every `every_days` days
from `start`. Over the sets the patient improves steadily, from the first set to
the last: reps per side 6 -> 10 (the prescription asks 10 each side,
alternating), flags per set 4 -> 0, the leg line at the far point -14 -> -2
degrees on the left and -20 -> -4 on the right (the right side lags, the gap
closes), seconds per rep 8 -> 6, pain before 6 -> 2 and after 5 -> 1. Every
check-in reports pain in the buttock or thigh, centralizing, except set 5
(index 4), which is peripheralizing and felt below the knee.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from report_factory import make_report

from formcheck.history.checkin import CheckIn
from formcheck.history.store import open_history, save_session, set_checkin
from formcheck.report.document import ExerciseInfo, FlagRecord, MetricInfo, RepRecord

PERIPHERALIZING_SET = 4


def _between(first: float, last: float, share: float) -> float:
    return first + (last - first) * share


def bird_dog_report(share: float, created_at: str):
    """One bird-dog set `share` (0..1) of the way from the first set to the last."""
    per_side = round(_between(6, 10, share))
    flags_wanted = round(_between(4, 0, share))
    rep_ms = _between(8000, 6000, share)
    reps, flags = [], []
    for i in range(2 * per_side):
        side = "left" if i % 2 == 0 else "right"
        start = 500.0 + i * (rep_ms + 500)
        extreme = _between(-14, -2, share) if side == "left" else _between(-20, -4, share)
        own = []
        if len(flags) < flags_wanted and i % 3 == 1:
            own = [len(flags)]
            flags.append(FlagRecord(
                index=len(flags), constraint="leg_too_high", severity="warn",
                description="Leg reaches back no higher than the hip",
                cue="Reach your leg back, not up — stop at hip height", start_ms=start + 1500,
                end_ms=start + 3000, side=side, rep=i, hold=None, metric="leg_height",
                worst=110.0, limit=103.0, confidence=0.9))
        reps.append(RepRecord(index=i, side=side, status="counted", start_ms=start,
                              end_ms=start + rep_ms, extreme=round(extreme, 1),
                              extreme_ms=start + rep_ms / 2, confidence=0.9, flags=own))
    base = make_report(reps=0, name="Bird dog", exercise_id="bird_dog", created_at=created_at)
    exercise = ExerciseInfo(
        id="bird_dog", name="Bird dog", spec_sha256="0" * 64, views=["side", "oblique"],
        observability="", driver="leg_reach",
        metrics={"leg_reach": MetricInfo(label="leg line", unit="degrees", signed=True),
                 "leg_height": MetricInfo(label="leg height", unit="degrees")})
    return base.model_copy(update={
        "exercise": exercise, "reps": reps, "flags": flags, "checks": [],
        "rep_counts": {"left": per_side, "right": per_side},
        "source": base.source.model_copy(update={"duration_s": reps[-1].end_ms / 1000}),
    })


def synthetic_history(db: Path, patient: str, n: int, *, every_days: float = 2.0,
                      start: str = "2026-09-07T09:00:00+00:00") -> list[int]:
    """Store `n` sets of `patient` in `db` (see the module docstring); their session ids."""
    first = datetime.fromisoformat(start)
    ids = []
    for k in range(n):
        share = k / (n - 1) if n > 1 else 0.0
        when = (first + timedelta(days=k * every_days)).isoformat()
        sid = save_session(bird_dog_report(share, when), patient, db)
        peripheral = k == PERIPHERALIZING_SET
        with open_history(db) as conn:
            set_checkin(conn, sid, CheckIn(
                pain_before=round(_between(6, 2, share)), pain_after=round(_between(5, 1, share)),
                location="below-knee" if peripheral else "buttock-thigh",
                direction="peripheralizing" if peripheral else "centralizing"))
        ids.append(sid)
    return ids
