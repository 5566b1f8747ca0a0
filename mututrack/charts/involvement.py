"""Charts of agents' involvement and of the consultation: involvement over time, rates per group,
the charter's steps and the consultation events per month."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mututrack.charts.layout import (
    _bound,
    _date_line,
    _fitted_size,
    _label_band,
    _month_axis,
    _percent_axis,
    _percent_hover,
    _side,
    _target_line,
    apply_style,
)
from mututrack.charts.style import CHARTER_COLOURS, GRAMMAR, PALETTE, SCREEN, Style
from mututrack.i18n import fmt_rate, t

__all__ = ["involvement_curve", "group_rate_bars", "charter_timeline", "events_by_month"]


def involvement_curve(curve: pd.DataFrame, projects: pd.DataFrame, *, style: Style = SCREEN) -> go.Figure:
    """Cumulative share of in-scope agents involved, one line per project, with its decision (dashed)
    and go-live (dotted) dates (``curve``: ``project_id``, ``date``, ``involvement_share``;
    ``projects``: ``project_id``, ``name``, ``decision_date``, ``go_live_date``).
    """
    fig = go.Figure()
    dates = [*curve["date"], *projects["decision_date"], *projects["go_live_date"]]
    for index, project in enumerate(projects.itertuples(index=False)):
        colour = PALETTE[index % len(PALETTE)]
        points = curve[curve["project_id"] == project.project_id]
        fig.add_trace(go.Scatter(
            x=points["date"], y=points["involvement_share"], mode="lines", line_shape="hv", name=project.name,
            line={"color": colour, "width": 3 * style.scale},
            customdata=_percent_hover(points["involvement_share"]),
            hovertemplate="%{x|%d/%m/%Y} : %{customdata}<extra>" + str(project.name) + "</extra>",
        ))
        for when, key, dash in ((project.decision_date, "decision", "dash"),
                                (project.go_live_date, "go_live", "dot")):
            if pd.notna(when):
                _date_line(fig, when, t(f"involvement.chart.{key}"), colour, style=style, dash=dash,
                           row=index, anchor=_side(when, dates))
    height = style.height(480)
    # No y-axis title: the chart's title says what is counted, and a long axis title ran into it.
    fig.update_layout(title=t("involvement.chart.curve_title"))
    _percent_axis("y", fig, top=1.02 / (1 - _label_band(len(projects), style=style, height=height)))
    _month_axis(fig, dates, style=style)
    return apply_style(fig, style=style, height=height)


def group_rate_bars(
    frame: pd.DataFrame, value: str, *, title: str, target: float | None = None, style: Style = SCREEN
) -> go.Figure:
    """Horizontal bars of a rate per group (``group_label``, ``value``, ``suppressed``), in the
    frame's order from the top; below ``target`` in the alert colour, hidden groups greyed out.
    """
    rates = frame[value].astype("float64")
    hidden = frame["suppressed"].astype(bool)
    colours = [
        GRAMMAR["masked"] if h else (GRAMMAR["bad"] if target is not None and r < target else GRAMMAR["good"])
        for r, h in zip(rates.fillna(0), hidden, strict=True)
    ]
    most = _bound(frame, value)
    labels = [t("involvement.hidden") if h else fmt_rate(r, m)
              for r, h, m in zip(rates, hidden, most, strict=True)]
    rates = rates.fillna(most)
    fig = go.Figure(go.Bar(
        x=rates.where(~hidden, 0.02), y=frame["group_label"], orientation="h", marker_color=colours,
        text=labels, textposition="outside", cliponaxis=False, customdata=labels,
        hovertemplate="%{y} : %{customdata}<extra></extra>", showlegend=False,
    ))
    if target is not None:
        _target_line(fig, target, axis="x")
    fig.update_layout(title=title)
    _percent_axis("x", fig, top=1.15)  # room for "100 %" outside its bar
    fig.update_yaxes(autorange="reversed", type="category")
    return apply_style(fig, style=style, height=round((160 + 28 * max(len(frame), 1)) * style.scale))


def charter_timeline(steps: pd.DataFrame, *, today: object, style: Style = SCREEN) -> go.Figure:
    """The charter's steps, planned (open circle) against actual (filled) date, joined by a line
    coloured on time / late / overdue / upcoming (``steps``: ``project_name``, ``step``,
    ``planned_date``, ``actual_date``, ``status``, ``status_label``); an overdue step runs to today.
    Each project's name heads its steps, one line each.
    """
    fig = go.Figure()
    keys, labels = _charter_rows(steps)
    rows = steps["project_name"].astype(str) + "|" + steps.index.astype(str)
    about = steps["step"].astype(str) + " · " + steps["project_name"].astype(str)
    now = pd.Timestamp(today)
    for status, colour in CHARTER_COLOURS.items():
        chosen = steps["status"] == status
        if chosen.any():
            _charter_status(fig, steps[chosen], rows[chosen], about[chosen], colour, style=style,
                            end=now if status == "overdue" else pd.NaT)
    # The project rows hold no point: an invisible one keeps them on the axis.
    headers = [key for key in keys if key.endswith("|")]
    fig.add_trace(go.Scatter(x=[now] * len(headers), y=headers, mode="markers", marker={"opacity": 0},
                             hoverinfo="skip", showlegend=False))
    dates = [*steps["planned_date"], *steps["actual_date"], now]
    _date_line(fig, now, t("involvement.chart.today"), "#555555", style=style, dash="dot",
               anchor=_side(now, dates))
    fig.update_layout(title=t("involvement.chart.charter_title"))
    fig.update_yaxes(autorange="reversed", type="category", categoryorder="array", categoryarray=keys,
                     tickmode="array", tickvals=keys, ticktext=labels,
                     tickfont={"size": _fitted_size(len(keys), style=style)})
    _month_axis(fig, dates, style=style, most=style.charter_months)  # the step names take half the width
    size = style.font_size
    return apply_style(fig, style=style, height=round(len(keys) * style.charter_row * size + 8 * size))


def _charter_rows(steps: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The y rows, keys and labels: each project's name in bold, then its steps. One line per row
    (a step with its project under it took two lines, which overlapped once the type grew)."""
    keys, labels = [], []
    for project, part in steps.groupby("project_name", sort=False):
        keys += [f"{project}|", *(f"{project}|{index}" for index in part.index)]
        labels += [f"<b>{project}</b>", *part["step"].astype(str)]
    return keys, labels


def _charter_status(fig: go.Figure, part: pd.DataFrame, rows: pd.Series, about: pd.Series, colour: str, *,
                    style: Style, end: object) -> None:
    """The steps of one status: planned → actual (or ``end``) segments, open and filled markers."""
    stops = pd.to_datetime(part["actual_date"]).fillna(end)
    xs, ys = [], []
    for row, start, stop in zip(rows, pd.to_datetime(part["planned_date"]), stops, strict=True):
        xs += [start, stop if pd.notna(stop) else start, None]
        ys += [row, row, None]
    name = part["status_label"].iloc[0]
    group = str(part["status"].iloc[0])
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": colour, "width": 4 * style.scale},
                             name=name, legendgroup=group, hoverinfo="skip"))
    for column, symbol, key in (("planned_date", "circle-open", "planned"),
                                ("actual_date", "circle", "actual")):
        fig.add_trace(go.Scatter(
            x=part[column], y=rows, mode="markers", legendgroup=group, showlegend=False, customdata=about,
            marker={"symbol": symbol, "size": 12 * style.scale, "color": colour,
                    "line": {"width": 2, "color": colour}},
            hovertemplate=t(f"involvement.chart.{key}") + " %{x|%d/%m/%Y}<br>%{customdata}<extra>" + name
            + "</extra>",
        ))


def events_by_month(by_month: pd.DataFrame, decisions: pd.DataFrame, *, style: Style = SCREEN) -> go.Figure:
    """Stacked bars of consultation events per month and kind (``month``, ``kind_label``,
    ``events``), with each project's decision date (``decisions``: ``name``, ``decision_date``).
    """
    totals = by_month.groupby(["month", "kind_label"], as_index=False)["events"].sum()
    fig = go.Figure()
    for index, (kind, part) in enumerate(totals.groupby("kind_label", sort=True)):
        fig.add_trace(go.Bar(x=part["month"], y=part["events"], name=kind,
                             marker_color=PALETTE[index % len(PALETTE)],
                             hovertemplate="%{x|%m/%Y} · " + str(kind) + " : %{y}<extra></extra>"))
    dates = [*totals["month"], *decisions["decision_date"]]
    for index, project in enumerate(decisions.itertuples(index=False)):
        _date_line(fig, project.decision_date, t("involvement.chart.decision_of", name=project.name),
                   "#333333", style=style, row=index, anchor=_side(project.decision_date, dates))
    height = style.height(460)
    highest = totals.groupby("month")["events"].sum().max() if len(totals) else 1
    fig.update_layout(barmode="stack", title=t("involvement.chart.events_title"),
                      yaxis_title=t("involvement.chart.events_y"))
    band = _label_band(len(decisions), style=style, height=height)
    fig.update_yaxes(range=[0, 1.05 * highest / (1 - band)])
    _month_axis(fig, dates, style=style)
    return apply_style(fig, style=style, height=height)
