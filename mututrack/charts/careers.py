"""Charts of the agents' careers around a project's decision."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mututrack.charts.layout import _hidden_text, _percent_axis, _wrapped_ticks, apply_style, wrap_title
from mututrack.charts.style import GRAMMAR, PALETTE, SCREEN, Style
from mututrack.i18n import fmt_number, fmt_pct

__all__ = ["careers_bars"]


def careers_bars(frame: pd.DataFrame, value: str, *, title: str, percent: bool = False, k: int,
                 style: Style = SCREEN) -> go.Figure:
    """A careers figure per group, before and after the decision (``group_label``, ``period_label``,
    ``value``, ``suppressed``); masked groups are labelled, not drawn as zero."""
    fig = go.Figure()
    shown = frame[value].astype(float).where(~frame["suppressed"].astype(bool))
    for index, (period, part) in enumerate(frame.assign(shown=shown).groupby("period_label", sort=False)):
        values = part["shown"]
        labels = [_hidden_text(k) if pd.isna(v) else (fmt_pct(v) if percent else fmt_number(v, decimals=1))
                  for v in values]
        fig.add_trace(go.Bar(
            x=values.fillna(0), y=part["group_label"], orientation="h", name=str(period),
            marker_color=[GRAMMAR["masked"] if pd.isna(v) else PALETTE[index % len(PALETTE)] for v in values],
            text=labels, textposition="outside", cliponaxis=False, customdata=labels,
            hovertemplate=f"%{{y}} · {period} : %{{customdata}}<extra></extra>",
        ))
    fig.update_layout(title=wrap_title(title, width=55), barmode="group")  # often in a half-width column
    if percent:
        _percent_axis("x", fig, top=1.15)  # room for "100 %" outside its bar
    else:
        fig.update_xaxes(range=[0, 1.15 * max(shown.max(), 1) if shown.notna().any() else 1])
    fig.update_yaxes(autorange="reversed", type="category")
    groups = list(dict.fromkeys(frame["group_label"]))
    _wrapped_ticks("y", fig, groups, width=24)
    return apply_style(fig, style=style, height=round((140 + 46 * max(len(groups), 1)) * style.scale))
