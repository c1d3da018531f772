"""Metric timelines as inline SVG charts (matplotlib), with constraint bands drawn.

Figures are built with the object API (`matplotlib.figure.Figure`), never pyplot,
so nothing is kept in global state between charts.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure

from formcheck.report.document import Report
from formcheck.spec.language import ExerciseSpec, RangeConstraint, RepExtremeConstraint

MAX_POINTS = 3000
_SVG_RC = {"svg.fonttype": "none", "svg.hashsalt": "formcheck", "font.size": 9}
BAND = "#2e7d32"
FLAG = "#c62828"
GAP = "#9e9e9e"


def figure_svg(fig: Figure) -> str:
    """The figure as an SVG element (no XML prolog), text kept as text."""
    buf = io.StringIO()
    with rc_context(_SVG_RC):
        fig.savefig(buf, format="svg", bbox_inches="tight")
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


def key_metrics(report: Report, spec: ExerciseSpec | None) -> list[str]:
    """Timeline labels worth charting: the rep driver, the hold metric, checked metrics.

    Without the spec every recorded metric is charted.
    """
    labels = list(report.timeline.metrics)
    if spec is None:
        return labels
    wanted = {c.metric for c in spec.constraints if getattr(c, "metric", None)}
    if spec.rep is not None:
        wanted.add(spec.rep.driver)
    if spec.hold is not None:
        wanted.add(spec.hold.metric)
    return [label for label in labels if label.split(".")[0] in wanted]


def _bands(ax, spec: ExerciseSpec | None, metric: str) -> list[float]:
    """Draw the allowed bands and rep targets of `metric`; return the values drawn."""
    edges: list[float] = []
    if spec is None:
        return edges
    for c in spec.constraints:
        if isinstance(c, RangeConstraint) and c.metric == metric:
            lo = c.min if c.min is not None else -np.inf
            hi = c.max if c.max is not None else np.inf
            ax.axhspan(max(lo, -1e6), min(hi, 1e6), color=BAND, alpha=0.12, lw=0,
                       label=f"allowed ({c.id}, during {c.during})")
            for edge in (c.min, c.max):
                if edge is not None:
                    ax.axhline(edge, color=BAND, lw=0.8, ls="-")
                    edges.append(edge)
        elif isinstance(c, RepExtremeConstraint) and c.metric == metric:
            target = c.reach_above if c.reach_above is not None else c.reach_below
            ax.axhline(target, color=BAND, lw=1, ls="--", label=f"rep target ({c.id})")
            edges.append(target)
    return edges


def timeline_svg(report: Report, spec: ExerciseSpec | None, label: str,
                 *, width_in: float = 9.0) -> str:
    """One metric's timeline with allowed bands, flagged stretches and gaps.

    Args:
        report: the report holding the timeline (times in milliseconds).
        spec: the exercise rules, for the bands; None draws the values only.
        label: timeline key, a metric name optionally suffixed ``.left``/``.right``.
        width_in: figure width, inches.
    """
    metric = label.split(".")[0]
    t = np.asarray(report.timeline.t_ms, dtype=float) / 1000.0
    v = np.array([np.nan if x is None else x for x in report.timeline.metrics[label]], dtype=float)
    fig = Figure(figsize=(width_in, 2.2))
    ax = fig.add_subplot()
    edges = _bands(ax, spec, metric)
    for f in report.flags:
        if f.metric == metric:
            ax.axvspan(f.start_ms / 1000, max(f.end_ms, f.start_ms + 100) / 1000,
                       color=FLAG, alpha=0.18, lw=0)
    for g in report.gaps:
        ax.axvspan(g.start_ms / 1000, g.end_ms / 1000, color=GAP, alpha=0.25, lw=0, hatch="//")
    tb, low, high = envelope(t, v)
    if low is high:
        ax.plot(tb, v, color="#1565c0", lw=1.2, label=label)
    else:
        ax.fill_between(tb, low, high, color="#1565c0", lw=0.4, label=f"{label} (range per bin)")
    shown = np.concatenate([v[np.isfinite(v)], edges])
    if shown.size:
        pad = max(1e-3, 0.1 * float(np.ptp(shown)))
        ax.set_ylim(float(shown.min()) - pad, float(shown.max()) + pad)
    ax.set_xlabel("time, s")
    ax.set_ylabel(metric)
    ax.margins(x=0)
    ax.legend(loc="upper right", fontsize=7, framealpha=0.7)
    ax.grid(alpha=0.3)
    return figure_svg(fig)


def trend_svg(series: Sequence[tuple[str, Sequence[float | None]]], x_labels: Sequence[str],
              *, y_label: str, title: str) -> str:
    """A small line chart of one or more series over sessions or weeks.

    Args:
        series: (name, values) pairs, each of len(x_labels); None where unknown.
        x_labels: category labels along x (dates or ISO weeks).
        y_label: axis label with its unit.
        title: chart title.
    """
    fig = Figure(figsize=(6.0, 2.4))
    ax = fig.add_subplot()
    x = np.arange(len(x_labels))
    for name, values in series:
        y = np.array([np.nan if y is None else y for y in values], dtype=float)
        ax.plot(x, y, marker="o", ms=3, lw=1.2, label=name)
    ax.set_xticks(x, list(x_labels), rotation=30, ha="right", fontsize=7)
    ax.set_ylabel(y_label)
    ax.set_title(title, fontsize=9)
    ax.grid(alpha=0.3)
    if series:
        ax.legend(fontsize=7)
    return figure_svg(fig)
