"""Plotly figures from DataFrames; no streamlit here.

One colour grammar and one font scale for every chart (:mod:`mututrack.charts.style`), so that the
screen, the projector (presentation mode, larger type) and the council pack say the same thing the
same way: every chart function takes the ``style`` of its medium, :data:`SCREEN` by default,
:data:`PROJECTOR` or :data:`PRINT`. The colours are Okabe–Ito's, readable by colour-blind viewers.
"""

from __future__ import annotations

from mututrack.charts.careers import careers_bars
from mututrack.charts.involvement import charter_timeline, events_by_month, group_rate_bars, involvement_curve
from mututrack.charts.layout import (
    HALF_TITLE_WIDTH,
    MONTH_STEPS,
    NAME_ABBREVIATIONS,
    apply_style,
    narrow_title,
    with_n,
    wrap_title,
)
from mututrack.charts.network import network_graph, shared_events_heatmap
from mututrack.charts.overview import early_involvement_bars, headcount_by_kind, observatory_position
from mututrack.charts.participation import proposals_funnel, response_rate_bars
from mututrack.charts.qvt import (
    adoption_stages,
    enps_trend,
    item_diverging_bars,
    objective_clarity,
    qvt_heatmap,
    who5_poor_share,
    who5_trend,
)
from mututrack.charts.style import (
    ANSWER_SHADES,
    CHANGE_SCALE,
    CHARTER_COLOURS,
    FONT_FAMILY,
    GRAMMAR,
    PALETTE,
    PRINT,
    PROJECTOR,
    SCREEN,
    SLIDE_HEIGHT,
    SLIDE_PLOT,
    STATUS_COLOURS,
    TEXT_COLOUR,
    Style,
)
from mututrack.charts.text import chart_data, chart_sentence
from mututrack.charts.themes import theme_bars

__all__ = [
    # the look: colours, type, the medium's style (style.py)
    "GRAMMAR", "STATUS_COLOURS", "PALETTE", "CHARTER_COLOURS", "CHANGE_SCALE", "ANSWER_SHADES", "FONT_FAMILY",
    "SLIDE_HEIGHT", "SLIDE_PLOT", "Style", "SCREEN", "PROJECTOR", "PRINT", "TEXT_COLOUR",
    # the house style and shared layout (layout.py)
    "wrap_title", "narrow_title", "HALF_TITLE_WIDTH", "apply_style", "with_n", "NAME_ABBREVIATIONS",
    "MONTH_STEPS",
    # overview and observatory
    "headcount_by_kind", "early_involvement_bars", "observatory_position",
    # involvement, concertation
    "involvement_curve", "group_rate_bars", "charter_timeline", "events_by_month",
    # network
    "shared_events_heatmap", "network_graph",
    # participation, proposals
    "response_rate_bars", "proposals_funnel",
    # quality of working life, careers
    "who5_trend", "who5_poor_share", "enps_trend", "qvt_heatmap", "item_diverging_bars", "adoption_stages",
    "objective_clarity", "careers_bars",
    # comment themes (HR only)
    "theme_bars",
    # each chart's text alternative (text.py)
    "chart_data", "chart_sentence",
]
