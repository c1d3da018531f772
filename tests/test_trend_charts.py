"""The patient page's trends: a single week as values, several weeks as panels on fixed axes."""

from __future__ import annotations

import re

from history_factory import synthetic_history

from formcheck.history.store import open_history, sessions
from formcheck.history.trends import weekly_pain, weekly_trends
from formcheck.serve.trend_charts import trend_views


def _views(tmp_path, n: int, every_days: float = 2.0):
    db = tmp_path / "h.db"
    synthetic_history(db, "P", n, every_days=every_days)
    with open_history(db) as conn:
        rows = sessions(conn, "P")
    return trend_views(weekly_trends(rows), weekly_pain(rows))


def _text(svg: str) -> list[str]:
    """The words drawn in an SVG (matplotlib keeps text as text)."""
    return [t.strip() for t in re.findall(r">([^<>]+)</text>", svg) if t.strip()]


def test_one_session_is_shown_as_values_not_a_chart(tmp_path):
    exercise, pain = _views(tmp_path, 1)
    assert exercise.svg is None and pain.svg is None
    tiles = {t.label: t.value for t in exercise.tiles}
    # history_factory's first set: 6 reps per side of 10, 4 flags, leg line -14/-20, 8 s reps.
    assert tiles["Adherence"] == "60 %"
    assert tiles["Flags per set"] == "4.0"
    assert tiles["Range reached, leg line"] == "L -14° · R -20°"
    assert tiles["Time per rep"] == "8.0 s"
    assert pain.tiles[0].value == "6.0 → 5.0"
    assert exercise.period == "week of 7 Sep · 1 set"


def test_two_sessions_in_one_week_are_still_values(tmp_path):
    exercise, _ = _views(tmp_path, 2, every_days=1)
    assert exercise.svg is None and exercise.period.endswith("2 sets")


def test_thirty_sessions_draw_each_measure_on_its_own_axis(tmp_path):
    exercise, pain = _views(tmp_path, 30)
    assert exercise.tiles == () and exercise.period.endswith("30 sets")
    words = _text(exercise.svg)
    for title in ("Adherence to the prescribed set", "Form flags per set",
                  "Range reached, left and right", "Tempo: seconds per rep"):
        assert title in words
    assert {"left", "right", "adherence, %", "flags per set"} <= set(words)
    # Pain stays on 0-10 although this patient's weekly means run from 6 down to 2.
    pain_words = _text(pain.svg)
    assert "0" in pain_words and "10" in pain_words
