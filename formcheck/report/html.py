"""One self-contained HTML page per report, for a physical therapist.

Everything is inline (styles, charts as SVG, stills as data URIs, replay data as
JSON with a few lines of script), so the file opens offline and can be mailed.
All text from the report, the exercise file or the user is escaped by Jinja's
autoescaping; embedded JSON is made safe for a ``<script>`` element.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from formcheck.errors import UserError
from formcheck.pose.landmarks import SKELETON_EDGES
from formcheck.report.adherence import adherence
from formcheck.report.charts import key_metrics, timeline_svg
from formcheck.report.document import FlagRecord, Report
from formcheck.report.media import Media, video_stills
from formcheck.report.moments import worst_moment_ms
from formcheck.report.review import FlagReview
from formcheck.report.skeleton import frame_at, replay, skeleton_svg
from formcheck.report.stills import pose_drawer
from formcheck.report.write import write_text_atomic
from formcheck.spec import find_exercise, load_exercise, spec_digest
from formcheck.spec.language import ExerciseSpec
from formcheck.spec.units import format_clock

MAX_MOMENTS = 100


@dataclass
class Moment:
    """A flagged moment as shown: the flag, when, its picture and its replay key."""

    flag: FlagRecord
    t_ms: float
    picture_uri: str | None
    picture_svg: str | None
    replay_key: str | None


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("formcheck.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["clock"] = format_clock
    return env


def script_json(data: object) -> str:
    """JSON safe to place inside a ``<script type="application/json">`` element."""
    text = json.dumps(data, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def exercise_rules(report: Report) -> tuple[ExerciseSpec | None, str | None]:
    """The exercise file behind the report, and a note when it is missing or changed."""
    try:
        path = find_exercise(report.exercise.id)
        spec = load_exercise(path)
    except UserError as exc:
        return None, f"The exercise rules could not be loaded ({exc}); prescription unknown."
    if spec_digest(path) != report.exercise.spec_sha256:
        return spec, ("The exercise file has changed since this report was made; bands and "
                      "prescription shown are those of the current file.")
    return spec, None


def _moments(report: Report, media: Media, limit: int) -> tuple[list[Moment], dict[str, dict]]:
    """Pictures and replays for the first `limit` flags."""
    shown = report.flags[:limit]
    times = [worst_moment_ms(report, f) for f in shown]
    stills: dict[int, str] = {}
    frame_of: list[int | None] = [None] * len(shown)
    poses = media.poses
    if media.video is not None and shown:
        if poses is not None:
            rows = [frame_at(poses, t) for t in times]
            frame_of = [int(poses.frame_index[r]) for r in rows]
            draw = pose_drawer(poses, dict(zip(frame_of, rows, strict=True)))
        else:
            fps = report.source.fps or 30.0
            frame_of = [int(round(t / 1000.0 * fps)) for t in times]
            draw = None
        stills = video_stills(media.video, [f for f in frame_of if f is not None], draw)
    replays: dict[str, dict] = {}
    moments = []
    for flag, t, frame in zip(shown, times, frame_of, strict=True):
        uri = stills.get(frame) if frame is not None else None
        svg = None
        key = None
        if poses is not None:
            if uri is None:
                svg = skeleton_svg(poses, t, faulty=True,
                                   label=f"Skeleton at {format_clock(t)}: {flag.description}")
            span = _span(report, flag)
            key = f"r{span[0]:.0f}-{span[1]:.0f}"
            if key not in replays:
                replays[key] = replay(poses, *span).to_json()
        moments.append(Moment(flag, t, uri, svg, key))
    return moments, replays


def _span(report: Report, flag: FlagRecord) -> tuple[float, float]:
    """The rep or hold a flag belongs to, else the flag itself, in ms."""
    if flag.rep is not None:
        rep = report.reps[flag.rep]
        return rep.start_ms, rep.end_ms
    if flag.hold is not None:
        hold = report.holds[flag.hold]
        return hold.start_ms, hold.end_ms
    return flag.start_ms, max(flag.end_ms, flag.start_ms + 1000.0)


def render_html(report: Report, media: Media, *,
                reviews: Mapping[int, FlagReview] | None = None,
                max_moments: int = MAX_MOMENTS) -> str:
    """The report as one self-contained HTML page.

    Args:
        report: the checked set.
        media: video and track at hand (see `formcheck.report.media.find_media`).
        reviews: a therapist's decisions by flag index, shown beside each flag.
        max_moments: pictures and replays are made for at most this many flags;
            the rest are listed without them, and the page says so.
    """
    spec, rules_note = exercise_rules(report)
    moments, replays = _moments(report, media, max_moments)
    charts = [(label, timeline_svg(report, spec, label)) for label in key_metrics(report, spec)]
    return _environment().get_template("report.html.j2").render(
        report=report,
        spec=spec,
        rules_note=rules_note,
        adherence=adherence(report, spec) if spec is not None else None,
        moments=moments,
        more_flags=max(0, len(report.flags) - len(moments)),
        charts=charts,
        reviews=dict(reviews or {}),
        missing=media.missing,
        unchecked=[c for c in report.checks if c.checked_s == 0],
        not_counted=[r for r in report.reps if r.status != "counted"],
        replay_json=script_json({
            "edges": [[int(a), int(b)] for a, b in SKELETON_EDGES],
            "reps": replays,
        }),
        generated=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    )


def write_html(report: Report, media: Media, out: Path, **options) -> int:
    """Render and write the page atomically; returns its size in bytes."""
    text = render_html(report, media, **options)
    write_text_atomic(out, text)
    return len(text.encode("utf-8"))
