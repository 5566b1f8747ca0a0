"""The chart of comment themes (Commentaires page, HR only)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mututrack.charts.layout import _wrapped_ticks, apply_style
from mututrack.charts.style import PALETTE, SCREEN, Style
from mututrack.i18n import fmt_number, t

__all__ = ["theme_bars"]

# Counts judge nothing: the two kinds of theme take two inks of the palette, not the grammar's colours.
KIND_COLOURS = {"lexicon": PALETTE[0], "grouped": PALETTE[1]}


def theme_bars(themes: pd.DataFrame, *, style: Style = SCREEN) -> go.Figure:
    """How many comments speak of each theme (``label``, ``kind``, ``comments``), most first; the
    questionnaire's themes and the groups found in the comments as two series."""
    fig = go.Figure()
    for kind, part in themes.groupby("kind", sort=False):
        fig.add_trace(go.Bar(
            x=part["comments"], y=part["label"], orientation="h", name=t(f"charts.themes.kind.{kind}"),
            marker_color=KIND_COLOURS[kind], text=[fmt_number(n) for n in part["comments"]],
            textposition="outside", cliponaxis=False, hovertemplate="%{y} : %{x}<extra></extra>",
        ))
    fig.update_layout(title=t("charts.themes.title"), barmode="overlay")
    fig.update_xaxes(range=[0, 1.15 * max(themes["comments"].max(), 1) if len(themes) else 1])
    labels = themes["label"].tolist()
    fig.update_yaxes(autorange="reversed", type="category", categoryorder="array", categoryarray=labels)
    _wrapped_ticks("y", fig, labels, width=32)
    return apply_style(fig, style=style, height=round((150 + 34 * max(len(labels), 1)) * style.scale))
