"""Charts of the survey participation and of the agents' proposals."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mututrack.charts.layout import _percent_axis, _percent_hover, _target_line, apply_style
from mututrack.charts.style import GRAMMAR, PALETTE, SCREEN, Style
from mututrack.i18n import fmt_number, fmt_pct, t

__all__ = ["response_rate_bars", "proposals_funnel"]


def response_rate_bars(waves: pd.DataFrame, *, target: float, style: Style = SCREEN) -> go.Figure:
    """Response rate per wave (``wave``, ``response_rate``, ``open``) with the target line; the
    open wave in a lighter shade.
    """
    rates = waves["response_rate"].astype("float64")
    colours = [GRAMMAR["provisional"] if is_open else (GRAMMAR["bad"] if r < target else GRAMMAR["good"])
               for r, is_open in zip(rates.fillna(0), waves["open"], strict=True)]
    fig = go.Figure(go.Bar(x=waves["wave"], y=rates, marker_color=colours, text=[fmt_pct(r) for r in rates],
                           textposition="outside", cliponaxis=False, customdata=_percent_hover(rates),
                           hovertemplate="%{x} : %{customdata}<extra></extra>", showlegend=False))
    _target_line(fig, target, axis="y")
    fig.update_layout(title=t("involvement.chart.waves_title"))
    _percent_axis("y", fig, top=1.12)  # room for "100 %" over its bar
    fig.update_xaxes(type="category")
    return apply_style(fig, style=style, height=style.height(400))


def proposals_funnel(funnel: pd.DataFrame, *, style: Style = SCREEN) -> go.Figure:
    """The proposals that reached each stage (``stage_label``, ``proposals``), as a funnel."""
    first = max(int(funnel["proposals"].iloc[0]), 1) if len(funnel) else 1
    text = [f"{fmt_number(n)}<br>{fmt_pct(n / first)}" for n in funnel["proposals"]]
    fig = go.Figure(go.Funnel(y=funnel["stage_label"], x=funnel["proposals"], text=text, textinfo="text",
                              marker={"color": PALETTE[0]}, hoverinfo="skip"))  # counts: one ink
    fig.update_layout(title=t("involvement.chart.funnel_title"))
    return apply_style(fig, style=style, height=style.height(400))
