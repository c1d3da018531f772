"""HTML reports rendered from fixture reports alone (no video, no track at hand)."""

from __future__ import annotations

import re

import pytest
from report_factory import make_report, not_measurable_report, still_track

from formcheck.cli import main
from formcheck.report.html import render_html, script_json
from formcheck.report.media import find_media
from formcheck.report.review import FlagReview
from formcheck.report.write import write_report


def _render(report, **options) -> str:
    return render_html(report, find_media(report), **options)


def test_empty_session_renders_and_says_nothing_was_seen():
    page = _render(make_report(reps=0))
    assert "No rep attempts were seen." in page
    assert "No form faults." in page
    assert "0 %" in page  # adherence against the squat's 10 prescribed reps


def test_not_measurable_session_lists_every_reason():
    page = _render(not_measurable_report())
    assert "Not measurable:</b> the legs were out of frame" in page
    assert page.count("knees out of frame") >= 2
    assert "no person in view" in page
    assert ("Squat depth: not checked (the body parts it reads were not seen well enough)"
            in page)
    assert "Camera: needs the legs in view" in page


def test_missing_media_is_said_plainly():
    page = _render(make_report())
    assert "No landmark track was saved with this check" in page
    assert ("The video /nonexistent/clip.mp4 is not at hand (moved or deleted?): pictures are "
            "skeleton drawings; give its new place with --video.") in page
    assert "No replay without a landmark track." in page


def test_non_ascii_and_markup_are_escaped():
    report = make_report(name="Kniebeuge – Übung 深蹲", cue="<script>alert(1)</script>",
                         description='Tiefe "A&B" <b>')
    page = _render(report)
    assert "Kniebeuge – Übung 深蹲" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;" in page


def test_script_json_cannot_close_its_element():
    assert "</script>" not in script_json({"x": "</script><script>"})


def test_charts_draw_constraint_band_and_flags():
    page = _render(make_report(reps=2))
    assert page.count("<svg") >= 1
    assert "target each rep must reach" in page  # the dashed target of the squat's depth rule
    assert "thigh angle" in page  # the metric's name in words: the factory gives no label


def test_the_drivers_chart_marks_each_rep_attempt_as_numbered_in_the_table():
    report = make_report(reps=3)
    undriven = _render(report)
    exercise = report.exercise.model_copy(update={"driver": "thigh_angle"})
    last = report.reps[-1].model_copy(update={"status": "partial"})
    driven = _render(report.model_copy(update={"exercise": exercise,
                                               "reps": [*report.reps[:-1], last]}))
    assert "counted rep" in driven and "rep not counted (see the reps table)" in driven
    assert "counted rep" not in undriven  # only the chart the count is read from
    # Each attempt's number is written once above it, beside the time axis's own ticks.
    assert all(driven.count(f">{n}</text>") == undriven.count(f">{n}</text>") + 1
               for n in (1, 2, 3))


def test_a_metric_never_measured_is_not_charted():
    report = make_report(reps=2)
    measured = _render(report)
    timeline = report.timeline.model_copy(update={"metrics": {
        name: [None] * len(values) for name, values in report.timeline.metrics.items()}})
    never = _render(report.model_copy(update={"timeline": timeline}))
    assert measured.count("<svg") == 1 and never.count("<svg") == 0
    assert "No values were recorded." in never


def test_reviews_are_shown_beside_their_flag():
    review = FlagReview(flag=0, decision="dismissed", note="camera angle <odd>",
                        reviewed_at="2026-01-06T09:00:00Z")
    page = _render(make_report(reps=1), reviews={0: review})
    assert "dismissed by the therapist: camera angle &lt;odd&gt;" in page


def test_moments_beyond_the_cap_are_counted_not_pictured():
    page = _render(make_report(reps=5), max_moments=2)
    assert len(re.findall(r'class="moment"', page)) == 2
    assert "3 more faults are not pictured here" in page


def test_track_gives_skeleton_drawings_and_replays(tmp_path):
    track = still_track(tmp_path / "set.track.npz")
    report = make_report(reps=2, source_path=str(track)).model_copy(
        update={"source": make_report().source.model_copy(
            update={"path": str(track), "kind": "track"})})
    page = _render(report)
    assert page.count('class="skeleton"') == 2
    assert page.count("data-play=") == 2
    assert "No landmark track was found" not in page


def test_report_command_writes_a_page(tmp_path, capsys):
    src = tmp_path / "séance.json"
    write_report(make_report(reps=2), src)
    assert main(["report", str(src)]) == 0
    out = tmp_path / "séance.html"
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert str(out) in capsys.readouterr().out


@pytest.mark.parametrize("content", ["{}", "not json"])
def test_report_command_rejects_bad_input_in_one_line(tmp_path, capsys, content):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    assert main(["report", str(bad)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_a_therapists_adjustment_is_shown_beside_the_check_and_on_its_cards():
    from formcheck.spec.adjust import AppliedAdjustment

    report = make_report(reps=2)
    adjusted = report.checks[0].model_copy(update={"adjustment": AppliedAdjustment(
        constraint=report.checks[0].constraint, field="max", value=60.0,
        note="depth to 60° is fine for this patient", set_at="2026-01-07T09:00:00Z",
        cue=report.checks[0].cue, words="depth at most 60°", file_words="depth at most 45°")})
    page = _render(report.model_copy(update={"checks": [adjusted]}))
    assert page.count("limit adjusted by the therapist on 2026-01-07") == 3  # 2 cards, 1 check
    assert "depth to 60° is fine for this patient" in page


def test_a_live_sets_spoken_lines_are_listed_with_their_times():
    from formcheck.report.document import SpokenRecord

    spoken = [SpokenRecord(t_s=3.2, text="Set 1"), SpokenRecord(t_s=65.0, text="That's it")]
    page = _render(make_report(reps=2).model_copy(update={"spoken": spoken}))
    assert "Spoken to the person" in page
    assert "0:03.2: Set 1" in page and "1:05.0: That&#39;s it" in page


def test_a_batch_report_has_no_spoken_section():
    assert "Spoken to the person" not in _render(make_report(reps=2))


def test_sides_are_written_as_words_not_codes():
    page = _render(make_report())
    assert "<th>side</th>" not in page  # no side column when every rep uses both sides
    assert ", both sides ·" in page  # a fault card's line
    assert "<td>both</td>" not in page
    assert "both side " not in page and "both side<" not in page


def test_a_sided_exercise_shows_each_reps_side():
    report = make_report()
    for rep, side in zip(report.reps, ["left", "right"] * 5, strict=False):
        rep.side = side
    page = _render(report)
    assert "<th>side</th>" in page
    assert "<td>left</td>" in page and "<td>right</td>" in page
