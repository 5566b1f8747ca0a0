"""Each chart's text alternative (RGAA 4.1 criterion 1.3, WCAG 2.1 1.1.1): a sentence that says
what it shows, and its data as a table, read from the figure itself so that they can never say
something other than the chart.

Every trace becomes rows of (series, label, value): bars and lines by category or date, heatmaps
by row and column. Lines that only mark a target or a threshold, and the gaps Plotly draws between
a network's edges, are left out.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from mututrack.charts.layout import MARKUP
from mututrack.i18n import fmt_date, fmt_number, fmt_pct, t

__all__ = ["chart_data", "chart_sentence"]

COLUMNS = ["series", "label", "value", "shown"]


def _plain(text: Any) -> str:
    """Plotly's text without its markup (``<br>``, ``<sup>``), on one line."""
    return " ".join(html.unescape(MARKUP.sub(" ", str(text or ""))).split())


def _percent_axis(fig: go.Figure, trace: Any, horizontal: bool) -> bool:
    """True when the axis of the trace's values reads fractions as percentages."""
    name = (trace.xaxis if horizontal else trace.yaxis) or ("x" if horizontal else "y")
    axis = fig.layout[f"{name[0]}axis{name[1:]}"]
    ticks = axis.ticktext or ()  # the house's percent axes write their ticks with fmt_pct
    return "%" in str(axis.tickformat or "") or any("%" in str(tick) for tick in ticks)


def _label(value: Any) -> str:
    if isinstance(value, (dt.datetime, dt.date, np.datetime64, pd.Timestamp)):
        return fmt_date(pd.Timestamp(value).date())
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        return fmt_number(float(value), decimals=1 if float(value) % 1 else 0)
    return _plain(value)


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(number) else number


def _texts(text: Any, count: int) -> list[str]:
    """What the chart writes on each of ``count`` points (its direct labels), or nothing."""
    if text is None or isinstance(text, str) or len(text) != count:
        return [""] * count
    return [_plain(v) if v is not None and v == v else "" for v in text]


def _rows(fig: go.Figure, trace: Any) -> Iterator[tuple[str, str, float, str]]:
    if getattr(trace, "hoverinfo", None) == "skip":
        return  # decoration: the grey of hidden cells, a band
    name = _plain(getattr(trace, "name", "") or "")
    if trace.type == "heatmap":
        z = list(trace.z if trace.z is not None else [])
        xs, ys = list(trace.x if trace.x is not None else []), list(trace.y if trace.y is not None else [])
        texts = list(trace.text) if trace.text is not None and not isinstance(trace.text, str) else []
        for i, row in enumerate(z[: len(ys)]):
            written = _texts(texts[i] if i < len(texts) else None, len(row))
            for j, cell in enumerate(list(row)[: len(xs)]):
                number = _number(cell)
                shown = written[j] or (_label(number) if number is not None else "")
                if shown:
                    yield _plain(ys[i]), _label(xs[j]), np.nan if number is None else number, shown
        return
    if trace.type not in ("bar", "scatter"):
        return
    horizontal = getattr(trace, "orientation", None) == "h"
    labels = trace.y if horizontal else trace.x
    values = trace.x if horizontal else trace.y
    if labels is None or values is None or len(values) <= 2 and not name:
        return  # a reference line (a target, a threshold) or an empty trace
    percent = _percent_axis(fig, trace, horizontal)
    written = _texts(trace.text, len(values))
    for label, value, text in zip(labels, values, written, strict=False):
        number = _number(value)
        if label is not None and number is not None:
            yield name, _label(label), number, text or (fmt_pct(number) if percent else _label(number))


def chart_data(fig: go.Figure) -> pd.DataFrame:
    """The figure's data, one row per value: ``series`` and ``label`` as text, ``value`` as the chart
    holds it and ``shown`` as the chart writes it (a share as a percentage)."""
    return pd.DataFrame([row for trace in fig.data for row in _rows(fig, trace)], columns=COLUMNS)


def chart_sentence(fig: go.Figure, table: pd.DataFrame | None = None) -> str:
    """One sentence: the chart's title, how many values it shows and, for one series, its highest
    and lowest value."""
    table = chart_data(fig) if table is None else table
    title = _plain(fig.layout.title.text) or t("charts.text.untitled")
    if table.empty:
        return t("charts.text.empty", title=title)
    numbers = table.dropna(subset=["value"])
    if table["series"].nunique() > 1 or numbers.empty:
        return t("charts.text.series", title=title, count=len(table), series=table["series"].nunique())
    high, low = numbers.loc[numbers["value"].idxmax()], numbers.loc[numbers["value"].idxmin()]
    return t(
        "charts.text.one_series",
        title=title,
        count=len(table),
        high=f"{high['label']} ({high['shown']})",
        low=f"{low['label']} ({low['shown']})",
    )
