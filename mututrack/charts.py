"""Plotly figures from DataFrames; no streamlit here.

One palette and one font scale for every chart, so that the projector (presentation mode, larger
type) changes them together. The palette is Okabe–Ito, readable by colour-blind viewers.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from mututrack.i18n import fmt_number, fmt_pct, t

__all__ = ["PALETTE", "STATUS_COLOURS", "FONT_FAMILY", "apply_style", "headcount_by_kind", "early_involvement_bars"]
__all__ += [  # involvement, concertation, network, participation, proposals
    "involvement_curve", "group_rate_bars", "charter_timeline", "events_by_month", "shared_events_heatmap",
    "network_graph", "response_rate_bars", "proposals_funnel",
]

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
STATUS_COLOURS = {"good": "#009E73", "warning": "#E69F00", "bad": "#D55E00", "neutral": "#8C8C8C", "hidden": "#D9D9D9"}
FONT_FAMILY = "DejaVu Sans, Arial, Helvetica, sans-serif"  # ships with Debian; no web font download
FONT_SIZES = {"normal": 14, "large": 24}


def wrap_title(text: str, *, width: int = 70) -> str:
    """A long title broken into lines of at most ``width`` characters (plotly never wraps by itself)."""
    if not text or "<br>" in text or len(text) <= width:
        return text
    return "<br>".join(textwrap.wrap(text, width=width))


def apply_style(fig: go.Figure, *, large: bool = False, height: int | None = None) -> go.Figure:
    """The house style: palette, font, white background, legend under the plot; ``large`` for projection."""
    size = FONT_SIZES["large" if large else "normal"]
    title = wrap_title(fig.layout.title.text or "", width=55 if large else 80)
    fig.update_layout(
        colorway=PALETTE,
        font={"family": FONT_FAMILY, "size": size, "color": "#1A1A1A"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 10, "r": 10, "t": (40 + 30 * (title.count("<br>") + 1)) if title else 20, "b": 10},
        # Under the plot: a legend on top collides with the title once it wraps to two lines.
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0, "xanchor": "left"},
        title={"text": title, "x": 0, "xanchor": "left"},
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


# -- Involvement, concertation, network, survey participation, proposals ----------------------
CHARTER_COLOURS = {
    "on_time": STATUS_COLOURS["good"],
    "late": STATUS_COLOURS["warning"],
    "overdue": STATUS_COLOURS["bad"],
    "upcoming": STATUS_COLOURS["neutral"],
}


def _date_line(fig: go.Figure, when: object, text: str, colour: str, *, dash: str = "dash", row: int = 0) -> None:
    """A vertical line at a date with its label on top (add_vline's own annotation fails on dates)."""
    fig.add_shape(type="line", x0=when, x1=when, y0=0, y1=1, xref="x", yref="paper",
                  line={"color": colour, "dash": dash, "width": 1.5})
    fig.add_annotation(x=when, y=1 - 0.07 * row, xref="x", yref="paper", text=text, showarrow=False,
                       xanchor="left", yanchor="top", font={"color": colour, "size": 12}, bgcolor="rgba(255,255,255,0.8)")


def involvement_curve(curve: pd.DataFrame, projects: pd.DataFrame, *, large: bool = False) -> go.Figure:
    """Cumulative share of in-scope agents involved, one line per project, with its decision (dashed)
    and go-live (dotted) dates (``curve``: ``project_id``, ``date``, ``involvement_share``;
    ``projects``: ``project_id``, ``name``, ``decision_date``, ``go_live_date``).
    """
    fig = go.Figure()
    for index, project in enumerate(projects.itertuples(index=False)):
        colour = PALETTE[index % len(PALETTE)]
        points = curve[curve["project_id"] == project.project_id]
        fig.add_trace(go.Scatter(
            x=points["date"], y=points["involvement_share"], mode="lines", line_shape="hv", name=project.name,
            line={"color": colour, "width": 3},
            hovertemplate="%{x|%d/%m/%Y} : %{y:.0%}<extra>" + str(project.name) + "</extra>",
        ))
        _date_line(fig, project.decision_date, t("involvement.chart.decision"), colour, row=index)
        if pd.notna(project.go_live_date):
            _date_line(fig, project.go_live_date, t("involvement.chart.go_live"), colour, dash="dot", row=index)
    fig.update_layout(title=t("involvement.chart.curve_title"), yaxis_title=t("involvement.chart.curve_y"))
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%")
    return apply_style(fig, large=large, height=460)


def group_rate_bars(
    frame: pd.DataFrame, value: str, *, title: str, target: float | None = None, large: bool = False
) -> go.Figure:
    """Horizontal bars of a rate per group (``group_label``, ``value``, ``suppressed``), in the
    frame's order from the top; below ``target`` in the alert colour, hidden groups greyed out.
    """
    rates = frame[value].astype("float64")
    hidden = frame["suppressed"].astype(bool)
    colours = [
        STATUS_COLOURS["hidden"] if h else (STATUS_COLOURS["bad"] if target is not None and r < target else PALETTE[0])
        for r, h in zip(rates.fillna(0), hidden, strict=True)
    ]
    fig = go.Figure(go.Bar(
        x=rates.where(~hidden, 0.02), y=frame["group_label"], orientation="h", marker_color=colours,
        text=[t("involvement.hidden") if h else fmt_pct(r) for r, h in zip(rates, hidden, strict=True)],
        textposition="outside", cliponaxis=False, hovertemplate="%{y}<extra></extra>",
    ))
    if target is not None:
        fig.add_vline(x=target, line_dash="dash", line_color="#555555",
                      annotation_text=t("charts.early.target", target=fmt_pct(target)))
    fig.update_layout(title=title, showlegend=False)
    fig.update_xaxes(range=[0, 1.05], tickformat=".0%")
    fig.update_yaxes(autorange="reversed", type="category")
    return apply_style(fig, large=large, height=140 + 28 * max(len(frame), 1))


def charter_timeline(steps: pd.DataFrame, *, today: object, large: bool = False) -> go.Figure:
    """The charter's steps, planned (open circle) against actual (filled) date, joined by a line
    coloured on time / late / overdue / upcoming (``steps``: ``project_name``, ``step``,
    ``planned_date``, ``actual_date``, ``status``, ``status_label``); an overdue step runs to today.
    """
    fig = go.Figure()
    labels = steps["project_name"].astype(str) + " · " + steps["step"].astype(str)
    now = pd.Timestamp(today)
    for status, colour in CHARTER_COLOURS.items():
        rows = steps["status"] == status
        if not rows.any():
            continue
        part, y = steps[rows], labels[rows]
        end = pd.to_datetime(part["actual_date"]).fillna(now if status == "overdue" else pd.NaT)
        xs, ys = [], []
        for label, start, stop in zip(y, pd.to_datetime(part["planned_date"]), end, strict=True):
            xs += [start, stop if pd.notna(stop) else start, None]
            ys += [label, label, None]
        name = part["status_label"].iloc[0]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": colour, "width": 4}, name=name,
                                 legendgroup=status, hoverinfo="skip"))
        fig.add_trace(go.Scatter(
            x=part["planned_date"], y=y, mode="markers", legendgroup=status, showlegend=False,
            marker={"symbol": "circle-open", "size": 12, "color": colour, "line": {"width": 2}},
            hovertemplate=t("involvement.chart.planned") + " %{x|%d/%m/%Y}<extra>" + name + "</extra>",
        ))
        fig.add_trace(go.Scatter(
            x=part["actual_date"], y=y, mode="markers", legendgroup=status, showlegend=False,
            marker={"symbol": "circle", "size": 12, "color": colour},
            hovertemplate=t("involvement.chart.actual") + " %{x|%d/%m/%Y}<extra>" + name + "</extra>",
        ))
    _date_line(fig, now, t("involvement.chart.today"), "#555555", dash="dot")
    fig.update_layout(title=t("involvement.chart.charter_title"))
    fig.update_yaxes(autorange="reversed", type="category", categoryorder="array", categoryarray=labels.unique())
    return apply_style(fig, large=large, height=160 + 32 * max(len(steps), 1))


def events_by_month(by_month: pd.DataFrame, decisions: pd.DataFrame, *, large: bool = False) -> go.Figure:
    """Stacked bars of consultation events per month and kind (``month``, ``kind_label``,
    ``events``), with each project's decision date (``decisions``: ``name``, ``decision_date``).
    """
    totals = by_month.groupby(["month", "kind_label"], as_index=False)["events"].sum()
    fig = go.Figure()
    for index, (kind, part) in enumerate(totals.groupby("kind_label", sort=True)):
        fig.add_trace(go.Bar(x=part["month"], y=part["events"], name=kind, marker_color=PALETTE[index % len(PALETTE)]))
    for index, project in enumerate(decisions.itertuples(index=False)):
        _date_line(fig, project.decision_date, t("involvement.chart.decision_of", name=project.name), "#333333", row=index)
    fig.update_layout(barmode="stack", title=t("involvement.chart.events_title"), yaxis_title=t("involvement.chart.events_y"))
    fig.update_xaxes(dtick="M1", tickformat="%m/%Y")
    return apply_style(fig, large=large, height=440)


def shared_events_heatmap(matrix: pd.DataFrame, order: list[str], *, large: bool = False) -> go.Figure:
    """Entity × entity heatmap of shared events (``name_a``, ``name_b``, ``shared_events``) in ``order``."""
    present = [name for name in order if name in set(matrix["name_a"])]
    grid = matrix.pivot_table(index="name_a", columns="name_b", values="shared_events", aggfunc="sum")
    grid = grid.reindex(index=present, columns=present)
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(dtype="float64"), x=present, y=present, colorscale="Blues", hoverongaps=False,
        colorbar={"title": t("involvement.chart.heatmap_scale")},
        hovertemplate="%{y} × %{x} : %{z}<extra></extra>",
    ))
    fig.update_layout(title=t("involvement.chart.heatmap_title"))
    fig.update_yaxes(autorange="reversed")
    return apply_style(fig, large=large, height=220 + 22 * max(len(present), 1))


def network_graph(nodes: pd.DataFrame, matrix: pd.DataFrame, *, large: bool = False) -> go.Figure:
    """The entities as a network (EPCI in the centre, communes on a circle by size), edges as wide
    as the events they shared (``nodes``: ``entity_id``, ``name``, ``kind``, ``agents_present``,
    ``suppressed``; ``matrix``: ``entity_a``, ``entity_b``, ``shared_events``).
    """
    positions = _circular_layout(nodes)
    edges = matrix[(matrix["entity_a"] < matrix["entity_b"]) & matrix["entity_a"].isin(positions.index)
                   & matrix["entity_b"].isin(positions.index)]
    fig = go.Figure()
    if not edges.empty:
        # Four widths, by the share of the busiest link: equal counts always get equal widths.
        widths = np.ceil(4 * edges["shared_events"] / edges["shared_events"].max()).astype(int)
        for bucket, part in edges.groupby(widths):
            xs, ys = [], []
            for a, b in zip(part["entity_a"], part["entity_b"], strict=True):
                xs += [positions.at[a, "x"], positions.at[b, "x"], None]
                ys += [positions.at[a, "y"], positions.at[b, "y"], None]
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                                     line={"width": 1.5 * bucket, "color": "rgba(0,114,178,0.35)"}))
    counts = nodes.set_index("entity_id")["agents_present"].astype("float64").reindex(positions.index)
    sizes = 10 + 30 * (counts / max(counts.max(), 1)) ** 0.5
    colours = [PALETTE[1] if kind == "epci" else PALETTE[0] for kind in positions["kind"]]
    hover = [f"{name} : {t('involvement.hidden') if pd.isna(c) else fmt_number(c)} {t('involvement.chart.agents_present')}"
             for name, c in zip(positions["name"], counts, strict=True)]
    fig.add_trace(go.Scatter(
        x=positions["x"], y=positions["y"], mode="markers+text", text=positions["name"], textposition="top center",
        marker={"size": sizes.fillna(10), "color": colours, "line": {"width": 1, "color": "white"}},
        hovertext=hover, hoverinfo="text", showlegend=False,
    ))
    fig.update_layout(title=t("involvement.chart.network_title"))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x")
    return apply_style(fig, large=large, height=620)


def _circular_layout(nodes: pd.DataFrame) -> pd.DataFrame:
    """``x``, ``y`` per entity: EPCIs near the centre, the others on the unit circle, largest first."""
    ordered = nodes.sort_values("population", ascending=False, na_position="last").set_index("entity_id")
    centre = ordered[ordered["kind"] == "epci"]
    ring = ordered[ordered["kind"] != "epci"]
    angles = np.linspace(0, 2 * np.pi, num=max(len(ring), 1), endpoint=False)[: len(ring)] + np.pi / 2
    inner = np.linspace(0, 2 * np.pi, num=max(len(centre), 1), endpoint=False)[: len(centre)]
    radius = 0.0 if len(centre) == 1 else 0.25
    return pd.concat([
        centre[["name", "kind"]].assign(x=radius * np.cos(inner), y=radius * np.sin(inner)),
        ring[["name", "kind"]].assign(x=np.cos(angles), y=np.sin(angles)),
    ])


def response_rate_bars(waves: pd.DataFrame, *, target: float, large: bool = False) -> go.Figure:
    """Response rate per wave (``wave``, ``response_rate``, ``open``) with the target line; the
    open wave in a lighter shade.
    """
    rates = waves["response_rate"].astype("float64")
    colours = [PALETTE[5] if is_open else (STATUS_COLOURS["bad"] if r < target else PALETTE[0])
               for r, is_open in zip(rates.fillna(0), waves["open"], strict=True)]
    fig = go.Figure(go.Bar(x=waves["wave"], y=rates, marker_color=colours, text=[fmt_pct(r) for r in rates],
                           textposition="auto", hovertemplate="%{x} : %{y:.0%}<extra></extra>"))
    fig.add_hline(y=target, line_dash="dash", line_color="#555555",
                  annotation_text=t("charts.early.target", target=fmt_pct(target)))
    fig.update_layout(title=t("involvement.chart.waves_title"), showlegend=False)
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%")
    fig.update_xaxes(type="category")
    return apply_style(fig, large=large, height=380)


def proposals_funnel(funnel: pd.DataFrame, *, large: bool = False) -> go.Figure:
    """The proposals that reached each stage (``stage_label``, ``proposals``), as a funnel."""
    fig = go.Figure(go.Funnel(y=funnel["stage_label"], x=funnel["proposals"], textinfo="value+percent initial",
                              marker={"color": PALETTE[: len(funnel)]}))
    fig.update_layout(title=t("involvement.chart.funnel_title"))
    return apply_style(fig, large=large, height=380)
