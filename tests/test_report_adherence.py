"""Prescription and adherence for every `sides` mode: "10 alternate" is 10 left plus 10 right."""

from __future__ import annotations

import pytest
from exercise_factory import exercise
from report_factory import make_report

from formcheck.report.adherence import adherence, prescription_text
from formcheck.report.document import HoldRecord


def _reps(**counts: int):
    return make_report(reps=0).model_copy(update={"rep_counts": counts})


def _rx(sides: str, reps: int = 10, **more):
    return {"sets": 3, "reps": reps, "sides": sides, **more}


@pytest.mark.parametrize("sides", ["alternate", "each"])
@pytest.mark.parametrize(("left", "right", "expected"), [
    (10, 10, 1.0),
    (5, 5, 0.5),
    (15, 5, 0.75),  # five extra on the left do not make up for five missing on the right
    (20, 0, 0.5),
])
def test_sided_prescriptions_count_each_side_against_its_own_reps(sides, left, right, expected):
    spec = exercise("reach", prescription=_rx(sides))
    result = adherence(_reps(left=left, right=right), spec)
    assert [(t.side, t.done, t.target) for t in result.targets] == [
        ("left", left, 10), ("right", right, 10)]
    assert result.fraction == pytest.approx(expected)


@pytest.mark.parametrize("sides", ["both", "none"])
@pytest.mark.parametrize(("done", "expected"), [(10, 1.0), (7, 0.7), (14, 1.0)])
def test_unsided_prescriptions_count_the_whole_set(sides, done, expected):
    spec = exercise("side_squat", prescription=_rx(sides))
    result = adherence(_reps(both=done), spec)
    assert [(t.side, t.done, t.target) for t in result.targets] == [(None, done, 10)]
    assert result.fraction == pytest.approx(expected)


def test_a_sided_prescription_whose_reps_are_not_told_apart_counts_twice_the_reps():
    spec = exercise("reach", prescription=_rx("alternate"))
    result = adherence(_reps(both=10), spec)
    assert [(t.side, t.done, t.target) for t in result.targets] == [(None, 10, 20)]
    assert result.fraction == pytest.approx(0.5)


def test_a_set_not_measurable_has_no_adherence():
    spec = exercise("reach", prescription=_rx("alternate"))
    report = make_report(reps=0).model_copy(update={"rep_counts": None})
    assert adherence(report, spec).fraction is None


def _hold(index: int, side: str, good_form_s: float) -> HoldRecord:
    return HoldRecord(index=index, side=side, start_ms=index * 10000.0,
                      end_ms=index * 10000.0 + 6000, in_position_s=6.0, good_form_s=good_form_s,
                      confidence=0.9, ended_by_gap=False)


def test_holds_count_per_side_when_they_reach_the_prescribed_time():
    spec = exercise("one_knee_hug", prescription=_rx("alternate", reps=2, hold_s=4))
    holds = [_hold(0, "left", 5.0), _hold(1, "left", 4.5), _hold(2, "right", 3.0),
             _hold(3, "right", 4.0)]
    report = make_report(reps=0).model_copy(update={"holds": holds, "rep_counts": {}})
    result = adherence(report, spec)
    holds_lines = [(t.side, t.done, t.target) for t in result.targets if t.what == "holds"]
    assert holds_lines == [("left", 2, 2), ("right", 1, 2)]  # the 3 s hold fell short of 4 s


@pytest.mark.parametrize(("rx", "counts_reps", "text"), [
    (_rx("alternate"), True, "3 sets of 10 reps on each side, alternating sides (20 a set)"),
    (_rx("each"), True, "3 sets of 10 reps on each side (20 a set)"),
    (_rx("both"), True, "3 sets of 10 reps"),
    (_rx("none"), True, "3 sets of 10 reps"),
    (_rx("alternate", hold_s=5), True,
     "3 sets of 10 reps on each side, alternating sides (20 a set), each held 5 s"),
    (_rx("each", reps=0, hold_s=30) | {"sets": 2}, False,
     "2 sets of 1 hold of 30 s on each side (2 a set)"),
    (_rx("none", reps=0, hold_s=120) | {"sets": 1}, False, "1 set of 1 hold of 120 s"),
    (_rx("both", reps=0, time_limit_s=30) | {"sets": 1}, True,
     "1 set: as many reps as possible in 30 s"),
])
def test_the_prescription_reads_as_a_therapist_writes_it(rx, counts_reps, text):
    from formcheck.spec.language import Prescription

    assert prescription_text(Prescription(**rx), counts_reps=counts_reps) == text
