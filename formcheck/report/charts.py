"""Metric timelines as inline SVG charts (matplotlib), with constraint bands drawn.

Figures are built with the object API (`matplotlib.figure.Figure`), never pyplot,
so nothing is kept in global state between charts.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure

from formcheck.report.document import Report
from formcheck.report.wording import PHASES
from formcheck.spec.language import ExerciseSpec, RangeConstraint, RepExtremeConstraint
from formcheck.spec.units import UNIT_NAMES, display_number

MAX_POINTS = 3000
_SVG_RC = {"svg.fonttype": "none", "svg.hashsalt": "formcheck", "font.size": 9}
BAND = "#2e7d32"
FLAG = "#c62828"
GAP = "#757575"
LINE_COLORS = ("#1565c0", "#6a1b9a", "#00838f")


def figure_svg(fig: Figure, *, tight: bool = True) -> str:
    """The figure as an SVG element (no XML prolog), text kept as text.

    Args:
        fig: the figure.
        tight: crop to what is drawn (draws the figure twice); False keeps the
            figure's own margins.
    """
    buf = io.StringIO()
    with rc_context(_SVG_RC):
        fig.savefig(buf, format="svg", bbox_inches="tight" if tight else None)
    text = buf.getvalue()
    return text[text.index("<svg"):]


def envelope(t: np.ndarray, v: np.ndarray, max_points: int = MAX_POINTS):
    """Reduce a long series to per-bin min and max so peaks survive.

    Args:
        t: times, shape (N,), any unit.
        v: values, shape (N,), NaN where missing.
        max_points: series at most this long are returned unchanged.

    Returns:
        (t, low, high): shape (M,) each; `low` is `high` when nothing was reduced.
    """
    if t.size <= max_points:
        return t, v, v
    bins = max_points // 2
    edges = np.linspace(0, t.size, bins + 1).astype(int)
    tb = np.array([t[a:b].mean() for a, b in zip(edges[:-1], edges[1:], strict=True)])
    with np.errstate(all="ignore"):
        chunks = [v[a:b] for a, b in zip(edges[:-1], edges[1:], strict=True)]
        low = np.array([np.nan if np.isnan(c).all() else np.nanmin(c) for c in chunks])
        high = np.array([np.nan if np.isnan(c).all() else np.nanmax(c) for c in chunks])
    return tb, low, high


def judged_checks(report: Report) -> set[str]:
    """Ids of the checks that judged some of the set (checked for more than no time)."""
    return {c.constraint for c in report.checks if c.checked_s > 0}


def chart_metrics(report: Report, spec: ExerciseSpec | None) -> list[str]:
    """Metrics worth charting, in timeline order: the rep driver, the hold metric, and the
    metrics of checks that judged something (a check not judged from this view is not
    charted: a line leaving its band unflagged would read as a missed fault). A metric
    never measured is not charted either: an empty frame of hatching says less than the
    reason the report gives.

    Without the spec every recorded metric that was measured is charted.
    """
    recorded = list(dict.fromkeys(
        label.split(".")[0] for label, values in report.timeline.metrics.items()
        if any(v is not None for v in values)))
    if spec is None:
        return recorded
    judged = judged_checks(report)
    wanted = {c.metric for c in spec.constraints
              if getattr(c, "metric", None) and c.id in judged}
    if spec.rep is not None:
        wanted.add(spec.rep.driver)
    if spec.hold is not None:
        wanted.add(spec.hold.metric)
    return [m for m in recorded if m in wanted]


def _series(report: Report, metric: str) -> list[tuple[str, np.ndarray]]:
    """(name, values in the metric's unit) of `metric`: one per side when kept per side."""
    out = []
    for label, values in report.timeline.metrics.items():
        name, _, side = label.partition(".")
        if name == metric:
            out.append((side, np.array([np.nan if x is None else x for x in values], dtype=float)))
    return out


def _bands(ax, report: Report, spec: ExerciseSpec | None, metric: str, scale: float) -> list[float]:
    """Draw the allowed bands and rep targets of `metric`'s judged checks; return the values
    drawn (on the display scale)."""
    edges: list[float] = []
    if spec is None:
        return edges
    judged = judged_checks(report)
    checks = [c for c in spec.constraints
              if getattr(c, "metric", None) == metric and c.id in judged]
    # Checks of the same phase (a sag floor and a pike ceiling) bound one band between them.
    allowed: dict[str, tuple[float, float]] = {}
    for c in checks:
        if isinstance(c, RangeConstraint):
            lo, hi = allowed.get(c.during, (-np.inf, np.inf))
            allowed[c.during] = (max(lo, c.min * scale if c.min is not None else -np.inf),
                                 min(hi, c.max * scale if c.max is not None else np.inf))
    for during, (lo, hi) in allowed.items():
        ax.axhspan(max(lo, -1e6), min(hi, 1e6), color=BAND, alpha=0.12, lw=0,
                   label=f"allowed {PHASES[during]}")
        for edge in (lo, hi):
            if np.isfinite(edge):
                ax.axhline(edge, color=BAND, lw=0.8, ls="-")
                edges.append(edge)
    for c in checks:
        if isinstance(c, RepExtremeConstraint):
            target = (c.reach_above if c.reach_above is not None else c.reach_below) * scale
            ax.axhline(target, color=BAND, lw=1, ls="--", label="target each rep must reach")
            edges.append(target)
    return edges


def _unmeasured(t: np.ndarray, values: list[np.ndarray]) -> list[tuple[float, float]]:
    """Stretches (s) where none of the series has a value."""
    if not values:
        return []
    missing = np.logical_and.reduce([np.isnan(v) for v in values])
    stretches = []
    i = 0
    while i < missing.size:
        if missing[i]:
            j = i
            while j + 1 < missing.size and missing[j + 1]:
                j += 1
            stretches.append((float(t[max(i - 1, 0)]), float(t[min(j + 1, t.size - 1)])))
            i = j + 1
        else:
            i += 1
    return stretches


def _stretches(ax, spans: list[tuple[float, float]], label: str, **style) -> None:
    """Shade the time spans (start, end in s) full height, as one artist however many."""
    if spans:
        ax.broken_barh([(a, b - a) for a, b in spans], (0, 1),
                       transform=ax.get_xaxis_transform(), label=label, **style)


def _rep_spans(ax, report: Report) -> None:
    """Shade each rep attempt on the driver's chart, numbered as in the reps table: the
    counted ones in the line's colour, the others (partial, unfinished, too fast, not
    measurable) in grey, so the bumps the count took and left can be told apart."""
    counted = [r for r in report.reps if r.status == "counted"]
    others = [r for r in report.reps if r.status != "counted"]
    _stretches(ax, [(r.start_ms / 1000, r.end_ms / 1000) for r in counted], "counted rep",
               color=LINE_COLORS[0], alpha=0.08, lw=0)
    _stretches(ax, [(r.start_ms / 1000, r.end_ms / 1000) for r in others],
               "rep not counted (see the reps table)", color=GAP, alpha=0.12, lw=0)
    for rep in report.reps:
        ax.text((rep.start_ms + rep.end_ms) / 2000, 0.98, str(rep.index + 1), fontsize=7,
                ha="center", va="top", color=GAP, transform=ax.get_xaxis_transform())


def timeline_svg(report: Report, spec: ExerciseSpec | None, metric: str,
                 *, width_in: float = 9.0) -> str:
    """One metric's timeline (both sides when kept per side) with allowed bands, flagged
    stretches, hatched stretches that could not be measured and, on the rep driver's,
    each rep attempt.

    Values are drawn on the scale a person reads (degrees, per cent, centimetres),
    named with the metric's label and unit.

    Args:
        report: the report holding the timeline (times in milliseconds).
        spec: the exercise rules, for the bands; None draws the values only.
        metric: metric name.
        width_in: figure width, inches.
    """
    info = report.exercise.metrics.get(metric)
    unit = info.unit if info is not None else None
    scale = display_number(1.0, unit) if unit is not None else 1.0
    t = np.asarray(report.timeline.t_ms, dtype=float) / 1000.0
    series = [(side, v * scale) for side, v in _series(report, metric)]
    fig = Figure(figsize=(width_in, 2.2))
    fig.subplots_adjust(left=0.08, right=0.72, top=0.88, bottom=0.2)
    ax = fig.add_subplot()
    edges = _bands(ax, report, spec, metric, scale)
    flagged = [(f.start_ms / 1000, max(f.end_ms, f.start_ms + 100) / 1000)
               for f in report.flags if f.metric == metric]
    _stretches(ax, flagged, "flagged", color=FLAG, alpha=0.18, lw=0)
    if metric == report.exercise.driver:
        _rep_spans(ax, report)
    gaps = [(g.start_ms / 1000, g.end_ms / 1000) for g in report.gaps]
    _stretches(ax, gaps + _unmeasured(t, [v for _, v in series]), "not measurable",
               facecolor="none", edgecolor=GAP, hatch="///", lw=0)
    for (side, v), color in zip(series, LINE_COLORS, strict=False):
        tb, low, high = envelope(t, v)
        name = f"{side} side" if side else (info.label if info is not None else "value")
        if low is high:
            ax.plot(tb, v, color=color, lw=1.2, label=name)
        else:
            ax.fill_between(tb, low, high, color=color, lw=0.4, label=f"{name} (range per bin)")
    values = np.concatenate([v[np.isfinite(v)] for _, v in series] + [np.asarray(edges)])
    if values.size:
        pad = max(1e-3, 0.1 * float(np.ptp(values)))
        ax.set_ylim(float(values.min()) - pad, float(values.max()) + pad)
    ax.set_xlabel("time, s")
    label = info.label if info is not None else metric.replace("_", " ")
    ax.set_ylabel(UNIT_NAMES[unit] if unit is not None else label)
    ax.set_title(label, fontsize=9, loc="left")
    ax.margins(x=0)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)
    ax.grid(alpha=0.3)
    return figure_svg(fig, tight=False)
