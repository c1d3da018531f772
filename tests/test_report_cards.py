"""The HTML report of the bundled samples: one card per faulty rep and check, plain words only.

Each sample is checked from its landmark track (no video, no model) and rendered
with its track at hand, as `formcheck check` then `formcheck report` would.
"""

from __future__ import annotations

import json
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_factory import make_report

from formcheck.cli import main
from formcheck.report.cards import flag_cards
from formcheck.report.write import read_report

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").glob("*.track.npz"))
_UNREAD = ("script", "style", "code")


class _VisibleText(HTMLParser):
    """The words a reader sees: text nodes outside <script> and <style>, and the words of
    images (alt, aria-label). File names (in <code>) are the user's own and left out."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in _UNREAD:
            self._hidden += 1
        self.parts += [v for k, v in attrs if k in ("alt", "aria-label", "title") and v]

    def handle_endtag(self, tag):
        if tag in _UNREAD:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _VisibleText()
    parser.feed(page)
    return " ".join(parser.parts)


def _exercise_ids() -> set[str]:
    """Every metric and check id of the shipped exercise files."""
    ids = set()
    for path in (ROOT / "exercises").glob("*.toml"):
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
        ids |= set(spec.get("metrics", {}))
        ids |= {c["id"] for c in spec.get("constraints", [])}
    return ids


def _expected(track: Path) -> dict:
    return json.loads(track.with_name(track.name.replace(".track.npz", ".expected.json"))
                      .read_text())


def _one_per_exercise_and_outcome() -> list[Path]:
    """A sample of each exercise with faults, if any, else a clean one, and each sample whose
    honest answer is "not measurable" (fewer pages to render; each kind of page is seen)."""
    chosen: dict[tuple[str, bool], Path] = {}
    for track in SAMPLES:
        expected = _expected(track)
        key = (expected["exercise"], expected["not_measurable"])
        best = chosen.get(key)
        if best is None or len(expected["faults"]) > len(_expected(best)["faults"]):
            chosen[key] = track
    return sorted(chosen.values())


PAGES = _one_per_exercise_and_outcome()


def _page(track: Path, tmp_path: Path) -> tuple[Path, str]:
    """Check `track` and render its page as the two commands do; (report, page text)."""
    report = tmp_path / "set.json"
    assert main(["check", str(track), "-e", _expected(track)["exercise"], "-o", str(report),
                 "-q"]) == 0
    page = tmp_path / "set.html"
    assert main(["report", str(report), "-o", str(page)]) == 0
    return report, page.read_text(encoding="utf-8")


def test_bird_dog_faults_have_one_card_per_faulty_rep_and_check(tmp_path):
    track = ROOT / "samples" / "bird_dog_faults_side.track.npz"
    # By hand from the sample's ground truth: a sagging back in rep 1, a high leg in rep 2.
    faults = {(f["rep"], f["check"]) for f in _expected(track)["faults"]}
    assert faults == {(0, "flat_back"), (1, "leg_too_high")}
    report_path, page = _page(track, tmp_path)
    report = read_report(report_path)
    assert len(report.flags) > len(faults), "the sample no longer splits a fault into stretches"
    cards = re.findall(r'<div class="moment" id="flag-(\d+)">', page)
    assert len(cards) == len(faults) == 2
    shown = {(report.flags[int(i)].rep, report.flags[int(i)].constraint) for i in cards}
    assert shown == faults
    assert page.count('<img class="clip" src="data:image/webp;base64,') == 2
    assert page.count("data-play=") == 2
    assert "Worst: <b>leg height 116° (limit 103°)</b>" in page  # 115.5° in the report


@pytest.mark.parametrize("track", PAGES, ids=[p.name.split(".")[0] for p in PAGES])
def test_sample_pages_show_no_ids_or_none(track, tmp_path):
    text = visible_text(_page(track, tmp_path)[1])
    assert not re.search(r"\bNone\b", text)
    assert "far point" not in text
    assert not re.findall(r"\w+_\w+", text), "a field or id with an underscore is shown"
    for name in _exercise_ids():  # one-word ids are ordinary words, but never as a label
        assert f"({name})" not in text


def test_stretches_of_one_check_in_one_rep_share_a_card():
    report = make_report(reps=2)
    first = report.flags[0]
    again = first.model_copy(update={"index": 2, "start_ms": first.end_ms + 100,
                                     "end_ms": first.end_ms + 400, "worst": 50.0})
    merged = report.model_copy(update={"flags": [*report.flags, again]})
    cards = flag_cards(merged)
    assert [len(c.flags) for c in cards] == [2, 1]
    assert cards[0].worst.index == 2  # 50 is further below the limit of 70 than 60
    assert cards[0].end_ms == again.end_ms


def test_a_hold_time_card_shows_the_hold_with_its_timer(tmp_path):
    import base64
    import io

    from PIL import Image

    from formcheck.report.document import FlagRecord
    from formcheck.report.html import render_html
    from formcheck.report.media import find_media

    track = ROOT / "samples" / "bird_dog_faults_side.track.npz"
    report = read_report(_page(track, tmp_path)[0])
    rep = report.reps[0]
    short = FlagRecord(index=len(report.flags), constraint="hold_time", severity="info",
                       description="", cue="Hold the reach for five seconds",
                       start_ms=rep.start_ms, end_ms=rep.end_ms, side=rep.side, rep=0, hold=None,
                       metric=None, worst=3.1, limit=5.0, confidence=0.9)
    report = report.model_copy(update={"flags": [*report.flags, short]})
    page = render_html(report, find_media(report))
    card = page[page.index(f'id="flag-{short.index}"'):]
    card = card[:card.index('<div class="moment"') if '<div class="moment"' in card else None]
    assert "<b>Held 3.1 s (asked for 5 s)</b>" in card
    assert "the hold, with its timer" in card
    assert "middle of the hold" in card
    clip = re.search(r'class="clip" src="data:image/webp;base64,([^"]+)"', card).group(1)
    frames = Image.open(io.BytesIO(base64.b64decode(clip))).n_frames
    # The reach of rep 1 is held from 0:02.0 to 0:08.7 (leg line past -15°): 4 frames/s,
    # at most 8 s shown.
    assert 20 <= frames <= 33
