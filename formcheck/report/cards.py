"""Flag cards: one per rep (or hold) and check, the unit a therapist looks at and reviews.

A check can flag several stretches of one rep (a leg that rises past the limit,
dips back and rises again); those are one fault of that rep, so they share one
card. Flags outside any rep or hold each keep a card of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from formcheck.report.document import FlagRecord, Report
from formcheck.report.review import FlagReview

SEVERITY_ORDER = ("info", "warn", "error")


def excess(flag: FlagRecord) -> float:
    """How far the flag's worst value went past its limit, in the metric's unit (0 if unknown)."""
    if flag.worst is None or flag.limit is None:
        return 0.0
    return abs(flag.worst - flag.limit)


@dataclass(frozen=True)
class FlagCard:
    """The flags of one check within one rep or hold.

    Attributes:
        flags: the flags merged, in time order.
        worst: the one of them furthest past its limit.
    """

    flags: tuple[FlagRecord, ...]
    worst: FlagRecord

    @property
    def index(self) -> int:
        """The card's key: its first flag's index (reviews of the card are kept under it)."""
        return self.flags[0].index

    @property
    def constraint(self) -> str:
        return self.worst.constraint

    @property
    def start_ms(self) -> float:
        return self.flags[0].start_ms

    @property
    def end_ms(self) -> float:
        return max(f.end_ms for f in self.flags)

    @property
    def severity(self) -> str:
        return max((f.severity for f in self.flags), key=SEVERITY_ORDER.index)


def flag_cards(report: Report) -> list[FlagCard]:
    """The report's flags merged into cards, one per rep or hold and check, in time order."""
    groups: dict[tuple, list[FlagRecord]] = {}
    for f in sorted(report.flags, key=lambda f: (f.start_ms, f.index)):
        if f.rep is not None:
            key: tuple = ("rep", f.rep, f.constraint)
        elif f.hold is not None:
            key = ("hold", f.hold, f.constraint)
        else:
            key = ("alone", f.index)
        groups.setdefault(key, []).append(f)
    return [FlagCard(tuple(fs), max(fs, key=excess)) for fs in groups.values()]


def card_of_flag(cards: list[FlagCard]) -> dict[int, FlagCard]:
    """Flag index -> the card showing it."""
    return {f.index: card for card in cards for f in card.flags}


def card_review(card: FlagCard, reviews: Mapping[int, FlagReview]) -> FlagReview | None:
    """A therapist's decision on `card`: the review of its first reviewed flag, or None.

    A card's review is stored under `FlagCard.index`, its first flag, so it comes first.
    """
    return next((reviews[f.index] for f in card.flags if f.index in reviews), None)
