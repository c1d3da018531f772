"""One self-contained HTML page per report, for a physical therapist.

Everything is inline (styles, charts as SVG, stills and looping clips as data
URIs, replay data as JSON with a few lines of script), so the file opens offline
and can be mailed. Flags are shown as cards, one per rep and check (see
:mod:`formcheck.report.cards`); a therapist's adjustment of a check for the
patient (`CheckSummary.adjustment`) is shown beside the check and on its cards.
All text from the report, the exercise file or the user is escaped by Jinja's
autoescaping; embedded JSON is made safe for a ``<script>`` element.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from formcheck.errors import UserError
from formcheck.pose.landmarks import SKELETON_EDGES
from formcheck.report.adherence import adherence, prescription_text
from formcheck.report.card_views import card_views
from formcheck.report.cards import FlagCard, card_of_flag, flag_cards
from formcheck.report.charts import chart_metrics, timeline_svg
from formcheck.report.document import CheckSummary, Report, RepRecord
from formcheck.report.media import Media
from formcheck.report.moments import range_reached
from formcheck.report.review import FlagReview
from formcheck.report.wording import (
    not_checked_reason,
    not_this_view,
    rep_status_words,
    severity_words,
    side_words,
    views_text,
    when_words,
)
from formcheck.report.write import write_text_atomic
from formcheck.spec import find_exercise, load_exercise, spec_digest
from formcheck.spec.language import VIEW_NAMES, ExerciseSpec
from formcheck.spec.units import format_clock

MAX_MOMENTS = 100


@dataclass(frozen=True)
class RepRow:
    """One line of the rep table: the rep, the range its driver went through, its cards."""

    rep: RepRecord
    range_text: str | None
    cards: list[FlagCard]


def _cards_of(flags: list[int], by_flag: Mapping[int, FlagCard]) -> list[FlagCard]:
    """The cards showing the given flags, each once, in order."""
    return list({by_flag[j].index: by_flag[j] for j in flags if j in by_flag}.values())


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("formcheck.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["clock"] = format_clock
    env.filters["rep_status"] = lambda rep: rep_status_words(rep.status, rep.short_of)
    env.filters["views"] = views_text
    env.filters["side"] = side_words
    env.filters["severity"] = severity_words
    env.filters["when"] = when_words
    env.filters["view"] = lambda view: VIEW_NAMES.get(view or "", "unknown")
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


def rep_rows(report: Report, by_flag: Mapping[int, FlagCard]) -> list[RepRow]:
    """The rep table: each rep with the range its driver went through and its cards.

    Args:
        report: the checked set.
        by_flag: flag index -> the card showing it (see `card_of_flag`).
    """
    ex = report.exercise
    rows = []
    for rep in report.reps:
        reached = range_reached(report, rep)
        text = None
        if reached is not None and ex.driver is not None:
            low, high = (ex.format_metric(ex.driver, v) for v in reached)
            text = f"{low} to {high}"
        rows.append(RepRow(rep, text, _cards_of(rep.flags, by_flag)))
    return rows


def _not_checked(report: Report, check: CheckSummary) -> str:
    """Why a check judged nothing: "not checked from this view (needs a side view)"."""
    reason = not_checked_reason(report, check)
    where = " from this view" if not_this_view(report, check.views) else ""
    return f"not checked{where} ({reason})"


def render_html(report: Report, media: Media, *,
                reviews: Mapping[int, FlagReview] | None = None,
                max_moments: int = MAX_MOMENTS) -> str:
    """The report as one self-contained HTML page.

    Args:
        report: the checked set.
        media: video and track at hand (see `formcheck.report.media.find_media`).
        reviews: a therapist's decisions by flag index, shown on the card of that flag.
        max_moments: pictures, clips and replays are made for at most this many
            cards; the rest are listed without them, and the page says so.
    """
    spec, rules_note = exercise_rules(report)
    cards = flag_cards(report)
    by_flag = card_of_flag(cards)
    views, replays = card_views(report, spec, media, cards[:max_moments], dict(reviews or {}))
    charts = [timeline_svg(report, spec, metric) for metric in chart_metrics(report, spec)]
    unchecked = [(c, _not_checked(report, c)) for c in report.checks if c.checked_s == 0]
    return _environment().get_template("report.html.j2").render(
        report=report,
        spec=spec,
        rules_note=rules_note,
        prescription=(prescription_text(spec.prescription, counts_reps=spec.rep is not None)
                      if spec is not None else None),
        adherence=adherence(report, spec) if spec is not None else None,
        cards=views,
        more_cards=max(0, len(cards) - len(views)),
        held_column=spec is not None and any(c.kind == "rep_hold" for c in spec.constraints),
        rows=rep_rows(report, by_flag),
        hold_cards=[_cards_of(h.flags, by_flag) for h in report.holds],
        charts=charts,
        missing=media.missing,
        unchecked=unchecked,
        unchecked_reasons={c.constraint: text for c, text in unchecked},
        checks={c.constraint: c for c in report.checks},
        faults_per_check=Counter(card.constraint for card in cards),
        not_counted=[r for r in report.reps if r.status != "counted"],
        spoken=report.spoken or [],
        replay_json=script_json({
            "edges": [[int(a), int(b)] for a, b in SKELETON_EDGES],
            "reps": replays,
        }),
        generated=when_words(datetime.now(UTC).isoformat()),
    )


def write_html(report: Report, media: Media, out: Path, **options) -> int:
    """Render and write the page atomically; returns its size in bytes."""
    text = render_html(report, media, **options)
    write_text_atomic(out, text)
    return len(text.encode("utf-8"))
