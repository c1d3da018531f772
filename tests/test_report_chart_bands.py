"""The allowed band a report's chart draws for a metric with several range checks."""

from __future__ import annotations

from matplotlib.figure import Figure
from report_factory import make_report

from formcheck.report.charts import _bands
from formcheck.report.document import CheckSummary
from formcheck.spec import find_exercise, load_exercise


def test_a_floor_and_a_ceiling_of_one_phase_bound_one_band_between_them() -> None:
    # The push-up's hip line: no sag below -0.16, no pike above +0.21, both during reps.
    spec = load_exercise(find_exercise("push_up"))
    judged = [CheckSummary(constraint=c, description="", observability="", checked_s=3.0,
                           unmeasured_s=0.0, flags=0) for c in ("hip_sag", "hip_pike")]
    report = make_report().model_copy(update={"checks": judged})
    ax = Figure().add_subplot()
    edges = _bands(ax, report, spec, "hip_line", 100.0)
    assert sorted(edges) == [-16.0, 21.0]
    [band] = ax.patches
    low, high = band.get_extents().transformed(ax.transData.inverted()).intervaly
    assert (round(low), round(high)) == (-16, 21)
    assert ax.get_legend_handles_labels()[1] == ["allowed during each rep"]
