"""Plotly figures from DataFrames; no streamlit here.

One palette and one font scale for every chart, so that the projector (presentation mode, larger
type) changes them together. The palette is Okabe–Ito, readable by colour-blind viewers.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mututrack.i18n import fmt_pct, t

__all__ = ["PALETTE", "STATUS_COLOURS", "FONT_FAMILY", "apply_style", "headcount_by_kind", "early_involvement_bars"]

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
STATUS_COLOURS = {"good": "#009E73", "warning": "#E69F00", "bad": "#D55E00", "neutral": "#8C8C8C", "hidden": "#D9D9D9"}
FONT_FAMILY = "DejaVu Sans, Arial, Helvetica, sans-serif"  # ships with Debian; no web font download
FONT_SIZES = {"normal": 14, "large": 24}


def apply_style(fig: go.Figure, *, large: bool = False, height: int | None = None) -> go.Figure:
    """The house style: palette, font, white background, legend on top; ``large`` for projection."""
    size = FONT_SIZES["large" if large else "normal"]
    fig.update_layout(
        colorway=PALETTE,
        font={"family": FONT_FAMILY, "size": size, "color": "#1A1A1A"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 10, "r": 10, "t": 60 if fig.layout.title.text else 20, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        separators=t("charts.separators"),
    )
    fig.update_xaxes(showgrid=False, linecolor="#BBBBBB", automargin=True)
    fig.update_yaxes(gridcolor="#E5E5E5", zeroline=False, automargin=True)
    if height:
        fig.update_layout(height=height)
    return fig


# -- Overview ---------------------------------------------------------------------------------
def headcount_by_kind(frame: pd.DataFrame, *, large: bool = False) -> go.Figure:
    """Bars of active agents per entity kind (columns ``kind_label``, ``agents``)."""
    fig = go.Figure(
        go.Bar(
            x=frame["agents"],
            y=frame["kind_label"],
            orientation="h",
            marker_color=PALETTE[0],
            text=frame["agents"],
            textposition="auto",
        )
    )
    fig.update_layout(title=t("charts.headcount.title"), xaxis_title=t("charts.headcount.x"))
    fig.update_yaxes(autorange="reversed")
    return apply_style(fig, large=large, height=120 + 50 * len(frame))


def early_involvement_bars(frame: pd.DataFrame, *, target: float = 0.5, large: bool = False) -> go.Figure:
    """Early-involvement rate per project (columns ``name``, ``early_involvement_rate``), target line."""
    rates = frame["early_involvement_rate"].astype(float)
    colours = [STATUS_COLOURS["good"] if r >= target else STATUS_COLOURS["bad"] for r in rates.fillna(0)]
    fig = go.Figure(
        go.Bar(
            x=rates,
            y=frame["name"],
            orientation="h",
            marker_color=colours,
            text=[fmt_pct(r) for r in rates],
            textposition="auto",
        )
    )
    fig.add_vline(x=target, line_dash="dash", line_color="#555555",
                  annotation_text=t("charts.early.target", target=fmt_pct(target)))
    fig.update_layout(title=t("charts.early.title"))
    fig.update_xaxes(range=[0, 1], tickformat=".0%")
    fig.update_yaxes(autorange="reversed")
    return apply_style(fig, large=large, height=140 + 60 * len(frame))
