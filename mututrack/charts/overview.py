"""Charts of the territory as a whole: headcount, early involvement per project, and where the
territory stands among comparable ones (the observatory)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mututrack.charts.layout import _bound, _percent_axis, _target_line, apply_style
from mututrack.charts.style import GRAMMAR, PALETTE, SCREEN, STATUS_COLOURS, Style
from mututrack.i18n import fmt_number, fmt_pct, fmt_rate, t

__all__ = ["headcount_by_kind", "early_involvement_bars", "observatory_position"]


def headcount_by_kind(frame: pd.DataFrame, *, style: Style = SCREEN) -> go.Figure:
    """Bars of active agents per entity kind (columns ``kind_label``, ``agents``)."""
    fig = go.Figure(
        go.Bar(
            x=frame["agents"],
            y=frame["kind_label"],
            orientation="h",
            marker_color=PALETTE[0],
            text=frame["agents"],
            textposition="auto",
            hovertemplate="%{y} : %{x}<extra></extra>",
        )
    )
    fig.update_layout(title=t("charts.headcount.title"), xaxis_title=t("charts.headcount.x"))
    fig.update_yaxes(autorange="reversed")
    return apply_style(fig, style=style, height=round((120 + 50 * len(frame)) * style.scale))


def early_involvement_bars(frame: pd.DataFrame, *, target: float = 0.5, style: Style = SCREEN) -> go.Figure:
    """Early-involvement rate per project (columns ``name``, ``early_involvement_rate``, optionally
    ``early_involvement_rate_max``: a bound drawn as its bar, labelled "< x %"), target line."""
    most = _bound(frame, "early_involvement_rate")
    labels = [fmt_rate(r, m)
              for r, m in zip(frame["early_involvement_rate"].astype(float), most, strict=True)]
    rates = frame["early_involvement_rate"].astype(float).fillna(most)
    colours = [GRAMMAR["good"] if r >= target else GRAMMAR["bad"] for r in rates.fillna(0)]
    fig = go.Figure(
        go.Bar(
            x=rates,
            y=frame["name"],
            orientation="h",
            marker_color=colours,
            text=labels,
            textposition="auto",
            customdata=labels,
            hovertemplate="%{y} : %{customdata}<extra></extra>",
            showlegend=False,
        )
    )
    _target_line(fig, target, axis="x")
    fig.update_layout(title=t("charts.early.title"))
    _percent_axis("x", fig, top=1.08)  # room for the "100 %" tick label at the right edge
    fig.update_yaxes(autorange="reversed")
    return apply_style(fig, style=style, height=round((150 + 60 * len(frame)) * style.scale))


def observatory_position(points: pd.DataFrame, *, title: str, percent: bool,
                         style: Style = SCREEN) -> go.Figure:
    """One measure across comparable territories (``territory``, ``value``, ``chosen``): their
    distribution as a box with every territory a dot, the chosen territory larger and in colour."""
    values = points["value"].astype("float64")
    text = [fmt_pct(v) if percent else fmt_number(v, decimals=1) for v in values]
    fig = go.Figure(go.Box(
        x=values, y=[""] * len(points), orientation="h", boxpoints="all", jitter=0.4, pointpos=0,
        marker={"color": STATUS_COLOURS["neutral"], "size": 7}, line={"color": PALETTE[0]},
        fillcolor="rgba(0, 114, 178, 0.12)", name=t("observatory.chart.others"), customdata=text,
        text=points["territory"], hovertemplate="%{text} : %{customdata}<extra></extra>", hoveron="points",
    ))
    mine = points["chosen"].to_numpy(dtype=bool)
    chosen = points.loc[mine, "territory"]
    fig.add_trace(go.Scatter(
        x=values[mine], y=[""] * int(mine.sum()), mode="markers+text",
        name=str(chosen.iloc[0]) if len(chosen) else "",
        marker={"color": PALETTE[3], "size": 16 * style.scale, "symbol": "diamond",
                "line": {"color": "white", "width": 1}},
        text=[label for label, is_mine in zip(text, mine, strict=True) if is_mine], textposition="top center",
        hovertemplate="%{x}<extra>%{fullData.name}</extra>",
    ))
    fig.update_layout(title=title, showlegend=True)
    if percent:
        _percent_axis("x", fig, top=max(1.0, float(values.max() or 0)))
    return apply_style(fig, style=style, height=style.height(260))
