"""A flag card as the page shows it: its moment, its value in words, its pictures.

The picture is the worst frame (a video still with the skeleton, or a skeleton
drawing), beside a looping clip of the moment and the skeleton replay of the rep
or hold; a card about a hold's time shows the hold, with its timer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from formcheck.render.segments import metric_edges
from formcheck.report.cards import FlagCard, card_review
from formcheck.report.clips import (
    Frames,
    SkeletonFrames,
    VideoFrames,
    around,
    clip_uri,
    held,
    still_uri,
)
from formcheck.report.document import Report
from formcheck.report.media import Media
from formcheck.report.moments import held_stretch, worst_moment_ms
from formcheck.report.review import FlagReview
from formcheck.report.skeleton import replay, skeleton_svg
from formcheck.report.wording import is_hold_time, value_against_limit
from formcheck.spec.language import ExerciseSpec
from formcheck.spec.units import format_clock


@dataclass
class CardView:
    """A flag card as shown: when, its value, its picture, clip and replay key, its review.

    Attributes:
        card: the flags of one check in one rep or hold.
        t_ms: the moment pictured (the worst frame, or the middle of a hold).
        value: the worst value against the limit, in words, or None.
        hold: the held stretch (ms) for a flag about a hold's time, else None.
        picture_uri: a video still (``data:`` URI), or None.
        picture_svg: a skeleton drawing (SVG), when there is no still.
        clip_uri: the looping clip (``data:`` URI), or None.
        replay_key: key of the skeleton replay in the page's replay data, or None.
        review: a therapist's decision on the card, or None.
    """

    card: FlagCard
    t_ms: float
    value: str | None
    hold: tuple[float, float] | None
    picture_uri: str | None = None
    picture_svg: str | None = None
    clip_uri: str | None = None
    replay_key: str | None = None
    review: FlagReview | None = None



def _span(report: Report, card: FlagCard) -> tuple[float, float]:
    """The rep or hold a card belongs to, else the card's own time, in ms."""
    flag = card.worst
    if flag.rep is not None:
        rep = report.reps[flag.rep]
        return rep.start_ms, rep.end_ms
    if flag.hold is not None:
        hold = report.holds[flag.hold]
        return hold.start_ms, hold.end_ms
    return card.start_ms, max(card.end_ms, card.start_ms + 1000.0)


def _held(report: Report, spec: ExerciseSpec | None, card: FlagCard) -> tuple[float, float] | None:
    """The stretch a hold-time card is about (ms), else None."""
    flag = card.worst
    if not is_hold_time(spec, flag):
        return None
    if flag.rep is not None and spec is not None:
        return held_stretch(report, spec, report.reps[flag.rep])
    return _span(report, card)


def _faulty(spec: ExerciseSpec | None, card: FlagCard) -> frozenset[int]:
    """The bones the card's check reads (drawn in the fault colour)."""
    flag = card.worst
    if spec is None or flag.metric is None:
        return frozenset()
    return metric_edges(spec, flag.metric, flag.side)


def _frames(report: Report, media: Media, faulty: frozenset[int]) -> Frames | None:
    """Where a card's pictures come from: the video, else the track alone, else nowhere."""
    if media.video is not None:
        return VideoFrames(media.video, report.source.fps or 30.0, media.poses, faulty)
    if media.poses is not None:
        return SkeletonFrames(media.poses, faulty)
    return None


def card_views(report: Report, spec: ExerciseSpec | None, media: Media, cards: list[FlagCard],
               reviews: Mapping[int, FlagReview]) -> tuple[list[CardView], dict[str, dict]]:
    """Pictures, clips and replays of `cards`, and the replays' data by key.

    Args:
        report: the checked set.
        spec: its exercise rules, if at hand (for the bones to mark and the kind of check).
        media: the video and track at hand.
        cards: the cards to show.
        reviews: a therapist's decisions by flag index.
    """
    views = []
    replays: dict[str, dict] = {}
    times = report.timeline.t_ms
    first = times[0] if times else 0.0
    last = times[-1] if times else first + 1000.0 * report.source.duration_s
    for card in cards:
        hold = _held(report, spec, card)
        t = (hold[0] + hold[1]) / 2 if hold else worst_moment_ms(report, card.worst)
        view = CardView(card, t, value_against_limit(report, spec, card.worst), hold,
                        review=card_review(card, reviews))
        faulty = _faulty(spec, card)
        frames = _frames(report, media, faulty)
        if frames is not None:
            if hold:
                target = card.worst.limit or 0.0
                plan = held(hold[0], hold[1], target)
            else:
                plan = around(t, first, last, format_clock)
            view.clip_uri = clip_uri(frames, plan)
            if isinstance(frames, VideoFrames):
                view.picture_uri = still_uri(frames, t)
        if media.poses is not None:
            if view.picture_uri is None:
                view.picture_svg = skeleton_svg(
                    media.poses, t, faulty=faulty,
                    label=f"Skeleton at {format_clock(t)}: {card.worst.cue}")
            view.replay_key = f"c{card.index}"
            data = replay(media.poses, *_span(report, card)).to_json()
            replays[view.replay_key] = {**data, "hot": sorted(faulty)}
        views.append(view)
    return views, replays
